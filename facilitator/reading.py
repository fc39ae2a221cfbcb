"""Opening a file the user named: only a regular file, and a plain reason for anything else.

A path may name a named pipe (opening it waits for a writer, forever), a socket, a device, a folder, or a
file we may not read. Every reader of the user's files (config, dialogue scripts, scenarios, voice
manifests, audio to analyze) goes through here, so each says the same thing about each, in one line.
The kind is checked before opening, and again on the opened file (opened non-blocking, so a pipe that
appears in between cannot hang us either).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
PERMISSION_DENIED = "permission denied; make it readable for you (chmod u+r) or run as its owner"


class NotReadable(Exception):
    """Why a path cannot be read as a file: a phrase to follow the path in a message."""


def _problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file; give the file itself"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def open_regular(path: Path | str) -> BinaryIO:
    """`path` opened for reading in binary, or NotReadable saying why it cannot be."""
    try:
        problem = _problem(os.stat(path).st_mode)
        if problem:
            raise NotReadable(problem)
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise NotReadable("file not found") from None
    except PermissionError:
        raise NotReadable(PERMISSION_DENIED) from None
    except OSError as e:
        raise NotReadable(f"cannot be read ({e.strerror or e})") from None
    try:
        problem = _problem(os.fstat(fd).st_mode)
        if problem:
            raise NotReadable(problem)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: Path | str) -> None:
    """NotReadable unless `path` is a regular file we may read (for readers that open it themselves)."""
    open_regular(path).close()
