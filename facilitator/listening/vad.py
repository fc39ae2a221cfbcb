"""Voice activity per channel: webrtcvad's verdict, checked against the channel's background level.

webrtcvad is cheap (microseconds a frame) and was measured best among the options on real two-person
speech, but it has two blind spots, both covered here. It calls some steady noise (a fan, hiss, the
hum of a quiet room) a voice, so a frame also has to stand out from the channel's noise floor by
`min_snr_db`; the floor follows the quietest recent frames, which makes the test independent of how
loud the recording is. And it misses speech that is simply quiet (a microphone turned down, a
recording at -40 dBFS hears only half its syllables), so each channel is brought up to a normal speech
level before webrtcvad hears it, following the loudest recent frames. Deciding whose voice it is, and
smoothing verdicts into stretches of speech, are later steps (attribution and the turn segmenter).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from facilitator.audio.frames import FRAME_SAMPLES, SAMPLE_RATE, Frame
from facilitator.config import VadSettings

SILENT_DB = -100.0
"""The level reported for digital silence, so levels stay finite."""
FLOOR_RISE_DB = 0.03
"""How fast (dB per frame, about 1 dB/s) the noise floor follows a room that got louder; it follows a
quieter one at once. It starts at the first sound heard: a live microphone always hears the room before
anyone speaks, and a recording that opens on speech has its floor fixed at the first pause."""


TARGET_DB = -30.0
"""The level the loudest recent frames of a channel are brought up to for webrtcvad (dBFS). A
close microphone's speech is louder than this and is left alone; only quiet input is raised, since
raising it further also turns breaths and rustling into "voice" (measured on the AMI excerpts)."""
MAX_GAIN_DB = 30.0
"""The most a quiet channel is amplified for webrtcvad."""
PEAK_FALL_DB = 0.05
"""How fast (dB per frame, about 1.7 dB/s) the loudest-level estimate falls after loud sound ends."""


@dataclass(frozen=True)
class Voicing:
    """What the VAD heard in one frame: per channel, whether it is a voice and how loud it is."""

    t: float
    voiced: tuple[bool, ...]
    level_db: tuple[float, ...]
    """RMS level in dB relative to full scale."""
    floor_db: tuple[float, ...]
    """The channel's background level (dBFS) as estimated so far."""


def level_db(samples: np.ndarray) -> np.ndarray:
    """RMS level (dBFS) of each row of `samples`."""
    power = np.mean(np.square(samples, dtype=np.float64), axis=-1)
    return np.maximum(10.0 * np.log10(np.maximum(power, 1e-20)), SILENT_DB)


class Vad:
    """One webrtcvad instance and one noise-floor estimate per channel."""

    def __init__(self, settings: VadSettings, channels: int) -> None:
        import webrtcvad

        self._vads = [webrtcvad.Vad(settings.aggressiveness) for _ in range(channels)]
        self._min_snr_db = settings.min_snr_db
        self._floor: np.ndarray | None = None
        self._peak = np.full(channels, np.nan)

    def _track_floor(self, level: np.ndarray) -> np.ndarray:
        # Digital silence (a muted input, a gap in a file) says nothing about the room's noise.
        heard = level > SILENT_DB
        if self._floor is None:
            self._floor = np.full(level.shape, np.nan)
        risen = np.where(
            np.isnan(self._floor), level, np.minimum(level, self._floor + FLOOR_RISE_DB)
        )
        self._floor = np.where(heard, risen, self._floor)
        return self._floor

    def _stands_out(self, level: np.ndarray, floor: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return (level > SILENT_DB) & (level >= floor + self._min_snr_db)

    def _gain(self, level: np.ndarray) -> np.ndarray:
        """The linear gain per channel that brings its recent loudest frames to TARGET_DB."""
        heard = level > SILENT_DB
        fallen = np.where(np.isnan(self._peak), level, np.fmax(level, self._peak - PEAK_FALL_DB))
        self._peak = np.where(heard, fallen, self._peak)
        return 10 ** (np.clip(np.nan_to_num(TARGET_DB - self._peak), 0.0, MAX_GAIN_DB) / 20)

    def process(self, frame: Frame) -> Voicing:
        level = level_db(frame.samples)
        louder = frame.samples * self._gain(level)[:, np.newaxis]
        pcm = (np.clip(louder, -1.0, 1.0) * 32767.0).astype(np.int16)
        floor = self._track_floor(level)
        voiced = tuple(
            bool(loud) and vad.is_speech(row.tobytes(), SAMPLE_RATE, FRAME_SAMPLES)
            for vad, row, loud in zip(self._vads, pcm, self._stands_out(level, floor), strict=True)
        )
        return Voicing(frame.t, voiced, tuple(level.tolist()), tuple(floor.tolist()))

    def silent(self, frame: Frame) -> Voicing:
        """The verdict for a frame that must not be heard (gated while a prompt plays)."""
        n = len(self._vads)
        floor = self._floor if self._floor is not None else np.full(n, np.nan)
        return Voicing(frame.t, (False,) * n, (SILENT_DB,) * n, tuple(floor.tolist()))
