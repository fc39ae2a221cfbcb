"""Real models and a simulated couple, made once for the voices tests."""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.sim.conversations import generate
from facilitator.sim.mixer import Mix, Room, mix
from facilitator.sim.voices import PARTNERS, Renderer

STEP_S = 0.01


@pytest.fixture(scope="session")
def encoder():
    from facilitator.listening.voiceprint import CamppEncoder

    return CamppEncoder()


@pytest.fixture(scope="session")
def conversation(renderer: Renderer) -> Mix:
    """About 45 s of two partners talking, with backchannels and overlaps, on one microphone."""
    return mix(generate(renderer, 45.0, seed=3), Room(seed=3))


@pytest.fixture(scope="session")
def enrollments(renderer: Renderer) -> dict[str, np.ndarray]:
    """Each partner alone saying their name and a sentence, as at the start of a session."""
    lines = {
        "A": "Hi, I'm Sam. I would like us to talk about how we spend our weekends together.",
        "B": "Hello, my name is Alex, and I am glad we are taking this time for each other tonight.",
    }
    return {who: renderer.render(text, PARTNERS[who]) for who, text in lines.items()}


def speech_grid(intervals, steps: int) -> np.ndarray:
    grid = np.zeros(steps, bool)
    for start, end in intervals:
        grid[round(start / STEP_S) : round(end / STEP_S)] = True
    return grid


def solo_accuracy(truth, said: dict[str, np.ndarray], mapping: dict[str, str]) -> float:
    """Share of the time where exactly one partner speaks that is given to exactly that partner."""
    steps = len(next(iter(said.values())))
    real = {who: speech_grid(truth.speech(who), steps) for who in ("A", "B")}
    right = total = 0
    for who, other in (("A", "B"), ("B", "A")):
        solo = real[who] & ~real[other]
        got, not_other = said[mapping[who]], ~said[mapping[other]]
        right += int((solo & got & not_other).sum())
        total += int(solo.sum())
    return right / total
