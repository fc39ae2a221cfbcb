"""session.wav: the session's audio, written as it arrives so a crash loses at most the last second.

A WAV header states the length of the audio, which is unknown until the end. The writer appends
frames as they come and, once a second of audio, rewrites the two length fields and forces the file to
disk; after a crash the header is then at most a second behind the data, and any WAV reader plays
everything up to that point. `repair_wav` brings the header up to the full length of the data, so even
that last second can be kept.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from facilitator.audio.frames import SAMPLE_RATE, Frame
from facilitator.audio.wavfile import to_int16
from facilitator.errors import InputFileError
from facilitator.storage import create_private_file, write_error

AUDIO = "session.wav"
"""The audio file's name inside a session folder."""
HEADER_BYTES = 44
SYNC_EVERY_S = 1.0
"""Seconds of audio between header updates and fsyncs: the most a crash can leave uncounted."""
_RIFF_SIZE_AT = 4
_DATA_SIZE_AT = 40


def _header(channels: int, sample_rate: int, data_bytes: int) -> bytes:
    block = channels * 2
    return b"".join(
        (
            b"RIFF",
            struct.pack("<I", 36 + data_bytes),
            b"WAVEfmt ",
            struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * block, block, 16),
            b"data",
            struct.pack("<I", data_bytes),
        )
    )


class AudioWriter:
    """Writes 16-bit PCM frames to an owner-only WAV file, keeping its header valid as it goes."""

    def __init__(self, path: Path, channels: int, sample_rate: int = SAMPLE_RATE) -> None:
        """Start a new recording at `path` (which must not exist yet)."""
        self._open(path, create_private_file(path, append=False), channels, sample_rate, 0)
        self._pwrite(_header(channels, sample_rate, 0), 0)

    @classmethod
    def reopen(cls, path: Path) -> AudioWriter:
        """Go on recording into a session.wav after a resume, its header first repaired."""
        repair_wav(path)
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError as e:
            raise InputFileError(f"cannot open {path} to continue it ({e.strerror or e})") from None
        channels, sample_rate = _format(path, os.pread(fd, HEADER_BYTES, 0))
        writer = cls.__new__(cls)
        writer._open(path, fd, channels, sample_rate, os.fstat(fd).st_size - HEADER_BYTES)
        return writer

    def _open(self, path: Path, fd: int, channels: int, sample_rate: int, data_bytes: int) -> None:
        self.path = path
        self.channels = channels
        self.sample_rate = sample_rate
        self._fd = fd
        self._data_bytes = data_bytes
        self._unsynced = 0
        self._sync_bytes = int(SYNC_EVERY_S * sample_rate) * channels * 2

    def write(self, frame: Frame) -> None:
        """Append one frame (shape (channels, n), float in [-1, 1])."""
        if frame.channels != self.channels:
            raise ValueError(f"frame has {frame.channels} channels, the file {self.channels}")
        data = to_int16(frame.samples).T.tobytes()
        self._pwrite(data, HEADER_BYTES + self._data_bytes)
        self._data_bytes += len(data)
        self._unsynced += len(data)
        if self._unsynced >= self._sync_bytes:
            self.sync()

    def sync(self) -> None:
        """Bring the header up to date and force everything to disk."""
        self._pwrite(struct.pack("<I", 36 + self._data_bytes), _RIFF_SIZE_AT)
        self._pwrite(struct.pack("<I", self._data_bytes), _DATA_SIZE_AT)
        try:
            os.fsync(self._fd)
        except OSError as e:
            raise write_error(self.path, e) from None
        self._unsynced = 0

    def close(self) -> None:
        if self._fd >= 0:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> AudioWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pwrite(self, data: bytes, offset: int) -> None:
        try:
            view = memoryview(data)
            while view:
                written = os.pwrite(self._fd, view, offset)
                view, offset = view[written:], offset + written
        except OSError as e:
            raise write_error(self.path, e) from None


def _format(path: Path, head: bytes) -> tuple[int, int]:
    """Channels and sample rate from a header this module wrote; an error for anything else."""
    if len(head) < HEADER_BYTES or head[:4] != b"RIFF" or head[36:40] != b"data":
        raise InputFileError(f"{path} is not a session recording")
    channels, sample_rate = struct.unpack("<HI", head[22:28])
    if not channels or not sample_rate:
        raise InputFileError(f"{path} is not a session recording")
    return channels, sample_rate


def repair_wav(path: Path) -> float:
    """Make the header of a session.wav cover all of its whole frames (after a crash); the seconds."""
    try:
        with open(path, "r+b") as f:
            channels, sample_rate = _format(path, f.read(HEADER_BYTES))
            block = 2 * channels
            data_bytes = (f.seek(0, os.SEEK_END) - HEADER_BYTES) // block * block
            f.seek(_RIFF_SIZE_AT)
            f.write(struct.pack("<I", 36 + data_bytes))
            f.seek(_DATA_SIZE_AT)
            f.write(struct.pack("<I", data_bytes))
            f.truncate(HEADER_BYTES + data_bytes)
    except OSError as e:
        raise InputFileError(f"cannot repair {path} ({e.strerror or e})") from None
    return data_bytes / block / sample_rate
