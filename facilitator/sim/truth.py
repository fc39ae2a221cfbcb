"""What really happened in a simulated conversation: who made sound when, who talked over whom.

The truth is measured on each dry clip (before mixing, noise and reverb), not taken from where the clip
was placed: piper leaves silence around and inside its lines, and a turn holds thinking pauses, so a
placement interval would claim speech where there is none. A VAD or a segmenter scored against these
intervals is scored against the samples a person would hear as speech.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE

if TYPE_CHECKING:
    from facilitator.sim.mixer import Placement

FRAME_S = 0.01
"""Resolution of the truth: speech is measured in 10-ms frames."""
THRESHOLD_DB = -40.0
"""A frame is voiced when its RMS is within this much of the clip's loudest frame."""
MIN_PAUSE_S = 0.3
"""Silences shorter than this (stop consonants, breaths between words) stay inside one interval."""

Interval = tuple[float, float]

_PAIR = re.compile(r"\[\s+(-?[\d.e-]+),\s+(-?[\d.e-]+)\s+\]")


def voiced_intervals(audio: np.ndarray, rate: int = SAMPLE_RATE) -> list[Interval]:
    """Where a clean clip has audible sound, in seconds from its first sample.

    Runs of voiced frames closer than MIN_PAUSE_S are joined, so the result splits a line at real
    pauses only. Silence (or an empty clip) gives no interval.
    """
    hop = round(FRAME_S * rate)
    frames = len(audio) // hop
    if frames == 0:
        return []
    rms = np.sqrt(
        np.mean(np.square(audio[: frames * hop].reshape(frames, hop), dtype=np.float64), 1)
    )
    if rms.max() <= 0:
        return []
    voiced = np.flatnonzero(rms >= rms.max() * 10 ** (THRESHOLD_DB / 20))
    breaks = np.flatnonzero(np.diff(voiced) > round(MIN_PAUSE_S / FRAME_S))
    firsts = np.concatenate([[voiced[0]], voiced[breaks + 1]])
    lasts = np.concatenate([voiced[breaks], [voiced[-1]]])
    return [
        (float(f * hop / rate), float((last + 1) * hop / rate))
        for f, last in zip(firsts, lasts, strict=True)
    ]


@dataclass(frozen=True)
class UtteranceTruth:
    """One placed line: its words, where its clip was put, and where in it there was sound."""

    index: int
    speaker: str
    kind: str
    text: str
    placed_at: float
    speech: tuple[Interval, ...]

    @property
    def start(self) -> float:
        """The first voiced moment (not the placement time)."""
        return self.speech[0][0]

    @property
    def end(self) -> float:
        return self.speech[-1][1]


@dataclass(frozen=True)
class Overlap:
    """Two people making sound at once: `by` started while `over` was already speaking."""

    by: str
    over: str
    start: float
    end: float
    by_utterance: int
    over_utterance: int

    @property
    def duration(self) -> float:
        return self.end - self.start


def _round(t: float) -> float:
    return round(t, 3)


@dataclass(frozen=True)
class GroundTruth:
    """The answer key of a simulated conversation, as plain data that survives JSON."""

    duration: float
    utterances: tuple[UtteranceTruth, ...]
    overlaps: tuple[Overlap, ...]

    @property
    def speakers(self) -> list[str]:
        return sorted({u.speaker for u in self.utterances})

    def speech(self, speaker: str) -> list[Interval]:
        """All the moments `speaker` made sound, merged across their utterances, in time order."""
        spans = sorted(s for u in self.utterances if u.speaker == speaker for s in u.speech)
        merged: list[Interval] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "duration": self.duration,
            "speech": {s: [list(span) for span in self.speech(s)] for s in self.speakers},
            "utterances": [
                {
                    "index": u.index,
                    "speaker": u.speaker,
                    "kind": u.kind,
                    "text": u.text,
                    "placed_at": u.placed_at,
                    "start": u.start,
                    "end": u.end,
                    "speech": [list(span) for span in u.speech],
                }
                for u in self.utterances
            ],
            "overlaps": [
                {
                    "by": o.by,
                    "over": o.over,
                    "start": o.start,
                    "end": o.end,
                    "duration": _round(o.duration),
                    "by_utterance": o.by_utterance,
                    "over_utterance": o.over_utterance,
                }
                for o in self.overlaps
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroundTruth:
        """Read back what `to_dict` wrote (derived fields such as `speech` are recomputed)."""
        utterances = tuple(
            UtteranceTruth(
                u["index"],
                u["speaker"],
                u["kind"],
                u["text"],
                u["placed_at"],
                tuple((a, b) for a, b in u["speech"]),
            )
            for u in data["utterances"]
        )
        overlaps = tuple(
            Overlap(
                o["by"], o["over"], o["start"], o["end"], o["by_utterance"], o["over_utterance"]
            )
            for o in data["overlaps"]
        )
        return cls(data["duration"], utterances, overlaps)

    def to_json(self, **extra: Any) -> str:
        """`to_dict` (plus `extra` keys) as JSON, one interval per line so it reads well in a diff."""
        text = json.dumps(self.to_dict() | extra, indent=1)
        return _PAIR.sub(r"[\1, \2]", text) + "\n"

    def rttm(self, file_id: str) -> str:
        """The speech intervals in NIST RTTM, the format diarization scorers read."""
        turns = sorted((a, b, s) for s in self.speakers for a, b in self.speech(s))
        return "".join(
            f"SPEAKER {file_id} 1 {a:.3f} {b - a:.3f} <NA> <NA> {s} <NA> <NA>\n"
            for a, b, s in turns
        )


def find_overlaps(utterances: Sequence[UtteranceTruth]) -> list[Overlap]:
    """Every stretch where two different speakers' voiced intervals intersect, in time order.

    Whoever's interval began later is the one who started over the other; on a tie, the later
    placement.
    """
    spans = sorted(
        ((a, b, u.index, u.speaker) for u in utterances for a, b in u.speech),
        key=lambda x: (x[0], x[2]),
    )
    found = []
    for i, (_, b0, u0, s0) in enumerate(spans):
        for a1, b1, u1, s1 in spans[i + 1 :]:
            if a1 >= b0:
                break
            if s1 != s0:
                found.append(Overlap(s1, s0, a1, min(b0, b1), u1, u0))
    return sorted(found, key=lambda o: (o.start, o.by_utterance))


def ground_truth(placements: Sequence[Placement], duration: float) -> GroundTruth:
    """The truth of a timeline of clips, measured on each clip's own samples (to the millisecond)."""
    utterances = []
    for i, p in enumerate(placements):
        speech = tuple(
            (_round(p.start + a), _round(p.start + b)) for a, b in voiced_intervals(p.audio)
        )
        if not speech:
            raise ValueError(f"clip {i} ({p.speaker}: {p.text!r}) is silent")
        utterances.append(UtteranceTruth(i, p.speaker, p.kind, p.text, _round(p.start), speech))
    return GroundTruth(_round(duration), tuple(utterances), tuple(find_overlaps(utterances)))
