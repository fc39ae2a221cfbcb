"""Where the facilitator's voice goes: the speakers in a live session, or the simulated room in a demo.

The runner decides when a prompt starts and stops; an output only plays. The runner knows a prompt's
length, so it needs no callback to learn when playing ends: time comes from the frame clock.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

from facilitator.audio.devices import find_device, sounddevice
from facilitator.errors import AudioDeviceError


class Output(Protocol):
    def play(self, audio: np.ndarray, rate: int, t: float, label: str) -> None:
        """Start playing mono float audio now (session time `t`), replacing anything playing.
        `label` is the prompt id, or "chime"."""

    def stop(self, t: float) -> None:
        """Stop playing at once (a person started talking)."""

    def close(self) -> None: ...


class SpeakerOutput:
    """Plays through a sound card with a callback stream, so stopping takes effect within one block."""

    def __init__(self, device: str, rate: int) -> None:
        sd = sounddevice()
        self.rate = rate
        self._lock = threading.Lock()
        self._audio = np.zeros(0, np.float32)
        self._pos = 0
        try:
            self._stream = sd.OutputStream(
                device=find_device(device, kind="output"),
                channels=1,
                samplerate=rate,
                dtype="float32",
                callback=self._callback,
            )
            self._stream.start()
        except AudioDeviceError:
            raise
        except Exception as e:
            raise AudioDeviceError(f"cannot open the output device ({e})") from None

    def _callback(self, out: np.ndarray, frames: int, time: object, status: object) -> None:
        with self._lock:
            chunk = self._audio[self._pos : self._pos + frames]
            self._pos += len(chunk)
        out[: len(chunk), 0] = chunk
        out[len(chunk) :, 0] = 0.0

    def play(self, audio: np.ndarray, rate: int, t: float, label: str) -> None:
        if rate != self.rate:
            from facilitator.audio.resample import resample

            audio = resample(audio, rate, self.rate)
        with self._lock:
            self._audio = audio.astype(np.float32, copy=False)
            self._pos = 0

    def stop(self, t: float) -> None:
        with self._lock:
            self._audio = np.zeros(0, np.float32)
            self._pos = 0

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()
