"""The unit of audio that moves through the program: a 30-ms frame of every channel, stamped with time.

Every stage after the source reads time from these stamps and never from the wall clock, so a recording
replayed faster than real time reaches the same decisions as a live microphone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000
"""Samples per second of every frame (what webrtcvad and Whisper both expect)."""
FRAME_SAMPLES = 480
"""Samples per channel in one frame: 30 ms, one of the frame lengths webrtcvad accepts."""
FRAME_S = FRAME_SAMPLES / SAMPLE_RATE
"""Length of one frame in seconds."""


@dataclass(frozen=True)
class Frame:
    """30 ms of audio: `samples` has shape (channels, FRAME_SAMPLES), float32 in [-1, 1]; `t` is the
    session time (s) of its first sample."""

    t: float
    samples: np.ndarray

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def end(self) -> float:
        return self.t + FRAME_S


def frame_time(index: int, start: float = 0.0) -> float:
    """The stamp of frame number `index`, computed from the index so stamps never drift by rounding."""
    return start + index * FRAME_SAMPLES / SAMPLE_RATE


class Framer:
    """Cuts audio blocks of any length into whole frames, carrying the remainder to the next block.

    Sources receive audio in blocks whose size the decoder or sound card chooses; this turns them into
    the fixed frames the rest of the program counts on. A stream that ends mid-frame is padded with
    silence by `flush`, so no sample is lost and no partial frame escapes.
    """

    def __init__(self, channels: int, start: float = 0.0) -> None:
        self.channels = channels
        self._start = start
        self._index = 0
        self._held = np.zeros((channels, 0), dtype=np.float32)

    def push(self, block: np.ndarray) -> Iterator[Frame]:
        """Frames completed by `block`, shape (channels, n) float32."""
        held = np.concatenate([self._held, block.astype(np.float32, copy=False)], axis=1)
        whole = held.shape[1] // FRAME_SAMPLES
        for i in range(whole):
            part = held[:, i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
            yield Frame(frame_time(self._index, self._start), np.ascontiguousarray(part))
            self._index += 1
        self._held = held[:, whole * FRAME_SAMPLES :]

    def flush(self) -> Iterator[Frame]:
        """The last partial frame padded with silence, if any audio is held."""
        if self._held.shape[1]:
            pad = np.zeros((self.channels, FRAME_SAMPLES - self._held.shape[1]), dtype=np.float32)
            yield from self.push(pad)
