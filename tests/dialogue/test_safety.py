"""Sessions end cleanly and safely: silences, the time limit with its wrap-up, the opening words."""

from __future__ import annotations

from facilitator.dialogue.events import EndSession, Pause, Resume, Say, StepStarted
from tests.dialogue.conversations import APPOINTMENT_OK, POSITIONS, ROUND_1, ROUND_2


def test_the_opening_says_it_is_a_practice_aid_not_therapy(talk) -> None:
    opening = talk().texts()[0]
    sentence = next(s for s in opening.split(". ") if "not therapy" in s)
    assert "practice aid" in sentence and "abuse" in sentence


def test_a_long_silence_gets_a_check_in_then_a_pause(talk) -> None:
    session = talk()
    session.turns(POSITIONS["mirror"][0])
    t0 = session.t
    session.tick_to(t0 + 29.9)
    assert session.said()[-1] == "send.mirror"
    session.tick_to(t0 + 30.1)  # a tick's slack for float sums
    assert session.said()[-1] == "checkin"
    session.tick_to(t0 + 59.9)
    assert not session.of(Pause)
    session.tick_to(t0 + 60.1)
    assert session.of(Pause) == [Pause("silence", None)]
    session.settle()
    assert session.said()[-1] == "pause.silence"
    session.wait(300)
    assert session.said()[-1] == "pause.silence"  # paused: no more check-ins
    session.speak("A", "We're back.")
    assert session.of(Resume) and session.said()[-2:] == ["resume.ok", "send.mirror"]


def test_speech_during_the_silence_starts_it_again(talk) -> None:
    session = talk()
    session.turns(POSITIONS["mirror"][0])
    t0 = session.t
    session.tick_to(t0 + 31)
    session.voice(("B", t0 + 31, t0 + 32))  # a false start, no words yet
    session.tick_to(t0 + 61)
    assert not session.of(Pause) and session.said().count("checkin") == 1
    session.tick_to(t0 + 62)
    assert session.said().count("checkin") == 2


def test_the_time_limit_wraps_up_then_ends(talk) -> None:
    session = talk(time_limit_s=260.0, wrap_up_s=120.0)
    session.turns(APPOINTMENT_OK + ROUND_1[:8])
    assert session.t < 140 and "wrap_up" not in session.said()
    session.turns(ROUND_1[8:16])
    assert session.t > 140 and "wrap_up" in session.said()
    wrap = session.texts()[session.said().index("wrap_up")]
    assert wrap == "We have about 2 minutes left, so let's begin to wrap up."
    # the current step ends as usual, then the dialogue goes on to the closing step
    assert session.steps()[-2:] == ["send", "close"]
    session.wait(260)
    assert session.of(EndSession) == [EndSession("time_limit", "")]
    assert session.said()[-1] == "end.time_up"
    end = next(i for i, a in enumerate(session.actions) if isinstance(a, EndSession))
    assert session.actions[end - 1] == session.of(Say)[-1]
    assert session.engine.state.t <= 260.0


def test_the_time_limit_never_talks_over_a_prompt(talk) -> None:
    session = talk(time_limit_s=5.0, wrap_up_s=0.0)
    assert session.of(EndSession) == [EndSession("time_limit", "")]
    assert session.said() == ["opening"]  # the goodbye would have been said over it


def test_no_wrap_up_when_it_is_off(talk) -> None:
    session = talk(time_limit_s=120.0, wrap_up_s=0.0)
    session.wait(200)
    assert "wrap_up" not in session.said() and session.of(EndSession)


def test_the_session_ends_after_the_closing_words(talk) -> None:
    session = talk()
    session.turns(POSITIONS["close"][0] + [("B", "I appreciate you."), ("A", "And I you.")])
    assert session.steps()[-1] == "end"
    assert session.actions[-1] == EndSession("completed", "")
    assert session.of(Say)[-1].prompt_id == "end.say"


def test_a_dropped_optional_step_is_not_run(talk, tmp_path) -> None:
    from facilitator import resources

    text = (resources.dialogues_dir() / "intentional.toml").read_text()
    text = text.replace('id = "summary"\n', 'id = "summary"\nenabled = false\n')
    text = text.replace("please validate.", "now please validate.")
    script = tmp_path / "short.toml"
    script.write_text(text)
    session = talk(str(script))
    session.turns(APPOINTMENT_OK + ROUND_1[:16])
    assert session.steps()[-1] == "validation"
    assert "summary" not in session.steps()
    assert session.texts()[-1].startswith("Ben, now please validate.")


def test_round_two_has_the_roles_switched(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK + ROUND_1 + ROUND_2)
    started = [s for s in session.of(StepStarted) if s.step == "validation"]
    assert [(s.sender, s.receiver, s.round) for s in started] == [("A", "B", 1), ("B", "A", 2)]
