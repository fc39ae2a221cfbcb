"""A table at which two simulated partners talk to the engine: speech as timed events, no audio.

`Talk` plays what the pipeline would report: speech stretches, ticks every 100 ms, an utterance once the
turn segmenter's end-of-turn silence has passed, and PromptFinished when a prompt has had time to be
spoken. Tests then read the actions the engine gave.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from facilitator.dialogue import Engine, EngineSettings, load_script
from facilitator.dialogue.events import (
    Action,
    Event,
    Listen,
    PromptFinished,
    Say,
    SpeechStarted,
    SpeechStopped,
    StepStarted,
    Tick,
    Utterance,
)

TICK = 0.1
WORDS_PER_S = 2.5


class Talk:
    def __init__(
        self,
        script: str = "intentional",
        names: dict[str, str] | None = None,
        first: str | None = None,
        resume: dict[str, Any] | None = None,
        **settings: Any,
    ) -> None:
        """A new session, or with `resume` (a state snapshot) one continued from a journal."""
        self.settings = EngineSettings(**settings)
        self.t = 0.0
        self.actions: list[Action] = []
        self.playing: Say | None = None
        self.listen: Listen | None = None
        if resume is None:
            names = {"A": "Anna", "B": "Ben"} if names is None else names
            self.engine = Engine(load_script(script), self.settings, names, first_sender=first)
            self._take(self.engine.start(0.0))
        else:
            self.engine, actions = Engine.resume(load_script(script), self.settings, resume, 0.0)
            self._take(actions)
        self.settle()

    # ---- feeding the engine -------------------------------------------------------------------

    def _take(self, actions: list[Action]) -> None:
        for a in actions:
            if isinstance(a, Say):
                assert self.playing is None, f"{a.prompt_id} said over {self.playing.prompt_id}"
                assert sum(isinstance(b, Say) for b in actions) == 1
                self.playing = a
            if isinstance(a, Listen):
                self.listen = a
        self.actions += actions

    def send(self, event: Event) -> list[Action]:
        out = self.engine.handle(event)
        self._take(out)
        return out

    def tick_to(self, t: float) -> None:
        """Ticks up to session time `t`; prompts finish when their time has come."""
        while self.t + TICK <= t + 1e-9:
            self.t = round(self.t + TICK, 6)
            self.send(Tick(self.t))
            self._finish_due()

    def _finish_due(self) -> None:
        if self.playing is not None and self.t >= self._prompt_end:
            pid = self.playing.prompt_id
            self.playing = None
            self.send(PromptFinished(pid, self.t))

    def settle(self) -> None:
        """Let every prompt the engine wants to say be said (time passes while it speaks)."""
        while self.playing is not None and not self.ended:
            start = self.t
            self._prompt_end = start + len(self.playing.text.split()) / 3.5
            self.tick_to(self._prompt_end + TICK)

    def wait(self, seconds: float) -> None:
        self.tick_to(self.t + seconds)
        self.settle()

    def voice(self, *stretches: tuple[str, float | None, float | None]) -> None:
        """Stretches of voiced speech (who, start, end), overlapping as given, ticks in between;
        a start of None continues a stretch begun earlier, an end of None leaves it open."""
        edges = sorted(
            [(start, 1, who) for who, start, _ in stretches if start is not None]
            + [(end, 0, who) for who, _, end in stretches if end is not None]
        )
        for at, starting, who in edges:
            self.tick_to(at)
            self.send(SpeechStarted(who, self.t) if starting else SpeechStopped(who, self.t))

    def speak(self, who: str, text: str, seconds: float | None = None) -> None:
        """`who` takes a turn: speech, the end-of-turn silence, then the transcript."""
        self.settle()
        start = self.t + 0.3
        seconds = seconds or max(0.4, len(text.split()) / WORDS_PER_S)
        self.voice((who, start, start + seconds))
        end = self.t
        short = self.listen is not None and self.listen.mode == "short"
        gap = self.settings.short_answer_end_s if short else self.settings.end_of_turn_s
        self.tick_to(end + gap)
        self.heard_at = self.t
        self.send(Utterance(who, start, end, text))
        self.settle()

    def turns(self, turns: list[tuple[str, str]]) -> None:
        for who, text in turns:
            self.speak(who, text)

    # ---- reading what happened ----------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return bool(self.engine.state.ended)

    def said(self) -> list[str]:
        return [a.prompt_id for a in self.actions if isinstance(a, Say)]

    def texts(self) -> list[str]:
        return [a.text for a in self.actions if isinstance(a, Say)]

    def steps(self) -> list[str]:
        return [a.step for a in self.actions if isinstance(a, StepStarted)]

    def of(self, kind: type) -> list[Any]:
        return [a for a in self.actions if isinstance(a, kind)]

    def mark(self) -> int:
        return len(self.actions)

    def since(self, mark: int, kind: type = Say) -> list[Any]:
        return [a for a in self.actions[mark:] if isinstance(a, kind)]


@pytest.fixture
def talk() -> Callable[..., Talk]:
    return Talk
