"""Helpers for tests that run the `facilitator` command as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str


# Runs the command as if PortAudio were not installed, whatever this machine has: importing sounddevice
# fails exactly as it does without the library.
_NO_PORTAUDIO = (
    "import sys; sys.modules['sounddevice'] = None; "
    "from facilitator.cli import main; sys.exit(main(sys.argv[1:]))"
)


def cli(
    *args: str, cwd: Path | None = None, timeout: float = 300, without_portaudio: bool = False
) -> Result:
    """Run `python -m facilitator ARGS` in a subprocess, as a user would from a shell."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    entry = ["-c", _NO_PORTAUDIO] if without_portaudio else ["-m", "facilitator"]
    p = subprocess.run(
        [sys.executable, *entry, *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return Result(p.returncode, p.stdout, p.stderr)


def one_line_error(result: Result) -> str:
    """The stderr of a failed command, checked to be a single line with no traceback."""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.err!r}"
    assert "Traceback" not in result.err
    return lines[0]


SHORT_COUPLE = ROOT / "tests" / "session" / "data" / "short-couple.toml"
"""A couple for the short test dialogue: names given up front, one appreciation each."""


def short_couple(folder: Path, lines: list[tuple[str, str, str]], **keys: bool) -> Path:
    """The short couple written into `folder` with more top-level `keys` and more (cue, who, say)
    lines; its dialogue is named by full path, since the copy no longer sits beside it."""
    text = "".join(f"{key} = {str(value).lower()}\n" for key, value in keys.items())
    text += SHORT_COUPLE.read_text().replace(
        'dialogue = "short.toml"', f'dialogue = "{SHORT_COUPLE.parent / "short.toml"}"'
    )
    for cue, who, say in lines:
        text += f'\n[[line]]\ncue = "{cue}"\nwho = "{who}"\nsay = "{say}"\n'
    file = folder / "couple.toml"
    file.write_text(text)
    return file
