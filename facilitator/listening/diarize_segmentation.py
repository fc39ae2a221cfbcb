"""Local speaker segmentation with pyannote's segmentation-3.0 model (MIT), run as ONNX.

Voiceprints of fixed windows blur quick exchanges: a 1.5-s window over a 0.5-s reply is mostly the
other voice, and where two people talk at once the voiceprint is a blend that looks like neither.
This model was trained to say, every 17 ms of a 10-s chunk, which of up to three "local" speakers
talk, including two at once. Its local speakers are anonymous and numbered afresh in every chunk;
`diarize` gives each one a voiceprint from the audio where it talks alone and so links them to the
partners. Weights: `facilitator/assets/voiceprint/` (see NOTICE there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from facilitator.listening.voiceprint import ASSETS, onnx_session
from facilitator.listening.voiceprint_features import SAMPLE_RATE

CHUNK_S = 10.0
"""The model's input length (it was trained on 10-s chunks)."""
FRAME_STEP_S = 0.016875
FRAME_DURATION_S = 0.0619375
_CLASSES = np.array(
    [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]], dtype=bool
)
"""The model's powerset classes: which of the three local speakers each one means."""


@dataclass(frozen=True)
class Chunk:
    """The model's answer for one chunk of audio."""

    start: int
    """First sample of the chunk in the recording."""
    active: np.ndarray
    """(frames, 3) bool: which local speakers talk in each frame (the most likely class)."""
    overlap: np.ndarray
    """(frames,) probability that two local speakers talk at once."""

    def frame_times(self) -> np.ndarray:
        """The centre of each frame, in seconds of the recording."""
        first = self.start / SAMPLE_RATE + FRAME_DURATION_S / 2
        return first + np.arange(len(self.active)) * FRAME_STEP_S


class Segmenter:
    """Runs the segmentation model over a recording in overlapping chunks."""

    def __init__(self, path: Path = ASSETS / "segmentation.onnx", threads: int = 1) -> None:
        self._session = onnx_session(path, threads, "segmentation model")

    def chunks(self, audio: np.ndarray, step_s: float) -> list[Chunk]:
        """One Chunk every `step_s`, the last one ending with the audio (short audio is padded)."""
        size = int(CHUNK_S * SAMPLE_RATE)
        last = max(0, len(audio) - size)
        starts = list(range(0, last + 1, int(step_s * SAMPLE_RATE)))
        if starts[-1] != last:
            starts.append(last)
        out = []
        for first in range(0, len(starts), 8):
            group = starts[first : first + 8]
            batch = np.stack(
                [np.pad(audio[s : s + size], (0, size - len(audio[s : s + size]))) for s in group]
            )
            logp = self._session.run(None, {"waveform": batch.astype(np.float32)[:, None]})[0]
            for s, lp in zip(group, logp, strict=True):
                out.append(Chunk(s, _CLASSES[np.argmax(lp, axis=-1)], np.exp(lp[:, 4:]).sum(-1)))
        return out


def overlap_probability(chunks: list[Chunk], steps: int, step_s: float) -> np.ndarray:
    """P(two voices at once) on a grid of `steps` × `step_s`, averaged over the chunks covering it.

    The chunks are weighted by a Hann window, because the model is least sure near a chunk's edges,
    where it hears only one side of the context.
    """
    grid = (np.arange(steps) + 0.5) * step_s
    total = np.zeros(steps)
    weight = np.zeros(steps)
    for chunk in chunks:
        times = chunk.frame_times()
        inside = (grid >= times[0]) & (grid <= times[-1])
        w = np.hanning(len(times) + 2)[1:-1]
        total[inside] += np.interp(grid[inside], times, chunk.overlap * w)
        weight[inside] += np.interp(grid[inside], times, w)
    return total / np.maximum(weight, 1e-9)


def solo_frames(chunk: Chunk) -> list[np.ndarray]:
    """For each local speaker, the frames of the chunk where they talk and nobody else does."""
    alone = chunk.active & (chunk.active.sum(axis=1, keepdims=True) == 1)
    return [np.flatnonzero(alone[:, k]) for k in range(alone.shape[1])]


def frames_audio(chunk: Chunk, audio: np.ndarray, frames: np.ndarray) -> np.ndarray:
    """The recording's samples under `frames` of `chunk`, joined in order."""
    keep = np.zeros(int(CHUNK_S * SAMPLE_RATE), bool)
    step, length = FRAME_STEP_S * SAMPLE_RATE, FRAME_DURATION_S * SAMPLE_RATE
    for f in frames:
        keep[int(f * step) : int(f * step + length)] = True
    piece = audio[chunk.start : chunk.start + len(keep)]
    return piece[keep[: len(piece)]]
