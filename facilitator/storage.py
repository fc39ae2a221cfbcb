"""The user's data folder and the files in it: owner-only, because they hold private conversations.

Writes that fail say why in one line; a full disk has its own error so a running session can pause
and tell the partners instead of stopping.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from facilitator.config import StorageSettings
from facilitator.errors import FacilitatorError


def data_dir(settings: StorageSettings) -> Path:
    """Where sessions are kept: the configured folder, or the platform's user data folder."""
    if settings.data_dir:
        return Path(settings.data_dir).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("facilitator"))


def private_dir(path: Path) -> Path:
    """Create a folder (and its parents) readable by the owner only; fail in one line if impossible."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
    except OSError as e:
        raise FacilitatorError(
            f"cannot create folder {path} ({e.strerror or e}); "
            "set storage.data_dir or --out to a writable folder"
        ) from None
    return path


class StorageWriteError(FacilitatorError):
    """A session file could not be written (a read-only or vanished disk); what was written is kept."""


class DiskFullError(StorageWriteError):
    """The disk is full. Raised apart so the runner can pause the session and say so aloud."""


def write_error(path: Path, error: OSError) -> StorageWriteError:
    """The one-line error for a failed write to `path`, telling a full disk apart from other failures."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(
            f"the disk is full: cannot write {path}; free some space, then resume the session"
        )
    return StorageWriteError(f"cannot write {path} ({error.strerror or error})")


def create_private_file(path: Path, *, append: bool = True) -> int:
    """A new file open for writing (only at its end if `append`), owner-only whatever the umask;
    fails if it already exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | (os.O_APPEND if append else 0)
    try:
        fd = os.open(path, flags, 0o600)
        os.fchmod(fd, 0o600)
    except OSError as e:
        raise write_error(path, e) from None
    return fd


def write_private_text(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (a reader never sees half a file), owner-only."""
    part = path.with_name(f".{path.name}.part")
    data = text.encode("utf-8")
    try:
        part.unlink(missing_ok=True)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(part, path)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise write_error(path, e) from None
