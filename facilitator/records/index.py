"""The session index: one SQLite file listing past sessions and their figures, for `sessions` and
`progress`.

The session folders are the truth and the index only a cache of them: every read first brings it up to
date with the folders (a journal that changed is read again, a folder that vanished is dropped), and a
damaged or outdated index file is simply rebuilt. So it never needs repair by hand, and deleting it
loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from facilitator.errors import FacilitatorError, InputFileError
from facilitator.records.figures import Figures, compute
from facilitator.records.journal import JOURNAL, Journal, read_journal
from facilitator.records.sessions import session_folders, session_sort_key
from facilitator.storage import private_dir

T = TypeVar("T")

INDEX = "index.sqlite"
SCHEMA = 1
"""Bumped when the tables change; an index of another schema is rebuilt from the folders."""

_TABLES = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    started TEXT NOT NULL,
    dialogue TEXT NOT NULL,
    duration_s REAL NOT NULL,
    names TEXT NOT NULL,
    ended TEXT
);
CREATE TABLE figures (
    session TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    partner TEXT NOT NULL,
    measure TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (session, partner, measure)
);
"""


@dataclass(frozen=True)
class Entry:
    """One session as the index knows it."""

    id: str
    started: str
    dialogue: str
    duration_s: float
    names: dict[str, str]
    ended: str | None
    """Why the session ended, or None if it stopped without an end (a crash, or still running)."""
    measures: dict[tuple[str, str], float]
    """(partner, measure) -> value; partner "" for measures of the whole session."""

    def measure(self, partner: str, name: str) -> float | None:
        return self.measures.get((partner, name))


class SessionIndex:
    """The index of the sessions in one data folder."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.path = data / INDEX

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        private_dir(self.data)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            os.fchmod(fd, 0o600)
            os.close(fd)
            db = sqlite3.connect(self.path)
        except (OSError, sqlite3.Error) as e:
            raise FacilitatorError(f"cannot open the session index {self.path} ({e})") from None
        try:
            db.execute("PRAGMA foreign_keys = ON")
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                self._create(db)
            with db:
                yield db
        except sqlite3.OperationalError as e:
            raise FacilitatorError(f"cannot use the session index {self.path} ({e})") from None
        except sqlite3.DatabaseError:
            db.close()
            try:
                self.path.unlink(missing_ok=True)
            except OSError as e:
                raise FacilitatorError(
                    f"cannot replace the damaged index {self.path} ({e})"
                ) from None
            raise _Damaged from None
        finally:
            db.close()

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        with db:
            db.execute("DROP TABLE IF EXISTS figures")
            db.execute("DROP TABLE IF EXISTS sessions")
            db.executescript(_TABLES)
            db.execute(f"PRAGMA user_version = {SCHEMA}")

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work(db)`; a damaged index file is deleted and the work done again on a new one."""
        try:
            with self._db() as db:
                return work(db)
        except _Damaged:
            with self._db() as db:
                return work(db)

    def sync(self) -> tuple[list[Entry], list[str]]:
        """The sessions, oldest first, after bringing the index up to date with the folders; and a
        one-line note for each session folder whose journal could not be read."""
        return self._run(lambda db: _sync(db, self.data))

    def rebuild(self) -> tuple[list[Entry], list[str]]:
        """Forget the index and read every session folder again."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as e:
            raise FacilitatorError(f"cannot replace the session index {self.path} ({e})") from None
        return self.sync()

    def remove(self, session_id: str) -> bool:
        """Drop a session's rows; True if there were any."""
        if not self.path.exists():
            return False
        return self._run(
            lambda db: db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0
        )


class _Damaged(Exception):
    """The index file was not a readable SQLite database; it has been deleted."""


def _sync(db: sqlite3.Connection, data: Path) -> tuple[list[Entry], list[str]]:
    known = {
        row[0]: (row[1], row[2]) for row in db.execute("SELECT id, size, mtime_ns FROM sessions")
    }
    notes = []
    folders = session_folders(data)
    for folder in folders:
        stat = (folder / JOURNAL).stat()
        if known.get(folder.name) == (stat.st_size, stat.st_mtime_ns):
            continue
        db.execute("DELETE FROM sessions WHERE id = ?", (folder.name,))
        try:
            journal = read_journal(folder)
        except InputFileError as e:
            notes.append(f"skipped {folder.name}: {e}")
            continue
        _store(db, folder.name, (stat.st_size, stat.st_mtime_ns), journal, compute(journal))
    present = {f.name for f in folders}
    db.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in known if i not in present])
    return _entries(db), notes


def _store(
    db: sqlite3.Connection,
    session_id: str,
    stat: tuple[int, int],
    journal: Journal,
    figures: Figures,
) -> None:
    end = journal.ended
    db.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session_id,
            *stat,
            str(journal.session.get("started", "")),
            str(journal.session.get("dialogue", "")),
            figures.duration_s,
            json.dumps(journal.names()),
            str(end.get("reason", "")) if end else None,
        ),
    )
    db.executemany(
        "INSERT INTO figures VALUES (?, ?, ?, ?)",
        [
            (session_id, partner, name, value)
            for (partner, name), value in figures.measures().items()
        ],
    )


def _entries(db: sqlite3.Connection) -> list[Entry]:
    measures: dict[str, dict[tuple[str, str], float]] = {}
    for session_id, partner, name, value in db.execute("SELECT * FROM figures"):
        measures.setdefault(session_id, {})[(partner, name)] = value
    entries = [
        Entry(i, started, dialogue, duration, json.loads(names), ended, measures.get(i, {}))
        for i, _, _, started, dialogue, duration, names, ended in db.execute(
            "SELECT * FROM sessions"
        )
    ]
    return sorted(entries, key=lambda e: session_sort_key(e.id))
