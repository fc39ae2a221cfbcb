"""Sources: files of any format, rate and channel count, and a (fake) sound card, as 16-kHz frames."""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path

import av
import numpy as np
import pytest

from facilitator.audio.frames import FRAME_SAMPLES, SAMPLE_RATE
from facilitator.audio.sources import FileSource
from facilitator.audio.wavfile import write_wav
from facilitator.errors import AudioDeviceError, InputFileError


def tone(rate: int, seconds: float, hz: float, level: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x))))


def test_stereo_44k_wav_keeps_each_channel(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    left = tone(44100, 1.0, 440)
    write_wav(path, np.stack([left, np.zeros_like(left)]), 44100)
    source = FileSource(path)
    frames = list(source)
    assert source.channels == 2 and source.duration == pytest.approx(1.0, abs=0.01)
    audio = np.concatenate([f.samples for f in frames], axis=1)
    assert audio.shape[1] == pytest.approx(SAMPLE_RATE, abs=FRAME_SAMPLES)
    assert rms(audio[0, 1000:-1000]) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)
    assert np.abs(audio[1]).max() < 1e-3


def test_compressed_formats_are_read(tmp_path: Path) -> None:
    path = tmp_path / "tone.flac"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("flac", rate=22050, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            (tone(22050, 0.5, 300) * 32767).astype(np.int16)[None, :], format="s16", layout="mono"
        )
        frame.sample_rate = 22050
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    frames = list(FileSource(path))
    audio = np.concatenate([f.samples for f in frames], axis=1)
    assert audio.shape[0] == 1
    assert audio.shape[1] == pytest.approx(SAMPLE_RATE / 2, abs=FRAME_SAMPLES)
    assert rms(audio[0, 500:-1000]) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)


def test_a_file_ending_mid_frame_ends_with_one_padded_frame(tmp_path: Path) -> None:
    path = tmp_path / "odd.wav"
    write_wav(path, np.full(FRAME_SAMPLES * 3 + 100, 0.25, dtype=np.float32), SAMPLE_RATE)
    frames = list(FileSource(path))
    assert len(frames) == 4
    assert np.all(frames[-1].samples[0, :100] > 0.2) and not frames[-1].samples[0, 100:].any()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"", "the file is empty"),
        (b"hello, this is not sound\n" * 50, "not an audio file"),
    ],
)
def test_unreadable_files_are_one_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "input.wav"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        FileSource(path)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="is a folder"):
        FileSource(tmp_path)


class _FakeStream:
    """Stands in for a sound card: delivers `blocks` at `rate` from its own thread, then stops."""

    def __init__(self, blocks: list[np.ndarray], callback: object) -> None:
        self._blocks = blocks
        self._callback = callback
        self.active = False

    def start(self) -> None:
        self.active = True

        def play() -> None:
            for block in self._blocks:
                self._callback(block, len(block), None, None)
            self.active = False

        threading.Thread(target=play, daemon=True).start()

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        return None


def fake_sounddevice(rate: int, channels: int, blocks: list[np.ndarray]) -> types.ModuleType:
    module = types.ModuleType("sounddevice")
    device = {
        "name": "Fake USB",
        "max_input_channels": channels,
        "max_output_channels": 0,
        "default_samplerate": float(rate),
    }
    module.query_devices = lambda index=None, kind=None: device if kind else [device]
    module.default = types.SimpleNamespace(device=(0, 0))
    module.InputStream = lambda callback, **kw: _FakeStream(blocks, callback)
    return module


def test_microphone_frames_are_resampled_and_stamped_by_sample_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from facilitator.audio.microphone import MicrophoneSource

    rate = 48000
    signal = np.stack([tone(rate, 1.0, 200), tone(rate, 1.0, 200, 0.1)], axis=1)
    blocks = [signal[i : i + 1000] for i in range(0, len(signal), 1000)]
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(rate, 2, blocks))
    source = MicrophoneSource(channels=2)
    frames = list(source)
    source.close()
    assert frames[0].channels == 2
    assert [f.t for f in frames] == [i * FRAME_SAMPLES / SAMPLE_RATE for i in range(len(frames))]
    assert len(frames) * FRAME_SAMPLES == pytest.approx(SAMPLE_RATE, abs=2 * FRAME_SAMPLES)
    audio = np.concatenate([f.samples for f in frames], axis=1)[:, 2000:-2000]
    assert rms(audio[0]) / rms(audio[1]) == pytest.approx(5.0, rel=0.05)


def test_microphone_with_too_few_channels_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from facilitator.audio.microphone import MicrophoneSource

    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(44100, 1, []))
    with pytest.raises(AudioDeviceError, match="has 1 channel"):
        MicrophoneSource(channels=2)


def test_microphone_without_portaudio_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from facilitator.audio.microphone import MicrophoneSource

    monkeypatch.setitem(sys.modules, "sounddevice", None)
    with pytest.raises(AudioDeviceError, match="libportaudio2"):
        MicrophoneSource()
