"""`channels` mode: one microphone per partner, and loudness tells whose voice a frame holds.

Each microphone also picks up the other partner, only quieter. A partner speaks in a frame when their
channel is voiced and louder than the other partner's bleed explains by at least the margin. The bleed
is learned while the session runs: whenever one partner clearly speaks alone, the level their voice
reaches on the other microphone (relative to their own) is averaged in. Before anything is learned the
bleed is assumed to be one margin down, which already lets two partners speaking equally loud at once
both be heard: each channel is then louder than the other's bleed alone would make it.
"""

from __future__ import annotations

import numpy as np

from facilitator.audio.frames import Frame
from facilitator.config import SpeakerSettings
from facilitator.errors import USAGE, FacilitatorError
from facilitator.listening.speakers import PARTNERS, Activity
from facilitator.listening.vad import SILENT_DB, Voicing

SMOOTH_FRAMES = 3
"""Levels are averaged over this many frames (90 ms): single 30-ms frames of one voice vary too much."""
LEARN_RATE = 0.02
"""Weight of each new clear frame in the bleed estimate once settled (it then follows a partner who
moves over about two seconds of speech). Until then each partner's estimate is the plain mean of their
clear frames so far, so half a second of someone speaking alone already gives a fair estimate."""
CLEAR_DB = 15.0
"""A frame teaches the bleed only when its speaker's channel is this far above its noise floor."""
HOLD_SHARE = 0.5
"""A partner already speaking keeps the floor with this share of the margin, so their voice is not lost
in the moments the other partner, talking over them, is the louder one."""
HOLD_FRAMES = 10
"""How long (frames, 300 ms) after their last active frame a partner counts as already speaking."""
MAX_BLEED_DB = -40.0
"""The estimate never assumes the microphones are more isolated than this."""


class ChannelAttributor:
    """Partner A on one channel, partner B on another (1-based numbers from the settings)."""

    speakers = PARTNERS

    def __init__(self, settings: SpeakerSettings, channels: int) -> None:
        wanted = (settings.channel_a, settings.channel_b)
        if settings.channel_a == settings.channel_b:
            raise FacilitatorError(
                "speakers.channel_a and speakers.channel_b are the same channel; "
                "channels mode needs one channel per partner",
                USAGE,
            )
        if max(wanted) > channels:
            raise FacilitatorError(
                f"channels mode needs channel {max(wanted)} (one channel per partner) but the audio "
                f"has {channels}; use the voices mode for a single microphone",
                USAGE,
            )
        self._index = (settings.channel_a - 1, settings.channel_b - 1)
        self.margin_db = settings.margin_db
        self.bleed_db = np.full(2, -self.margin_db)
        """bleed_db[i]: level on the other microphone minus level on partner i's own, when i speaks."""
        self._learned = np.zeros(2)
        """Clear frames each partner's bleed estimate is made of so far."""
        self._since_active = np.full(2, HOLD_FRAMES)
        self._history = np.full((SMOOTH_FRAMES, 2), 10 ** (SILENT_DB / 10))

    def channel_for(self, speaker: str) -> int | None:
        return self._index[self.speakers.index(speaker)]

    def _levels(self, voicing: Voicing) -> np.ndarray:
        power = 10 ** (np.array([voicing.level_db[i] for i in self._index]) / 10)
        self._history = np.roll(self._history, 1, axis=0)
        self._history[0] = power
        return 10 * np.log10(self._history.mean(axis=0))

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        voiced = np.array([voicing.voiced[i] for i in self._index])
        floor = np.array([voicing.floor_db[i] for i in self._index])
        level = self._levels(voicing)
        other = level[::-1]
        # Energy on each channel beyond what the other partner's voice leaking in would explain.
        excess = level - (other + self.bleed_db[::-1])
        held = self._since_active < HOLD_FRAMES
        needed = np.where(held, HOLD_SHARE * self.margin_db, self.margin_db)
        speaking = voiced & (excess >= needed)
        self._since_active = np.where(speaking, 0, self._since_active + 1)
        self._learn(speaking, level, floor)
        return [Activity(frame.t, (bool(speaking[0]), bool(speaking[1])))]

    def _learn(self, speaking: np.ndarray, level: np.ndarray, floor: np.ndarray) -> None:
        if speaking.sum() != 1:
            return
        i = int(np.argmax(speaking))
        if not level[i] - floor[i] >= CLEAR_DB:  # also when no floor is known yet (NaN)
            return
        observed = level[1 - i] - level[i]
        self._learned[i] += 1
        rate = max(LEARN_RATE, 1 / self._learned[i])
        updated = (1 - rate) * self.bleed_db[i] + rate * observed
        self.bleed_db[i] = float(np.clip(updated, MAX_BLEED_DB, 0.0))

    def flush(self) -> list[Activity]:
        return []
