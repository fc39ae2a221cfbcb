#!/usr/bin/env python3
"""Set everything up, then run the demo, the tests, or any facilitator command.

    python3 run.py demo          # the demo session (a simulated couple), no microphone needed
    python3 run.py test          # the whole test suite
    python3 run.py session ...   # any other facilitator command, e.g. check, say, analyze

The first run makes a virtual environment in .venv and installs the project with its bundled models;
later runs reuse it, and reinstall only when pyproject.toml has changed. Nothing here needs root.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
TEST_SYSTEM_PACKAGES = {"strace": "strace"}
"""Programs the tests need beyond Python (program: Debian package): strace audits that no command
reaches for the network."""


def fail(message: str) -> None:
    print(f"run.py: {message}", file=sys.stderr)
    sys.exit(2)


def ensure_environment() -> None:
    """Create .venv and install the project into it, unless it is already installed as it is now."""
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py may be started by an older python3)
        fail(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]})")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        print("run.py: creating the environment in .venv", file=sys.stderr)
        try:
            venv.create(VENV, with_pip=True)
        except Exception as e:
            fail(f"cannot create .venv ({e}); on Debian/Ubuntu: sudo apt-get install python3-venv")
    print("run.py: installing facilitator and its models (about 300 MB, once)", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if subprocess.call([*pip, "-e", f"{ROOT}[test]"]) != 0:
        fail("installing failed (see the messages above); check the network connection to PyPI")
    STAMP.write_text(wanted)


def ensure_test_programs() -> None:
    """Install the Debian packages the tests need when their programs are missing (as root or with sudo)."""
    import shutil

    missing = sorted({pkg for prog, pkg in TEST_SYSTEM_PACKAGES.items() if not shutil.which(prog)})
    if not missing:
        return
    if not shutil.which("apt-get"):
        fail(f"the tests need {', '.join(missing)}; install it with your system's package manager")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    print(f"run.py: installing {', '.join(missing)} for the tests", file=sys.stderr)
    quiet = {
        "stdout": subprocess.DEVNULL,
        "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
    }
    if subprocess.call([*sudo, "apt-get", "install", "-y", "-q", *missing], **quiet) != 0:
        subprocess.call([*sudo, "apt-get", "update", "-q"], **quiet)
        if subprocess.call([*sudo, "apt-get", "install", "-y", "-q", *missing], **quiet) != 0:
            fail(f"the tests need {', '.join(missing)}: sudo apt-get install {' '.join(missing)}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    ensure_environment()
    if argv[0] == "test":
        ensure_test_programs()
        command = [str(PYTHON), "-m", "pytest", *argv[1:]]
    else:
        command = [str(PYTHON), "-m", "facilitator", *argv]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
