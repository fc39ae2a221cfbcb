"""Prompts are rendered once, found again on disk by the next session, and a damaged entry is redone."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from facilitator.voice.cache import PromptCache
from facilitator.voice.chime import chime

PROMPTS = ["Is there more about that?", "Did I get that?"]


def test_warm_renders_each_prompt_once_and_disk_serves_the_next_session(
    voice, tmp_path: Path
) -> None:
    first = PromptCache(voice, tmp_path)
    first.warm(PROMPTS + PROMPTS)
    assert first.rendered == 2
    second = PromptCache(voice, tmp_path)
    second.warm(PROMPTS)
    assert second.rendered == 0
    for text in PROMPTS:
        assert np.array_equal(first.get(text), second.get(text))
        assert len(second.get(text)) > 0.5 * voice.sample_rate


def test_a_damaged_entry_is_rendered_again(voice, tmp_path: Path) -> None:
    PromptCache(voice, tmp_path).warm(PROMPTS[:1])
    for f in tmp_path.glob("*.npy"):
        f.write_bytes(b"broken")
    cache = PromptCache(voice, tmp_path)
    audio = cache.get(PROMPTS[0])
    assert cache.rendered == 1 and len(audio) > 0


def test_without_a_folder_only_memory_is_used(voice, tmp_path: Path) -> None:
    cache = PromptCache(voice, None)
    cache.warm(PROMPTS[:1])
    cache.get(PROMPTS[0])
    assert cache.rendered == 1


def test_chime_is_short_soft_and_scaled_by_volume() -> None:
    loud, quiet = chime(16000, 1.0), chime(16000, 0.5)
    assert 0.3 < len(loud) / 16000 < 0.6
    assert 0.1 < np.abs(loud).max() <= 0.35
    assert np.allclose(quiet, loud * 0.5, atol=1e-6)
    assert abs(loud[0]) < 0.01 and abs(loud[-1]) < 0.05
