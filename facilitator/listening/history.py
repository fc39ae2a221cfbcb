"""The last minute or so of audio, addressable by session time.

Attribution may decide about a frame a little after it arrived (voiceprints need context) and a turn's
audio starts before its speech was detected (the pre-roll), so the audio to transcribe is cut from this
buffer by time once the decision is made, rather than collected frame by frame as it arrives.
"""

from __future__ import annotations

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE, Frame


class AudioHistory:
    """A ring buffer of every channel, `seconds` long."""

    def __init__(self, channels: int, seconds: float) -> None:
        self._size = int(seconds * SAMPLE_RATE)
        self._ring = np.zeros((channels, self._size), dtype=np.float32)
        self._written = 0
        """Samples written since the start (the ring index of the next sample is this mod size)."""
        self._origin: float | None = None
        """Session time of sample number 0."""

    def append(self, frame: Frame) -> None:
        if self._origin is None:
            self._origin = frame.t
        at = round((frame.t - self._origin) * SAMPLE_RATE)
        if at > self._written:
            self._write(np.zeros((self._ring.shape[0], at - self._written), dtype=np.float32))
        self._write(frame.samples)

    def _write(self, block: np.ndarray) -> None:
        n = block.shape[1]
        if n >= self._size:
            block, self._written = block[:, -self._size :], self._written + n - self._size
            n = self._size
        start = self._written % self._size
        first = min(n, self._size - start)
        self._ring[:, start : start + first] = block[:, :first]
        self._ring[:, : n - first] = block[:, first:]
        self._written += n

    def clip(self, start: float, end: float, channel: int | None) -> np.ndarray:
        """Mono audio from `start` to `end` (session time) of one channel, or of all channels mixed;
        the part no longer (or not yet) held is left out."""
        if self._origin is None or end <= start:
            return np.zeros(0, dtype=np.float32)
        first = max(round((start - self._origin) * SAMPLE_RATE), self._written - self._size, 0)
        last = min(round((end - self._origin) * SAMPLE_RATE), self._written)
        if last <= first:
            return np.zeros(0, dtype=np.float32)
        index = np.arange(first, last) % self._size
        rows = self._ring[:, index] if channel is None else self._ring[channel : channel + 1, index]
        return rows.mean(axis=0) if rows.shape[0] > 1 else rows[0].copy()
