"""Killed at any moment (kill -9), a session keeps every event written so far and resumes to its end."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import ROOT, cli

from facilitator.records.journal import read_journal

KILLS = 20
SCENARIO = str(Path(__file__).parent / "data" / "short-couple.toml")


def start_demo(out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "facilitator", "demo", "--plain", "--scenario", SCENARIO,
         "--out", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip


def wait_for(path: Path, process: subprocess.Popen, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def complete_lines(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"\n")


def test_kill_at_random_moments_then_resume_to_the_end(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    for i in range(KILLS):
        out = tmp_path / f"s{i}"
        demo = start_demo(out)
        journal = out / "journal.jsonl"
        wait_for(journal, demo)
        time.sleep(rng.uniform(0.0, 1.5))
        demo.send_signal(signal.SIGKILL)
        demo.wait()
        written = complete_lines(journal)
        kept = read_journal(out)
        assert len(kept.records) + kept.garbled == written, i
        assert kept.records[0]["type"] == "session"
        r = cli("resume", str(out), "--scenario", SCENARIO, "--plain")
        if kept.ended is not None:  # killed after the last line: there is nothing to resume
            assert r.code == 2 and "already ended" in r.err
            continue
        assert r.code == 0, (i, r.err)
        after = read_journal(out)
        assert after.records[: len(kept.records)] == kept.records
        resumed_at = next(
            j
            for j, rec in enumerate(after.records)
            if rec["type"] == "resume" and j >= len(kept.records)
        )
        assert after.ended is not None and after.ended["reason"] == "completed", i
        steps = [rec["name"] for rec in after.records[resumed_at:] if rec["type"] == "step"]
        assert steps[-1] == "end", (i, steps)
        before = [rec["name"] for rec in kept.records if rec["type"] == "step"]
        if before and before[-1] in ("appreciate", "switch"):
            assert steps[0] == before[-1], (i, before, steps)
        kinds = [rec["type"] for rec in after.records]
        assert kinds.count("speech") >= 6, i
