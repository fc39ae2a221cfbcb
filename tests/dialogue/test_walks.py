"""Every shipped script walked end to end with plain event lists (no audio): each table row is a
conversation, the steps it must pass through, how it must end, and prompts it must (not) hear."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from facilitator.dialogue.events import EndSession, Enroll, Listen, Note, Record, SwitchRoles
from tests.dialogue.conversations import (
    APPOINTMENT_OK,
    APPRECIATION_ROUND,
    BEHAVIOR_CHANGE,
    CLOSE,
    REQUEST,
    ROUND_1,
    ROUND_2,
    ROUND_STEPS,
    roles,
)


@dataclass
class Walk:
    script: str
    turns: list[tuple[str, str]]
    steps: list[str]
    end: str
    must_say: list[str] = field(default_factory=list)
    must_not_say: list[str] = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)


WALKS = {
    "intentional, full": Walk(
        "intentional",
        APPOINTMENT_OK + ROUND_1 + ROUND_2 + CLOSE,
        ["appointment", *ROUND_STEPS, "switch", *ROUND_STEPS, "close", "end"],
        "completed",
        must_say=[
            "send.missed",
            "send.remirror",
            "send.next",
            "send.check",
            "empathy.remirror",
            "switch.say",
            "close.first",
            "close.second",
            "end.say",
        ],
        must_not_say=["clarify.confirm", "clarify.more"],
    ),
    "intentional, receiver names a later time": Walk(
        "intentional",
        [
            ("A", "I'd like to talk about our money. Is now a good time?"),
            ("B", "Not now, maybe tonight after dinner."),
        ],
        ["appointment"],
        "appointment_later",
        must_say=["appointment.later"],
        must_not_say=["appointment.agreed"],
    ),
    "intentional, receiver declines then names a time": Walk(
        "intentional",
        [("A", "I want to talk about the holidays."), ("B", "No."), ("B", "Tomorrow at 7.")],
        ["appointment"],
        "appointment_later",
        must_say=["appointment.ask", "appointment.when", "appointment.later"],
    ),
    "intentional, unclear agreement asked once": Walk(
        "intentional",
        [
            ("A", "I'd like to talk about our evenings. Is now a good time?"),
            ("B", "Hmm."),
            ("B", "Yes."),
            ("A", "I feel lonely in the evenings when we sit apart."),
        ],
        ["appointment", "send"],
        "",
        must_say=["clarify.appointment", "appointment.agreed", "send.mirror"],
    ),
    "appreciation, both partners": Walk(
        "appreciation",
        roles(APPRECIATION_ROUND, "A") + roles(APPRECIATION_ROUND, "B"),
        ["appreciate", "reason", "feeling", "switch", "appreciate", "reason", "feeling", "end"],
        "completed",
        must_say=["reason.remirror", "switch.say", "end.say"],
        must_not_say=["appointment.invite"],
    ),
    "behavior change, three requests and a gift": Walk(
        "behavior-change",
        BEHAVIOR_CHANGE,
        ["appointment", "frustration", "summary", "desire", "requests", "choose", "thanks", "end"],
        "completed",
        must_say=["requests.more", "requests.next", "choose.invite", "end.say"],
    ),
    "behavior change, B sends first": Walk(
        "behavior-change",
        roles(
            [("{s}", "I'd like to talk about the dishes. Is now a good time?"), ("{r}", "Yes.")]
            + [(w, t) for w, t in roles(REQUEST, "B")],
            "B",
        ),
        ["appointment", "frustration"],
        "",
        kwargs={"first": "B"},
    ),
}


@pytest.mark.parametrize("name", list(WALKS))
def test_walk(talk, name: str) -> None:
    walk = WALKS[name]
    session = talk(walk.script, **walk.kwargs)
    session.turns(walk.turns)
    assert session.steps() == walk.steps
    assert session.engine.state.ended == walk.end
    said = session.said()
    for pid in walk.must_say:
        assert pid in said, f"{pid} not said; said {said}"
    for pid in walk.must_not_say:
        assert pid not in said


def test_the_full_intentional_dialogue_in_order(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK + ROUND_1[:6])
    assert session.said() == [
        "opening", "appointment.invite", "appointment.agreed", "send.invite", "send.mirror",
        "send.missed", "send.remirror", "send.more",
    ]  # fmt: skip
    assert [n.value for n in session.of(Note) if n.kind == "confirm"] == ["partly", "yes"]


def test_the_new_sender_responds_to_the_same_topic(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK + ROUND_1)
    assert session.of(SwitchRoles) == [SwitchRoles("B", "A")]
    state = session.engine.state
    assert (state.sender, state.receiver, state.round, state.topic) == ("B", "A", 2, "our evenings")
    switch = session.texts()[session.said().index("switch.say")]
    assert "our evenings" in switch and switch.startswith("Thank you both") and "Ben" in switch
    assert session.listen == Listen("B", "long")


def test_the_later_time_is_recorded_and_said(talk) -> None:
    session = talk()
    session.turns(WALKS["intentional, receiver names a later time"].turns)
    end = session.of(EndSession)
    assert end == [EndSession("appointment_later", "tonight after dinner")]
    assert "talk tonight after dinner" in session.texts()[-1]
    assert session.engine.state.end_detail == "tonight after dinner"


def test_names_asked_and_who_sends_first_asked(talk) -> None:
    session = talk(names={}, first="ask")
    session.turns([("A", "My name is Anna."), ("B", "Hi, I'm Ben."), ("B", "Me.")])
    assert session.said()[:5] == [
        "opening", "names.ask_a", "names.ask_b", "names.thanks", "first.ask",
    ]  # fmt: skip
    assert session.engine.state.names == {"A": "Anna", "B": "Ben"}
    assert session.steps() == ["names", "first", "appointment"]
    assert session.engine.state.sender == "B"
    assert session.texts()[-1].startswith("Ben, please name the one topic")


def test_a_name_not_heard_is_asked_again_once(talk) -> None:
    session = talk(names={})
    session.turns([("A", "Hello."), ("A", "Hello."), ("B", "Ben.")])
    assert session.said().count("names.again") == 1
    assert session.engine.state.names == {"A": "Partner A", "B": "Ben"}


def test_voices_mode_enrolls_each_partner_before_listening(talk) -> None:
    session = talk(enroll=True)
    assert session.said() == ["opening", "enroll.a"]
    assert session.actions[-2:] == [Enroll("A"), Listen("A", "long")]
    session.speak("A", "Today I worked from home and walked the dog in the afternoon.")
    assert session.actions[-2:] == [Enroll("B"), Listen("B", "long")]
    session.speak("B", "I went to the office and had a long meeting about the budget.")
    assert session.steps() == ["names", "appointment"]


@pytest.mark.parametrize(
    ("answers", "recording"),
    [
        ([("A", "Yes."), ("B", "Yeah, sure.")], True),
        ([("A", "Yes."), ("B", "No.")], False),
        ([("A", "No thanks.")], False),
        ([("A", "Hmm."), ("A", "Well...")], False),
    ],
)
def test_recording_only_when_both_agree(talk, answers, recording: bool) -> None:
    session = talk(ask_recording=True)
    session.turns(answers)
    assert session.of(Record) == [Record(recording)]
    assert session.steps() == ["consent", "appointment"]


def test_go_ahead_answered_with_thats_all_ends_the_sending(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK + ROUND_1[:7])
    assert session.said()[-1] == "send.next"
    session.speak("A", "Actually no, that's all.")
    assert session.steps()[-1] == "summary"
