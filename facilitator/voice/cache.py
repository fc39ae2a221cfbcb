"""Prompts rendered ahead of time, so a prompt starts the moment the dialogue asks for it.

Synthesis takes ~0.04 s per second of speech; paying that when the engine decides would add a noticeable
gap after every turn. The cache renders every fixed prompt at session start, keeps them in memory, and
(optionally) on disk, keyed by the text and the voice's sound-defining settings, so later sessions start
faster. Disk entries are plain .npy files in the user's cache folder: a corrupt one is re-rendered.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from facilitator.voice.synth import Voice


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("facilitator")) / "prompts"


class PromptCache:
    """Rendered prompt audio by text, from memory, then disk, then the voice."""

    def __init__(self, voice: Voice, folder: Path | None = None) -> None:
        self.voice = voice
        self.folder = folder
        self._memory: dict[str, np.ndarray] = {}
        self.rendered = 0
        """How many prompts had to be synthesized (not found in memory or on disk)."""

    def _file(self, text: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(f"{self.voice.key}|{text}".encode()).hexdigest()[:32]
        return self.folder / f"{digest}.npy"

    def get(self, text: str) -> np.ndarray:
        """The audio for `text` at the voice's sample rate."""
        audio = self._memory.get(text)
        if audio is not None:
            return audio
        file = self._file(text)
        if file is not None and file.is_file():
            try:
                audio = np.load(file, allow_pickle=False)
            except (OSError, ValueError):
                audio = None
        if audio is None:
            audio = self.voice.render(text)
            self.rendered += 1
            self._store(file, audio)
        self._memory[text] = audio
        return audio

    def _store(self, file: Path | None, audio: np.ndarray) -> None:
        if file is None:
            return
        try:
            file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            partial = file.with_suffix(".tmp.npy")
            np.save(partial, audio, allow_pickle=False)
            os.replace(partial, file)
        except OSError:
            return  # a cache that cannot be written only costs speed

    def warm(self, texts: Iterable[str]) -> None:
        """Render every text now (at session start), so none is synthesized mid-dialogue."""
        for text in texts:
            self.get(text)
