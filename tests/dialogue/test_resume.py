"""Continuing a session from the journal's last state: at the start of the step it was in."""

from __future__ import annotations

import json

import pytest

from facilitator.dialogue import Engine, EngineSettings, load_script
from facilitator.dialogue.events import StepStarted
from facilitator.errors import ConfigError, InputFileError
from tests.dialogue.conversations import APPOINTMENT_OK, CLOSE, POSITIONS, ROUND_1, ROUND_2


def snapshot_at(talk, turns) -> dict:
    session = talk()
    session.turns(turns)
    return json.loads(json.dumps(session.engine.state.to_dict()))  # as a journal keeps it


def test_resume_starts_the_interrupted_step_again_and_says_so(talk) -> None:
    snap = snapshot_at(talk, POSITIONS["validation"][0] + [ROUND_1[18]])  # in empathy
    session = talk(resume=snap)
    assert session.texts()[0] == "Welcome back. We'll pick up at the start of the empathy step."
    assert session.of(StepStarted) == [StepStarted("empathy", "A", "B", 1)]
    assert session.said() == ["resume.session", "empathy.invite"]
    state = session.engine.state
    assert (state.names, state.topic) == ({"A": "Anna", "B": "Ben"}, "our evenings")
    session.turns(ROUND_1[19:] + ROUND_2 + CLOSE)
    assert session.engine.state.ended == "completed"


def test_resume_in_the_second_round_keeps_the_roles(talk) -> None:
    snap = snapshot_at(talk, APPOINTMENT_OK + ROUND_1 + ROUND_2[:3])
    session = talk(resume=snap)
    assert session.of(StepStarted) == [StepStarted("send", "B", "A", 2)]
    assert session.texts()[-1].startswith("Ben, please begin.")
    session.turns(ROUND_2 + CLOSE)
    assert session.steps()[-2:] == ["close", "end"]  # no third round


def test_resume_from_the_introduction_starts_the_dialogue(talk) -> None:
    session = talk(names={})
    snap = session.engine.state.to_dict()
    assert snap["step"] == "names"
    resumed = talk(resume=snap)
    assert resumed.steps() == ["appointment"]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"step": "debate"}, ConfigError, "step 'debate': the session to resume was at this step"),
        ({"step": None, "names": None}, InputFileError, "incomplete"),
        ({"sender": "C"}, InputFileError, "unknown Sender 'C'"),
    ],
)
def test_a_bad_snapshot_is_a_clear_error(talk, change, error, message) -> None:
    snap = snapshot_at(talk, APPOINTMENT_OK) | change
    snap = {k: v for k, v in snap.items() if v is not None}
    with pytest.raises(error, match=message):
        Engine.resume(load_script("intentional"), EngineSettings(), snap, 0.0)
