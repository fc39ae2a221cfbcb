"""Noticing an exchange that is heating up: both partners talking at once, both louder than usual.

The dialogue engine answers an `Escalation` with a calm time-out. Loudness is judged against each
partner's own usual speaking level (learned while they speak alone), so a naturally loud voice is not
taken for anger, and a quiet room does not hide a raised voice. Heated talk is ragged (breaths, half
sentences, the attribution of overlapped frames flickers), so it is judged over a window rather than
frame by frame. It needs a microphone per partner: on one shared microphone two voices cannot be
measured apart.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from facilitator.audio.frames import FRAME_S
from facilitator.dialogue.events import Escalation

LEARN_FRAMES = 200
"""A partner's usual level is the mean of their solo frames, then follows the last ~6 s of them."""
BOTH_SHARE = 0.4
"""Share of the window in which both must be speaking (overlapped frames are often given to one)."""
QUIET_AFTER_S = 60.0
"""After one escalation, another is not reported for this long (the time-out is already under way)."""


class EscalationWatch:
    """Per frame: who speaks and how loud each partner's microphone is → an Escalation, now and then."""

    def __init__(self, speakers: tuple[str, ...], min_s: float, louder_db: float) -> None:
        self._speakers = speakers
        self._louder_db = louder_db
        self._size = max(1, round(min_s / FRAME_S)) if min_s > 0 else 0
        self._usual = np.zeros(len(speakers))
        self._solo_frames = np.zeros(len(speakers))
        self._window: deque[tuple[tuple[bool, ...], tuple[float, ...]]] = deque(
            maxlen=self._size or 1
        )
        self._quiet_until = float("-inf")

    def push(
        self, t: float, speaking: tuple[bool, ...], level_db: tuple[float, ...]
    ) -> list[Escalation]:
        """`level_db[i]` is the level of partner i's own microphone in the frame at `t`."""
        if not self._size:
            return []
        on = [i for i, s in enumerate(speaking) if s]
        if len(on) == 1:
            i = on[0]
            self._solo_frames[i] += 1
            rate = max(1.0 / self._solo_frames[i], 1.0 / LEARN_FRAMES)
            self._usual[i] += rate * (level_db[i] - self._usual[i])
        self._window.append((speaking, level_db))
        if len(self._window) < self._size or t < self._quiet_until or self._solo_frames.min() == 0:
            return []
        both = sum(all(s) for s, _ in self._window) / self._size
        if both < BOTH_SHARE:
            return []
        for i in range(len(self._speakers)):
            heard = [levels[i] for s, levels in self._window if s[i]]
            if np.mean(heard) < self._usual[i] + self._louder_db:
                return []
        self._quiet_until = t + QUIET_AFTER_S
        return [
            Escalation(t, f"both partners spoke loudly at once for {self._size * FRAME_S:.1f} s")
        ]
