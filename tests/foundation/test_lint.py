"""The code stays formatted and lint-clean: the suite fails on a ruff finding, so CI does too."""

from __future__ import annotations

import subprocess
import sys

from support import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_is_clean() -> None:
    r = ruff("check", ".")
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_format_is_clean() -> None:
    r = ruff("format", "--check", ".")
    assert r.returncode == 0, r.stdout + r.stderr
