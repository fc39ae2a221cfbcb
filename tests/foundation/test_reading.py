"""Every file we read must be a regular file we may read: a named pipe, a socket, a device or a folder
given where a file belongs is one line (a pipe must not hang)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import cli, one_line_error

from facilitator.dialogue import load_script
from facilitator.errors import ConfigError

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
