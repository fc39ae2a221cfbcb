"""Live `voices` mode: attributing speech on one shared microphone to enrolled partners.

At the start each partner speaks a few seconds alone (`enroll`). Afterwards the attributor keeps the
voiced audio of the current stretch of speech and, every `HOP_S`, compares the voiceprint of its last
`WINDOW_S` (shorter while the stretch is young) with each partner's. A change of speaker inside a
stretch is accepted only when the other partner's similarity leads by `SWITCH_MARGIN`, so a
momentary wobble does not flip the attribution. Frames are held until that decision, so decisions
lag the audio by up to about `HOP_S` + `FIRST_S` at a stretch's start (the Protocol allows this).
Two voices at once are not detected live (see `diarize_overlap.py` for the offline detector).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from facilitator.audio.frames import FRAME_S, Frame
from facilitator.config import VadSettings
from facilitator.errors import FacilitatorError
from facilitator.listening.diarize import STEP_S, embed_windows, voiced_grid, window_starts
from facilitator.listening.speakers import PARTNERS, Activity
from facilitator.listening.vad import Voicing
from facilitator.listening.voiceprint import CamppEncoder, Encoder

WINDOW_S = 1.5
HOP_S = 0.24
FIRST_S = 0.48
"""Voiced audio needed before a new stretch gets its first decision (shorter is too unreliable)."""
SWITCH_MARGIN = 0.05
STRETCH_END_S = 0.3
"""Unvoiced time that ends a stretch; the next voiced frame starts a fresh window."""
ENROLL_MIN_S = 2.0


def enroll(
    audio: np.ndarray,
    encoder: Encoder,
    settings: VadSettings | None = None,
    min_s: float = ENROLL_MIN_S,
) -> np.ndarray:
    """A partner's voiceprint from a few seconds of them speaking alone (mono 16 kHz float32)."""
    grid = voiced_grid(np.asarray(audio, dtype=np.float32), settings or VadSettings())
    if grid.sum() * STEP_S < min_s:
        raise FacilitatorError(
            f"enrollment heard {grid.sum() * STEP_S:.1f} s of speech; "
            f"at least {min_s:g} s is needed — please speak a little longer"
        )
    window = round(WINDOW_S / STEP_S)
    vectors = embed_windows(audio, window_starts(grid, window, window // 2), window, encoder)
    mean = vectors.mean(0)
    return mean / np.linalg.norm(mean)


class VoiceAttributor:
    """The `voices` Attributor: who of the enrolled partners speaks in each frame."""

    def __init__(self, voiceprints: dict[str, np.ndarray], encoder: Encoder | None = None) -> None:
        missing = [p for p in PARTNERS if p not in voiceprints]
        if missing:
            raise FacilitatorError(f"voices mode: no voiceprint for partner {', '.join(missing)}")
        self.speakers = PARTNERS
        self._prints = np.stack([voiceprints[p] for p in PARTNERS])
        self._encoder = encoder or CamppEncoder()
        self._held: deque[tuple[float, bool]] = deque()
        self._voiced: list[np.ndarray] = []
        self._silent_s = STRETCH_END_S
        self._since_decision = 0
        self._current: int | None = None
        self.similarities: list[tuple[float, np.ndarray]] = []
        """(time, similarity to each partner) of every decision, for the journal and benchmarks."""

    def channel_for(self, speaker: str) -> int | None:
        return None

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        voiced = any(voicing.voiced)
        if voiced:
            if self._silent_s >= STRETCH_END_S:
                self._voiced, self._current = [], None
            self._silent_s = 0.0
            self._voiced.append(frame.samples.mean(axis=0))
            self._since_decision += 1
        else:
            self._silent_s += FRAME_S
        self._held.append((frame.t, voiced))
        heard = len(self._voiced) * FRAME_S
        if voiced and self._since_decision * FRAME_S >= HOP_S and heard >= FIRST_S:
            self._decide(frame.t)
        elif not voiced and self._silent_s >= STRETCH_END_S and self._waiting():
            self._decide(frame.t)  # a stretch too short for FIRST_S: decide on what there is
        return self._release()

    def flush(self) -> list[Activity]:
        if self._waiting() and self._voiced:
            self._decide(self._held[-1][0])
        return self._release()

    def _waiting(self) -> bool:
        """Whether a held voiced frame still has no speaker."""
        return self._current is None and any(v for _, v in self._held)

    def _decide(self, t: float) -> None:
        self._since_decision = 0
        audio = np.concatenate(self._voiced[-round(WINDOW_S / FRAME_S) :])
        sims = self._encoder.embed(audio[None])[0] @ self._prints.T
        self.similarities.append((t, sims))
        best = int(np.argmax(sims))
        if self._current is None or sims[best] - sims[self._current] > SWITCH_MARGIN:
            self._current = best

    def _release(self) -> list[Activity]:
        out = []
        while self._held:
            t, voiced = self._held[0]
            if voiced and self._current is None:
                break
            self._held.popleft()
            flags = tuple(voiced and k == self._current for k in range(len(PARTNERS)))
            out.append(Activity(t, flags))
        return out
