"""The session runner: source → listening → dialogue engine → voice, on the frame clock.

One loop, one frame at a time. The runner owns the few rules that join the parts and belong to none:
the facilitator never hears itself (frames are held back while a prompt plays and reach the ears
silenced, plus a short tail), a person comes first (someone talking over a prompt stops it, and their
held-back frames are heard after all), and the facilitator never starts a prompt while someone is
speaking. Everything that happens is written to the journal as it happens.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from facilitator.audio.frames import Frame
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.events import (
    Action,
    Chime,
    EndSession,
    Enroll,
    Event,
    Listen,
    PromptFinished,
    Record,
    Say,
    SpeechStarted,
    SpeechStopped,
    Tick,
    Utterance,
)
from facilitator.listening.listener import Listener
from facilitator.session.bargein import WINDOW_FRAMES, BargeInDetector, envelope
from facilitator.session.log import SessionLog
from facilitator.session.output import Output
from facilitator.session.view import Caption, ViewState
from facilitator.voice.cache import PromptCache

TICK_S = 0.1
"""How often the engine is told that time passes (session seconds)."""
HOLD_S = 0.45
"""Frames kept back while a prompt plays, so a person who talks over it is heard from their first word."""
RETRY_S = 5.0
"""While the disk is full, how often (session seconds) the journal tries again to write."""
AFTER_END_S = 5.0
"""After the session ends, how long the runner keeps listening for a last prompt to finish playing."""

Observer = Callable[[Sequence[Action], float], None]
"""Something that watches the engine's decisions (the simulated room, a test)."""


@dataclass
class _Playing:
    prompt_id: str | None
    """None for what the engine did not ask for: the chime (no text; it does not gate the ears, nor
    hold back a prompt) or the runner's own announcements (gated, and prompts wait for them)."""
    text: str
    start: float
    end: float
    held: deque[Frame] = field(default_factory=deque)


@dataclass
class RunnerParts:
    """Everything a session is made of, built at the edges (commands, tests) and handed in."""

    engine: Engine
    listener: Listener
    source: Iterable[Frame]
    output: Output
    prompts: PromptCache
    chime: np.ndarray
    log: SessionLog
    show: Callable[[ViewState], None]
    note: Callable[[str], None]
    tail_s: float = 0.3
    enroll: Callable[[str], None] | None = None
    """Voices mode: the next utterance of this partner is their enrollment sample."""
    observers: list[Observer] = field(default_factory=list)


class SessionRunner:
    def __init__(self, parts: RunnerParts) -> None:
        self.p = parts
        self._queue: deque[Say] = deque()
        self._playing: _Playing | None = None
        self._speaking: set[str] = set()
        self._barge = BargeInDetector()
        self._last_tick = float("-inf")
        self._captions: list[Caption] = []
        self._ended: str | None = None
        self._ended_at = 0.0
        self._full_since: float | None = None
        self._retried = 0.0
        self.now = 0.0

    # ---- the loop --------------------------------------------------------------------------------

    def run(self, start_t: float = 0.0, opening: Sequence[Action] | None = None) -> str:
        """Run until the dialogue ends, the source runs dry, or Ctrl-C; returns why it ended.
        The journal always gets its `end` record."""
        self.now = start_t
        self._act(opening if opening is not None else self.p.engine.start(start_t), start_t)
        try:
            for frame in self.p.source:
                self._frame(frame)
                if self._finished():
                    break
            else:
                self._drain()
        except KeyboardInterrupt:
            self._ended = self._ended or "stopped"
        finally:
            self.p.listener.close()
        # Written last, after the closing prompt's own line, so a journal that has its `end` record
        # holds everything the session said.
        self._ended = self._ended or "audio_ended"
        self.p.log.end(self.now, self._ended)
        return self._ended

    def _finished(self) -> bool:
        if self._ended is None:
            return False
        idle = self._playing is None and not self._queue
        return idle or self.now - self._ended_at > AFTER_END_S

    def _frame(self, frame: Frame) -> None:
        self.now = frame.end
        if not self._storage_ok():
            self._push_silenced(frame)  # the ears' clock goes on; nothing is heard while paused
            return
        self.p.log.audio(frame)
        events = self._hear(frame)
        if self.now - self._last_tick >= TICK_S - 1e-9:
            self._last_tick = self.now
            events.append(Tick(self.now))
        for event in events:
            self._event(event)
        self._start_next_prompt()
        self.p.show(self._view())

    def _storage_ok(self) -> bool:
        """False while the journal cannot be written (a full disk): the session pauses, says so, and
        tries again every few seconds; what was not yet written waits in memory."""
        log = self.p.log
        if log.full and self._full_since is None:
            self._full_since = self._retried = self.now
            self.p.note(f"Paused: {log.full}")
            self._announce("storage.full")
        if self._full_since is None:
            return True
        if self.now - self._retried < RETRY_S:
            return False
        self._retried = self.now
        if not log.flush():
            return False
        self._full_since = None
        self.p.note("There is space again; the session goes on.")
        self._announce("storage.ok")
        return True

    def _announce(self, prompt_id: str) -> None:
        """Say one of the runner's own prompts (not the dialogue's: the engine is not asked). A
        dialogue prompt it cuts short is played again afterwards, so the engine hears it finish."""
        cut = self._playing
        if cut is not None and cut.prompt_id is not None:
            self._queue.appendleft(Say(cut.prompt_id, cut.text))  # said again, whole, afterwards
        text = self.p.engine.script.prompts[prompt_id]
        audio = self.p.prompts.get(text)
        rate = self.p.prompts.voice.sample_rate
        self.p.output.play(audio, rate, self.now, prompt_id)
        end = self.now + len(audio) / rate
        self._playing = _Playing(None, text, self.now, end)
        self.p.listener.gate_until(end + self.p.tail_s)

    def _hear(self, frame: Frame) -> list[Event]:
        """The listener's events for this frame, keeping the facilitator's own voice out of them."""
        playing = self._playing
        if playing is None or playing.prompt_id is None:
            if playing is not None and self.now >= playing.end:
                self._playing = None
            return self.p.listener.push(frame)
        if self._barge.push(frame):
            self.p.output.stop(self.now)
            self._playing = None
            events: list[Event] = [PromptFinished(playing.prompt_id, self.now, True)]
            self.p.log.prompt(playing.prompt_id, playing.text, playing.start, None, self.now)
            # Only the last moments hold the person's first words; before them was the prompt alone.
            frames = [*playing.held, frame]
            for held in frames[:-WINDOW_FRAMES]:
                events += self._push_silenced(held)
            for held in frames[-WINDOW_FRAMES:]:
                events += self.p.listener.push(held)
            return events
        playing.held.append(frame)
        events = []
        if self.now < playing.end:
            while playing.held and playing.held[0].end <= self.now - HOLD_S:
                events += self._push_silenced(playing.held.popleft())
            return events
        self._playing = None
        self.p.log.prompt(playing.prompt_id, playing.text, playing.start, playing.end, self.now)
        self.p.listener.gate_until(playing.end + self.p.tail_s)
        for held in playing.held:
            events += self._push_silenced(held)
        return [*events, PromptFinished(playing.prompt_id, playing.end, False)]

    def _push_silenced(self, frame: Frame) -> list[Event]:
        self.p.listener.gate_until(frame.end)
        return self.p.listener.push(frame)

    def _drain(self) -> None:
        """The source ended: every open turn is closed and answered."""
        for event in self.p.listener.flush():
            self._event(event)

    # ---- events in, actions out ------------------------------------------------------------------

    def _event(self, event: Event) -> None:
        if isinstance(event, SpeechStarted):
            self._speaking.add(event.speaker)
        elif isinstance(event, SpeechStopped):
            self._speaking.discard(event.speaker)
        elif isinstance(event, Utterance):
            self._speaking.discard(event.speaker)
            self._captions.append(
                Caption(len(self._captions), self._name(event.speaker), event.text)
            )
        self.p.log.event(event)
        self._act(self.p.engine.handle(event), self.now)

    def _act(self, actions: Sequence[Action], t: float) -> None:
        if not actions:
            return
        for observer in self.p.observers:
            observer(actions, t)
        for action in actions:
            self.p.log.action(action, t, self.p.engine.state)
            if isinstance(action, Say):
                self._queue.append(action)
            elif isinstance(action, Chime):
                self._chime()
            elif isinstance(action, Listen):
                for speaker in [action.speaker] if action.speaker else self.p.listener.speakers:
                    self.p.listener.set_turn_mode(speaker, action.mode)
            elif isinstance(action, Enroll) and self.p.enroll is not None:
                self.p.enroll(action.speaker)
            elif isinstance(action, Record):
                self.p.log.set_recording(action.enabled)
            elif isinstance(action, EndSession) and self._ended is None:
                self._ended, self._ended_at = action.reason, t

    def _start_next_prompt(self) -> None:
        busy = self._playing is not None and bool(self._playing.text)
        if busy or not self._queue or self._speaking:
            return
        say = self._queue.popleft()
        audio = self.p.prompts.get(say.text)
        rate = self.p.prompts.voice.sample_rate
        self.p.output.play(audio, rate, self.now, say.prompt_id)
        self._barge.start(envelope(audio, rate), self.now)
        self._playing = _Playing(say.prompt_id, say.text, self.now, self.now + len(audio) / rate)

    def _chime(self) -> None:
        if self._playing is not None:
            return
        rate = self.p.prompts.voice.sample_rate
        self.p.output.play(self.p.chime, rate, self.now, "chime")
        self._playing = _Playing(None, "", self.now, self.now + len(self.p.chime) / rate)

    # ---- display ----------------------------------------------------------------------------------

    def _name(self, who: str) -> str:
        return self.p.engine.state.names.get(who) or f"Partner {who}"

    def _view(self) -> ViewState:
        s = self.p.engine.state
        return ViewState(
            t=self.now,
            step=s.step_title or s.step,
            sender=self._name(s.sender),
            receiver=self._name(s.receiver),
            speaking=tuple(self._name(w) for w in sorted(self._speaking)),
            paused=s.paused,
            captions=tuple(self._captions[-4:]),
            interruptions={self._name(w): n for w, n in s.interruptions.items()},
        )
