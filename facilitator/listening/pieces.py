"""One partner's turn, cut into pieces Whisper can take, transcribed as early as possible.

What a person waits for is the time from the end of their speech to the final transcript. Whisper
takes at most 30 s at a time, and most of its cost is per call, so a long turn is cut at its pauses
and each finished piece is sent off while the person is still talking (`partial_after_s`); when they
stop, only the last piece is left to do, and even that is started at the first pause, as a guess that
the turn ends there, so it is usually ready before the end-of-turn silence has run out. A last piece
shorter than about a second is not sent alone (alone, a fragment like that comes back as an invented
"Thank you."): it is joined to the piece before.

A piece holds only the partner's own stretches of speech (each with its pre-roll and tail), joined by
short silences. The pauses between them are left out: on a partner's microphone they hold the other
partner's voice, and Whisper would transcribe that too.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.config import TranscriberSettings, VadSettings

MAX_PIECE_S = 28.0
"""A piece is cut here even mid-speech: Whisper reads at most 30 s (the pre-roll and tail fit in)."""
SOFT_PIECE_S = 20.0
"""Without partial transcription a turn is still cut at the first pause after this long, so a cut
mid-word at MAX_PIECE_S stays rare."""
MERGE_BELOW_S = 1.0
"""A last piece with less speech than this is transcribed together with the piece before it."""
TAIL_S = 0.2
"""Audio kept after the last voiced frame, for soft word endings the VAD does not call voiced."""
GAP_S = 0.3
"""Silence put between two stretches of speech in a piece, where the pause between them was."""

Span = tuple[float, float]


@dataclass(frozen=True)
class PiecePolicy:
    preroll_s: float
    partial_after_s: float
    """0 = pieces are only cut for length and are transcribed when the turn ends."""

    @classmethod
    def from_settings(cls, vad: VadSettings, transcriber: TranscriberSettings) -> PiecePolicy:
        return cls(vad.preroll_ms / 1000, transcriber.partial_after_s)


@dataclass(eq=False)
class Piece:
    speech: list[Span]
    """The stretches of speech it holds (session times)."""
    audio: np.ndarray
    text: Future[str] | None = None

    @property
    def speech_s(self) -> float:
        return sum(end - start for start, end in self.speech)


Clip = Callable[[float, float], np.ndarray]
"""The partner's audio between two session times."""
Submit = Callable[[np.ndarray], Future[str]]
"""Starts transcribing a piece of audio."""


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)


@dataclass
class TurnPieces:
    """The pieces of one turn: fed the turn's speech starts and pauses and the passing time."""

    speaker: str
    start: float
    policy: PiecePolicy
    submit: Submit
    end: float = 0.0
    pieces: list[Piece] = field(default_factory=list)
    _spans: list[Span] = field(default_factory=list)
    """The finished stretches of the piece being collected."""
    _open: float | None = None
    """Start of the stretch going on now, if any."""
    _used_until: float = float("-inf")
    """End of the audio already given to a piece (a later pre-roll never reaches back before it)."""
    _guess: tuple[float, list[Piece]] | None = None
    """A pause's time and the pieces the turn would end with there, the last one already sent off."""

    def __post_init__(self) -> None:
        self.end = self.start
        self.resumed(self.start)

    def resumed(self, at: float) -> None:
        """Speech (re)started at `at`."""
        if self._guess is not None:
            guessed = self._guess[1][-1].text
            if guessed is not None:
                guessed.cancel()
            self._guess = None
        self._open = at

    def paused(self, at: float, clip: Clip) -> None:
        """Speech stopped at `at`: a finished piece is cut here when it is long enough.

        A shorter one is transcribed anyway, as a guess that the turn ends here: while the end-of-turn
        silence runs out, the transcript gets ready, and if the person goes on the guess is dropped.
        """
        self.end = at
        if self._open is not None:
            self._spans.append((self._open, at))
            self._open = None
        if not self._spans:
            return
        length = at - self._spans[0][0]
        partial = self.policy.partial_after_s
        if (partial > 0 and length >= partial) or length >= SOFT_PIECE_S:
            self._cut(clip, send=partial > 0)
        elif partial > 0:
            closing = self._closing(clip)
            closing[-1].text = self.submit(closing[-1].audio)
            self._guess = (at, closing)

    def tick(self, now: float, clip: Clip) -> None:
        """Time passed while speech goes on: a piece at the length limit is cut now."""
        first = self._spans[0][0] if self._spans else self._open
        if self._open is None or first is None or now - first < MAX_PIECE_S:
            return
        self._spans.append((self._open, now))
        self._cut(clip, send=self.policy.partial_after_s > 0, tail=False)
        self._open = now

    def _audio(self, clip: Clip, spans: list[Span], tail: bool = True) -> np.ndarray:
        parts: list[np.ndarray] = []
        used = self._used_until
        for i, (start, end) in enumerate(spans):
            begin = max(start - self.policy.preroll_s, used)
            used = end + TAIL_S if tail or i < len(spans) - 1 else end
            parts += [_silence(GAP_S), clip(begin, used)] if parts else [clip(begin, used)]
        return np.concatenate(parts) if parts else _silence(0)

    def _cut(self, clip: Clip, *, send: bool, tail: bool = True) -> None:
        piece = Piece(self._spans, self._audio(clip, self._spans, tail))
        if send:
            piece.text = self.submit(piece.audio)
        self.pieces.append(piece)
        last = self._spans[-1][1]
        self._used_until = last + TAIL_S if tail else last
        self._spans = []

    def _closing(self, clip: Clip) -> list[Piece]:
        """The turn's pieces if it ended now: the stretches collected since the last cut as one
        piece, joined to the piece before when they hold less than MERGE_BELOW_S of speech."""
        last = Piece(list(self._spans), self._audio(clip, self._spans))
        if not self.pieces:
            return [last]
        before = self.pieces[-1]
        joined = len(before.audio) + len(last.audio)
        if last.speech_s >= MERGE_BELOW_S or joined > MAX_PIECE_S * SAMPLE_RATE:
            return [*self.pieces, last]
        audio = np.concatenate([before.audio, _silence(GAP_S), last.audio])
        return [*self.pieces[:-1], Piece(before.speech + last.speech, audio)]

    def ended(self, at: float, clip: Clip) -> list[Future[str]]:
        """The turn is over (last speech at `at`): the transcripts of its pieces, in order."""
        self.end = at
        if self._open is not None:
            self._spans.append((self._open, at))
            self._open = None
        if self._guess is not None and self._guess[0] == at:
            final = self._guess[1]
        elif self._spans:
            final = self._closing(clip)
        else:
            final = self.pieces
        for piece in self.pieces:
            if piece not in final and piece.text is not None:
                piece.text.cancel()
        for piece in final:
            if piece.text is None:
                piece.text = self.submit(piece.audio)
        return [piece.text for piece in final if piece.text is not None]
