"""voiceprints.npz: the partners' voiceprints in voices mode, kept only inside their session folder.

A resumed session skips the introductions, so it needs the voices learned at the start. A voiceprint is
personal data, so it is owner-only and goes with the folder when the session is forgotten.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from facilitator.errors import InputFileError
from facilitator.storage import create_private_file, write_error

VOICEPRINTS = "voiceprints.npz"


def save_voiceprints(folder: Path, prints: dict[str, np.ndarray]) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, **prints)
    path = folder / VOICEPRINTS
    fd = create_private_file(path)
    try:
        os.write(fd, buffer.getvalue())
        os.fsync(fd)
    except OSError as e:
        raise write_error(path, e) from None
    finally:
        os.close(fd)


def load_voiceprints(folder: Path) -> dict[str, np.ndarray] | None:
    """The voiceprints kept in a session folder, or None when there are none."""
    path = folder / VOICEPRINTS
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, ValueError) as e:
        raise InputFileError(
            f"cannot read {path} ({e}); the voices must be learned again"
        ) from None
