"""A live input level meter, so a user can see the microphone hears them before a session starts."""

from __future__ import annotations

import sys

import numpy as np

from facilitator.config import Config
from facilitator.listening.vad import level_db


def bar(db: float, width: int = 40) -> str:
    """A text bar from -60 dB (empty) to 0 dB (full), with the number beside it."""
    filled = round(width * min(1.0, max(0.0, (db + 60.0) / 60.0)))
    return "[" + "#" * filled + "." * (width - filled) + f"] {db:6.1f} dB"


def show_input_level(config: Config, seconds: float) -> None:
    """Print the microphone level ten times a second for `seconds`, one line redrawn in place."""
    from facilitator.audio.microphone import MicrophoneSource

    source = MicrophoneSource(config.audio.input_device, channels=1)
    print(f"  microphone level for {seconds:g} s (speak now):")
    block: list[np.ndarray] = []
    try:
        for frame in source:
            block.append(frame.samples[0])
            if len(block) * 0.03 >= 0.1:
                sys.stdout.write("\r  " + bar(float(level_db(np.concatenate(block)))))
                sys.stdout.flush()
                block.clear()
            if frame.end >= seconds:
                break
    finally:
        source.close()
        print()
