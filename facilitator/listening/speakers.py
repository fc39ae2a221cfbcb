"""Who is speaking: the interface between voice activity and the partners.

The Listener runs the VAD on every channel, then asks an `Attributor` which partners speak in each frame.
Everything after that (speech start and stop, turns, overlaps, transcripts) is the same whatever the
attributor is, so a new way of telling partners apart only has to implement this protocol:

- `channels` mode (`facilitator.listening.channels`): one microphone per partner; decides frame by frame
  from the channels' loudness.
- `voices` mode: one shared microphone; decides from voiceprints. It may need context around a frame
  before it can decide, so `push` may answer late: decisions can lag the frames pushed, as long as they
  come in order, exactly one per pushed frame, and `flush` returns the rest at the end of the stream.
  The Listener keeps the recent audio, so a late decision still gets the right audio transcribed.
- Offline analysis of a finished recording can wrap a list of (start, end, speaker) segments from a
  diarizer in `SegmentAttributor` below.

An attributor never needs to handle the facilitator's own prompts: while a prompt plays, the Listener
pushes a silent frame with no voiced channel instead of the real one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from facilitator.audio.frames import FRAME_S, Frame
from facilitator.listening.vad import Voicing

PARTNERS = ("A", "B")
"""The partners' labels, in the order attributors report them."""


@dataclass(frozen=True)
class Activity:
    """Which partners speak during the frame starting at `t` (one flag per label in `speakers`)."""

    t: float
    speaking: tuple[bool, ...]


class Attributor(Protocol):
    """Turns frames and their voice activity into per-partner activity."""

    speakers: tuple[str, ...]
    """Partner labels, in the order of `Activity.speaking`."""

    def channel_for(self, speaker: str) -> int | None:
        """The 0-based channel whose audio is transcribed for `speaker`; None = all channels mixed."""
        ...

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        """Decisions for the frames decided so far (possibly none yet, possibly several at once)."""
        ...

    def flush(self) -> list[Activity]:
        """Decisions for every frame still held, at the end of the stream."""
        ...


class SegmentAttributor:
    """Attribution from a finished diarization: a partner speaks in a frame when a segment of theirs
    covers the frame's middle and the VAD heard a voice in it.

    The VAD condition keeps a diarizer's generous segment edges from turning silence into speech, so
    both modes hand the same kind of activity to the turn segmenter.
    """

    def __init__(
        self, segments: Sequence[tuple[float, float, str]], speakers: Sequence[str]
    ) -> None:
        self.speakers = tuple(speakers)
        self._segments = sorted(segments)
        self._next = 0
        self._open: list[tuple[float, float, str]] = []

    def channel_for(self, speaker: str) -> int | None:
        return None

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        middle = frame.t + FRAME_S / 2
        while self._next < len(self._segments) and self._segments[self._next][0] <= middle:
            self._open.append(self._segments[self._next])
            self._next += 1
        self._open = [segment for segment in self._open if segment[1] > middle]
        talking = {who for _, _, who in self._open}
        heard = any(voicing.voiced)
        return [Activity(frame.t, tuple(heard and s in talking for s in self.speakers))]

    def flush(self) -> list[Activity]:
        return []
