"""Voiceprints: fixed-length vectors that are close for one voice and far apart for two.

The encoders are neural speaker-embedding models whose weights ship inside this package (see
`facilitator/assets/voiceprint/NOTICE`), run without torch: resemblyzer's LSTM encoder is re-implemented
in numpy, CAM++ runs as ONNX in onnxruntime (already installed with piper). Both return L2-normalised
rows, so the cosine similarity of two voiceprints is their dot product.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from facilitator.errors import ModelError
from facilitator.listening.voiceprint_features import kaldi_fbank, mel_power

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "voiceprint"


class Encoder(Protocol):
    """Turns windows of 16 kHz mono audio into L2-normalised voiceprints."""

    name: str

    def embed(self, windows: np.ndarray) -> np.ndarray:
        """(n, samples) float32 audio windows of one length → (n, dim) unit vectors."""
        ...


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class LstmEncoder:
    """resemblyzer's VoiceEncoder (3-layer LSTM, 40 mel → 256), forward pass in numpy.

    The network was trained on audio normalised to -30 dBFS and does not ignore loudness, so each
    window is brought to that level first; otherwise a partner sitting further from the microphone
    would look like a different voice.
    """

    name = "lstm"
    _TARGET_RMS = 10 ** (-30 / 20)

    def __init__(self, path: Path = ASSETS / "resemblyzer.npz") -> None:
        try:
            with np.load(path) as data:
                self._w = {k: data[k].astype(np.float32) for k in data.files}
        except (OSError, ValueError) as e:
            raise ModelError(f"voiceprint model {path} cannot be read ({e})") from None
        self._layers = [
            (
                self._w[f"lstm_weight_ih_l{i}"].T.copy(),
                self._w[f"lstm_weight_hh_l{i}"].T.copy(),
                self._w[f"lstm_bias_ih_l{i}"] + self._w[f"lstm_bias_hh_l{i}"],
            )
            for i in range(3)
        ]

    def embed(self, windows: np.ndarray) -> np.ndarray:
        windows = np.atleast_2d(np.asarray(windows, dtype=np.float32))
        rms = np.sqrt(np.mean(windows**2, axis=1, keepdims=True))
        windows = windows * (self._TARGET_RMS / np.maximum(rms, 1e-6))
        x = np.stack([mel_power(w, self._w["mel"]) for w in windows])
        for w_ih, w_hh, bias in self._layers:
            x = self._lstm_layer(x, w_ih, w_hh, bias)
        last = x[:, -1]
        out = np.maximum(last @ self._w["linear_weight"].T + self._w["linear_bias"], 0.0)
        return _unit(out)

    @staticmethod
    def _lstm_layer(
        x: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray, bias: np.ndarray
    ) -> np.ndarray:
        n, steps, _ = x.shape
        hidden = w_hh.shape[0]
        gates_in = x @ w_ih + bias
        h = np.zeros((n, hidden), np.float32)
        c = np.zeros((n, hidden), np.float32)
        out = np.empty((n, steps, hidden), np.float32)
        for t in range(steps):
            g = gates_in[:, t] + h @ w_hh
            i, f, cell, o = np.split(g, 4, axis=1)
            c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(cell)
            h = _sigmoid(o) * np.tanh(c)
            out[:, t] = h
        return out


def onnx_session(path: Path, threads: int, what: str) -> Any:
    """An ONNX Runtime session on the CPU; a bad or missing file becomes a one-line ModelError."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own exception types for a bad or missing file
        raise ModelError(f"{what} {path} cannot be loaded ({e})") from None


class CamppEncoder:
    """CAM++ (3D-Speaker, trained on Chinese and English speech), as ONNX, on Kaldi fbank features."""

    name = "campp"

    def __init__(self, path: Path = ASSETS / "campp.onnx", threads: int = 1) -> None:
        self._session = onnx_session(path, threads, "voiceprint model")
        self._input = self._session.get_inputs()[0].name

    def embed(self, windows: np.ndarray) -> np.ndarray:
        windows = np.atleast_2d(np.asarray(windows, dtype=np.float32))
        feats = np.stack([kaldi_fbank(w) for w in windows]).astype(np.float32)
        return _unit(self._session.run(None, {self._input: feats})[0])
