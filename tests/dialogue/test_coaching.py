"""Coaching: each check fires on the clear case and stays quiet on a good turn; the engine says at
most one suggestion per step and journals every finding."""

from __future__ import annotations

import pytest

from facilitator.dialogue import coaching
from facilitator.dialogue.events import Coaching, Listen
from tests.dialogue.conversations import APPOINTMENT_OK, CLOSE, POSITIONS, ROUND_1, ROUND_2

PIECE = "When you come home late I feel lonely and I worry about you and I can't sleep."


@pytest.mark.parametrize(
    ("mirror", "piece", "cue"),
    [
        ("You feel lonely, but you also come home late yourself.", PIECE, "but"),
        ("That's not what happened, you said you were lonely.", PIECE, "that's not what happened"),
        ("You feel lonely. Actually I think you're just tired.", PIECE, "actually"),
        ("You're exaggerating, you feel lonely.", PIECE, "you're exaggerating"),
        ("You want to help but you're tired.", "I want to help but I'm tired.", None),
        ("You also worry about me.", "I also worry about you.", None),
        ("If I got it, you feel lonely when I come home late and you worry.", PIECE, None),
    ],
)
def test_rebuttal(mirror: str, piece: str, cue: str | None) -> None:
    found = coaching.rebuttal(mirror, piece)
    assert (found.detail if found else None) == (f'the mirror added "{cue}"' if cue else None)


@pytest.mark.parametrize(
    ("mirror", "piece", "low"),
    [
        ("You said something about work.", PIECE, True),
        ("You feel lonely when I come home late, you worry and can't sleep.", PIECE, False),
        ("You're sad.", "I'm sad.", False),  # too short to judge
    ],
)
def test_low_kept(mirror: str, piece: str, low: bool) -> None:
    assert (coaching.low_kept(mirror, piece, 0.25) is not None) is low


@pytest.mark.parametrize(
    ("piece", "cue"),
    [
        ("You always come home late.", "you always"),
        ("You never listen to me.", "you never"),
        ("Every time you leave, I worry.", "every time you"),
        ("You're always on your phone at dinner.", "you're always"),
        ("I always feel lonely on Sundays.", None),
        ("I feel lonely when you come home late.", None),
    ],
)
def test_you_always_you_never(piece: str, cue: str | None) -> None:
    found = coaching.i_statement(piece)
    assert (found.detail if found else None) == (f'the Sender said "{cue}"' if cue else None)


def test_long_piece() -> None:
    assert coaching.long_piece(65.0, 60.0).check == "long_piece"
    assert coaching.long_piece(30.0, 60.0) is None


@pytest.mark.parametrize(
    ("kind", "text", "missing"),
    [
        ("validation", "You make sense to me, because you wait for me.", False),
        ("validation", "That makes sense.", False),
        ("validation", "I can see why you feel that way.", False),
        ("validation", "Okay, you were tired.", True),
        ("empathy", "I imagine you might be feeling sad.", False),
        ("empathy", "You must feel alone.", False),
        ("empathy", "That sounds hard.", True),
    ],
)
def test_stems(kind: str, text: str, missing: bool) -> None:
    assert (coaching.stem(kind, text) is not None) is missing


def spoken(session) -> list[str]:
    return [c.check for c in session.of(Coaching) if c.spoken]


def test_a_good_dialogue_gets_no_coaching(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK + ROUND_1 + ROUND_2 + CLOSE)
    assert session.of(Coaching) == []
    assert not [p for p in session.said() if p.startswith("coach.")]


def test_a_mirror_with_a_rebuttal_is_redone_once(talk) -> None:
    session = talk()
    session.turns(POSITIONS["mirror"][0])
    session.speak("B", "You feel lonely, but you also come home late yourself. Did I get that?")
    assert session.said()[-1] == "coach.rebuttal" and session.listen == Listen("B", "long")
    session.speak("B", "You feel lonely but I come home late. Did I get that?")  # again: noted only
    assert [(c.check, c.spoken) for c in session.of(Coaching)] == [
        ("rebuttal", True), ("rebuttal", False),
    ]  # fmt: skip
    assert session.listen == Listen("A", "short")
    assert session.said().count("coach.rebuttal") == 1


def test_a_mirror_that_kept_little_asks_the_sender(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK)
    session.speak("A", PIECE)
    session.speak("B", "You said something about work. Did I get that?")
    assert session.said()[-1] == "coach.low_kept"
    assert session.texts()[-1].startswith("Anna, did Ben get all of that?")
    session.speak("A", "You left out that I feel lonely and worry and can't sleep.")
    assert session.said()[-1] == "send.remirror"


def test_you_always_is_rephrased_as_i_feel(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK)
    session.speak("A", "You always come home late and you never call.")
    assert session.said()[-1] == "coach.i_statement" and session.listen == Listen("A", "long")
    session.speak("A", "I feel lonely when you come home late without calling.")
    assert session.said()[-1] == "send.mirror"
    assert spoken(session) == ["i_statement"]


def test_a_long_piece_gets_an_invitation_to_pause_at_a_pause(talk) -> None:
    session = talk()
    session.turns(APPOINTMENT_OK)
    t0 = session.t
    # 70 s of speech in 10-s stretches with 0.4-s breaths (too short to count as a pause)
    session.voice(*[("A", t0 + 1 + 10.4 * i, t0 + 11 + 10.4 * i) for i in range(7)])
    assert "coach.long_piece" not in session.said()
    session.tick_to(session.t + 0.8)
    assert session.said()[-1] == "coach.long_piece"
    assert session.of(Coaching)[0].check == "long_piece"


def test_validation_without_its_stem_is_offered_the_stem(talk) -> None:
    session = talk()
    session.turns(POSITIONS["validation"][0])
    session.speak("B", "Okay, you were waiting for me.")
    assert session.said()[-1] == "coach.validation_stem"
    session.speak("B", "You make sense to me, because you wait and don't know when I'm back.")
    assert session.engine.state.step == "empathy"


def test_empathy_without_its_stem_is_offered_the_stem(talk) -> None:
    session = talk()
    session.turns(POSITIONS["validation"][0] + [ROUND_1[18]])
    session.speak("B", "That sounds hard. Is that right?")
    assert session.said()[-1] == "coach.empathy_stem"


def test_unspoken_coaching_is_only_journaled(talk) -> None:
    session = talk(spoken_coaching=False)
    session.turns(APPOINTMENT_OK)
    session.speak("A", "You always come home late and you never call.")
    session.speak("B", "You feel I come home late, but you also never call me. Did I get that?")
    assert [(c.check, c.spoken) for c in session.of(Coaching)] == [
        ("i_statement", False), ("rebuttal", False),
    ]  # fmt: skip
    assert not [p for p in session.said() if p.startswith("coach.")]
    assert session.listen == Listen("A", "short")
