"""What every benchmark shares: summary statistics, the printed tables, the JSON files, memory readings.

Each figure is reported for the facilitator and for a baseline measured in the same run, with their
ratio, because the machine is shared and absolute times are noisy: the ratio is what says whether a
design choice pays off. A figure also says which clock it is on: "session" time advances only with
the audio frames (waits such as end-of-turn silences), "wall" time is what the processor spent.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


@dataclass(frozen=True)
class Stats:
    """Median, 95th percentile and worst of a set of measurements (in the unit they were taken in)."""

    n: int
    median: float
    p95: float
    worst: float

    @classmethod
    def of(cls, values: Iterable[float]) -> Stats | None:
        data = np.asarray(list(values), dtype=float)
        if data.size == 0:
            return None
        return cls(
            int(data.size),
            float(np.median(data)),
            float(np.percentile(data, 95)),
            float(data.max()),
        )

    def get(self, stat: str) -> float:
        return float(getattr(self, stat))


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """ours / baseline, or None when either is missing or the baseline is zero."""
    if ours is None or baseline is None or baseline == 0 or not math.isfinite(baseline):
        return None
    return ours / baseline


@dataclass
class Figure:
    """One line of the final summary: a figure, its baseline in the same run, and its target."""

    number: int
    name: str
    unit: str
    clock: str
    value: float | None
    baseline: float | None
    baseline_name: str
    target: float | None
    """The target the value must not exceed (None: no numeric target)."""
    target_text: str
    ratio: float | None = field(init=False)

    def __post_init__(self) -> None:
        self.ratio = ratio(self.value, self.baseline)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value <= self.target + 1e-12

    def verdict(self) -> str:
        if self.met is None:
            return "-"
        if self.met:
            return "met"
        return f"missed by {fmt(self.value - self.target, self.unit)}"  # type: ignore[operator]

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met, "verdict": self.verdict()}


def fmt(value: float | None, unit: str = "") -> str:
    """A value for a table: milliseconds as whole numbers, shares as percentages, others to 3 digits."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if unit == "ms":
        return f"{value:.1f} ms" if abs(value) < 10 else f"{value:.0f} ms"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.3f}"
    if unit == "s":
        return f"{value:.3f} s" if abs(value) < 10 else f"{value:.1f} s"
    return f"{value:.3g}{(' ' + unit) if unit else ''}"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0×"
    return f"{value:.2f}×" if value >= 0.01 else f"{value:.4f}×"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (readable as plain text too)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def stats_row(label: str, clock: str, stats: Stats | None, unit: str, scale: float = 1.0) -> list:
    """A table row: label, clock, n, median, p95, worst (values multiplied by `scale`)."""
    if stats is None:
        return [label, clock, 0, "-", "-", "-"]
    return [
        label,
        clock,
        stats.n,
        fmt(stats.median * scale, unit),
        fmt(stats.p95 * scale, unit),
        fmt(stats.worst * scale, unit),
    ]


def ratio_row(ours: Stats | None, base: Stats | None, label: str = "ratio facilitator / baseline"):
    if ours is None or base is None:
        return [label, "", "", "-", "-", "-"]
    cells = [fmt_ratio(ratio(ours.get(s), base.get(s))) for s in ("median", "p95", "worst")]
    return [label, "", "", *cells]


STATS_HEADERS = ("", "clock", "n", "median", "p95", "worst")


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now (VmRSS) and its peak (VmHWM), in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["VmHWM"]


def reset_peak() -> bool:
    """Start VmHWM afresh from the current RSS (Linux's clear_refs); False where that is refused."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def environment() -> dict[str, Any]:
    """What the figures were measured on: cores, load, the commit, thread settings."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "commit": commit,
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "unset"),
    }


def save(folder: Path, name: str, data: dict[str, Any]) -> Path:
    """Write one benchmark's figures as `name`.json."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=_plain) + "\n")
    return path


def _plain(value: object) -> object:
    if isinstance(value, Stats):
        return asdict(value)
    if isinstance(value, Figure):
        return value.to_json()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
