"""The sound system, imported only when a command needs a device.

sounddevice loads PortAudio when imported; on a machine without it (Linux needs libportaudio2) every
command that needs no device must still work, so the import lives here behind one function that turns
the failure into a one-line instruction.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from facilitator.errors import AudioDeviceError

NO_PORTAUDIO = (
    "the sound system (PortAudio) is not installed; on Debian/Ubuntu run: "
    "sudo apt-get install libportaudio2"
)


def sounddevice() -> ModuleType:
    """The sounddevice module, or an AudioDeviceError saying how to install PortAudio."""
    try:
        import sounddevice as sd
    except (OSError, ImportError):
        raise AudioDeviceError(NO_PORTAUDIO) from None
    return sd


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float
    is_default_input: bool
    is_default_output: bool


def list_devices() -> list[Device]:
    """Every input and output device the sound system knows."""
    sd = sounddevice()
    try:
        devices = sd.query_devices()
        default_in, default_out = sd.default.device
    except Exception as e:
        raise AudioDeviceError(f"cannot list sound devices ({e})") from None
    return [
        Device(
            index=i,
            name=d["name"],
            inputs=int(d["max_input_channels"]),
            outputs=int(d["max_output_channels"]),
            default_rate=float(d["default_samplerate"]),
            is_default_input=i == default_in,
            is_default_output=i == default_out,
        )
        for i, d in enumerate(devices)
    ]


def find_device(spec: str, *, kind: str) -> int | None:
    """The device index for a config/CLI value: "" = system default, a number, or part of a name."""
    if not spec:
        return None
    key = "inputs" if kind == "input" else "outputs"
    devices = [d for d in list_devices() if getattr(d, key) > 0]
    if spec.isdigit():
        for d in devices:
            if d.index == int(spec):
                return d.index
    else:
        matches = [d for d in devices if spec.lower() in d.name.lower()]
        if len(matches) == 1:
            return matches[0].index
        if len(matches) > 1:
            names = "; ".join(d.name for d in matches)
            raise AudioDeviceError(
                f"{kind} device '{spec}' matches several devices ({names}); be more specific"
            )
    raise AudioDeviceError(f"no {kind} device '{spec}'; see 'facilitator devices' for the list")
