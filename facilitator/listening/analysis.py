"""Analysing a finished recording: the file goes through the same Listener a live session uses.

In `channels` mode the file is streamed frame by frame, channel 1 (by default) being partner A and
channel 2 partner B. In `voices` mode the whole recording is first handed to the offline diarizer
(`facilitator.listening.diarize.diarize(mono_16k, config) -> [(start, end, speaker), ...]`), whose
segments then attribute the frames.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from facilitator.audio.frames import Frame
from facilitator.audio.sources import ArraySource, FileSource
from facilitator.config import Config
from facilitator.errors import USAGE, FacilitatorError, InputFileError
from facilitator.listening.channels import ChannelAttributor
from facilitator.listening.listener import Listener, listen
from facilitator.listening.speakers import PARTNERS, Attributor, SegmentAttributor
from facilitator.listening.summary import Summary, summarize
from facilitator.listening.transcriber import Transcriber

Progress = Callable[[float, float | None], None]
"""Called with (seconds done, total seconds or None) as the analysis goes."""


def _diarize(audio: np.ndarray, config: Config) -> list[tuple[float, float, str]]:
    try:
        from facilitator.listening.diarize import diarize
    except ModuleNotFoundError as e:
        if e.name != "facilitator.listening.diarize":
            raise
        raise FacilitatorError(
            "voices mode is not available in this version; use --speakers channels", USAGE
        ) from None
    return diarize(audio, config)


class _Timeline:
    """Passes frames on, noting how far the recording has got and reporting progress."""

    def __init__(self, total: float | None, progress: Progress | None) -> None:
        self.total = total
        self.end = 0.0
        self._progress = progress

    def follow(self, frames: Iterable[Frame]) -> Iterator[Frame]:
        for frame in frames:
            self.end = frame.end
            if self._progress is not None:
                self._progress(frame.end, self.total)
            yield frame


def _channels_attributor(path: Path, config: Config, channels: int) -> ChannelAttributor:
    if channels < 2:
        raise InputFileError(
            f"{path}: has one channel; channels mode needs one channel per partner "
            "(use --speakers voices for a single microphone)"
        )
    try:
        return ChannelAttributor(config.speakers, channels)
    except FacilitatorError as e:
        raise InputFileError(f"{path}: {e}") from None


def analyze_file(
    path: Path,
    config: Config,
    mode: str,
    transcriber: Transcriber | None,
    progress: Progress | None = None,
) -> Summary:
    """Who spoke when and what in the recording at `path` (`mode` is "channels" or "voices").

    A recording has no one waiting for its transcripts, so turns are transcribed whole rather than
    piece by piece as they go: fewer, longer pieces are less work and read better to Whisper.
    """
    config = config.replace("transcriber", partial_after_s=0.0)
    source = FileSource(path, realtime=config.audio.realtime_files)
    timeline = _Timeline(source.duration, progress)
    attributor: Attributor
    frames: Iterable[Frame]
    if mode == "channels":
        try:
            attributor = _channels_attributor(path, config, source.channels)
        except FacilitatorError:
            source.close()
            raise
        frames, channels = timeline.follow(source), source.channels
    else:
        blocks = [frame.samples for frame in source]
        mono = np.concatenate(blocks, axis=1).mean(axis=0) if blocks else np.zeros(0, np.float32)
        segments = _diarize(mono, config)
        attributor = SegmentAttributor(segments, sorted({s for _, _, s in segments}) or PARTNERS)
        frames, channels = timeline.follow(ArraySource(mono)), 1
    listener = Listener(config, attributor, channels, transcriber)
    events = list(listen(frames, listener))
    listener.close()
    # The last frame is padded to a whole frame; the header, when it has one, knows the true length.
    end = min(timeline.end, source.duration) if source.duration else timeline.end
    return summarize(events, attributor.speakers, end, config.interruptions.min_s)
