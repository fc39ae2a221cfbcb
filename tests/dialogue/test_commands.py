"""Voice commands work at any step, from either partner, and the dialogue goes on where it was."""

from __future__ import annotations

import pytest

from facilitator.dialogue.events import (
    Command,
    EndSession,
    Pause,
    Resume,
    Say,
    StepStarted,
    Tick,
    Utterance,
)
from tests.dialogue.conversations import POSITIONS

PLACES = ["appointment", "mirror", "confirm", "validation", "close"]


def at(talk, place: str, **settings):
    turns, step, awaited, prompt = POSITIONS[place]
    session = talk(**settings)
    session.turns(turns)
    state = session.engine.state
    assert (state.step, state.awaiting, session.said()[-1]) == (step, awaited, prompt)
    return session


def other(who: str) -> str:
    return "B" if who == "A" else "A"


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("who", ["A", "B"])
def test_pause_then_resume_continues_where_it_stopped(talk, place: str, who: str) -> None:
    session = at(talk, place)
    before = session.engine.state
    mark = session.mark()
    session.speak(who, "Pause, please.")
    assert session.since(mark, Command) == [Command(who, "pause")]
    assert session.since(mark, Pause) == [Pause("pause", None)]
    assert session.since(mark)[0].prompt_id == "pause.ok"
    assert session.engine.state.paused
    session.speak(
        before.awaiting, "I feel lonely in the evenings when we sit apart and don't talk."
    )
    assert session.engine.state.step == before.step and session.engine.state.paused
    mark = session.mark()
    session.speak(other(who), "Okay, we're back.")
    said = [s.prompt_id for s in session.since(mark)]
    assert session.of(Resume) and said == ["resume.ok", POSITIONS[place][3]]
    after = session.engine.state
    assert (after.step, after.awaiting, after.paused) == (before.step, before.awaiting, False)


def test_repeat_spoken_over_the_opening_says_the_opening_again(talk) -> None:
    """Understood only after the opening has ended and the first question has been asked,
    "repeat" means the words it was spoken over, and then the question."""
    session = talk()
    opening, question = session.of(Say)[0], session.of(Say)[-1]
    assert opening.prompt_id == "opening" and question.prompt_id != "opening"
    mark = session.mark()
    session.send(Utterance("B", 1.0, 1.8, "Sorry, can you repeat that?"))
    session.settle()
    assert session.since(mark) == [opening, question]
    mark = session.mark()
    session.speak("A", "Repeat, please.")
    assert session.since(mark) == [question]


@pytest.mark.parametrize("place", PLACES)
def test_repeat_says_the_last_prompt_again(talk, place: str) -> None:
    session = at(talk, place)
    last = session.of(Say)[-1]
    before = session.engine.state
    mark = session.mark()
    session.speak("B", "Sorry, what?")
    assert session.since(mark) == [last]
    assert Command("B", "repeat") in session.actions[mark:]
    after = session.engine.state
    assert (after.step, after.awaiting) == (before.step, before.awaiting)


@pytest.mark.parametrize(
    ("place", "next_step"),
    [("summary", "validation"), ("close", "end")],
)
def test_skip_leaves_an_optional_step(talk, place: str, next_step: str) -> None:
    session = at(talk, place)
    mark = session.mark()
    session.speak("A", "Let's skip this step.")
    assert session.since(mark, StepStarted)[0].step == next_step
    assert Command("A", "skip") in session.actions[mark:]


@pytest.mark.parametrize("place", ["appointment", "mirror", "validation"])
def test_skip_does_not_leave_a_core_step(talk, place: str) -> None:
    session = at(talk, place)
    mark = session.mark()
    session.speak("B", "Skip.")
    assert [s.prompt_id for s in session.since(mark)] == ["command.no_skip"]
    assert not session.since(mark, StepStarted) and not session.since(mark, Command)
    assert session.engine.state.step == POSITIONS[place][1]


@pytest.mark.parametrize(
    ("place", "back_to", "sender"),
    [
        ("appointment", "appointment", "A"),  # the first step: starts again
        ("mirror", "appointment", "A"),
        ("validation", "summary", "A"),
        ("close", "empathy", "B"),
    ],
)
def test_back_restarts_the_previous_step(talk, place: str, back_to: str, sender: str) -> None:
    session = at(talk, place)
    mark = session.mark()
    session.speak("A", "Can we go back?")
    started = session.since(mark, StepStarted)
    assert [s.step for s in started] == [back_to]
    assert started[0].sender == sender == session.engine.state.sender


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("who", ["A", "B"])
def test_time_out_pauses_with_a_return_time_and_resume_continues(talk, place, who) -> None:
    session = at(talk, place)
    before = session.engine.state
    mark = session.mark()
    session.speak(who, "I need a time out.")
    pause = session.since(mark, Pause)
    assert pause == [Pause("time_out", session.heard_at + 1200.0)]
    text = session.since(mark)[0].text
    assert session.since(mark)[0].prompt_id == "timeout.start" and "20 minutes" in text
    session.tick_to(session.heard_at + 1199.0)
    assert "timeout.over" not in session.said()
    session.wait(1.1)
    assert session.said()[-1] == "timeout.over"
    session.speak(other(who), "Resume.")
    after = session.engine.state
    assert session.said()[-2:] == ["resume.ok", POSITIONS[place][3]]
    assert (after.step, after.awaiting, after.paused) == (before.step, before.awaiting, False)


@pytest.mark.parametrize("place", PLACES)
def test_end_the_session(talk, place: str) -> None:
    session = at(talk, place)
    session.speak("B", "And the session.")  # Whisper's hearing of "end the session"
    assert session.said()[-1] == "end.request"
    assert session.of(EndSession) == [EndSession("ended_by_request", "")]
    assert session.send(Tick(session.t + 1)) == []  # nothing more once ended


def test_resume_when_not_paused_is_an_answer_not_a_command(talk) -> None:
    session = at(talk, "confirm")
    mark = session.mark()
    session.speak("A", "Continue.")
    assert not session.since(mark, Command)
