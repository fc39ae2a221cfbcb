"""Live `voices` mode: attributing speech on one shared microphone to enrolled partners.

At the start each partner speaks a few seconds alone (`enroll`). Afterwards the attributor keeps the
voiced audio of the current stretch of speech and, every `HOP_S`, takes the voiceprint of its last
`WINDOW_S` and compares it with each partner's. Every window is a vote for each frame it covers, and a
frame is named only once the windows up to `LOOKAHEAD_S` after it have voted, so a frame is judged on
what came before and after it. That is what finds a change of speaker inside a stretch where it
happened: a listener's "Yeah." followed at once by the speaker's words. (Judging each frame on the
window that ends at it, as a first version did, carried the listener's label about a second into the
speaker's words, and so flagged the backchannel as an interruption.) A change needs the other
partner to lead by `SWITCH_MARGIN`, so a momentary wobble does not flip the attribution. Decisions lag
the audio by `LOOKAHEAD_S` inside a stretch, and by `STRETCH_END_S` at its end.
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

WINDOW_S = 1.0
"""Voiced audio in each voiceprint: long enough to be reliable, short enough to see a change."""
HOP_S = 0.24
LOOKAHEAD_S = 0.48
"""How much of what follows a frame is heard before its speaker is named."""
FIRST_FRAMES = round(0.48 / FRAME_S)
"""Voiced audio needed before a new stretch gets its first voiceprint (shorter is too unreliable)."""
SWITCH_MARGIN = 0.05
WINDOW_FRAMES = round(WINDOW_S / FRAME_S)
HOP_FRAMES = round(HOP_S / FRAME_S)
AHEAD_FRAMES = round(LOOKAHEAD_S / FRAME_S)
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
        self._held: deque[tuple[float, int | None]] = deque()
        """Frames not yet handed out: their time and, if voiced, their index in the stretch."""
        self._voiced: list[np.ndarray] = []
        self._votes: list[np.ndarray] = []
        """Per voiced frame of the stretch: the summed similarities of the windows that covered it."""
        self._voters: list[int] = []
        """Per voiced frame of the stretch: how many windows covered it."""
        self._covered = 0
        """Voiced frames of the stretch that some window has covered."""
        self._silent_s = STRETCH_END_S
        self._current: int | None = None
        self.similarities: list[tuple[float, np.ndarray]] = []
        """(time, similarity to each partner) of every window, for the journal and benchmarks."""

    def channel_for(self, speaker: str) -> int | None:
        return None

    def push(self, frame: Frame, voicing: Voicing) -> list[Activity]:
        if any(voicing.voiced):
            if self._silent_s >= STRETCH_END_S:
                self._voiced, self._votes, self._voters = [], [], []
                self._covered, self._current = 0, None
            self._silent_s = 0.0
            self._held.append((frame.t, len(self._voiced)))
            self._voiced.append(frame.samples.mean(axis=0))
            self._votes.append(np.zeros(len(PARTNERS)))
            self._voters.append(0)
            n = len(self._voiced)
            if n >= FIRST_FRAMES and (n - self._covered >= HOP_FRAMES or self._covered == 0):
                self._judge(frame.t)
            return self._release(settled=n - AHEAD_FRAMES)
        self._silent_s += FRAME_S
        self._held.append((frame.t, None))
        ended = self._silent_s >= STRETCH_END_S
        if ended and self._covered < len(self._voiced):
            self._judge(frame.t)  # the stretch's tail, on what there is
        return self._release(settled=len(self._voiced) - (0 if ended else AHEAD_FRAMES))

    def flush(self) -> list[Activity]:
        if self._covered < len(self._voiced):
            self._judge(self._held[-1][0])  # an uncovered voiced frame is still held
        return self._release(settled=len(self._voiced))

    def _judge(self, t: float) -> None:
        """A voiceprint of the stretch's last window, counted as a vote for each frame in it."""
        n = len(self._voiced)
        first = max(0, n - WINDOW_FRAMES)
        audio = np.concatenate(self._voiced[first:])
        sims = self._encoder.embed(audio[None])[0] @ self._prints.T
        self.similarities.append((t, sims))
        for i in range(first, n):
            self._votes[i] += sims
            self._voters[i] += 1
        self._covered = n

    def _release(self, settled: int) -> list[Activity]:
        """Hand out held frames up to the first voiced one whose lookahead is still to come."""
        out = []
        while self._held:
            t, index = self._held[0]
            if index is not None:
                if index >= min(settled, self._covered):
                    break
                sims = self._votes[index] / self._voters[index]
                best = int(np.argmax(sims))
                if self._current is None or sims[best] - sims[self._current] > SWITCH_MARGIN:
                    self._current = best
            self._held.popleft()
            flags = tuple(index is not None and k == self._current for k in range(len(PARTNERS)))
            out.append(Activity(t, flags))
        return out
