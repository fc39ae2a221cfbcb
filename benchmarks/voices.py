"""How well `voices` mode tells two voices apart on one microphone: accuracy per method and file, CPU cost.

    .venv/bin/python benchmarks/voices.py                       # the AMI excerpts in shared/data/ami
    .venv/bin/python benchmarks/make_conversations.py --minutes 3 --count 3 --out /tmp/convs
    .venv/bin/python benchmarks/voices.py /tmp/convs            # plus synthetic conversations

A folder is scored when it holds RTTM files (`trn.rttm`, or NAME.rttm per recording) beside the audio
(ID.wav or ID_mono.wav). "scored s" is the time scored for the first offline method. Per recording, the two speakers with most speech are "the partners"; the
score is the share of the time where exactly one of them speaks, and nobody else, that got exactly
that partner, under the better of the two label mappings. Time the VAD missed counts as wrong.

Methods: `campp` and `lstm` are the shipped voiceprint encoders in the whole offline pipeline
(`facilitator.listening.diarize`: windows plus the segmentation model's local speakers);
`campp-win` is CAM++ on the windows alone (no local speakers); `mfcc` is the baseline (mean and
spread of 20 MFCCs per window, standardised over the recording) on the windows alone. All of them
use the segmentation model for overlaps. `enrolled` runs the live attributor
(`voiceprint_live`) over the recording, enrolled on the first 8 s of each partner's single-speaker
time (so it is scored on the rest; a recording with less than 2 s of either partner alone gets "-"),
with the VAD's gaps inside words bridged as the turn segmenter does; its latency is the time from a
change of speaker to the attributor handing out the new speaker. CPU is process time per second of
audio on the threads set by OMP_NUM_THREADS: "voiceprint" for the encoder alone, "all" for the whole
pipeline (VAD, voiceprints, grouping and the overlap model; for `enrolled`, the attributor). Overlaps: stretches of ≥ MIN_OVERLAP_S where two or more
speakers talk, found (recall) and true (precision), counted per stretch.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from facilitator.errors import FacilitatorError
from facilitator.listening import diarize as dz
from facilitator.listening.diarize_segmentation import Segmenter
from facilitator.listening.voiceprint import CamppEncoder, Encoder, LstmEncoder
from facilitator.listening.voiceprint_features import SAMPLE_RATE, kaldi_fbank

AMI = Path(__file__).resolve().parents[2] / "shared" / "data" / "ami"
STEP = dz.STEP_S
Vectors = Callable[[np.ndarray, np.ndarray, int], np.ndarray]
"""Makes one vector per window: (audio, window starts on the STEP grid, window length in steps)."""


@dataclass
class Recording:
    name: str
    audio: np.ndarray
    speech: dict[str, np.ndarray]
    """Per speaker, a bool per STEP."""

    @property
    def partners(self) -> list[str]:
        return sorted(self.speech, key=lambda s: -self.speech[s].sum())[:2]

    def solo(self, speaker: str) -> np.ndarray:
        others = [m for s, m in self.speech.items() if s != speaker]
        return self.speech[speaker] & ~np.any(others, axis=0) if others else self.speech[speaker]


def load(folder: Path) -> list[Recording]:
    from faster_whisper import decode_audio

    rows: dict[str, list[tuple[str, float, float]]] = {}
    for rttm in sorted(folder.glob("*.rttm")):
        for line in rttm.read_text().splitlines():
            p = line.split()
            if p and p[0] == "SPEAKER":
                rows.setdefault(p[1], []).append((p[7], float(p[3]), float(p[3]) + float(p[4])))
    out = []
    for name, segments in sorted(rows.items()):
        wav = next(f for f in (folder / f"{name}.wav", folder / f"{name}_mono.wav") if f.exists())
        audio = decode_audio(str(wav))
        steps = int(np.ceil(len(audio) / SAMPLE_RATE / STEP))
        speech: dict[str, np.ndarray] = {}
        for who, start, end in segments:
            speech.setdefault(who, np.zeros(steps, bool))[
                round(start / STEP) : round(end / STEP)
            ] = True
        out.append(Recording(name, audio, speech))
    return out


def accuracy(
    rec: Recording, said: dict[str, np.ndarray], scored: np.ndarray, fixed: bool = False
) -> tuple[float, float]:
    """(share right, seconds scored) over the partners' single-speaker time within `scored`.

    `fixed`: the first partner must be "A" (enrolled first); otherwise the better mapping counts.
    """
    partners = rec.partners
    if len(partners) < 2:
        return float("nan"), 0.0
    masks = [rec.solo(p) & scored for p in partners]
    none = np.zeros(len(scored), bool)
    a, b = (said.get(k, none) for k in ("A", "B"))
    right = max(
        sum(int((m & x & ~y).sum()) for m, x, y in zip(masks, order, order[::-1], strict=True))
        for order in (((a, b),) if fixed else ((a, b), (b, a)))
    )
    total = sum(int(m.sum()) for m in masks)
    return right / max(total, 1), total * STEP


def overlap_counts(rec: Recording, said: dict[str, np.ndarray]) -> tuple[int, int, int, int]:
    """(true stretches, of them found, said stretches, of them true), stretches ≥ MIN_OVERLAP_S."""
    n = min(len(next(iter(rec.speech.values()))), len(next(iter(said.values()))))
    truth = np.sum([m[:n] for m in rec.speech.values()], axis=0) >= 2
    both = said.get("A", np.zeros(n, bool))[:n] & said.get("B", np.zeros(n, bool))[:n]
    least = round(dz.MIN_OVERLAP_S / STEP)
    real = [(s, e) for s, e in dz.runs(truth) if e - s >= least]
    found = [(s, e) for s, e in dz.runs(both) if e - s >= least]
    return (
        len(real),
        sum(bool(both[s:e].any()) for s, e in real),
        len(found),
        sum(bool(truth[s:e].any()) for s, e in found),
    )


def to_grid(segments: list[tuple[float, float, str]], steps: int) -> dict[str, np.ndarray]:
    said: dict[str, np.ndarray] = {}
    for start, end, who in segments:
        said.setdefault(who, np.zeros(steps, bool))[round(start / STEP) : round(end / STEP)] = True
    return said


def mfcc_vectors(audio: np.ndarray, starts: np.ndarray, window: int) -> np.ndarray:
    """The baseline: mean and spread of MFCCs 1–20 per window, standardised over the recording."""
    samples = int(STEP * SAMPLE_RATE)
    dct = np.cos(np.pi / 80 * (np.arange(80) + 0.5)[None, :] * np.arange(1, 21)[:, None])
    rows = []
    for s in starts:
        clip = audio[s * samples : (s + window) * samples]
        logmel = kaldi_fbank(clip) + np.log(np.mean(clip**2) + 1e-10)
        mfcc = logmel @ dct.T
        rows.append(np.concatenate([mfcc.mean(0), mfcc.std(0)]))
    v = np.array(rows)
    v = (v - v.mean(0)) / (v.std(0) + 1e-9)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def offline(rec: Recording, vectors_of: Vectors, local_encoder: Encoder | None) -> dict:
    """The offline pipeline with a given way of making window vectors (and, if `local_encoder` is
    given, the segmentation model's local speakers voiceprinted by it); segments and CPU seconds."""
    t0 = time.process_time()
    grid = dz.voiced_input(rec.audio, None, dz.VadSettings())
    window, hop = round(dz.WINDOW_S / STEP), round(dz.HOP_S / STEP)
    starts = dz.window_starts(grid, window, hop)
    t1 = time.process_time()
    vectors = vectors_of(rec.audio, starts, window)
    embed = time.process_time() - t1
    local: list[dz.LocalVoice] = []
    chunks = Segmenter().chunks(rec.audio, dz.CHUNK_STEP_S)
    if local_encoder is not None:
        t2 = time.process_time()
        local = dz.local_voices(rec.audio, chunks, local_encoder, len(grid))
        embed += time.process_time() - t2
    labels, voices = dz.attribute(vectors, starts, window, grid, local)
    both = dz.overlap_grid(chunks, len(grid)) if voices == 2 else np.zeros(len(grid), bool)
    return {
        "segments": dz._segments(labels, both),
        "voiced": grid,
        "voices": voices,
        "embed_cpu": embed,
        "total_cpu": time.process_time() - t0,
    }


def encoder_vectors(encoder: Encoder) -> Vectors:
    return lambda audio, starts, window: dz.embed_windows(audio, starts, window, encoder)


def enrolled(rec: Recording, encoder, enroll_s: float = 8.0) -> dict:
    """The live attributor over the recording, enrolled on each partner's first `enroll_s` alone."""
    from facilitator.audio.frames import FRAME_SAMPLES, Frame
    from facilitator.listening.vad import Vad
    from facilitator.listening.voiceprint_live import VoiceAttributor, enroll

    samples = int(STEP * SAMPLE_RATE)
    used = np.zeros(len(next(iter(rec.speech.values()))), bool)
    prints = {}
    if len(rec.partners) < 2:
        raise FacilitatorError("one speaker only")
    for label, partner in zip("AB", rec.partners, strict=True):
        solo, taken = rec.solo(partner), 0
        for start, end in dz.runs(solo):
            if taken >= enroll_s / STEP:
                break
            if end - start >= 0.5 / STEP:
                used[start:end] = True
                taken += end - start
        mask = np.repeat(used & solo, samples)[: len(rec.audio)]
        prints[label] = enroll(rec.audio[: len(mask)][mask], encoder)
    t0 = time.process_time()
    attributor = VoiceAttributor(prints, encoder)
    vad = Vad(dz.VadSettings(), 1)
    activities = []
    for i in range(len(rec.audio) // FRAME_SAMPLES):
        frame = Frame(
            i * FRAME_SAMPLES / SAMPLE_RATE,
            rec.audio[None, i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES],
        )
        activities += [(frame.end, a) for a in attributor.push(frame, vad.process(frame))]
    activities += [(len(rec.audio) / SAMPLE_RATE, a) for a in attributor.flush()]
    cpu = time.process_time() - t0
    steps, per = len(used), FRAME_SAMPLES // samples
    said = {k: np.zeros(steps, bool) for k in "AB"}
    emitted = np.full(steps, np.inf)
    for at, act in activities:
        first = round(act.t / STEP)
        emitted[first : first + per] = at
        for k, flag in zip("AB", act.speaking, strict=True):
            said[k][first : first + per] = flag
    # The turn segmenter bridges the VAD's gaps inside words (end_ms); score attribution the same way.
    widened = {k: dz.widen(v) for k, v in said.items()}
    return {
        "said": widened,
        "scored": ~used,
        "embed_cpu": cpu,
        "latency": switch_latency(rec, said, emitted),
    }


def switch_latency(rec: Recording, said: dict[str, np.ndarray], emitted: np.ndarray) -> list[float]:
    """Seconds from each change of speaker (a solo stretch ≥ 1.5 s after the other's) until the
    attributor has reported the new speaker (the time it handed out that decision, not the time of
    the frame it was about)."""
    out = []
    labels = dict(zip(rec.partners, "AB", strict=True))
    for partner, label in labels.items():
        other = next(p for p in rec.partners if p != partner)
        before = rec.solo(other)
        for start, end in dz.runs(rec.solo(partner)):
            if (
                end - start < 1.5 / STEP
                or not before[max(0, start - round(1.0 / STEP)) : start].any()
            ):
                continue
            hit = np.flatnonzero(said[label][start:end])
            out.append(emitted[start + hit[0]] - start * STEP if len(hit) else (end - start) * STEP)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders with RTTM + audio")
    parser.add_argument("--no-ami", action="store_true", help="skip the AMI excerpts")
    parser.add_argument("--methods", default="campp,campp-win,lstm,mfcc,enrolled")
    args = parser.parse_args(argv)
    folders = ([] if args.no_ami else [AMI]) + list(args.folders)
    camp, lstm = CamppEncoder(), LstmEncoder()
    methods: dict[str, tuple[Vectors, Encoder | None]] = {
        "campp": (encoder_vectors(camp), camp),
        "campp-win": (encoder_vectors(camp), None),
        "lstm": (encoder_vectors(lstm), lstm),
        "mfcc": (mfcc_vectors, None),
    }
    chosen = args.methods.split(",")
    print(f"threads: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    header = f"{'recording':<18}{'scored s':>9}" + "".join(f"{m:>10}" for m in chosen)
    for folder in folders:
        print(f"\n{folder}\n{header}   voices found / overlaps found, true")
        totals = {m: [0.0, 0.0, 0.0, 0.0] for m in chosen}
        ov = np.zeros(4, int)
        latencies: list[float] = []
        for rec in load(folder):
            cells, extra = [], ""
            shown = 0.0
            for m in chosen:
                if m == "enrolled":
                    try:
                        result = enrolled(rec, camp)
                    except FacilitatorError:  # too little single-speaker time to enroll on
                        cells.append(f"{'-':>10}")
                        continue
                    said = result["said"]
                    acc, scored = accuracy(rec, said, result["scored"], fixed=True)
                    latencies += result["latency"]
                else:
                    result = offline(rec, *methods[m])
                    said = to_grid(result["segments"], len(result["voiced"]))
                    acc, scored = accuracy(rec, said, np.ones(len(result["voiced"]), bool))
                totals[m][0] += acc * scored if scored else 0.0
                totals[m][1] += scored
                seconds = len(rec.audio) / SAMPLE_RATE
                totals[m][2] += result["embed_cpu"] / seconds
                totals[m][3] += result.get("total_cpu", result["embed_cpu"]) / seconds
                cells.append(f"{acc:>10.3f}")
                if m == next((c for c in chosen if c != "enrolled"), None):
                    shown = scored
                    counts = overlap_counts(rec, said)
                    ov += counts
                    extra = (
                        f"   {result['voices']} / {counts[1]}/{counts[0]}, {counts[3]}/{counts[2]}"
                    )
            print(f"{rec.name:<18}{shown:>9.1f}" + "".join(cells) + extra, flush=True)
        recordings = len(load(folder))
        print(
            f"{'time-weighted':<27}"
            + "".join(f"{t[0] / max(t[1], 1e-9):>10.3f}" for t in totals.values())
        )
        print(
            f"{'voiceprint ms per s audio':<27}"
            + "".join(f"{1000 * t[2] / max(1, recordings):>10.1f}" for t in totals.values())
        )
        print(
            f"{'all ms per s audio':<27}"
            + "".join(f"{1000 * t[3] / max(1, recordings):>10.1f}" for t in totals.values())
        )
        if latencies:
            lat = np.array(latencies)
            print(
                f"enrolled: speaker change detected after median {np.median(lat):.2f} s, "
                f"90th percentile {np.percentile(lat, 90):.2f} s ({len(lat)} changes)"
            )
        if ov[0] or ov[2]:
            print(
                f"overlaps ≥ {dz.MIN_OVERLAP_S} s: recall {ov[1]}/{ov[0]}, precision {ov[3]}/{ov[2]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
