"""Where frames come from: an array (tests), an audio file, or (in `microphone`) a sound card.

A source owns the clock. Frames from a file or an array carry the time of their first sample in the
recording, whether they are produced as fast as the CPU allows or paced to real time, so what the rest
of the program decides does not depend on the speed of the machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE, Frame, Framer
from facilitator.audio.resample import resample
from facilitator.errors import InputFileError
from facilitator.reading import NotReadable, open_regular


class Source(Protocol):
    """An iterable of frames with a fixed channel count."""

    channels: int
    realtime: bool
    """True when frames arrive no faster than real time (a microphone, or a file paced on request)."""

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None:
        """Release the device or file; iteration ends."""


class Pacer:
    """Holds frames back until their time has come on the wall clock, when real time is asked for."""

    def __init__(self, realtime: bool) -> None:
        self.realtime = realtime
        self._origin: float | None = None

    def wait(self, frame: Frame) -> None:
        if not self.realtime:
            return
        now = time.monotonic()
        if self._origin is None:
            self._origin = now - frame.t
        delay = self._origin + frame.t - now
        if delay > 0:
            time.sleep(delay)


def as_channels(samples: np.ndarray) -> np.ndarray:
    """(n,) or (channels, n) audio as a float32 (channels, n) array."""
    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 1:
        return data[np.newaxis, :]
    if data.ndim != 2:
        raise ValueError(f"audio must be (n,) or (channels, n), not shape {data.shape}")
    return data


class ArraySource:
    """Frames of audio already in memory: (n,) or (channels, n), at any sample rate."""

    def __init__(
        self,
        samples: np.ndarray,
        rate: int = SAMPLE_RATE,
        *,
        realtime: bool = False,
        start: float = 0.0,
    ) -> None:
        data = as_channels(samples)
        if rate != SAMPLE_RATE:
            data = np.stack([resample(channel, rate, SAMPLE_RATE) for channel in data])
        self._data = data
        self.channels = data.shape[0]
        self.realtime = realtime
        self.start = start
        self.duration = data.shape[1] / SAMPLE_RATE
        self._closed = False

    def __iter__(self) -> Iterator[Frame]:
        framer = Framer(self.channels, self.start)
        pacer = Pacer(self.realtime)
        for frame in (*framer.push(self._data), *framer.flush()):
            if self._closed:
                return
            pacer.wait(frame)
            yield frame

    def close(self) -> None:
        self._closed = True


def check_audio_file(path: Path) -> None:
    """InputFileError unless `path` is a regular, readable, non-empty file (checked before any model
    loads, so a wrong path is said at once); whether it holds audio is for the decoder to say."""
    try:
        with open_regular(path) as f:
            empty = os.fstat(f.fileno()).st_size == 0
    except NotReadable as e:
        raise InputFileError(f"{path}: {e}") from None
    if empty:
        raise InputFileError(f"{path}: the file is empty")


class FileSource:
    """Frames decoded from any audio file PyAV reads (WAV, FLAC, MP3, Ogg, M4A, video soundtracks…),
    resampled to 16 kHz, every channel kept."""

    def __init__(self, path: Path | str, *, realtime: bool = False) -> None:
        import av

        self.path = Path(path)
        self.realtime = realtime
        check_audio_file(self.path)
        try:
            self._container = av.open(str(self.path))
        except (av.FFmpegError, OSError, UnicodeDecodeError, ValueError):
            raise InputFileError(f"{self.path}: not an audio file this program can read") from None
        streams = self._container.streams.audio
        if not streams:
            self._container.close()
            raise InputFileError(f"{self.path}: contains no audio")
        self._stream = streams[0]
        self.channels = int(self._stream.channels)
        if self.channels < 1:
            self._container.close()
            raise InputFileError(f"{self.path}: the audio has no channels")
        self.duration = self._duration()

    def _duration(self) -> float | None:
        """The length in seconds from the file's header, when it tells (for progress display)."""
        if self._stream.duration is not None and self._stream.time_base is not None:
            return float(self._stream.duration * self._stream.time_base)
        if self._container.duration is not None:
            return self._container.duration / 1_000_000
        return None

    def _blocks(self) -> Iterator[np.ndarray]:
        import av

        resampler = av.AudioResampler(format="fltp", layout=self._stream.layout, rate=SAMPLE_RATE)
        try:
            for decoded in self._container.decode(self._stream):
                for out in resampler.resample(decoded):
                    yield out.to_ndarray().reshape(self.channels, -1)
            for out in resampler.resample(None):
                yield out.to_ndarray().reshape(self.channels, -1)
        except av.FFmpegError as e:
            raise InputFileError(
                f"{self.path}: the audio cannot be decoded ({e.strerror or e})"
            ) from None

    def __iter__(self) -> Iterator[Frame]:
        framer = Framer(self.channels)
        pacer = Pacer(self.realtime)
        try:
            for block in self._blocks():
                for frame in framer.push(block):
                    pacer.wait(frame)
                    yield frame
            for frame in framer.flush():
                yield frame
        finally:
            self.close()

    def close(self) -> None:
        self._container.close()
