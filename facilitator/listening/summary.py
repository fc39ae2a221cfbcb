"""What a recording held: who spoke when and what, talk time, and who started talking over whom.

Built from the Listener's events only, so it describes a recording exactly as a live session would
have heard it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from facilitator.dialogue.events import Event, SpeechStarted, SpeechStopped, Utterance
from facilitator.listening.overlaps import OverlapSpan, find_overlaps


@dataclass(frozen=True)
class Summary:
    duration: float
    speakers: tuple[str, ...]
    utterances: list[Utterance]
    stretches: dict[str, list[tuple[float, float]]]
    """Each partner's stretches of speech (pauses excluded)."""
    overlaps: list[OverlapSpan]

    @property
    def talk_time(self) -> dict[str, float]:
        return {s: sum(end - start for start, end in self.stretches[s]) for s in self.speakers}

    def to_json(self) -> dict[str, Any]:
        """The analysis as plain JSON data; times in seconds, rounded to milliseconds."""
        return {
            "duration": _s(self.duration),
            "speakers": list(self.speakers),
            "segments": [
                {"speaker": u.speaker, "start": _s(u.start), "end": _s(u.end), "text": u.text}
                for u in self.utterances
            ],
            "overlaps": [
                {"start": _s(o.start), "end": _s(o.end), "by": o.by, "over": o.over}
                for o in self.overlaps
            ],
            "talk_time": {s: _s(t) for s, t in self.talk_time.items()},
            "speech": {s: [[_s(a), _s(b)] for a, b in self.stretches[s]] for s in self.speakers},
        }

    def transcript(self) -> str:
        """The analysis as text a person reads: the conversation, then talk time and overlaps."""
        lines = [f"{clock(u.start)}–{clock(u.end)}  {u.speaker}: {u.text}" for u in self.utterances]
        if not lines:
            lines = ["(no speech found)"]
        lines += ["", f"Length {clock(self.duration)}. Talk time:"]
        for speaker, seconds in self.talk_time.items():
            share = 100 * seconds / self.duration if self.duration else 0.0
            lines.append(f"  {speaker}  {seconds:6.1f} s  ({share:.0f}% of the recording)")
        if self.overlaps:
            lines.append("Overlaps (both speaking):")
            lines += [
                f"  {clock(o.start)}  {o.by} started over {o.over} for {o.duration:.1f} s"
                for o in self.overlaps
            ]
        else:
            lines.append("No overlaps.")
        return "\n".join(lines) + "\n"


def _s(seconds: float) -> float:
    return round(float(seconds), 3)


def clock(seconds: float) -> str:
    """Seconds as m:ss.s (or h:mm:ss.s past an hour)."""
    minutes, secs = divmod(max(seconds, 0.0), 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{secs:04.1f}" if hours else f"{minutes}:{secs:04.1f}"


def summarize(
    events: Iterable[Event], speakers: Sequence[str], duration: float, min_overlap_s: float
) -> Summary:
    """The summary of a finished stream of Listener events."""
    stretches: dict[str, list[tuple[float, float]]] = {s: [] for s in speakers}
    opened: dict[str, float] = {}
    utterances: list[Utterance] = []
    for event in events:
        if isinstance(event, SpeechStarted):
            opened[event.speaker] = event.t
        elif isinstance(event, SpeechStopped) and event.speaker in opened:
            stretches[event.speaker].append((opened.pop(event.speaker), event.t))
        elif isinstance(event, Utterance):
            utterances.append(event)
    utterances.sort(key=lambda u: (u.start, u.speaker))
    return Summary(
        duration, tuple(speakers), utterances, stretches, find_overlaps(stretches, min_overlap_s)
    )
