"""The user's data folder: created owner-only, because it holds private conversations."""

from __future__ import annotations

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
