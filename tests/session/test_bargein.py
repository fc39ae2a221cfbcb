"""A person talking over a prompt is noticed quickly; the prompt's own echo never is."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.session.bargein import BargeInDetector, envelope
from facilitator.sim.room import SimulatedRoom
from facilitator.sim.scenario import load_scenario
from facilitator.sim.voices import Renderer

PROMPTS = [
    "Welcome. I'll guide you through the dialogue, one step at a time.",
    "Sam, please begin. Speak about yourself, a few sentences at a time, then pause.",
    "Alex, please mirror. If I got it, you said... Then ask, did I get that?",
    "Thank you both for listening to each other today. This dialogue is complete.",
]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer.load()


def scenario(tmp_path: Path, speakers: str, gap: float, cue: str = "opening") -> Path:
    f = tmp_path / "s.toml"
    f.write_text(
        f'speakers = "{speakers}"\n[partners.A]\nname = "Sam"\npitch = 0.82\n'
        '[partners.B]\nname = "Alex"\npitch = 1.25\n'
        f'[[line]]\ncue = "{cue}"\nwho = "B"\ngap = {gap}\nsay = "Sorry, could you say that again?"\n'
    )
    return f


def detect(room: SimulatedRoom, voice, text: str) -> tuple[float | None, float]:
    """(time the detector fired or None, time the prompt started) for one prompt in the room."""
    frames = iter(room)
    first = next(frames)
    audio = voice.render(text)
    room.play(audio, voice.sample_rate, first.end, "opening")
    detector = BargeInDetector()
    detector.start(envelope(audio, voice.sample_rate), first.end)
    for _ in range(round(len(audio) / voice.sample_rate / 0.03) + 10):
        frame = next(frames)
        if detector.push(frame):
            return frame.end, first.end
    return None, first.end


@pytest.mark.parametrize("speakers", ["channels", "voices"])
def test_the_prompt_alone_is_never_taken_for_a_person(voice, renderer, tmp_path, speakers) -> None:
    room = SimulatedRoom(
        load_scenario(scenario(tmp_path, speakers, 0.5, cue="end.request")), renderer
    )
    for text in PROMPTS:
        fired, _ = detect(room, voice, text)
        assert fired is None, text


@pytest.mark.parametrize("speakers", ["channels", "voices"])
def test_a_person_talking_over_the_prompt_is_noticed_within_half_a_second(
    voice, renderer, tmp_path, speakers
) -> None:
    room = SimulatedRoom(load_scenario(scenario(tmp_path, speakers, -2.5)), renderer)
    fired, started = detect(room, voice, PROMPTS[1])
    person = next(p for p in room.placements if p.speaker == "B")
    assert fired is not None
    assert person.start <= fired <= person.start + 0.5
    assert fired > started
