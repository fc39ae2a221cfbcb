"""The turn segmenter as a pure state machine: flags and chunk lengths in, starts/pauses/ends out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.listening.segmenter import LONG, SHORT, Change, Thresholds, TurnSegmenter

STEP = 0.03
T = Thresholds(start_s=0.09, pause_s=0.3, long_end_s=1.8, short_end_s=0.7)


def feed(segmenter: TurnSegmenter, pattern: list[tuple[bool, float]]) -> list[tuple[Change, float]]:
    """Feed (speaking, seconds) runs in 30-ms chunks; the events with their times, rounded."""
    out = []
    for speaking, seconds in pattern:
        for _ in range(round(seconds / STEP)):
            out += [(e.change, round(e.at, 3)) for e in segmenter.process(STEP, speaking)]
    return out


def test_speech_starts_after_start_s_and_is_dated_from_its_first_chunk() -> None:
    s = TurnSegmenter(T, start=10.0)
    assert feed(s, [(False, 0.3), (True, 0.06)]) == []
    assert feed(s, [(True, 0.03)]) == [(Change.STARTED, 10.3)]


def test_a_click_shorter_than_start_s_is_ignored() -> None:
    s = TurnSegmenter(T)
    assert feed(s, [(True, 0.06), (False, 3.0)]) == []
    assert not s.in_turn


def test_pause_then_resume_then_end_of_turn() -> None:
    s = TurnSegmenter(T)
    events = feed(s, [(True, 2.1), (False, 0.9), (True, 1.2), (False, 1.8)])
    assert events == [
        (Change.STARTED, 0.0),
        (Change.PAUSED, 2.1),
        (Change.STARTED, 3.0),
        (Change.PAUSED, 4.2),
        (Change.ENDED, 4.2),
    ]


def test_a_thinking_pause_shorter_than_the_long_end_keeps_the_turn() -> None:
    s = TurnSegmenter(T)
    feed(s, [(True, 1.0), (False, 1.7)])
    assert s.in_turn and not s.speaking


@pytest.mark.parametrize(("mode", "ends_after"), [(SHORT, 0.7), (LONG, 1.8)])
def test_end_of_turn_depends_on_the_mode(mode: str, ends_after: float) -> None:
    s = TurnSegmenter(T, mode=mode)
    feed(s, [(True, 1.0)])
    silence = 0.0
    while s.in_turn:
        s.process(STEP, False)
        silence += STEP
    assert ends_after <= silence + 1e-9 < ends_after + STEP


def test_switching_to_short_mode_during_a_pause_ends_the_turn_sooner() -> None:
    s = TurnSegmenter(T)
    feed(s, [(True, 1.2), (False, 0.6)])
    s.set_mode(SHORT)
    assert feed(s, [(False, 0.15)]) == [(Change.ENDED, 1.2)]


def test_finish_closes_what_is_open() -> None:
    s = TurnSegmenter(T)
    feed(s, [(True, 0.51)])
    assert [(e.change, round(e.at, 3)) for e in s.finish()] == [
        (Change.PAUSED, 0.51),
        (Change.ENDED, 0.51),
    ]
    assert s.finish() == []


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown end-of-turn mode"):
        TurnSegmenter(T).set_mode("medium")


@given(st.lists(st.booleans(), max_size=400), st.sampled_from([SHORT, LONG]))
def test_events_always_come_in_a_sensible_order(flags: list[bool], mode: str) -> None:
    s = TurnSegmenter(T, mode=mode)
    events = [e for flag in flags for e in s.process(STEP, flag)] + s.finish()
    speaking = in_turn = False
    last = float("-inf")
    for e in events:
        assert e.at >= last - 1e-9, "times never go backwards"
        last = e.at
        if e.change is Change.STARTED:
            assert not speaking
            speaking = in_turn = True
        elif e.change is Change.PAUSED:
            assert speaking
            speaking = False
        else:
            assert in_turn and not speaking
            in_turn = False
    assert not speaking and not in_turn
