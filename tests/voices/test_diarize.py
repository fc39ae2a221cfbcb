"""Offline voices mode: the two voices of a one-microphone recording are found and told apart."""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.errors import InputFileError
from facilitator.listening.diarize import diarize
from facilitator.sim.mixer import Mix

from .conftest import STEP_S, solo_accuracy


def _said(segments, steps: int) -> dict[str, np.ndarray]:
    said = {k: np.zeros(steps, bool) for k in ("A", "B")}
    for start, end, who in segments:
        said[who][round(start / STEP_S) : round(end / STEP_S)] = True
    return said


@pytest.fixture(scope="module")
def segments(conversation: Mix, encoder):
    return diarize(conversation.mono, encoder=encoder)


def test_two_voices_are_found_and_their_speech_attributed(conversation: Mix, segments) -> None:
    steps = int(np.ceil(len(conversation.mono) / 16000 / STEP_S))
    said = _said(segments, steps)
    assert {who for _, _, who in segments} == {"A", "B"}
    best = max(
        solo_accuracy(conversation.truth, said, {"A": "A", "B": "B"}),
        solo_accuracy(conversation.truth, said, {"A": "B", "B": "A"}),
    )
    assert best >= 0.9


def test_segments_are_ordered_and_inside_the_recording(conversation: Mix, segments) -> None:
    assert segments == sorted(segments)
    duration = len(conversation.mono) / 16000
    assert all(0 <= start < end <= duration + STEP_S for start, end, _ in segments)


def test_a_long_overlap_gives_both_partners(conversation: Mix, segments) -> None:
    longest = max(conversation.truth.overlaps, key=lambda o: o.duration)
    assert longest.duration >= 0.5
    middle = (longest.start + longest.end) / 2
    speaking = {who for start, end, who in segments if start <= middle < end}
    assert speaking == {"A", "B"}


def test_one_voice_alone_is_one_partner(enrollments, encoder) -> None:
    gap = np.zeros(8000, np.float32)
    audio = np.concatenate([enrollments["A"], gap, enrollments["A"][::-1].copy(), gap])
    assert {who for _, _, who in diarize(audio, encoder=encoder)} == {"A"}


def test_given_voiced_stretches_limit_what_is_attributed(conversation: Mix, encoder) -> None:
    first = conversation.truth.utterances[0]
    segments = diarize(
        conversation.mono, voiced=[(first.start, first.end)], encoder=encoder, overlaps=False
    )
    assert segments
    assert all(first.start - 0.2 <= s and e <= first.end + 0.2 for s, e, _ in segments)


def test_silence_gives_no_segments_and_stereo_is_refused(encoder) -> None:
    assert diarize(np.zeros(16000 * 3, np.float32), encoder=encoder) == []
    with pytest.raises(InputFileError, match="mono"):
        diarize(np.zeros((2, 16000), np.float32), encoder=encoder)
