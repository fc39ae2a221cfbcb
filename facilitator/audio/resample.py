"""Sample-rate conversion through FFmpeg's resampler (PyAV), for whole clips and for live streams."""

from __future__ import annotations

import av
import numpy as np


class Resampler:
    """Converts a stream of mono float32 blocks from one rate to another, keeping filter state between
    blocks so a live microphone stream has no clicks at block edges."""

    def __init__(self, from_rate: int, to_rate: int) -> None:
        self.from_rate = int(from_rate)
        self.to_rate = int(to_rate)
        self._av = av.AudioResampler(format="flt", layout="mono", rate=self.to_rate)
        self._pts = 0

    def _run(self, frame: av.AudioFrame | None) -> np.ndarray:
        out = [f.to_ndarray().reshape(-1) for f in self._av.resample(frame)]
        return (
            np.concatenate(out).astype(np.float32, copy=False) if out else np.zeros(0, np.float32)
        )

    def push(self, block: np.ndarray) -> np.ndarray:
        """Resampled audio for this block (its length varies a little from block to block)."""
        if self.from_rate == self.to_rate:
            return block.astype(np.float32, copy=False)
        data = np.ascontiguousarray(block, dtype=np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(data, format="flt", layout="mono")
        frame.sample_rate = self.from_rate
        frame.pts = self._pts
        self._pts += data.shape[1]
        return self._run(frame)

    def flush(self) -> np.ndarray:
        """The samples still held in the filter at the end of the stream."""
        if self.from_rate == self.to_rate:
            return np.zeros(0, np.float32)
        return self._run(None)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """A whole mono clip at another sample rate."""
    r = Resampler(from_rate, to_rate)
    return np.concatenate([r.push(samples), r.flush()])
