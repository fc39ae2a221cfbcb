"""Stretches where two partners speak at once, long enough to be more than a backchannel.

One definition serves the live Listener (which reports each overlap as soon as it is long enough) and
the summary of a finished recording (which also knows when each one ended): an overlap is the time both
partners' stretches of speech cover, `by` is the partner whose stretch started last, and it counts when
it lasts at least the interruption minimum. Shorter ones ("mm-hm") are backchannels and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class OverlapSpan:
    start: float
    end: float
    by: str
    over: str

    @property
    def duration(self) -> float:
        return self.end - self.start


def overlap_of(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float] | None:
    """The common part of two (start, end) stretches, if any."""
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if end > start else None


def find_overlaps(
    stretches: Mapping[str, Sequence[tuple[float, float]]], min_s: float
) -> list[OverlapSpan]:
    """Every overlap of at least `min_s` between any two partners' (start, end) stretches, by time."""
    found = []
    for x, y in combinations(sorted(stretches), 2):
        for sx in stretches[x]:
            for sy in stretches[y]:
                common = overlap_of(sx, sy)
                if common is None or common[1] - common[0] < min_s - 1e-9:
                    continue
                by, over = (x, y) if sx[0] > sy[0] else (y, x)
                found.append(OverlapSpan(common[0], common[1], by, over))
    return sorted(found, key=lambda o: (o.start, o.by))
