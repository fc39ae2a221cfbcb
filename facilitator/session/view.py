"""What the people at the table (or a therapist) see while a session runs.

Two forms of the same facts: a live panel redrawn in place on a terminal, and `--plain` lines printed only
when something changes, for screen readers and logs. Nothing is shown by colour alone: every state is
also a word.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Protocol, TextIO


@dataclass(frozen=True)
class Caption:
    """One finished utterance; `n` counts captions from the start so none is printed twice."""

    n: int
    who: str
    text: str


@dataclass(frozen=True)
class ViewState:
    """A snapshot of the session for display."""

    t: float
    step: str
    sender: str
    receiver: str
    speaking: tuple[str, ...] = ()
    paused: bool = False
    captions: tuple[Caption, ...] = ()
    interruptions: dict[str, int] = field(default_factory=dict)


class View(Protocol):
    def show(self, state: ViewState) -> None: ...

    def note(self, text: str) -> None:
        """A message that stays (an error, the summary)."""


def clock(t: float) -> str:
    """Session time as m:ss (or h:mm:ss past an hour)."""
    s = int(t)
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def _lines(state: ViewState) -> list[str]:
    speaking = ", ".join(state.speaking) if state.speaking else "nobody"
    counts = ", ".join(f"{who} {n}" for who, n in sorted(state.interruptions.items())) or "none"
    status = "PAUSED" if state.paused else "running"
    lines = [
        f"facilitator  {clock(state.t)}  ({status})",
        f"step: {state.step}",
        f"Sender: {state.sender}   Receiver: {state.receiver}",
        f"speaking now: {speaking}",
        f"interruptions: {counts}",
        "",
    ]
    lines += [f"{c.who}: {c.text}" for c in state.captions[-4:]]
    return lines


class LiveView:
    """A panel redrawn in place (ANSI cursor movement only; no colours)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self._height = 0

    def show(self, state: ViewState) -> None:
        lines = _lines(state)
        if self._height:
            self.out.write(f"\x1b[{self._height}F")
        for line in lines:
            self.out.write("\x1b[2K" + line[:200] + "\n")
        for _ in range(self._height - len(lines)):
            self.out.write("\x1b[2K\n")
        self._height = max(self._height, len(lines))
        self.out.flush()

    def note(self, text: str) -> None:
        """A message that stays above the panel (errors, the final summary)."""
        self.out.write(text + "\n")
        self._height = 0
        self.out.flush()


class PlainView:
    """One line per change: step, who speaks, each caption, each interruption count."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self._last: ViewState | None = None

    def show(self, state: ViewState) -> None:
        last = self._last
        stamp = f"[{clock(state.t)}]"
        emitted: list[str] = []
        if last is None or (state.step, state.sender, state.receiver) != (
            last.step,
            last.sender,
            last.receiver,
        ):
            emitted.append(
                f"{stamp} step: {state.step}; Sender: {state.sender}; Receiver: {state.receiver}"
            )
        if last is None or state.paused != last.paused:
            emitted.append(f"{stamp} {'paused' if state.paused else 'running'}")
        if last is not None and state.speaking != last.speaking:
            emitted.append(f"{stamp} speaking now: {', '.join(state.speaking) or 'nobody'}")
        shown = last.captions[-1].n if last and last.captions else -1
        emitted += [f"{stamp} {c.who}: {c.text}" for c in state.captions if c.n > shown]
        for who, n in sorted(state.interruptions.items()):
            if last is None or last.interruptions.get(who, 0) != n:
                emitted.append(f"{stamp} interruptions by {who}: {n}")
        for line in emitted:
            self.out.write(line + "\n")
        self.out.flush()
        self._last = state

    def note(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()
