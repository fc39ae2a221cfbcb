"""Every file we read must be a regular file we may read: a named pipe, a socket, a device or a folder
given where a file belongs is one line (a pipe must not hang), and permission denied is said as such."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from support import ROOT, SHORT_COUPLE, Result, cli, one_line_error

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.audio.wavfile import write_wav
from facilitator.dialogue import load_script
from facilitator.errors import ConfigError
from facilitator.reading import PERMISSION_DENIED

PIPE = "is a named pipe (FIFO), not a regular file"


@pytest.fixture
def special(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A named pipe, a listening socket, a device and a folder, each named like a file."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    sock_path = tmp_path / "socket.toml"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.listen()
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    yield {"pipe": fifo, "socket": sock_path, "device": Path(os.devnull), "folder": folder}
    sock.close()


MESSAGES = {
    "pipe": PIPE,
    "socket": "is a socket, not a regular file",
    "device": "is a device, not a regular file",
    "folder": "is a folder, not a file",
}


@pytest.mark.parametrize("kind", MESSAGES)
def test_config_that_is_not_a_regular_file_is_one_line(special, kind: str) -> None:
    r = cli("--config", str(special[kind]), "config", timeout=60)
    assert r.code == 2
    assert one_line_error(r) == f"facilitator: {special[kind]}: {MESSAGES[kind]}" + (
        "; give the file itself" if kind == "pipe" else ""
    )


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_user_config_that_is_not_a_regular_file_is_said_not_skipped(
    isolated_home: Path, kind: str
) -> None:
    user = isolated_home / "config" / "facilitator" / "config.toml"
    user.parent.mkdir(parents=True)
    if kind == "pipe":
        os.mkfifo(user)
    else:
        user.mkdir()
    r = cli("config", timeout=60)
    assert r.code == 2
    assert one_line_error(r).startswith(f"facilitator: {user}: {MESSAGES[kind]}")


@pytest.mark.parametrize("kind", ["pipe", "socket", "device"])
def test_audio_to_analyze_that_is_not_a_regular_file_is_one_line(special, kind: str) -> None:
    r = cli("analyze", str(special[kind]), "--speakers", "channels", timeout=60)
    assert r.code == 2
    assert f"{special[kind]}: {MESSAGES[kind]}" in one_line_error(r)


def test_a_scenario_that_is_a_pipe_is_one_line(special) -> None:
    r = cli("demo", "--plain", "--scenario", str(special["pipe"]), timeout=60)
    assert r.code == 2
    assert f"{special['pipe']}: {PIPE}" in one_line_error(r)


def test_a_voice_manifest_that_is_a_pipe_is_one_line(special, tmp_path: Path) -> None:
    file = tmp_path / "my.toml"
    file.write_text(f'[voice]\nvoice = "{special["pipe"]}"\n')
    r = cli("--config", str(file), "say", "hi", "--out", str(tmp_path / "x.wav"), timeout=60)
    assert r.code == 2
    assert f"{special['pipe']}: {PIPE}" in one_line_error(r)


@pytest.mark.parametrize("kind", MESSAGES)
def test_a_dialogue_script_that_is_not_a_regular_file_is_refused(special, kind: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_script(special[kind])
    assert e.value.problem.startswith(MESSAGES[kind])


# ---- permission denied --------------------------------------------------------------------------


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may enter. Root reads any file whatever its mode, so under root the command
    runs as `nobody`, whom the mode binds; as any other user it runs as that user."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-denied-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def _unreadable(folder: Path, name: str, write) -> Path:
    path = folder / name
    write(path)
    path.chmod(0)
    return path


def _run_denied(folder: Path, *args: str) -> Result:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HOME=str(folder))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(folder / var.lower())
    who = {"user": 65534, "group": 65534, "extra_groups": []} if os.geteuid() == 0 else {}
    p = subprocess.run(
        [sys.executable, "-m", "facilitator", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300, stdin=subprocess.DEVNULL, **who,
    )  # fmt: skip
    return Result(p.returncode, p.stdout, p.stderr)


def test_audio_we_may_not_read_is_permission_denied_not_a_bad_file(shared: Path) -> None:
    def wav(path: Path) -> None:
        write_wav(path, np.zeros((2, SAMPLE_RATE), dtype=np.float32), SAMPLE_RATE)

    audio = _unreadable(shared, "talk.wav", wav)
    r = _run_denied(shared, "analyze", str(audio), "--speakers", "channels")
    assert r.code == 2
    assert one_line_error(r) == f"facilitator: {audio}: {PERMISSION_DENIED}"


def test_config_we_may_not_read_is_permission_denied(shared: Path) -> None:
    config = _unreadable(shared, "my.toml", lambda p: p.write_text("[vad]\naggressiveness = 1\n"))
    r = _run_denied(shared, "--config", str(config), "config")
    assert r.code == 2
    assert one_line_error(r) == f"facilitator: {config}: {PERMISSION_DENIED}"


def test_a_scenario_we_may_not_read_is_permission_denied(shared: Path) -> None:
    scenario = _unreadable(shared, "couple.toml", lambda p: p.write_text(SHORT_COUPLE.read_text()))
    r = _run_denied(shared, "demo", "--plain", "--scenario", str(scenario))
    assert r.code == 2
    assert one_line_error(r) == f"facilitator: {scenario}: {PERMISSION_DENIED}"
