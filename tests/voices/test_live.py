"""Live voices mode: enrolled partners are told apart frame by frame, through the Attributor protocol."""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.audio.frames import FRAME_SAMPLES, Frame
from facilitator.config import VadSettings
from facilitator.errors import FacilitatorError
from facilitator.listening.diarize import widen
from facilitator.listening.speakers import Activity
from facilitator.listening.vad import Vad
from facilitator.listening.voiceprint_live import VoiceAttributor, enroll
from facilitator.sim.mixer import Mix
from facilitator.sim.voices import PARTNERS, Renderer

from .conftest import STEP_S, solo_accuracy


def attribute(attributor: VoiceAttributor, audio: np.ndarray) -> list[tuple[float, Activity]]:
    """Every frame's activity, each with the time (end of the frame pushed) it was handed out."""
    vad = Vad(VadSettings(), 1)
    decided = []
    for i in range(len(audio) // FRAME_SAMPLES):
        frame = Frame(
            i * FRAME_SAMPLES / 16000, audio[None, i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
        )
        decided += [(frame.end, a) for a in attributor.push(frame, vad.process(frame))]
    return decided + [(len(audio) / 16000, a) for a in attributor.flush()]


@pytest.fixture(scope="module")
def run(conversation: Mix, enrollments, encoder):
    prints = {who: enroll(audio, encoder) for who, audio in enrollments.items()}
    audio = conversation.mono
    pushed = [i * FRAME_SAMPLES / 16000 for i in range(len(audio) // FRAME_SAMPLES)]
    return pushed, attribute(VoiceAttributor(prints, encoder), audio)


def test_one_decision_per_frame_in_order(run) -> None:
    pushed, decided = run
    assert [a.t for _, a in decided] == pushed
    assert all(len(a.speaking) == 2 for _, a in decided)


def test_enrolled_partners_are_told_apart(conversation: Mix, run) -> None:
    _, decided = run
    steps = int(np.ceil(len(conversation.mono) / 16000 / STEP_S))
    said = {who: np.zeros(steps, bool) for who in ("A", "B")}
    per = round(FRAME_SAMPLES / 16000 / STEP_S)
    for _, a in decided:
        for who, flag in zip(("A", "B"), a.speaking, strict=True):
            said[who][round(a.t / STEP_S) : round(a.t / STEP_S) + per] = flag
    said = {who: widen(grid) for who, grid in said.items()}
    assert solo_accuracy(conversation.truth, said, {"A": "A", "B": "B"}) >= 0.9


def test_decisions_come_soon_after_the_audio(run) -> None:
    _, decided = run
    lag = np.array([at - a.t for at, a in decided])
    assert np.percentile(lag, 95) < 1.0


@pytest.mark.parametrize(
    ("backchannel", "words"),
    [("Yeah.", "I feel lonely when you are on your phone."), ("Mm-hm.", "just the two of us.")],
)
@pytest.mark.parametrize("who", ["A", "B"])
def test_a_backchannel_does_not_carry_the_speakers_next_words_to_the_listener(
    renderer: Renderer, enrollments, encoder, who: str, backchannel: str, words: str
) -> None:
    """The listener's "Yeah." in the speaker's pause, the speaker going on at once: one stretch of
    voice that changes speaker. Less than the interruption minimum (0.5 s) of the speaker's words may
    go to the listener, or every such backchannel would be flagged as an interruption."""
    other = "B" if who == "A" else "A"
    prints = {p: enroll(audio, encoder) for p, audio in enrollments.items()}
    back = renderer.render(backchannel, PARTNERS[other])
    said = renderer.render(words, PARTNERS[who])
    lead, gap = np.zeros(8000, np.float32), np.zeros(1600, np.float32)
    audio = np.concatenate([lead, back, gap, said, np.zeros(16000, np.float32)])
    audio += np.random.default_rng(1).normal(0, 1e-3, len(audio)).astype(np.float32)
    start = (len(lead) + len(back) + len(gap)) / 16000
    end = start + len(said) / 16000
    frames = [a for _, a in attribute(VoiceAttributor(prints, encoder), audio)]
    listener = "AB".index(other)
    taken = sum(a.speaking[listener] for a in frames if start <= a.t < end) * FRAME_SAMPLES / 16000
    assert taken < 0.5
    assert any(a.speaking[listener] for a in frames if a.t < start)  # the backchannel is heard


def test_too_little_enrollment_speech_and_a_missing_partner_are_refused(encoder) -> None:
    with pytest.raises(FacilitatorError, match="speak a little longer"):
        enroll(np.zeros(16000 * 5, np.float32), encoder)
    with pytest.raises(FacilitatorError, match="partner B"):
        VoiceAttributor({"A": np.ones(192) / np.sqrt(192)}, encoder)
