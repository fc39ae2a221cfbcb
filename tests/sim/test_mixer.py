"""The mixer and its ground truth: speech where the energy is, bleed and noise as set, overlaps as placed."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.sim.mixer import Placement, Room, mix
from facilitator.sim.truth import GroundTruth, voiced_intervals
from facilitator.sim.voices import FACILITATOR, PARTNER_A, PARTNER_B, Renderer

A_LINE = "I spent the whole morning scrubbing the bathroom and nobody said a word."
B_LINE = "I know I have been distracted since the reorganisation was announced."
DRY = Room(snr_db=None)


def tone(*pieces: tuple[float, bool]) -> np.ndarray:
    """Silence and 200 Hz tone in the given (seconds, sounding) pieces."""
    parts = []
    for seconds, sounding in pieces:
        t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
        parts.append(0.3 * np.sin(2 * np.pi * 200 * t) * sounding)
    return np.concatenate(parts).astype(np.float32)


def level_db(x: np.ndarray) -> float:
    return 10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-20)


def mask_of(spans: list[tuple[float, float]], n: int) -> np.ndarray:
    mask = np.zeros(n, bool)
    for a, b in spans:
        mask[round(a * SAMPLE_RATE) : round(b * SAMPLE_RATE)] = True
    return mask


def voiced_mask(audio: np.ndarray) -> np.ndarray:
    return mask_of(voiced_intervals(audio), len(audio))


def test_voiced_intervals_follow_the_sound_and_split_only_at_long_pauses() -> None:
    clip = tone(
        (0.3, False),
        (1.0, True),
        (0.2, False),
        (0.5, True),
        (0.6, False),
        (0.4, True),
        (0.2, False),
    )
    found = voiced_intervals(clip)
    assert len(found) == 2
    for got, want in zip(found, [(0.3, 2.0), (2.6, 3.0)], strict=True):
        assert got == pytest.approx(want, abs=0.011)
    assert voiced_intervals(np.zeros(SAMPLE_RATE, np.float32)) == []


@pytest.fixture(scope="module")
def lines(renderer: Renderer) -> dict[str, np.ndarray]:
    return {
        "A": renderer.render(A_LINE, PARTNER_A),
        "B": renderer.render(B_LINE, PARTNER_B),
        "F": renderer.render("Thank you. Now please mirror back what you heard.", FACILITATOR),
        "yeah": renderer.render("Yeah.", PARTNER_B),
    }


def test_truth_marks_speech_exactly_where_the_mix_has_energy(lines: dict[str, np.ndarray]) -> None:
    placements = [
        Placement("A", 0.7, lines["A"], A_LINE),
        Placement("B", 6.0, lines["B"], B_LINE),
    ]
    result = mix(placements, DRY)
    n = len(result.mono)
    speech = result.truth.speech("A") + result.truth.speech("B")
    inside = mask_of(speech, n)
    near = mask_of([(a - 0.02, b + 0.02) for a, b in speech], n)
    peak = level_db(result.mono[inside])
    hop = SAMPLE_RATE // 100
    frames = [level_db(result.mono[i : i + hop]) for i in range(0, n - hop, hop)]
    loud = np.array(frames) > peak - 35
    frame_inside = inside[::hop][: len(loud)]
    frame_near = near[::hop][: len(loud)]
    assert loud[frame_inside].mean() > 0.85
    assert not loud[~frame_near].any()
    assert result.truth.utterances[0].start > 0.7
    assert result.truth.utterances[1].end < 6.0 + len(lines["B"]) / SAMPLE_RATE


def test_each_partner_reaches_the_other_mic_at_the_bleed_level_and_delay(
    lines: dict[str, np.ndarray],
) -> None:
    room = Room(snr_db=None, bleed_db=-15.0, bleed_delay_ms=4.0)
    result = mix(
        [Placement("A", 0.2, lines["A"], A_LINE), Placement("B", 7.0, lines["B"], B_LINE)], room
    )
    delay = round(0.004 * SAMPLE_RATE)
    for speaker, own, other in (("A", 0, 1), ("B", 1, 0)):
        mask = mask_of(result.truth.speech(speaker), len(result.mono))
        near, far = result.mics[own], result.mics[other]
        assert level_db(far[np.roll(mask, delay)]) - level_db(near[mask]) == pytest.approx(
            -15.0, abs=0.2
        )
        segment = slice(*np.flatnonzero(mask)[[0, -1]])
        corr = np.correlate(
            far[segment][: 2 * SAMPLE_RATE], near[segment][: 2 * SAMPLE_RATE], "full"
        )
        assert int(np.argmax(corr)) - (2 * SAMPLE_RATE - 1) == delay


def test_the_facilitator_reaches_every_mic_at_the_loudspeaker_level(
    lines: dict[str, np.ndarray],
) -> None:
    result = mix([Placement("F", 0.5, lines["F"], "", "prompt")], DRY)
    mask = mask_of(result.truth.speech("F"), len(result.mono))
    dry = level_db(lines["F"][voiced_mask(lines["F"])])
    for channel in (*result.mics, result.mono):
        assert level_db(channel[mask]) - dry == pytest.approx(-6.0, abs=0.3)


def test_noise_sits_the_configured_snr_below_the_speech(lines: dict[str, np.ndarray]) -> None:
    placements = [Placement("A", 0.3, lines["A"], A_LINE)]
    clean = mix(placements, DRY)
    noisy = mix(placements, Room(snr_db=20.0, seed=4))
    mask = mask_of(clean.truth.speech("A"), len(clean.mono))
    for dry, wet in ((clean.mono, noisy.mono), (clean.mics[0], noisy.mics[0])):
        noise = wet - dry
        assert level_db(dry[mask]) - level_db(noise) == pytest.approx(20.0, abs=0.5)
    assert np.array_equal(noisy.mono, mix(placements, Room(snr_db=20.0, seed=4)).mono)


def test_overlaps_are_reported_where_one_partner_started_over_the_other(
    lines: dict[str, np.ndarray],
) -> None:
    ((a_start, a_end),) = voiced_intervals(lines["A"])
    b_first = voiced_intervals(lines["B"])[0][0]
    yeah_first, yeah_last = voiced_intervals(lines["yeah"])[0]
    a_at = 1.0
    b_voice_at = a_at + a_end - 1.5
    placements = [
        Placement("A", a_at, lines["A"], A_LINE),
        Placement("B", a_at + 1.0 - yeah_first, lines["yeah"], "Yeah.", "backchannel"),
        Placement("B", b_voice_at - b_first, lines["B"], B_LINE, "interruption"),
    ]
    truth = mix(placements, DRY).truth
    backchannel, interruption = truth.overlaps
    assert (backchannel.by, backchannel.over, backchannel.by_utterance) == ("B", "A", 1)
    assert backchannel.start == pytest.approx(a_at + 1.0, abs=0.011)
    assert backchannel.duration == pytest.approx(yeah_last - yeah_first, abs=0.011)
    assert (interruption.by, interruption.over, interruption.by_utterance) == ("B", "A", 2)
    assert interruption.start == pytest.approx(b_voice_at, abs=0.011)
    assert interruption.end == pytest.approx(a_at + a_end, abs=0.011)
    assert interruption.duration == pytest.approx(1.5, abs=0.02)
    assert a_start < 0.05


def test_truth_round_trips_through_json_and_is_written_with_rttm_and_wavs(
    lines: dict[str, np.ndarray], tmp_path: Path
) -> None:
    placements = [
        Placement("A", 0.5, lines["A"], A_LINE),
        Placement("B", 3.0, lines["yeah"], "Yeah.", "backchannel"),
        Placement("F", 7.0, lines["F"], "Thank you.", "prompt"),
    ]
    result = mix(placements, Room(reverb_s=0.3))
    files = result.save(tmp_path, "talk")
    data = json.loads(files[2].read_text())
    assert GroundTruth.from_dict(data) == result.truth
    assert data["room"]["reverb_s"] == 0.3
    rows = [line.split() for line in files[3].read_text().splitlines()]
    expected = sorted((a, s) for s in "ABF" for a, _ in result.truth.speech(s))
    assert [(float(r[3]), r[7]) for r in rows] == [
        (pytest.approx(a, abs=5e-4), s) for a, s in expected
    ]
    for file, channels, samples in ((files[0], 1, result.mono), (files[1], 2, result.mics[0])):
        with wave.open(str(file)) as w:
            assert (w.getnchannels(), w.getframerate(), w.getnframes()) == (
                channels,
                SAMPLE_RATE,
                len(samples),
            )


def test_reverb_leaves_a_tail_but_not_the_truth(lines: dict[str, np.ndarray]) -> None:
    placements = [Placement("A", 0.2, lines["A"], A_LINE)]
    dry, wet = mix(placements, DRY), mix(placements, Room(snr_db=None, reverb_s=0.5))
    assert wet.truth.utterances == dry.truth.utterances
    end = round(dry.truth.utterances[0].end * SAMPLE_RATE)
    after = slice(end + SAMPLE_RATE // 10, end + SAMPLE_RATE // 5)
    assert level_db(wet.mono[after]) > level_db(dry.mono[after]) + 20


def test_nothing_to_mix_and_silent_clips_are_refused() -> None:
    with pytest.raises(ValueError, match="nothing to mix"):
        mix([])
    with pytest.raises(ValueError, match="silent"):
        mix([Placement("A", 0.0, np.zeros(1600, np.float32), "...")])
