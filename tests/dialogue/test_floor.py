"""Floor control: interruptions against backchannels, answers and the Sender's turn ending."""

from __future__ import annotations

import pytest

from facilitator.dialogue.events import (
    Chime,
    Escalation,
    Flag,
    Pause,
    PromptFinished,
    Say,
    SpeechStarted,
    SpeechStopped,
    Tick,
    Utterance,
)
from tests.dialogue.conversations import POSITIONS, ROUND_1


def at(talk, place: str, **settings):
    session = talk(**settings)
    session.turns(POSITIONS[place][0])
    return session, session.t


def test_receiver_speaking_over_the_sender_is_an_interruption(talk) -> None:
    session, t0 = at(talk, "send")
    mark = session.mark()
    session.voice(("A", t0 + 1, t0 + 3), ("B", t0 + 3.5, t0 + 4.7))  # B in A's 0.5 s pause
    assert session.since(mark, Chime) == [Chime("interruption")]
    flag = session.since(mark, Flag)
    assert flag == [Flag("interruption", "B", "A", pytest.approx(t0 + 3.5), pytest.approx(1.2))]
    assert session.engine.state.interruptions == {"A": 0, "B": 1}


def test_a_chime_comes_as_soon_as_the_minimum_is_reached(talk) -> None:
    session, t0 = at(talk, "send")
    session.voice(("A", t0 + 1, None), ("B", t0 + 2, t0 + 2.4))
    assert not session.of(Chime)
    session.voice(("B", t0 + 3, None))
    session.tick_to(t0 + 3.4)
    assert not session.of(Chime)
    session.tick_to(t0 + 3.5)
    assert session.of(Chime) == [Chime("interruption")] and not session.of(Flag)
    assert session.engine.state.speaking == ("A", "B")


@pytest.mark.parametrize("length", [0.1, 0.3, 0.45])
def test_a_short_backchannel_is_not_an_interruption(talk, length: float) -> None:
    session, t0 = at(talk, "send")
    session.voice(("A", t0 + 1, t0 + 2), ("B", t0 + 2.2, t0 + 2.2 + length), ("A", t0 + 3, t0 + 6))
    assert not session.of(Chime) and not session.of(Flag)
    assert session.engine.state.backchannels["B"] == 1


def test_after_the_end_of_turn_pause_the_floor_has_passed(talk) -> None:
    session, t0 = at(talk, "send")
    session.voice(("A", t0 + 1, t0 + 3), ("B", t0 + 3 + 1.9, t0 + 6.5))  # end_of_turn_s is 1.8
    assert not session.of(Flag) and not session.of(Chime)


def test_receiver_answering_a_question_is_never_an_interruption(talk) -> None:
    session = talk()
    session.speak("A", "I'd like to talk about our evenings. Is now a good time?")
    t0 = session.t
    session.voice(("B", t0 + 0.2, t0 + 2.0), ("A", t0 + 0.5, t0 + 1.5))  # nobody holds the floor
    assert not session.of(Flag) and not session.of(Chime)


def test_sender_over_the_mirror_is_flagged_separately(talk) -> None:
    session, t0 = at(talk, "mirror")
    session.voice(("B", t0 + 1, t0 + 6), ("A", t0 + 2, t0 + 3.5))
    assert session.of(Flag) == [
        Flag("sender_over_mirror", "A", "B", pytest.approx(t0 + 2), pytest.approx(1.5))
    ]
    state = session.engine.state
    assert state.sender_over_mirror == {"A": 1, "B": 0} and state.interruptions == {"A": 0, "B": 0}


def test_sender_answering_did_i_get_that_is_not_over_the_mirror(talk) -> None:
    session, t0 = at(talk, "mirror")
    # "... Did I get that?" and "Yes." before the turn segmenter has ended B's turn
    session.voice(("B", t0 + 1, t0 + 5), ("A", t0 + 5.4, t0 + 6.2))
    assert not session.of(Flag)


def test_voice_reaction_reminds_the_receiver_at_the_next_pause(talk) -> None:
    session, t0 = at(talk, "send", reaction="voice")
    mark = session.mark()
    session.voice(("A", t0 + 0.1, None), ("B", t0 + 2, t0 + 3))
    session.tick_to(t0 + 8)
    assert not session.since(mark, Say) and not session.of(Chime)  # A is still speaking
    session.voice(("A", None, t0 + 8))
    session.tick_to(t0 + 8.5)
    assert not session.since(mark, Say)
    session.tick_to(t0 + 8.8)
    reminder = session.since(mark, Say)
    assert [s.prompt_id for s in reminder] == ["floor.receiver"]
    assert reminder[0].text == "Ben, your turn to respond is coming."


def test_voice_reminder_is_dropped_once_the_turn_is_over(talk) -> None:
    session, t0 = at(talk, "send", reaction="voice")
    session.voice(("A", t0 + 0.1, t0 + 2.5), ("A", t0 + 2.6, t0 + 3.6), ("B", t0 + 2.7, t0 + 3.5))
    session.send(Utterance("A", t0 + 0.1, t0 + 3.6, ROUND_1[0][1]))
    session.settle()
    assert "floor.receiver" not in session.said()


def test_log_reaction_only_flags(talk) -> None:
    session, t0 = at(talk, "send", reaction="log")
    session.voice(("A", t0 + 1, t0 + 3), ("B", t0 + 2, t0 + 4))
    assert len(session.of(Flag)) == 1 and not session.of(Chime)
    assert session.said()[-1] == "send.invite"


def test_escalation_calls_a_time_out(talk) -> None:
    session, t0 = at(talk, "mirror")
    session.send(Escalation(t0 + 1, "loud overlap"))
    assert session.of(Flag)[-1] == Flag("escalation", None, None, t0 + 1, None, "loud overlap")
    assert session.of(Pause) == [Pause("time_out", t0 + 1 + 1200)]
    assert session.engine.state.pause_reason == "time_out"


def test_the_next_prompt_waits_for_a_partner_who_spoke_over_the_last(talk) -> None:
    session, t = at(talk, "validation")
    session.turns([ROUND_1[18], ROUND_1[19]])  # empathy, "Is that what you feel?"
    t = session.t + 0.5
    session.send(Utterance("A", t - 0.4, t, "Yes."))
    assert session.playing.prompt_id == "switch.say"  # then "send.invite" is queued
    session.send(SpeechStarted("B", t + 1.0))  # B starts over it; the runner stops the prompt
    session.playing = None
    assert session.send(PromptFinished("switch.say", t + 1.1, interrupted=True)) == []
    assert session.send(Tick(t + 2.0)) == []
    out = session.send(SpeechStopped("B", t + 3.0))
    assert [a.prompt_id for a in out if isinstance(a, Say)] == ["send.invite"]


def test_hangover_keeps_a_late_reported_backchannel_from_being_chimed() -> None:
    """The pipeline reports a stop `hangover` after the last sound: a 0.3 s "mm" is still "on" at
    0.5 s, but must neither chime nor be flagged; a 0.7 s remark chimes once it is surely 0.5 s long."""
    from facilitator.dialogue.floor import Floor

    floor = Floor(min_s=0.5, end_of_turn_s=1.8, hangover_s=0.3)
    floor.hold("A", 0.0, incident="interruption", through_pauses=True)
    floor.started("A", 0.0)
    floor.started("B", 1.0)
    assert floor.tick(1.5) == [] and floor.tick(1.6) == []
    (incident,) = floor.stopped("B", 1.3)
    assert incident.kind == "backchannel" and incident.duration == pytest.approx(0.3)
    floor.started("B", 3.0)
    assert floor.tick(3.7) == []
    (early,) = floor.tick(3.8)
    assert early.kind == "interruption" and not early.ended
    (late,) = floor.stopped("B", 3.7)
    assert late.kind == "interruption" and late.ended and late.duration == pytest.approx(0.7)


def test_a_sender_talked_over_past_the_end_of_turn_goes_on_with_the_same_piece(talk) -> None:
    session, t0 = at(talk, "send")
    # A stops when B cuts in; B talks on for longer than the end-of-turn pause; then A goes on.
    session.voice(("A", t0 + 1, t0 + 3), ("B", t0 + 2.8, t0 + 5.5))
    session.send(Utterance("A", t0 + 1, t0 + 3, "When I get home I feel lonely."))
    session.send(Utterance("B", t0 + 2.8, t0 + 5.5, "But I have work to finish."))
    session.tick_to(t0 + 5.8)
    assert session.said()[-1] == "send.invite"  # no mirror yet: A has the floor back
    session.voice(("A", t0 + 6, t0 + 8))
    session.send(Utterance("A", t0 + 6, t0 + 8, "And I miss talking with you."))
    session.settle()
    assert session.said()[-1] == "send.mirror"
    assert session.engine.piece == "When I get home I feel lonely. And I miss talking with you."


def test_a_sender_talked_over_who_does_not_go_on_ends_the_turn_after_the_interruption(
    talk,
) -> None:
    session, t0 = at(talk, "send")
    session.voice(("A", t0 + 1, t0 + 3), ("B", t0 + 2.8, t0 + 5.5))
    session.send(Utterance("A", t0 + 1, t0 + 3, "When I get home I feel lonely."))
    session.tick_to(t0 + 5.5 + 1.7)
    assert session.said()[-1] == "send.invite"
    session.tick_to(t0 + 5.5 + 1.9)
    assert session.said()[-1] == "send.mirror"
    assert session.engine.piece == "When I get home I feel lonely."
