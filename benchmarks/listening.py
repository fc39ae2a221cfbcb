"""Figures for the ears: attribution, overlaps, word error rate, transcript latency, real-speech VAD.

    .venv/bin/python benchmarks/listening.py                # everything (several minutes on 2 cores)
    .venv/bin/python benchmarks/listening.py --only latency # one part: channels, latency, window, ami

channels: simulated two-person conversations (facilitator.sim: two piper voices, one mic each with the
    other partner's bleed, pink noise, mild reverb) through the Listener in channels mode. Scored in
    10-ms steps against the dry clips' ground truth: share of speech time given to the right partner,
    overlaps of at least interruptions.min_s found (precision/recall, matched by time and by who
    started), backchannels wrongly reported, and word error rate of the turns against the script.
latency: the work left when a turn ends (end-of-turn detected → final transcript) for short answers
    and 10/20/40-s messages, with and without partial transcription and the shortened encoder window,
    plus the word error rate of each variant. The end-of-turn silence itself (turns.end_of_turn_s or
    short_answer_end_s) is part of the first figure and the same for every variant.
window: word error rate and time of single sentences by encoder window and clip length.
ami: real meeting speech (shared/data/ami): speech time found by VAD + segmenter against the RTTM;
    then two excerpts as the two mics of channels mode (each leaking into the other), scored the same.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from faster_whisper import decode_audio

from facilitator import config as config_module
from facilitator.audio.frames import SAMPLE_RATE, Frame
from facilitator.audio.sources import ArraySource, FileSource
from facilitator.config import Config
from facilitator.dialogue.events import Utterance
from facilitator.listening.channels import ChannelAttributor
from facilitator.listening.listener import Listener, listen
from facilitator.listening.speakers import Activity
from facilitator.listening.summary import Summary, summarize
from facilitator.listening.transcriber import Transcriber
from facilitator.listening.vad import Voicing
from facilitator.models import load_whisper
from facilitator.sim import bank
from facilitator.sim.conversations import generate
from facilitator.sim.mixer import Mix, Room, mix
from facilitator.sim.truth import GroundTruth
from facilitator.sim.voices import PARTNER_A, PARTNERS, Renderer
from facilitator.text import word_error_rate, words

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

AMI = Path("/work/shared/data/ami")
SIM_CACHE = Path.home() / ".cache" / "facilitator" / "sim"
"""Rendered lines of the simulated partners, kept between runs."""
STEP = 0.01
"""Scoring resolution (s)."""


def mask(spans: Sequence[tuple[float, float]], duration: float) -> np.ndarray:
    """Which STEP-long steps of [0, duration) the spans cover."""
    out = np.zeros(int(duration / STEP) + 1, dtype=bool)
    for start, end in spans:
        out[round(start / STEP) : round(end / STEP)] = True
    return out


# ---- channels mode on simulated conversations ---------------------------------------------------


def conversation(seed: int, minutes: float, renderer: Renderer) -> Mix:
    placements = generate(renderer, minutes * 60, seed)
    return mix(placements, Room(snr_db=30.0, reverb_s=0.25, bleed_db=-12.0, seed=seed))


def run_listener(config: Config, audio: np.ndarray, transcriber: Transcriber | None) -> Summary:
    listener = Listener(config, ChannelAttributor(config.speakers, 2), 2, transcriber)
    events = list(listen(ArraySource(audio), listener))
    return summarize(events, ("A", "B"), audio.shape[1] / SAMPLE_RATE, config.interruptions.min_s)


class Overlapping(Protocol):
    """A real (facilitator.sim.truth.Overlap) or a found (OverlapSpan) overlap."""

    start: float
    end: float
    by: str

    @property
    def duration(self) -> float: ...


def _meets(a: Overlapping, b: Overlapping) -> bool:
    return a.start < b.end and b.start < a.end


def score_overlaps(
    real: Sequence[Overlapping], found: Sequence[Overlapping], min_s: float, collar: float
) -> tuple[int, int, int, int, int]:
    """(real, found, found that match a real one, real ones found, backchannels reported).

    Real overlaps of at least `min_s` should be found, with the same partner starting over the
    other; shorter ones (backchannels) should not. Within `collar` of `min_s` either is fine: the
    measured stretches and the truth differ by a frame or two at each edge.
    """
    wanted = [o for o in real if o.duration >= min_s + collar]
    either = [o for o in real if abs(o.duration - min_s) < collar]
    unwanted = [o for o in real if o.duration < min_s - collar]
    counted = [o for o in found if not any(_meets(o, e) for e in either)]
    hits = [o for o in counted if any(r.by == o.by and _meets(r, o) for r in wanted)]
    caught = [r for r in wanted if any(r.by == o.by and _meets(r, o) for o in found)]
    backchannels = [o for o in counted if o not in hits and any(_meets(o, u) for u in unwanted)]
    return len(wanted), len(counted), len(hits), len(caught), len(backchannels)


def score_channels(
    config: Config,
    transcriber: Transcriber,
    renderer: Renderer,
    seeds: Sequence[int],
    minutes: float,
) -> None:

    print(
        f"\n## channels mode: {len(seeds)} conversations of {minutes:g} min, bleed -12 dB, "
        "SNR 30 dB, RT60 0.25 s"
    )
    header = (
        "seed",
        "speech s",
        "right %",
        "wrong %",
        "missed %",
        "false alarm s",
        "overlaps ≥ min",
        "found",
        "right ones",
        "backch. reported",
        "WER",
        "x realtime",
    )
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    min_s = config.interruptions.min_s
    totals = np.zeros(3)
    overlap_totals = {0.0: np.zeros(5), 0.1: np.zeros(5)}
    for seed in seeds:
        mixed = conversation(seed, minutes, renderer)
        truth = mixed.truth
        started = time.perf_counter()
        summary = run_listener(config, mixed.mics, transcriber)
        elapsed = time.perf_counter() - started
        duration = truth.duration
        real = {s: mask(truth.speech(s), duration) for s in ("A", "B")}
        found = {s: mask(summary.stretches[s], duration) for s in ("A", "B")}
        # Attribution: steps where exactly one partner really speaks.
        single = real["A"] ^ real["B"]
        right = np.sum(
            single & np.where(real["A"], found["A"] & ~found["B"], found["B"] & ~found["A"])
        )
        wrong = np.sum(single & np.where(real["A"], found["B"], found["A"]))
        missed = np.sum(single & ~found["A"] & ~found["B"])
        alarm = np.sum(~real["A"] & ~real["B"] & (found["A"] | found["B"])) * STEP
        for collar, sums in overlap_totals.items():
            sums += score_overlaps(truth.overlaps, summary.overlaps, min_s, collar)
        n_real, n_found, n_hits, _, n_bc = score_overlaps(
            truth.overlaps, summary.overlaps, min_s, 0.0
        )
        row = (
            seed,
            f"{np.sum(single) * STEP:.0f}",
            pct(right, np.sum(single)),
            pct(wrong, np.sum(single)),
            pct(missed, np.sum(single)),
            f"{alarm:.1f}",
            n_real,
            n_found,
            n_hits,
            n_bc,
            f"{conversation_wer(truth, summary.utterances):.3f}",
            f"{duration / elapsed:.1f}",
        )
        print("| " + " | ".join(str(x) for x in row) + " |")
        totals += (np.sum(single), right, wrong)
    single, right, wrong = totals
    print(
        f"\nall: right {pct(right, single)} % of single-speaker speech time "
        f"({pct(right, right + wrong)} % of the time attributed at all)"
    )
    for collar, (n_real, n_found, n_hits, n_caught, n_bc) in overlap_totals.items():
        print(
            f"overlaps ≥ {min_s:g} s{f' (±{collar:g} s either way)' if collar else ' (strict)'}: "
            f"{int(n_real)} real, {int(n_found)} found, precision {n_hits / max(n_found, 1):.2f}, "
            f"recall {n_caught / max(n_real, 1):.2f}; backchannels reported: {int(n_bc)}"
        )


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def conversation_wer(truth: GroundTruth, utterances: Sequence[Utterance]) -> float:
    """WER of everything each partner said (turns, interruptions, backchannels), in order."""
    errors = total = 0.0
    for speaker in ("A", "B"):
        said = [u.text for u in truth.utterances if u.speaker == speaker]
        heard = [u.text for u in utterances if u.speaker == speaker]
        reference = " ".join(said)
        n = len(words(reference))
        errors += word_error_rate(reference, " ".join(heard)) * n
        total += n
    return errors / total if total else 0.0


# ---- latency -------------------------------------------------------------------------------------


class OnePerson:
    """Attribution for one person alone on channel 0: they speak whenever it is voiced."""

    speakers = ("A",)

    def channel_for(self, speaker: str) -> int | None:
        return 0

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        return [Activity(frame.t, (voicing.voiced[0],))]

    def flush(self) -> list[Activity]:
        return []


class Worker:
    """A single transcription worker on the session clock.

    Each job runs at once (so results are exact) and its measured duration is booked on a simulated
    worker that starts it when it is both submitted and free, which is what the live ThreadRunner does
    while frames keep coming in real time. `ready` is when the last job booked so far finishes.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self.ready = 0.0

    def submit(self, fn: Callable[..., str], /, *args: object) -> Future[str]:
        started = time.perf_counter()
        future: Future[str] = Future()
        future.set_result(fn(*args))
        self.ready = max(self.ready, self.now) + time.perf_counter() - started
        return future

    def close(self) -> None:
        return None


def timed_listen(
    config: Config, audio: np.ndarray, transcriber: Transcriber, mode: str
) -> tuple[float, float, str]:
    """For one spoken turn: (end of speech → final transcript, end of turn → final transcript, text)."""
    worker = Worker()
    listener = Listener(config, OnePerson(), 1, transcriber, worker)
    listener.set_turn_mode("A", mode)
    for frame in ArraySource(audio):
        worker.now = frame.end
        for event in listener.push(frame):
            if isinstance(event, Utterance):
                ready = max(worker.ready, frame.end)
                return ready - event.end, ready - frame.end, event.text
    raise AssertionError("the turn never ended")


def message(renderer: Renderer, seconds: float, seed: int) -> tuple[np.ndarray, str]:
    """About `seconds` of one voice reading sentences, with a 0.5–0.8 s pause between them."""
    rng = random.Random(seed)
    pieces: list[str | float] = []
    length = 0.0
    sentences = list(bank.SENTENCES if seconds > 3 else bank.SHORT_REPLIES)
    rng.shuffle(sentences)
    for sentence in sentences:
        audio = renderer.render(sentence, PARTNER_A)
        if pieces and length + len(audio) / SAMPLE_RATE > seconds * 1.1:
            continue
        if pieces:
            pause = rng.uniform(0.5, 0.8)
            pieces.append(pause)
            length += pause
        pieces.append(sentence)
        length += len(audio) / SAMPLE_RATE
        if length >= seconds * 0.9:
            break
    audio = renderer.render(pieces, PARTNER_A)
    silence = np.zeros(SAMPLE_RATE, dtype=np.float32)
    text = " ".join(p for p in pieces if isinstance(p, str))
    return np.concatenate([silence, audio, silence, silence, silence]), text


def score_latency(
    config: Config,
    transcriber_for: Callable[[Config], Transcriber],
    renderer: Renderer,
    repeats: int,
) -> None:

    lengths = (1.5, 10.0, 20.0, 40.0)
    variants = {
        "whole turn, 30-s window": (0.0, 0.0),
        "whole turn, short window": (0.0, config.transcriber.short_window_s or 10.0),
        "partial, 30-s window": (config.transcriber.partial_after_s or 4.0, 0.0),
        "partial, short window": (
            config.transcriber.partial_after_s or 4.0,
            config.transcriber.short_window_s or 10.0,
        ),
    }
    print(
        f"\n## end of speech → final transcript, median s / of which after the end-of-turn "
        f"silence (WER); {repeats} messages each; short answers in short mode "
        f"({config.turns.short_answer_end_s} s), messages in long mode ({config.turns.end_of_turn_s} s)"
    )
    print("| variant | " + " | ".join(f"{n:g} s" for n in lengths) + " |")
    print("|---|" + "---|" * len(lengths))
    clips = {n: [message(renderer, n, seed) for seed in range(repeats)] for n in lengths}
    for name, (partial, window) in variants.items():
        cfg = config.replace("transcriber", partial_after_s=partial, short_window_s=window)
        transcriber = transcriber_for(cfg)
        cells = []
        for n in lengths:
            mode = "short" if n < 3 else "long"
            results = [timed_listen(cfg, audio, transcriber, mode) for audio, _ in clips[n]]
            errors = sum(
                word_error_rate(text, heard) * len(words(text))
                for (_, text), (_, _, heard) in zip(clips[n], results, strict=True)
            )
            total = sum(len(words(text)) for _, text in clips[n])
            total_s = statistics.median(r[0] for r in results)
            after_s = statistics.median(r[1] for r in results)
            cells.append(f"{total_s:.2f} / {after_s:.2f} ({errors / total:.3f})")
        print(f"| {name} | " + " | ".join(cells) + " |")


class FixedWindow(Transcriber):
    """A transcriber that encodes every clip in the same window, to compare windows."""

    def __init__(self, model: WhisperModel, config: Config, window: int) -> None:
        super().__init__(model, config.transcriber)
        self.fixed = window

    def window_s(self, duration: float) -> int:
        return self.fixed


def score_windows(config: Config, model: WhisperModel, renderer: Renderer) -> None:
    """WER and time of single sentences and short replies, per clip length, by encoder window."""

    pad = np.zeros(int(0.3 * SAMPLE_RATE), dtype=np.float32)
    clips = [
        (text, np.concatenate([pad, renderer.render(text, PARTNERS["AB"[i % 2]]), pad]))
        for i, text in enumerate(bank.SENTENCES + bank.SHORT_REPLIES)
    ]
    bands = ((0.0, 2.5), (2.5, 4.0), (4.0, 30.0))
    print(
        "\n## encoder window: WER / median seconds per clip, by clip length (both partner voices)"
    )
    print(
        "| window | "
        + " | ".join(
            f"{lo:g}–{hi:g} s (n={sum(lo <= len(a) / SAMPLE_RATE < hi for _, a in clips)})"
            for lo, hi in bands
        )
        + " |\n|---|---|---|---|"
    )
    for window in (30, 10, 15):
        transcriber = FixedWindow(model, config, window)
        cells = []
        for lo, hi in bands:
            band = [(t, a) for t, a in clips if lo <= len(a) / SAMPLE_RATE < hi]
            errors, times = 0.0, []
            for text, audio in band:
                started = time.perf_counter()
                heard = transcriber.text(audio)
                times.append(time.perf_counter() - started)
                errors += word_error_rate(text, heard) * len(words(text))
            total = sum(len(words(t)) for t, _ in band)
            cells.append(f"{errors / total:.3f} / {statistics.median(times):.2f}")
        print(f"| {window} s | " + " | ".join(cells) + " |")


# ---- real speech: AMI ---------------------------------------------------------------------------


def rttm_speech(file_id: str) -> list[tuple[float, float]]:
    spans = []
    for line in (AMI / "trn.rttm").read_text().splitlines():
        fields = line.split()
        if len(fields) > 4 and fields[1] == file_id:
            start = float(fields[3])
            spans.append((start, start + float(fields[4])))
    return spans


def score_ami(config: Config) -> None:
    print(
        f"\n## real speech (AMI excerpts): VAD + segmenter speech time against trn.rttm "
        f"(webrtcvad mode {config.vad.aggressiveness})"
    )
    print("| file | speech s | found s | precision | recall |\n|---|---|---|---|---|")
    sums = np.zeros(3)
    for path in sorted(AMI.glob("trn*.wav")):
        listener = Listener(config, OnePerson(), 1, None)
        events = list(listen(FileSource(path), listener))
        summary = summarize(events, ("A",), 30.0, config.interruptions.min_s)
        duration = 30.0
        real = mask(rttm_speech(path.stem), duration)
        found = mask(summary.stretches["A"], duration)
        both = np.sum(real & found)
        sums += (np.sum(real), np.sum(found), both)
        print(
            f"| {path.stem} | {np.sum(real) * STEP:.1f} | {np.sum(found) * STEP:.1f} | "
            f"{both / max(np.sum(found), 1):.2f} | {both / max(np.sum(real), 1):.2f} |"
        )
    real_n, found_n, both = sums
    print(
        f"| all | {real_n * STEP:.1f} | {found_n * STEP:.1f} | {both / found_n:.2f} | "
        f"{both / real_n:.2f} |"
    )


def score_ami_two_mics(config: Config) -> None:
    """Two real recordings as two partners' mics: X on mic A, then Y on mic B starting as X ends
    (the last 2 s overlap), each mic leaking into the other 12 dB down, faint noise (-80 dBFS) where a mic has no file."""
    pairs = (("trn09", "trn05"), ("trn03", "trn06"), ("trn04", "trn08"), ("trn06", "trn07"))
    print(
        "\n## real speech on two mics (channels mode): AMI excerpt X on mic A, then Y on mic B "
        "(2 s overlap), -12 dB bleed; speech time against the RTTMs"
    )
    print("| A, B | speech s | right % | wrong % | missed % |\n|---|---|---|---|---|")
    shift = 28.0
    for x, y in pairs:
        a, b = (decode_audio(str(AMI / f"{name}.wav")) for name in (x, y))
        n = round(shift * SAMPLE_RATE) + len(b)
        dry = np.zeros((2, n), dtype=np.float32)
        dry[0, : len(a)] = a
        dry[1, n - len(b) :] = b
        noise = np.random.default_rng(0).normal(0, 1e-4, dry.shape)
        mics = dry + 10 ** (-12 / 20) * dry[::-1] + noise
        summary = run_listener(config, mics.astype(np.float32), None)
        duration = n / SAMPLE_RATE
        later = [(start + shift, end + shift) for start, end in rttm_speech(y)]
        real = {"A": mask(rttm_speech(x), duration), "B": mask(later, duration)}
        found = {s: mask(summary.stretches[s], duration) for s in "AB"}
        single = real["A"] ^ real["B"]
        right = np.where(real["A"], found["A"] & ~found["B"], found["B"] & ~found["A"])
        wrong = np.where(real["A"], found["B"], found["A"])
        missed = ~found["A"] & ~found["B"]
        total = np.sum(single)
        print(
            f"| {x}, {y} | {total * STEP:.1f} | {pct(np.sum(single & right), total)} | "
            f"{pct(np.sum(single & wrong), total)} | {pct(np.sum(single & missed), total)} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("channels", "latency", "window", "ami"))
    parser.add_argument("--seeds", type=int, default=3, help="simulated conversations")
    parser.add_argument("--minutes", type=float, default=3.0, help="length of each")
    parser.add_argument("--repeats", type=int, default=5, help="messages per latency cell")
    args = parser.parse_args(argv)
    config = config_module.load(use_user_file=False)
    model = load_whisper(config.transcriber)
    renderer = Renderer.load(cache_dir=SIM_CACHE)

    def transcriber_for(cfg: Config) -> Transcriber:
        return Transcriber(model, cfg.transcriber)

    print(
        f"settings: vad {dataclasses.asdict(config.vad)}, speakers margin "
        f"{config.speakers.margin_db} dB, transcriber partial_after_s "
        f"{config.transcriber.partial_after_s}, short_window_s {config.transcriber.short_window_s}"
    )
    if args.only in (None, "ami"):
        score_ami(config)
        score_ami_two_mics(config)
    if args.only in (None, "channels"):
        score_channels(
            config, transcriber_for(config), renderer, range(1, args.seeds + 1), args.minutes
        )
    if args.only in (None, "latency"):
        score_latency(config, transcriber_for, renderer, args.repeats)
    if args.only in (None, "window"):
        score_windows(config, model, renderer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
