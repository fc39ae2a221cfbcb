"""Speaking text with piper at the configured pace and loudness.

The voice manifest sets the pace and loudness a voice is tuned to; the user's `[voice] rate` and `volume`
scale them, so a user can slow every voice down without knowing each voice's own settings.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from facilitator.config import VoiceSettings
from facilitator.models import VoiceManifest, load_piper, voice_manifest


class Voice:
    """A loaded piper voice that renders text to float32 mono audio at its own sample rate."""

    def __init__(self, manifest: VoiceManifest, rate: float = 1.0, volume: float = 1.0) -> None:
        self.manifest = manifest
        self._piper = load_piper(manifest)
        self.sample_rate = int(self._piper.config.sample_rate)
        self.rate = manifest.rate * rate
        self.volume = manifest.volume * volume

    @classmethod
    def from_settings(cls, settings: VoiceSettings) -> Voice:
        return cls(voice_manifest(settings), settings.rate, settings.volume)

    @property
    def key(self) -> str:
        """What makes two renderings of the same text sound the same (for caching)."""
        return f"{self.manifest.model}|{self.manifest.speaker_id}|{self.rate:.3f}|{self.volume:.3f}"

    def sentences(self, text: str, *, length_scale: float = 1.0) -> Iterator[np.ndarray]:
        """The audio sentence by sentence, so playback can start before the whole prompt is rendered."""
        from piper import SynthesisConfig

        syn = SynthesisConfig(
            speaker_id=self.manifest.speaker_id,
            length_scale=length_scale / self.rate,
            volume=self.volume,
        )
        for chunk in self._piper.synthesize(text, syn_config=syn):
            yield chunk.audio_float_array.astype(np.float32, copy=False)

    def render(self, text: str, *, length_scale: float = 1.0) -> np.ndarray:
        """The whole text as one array (empty for text with nothing to say)."""
        parts = list(self.sentences(text, length_scale=length_scale))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
