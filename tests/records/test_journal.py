"""The journal survives a killed process and a full disk, and reading it copes with damage."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from records.sample import session_records, write_session
from support import ROOT, cli, one_line_error

from facilitator.errors import FacilitatorError, InputFileError
from facilitator.records.journal import (
    FORMAT,
    JOURNAL,
    JournalWriter,
    read_journal,
    resume_point,
)
from facilitator.records.sessions import new_session_folder
from facilitator.storage import DiskFullError


def _lines(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / JOURNAL).read_text().splitlines()]


def test_every_record_is_one_line_with_t_and_type(session: Path) -> None:
    lines = _lines(session)
    assert len(lines) == 1 + len(session_records())
    assert all(isinstance(r["t"], float | int) and isinstance(r["type"], str) for r in lines)
    first = lines[0]
    assert first["type"] == "session" and first["format"] == FORMAT
    assert first["dialogue"] == "intentional" and first["speakers"] == "channels"
    assert first["started"] == "2025-03-14T19:30:05"
    assert [r["type"] for r in lines[1:]] == [kind for kind, _, _ in session_records()]


def test_a_t_among_the_fields_is_the_record_time_and_a_type_among_them_is_ignored(
    tmp_path: Path,
) -> None:
    with JournalWriter.create(tmp_path) as journal:
        journal.write("interruption", 41.0, by="B", over="A", t=40.0, type="flag", duration=1.0)
    (record,) = _lines(tmp_path)
    assert record == {"t": 40.0, "by": "B", "over": "A", "duration": 1.0, "type": "interruption"}


def test_reader_drops_a_torn_last_line_and_skips_garbled_ones(session: Path) -> None:
    path = session / JOURNAL
    lines = path.read_bytes().split(b"\n")[:-1]
    lines.insert(5, b'{"t": 3.0, "type": "spe')
    lines.insert(9, b"\xff\xfe not json")
    path.write_bytes(b"\n".join(lines) + b'\n{"t": 190.0, "type": "sp')
    journal = read_journal(session)
    assert journal.torn and journal.garbled == 2
    assert len(journal.records) == 1 + len(session_records())
    assert journal.ended is not None


def test_a_killed_writer_leaves_every_record_it_wrote(tmp_path: Path) -> None:
    """kill -9 while the writer runs flat out: the journal holds an unbroken run of its records."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from facilitator.records.journal import JournalWriter
        journal = JournalWriter.create(Path(sys.argv[1]))
        journal.begin(dialogue="intentional", speakers="voices", names={}, config_digest="x")
        n = 0
        while True:
            n += 1
            journal.write("speech", n / 10, speaker="A", start=n / 10, end=n / 10, text="x" * 300)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT)
    journal_file = tmp_path / JOURNAL
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        not journal_file.exists() or journal_file.stat().st_size < 50_000
    ):
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    journal = read_journal(tmp_path)
    speech = [r for r in journal.records if r["type"] == "speech"]
    assert len(speech) > 100
    assert [r["t"] for r in speech] == [round(n / 10, 3) for n in range(1, len(speech) + 1)]
    assert journal.garbled == 0


def test_reopen_cuts_a_torn_line_then_appends(session: Path) -> None:
    path = session / JOURNAL
    path.write_bytes(path.read_bytes() + b'{"t": 190.0, "ty')
    with JournalWriter.reopen(path) as journal:
        journal.write("resume", 190.5)
    assert path.read_bytes().endswith(b'\n{"t":190.5,"type":"resume"}\n')
    read = read_journal(session)
    assert not read.torn and read.records[-1]["type"] == "resume"


def test_resume_point_gives_the_last_step_with_its_state(data: Path) -> None:
    records = session_records()
    second_send = next(
        i for i, (kind, _, f) in enumerate(records) if kind == "step" and f["round"] == 2
    ) + 2  # fmt: skip
    assert records[second_send][2]["name"] == "send"
    folder = write_session(data, records[: second_send + 2])
    point = resume_point(read_journal(folder))
    assert point.step is not None and point.step["name"] == "send" and point.step["round"] == 2
    assert point.state == {"step": "send", "round": 2, "sender": "B"}
    assert point.names == {"A": "Alex", "B": "Sam"}
    assert point.session["dialogue"] == "intentional"
    assert point.last_t == records[second_send + 1][1]
    assert not point.ended and not point.recording


def test_resume_point_of_a_finished_session(session: Path) -> None:
    point = resume_point(read_journal(session))
    assert point.ended and point.last_t == session_records()[-1][1]


def test_journal_before_any_step_has_no_step(data: Path) -> None:
    point = resume_point(read_journal(write_session(data, [])))
    assert point.step is None and point.state is None and point.names == {"A": "", "B": ""}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b'{"t": 0.0, "ty', "is empty"),
        (b"hello\nworld\n", "is not a facilitator journal"),
        (b'{"t": 1.0, "type": "speech"}\n', "is not a facilitator journal"),
        (b'{"t": 0, "type": "session", "format": 2}\n', "newer version of facilitator"),
    ],
)
def test_unreadable_journals_are_one_line_errors(
    tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / JOURNAL).write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        read_journal(tmp_path)
    r = cli("report", str(tmp_path))
    assert r.code == 2 and message in one_line_error(r)


def test_missing_and_foreign_folders_are_one_line_errors(tmp_path: Path) -> None:
    r = cli("report", str(tmp_path / "nowhere"))
    assert r.code == 2 and "no session" in one_line_error(r)
    r = cli("report", str(tmp_path))
    assert r.code == 2 and "not a facilitator session folder" in one_line_error(r)


def test_a_data_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(FacilitatorError, match="cannot create folder"):
        new_session_folder(blocker / "data")


def test_writing_to_a_full_device_raises_disk_full(tmp_path: Path) -> None:
    journal = JournalWriter.reopen(Path("/dev/full"))
    with pytest.raises(DiskFullError, match="the disk is full"):
        journal.write("speech", 1.0, speaker="A", start=0.5, end=1.0, text="hello")
    journal.close()


_FILL_A_SMALL_DISK = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from facilitator.records.journal import JournalWriter, read_journal
    from facilitator.records.sessions import new_session_folder
    from facilitator.storage import DiskFullError
    disk = Path(sys.argv[1])
    filler = disk / "filler"
    filler.write_bytes(b"x" * 8192)
    folder = new_session_folder(disk / "data")
    journal = JournalWriter.create(folder)
    journal.begin(dialogue="intentional", speakers="voices", names={}, config_digest="x")
    written, error = 1, None
    while error is None:
        try:
            journal.write("speech", written, speaker="A", start=0.0, end=1.0, text="w" * 777)
            written += 1
        except DiskFullError as e:
            error = str(e)
    at_full = read_journal(folder)
    filler.unlink()
    journal.write("pause", written, reason="disk_full")
    after = read_journal(folder)
    print(json.dumps({
        "written": written, "error": error,
        "at_full": [len(at_full.records), at_full.torn, at_full.garbled],
        "after": [len(after.records), after.torn, after.records[-1]["type"]],
    }))
    """
)


def test_a_full_disk_keeps_every_record_and_writing_goes_on_once_there_is_space(
    tmp_path: Path,
) -> None:
    """A real small filesystem (tmpfs, in a private mount namespace) filled by the journal."""
    disk = tmp_path / "disk"
    disk.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [
            "unshare",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            'mount -t tmpfs -o size=64k tmpfs "$1" && exec "$2" -c "$3" "$1"',
            "sh",
            str(disk),
            sys.executable,
            _FILL_A_SMALL_DISK,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert "the disk is full" in result["error"]
    assert result["written"] > 10
    assert result["at_full"] == [result["written"], False, 0]
    assert result["after"] == [result["written"] + 1, False, "pause"]
