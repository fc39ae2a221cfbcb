"""Writing 16-bit PCM WAV files: the format every player and every analysis tool reads."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from facilitator.errors import FacilitatorError


def to_int16(samples: np.ndarray) -> np.ndarray:
    """float32 in [-1, 1] (clipped beyond) to int16 PCM."""
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write mono (n,) or multichannel (channels, n) float audio as 16-bit PCM."""
    data = samples[np.newaxis, :] if samples.ndim == 1 else samples
    try:
        with wave.open(str(path), "wb") as w:
            w.setnchannels(data.shape[0])
            w.setsampwidth(2)
            w.setframerate(sample_rate)
            w.writeframes(to_int16(data).T.tobytes())
    except OSError as e:
        raise FacilitatorError(f"cannot write {path} ({e.strerror or e})") from None
