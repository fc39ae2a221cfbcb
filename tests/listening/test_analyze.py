"""`facilitator analyze` as a user runs it: real recordings in, who/when/what out, bad input in one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from support import cli, one_line_error

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.audio.resample import resample
from facilitator.audio.wavfile import write_wav
from facilitator.sim.voices import FACILITATOR, Renderer
from facilitator.text import word_error_rate, words

MESSAGE = "When you came home late on Tuesday without calling, I felt invisible."
INTERRUPTION = "That is not what happened at all."
ANSWER = "Yes, you got it."
BLEED = 10 ** (-12 / 20)


@pytest.fixture(scope="module")
def speech() -> dict[str, np.ndarray]:
    """The lines, rendered without piper's random noise so every run hears the same audio."""
    renderer = Renderer.load()
    return {text: renderer.render(text, FACILITATOR) for text in (MESSAGE, INTERRUPTION, ANSWER)}


def two_mics(speech: dict[str, np.ndarray]) -> np.ndarray:
    """B answers, A speaks, B talks over A's last words: one mic each, 12 dB bleed, some noise."""
    n = 12 * SAMPLE_RATE
    dry = np.zeros((2, n), dtype=np.float32)
    message = speech[MESSAGE]
    a_at, b_at = int(3.0 * SAMPLE_RATE), int(0.5 * SAMPLE_RATE)
    dry[1, b_at : b_at + len(speech[ANSWER])] += speech[ANSWER]
    dry[0, a_at : a_at + len(message)] += message
    cut_in = a_at + len(message) - int(1.2 * SAMPLE_RATE)
    dry[1, cut_in : cut_in + len(speech[INTERRUPTION])] += speech[INTERRUPTION]
    noise = np.random.default_rng(0).normal(0, 0.001, dry.shape)
    return (dry + BLEED * dry[::-1] + noise).astype(np.float32)


def analyze_json(path: Path, *extra: str) -> dict:
    r = cli("analyze", str(path), "--speakers", "channels", "--json", *extra)
    assert r.code == 0, r.err
    assert r.err == "", "no progress bar when stderr is not a terminal"
    return json.loads(r.out)


def test_who_spoke_when_and_what(tmp_path: Path, speech: dict[str, np.ndarray]) -> None:
    path = tmp_path / "session.wav"
    write_wav(path, two_mics(speech), SAMPLE_RATE)
    data = analyze_json(path, "--out", str(tmp_path / "out"))
    assert data["speakers"] == ["A", "B"]
    assert data["duration"] == pytest.approx(12.0, abs=0.05)
    by_speaker = {
        s: " ".join(seg["text"] for seg in data["segments"] if seg["speaker"] == s) for s in "AB"
    }
    assert word_error_rate(MESSAGE, by_speaker["A"]) < 0.25, "B talks over its last word"
    assert word_error_rate(f"{ANSWER} {INTERRUPTION}", by_speaker["B"]) < 0.2
    assert [(o["by"], o["over"]) for o in data["overlaps"]] == [("B", "A")]
    overlap = data["overlaps"][0]
    assert overlap["end"] - overlap["start"] >= 0.5
    assert data["talk_time"]["A"] == pytest.approx(len(speech[MESSAGE]) / SAMPLE_RATE, abs=0.6)
    written = json.loads((tmp_path / "out" / "session.json").read_text())
    assert written["segments"] == data["segments"]
    transcript = (tmp_path / "out" / "session.txt").read_text()
    assert "B started over A" in transcript and "Talk time" in transcript


def test_text_output_reads_as_a_conversation(tmp_path: Path, speech: dict[str, np.ndarray]) -> None:
    path = tmp_path / "session.wav"
    write_wav(path, two_mics(speech), SAMPLE_RATE)
    r = cli("analyze", str(path), "--speakers", "channels")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].endswith(f"B: {ANSWER}") or "B:" in lines[0]
    assert any(" A: " in line for line in lines)
    assert "Overlaps" in r.out


def hiss(n: int, level: float) -> np.ndarray:
    """Two channels of white noise, as every real recording has underneath."""
    return np.random.default_rng(1).normal(0, level, (2, n))


def stereo(mono: np.ndarray) -> np.ndarray:
    return np.stack([mono, BLEED * mono]).astype(np.float32)


@pytest.mark.parametrize(
    ("name", "make", "expect_words"),
    [
        ("quiet", lambda s: stereo(s[ANSWER] * 0.01) + hiss(len(s[ANSWER]), 1e-4), True),
        ("very_quiet", lambda s: stereo(s[ANSWER] * 0.002) + hiss(len(s[ANSWER]), 2e-5), True),
        ("clipped", lambda s: np.clip(stereo(s[ANSWER] * 20), -1, 1), True),
        ("telephone", None, True),
        (
            "six_channels",
            lambda s: np.vstack([stereo(s[ANSWER]), np.zeros((4, len(s[ANSWER])))]),
            True,
        ),
        ("hiss", lambda s: hiss(3 * SAMPLE_RATE, 0.02), False),
        ("silence", lambda s: np.zeros((2, 3 * SAMPLE_RATE)), False),
        ("very_short", lambda s: stereo(s[ANSWER][: SAMPLE_RATE // 10]), False),
    ],
)
def test_awkward_recordings_give_a_sensible_result(
    tmp_path: Path,
    speech: dict[str, np.ndarray],
    name: str,
    make: Callable[[dict[str, np.ndarray]], np.ndarray] | None,
    expect_words: bool,
) -> None:
    path = tmp_path / f"{name}.wav"
    padded = {
        k: np.concatenate([np.zeros(SAMPLE_RATE // 2), v, np.zeros(SAMPLE_RATE)])
        for k, v in speech.items()
    }
    if make is None:
        write_wav(path, stereo(resample(padded[ANSWER], SAMPLE_RATE, 8000)), 8000)
    else:
        write_wav(path, make(padded).astype(np.float32), SAMPLE_RATE)
    data = analyze_json(path)
    said = " ".join(seg["text"] for seg in data["segments"])
    if expect_words:
        assert words(said) == words(ANSWER)
        assert {seg["speaker"] for seg in data["segments"]} == {"A"}
    else:
        assert data["segments"] == [] and data["overlaps"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"", "empty"),
        (b"RIFF, but really just some text\n" * 40, "not an audio file"),
    ],
)
def test_files_that_are_not_recordings(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.wav"
    if content is not None:
        path.write_bytes(content)
    r = cli("analyze", str(path), "--speakers", "channels")
    assert r.code == 2
    assert message in one_line_error(r)


def test_one_channel_in_channels_mode(tmp_path: Path, speech: dict[str, np.ndarray]) -> None:
    path = tmp_path / "mono.wav"
    write_wav(path, speech[ANSWER], SAMPLE_RATE)
    r = cli("analyze", str(path), "--speakers", "channels")
    assert r.code == 2
    assert "channels mode needs one channel per partner" in one_line_error(r)


def test_out_must_be_a_folder(tmp_path: Path, speech: dict[str, np.ndarray]) -> None:
    path = tmp_path / "answer.wav"
    write_wav(path, stereo(speech[ANSWER]), SAMPLE_RATE)
    (tmp_path / "taken").write_text("a file")
    r = cli("analyze", str(path), "--speakers", "channels", "--out", str(tmp_path / "taken"))
    assert r.code == 2
    assert "is a file, not a folder" in one_line_error(r)
