"""Partner voices: a shifted voice is really higher or lower, lines keep their pauses, audio repeats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.sim.truth import voiced_intervals
from facilitator.sim.voices import FACILITATOR, PartnerVoice, Renderer, parse_line, spoken_text

LINE = "When you came home late on Tuesday without calling, I felt invisible."


def fundamental(audio: np.ndarray) -> float:
    """Median F0 (Hz) over loud 40-ms frames, each from the strongest autocorrelation peak."""
    size, lo, hi = 640, SAMPLE_RATE // 300, SAMPLE_RATE // 50
    frames = [audio[i : i + size] for i in range(0, len(audio) - size, size // 2)]
    loud = np.median([np.sqrt(np.mean(f**2)) for f in frames])
    found = []
    for frame in frames:
        if np.sqrt(np.mean(frame**2)) < loud:
            continue
        x = frame - frame.mean()
        corr = np.correlate(x, x, "full")[size - 1 :]
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] > 0.4 * corr[0]:
            found.append(SAMPLE_RATE / lag)
    assert len(found) > 20, "too few periodic frames to estimate F0"
    return float(np.median(found))


@pytest.mark.parametrize("pitch", [0.8, 1.25])
def test_a_shifted_voice_has_that_much_another_fundamental_and_about_the_same_length(
    renderer: Renderer, pitch: float
) -> None:
    plain = renderer.render(LINE, FACILITATOR)
    shifted = renderer.render(LINE, PartnerVoice(pitch=pitch))
    assert fundamental(shifted) / fundamental(plain) == pytest.approx(pitch, rel=0.06)
    assert len(shifted) / len(plain) == pytest.approx(1.0, abs=0.2)


def test_a_pause_in_a_line_is_a_silence_of_that_length_between_the_words(
    renderer: Renderer,
) -> None:
    voice = PartnerVoice(pitch=0.9)
    for line, pause in (
        ("I feel so tired tonight. [pause 1.2] Can we talk tomorrow?", 1.2),
        (["I feel so tired tonight.", 0.7, "Can we talk tomorrow?"], 0.7),
    ):
        speech = voiced_intervals(renderer.render(line, voice))
        assert len(speech) == 2, speech
        assert speech[1][0] - speech[0][1] == pytest.approx(pause, abs=0.03)
    assert spoken_text("I feel so tired tonight. [pause 1.2] Can we talk tomorrow?") == (
        "I feel so tired tonight. Can we talk tomorrow?"
    )


def test_the_same_line_in_the_same_voice_is_the_same_audio_and_comes_from_the_disk_cache(
    renderer: Renderer, tmp_path: Path
) -> None:
    voice = PartnerVoice(pitch=1.1, rate=0.9, volume=0.3)
    fresh = Renderer.load(cache_dir=tmp_path)
    audio = fresh.render("Let's eat on the porch.", voice)
    assert np.array_equal(audio, renderer.render("Let's eat on the porch.", voice))
    assert np.abs(audio).max() == pytest.approx(0.3, rel=0.1)
    (file,) = tmp_path.glob("*.npy")
    np.save(file, audio * 0.5)
    again = Renderer.load(cache_dir=tmp_path).render("Let's eat on the porch.", voice)
    assert np.array_equal(again, audio * 0.5)


@pytest.mark.parametrize(
    "line",
    ["I feel [pase 1] tired", "", "[pause 2]", ["words", -1.0], ["words", True]],
)
def test_a_line_that_cannot_be_spoken_is_refused(line: object) -> None:
    with pytest.raises(ValueError):
        parse_line(line)  # type: ignore[arg-type]


def test_a_voice_outside_its_ranges_is_refused() -> None:
    with pytest.raises(ValueError, match="pitch"):
        PartnerVoice(pitch=3.0)
    with pytest.raises(ValueError, match="volume"):
        PartnerVoice(volume=0.0)
