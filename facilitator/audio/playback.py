"""Playing audio through the speakers."""

from __future__ import annotations

import numpy as np

from facilitator.audio.devices import find_device, sounddevice
from facilitator.errors import AudioDeviceError


def play(samples: np.ndarray, sample_rate: int, device: str = "") -> None:
    """Play mono float audio on an output device ("" = default) and wait until it has finished."""
    sd = sounddevice()
    index = find_device(device, kind="output")
    try:
        sd.play(samples, sample_rate, device=index, blocking=True)
    except Exception as e:
        raise AudioDeviceError(f"cannot play sound ({e}); see 'facilitator devices'") from None
