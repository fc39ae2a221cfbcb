"""The benchmark scripts still run: `benchmarks/run.py --quick` end to end, checked for every figure.

Speed is never asserted here (the figures depend on the machine); what is checked is that every
benchmark ran through the real pipeline and produced its figure and its baseline, so the scripts
cannot rot unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = range(1, 9)


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, out


def _json(out: Path, name: str) -> dict:
    return json.loads((out / f"{name}.json").read_text())


def test_every_figure_is_printed_with_its_baseline(quick: tuple[str, Path]) -> None:
    stdout, out = quick
    for n in FIGURES:
        assert f"\n## {n}. " in stdout
    figures = _json(out, "summary")["figures"]
    assert sorted({f["number"] for f in figures}) == list(FIGURES)
    for f in figures:
        assert f["value"] is not None, f["name"]
        if f["baseline_name"]:
            assert f["baseline"] is not None and f["ratio"] is not None, f["name"]
        if f["target"] is not None:
            assert f["verdict"] == "met" or f["verdict"].startswith("missed by"), f["name"]


def test_sessions_ran_both_pipelines_to_the_end(quick: tuple[str, Path]) -> None:
    _, out = quick
    sessions = _json(out, "summary")["sessions"]
    assert {s["pipeline"] for s in sessions} == {"facilitator", "baseline"}
    for s in sessions:
        assert s["reason"] == "completed", s
        assert s["transcriber_calls"] > 0


def test_session_figures_come_from_measurements(quick: tuple[str, Path]) -> None:
    _, out = quick
    prompts = _json(out, "prompt_start")
    for pipeline in ("facilitator", "baseline"):
        assert prompts[pipeline]["stats"]["all"]["n"] > 0
    # The baseline synthesizes every prompt when it is said; the facilitator renders ahead.
    assert prompts["baseline"]["stats"]["rendered ahead"] is None
    assert prompts["facilitator"]["stats"]["rendered ahead"]["n"] > 0
    answers = _json(out, "short_answers")
    assert answers["facilitator"]["stats"]["wait"]["n"] > 0
    interruptions = _json(out, "interruptions")
    assert interruptions["stats"]["from_true_onset"]["n"] > 0
    pauses = _json(out, "premature_ends")
    assert pauses["all"]["pauses"] > 0


def test_process_benchmarks_measured_their_children(quick: tuple[str, Path]) -> None:
    _, out = quick
    analyze = _json(out, "analyze")
    assert analyze["facilitator"]["segments"] > 0 and analyze["baseline"]["segments"] > 0
    assert analyze["facilitator"]["peak_rss_mb"] > 0
    memory = _json(out, "memory")
    assert len(memory["at"]) == 3
    assert all(reading["peak_mb"] >= reading["rss_mb"] > 0 for reading in memory["at"].values())
    startup = _json(out, "startup")
    assert len(startup["cold_s"]) >= 1 and len(startup["warm_s"]) >= 1
