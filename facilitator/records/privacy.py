"""Forgetting sessions: on request (`facilitator forget`) and after `storage.retention_days`.

Only files facilitator writes are deleted, and a folder is removed only once it is empty, so pointing
`forget` at the wrong folder cannot destroy anything else: a folder that is not a session is refused,
and a stray file of the user's inside a session folder is kept and named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from facilitator.errors import FacilitatorError, InputFileError
from facilitator.records.audio import AUDIO
from facilitator.records.index import SessionIndex
from facilitator.records.journal import JOURNAL, read_journal
from facilitator.records.report import REPORTS
from facilitator.records.sessions import ID_FORMAT, is_session_id, session_folders, sessions_dir
from facilitator.records.voiceprints import VOICEPRINTS

OURS = (JOURNAL, AUDIO, VOICEPRINTS, *REPORTS.values())
"""The files a session folder may hold that facilitator wrote."""


@dataclass(frozen=True)
class Forgotten:
    """What `forget` deleted from one session folder, and what it left."""

    folder: Path
    deleted: tuple[str, ...]
    kept: tuple[str, ...]

    def describe(self) -> str:
        line = f"deleted session {self.folder.name}: " + (", ".join(self.deleted) or "no files")
        if self.kept:
            return (
                line
                + f"; kept the folder {self.folder} for files not written by facilitator: "
                + (", ".join(self.kept))
            )
        return line + " and its folder"


def _ours(path: Path) -> bool:
    # Reports are replaced through a hidden ".NAME.part" file; one left by a crash is ours too.
    name = path.name
    return name in OURS or (name.startswith(".") and name.endswith(".part") and name[1:-5] in OURS)


def _is_session(folder: Path, data: Path) -> bool:
    """A session folder of this data folder, or any folder whose journal opens a facilitator session."""
    journal = folder / JOURNAL
    if not journal.is_file():
        return False
    if folder.parent == sessions_dir(data) and is_session_id(folder.name):
        return True
    try:
        with open(journal, "rb") as f:
            first = json.loads(f.readline())
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and first.get("type") == "session" and "format" in first


def forget(folder: Path, data: Path) -> Forgotten:
    """Delete a session folder's files and its index rows."""
    if not _is_session(folder, data):
        raise InputFileError(f"{folder} is not a facilitator session folder; nothing deleted")
    deleted, kept = [], []
    try:
        for path in sorted(folder.iterdir()):
            if path.is_file() and _ours(path):
                path.unlink()
                deleted.append(path.name)
            else:
                kept.append(path.name)
        if not kept:
            folder.rmdir()
    except OSError as e:
        raise FacilitatorError(f"cannot delete {folder} ({e.strerror or e})") from None
    SessionIndex(data).remove(folder.name)
    return Forgotten(folder, tuple(deleted), tuple(kept))


def forget_all(data: Path) -> list[Forgotten]:
    return [forget(folder, data) for folder in session_folders(data)]


def _started(folder: Path) -> datetime:
    """When a session started: from its journal, else from its folder name."""
    try:
        when = datetime.fromisoformat(str(read_journal(folder).session.get("started")))
        return when.astimezone().replace(tzinfo=None) if when.tzinfo else when
    except (InputFileError, ValueError):
        try:
            return datetime.strptime(folder.name[:19], ID_FORMAT)
        except ValueError:
            return datetime.fromtimestamp((folder / JOURNAL).stat().st_mtime)


def apply_retention(data: Path, days: int, now: datetime | None = None) -> list[Forgotten]:
    """Forget the sessions that started more than `days` days ago (`days` 0: keep everything)."""
    if days <= 0:
        return []
    limit = (now or datetime.now()) - timedelta(days=days)
    return [forget(f, data) for f in session_folders(data) if _started(f) < limit]
