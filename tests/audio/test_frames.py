"""Frames: fixed 30-ms blocks stamped from the sample count, whatever block sizes the audio came in."""

from __future__ import annotations

import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.audio.frames import FRAME_S, FRAME_SAMPLES, SAMPLE_RATE, Framer
from facilitator.audio.sources import ArraySource


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=3),
)
def test_framer_keeps_every_sample_in_order_and_stamps_from_the_count(
    sizes: list[int], channels: int
) -> None:
    total = sum(sizes)
    audio = np.arange(channels * total, dtype=np.float32).reshape(channels, total)
    framer = Framer(channels, start=5.0)
    frames, at = [], 0
    for size in sizes:
        frames += list(framer.push(audio[:, at : at + size]))
        at += size
    frames += list(framer.flush())
    assert len(frames) == -(-total // FRAME_SAMPLES)
    for i, frame in enumerate(frames):
        assert frame.samples.shape == (channels, FRAME_SAMPLES)
        assert frame.samples.dtype == np.float32
        assert frame.t == 5.0 + i * FRAME_SAMPLES / SAMPLE_RATE
    joined = np.concatenate([f.samples for f in frames], axis=1) if frames else audio
    np.testing.assert_array_equal(joined[:, :total], audio)
    assert not joined[:, total:].any(), "a stream ending mid-frame is padded with silence"


def test_array_source_resamples_telephone_rate_to_16k() -> None:
    rate = 8000
    t = np.arange(rate * 2) / rate
    tone = (0.5 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    frames = list(ArraySource(np.stack([tone, tone * 0]), rate))
    assert len(frames) == round(2 * SAMPLE_RATE / FRAME_SAMPLES)
    assert frames[0].channels == 2
    middle = np.concatenate([f.samples for f in frames[10:-10]], axis=1)
    assert abs(np.sqrt(np.mean(middle[0] ** 2)) - 0.5 / np.sqrt(2)) < 0.02
    assert np.abs(middle[1]).max() == 0


def test_real_time_pacing_is_a_switch() -> None:
    audio = np.zeros(int(0.45 * SAMPLE_RATE), dtype=np.float32)
    started = time.monotonic()
    fast = list(ArraySource(audio))
    fast_s = time.monotonic() - started
    started = time.monotonic()
    paced = list(ArraySource(audio, realtime=True))
    paced_s = time.monotonic() - started
    assert [f.t for f in fast] == [f.t for f in paced]
    assert paced_s >= paced[-1].t - FRAME_S, "real-time frames must not arrive before their time"
    assert fast_s < paced_s


def test_closing_a_source_stops_it() -> None:
    source = ArraySource(np.zeros(SAMPLE_RATE, dtype=np.float32))
    seen = []
    for frame in source:
        seen.append(frame)
        source.close()
    assert len(seen) == 1
