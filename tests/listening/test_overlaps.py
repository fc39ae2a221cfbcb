"""Overlaps: who started over whom, and backchannels left out."""

from __future__ import annotations

from facilitator.listening.overlaps import OverlapSpan, find_overlaps


def test_the_later_starter_is_the_one_who_talks_over() -> None:
    found = find_overlaps({"A": [(0.0, 5.0)], "B": [(4.0, 7.0)]}, 0.5)
    assert found == [OverlapSpan(4.0, 5.0, by="B", over="A")]


def test_backchannels_shorter_than_the_minimum_are_left_out() -> None:
    found = find_overlaps({"A": [(0.0, 10.0)], "B": [(2.0, 2.3), (6.0, 6.45), (8.0, 9.0)]}, 0.5)
    assert found == [OverlapSpan(8.0, 9.0, by="B", over="A")]


def test_every_overlap_in_time_order() -> None:
    found = find_overlaps(
        {"A": [(0.0, 4.0), (10.0, 12.0)], "B": [(3.0, 11.0)]},
        0.5,
    )
    assert found == [OverlapSpan(3.0, 4.0, "B", "A"), OverlapSpan(10.0, 11.0, "A", "B")]


def test_no_overlap_when_turns_only_touch() -> None:
    assert find_overlaps({"A": [(0.0, 2.0)], "B": [(2.0, 3.0)]}, 0.1) == []
