"""How a turn is cut into pieces for Whisper, checked with audio whose samples are their own times."""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np
import pytest

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.listening.pieces import GAP_S, TAIL_S, PiecePolicy, TurnPieces

POLICY = PiecePolicy(preroll_s=0.3, partial_after_s=4.0)


def clock(start: float, end: float) -> np.ndarray:
    """'Audio' whose every sample holds its own session time (+1, so silence stays 0); like the
    Listener's history, it holds nothing from before the session started."""
    start = max(start, 0.0)
    n = round((end - start) * SAMPLE_RATE)
    return (start + np.arange(n) / SAMPLE_RATE + 1).astype(np.float64)


class Jobs:
    """Records what was sent to transcription; each job's 'text' says which one it was."""

    def __init__(self) -> None:
        self.sent: list[np.ndarray] = []
        self.futures: list[Future[str]] = []

    def __call__(self, audio: np.ndarray) -> Future[str]:
        future: Future[str] = Future()
        future.set_result(f"job{len(self.sent)}")
        self.sent.append(audio)
        self.futures.append(future)
        return future


def covered(audio: np.ndarray) -> list[tuple[float, float]]:
    """The session-time ranges a piece's audio holds (runs of consecutive samples)."""
    times = audio[audio > 0] - 1
    breaks = np.flatnonzero(np.diff(times) > 1.5 / SAMPLE_RATE)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(times) - 1]])
    return [
        (round(times[a], 2), round(times[b] + 1 / SAMPLE_RATE, 2))
        for a, b in zip(starts, ends, strict=True)
    ]


def test_pauses_are_left_out_so_the_other_partners_voice_is_not_transcribed() -> None:
    jobs = Jobs()
    turn = TurnPieces("A", 1.0, POLICY, jobs)
    turn.paused(2.0, clock)
    turn.resumed(3.0)
    futures = turn.ended(3.5, clock)
    assert len(futures) == 1
    audio = jobs.sent[-1]
    assert covered(audio) == [(0.7, 2.0 + TAIL_S), (2.7, 3.5 + TAIL_S)]
    gap = np.flatnonzero(audio == 0)
    assert len(gap) == round(GAP_S * SAMPLE_RATE)


def test_a_long_turn_is_sent_off_in_pieces_at_its_pauses() -> None:
    jobs = Jobs()
    turn = TurnPieces("A", 0.0, POLICY, jobs)
    turn.paused(4.5, clock)
    assert len(jobs.sent) == 1, "the first 4.5 s go to Whisper while the person goes on"
    turn.resumed(5.0)
    turn.paused(7.0, clock)
    turn.resumed(7.5)
    futures = turn.ended(9.5, clock)
    assert [f.result() for f in futures] == ["job0", "job2"]
    assert covered(jobs.sent[0]) == [(0.0, 4.5 + TAIL_S)]
    assert covered(jobs.sent[2])[0][0] == pytest.approx(4.5 + TAIL_S)


def test_the_last_piece_is_ready_when_the_turn_ends_at_a_pause() -> None:
    jobs = Jobs()
    turn = TurnPieces("A", 0.0, POLICY, jobs)
    turn.paused(2.0, clock)
    assert len(jobs.sent) == 1, "transcribed at the pause, as a guess that the turn ends"
    futures = turn.ended(2.0, clock)
    assert len(jobs.sent) == 1 and [f.result() for f in futures] == ["job0"]


def test_a_guess_is_dropped_when_the_person_goes_on() -> None:
    jobs = Jobs()
    turn = TurnPieces("A", 0.0, POLICY, jobs)
    turn.paused(2.0, clock)
    turn.resumed(2.6)
    futures = turn.ended(3.0, clock)
    assert [f.result() for f in futures] == ["job1"]
    assert covered(jobs.sent[1]) == [(0.0, 2.0 + TAIL_S), (2.3, 3.0 + TAIL_S)]


def test_a_short_last_bit_is_transcribed_with_the_piece_before() -> None:
    jobs = Jobs()
    turn = TurnPieces("A", 0.0, POLICY, jobs)
    turn.paused(5.0, clock)
    turn.resumed(6.0)
    futures = turn.ended(6.4, clock)
    assert len(futures) == 1
    assert covered(jobs.sent[-1]) == [(0.0, 5.2), (5.7, 6.6)]


def test_speech_without_a_pause_is_cut_before_whisper_s_limit() -> None:
    jobs = Jobs()
    turn = TurnPieces("A", 0.0, PiecePolicy(preroll_s=0.3, partial_after_s=0.0), jobs)
    for frame in range(1, 1400):
        turn.tick(frame * 0.03, clock)
    futures = turn.ended(42.0, clock)
    assert len(futures) == 2
    assert max(len(a) for a in jobs.sent) <= 30 * SAMPLE_RATE
    assert covered(jobs.sent[0])[-1][1] == covered(jobs.sent[1])[0][0], "no audio lost or doubled"
