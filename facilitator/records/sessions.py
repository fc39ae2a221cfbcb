"""Session folders: where each session's journal, reports and audio live, and how a user names one.

A folder is named by the local time its session started (`2025-03-14_19-30-05`), so a plain listing is
in time order and a user can tell sessions apart by name. The folder is created in one step (`mkdir`
fails if it exists), so two sessions starting in the same second still get folders of their own.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from facilitator.errors import InputFileError
from facilitator.records.journal import JOURNAL
from facilitator.storage import private_dir, write_error

SESSIONS = "sessions"
ID_FORMAT = "%Y-%m-%d_%H-%M-%S"
_ID = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(?:-\d+)?$")


def sessions_dir(data: Path) -> Path:
    return data / SESSIONS


def new_session_folder(data: Path, started: datetime | None = None) -> Path:
    """A new, empty, owner-only folder for a session starting at `started` (default: now)."""
    root = private_dir(sessions_dir(data))
    stem = (started or datetime.now()).strftime(ID_FORMAT)
    for n in range(1, 1000):
        folder = root / (stem if n == 1 else f"{stem}-{n}")
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as e:
            raise write_error(folder, e) from None
        folder.chmod(0o700)
        return folder
    raise InputFileError(f"too many sessions named {stem} in {root}")


def is_session_id(name: str) -> bool:
    return bool(_ID.match(name))


def session_folders(data: Path) -> list[Path]:
    """The session folders in the data folder that hold a journal, oldest first."""
    root = sessions_dir(data)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if is_session_id(p.name) and (p / JOURNAL).is_file()]
    return sorted(found, key=lambda p: session_sort_key(p.name))


def session_sort_key(name: str) -> tuple[str, int]:
    """Orders session ids by start time, and sessions of the same second by their number."""
    return name[:19], int(name[20:] or 1)


def resolve(arg: str, data: Path) -> Path:
    """The folder a user means by SESSION: a path, a session id (folder name), or "last"."""
    if arg == "last":
        folders = session_folders(data)
        if not folders:
            raise InputFileError(f"no sessions yet in {sessions_dir(data)}")
        return folders[-1]
    path = Path(arg).expanduser()
    if path.exists():
        return path.parent if path.is_file() and path.name == JOURNAL else path
    by_id = sessions_dir(data) / arg
    if is_session_id(arg) and by_id.is_dir():
        return by_id
    raise InputFileError(
        f"no session '{arg}': give a session folder, a name from 'facilitator sessions', or 'last'"
    )
