"""Filterbank features for the voiceprint encoders, in numpy.

Each encoder was trained on one exact front end, and an embedding is only as good as the match to it,
so these reproduce the originals step by step: Kaldi's log-mel filterbank (what CAM++ was trained
on) and librosa's power mel spectrogram (what resemblyzer's encoder was trained on).
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000
_WIN = 400  # 25 ms
_HOP = 160  # 10 ms


def _frames(x: np.ndarray, win: int, hop: int) -> np.ndarray:
    """Overlapping frames of `x`, shape (n, win), as a view (no copy)."""
    n = 1 + (len(x) - win) // hop
    return np.lib.stride_tricks.as_strided(x, (n, win), (x.strides[0] * hop, x.strides[0]))


def _kaldi_mel_matrix(n_mels: int, n_fft: int, low_hz: float, high_hz: float) -> np.ndarray:
    """Kaldi's triangular mel filters, (n_fft // 2 + 1, n_mels); Kaldi leaves the Nyquist bin out."""

    def mel(f: np.ndarray | float) -> np.ndarray:
        return 1127.0 * np.log(1.0 + np.asarray(f) / 700.0)

    lo, hi = mel(low_hz), mel(high_hz)
    delta = (hi - lo) / (n_mels + 1)
    left = lo + delta * np.arange(n_mels)
    centre, right = left + delta, left + 2 * delta
    bins = mel(np.arange(n_fft // 2) * SAMPLE_RATE / n_fft)[:, None]
    up = (bins - left) / (centre - left)
    down = (right - bins) / (right - centre)
    weights = np.where((bins > left) & (bins < right), np.minimum(up, down), 0.0)
    return np.vstack([weights, np.zeros((1, n_mels))]).astype(np.float32)


_KALDI_NFFT = 512
_KALDI_MEL = _kaldi_mel_matrix(80, _KALDI_NFFT, 20.0, SAMPLE_RATE / 2)
_POVEY = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(_WIN) / (_WIN - 1))) ** 0.85


def kaldi_fbank(x: np.ndarray) -> np.ndarray:
    """80 log-mel energies per 10 ms (Kaldi defaults, no dither, edges snipped), mean-normalised.

    Subtracting the mean over the window is part of the CAM++ recipe: it removes the microphone's
    and the room's colouring, which would otherwise look like a difference between voices.
    """
    x = np.asarray(x, dtype=np.float32)
    if len(x) < _WIN:
        x = np.pad(x, (0, _WIN - len(x)))
    f = _frames(x, _WIN, _HOP).astype(np.float64)
    f = f - f.mean(axis=1, keepdims=True)
    f = np.concatenate([f[:, :1] * 0.03, f[:, 1:] - 0.97 * f[:, :-1]], axis=1) * _POVEY
    power = np.abs(np.fft.rfft(f, _KALDI_NFFT)) ** 2
    feats = np.log(np.maximum(power.astype(np.float32) @ _KALDI_MEL, np.finfo(np.float32).eps))
    return feats - feats.mean(axis=0, keepdims=True)


_HANN = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(_WIN) / _WIN)).astype(np.float32)


def mel_power(x: np.ndarray, mel: np.ndarray) -> np.ndarray:
    """librosa's `melspectrogram` (centred, zero-padded, periodic Hann, power 2): (frames, n_mels)."""
    x = np.pad(np.asarray(x, dtype=np.float32), _WIN // 2)
    power = np.abs(np.fft.rfft(_frames(x, _WIN, _HOP) * _HANN, _WIN)) ** 2
    return (power.astype(np.float32) @ mel.T).astype(np.float32)
