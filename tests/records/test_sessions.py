"""Session folders, the session index and the `sessions` and `progress` commands."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from records.sample import session_records, write_session
from support import cli, one_line_error

from facilitator.errors import InputFileError
from facilitator.records.figures import compute
from facilitator.records.index import INDEX, SessionIndex
from facilitator.records.journal import JOURNAL, read_journal
from facilitator.records.sessions import new_session_folder, resolve, session_folders


def _config(tmp_path: Path, data: Path) -> str:
    file = tmp_path / "config.toml"
    file.write_text(f'[storage]\ndata_dir = "{data}"\n')
    return str(file)


def test_sessions_starting_in_the_same_second_get_folders_of_their_own(data: Path) -> None:
    when = datetime(2025, 3, 14, 19, 30, 5)
    folders = [new_session_folder(data, when) for _ in range(11)]
    assert [f.name for f in folders[:3]] == [
        "2025-03-14_19-30-05",
        "2025-03-14_19-30-05-2",
        "2025-03-14_19-30-05-3",
    ]
    for folder in folders:
        (folder / JOURNAL).write_text("")
    assert session_folders(data) == folders
    assert resolve("last", data) == folders[-1]


def test_a_session_is_named_by_path_id_or_last(data: Path, session: Path) -> None:
    assert resolve(str(session), data) == session
    assert resolve(str(session / JOURNAL), data) == session
    assert resolve(session.name, data) == session
    assert resolve("last", data) == session
    with pytest.raises(InputFileError, match="no session '2025-01-01_00-00-00'"):
        resolve("2025-01-01_00-00-00", data)


def test_last_with_no_sessions_is_one_line(tmp_path: Path, data: Path) -> None:
    r = cli("--config", _config(tmp_path, data), "report", "last")
    assert r.code == 2 and "no sessions yet" in one_line_error(r)


def test_index_follows_the_folders(data: Path, session: Path) -> None:
    index = SessionIndex(data)
    (entry,), notes = index.sync()
    assert notes == []
    figures = compute(read_journal(session))
    assert entry.id == session.name and entry.dialogue == "intentional"
    assert entry.names == {"A": "Alex", "B": "Sam"} and entry.ended == "completed"
    assert entry.duration_s == figures.duration_s
    assert entry.measure("B", "interruptions") == figures.partners["B"].interruptions
    assert entry.measure("A", "kept") == pytest.approx(figures.partners["A"].kept)

    shorter = write_session(data, session_records()[:20])
    entries, _ = index.sync()
    assert [e.id for e in entries] == [session.name, shorter.name]
    assert entries[1].ended is None

    with open(shorter / JOURNAL, "a") as f:
        f.write('{"t": 300.0, "type": "end", "reason": "time_up"}\n')
    entries, _ = index.sync()
    assert entries[1].ended == "time_up" and entries[1].duration_s == 300.0

    (shorter / JOURNAL).unlink()
    shorter.rmdir()
    entries, _ = index.sync()
    assert [e.id for e in entries] == [session.name]


def test_a_damaged_index_is_rebuilt_from_the_folders(data: Path, session: Path) -> None:
    (data / INDEX).write_bytes(b"this is not a database" * 100)
    (entry,), _ = SessionIndex(data).sync()
    assert entry.id == session.name
    with sqlite3.connect(data / INDEX) as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone() == (1,)


def test_sessions_command_lists_sessions_and_notes_unreadable_ones(
    tmp_path: Path, data: Path, session: Path
) -> None:
    foreign = new_session_folder(data, datetime(2025, 3, 15, 8, 0, 0))
    (foreign / JOURNAL).write_text('{"t": 0, "type": "session", "format": 9}\n')
    r = cli("--config", _config(tmp_path, data), "sessions", "--rebuild")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == [
        "Session", "Date", "Dialogue", "Length", "Partners", "(A", "/", "B)", "Talked", "over",
        "End",
    ]  # fmt: skip
    assert lines[1].split() == [
        session.name, "2025-03-14", "19:30", "intentional", "3:08", "Alex", "/", "Sam", "1", "/",
        "1", "completed",
    ]  # fmt: skip
    assert lines[2].startswith(f"skipped {foreign.name}: ")
    assert "newer version of facilitator" in lines[2]


def test_progress_as_a_table_and_as_a_page_with_charts(
    tmp_path: Path, data: Path, session: Path
) -> None:
    write_session(data, session_records()[:40])
    config = _config(tmp_path, data)
    r = cli("--config", config, "progress")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert len(lines) == 3 and "Talk share" in lines[0]
    assert "Alex / Sam" in lines[1] and "1 / 1" in lines[1]

    r = cli("--config", config, "progress", "--format", "html")
    assert r.code == 0, r.err
    page = (data / "progress.html").read_text()
    charts = [
        ET.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])
        for start in (i for i in range(len(page)) if page.startswith("<svg", i))
    ]
    assert len(charts) == 5
    for chart in charts:
        points = [e for e in chart.iter() if e.get("class") == "point"]
        assert len(points) <= 4 and {p.get("data-series") for p in points} <= {
            "Alex (A)",
            "Sam (B)",
        }
    talk = charts[0]
    assert len([e for e in talk.iter() if e.get("class") == "point"]) == 4


def test_a_data_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    config = _config(tmp_path, blocker / "data")
    for command in (["sessions"], ["progress"], ["progress", "--format", "html"]):
        r = cli("--config", config, *command)
        assert r.code == 1 and "cannot create folder" in one_line_error(r), command
