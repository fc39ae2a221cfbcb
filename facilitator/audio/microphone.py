"""Frames from a sound card, one or more channels, at whatever rate the device runs.

The sound card's callback only copies blocks into a queue; resampling, framing and stamping happen on
the reading side, so a slow consumer never stalls the audio thread (PortAudio then reports an overflow,
which is counted, not fatal). Frame times count samples, not wall-clock time: the device is the clock.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator

import numpy as np

from facilitator.audio.devices import find_device, sounddevice
from facilitator.audio.frames import SAMPLE_RATE, Frame, Framer
from facilitator.audio.resample import Resampler
from facilitator.errors import AudioDeviceError

STALL_S = 2.0
"""A device that delivers nothing for this long has failed (unplugged, or taken by another program)."""
POLL_S = 0.05
"""How often the reader checks whether the stream has ended while no audio is waiting."""


class MicrophoneSource:
    """Live frames from an input device ("" = the system default)."""

    realtime = True

    def __init__(
        self, device: str = "", channels: int = 1, block_s: float = 0.03, start: float = 0.0
    ) -> None:
        sd = sounddevice()
        index = find_device(device, kind="input")
        try:
            info = sd.query_devices(index, kind="input")
        except Exception as e:
            raise AudioDeviceError(
                f"no usable input device ({e}); see 'facilitator devices'"
            ) from None
        if int(info["max_input_channels"]) < channels:
            raise AudioDeviceError(
                f"input device '{info['name']}' has {int(info['max_input_channels'])} channel(s), "
                f"{channels} needed; set audio.input_device to a device with more inputs"
            )
        self.channels = channels
        self.start = start
        self.rate = int(info["default_samplerate"])
        self.overflows = 0
        self._closed = False
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._resamplers = [Resampler(self.rate, SAMPLE_RATE) for _ in range(channels)]
        try:
            self._stream = sd.InputStream(
                device=index,
                channels=channels,
                samplerate=self.rate,
                dtype="float32",
                blocksize=max(1, round(self.rate * block_s)),
                callback=self._callback,
            )
            self._stream.start()
        except Exception as e:
            raise AudioDeviceError(f"cannot open input device '{info['name']}' ({e})") from None

    def _callback(self, data: np.ndarray, frames: int, time: object, status: object) -> None:
        if status:
            self.overflows += 1
        self._queue.put(data.T.copy())

    def __iter__(self) -> Iterator[Frame]:
        framer = Framer(self.channels, self.start)
        waited = 0.0
        while True:
            try:
                block = self._queue.get(timeout=POLL_S)
            except queue.Empty:
                if self._closed or not self._stream.active:
                    return
                waited += POLL_S
                if waited >= STALL_S:
                    raise AudioDeviceError("the microphone stopped delivering sound") from None
                continue
            waited = 0.0
            resampled = [r.push(ch) for r, ch in zip(self._resamplers, block, strict=True)]
            yield from framer.push(np.stack(resampled))

    def close(self) -> None:
        self._closed = True
        self._stream.stop()
        self._stream.close()
