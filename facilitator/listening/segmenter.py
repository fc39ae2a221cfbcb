"""Turns and pauses of one partner, from per-frame speaking flags and nothing else.

A small pure state machine in the manner of Home Assistant's voice-command segmenter: fed the length of
each chunk and whether the partner spoke in it, it reports when speech starts, when it pauses, and when
the turn is over. It reads no audio and no clock, so every threshold can be tested with plain lists.

Two kinds of silence matter. A short one (`pause_s`, a few hundred ms) ends a stretch of speech: it is
what overlaps and floor-taking are judged on. A long one ends the turn, and how long depends on what is
expected: a Sender's message tolerates thinking pauses (`long_end_s`), while a short answer to a question
("yes, you got it") should end quickly (`short_end_s`). The session runner switches the mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from facilitator.config import TurnSettings, VadSettings

LONG = "long"
SHORT = "short"
MODES = (LONG, SHORT)


class Change(Enum):
    STARTED = "started"
    """Speech began (a turn starts, or resumes after a pause); `at` is its first frame's time."""
    PAUSED = "paused"
    """Speech stopped for `pause_s`; `at` is when the last speech ended."""
    ENDED = "ended"
    """The turn is over: silence for the mode's end-of-turn time; `at` is when the last speech ended."""


@dataclass(frozen=True)
class SegmenterEvent:
    change: Change
    at: float


def _event(change: Change, at: float) -> SegmenterEvent:
    """An event with its time rounded to the microsecond, dropping the dust of summed chunk lengths."""
    return SegmenterEvent(change, round(at, 6))


@dataclass(frozen=True)
class Thresholds:
    start_s: float
    """Speech needed before a start counts (filters clicks and knocks)."""
    pause_s: float
    """Silence that ends a stretch of speech."""
    long_end_s: float
    """Silence that ends a turn in long mode."""
    short_end_s: float
    """Silence that ends a turn in short mode."""

    @classmethod
    def from_settings(cls, vad: VadSettings, turns: TurnSettings) -> Thresholds:
        return cls(
            vad.start_ms / 1000, vad.end_ms / 1000, turns.end_of_turn_s, turns.short_answer_end_s
        )


class TurnSegmenter:
    """One partner's speech → STARTED / PAUSED / ENDED events."""

    def __init__(self, thresholds: Thresholds, mode: str = LONG, start: float = 0.0) -> None:
        self.thresholds = thresholds
        self.set_mode(mode)
        self.time = start
        """The end of the last chunk processed (session time)."""
        self.speaking = False
        """True from a STARTED until the next PAUSED."""
        self.in_turn = False
        """True from the first STARTED of a turn until its ENDED."""
        self._run_start: float | None = None
        self._run_s = 0.0
        self.last_speech_end = start
        """When the latest speech ended (or, while speaking, the end of the last chunk)."""

    def set_mode(self, mode: str) -> None:
        """LONG for a message, SHORT for an expected short answer; takes effect at once."""
        if mode not in MODES:
            raise ValueError(f"unknown end-of-turn mode {mode!r}")
        self.mode = mode

    @property
    def end_s(self) -> float:
        """Silence that ends the turn in the current mode (never shorter than a pause)."""
        end = self.thresholds.short_end_s if self.mode == SHORT else self.thresholds.long_end_s
        return max(end, self.thresholds.pause_s)

    def process(self, chunk_s: float, is_speech: bool) -> list[SegmenterEvent]:
        """Advance by one chunk (a frame) of `chunk_s` seconds."""
        start, self.time = self.time, self.time + chunk_s
        events: list[SegmenterEvent] = []
        if is_speech:
            self.last_speech_end = self.time if self.speaking else self.last_speech_end
            if self._run_start is None:
                self._run_start, self._run_s = start, 0.0
            self._run_s += chunk_s
            if not self.speaking and self._run_s >= self.thresholds.start_s - 1e-9:
                self.speaking = self.in_turn = True
                self.last_speech_end = self.time
                events.append(_event(Change.STARTED, self._run_start))
            return events
        self._run_start = None
        silence = self.time - self.last_speech_end
        if self.speaking and silence >= self.thresholds.pause_s - 1e-9:
            self.speaking = False
            events.append(_event(Change.PAUSED, self.last_speech_end))
        if self.in_turn and not self.speaking and silence >= self.end_s - 1e-9:
            self.in_turn = False
            events.append(_event(Change.ENDED, self.last_speech_end))
        return events

    def finish(self) -> list[SegmenterEvent]:
        """Close whatever is open at the end of the stream."""
        events = []
        if self.speaking:
            self.speaking = False
            events.append(_event(Change.PAUSED, self.last_speech_end))
        if self.in_turn:
            self.in_turn = False
            events.append(_event(Change.ENDED, self.last_speech_end))
        self._run_start = None
        return events
