"""Events and actions as the journal keeps them: plain JSON dicts with a "type", and back."""

from __future__ import annotations

import json

import pytest

from facilitator.dialogue import events
from facilitator.errors import InputFileError

SAMPLES = [
    events.SpeechStarted("A", 1.5),
    events.SpeechStopped("B", 2.0),
    events.Utterance("A", 1.5, 3.25, "Did I get that?"),
    events.Tick(4.0),
    events.PromptFinished("send.mirror", 5.0, interrupted=True),
    events.Overlap("B", "A", 6.0),
    events.Escalation(7.0, "loud overlap"),
    events.Say("send.mirror", "Ben, please mirror."),
    events.Chime("interruption"),
    events.Flag("interruption", "B", "A", 8.0, 1.2, ""),
    events.Coaching("rebuttal", "B", 9.0, 'the mirror added "but"', True),
    events.StepStarted("send", "A", "B", 1),
    events.SwitchRoles("B", "A"),
    events.Listen(None, "short"),
    events.Enroll("A"),
    events.Record(True),
    events.Pause("time_out", 1210.0),
    events.Resume(),
    events.EndSession("appointment_later", "tomorrow"),
    events.Command("A", "repeat"),
    events.Note("topic", "A", "our evenings"),
]


def all_kinds(base: type) -> set[type]:
    return {k for sub in base.__subclasses__() for k in {sub} | all_kinds(sub)}


def test_every_event_and_action_has_a_sample() -> None:
    assert {type(s) for s in SAMPLES} == all_kinds(events.Event) | all_kinds(events.Action)


@pytest.mark.parametrize("item", SAMPLES, ids=lambda s: type(s).__name__)
def test_round_trip_through_json(item) -> None:
    data = json.loads(json.dumps(item.to_dict()))
    assert data["type"] == item.type
    assert events.from_dict(data) == item


def test_types_are_snake_case_names() -> None:
    assert events.PromptFinished("x", 0.0).to_dict()["type"] == "prompt_finished"
    assert events.Utterance("A", 0, 1, "hi").to_dict() == {
        "type": "utterance", "speaker": "A", "start": 0, "end": 1, "text": "hi",
    }  # fmt: skip


@pytest.mark.parametrize(
    "bad",
    [{"type": "shout", "t": 1}, {"t": 1}, {"type": "tick"}, {"type": "tick", "t": 1, "x": 2}, [1]],
)
def test_a_bad_record_is_a_clear_error(bad) -> None:
    with pytest.raises(InputFileError):
        events.from_dict(bad)
