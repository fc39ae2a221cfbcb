"""A soft chime: a short, quiet two-note bell that marks an interruption without words."""

from __future__ import annotations

import numpy as np


def chime(sample_rate: int, volume: float = 0.8) -> np.ndarray:
    """Two gentle notes (E6 then C6), 0.45 s, with soft attack and decay so it never startles."""
    out = []
    for freq, length in ((1318.5, 0.18), (1046.5, 0.27)):
        t = np.arange(int(length * sample_rate)) / sample_rate
        envelope = np.minimum(1.0, t / 0.01) * np.exp(-t * 9.0)
        tone = np.sin(2 * np.pi * freq * t) + 0.2 * np.sin(2 * np.pi * 2 * freq * t)
        out.append(tone * envelope)
    return (0.25 * volume * np.concatenate(out)).astype(np.float32)
