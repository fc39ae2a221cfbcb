"""Errors that reach the user as one line.

Every failure a user can cause or fix (bad config, a missing model, no sound card, an unreadable file)
is raised as a `FacilitatorError`; the command line prints its message on one line and exits with its
code, so a traceback is only ever shown with `--debug`.
"""

from __future__ import annotations

USAGE = 2
"""Exit code for a usage, configuration or installation problem the user fixes before running again."""
RUNTIME = 1
"""Exit code for a problem met while running (a device vanished, a disk filled up)."""


class FacilitatorError(Exception):
    """A problem explained in one line, with the exit code the command should end with."""

    exit_code = RUNTIME

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class ConfigError(FacilitatorError):
    """A configuration or script file is wrong: names the file, the key, the value and the fix."""

    exit_code = USAGE

    def __init__(self, file: object, key: str, problem: str) -> None:
        where = f"{file}: {key}" if key else f"{file}"
        super().__init__(f"{where}: {problem}")
        self.file = str(file)
        self.key = key
        self.problem = problem


class ModelError(FacilitatorError):
    """A model (speech recognizer or voice) is missing or unreadable."""

    exit_code = USAGE


class AudioDeviceError(FacilitatorError):
    """No sound system, no such device, or a device that failed while in use."""

    exit_code = RUNTIME


class InputFileError(FacilitatorError):
    """An input file that is missing, unreadable, or not what it should be."""

    exit_code = USAGE
