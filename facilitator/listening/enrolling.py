"""Live `voices` mode from the first word: learning the partners' voices while the session opens.

Before the voices are known, the facilitator asks each partner in turn to speak (their name and a few
words, see the dialogue's `names`/`enroll` steps) and tells this attributor whom it asked. That
partner's speech, up to the first real pause in it, is credited to them and kept as their enrollment
sample. Once both partners have given a sample, the voiceprints are made and every later frame is
attributed by voice.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from facilitator.audio.frames import FRAME_S, Frame
from facilitator.config import VadSettings
from facilitator.listening.speakers import PARTNERS, Activity
from facilitator.listening.vad import Voicing
from facilitator.listening.voiceprint import CamppEncoder, Encoder
from facilitator.listening.voiceprint_live import VoiceAttributor, enroll

TURN_OVER_S = 1.0
"""Silence after which the partner who was asked has finished their sample: later speech may be
someone else's, so it is no longer credited to them."""
LEAST_S = 1.0
"""The least speech per partner a voiceprint is made from (more is better; see `enrollment_s`)."""


class EnrollingAttributor:
    """Credits speech to the partner who was asked, until both voiceprints exist; then by voice.
    At most `enrollment_s` of each partner's speech goes into their voiceprint."""

    speakers = PARTNERS

    def __init__(
        self,
        vad: VadSettings,
        enrollment_s: float,
        encoder: Encoder | None = None,
        *,
        voiceprints: dict[str, np.ndarray] | None = None,
        enrolled: Callable[[dict[str, np.ndarray]], None] | None = None,
    ) -> None:
        """`voiceprints`: partners already enrolled (a resumed session); `enrolled` is told the
        voiceprints once they are made, so they can be kept for a resume."""
        self._vad = vad
        self._enrolled = enrolled
        self._most_s = max(LEAST_S, enrollment_s)
        self._encoder = encoder or CamppEncoder()
        self._expected: str | None = None
        self._samples: dict[str, list[np.ndarray]] = {p: [] for p in PARTNERS}
        self._voiced_s = dict.fromkeys(PARTNERS, 0.0)
        self._quiet_s = 0.0
        self.live: VoiceAttributor | None = None
        """The voice attributor, once both partners are enrolled."""
        if voiceprints is not None:
            self.live = VoiceAttributor(voiceprints, self._encoder)

    def expect(self, speaker: str) -> None:
        """The facilitator has asked `speaker` to speak: their next words are their sample."""
        self._expected = speaker

    def channel_for(self, speaker: str) -> int | None:
        return None

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        if self.live is not None:
            return self.live.push(frame, voicing)
        who = self._expected if any(voicing.voiced) else None
        if who is not None:
            self._quiet_s = 0.0
            if self._voiced_s[who] < self._most_s:
                self._samples[who].append(frame.samples.mean(axis=0))
                self._voiced_s[who] += FRAME_S
        else:
            self._quiet_s += FRAME_S
            if self._expected and self._voiced_s[self._expected] and self._quiet_s >= TURN_OVER_S:
                self._expected = None
                if all(self._voiced_s[p] >= LEAST_S for p in PARTNERS):
                    self._start_live()
        return [Activity(frame.t, tuple(who == p for p in PARTNERS))]

    def flush(self) -> list[Activity]:
        return self.live.flush() if self.live is not None else []

    def _start_live(self) -> None:
        prints = {
            p: enroll(np.concatenate(self._samples[p]), self._encoder, self._vad, LEAST_S)
            for p in PARTNERS
        }
        self.live = VoiceAttributor(prints, self._encoder)
        self._samples = {p: [] for p in PARTNERS}
        if self._enrolled is not None:
            self._enrolled(prints)
