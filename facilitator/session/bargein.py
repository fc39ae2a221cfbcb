"""Noticing a person who starts talking while the facilitator speaks, so the prompt can stop for them.

The microphone hears the facilitator too, so loudness alone cannot tell. But the facilitator knows what
it is playing: the level of each 30 ms of the prompt. The echo reaching a microphone is that level times
a gain the room sets, estimated as the median ratio of microphone to prompt level over the frames where
the prompt is loud (word edges, where a frame of delay changes the ratio tenfold, are left out; a person
who talks through more than half the prompt's loud frames is the only way to fool it). A frame is "someone else" when the microphone is much
louder than the echo predicts, and it must stay so for a short hold before the prompt is cut.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from facilitator.audio.frames import FRAME_S, Frame

MARGIN = 1.5
"""How many times louder than the predicted echo (+3.5 dB) the microphone must be."""
WINDOW_S = 0.24
"""The stretch over which loud frames are counted; a cough or a knock on the table is shorter."""
WINDOW_FRAMES = max(1, round(WINDOW_S / FRAME_S))
"""The same stretch in frames: also how far back a person who talked over a prompt was heard."""
NEEDED = 5
"""Loud frames within the window that mean a person is talking (speech over a prompt is only heard
clearly in the prompt's own gaps between syllables, so not every frame can count)."""
LOUD_PART = 0.25
"""Prompt frames at least this share of the prompt's loudest so far count towards the echo gain."""
WARMUP_S = 0.15
"""Time at the start of a prompt spent learning the echo gain before any decision."""
FLOOR = 10 ** (-50 / 20)
"""Levels below -50 dBFS are room noise, never a person talking over the prompt."""


def envelope(audio: np.ndarray, rate: int) -> np.ndarray:
    """RMS of each 30 ms of a clip, at its own sample rate (no resampling needed for a level)."""
    step = max(1, round(rate * FRAME_S))
    n = len(audio) // step
    if n == 0:
        return np.zeros(0, np.float32)
    blocks = audio[: n * step].reshape(n, step).astype(np.float64)
    return np.sqrt(np.mean(blocks**2, axis=1)).astype(np.float32)


class BargeInDetector:
    """Per prompt: learns the echo gain of each channel, then reports a person talking over it."""

    def __init__(self) -> None:
        self._envelope = np.zeros(0, np.float32)
        self._start = 0.0
        self._ratios: list[np.ndarray] = []
        self._loudest = 0.0
        self._recent: deque[bool] = deque(maxlen=WINDOW_FRAMES)

    def start(self, prompt_envelope: np.ndarray, t: float) -> None:
        """A prompt begins playing at session time `t`."""
        self._envelope = prompt_envelope
        self._start = t
        self._ratios = []
        self._loudest = 0.0
        self._recent.clear()

    def _level(self, t: float) -> float:
        i = int((t - self._start) / FRAME_S)
        return float(self._envelope[i]) if 0 <= i < len(self._envelope) else 0.0

    def _expected(self, t: float) -> float:
        # The echo may arrive a frame late or early (output latency, distance): take the loudest
        # neighbouring frame of the prompt as the reference.
        i = int((t - self._start) / FRAME_S)
        lo, hi = max(0, i - 2), min(len(self._envelope), i + 2)
        return float(self._envelope[lo:hi].max()) if hi > lo else 0.0

    def push(self, frame: Frame) -> bool:
        """True once someone has been talking over the prompt for the hold time."""
        mic = np.sqrt(np.mean(np.square(frame.samples, dtype=np.float64), axis=1))
        reference = self._expected(frame.t)
        now = self._level(frame.t)
        self._loudest = max(self._loudest, now)
        if now > FLOOR and now >= LOUD_PART * self._loudest:
            self._ratios.append(mic / now)
        if not self._ratios or frame.t - self._start < WARMUP_S:
            self._recent.append(False)
            return False
        gain = np.median(np.stack(self._ratios), axis=0)
        loud = bool(np.any((mic > MARGIN * gain * reference) & (mic > FLOOR)))
        self._recent.append(loud)
        return sum(self._recent) >= NEEDED
