"""The Listener with the real VAD and the real tiny.en model: frames in, the engine's events out."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

import numpy as np
import pytest

from facilitator import config as config_module
from facilitator.audio.frames import FRAME_S, FRAME_SAMPLES, SAMPLE_RATE, Frame
from facilitator.audio.sources import ArraySource
from facilitator.config import Config
from facilitator.dialogue.events import Overlap, SpeechStarted, SpeechStopped, Utterance
from facilitator.errors import FacilitatorError
from facilitator.listening.channels import ChannelAttributor
from facilitator.listening.listener import Listener
from facilitator.listening.transcriber import Transcriber
from facilitator.listening.vad import Voicing
from facilitator.listening.work import InlineRunner, ThreadRunner
from facilitator.sim.voices import FACILITATOR, Renderer
from facilitator.text import word_error_rate, words

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

Say = Callable[[str], np.ndarray]
"""Speech for a text at 16 kHz."""

MESSAGE = (
    "When you came home late on Tuesday without calling, I felt invisible.",
    "I kept looking at my phone and wondering where you were.",
)
ANSWER = "Yes, you got it."
BLEED = 10 ** (-12 / 20)


@pytest.fixture(scope="module")
def config() -> Config:
    return config_module.load(use_user_file=False)


@pytest.fixture(scope="module")
def transcriber(whisper: WhisperModel, config: Config) -> Transcriber:
    return Transcriber(whisper, config.transcriber)


@pytest.fixture(scope="module")
def say() -> Say:
    """Speech for a text in the facilitator's voice, rendered without piper's random noise so every
    run hears the same audio."""
    renderer = Renderer.load()
    return lambda text: renderer.render(text, FACILITATOR)


def room(
    seconds: float,
    a: list[tuple[float, np.ndarray]],
    b: list[tuple[float, np.ndarray]],
    noise: float = 0.001,
) -> np.ndarray:
    """Two mics, each hearing its partner and the other 12 dB down, with a little noise."""
    n = int(seconds * SAMPLE_RATE)
    dry = np.zeros((2, n), dtype=np.float32)
    for row, clips in enumerate((a, b)):
        for at, clip in clips:
            start = int(at * SAMPLE_RATE)
            dry[row, start : start + len(clip)] += clip[: n - start]
    rng = np.random.default_rng(0)
    mics = dry + BLEED * dry[::-1] + rng.normal(0, noise, (2, n))
    return mics.astype(np.float32)


def run(listener: Listener, audio: np.ndarray) -> list[tuple[float, object]]:
    """Every event with the time of the frame whose push returned it."""
    out = []
    frame_end = 0.0
    for frame in ArraySource(audio):
        frame_end = frame.end
        out += [(frame_end, e) for e in listener.push(frame)]
    return out + [(frame_end, e) for e in listener.flush()]


def listener_for(config: Config, transcriber: Transcriber | None, **runner: object) -> Listener:
    return Listener(config, ChannelAttributor(config.speakers, 2), 2, transcriber, **runner)


def test_transcriber_short_and_full_windows(
    transcriber: Transcriber, config: Config, say: Say
) -> None:
    answer = say(ANSWER)
    assert transcriber.window_s(len(answer) / SAMPLE_RATE) == 10
    assert transcriber.window_s(2.5) == 10
    assert transcriber.window_s(5.0) == 30, "longer clips keep Whisper's own window"
    full = Transcriber(
        transcriber.model, config.replace("transcriber", short_window_s=0).transcriber
    )
    assert full.window_s(1.0) == 30
    for t in (transcriber, full):
        assert words(t.text(answer)) == ["yes", "you", "got", "it"]
    assert transcriber.model.feature_extractor.nb_max_frames == 3000, "the model must not change"


def test_a_yes_the_short_window_calls_silence_is_heard_in_the_full_one(
    transcriber: Transcriber,
) -> None:
    """A real case from a simulated session: a 0.8 s "Yes." whose short-window decoding scores as no
    speech; dropping it stalled the dialogue until the silence check-in."""
    from pathlib import Path

    from faster_whisper import decode_audio

    clip = decode_audio(str(Path(__file__).parent / "data" / "yes-short-window.wav"))
    assert transcriber.window_s(len(clip) / SAMPLE_RATE) < 30
    assert transcriber._decode(clip, transcriber.window_s(len(clip) / SAMPLE_RATE)) == ""
    assert words(transcriber.text(clip))[:1] == ["yes"]


def test_noise_and_silence_give_no_words(transcriber: Transcriber) -> None:
    rng = np.random.default_rng(3)
    assert transcriber.text(np.zeros(SAMPLE_RATE, dtype=np.float32)) == ""
    assert transcriber.text(rng.normal(0, 0.003, 2 * SAMPLE_RATE).astype(np.float32)) == ""


def test_two_partners_each_on_their_own_mic(
    config: Config, transcriber: Transcriber, say: Say
) -> None:
    message = np.concatenate([say(MESSAGE[0]), np.zeros(int(0.8 * SAMPLE_RATE)), say(MESSAGE[1])])
    answer_at = 1.0 + len(message) / SAMPLE_RATE + 1.5
    audio = room(answer_at + 4, [(1.0, message)], [(answer_at, say(ANSWER))])
    events = [e for _, e in run(listener_for(config, transcriber), audio)]
    utterances = [e for e in events if isinstance(e, Utterance)]
    assert [u.speaker for u in utterances] == ["A", "B"]
    assert word_error_rate(" ".join(MESSAGE), utterances[0].text) < 0.15
    assert words(utterances[1].text) == ["yes", "you", "got", "it"]
    assert utterances[0].start == pytest.approx(1.0, abs=0.15)
    assert utterances[1].start == pytest.approx(answer_at, abs=0.15)
    b_starts = [e.t for e in events if isinstance(e, SpeechStarted) and e.speaker == "B"]
    assert all(t >= answer_at - 0.15 for t in b_starts), "A's voice leaking into B's mic is not B"
    starts = sum(isinstance(e, SpeechStarted) for e in events)
    assert starts == sum(isinstance(e, SpeechStopped) for e in events)
    assert not any(isinstance(e, Overlap) for e in events)


def test_talking_over_is_an_overlap_and_a_backchannel_is_not(config: Config, say: Say) -> None:
    # B first answers alone (as partners do at the start of any session), which is how channels
    # mode learns how much of each voice reaches the other microphone.
    message = say(" ".join(MESSAGE))
    backchannel = say("Yeah.")[: int(0.3 * SAMPLE_RATE)]
    interruption = say("That is not what happened at all.")
    audio = room(
        14, [(3.0, message)], [(0.5, say(ANSWER)), (5.0, backchannel), (8.0, interruption)]
    )
    events = [e for _, e in run(listener_for(config, None), audio)]
    overlaps = [e for e in events if isinstance(e, Overlap)]
    assert len(overlaps) == 1
    assert (overlaps[0].by, overlaps[0].over) == ("B", "A")
    assert overlaps[0].t == pytest.approx(8.0, abs=0.2)


@pytest.mark.parametrize(("mode", "wait"), [("short", 0.7), ("long", 1.8)])
def test_a_short_answer_ends_sooner_in_short_mode(
    config: Config,
    transcriber: Transcriber,
    say: Say,
    mode: str,
    wait: float,
) -> None:
    audio = room(5, [], [(0.5, say(ANSWER))])
    listener = listener_for(config, transcriber)
    listener.set_turn_mode("B", mode)
    timed = [(at, e) for at, e in run(listener, audio) if isinstance(e, Utterance)]
    assert len(timed) == 1
    at, utterance = timed[0]
    assert at - utterance.end == pytest.approx(wait, abs=FRAME_S + 1e-6)


def test_the_gate_hears_nothing_while_a_prompt_plays(config: Config, say: Say) -> None:
    answer = say(ANSWER)
    audio = room(8, [(0.5, answer), (4.5, answer)], [])
    listener = listener_for(config, None)
    listener.gate_until(3.0)
    starts = [e for _, e in run(listener, audio) if isinstance(e, SpeechStarted)]
    assert starts and all(e.t >= 4.3 for e in starts)


class _Recording(InlineRunner):
    """Runs jobs at once, noting how much audio each one got."""

    def __init__(self) -> None:
        self.lengths: list[float] = []

    def submit(self, fn: Callable[..., str], /, *args: np.ndarray) -> Future[str]:
        self.lengths.append(len(args[0]) / SAMPLE_RATE)
        return super().submit(fn, *args)


def test_long_turns_are_transcribed_piece_by_piece_while_the_person_talks(
    config: Config,
    transcriber: Transcriber,
    say: Say,
) -> None:
    pause = np.zeros(int(0.6 * SAMPLE_RATE), dtype=np.float32)
    first, second = say(MESSAGE[0]), say(MESSAGE[1])
    message = np.concatenate([first, pause, second, pause, say("Yes.")])
    cfg = config.replace("transcriber", partial_after_s=2.0)
    runner = _Recording()
    listener = Listener(cfg, ChannelAttributor(cfg.speakers, 2), 2, transcriber, runner)
    end_of_speech = 0.5 + len(message) / SAMPLE_RATE
    submitted_during_speech = []
    events = []
    for frame in ArraySource(room(end_of_speech + 3, [(0.5, message)], [])):
        before = len(runner.lengths)
        events += listener.push(frame)
        if len(runner.lengths) > before and frame.t < end_of_speech:
            submitted_during_speech.append(frame.t)
    utterances = [e for e in events + listener.flush() if isinstance(e, Utterance)]
    assert submitted_during_speech, "a finished piece is sent off before the person stops"
    assert len(utterances) == 1
    assert word_error_rate(" ".join([*MESSAGE, "Yes."]), utterances[0].text) < 0.15
    assert runner.lengths[-1] > 2.0, "the short last word is transcribed with the piece before it"


def test_a_worker_thread_gives_the_same_transcripts(
    config: Config,
    transcriber: Transcriber,
    say: Say,
) -> None:
    audio = room(9, [(0.5, say(MESSAGE[0]))], [(6.0, say(ANSWER))])
    inline = [e for _, e in run(listener_for(config, transcriber), audio)]
    threaded_listener = listener_for(config, transcriber, runner=ThreadRunner())
    threaded = [e for _, e in run(threaded_listener, audio)]
    threaded_listener.close()
    assert sorted(map(repr, threaded)) == sorted(map(repr, inline))


def test_channels_mode_needs_a_channel_for_each_partner(config: Config) -> None:
    with pytest.raises(FacilitatorError, match="needs channel 2"):
        ChannelAttributor(config.speakers, 1)
    same = config.replace("speakers", channel_b=1).speakers
    with pytest.raises(FacilitatorError, match="same channel"):
        ChannelAttributor(same, 2)


@pytest.mark.parametrize("bleed_db", [-8.0, -12.0, -20.0])
def test_half_a_second_of_one_partner_alone_teaches_the_bleed(
    config: Config, bleed_db: float
) -> None:
    """Talking over each other in the first seconds is judged on the bleed learned so far, so the
    first clear frames must already give a fair estimate, whatever the room's real bleed is."""
    attributor = ChannelAttributor(config.speakers, 2)
    silent = np.zeros((2, FRAME_SAMPLES), np.float32)
    for i in range(round(0.5 / FRAME_S)):
        level = -20.0 + 3 * np.sin(i)  # a voice's level moves from syllable to syllable
        voicing = Voicing(i * FRAME_S, (True, True), (level, level + bleed_db), (-70.0, -70.0))
        attributor.push(Frame(i * FRAME_S, silent), voicing)
    assert attributor.bleed_db[0] == pytest.approx(bleed_db, abs=1.0)
