"""Offline `voices` mode: who spoke when in a finished one-microphone recording, with no enrollment.

How it works, and why:
1. Voiced audio comes from the VAD, with pauses shorter than `GAP_S` bridged and `PAD_S` added at
   each edge: webrtcvad drops the quiet ends of words, and every dropped frame would go unattributed.
2. A voiceprint (CAM++, `voiceprint.py`) is taken of every `WINDOW_S` window, `HOP_S` apart, over the
   voiced audio. Shorter windows give noisier voiceprints; longer ones blur quick exchanges.
3. The windows are grouped without knowing how many voices there are: k-means into many small groups,
   then the two most alike groups are merged until no two are alike enough (`SAME_VOICE`, relative
   to how alike each group's own windows are). One group left = one person spoke alone. The two
   groups with most speech are partners A and B; a smaller leftover group (a third voice, a laugh,
   a cough) joins the partner it resembles.
4. The segmentation model (`diarize_segmentation.py`) splits each 10-s chunk (every
   `CHUNK_STEP_S`) into up to three local speakers; each one's audio alone gets a voiceprint. These
   are purer than windows (one voice, cut at the right moments), so when there are enough of them
   the grouping of step 3 runs on them instead of on the windows.
5. Each 10-ms step takes the partner whose centroid the windows covering it resemble most; where
   local speakers talk alone, their partner (by voiceprint) wins instead, which catches replies too
   short for a window. Stretches shorter than `MIN_RUN_S` are absorbed by their neighbours.
6. Where the segmentation model hears two voices at once for at least `MIN_OVERLAP_S`, both partners
   get the stretch.
A is whoever has the most speech. The thresholds were set on the AMI excerpts and the synthetic
conversations (see `benchmarks/voices.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from facilitator.audio.frames import FRAME_SAMPLES, Frame
from facilitator.config import Config, VadSettings
from facilitator.errors import InputFileError
from facilitator.listening.diarize_segmentation import (
    FRAME_STEP_S,
    Chunk,
    Segmenter,
    frames_audio,
    overlap_probability,
    solo_frames,
)
from facilitator.listening.speakers import PARTNERS
from facilitator.listening.vad import Vad
from facilitator.listening.voiceprint import CamppEncoder, Encoder
from facilitator.listening.voiceprint_features import SAMPLE_RATE

STEP_S = 0.01
"""The time grid of the decisions (s)."""
GAP_S = 0.3
PAD_S = 0.1
WINDOW_S = 1.5
HOP_S = 0.75
SAME_VOICE = 0.7
"""Two groups of windows are one voice when their similarity is at least this share of their own."""
MIN_RUN_S = 0.3
MIN_OVERLAP_S = 0.5
OVERLAP_P = 0.5
CHUNK_STEP_S = 5.0
"""Segmentation chunks (10 s) start this far apart, so every moment is seen in two contexts. 2.5 s
(four contexts) measured no better on the AMI excerpts and synthetic conversations, at 1.7× the CPU."""
LOCAL_MIN_S = 0.25
"""A local speaker needs this much time alone in a chunk to get a voiceprint and a vote."""
LOCAL_GROUP_S = 0.5
"""...and this much to help find the partners (shorter ones are too noisy to group)."""
_BATCH = 64


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, past-last) index pairs of the True stretches of `mask`."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def voiced_grid(audio: np.ndarray, settings: VadSettings) -> np.ndarray:
    """webrtcvad's verdict on `audio`, one flag per STEP_S, with short pauses bridged and edges padded."""
    vad = Vad(settings, 1)
    n = len(audio) // FRAME_SAMPLES
    frames = audio[: n * FRAME_SAMPLES].reshape(n, 1, FRAME_SAMPLES)
    flags = [vad.process(Frame(0.0, f)).voiced[0] for f in frames]
    per_step = FRAME_SAMPLES // int(STEP_S * SAMPLE_RATE)
    grid = np.zeros(int(np.ceil(len(audio) / SAMPLE_RATE / STEP_S)), bool)
    grid[: n * per_step] = np.repeat(flags, per_step)
    return widen(grid)


def widen(grid: np.ndarray) -> np.ndarray:
    """Bridge pauses shorter than GAP_S and pad each stretch by PAD_S."""
    out = grid.copy()
    stretches = runs(grid)
    gap, pad = round(GAP_S / STEP_S), round(PAD_S / STEP_S)
    for (_, end), (start, _) in itertools.pairwise(stretches):
        if start - end <= gap:
            out[end:start] = True
    for start, end in runs(out.copy()):
        out[max(0, start - pad) : end + pad] = True
    return out


def _grid_from_segments(segments: Sequence[tuple[float, float]], steps: int) -> np.ndarray:
    grid = np.zeros(steps, bool)
    for start, end in segments:
        grid[max(0, round(start / STEP_S)) : max(0, round(end / STEP_S))] = True
    return widen(grid)


def window_starts(voiced: np.ndarray, window: int, hop: int) -> np.ndarray:
    """Grid indices where windows start: evenly over each voiced stretch, one centred on a short one."""
    starts: list[int] = []
    limit = max(0, len(voiced) - window)
    for start, end in runs(voiced):
        if end - start <= window:
            starts.append(min(max(0, (start + end - window) // 2), limit))
        else:
            count = int(np.ceil((end - start - window) / hop))
            starts += [round(start + i * (end - start - window) / count) for i in range(count + 1)]
    return np.array(starts, dtype=int)


def embed_windows(
    audio: np.ndarray, starts: np.ndarray, window: int, encoder: Encoder
) -> np.ndarray:
    samples = int(STEP_S * SAMPLE_RATE)
    padded = np.pad(audio, (0, window * samples))
    out = []
    for first in range(0, len(starts), _BATCH):
        batch = [
            padded[s * samples : (s + window) * samples] for s in starts[first : first + _BATCH]
        ]
        out.append(encoder.embed(np.stack(batch)))
    return np.concatenate(out) if out else np.zeros((0, 1), np.float32)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def _kmeans(vectors: np.ndarray, k: int, rounds: int = 20) -> np.ndarray:
    """Cosine k-means from farthest-point seeds (deterministic): a label per vector."""
    seeds = [int(np.argmin(vectors @ _unit(vectors.mean(0))))]
    for _ in range(k - 1):
        seeds.append(int(np.argmin(np.max(vectors @ vectors[seeds].T, axis=1))))
    centres = vectors[seeds]
    for _ in range(rounds):
        labels = np.argmax(vectors @ centres.T, axis=1)
        centres = _unit(
            np.stack(
                [
                    vectors[labels == q].mean(0) if (labels == q).any() else centres[q]
                    for q in range(k)
                ]
            )
        )
    return np.argmax(vectors @ centres.T, axis=1)


def _cohesion(sims: np.ndarray) -> float:
    """Mean similarity between different members of a group (1 for a single member)."""
    n = len(sims)
    return 1.0 if n < 2 else float((sims.sum() - np.trace(sims)) / (n * (n - 1)))


def group_voices(vectors: np.ndarray, same_voice: float = SAME_VOICE) -> list[np.ndarray]:
    """Indices of each voice's windows, largest group first.

    k-means groups are merged, most alike first, while the average similarity between two groups is
    at least `same_voice` times what their members share within each group. A relative test, not an
    absolute cosine: how alike one person's windows are varies with the microphone, the room and the
    voice, and so does how alike two people are.
    """
    labels = _kmeans(vectors, min(12, len(vectors)))
    groups = [np.flatnonzero(labels == q) for q in np.unique(labels)]
    sims = vectors @ vectors.T
    while len(groups) > 1:
        within = [_cohesion(sims[np.ix_(g, g)]) for g in groups]
        best, pair = -np.inf, (0, 1)
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                between = sims[np.ix_(groups[i], groups[j])].mean()
                score = between / np.sqrt(max(within[i] * within[j], 1e-9))
                if score > best:
                    best, pair = score, (i, j)
        if best < same_voice:
            break
        i, j = pair
        groups[i] = np.concatenate([groups[i], groups[j]])
        del groups[j]
    return sorted(groups, key=len, reverse=True)


def partner_centroids(vectors: np.ndarray, same_voice: float = SAME_VOICE) -> np.ndarray:
    """One centroid per voice found, at most two; leftover groups join the partner they resemble."""
    groups = group_voices(vectors, same_voice)
    main = _unit(np.stack([vectors[g].mean(0) for g in groups[:2]]))
    members: list[list[np.ndarray]] = [[g] for g in groups[:2]]
    for g in groups[2:]:
        members[int(np.argmax(main @ vectors[g].mean(0)))].append(g)
    return _unit(np.stack([vectors[np.concatenate(m)].mean(0) for m in members]))


def _smooth(labels: np.ndarray, min_run: int) -> np.ndarray:
    """Give stretches shorter than `min_run` (within voiced audio) to the neighbour before them."""
    out = labels.copy()
    for start, end in runs(out >= 0):
        part = out[start:end]
        changes = np.flatnonzero(np.diff(part)) + 1
        bounds = [0, *changes.tolist(), len(part)]
        for a, b in itertools.pairwise(bounds):
            if b - a < min_run and len(bounds) > 2:
                part[a:b] = part[a - 1] if a > 0 else part[b]
    return out


def _segments(labels: np.ndarray, overlap: np.ndarray) -> list[tuple[float, float, str]]:
    out = []
    for k, name in enumerate(PARTNERS):
        for start, end in runs((labels == k) | (overlap & (labels >= 0))):
            out.append((round(start * STEP_S, 2), round(end * STEP_S, 2), name))
    return sorted(out)


@dataclass(frozen=True)
class LocalVoice:
    """One local speaker of one segmentation chunk, where they talk alone."""

    vector: np.ndarray
    steps: np.ndarray
    """Grid indices (STEP_S) they cover."""
    seconds: float


def local_voices(
    audio: np.ndarray, chunks: list[Chunk], encoder: Encoder, steps: int
) -> list[LocalVoice]:
    """A voiceprint for every local speaker with at least LOCAL_MIN_S alone in a chunk."""
    out = []
    for chunk in chunks:
        times = chunk.frame_times()
        for frames in solo_frames(chunk):
            seconds = len(frames) * FRAME_STEP_S
            if seconds < LOCAL_MIN_S:
                continue
            vector = encoder.embed(frames_audio(chunk, audio, frames)[None])[0]
            cover = np.unique(np.clip((times[frames] / STEP_S).astype(int), 0, steps - 1))
            out.append(LocalVoice(vector, cover, seconds))
    return out


def attribute(
    vectors: np.ndarray,
    starts: np.ndarray,
    window: int,
    voiced: np.ndarray,
    voices: Sequence[LocalVoice] = (),
) -> tuple[np.ndarray, int]:
    """A partner index per STEP_S (-1 = unvoiced) and how many voices were found.

    The partners are found among the local speakers' voiceprints when there are enough of them
    (purer: each is one voice alone), otherwise among the windows'. Every voiced step first takes
    the partner its covering windows resemble most; where local speakers talk alone, their vote wins.
    """
    pool = np.array([v.vector for v in voices if v.seconds >= LOCAL_GROUP_S])
    if len(pool) < 2:
        pool = vectors
    centroids = partner_centroids(pool) if len(pool) > 1 else pool[:1]
    score = np.zeros((len(voiced), len(centroids)))
    covered = np.zeros(len(voiced))
    for s, sims in zip(starts, vectors @ centroids.T, strict=True):
        score[s : s + window] += sims
        covered[s : s + window] += 1
    labels = np.where(voiced & (covered > 0), np.argmax(score, axis=1), -1)
    if len(centroids) == 2 and voices:
        votes = np.zeros((len(voiced), 2))
        for v in voices:
            votes[v.steps, int(np.argmax(centroids @ v.vector))] += 1
        decided = voiced & (votes.sum(axis=1) > 0)
        labels[decided] = np.argmax(votes[decided], axis=1)
    return _smooth(labels, round(MIN_RUN_S / STEP_S)), len(centroids)


def overlap_grid(chunks: list[Chunk], steps: int) -> np.ndarray:
    """True where two voices are heard together for at least MIN_OVERLAP_S."""
    p = overlap_probability(chunks, steps, STEP_S)
    both = np.zeros(steps, bool)
    for start, end in runs(p > OVERLAP_P):
        if end - start >= round(MIN_OVERLAP_S / STEP_S):
            both[start:end] = True
    return both


def voiced_input(
    audio: np.ndarray,
    voiced: np.ndarray | Sequence[tuple[float, float]] | None,
    settings: VadSettings,
) -> np.ndarray:
    """The voiced grid from a caller's mask or (start, end) list, or from webrtcvad when None."""
    steps = int(np.ceil(len(audio) / SAMPLE_RATE / STEP_S))
    if voiced is None:
        return voiced_grid(audio, settings)
    if isinstance(voiced, np.ndarray) and voiced.dtype == bool:
        grid = np.zeros(steps, bool)
        grid[: min(steps, len(voiced))] = voiced[:steps]
        return widen(grid)
    return _grid_from_segments(voiced, steps)


def diarize(
    audio: np.ndarray,
    config: Config | None = None,
    *,
    voiced: np.ndarray | Sequence[tuple[float, float]] | None = None,
    encoder: Encoder | None = None,
    overlaps: bool = True,
) -> list[tuple[float, float, str]]:
    """Who speaks when in `audio` (mono float32 at 16 kHz): sorted (start s, end s, "A" or "B").

    `voiced` is a boolean mask per STEP_S or a list of (start, end) seconds; without it webrtcvad
    decides (with `config.vad`'s aggressiveness). Where two people talk at once both partners have a
    segment covering the stretch. A recording with one voice gets only "A" segments.
    """
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim != 1:
        raise InputFileError("voices mode needs mono audio (one channel)")
    grid = voiced_input(audio, voiced, config.vad if config is not None else VadSettings())
    window, hop = round(WINDOW_S / STEP_S), round(HOP_S / STEP_S)
    starts = window_starts(grid, window, hop)
    if len(starts) == 0:
        return []
    encoder = encoder or CamppEncoder()
    vectors = embed_windows(audio, starts, window, encoder)
    chunks = Segmenter().chunks(audio, CHUNK_STEP_S)
    labels, voices = attribute(
        vectors, starts, window, grid, local_voices(audio, chunks, encoder, len(grid))
    )
    both = (
        overlap_grid(chunks, len(grid)) if overlaps and voices == 2 else np.zeros(len(grid), bool)
    )
    return _segments(labels, both)
