"""The plain view prints each change once, in words; the live panel redraws in place."""

from __future__ import annotations

import io

from facilitator.session.view import Caption, LiveView, PlainView, ViewState, clock


def state(t: float, **kw) -> ViewState:
    base = dict(step="send", sender="Sam", receiver="Alex")
    base.update(kw)
    return ViewState(t=t, **base)


def test_plain_view_prints_changes_once() -> None:
    out = io.StringIO()
    view = PlainView(out)
    view.show(state(1))
    view.show(state(2))
    view.show(state(3, speaking=("Sam",)))
    view.show(state(9, captions=(Caption(0, "Sam", "I feel lonely in the evenings."),)))
    view.show(
        state(
            10,
            captions=(Caption(0, "Sam", "I feel lonely in the evenings."),),
            interruptions={"Alex": 1},
        )
    )
    view.show(
        state(
            75,
            step="mirror",
            interruptions={"Alex": 1},
            captions=(Caption(0, "Sam", "x"), Caption(1, "Alex", "You said...")),
        )
    )
    lines = out.getvalue().splitlines()
    assert lines == [
        "[0:01] step: send; Sender: Sam; Receiver: Alex",
        "[0:01] running",
        "[0:03] speaking now: Sam",
        "[0:09] speaking now: nobody",
        "[0:09] Sam: I feel lonely in the evenings.",
        "[0:10] interruptions by Alex: 1",
        "[1:15] step: mirror; Sender: Sam; Receiver: Alex",
        "[1:15] Alex: You said...",
    ]


def test_live_view_redraws_the_same_block() -> None:
    out = io.StringIO()
    view = LiveView(out)
    view.show(state(1, paused=True))
    first = out.getvalue()
    assert "PAUSED" in first and "Sender: Sam   Receiver: Alex" in first
    view.show(state(2))
    second = out.getvalue()[len(first) :]
    assert second.startswith(f"\x1b[{first.count(chr(10))}F")


def test_clock() -> None:
    assert clock(0) == "0:00" and clock(75.9) == "1:15" and clock(3725) == "1:02:05"
