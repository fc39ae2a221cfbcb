"""Hearing a stream of frames on the speakers as it is produced (the demo in real time)."""

from __future__ import annotations

from facilitator.audio.devices import find_device, sounddevice
from facilitator.audio.frames import SAMPLE_RATE, Frame
from facilitator.errors import AudioDeviceError


class Monitor:
    """Plays every frame it is given, mixed to one channel, at the frames' own pace."""

    def __init__(self, device: str = "") -> None:
        sd = sounddevice()
        try:
            self._stream = sd.OutputStream(
                device=find_device(device, kind="output"), channels=1, samplerate=SAMPLE_RATE,
                dtype="float32",
            )  # fmt: skip
            self._stream.start()
        except AudioDeviceError:
            raise
        except Exception as e:
            raise AudioDeviceError(f"cannot open the output device ({e})") from None

    def __call__(self, frame: Frame) -> None:
        self._stream.write(frame.samples.mean(axis=0).reshape(-1, 1))

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()
