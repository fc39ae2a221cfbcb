"""The dialogue engine: facts in, decisions out, and nothing else.

`Engine.handle(event) -> list[Action]` is the whole interface. There is no clock (time is the events'
session time), no I/O and no randomness, so the same events always give the same actions and the whole
protocol is tested with plain event lists. The engine runs the script's steps (see `steps`), watches the
floor (see `floor`), obeys voice commands from either partner at any step, keeps the session to its time
limit and checks in after long silences.

The public interface for the session runner is `start`, `handle`, `state`, `resume` and `prompt_texts`;
the other public methods are the `Flow` the step kinds drive.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from facilitator.dialogue import coaching, replies
from facilitator.dialogue.events import (
    Action,
    Chime,
    Coaching,
    Command,
    EndSession,
    Escalation,
    Event,
    Flag,
    Note,
    Pause,
    PromptFinished,
    Record,
    Resume,
    Say,
    SpeechStarted,
    SpeechStopped,
    StepStarted,
    SwitchRoles,
    Tick,
    Utterance,
)
from facilitator.dialogue.floor import Floor, Incident
from facilitator.dialogue.outbox import Outbox
from facilitator.dialogue.script import BUILT_IN_STEPS, Script, StepSpec
from facilitator.dialogue.settings import EngineSettings
from facilitator.dialogue.state import EngineState
from facilitator.dialogue.steps import KINDS, Handler
from facilitator.errors import ConfigError, InputFileError

PARTNERS = ("A", "B")
INCIDENTS = ("interruption", "sender_over_mirror", "backchannel")


@dataclass(frozen=True)
class _Await:
    speaker: str | None
    mode: str
    handler: Handler
    enroll: bool = False
    clarified: bool = False


def _other(who: str) -> str:
    return "B" if who == "A" else "A"


class Engine:
    def __init__(
        self,
        script: Script,
        settings: EngineSettings,
        names: Mapping[str, str] | None = None,
        first_sender: str | None = None,
        *,
        intro: bool = True,
    ) -> None:
        """`names` maps "A"/"B" to names (asked aloud when missing); `first_sender` is "A", "B" or
        "ask" (default: the settings'). `intro` False skips the names, consent and who-first steps
        (a resumed session)."""
        self.script, self.settings = script, settings
        first = first_sender or settings.first_sender
        given = dict(names or {})
        self.names_known = all(given.get(p) for p in PARTNERS)
        self.names = {p: given.get(p) or f"Partner {p}" for p in PARTNERS}
        self.sender = first if first in PARTNERS else "A"
        built_in = []
        if intro and (not self.names_known or settings.enroll):
            built_in.append("names")
        if intro and settings.ask_recording:
            built_in.append("consent")
        if intro and first == "ask":
            built_in.append("first")
        self._steps = (*(StepSpec(k, k, k) for k in built_in), *script.steps)
        self._index = 0
        self._round = 1
        self.topic = ""
        self._floor = Floor(
            settings.interruption_min_s, settings.end_of_turn_s, settings.speech_hangover_s
        )
        self._out = Outbox()
        self._now = self._started = 0.0
        self._await: _Await | None = None
        self._answered: _Await | None = None
        self._paused = ""
        self._pause_prompt = ""
        self._resume_at: float | None = None
        self._timeout_told = False
        self._ending: tuple[str, str] | None = None
        self._ended = ""
        self._end_detail = ""
        self._wait_since = 0.0
        self._checked_in_for: float | None = None
        self._reminder = ""
        self._wrap_due = self._wrapped = False
        self._history: list[tuple[int, str, int]] = []
        self._pieces: dict[str, list[str]] = {}
        self._counts = {kind: dict.fromkeys(PARTNERS, 0) for kind in INCIDENTS}
        self._recording: bool | None = None
        # Per step (reset when a step begins), read and written by the step kinds.
        self.piece = ""
        self.pieces = 0
        self.correcting = False
        self._coached = False
        self._long_noted = False
        self._cut_off: Utterance | None = None
        """The floor holder's turn as far as it went when the other partner talked over it (the
        Sender's piece, usually): they get the floor back, and what they say next joins it."""
        self._talked_over_until = -math.inf
        """When the last interruption stopped (infinity while it goes on)."""

    # ---- the runner's interface ---------------------------------------------------------------

    def start(self, t: float) -> list[Action]:
        """Open the session: the opening words, then the first step."""
        self._now = self._started = t
        self._say("opening", step_prompt=False)
        self._begin(0)
        return self._take()

    @classmethod
    def resume(
        cls, script: Script, settings: EngineSettings, snapshot: Mapping[str, Any], t: float
    ) -> tuple[Engine, list[Action]]:
        """Continue a session from a journal's last state: from the start of the step it was in."""
        try:
            names, sender = dict(snapshot["names"]), str(snapshot["sender"])
            step, round_, topic = str(snapshot["step"]), int(snapshot["round"]), snapshot["topic"]
        except (KeyError, TypeError, ValueError):
            raise InputFileError("the journal's last state is incomplete; cannot resume") from None
        if sender not in PARTNERS:
            raise InputFileError(f"the journal's last state has an unknown Sender {sender!r}")
        engine = cls(script, settings, names=names, first_sender=sender, intro=False)
        ids = [s.id for s in engine._steps]
        if step not in ids and step not in BUILT_IN_STEPS:
            raise ConfigError(
                script.file, f"step '{step}'", "the session to resume was at this step, "
                "which this dialogue does not have",
            )  # fmt: skip
        index = ids.index(step) if step in ids else 0
        engine.topic, engine._round = str(topic), max(1, round_)
        engine._now = engine._started = t
        engine._say("resume.session", step_prompt=False, step=engine._steps[index].title)
        engine._begin(index)
        return engine, engine._take()

    def handle(self, event: Event) -> list[Action]:
        if self._ended or not math.isfinite(event.t):
            return []
        self._now = max(self._now, event.t)
        if self._now - self._started >= self.settings.time_limit_s:
            self._time_up()
            return self._take()
        if isinstance(event, SpeechStarted | SpeechStopped):
            if event.speaker in PARTNERS:
                change = (
                    self._floor.started if isinstance(event, SpeechStarted) else self._floor.stopped
                )
                self._incidents(change(event.speaker, self._now))
        elif isinstance(event, Utterance):
            self._utterance(event)
        elif isinstance(event, Tick):
            self._tick()
        elif isinstance(event, PromptFinished):
            self._out.finished(event.prompt_id, self._now)
        elif isinstance(event, Escalation):
            self._out.add(Flag("escalation", None, None, self._now, None, event.detail))
            if self._paused != "time_out":
                self._time_out()
        return self._take()

    @property
    def state(self) -> EngineState:
        spec = self.spec
        awaiting = None if self._await is None else (self._await.speaker or "either")
        return EngineState(
            t=self._now, dialogue=self.script.name, step=spec.id, step_title=spec.title,
            sender=self.sender, receiver=self.receiver, round=self._round,
            floor=self._floor.holder, awaiting=awaiting, paused=bool(self._paused),
            pause_reason=self._paused, resume_at=self._resume_at, names=dict(self.names),
            topic=self.topic, speaking=self._floor.speaking,
            interruptions=dict(self._counts["interruption"]),
            sender_over_mirror=dict(self._counts["sender_over_mirror"]),
            backchannels=dict(self._counts["backchannel"]), recording=self._recording,
            ended=self._ended, end_detail=self._end_detail, started=self._started,
        )  # fmt: skip

    def prompt_texts(self) -> list[str]:
        """Every prompt as it would be said now (names filled in), to render ahead of time; those
        that depend on the topic, a named time or a step title are left out."""
        return [
            self._make(pid).text
            for pid, text in self.script.prompts.items()
            if not any(p in text for p in ("{topic}", "{time}", "{step}"))
        ]

    # ---- the Flow the step kinds drive ----------------------------------------------------------

    @property
    def receiver(self) -> str:
        return _other(self.sender)

    @property
    def spec(self) -> StepSpec:
        return self._steps[self._index]

    def say(self, name: str) -> None:
        self._say(f"{self.spec.id}.{name}")

    def say_common(self, prompt_id: str) -> None:
        self._say(prompt_id)

    def ask(
        self, speaker: str | None, mode: str, handler: Handler, *, enroll: bool = False
    ) -> None:
        self._await = _Await(speaker, mode, handler, enroll)
        self._out.listen(speaker, mode, enroll)

    def clarify(self, prompt_id: str) -> bool:
        asked = self._answered
        if asked is None or asked.clarified:
            return False
        self._say(prompt_id)
        self._await = dataclasses.replace(asked, clarified=True, enroll=False)
        self._out.listen(asked.speaker, asked.mode, False)
        return True

    def coach(self, finding: coaching.Finding, speaker: str) -> bool:
        spoken = self.settings.spoken_coaching and not self._coached
        self._out.add(Coaching(finding.check, speaker, self._now, finding.detail, spoken))
        if spoken:
            self._coached = True
            self._say(f"coach.{finding.check}")
        return spoken

    def note(self, kind: str, speaker: str | None, value: str) -> None:
        self._out.add(Note(kind, speaker, str(value)))

    def said(self, text: str) -> None:
        self._pieces.setdefault(self.spec.id, []).append(text)

    def round_text(self) -> str:
        return " ".join(text for texts in self._pieces.values() for text in texts)

    def finish(self) -> None:
        nxt = self._index + 1
        target = self.script.wrap_up_to
        if self._wrapped and target:
            nxt = max(nxt, self._position(target))
        while self._steps[nxt].kind == "switch" and self._round >= self._steps[nxt].rounds:
            nxt += 1
        self._begin(nxt)

    def goto(self, step_id: str) -> None:
        self._begin(self._position(step_id))

    def switch_roles(self) -> None:
        self.sender, self._round = self.receiver, self._round + 1
        self._pieces.clear()
        self._out.add(SwitchRoles(self.sender, self.receiver))

    def set_topic(self, topic: str) -> None:
        self.topic = topic
        self.note("topic", self.sender, topic)

    def set_name(self, who: str, name: str) -> None:
        self.names[who] = name
        self.note("name", who, name)

    def set_sender(self, who: str) -> None:
        self.sender = who
        self.note("first_sender", who, self.names[who])

    def record(self, enabled: bool, prompt_id: str) -> None:
        self._recording = enabled
        self._out.add(Record(enabled))
        self._say(prompt_id)
        self.finish()

    def end(self, reason: str, prompt_id: str, detail: str = "") -> None:
        self._release()
        self._out.cancel()
        self._await = None
        self._say(prompt_id, time=detail)
        self._ending = (reason, detail)

    # ---- mechanics ------------------------------------------------------------------------------

    def _position(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self._steps) if s.id == step_id)

    def _make(self, prompt_id: str, **extra: str) -> Say:
        minutes = self.settings.wrap_up_s if prompt_id == "wrap_up" else self.settings.timeout_s
        values = {
            "sender": self.names[self.sender], "receiver": self.names[self.receiver],
            "a": self.names["A"], "b": self.names["B"], "topic": self.topic, "time": "",
            "minutes": f"{minutes / 60:.0f}", "step": self.spec.title, **extra,
        }  # fmt: skip
        return Say(prompt_id, self.script.prompts[prompt_id].format_map(values))

    def _say(self, prompt_id: str, *, step_prompt: bool = True, **extra: str) -> None:
        if self._ending:  # the closing words are the last
            return
        self._out.say(self._make(prompt_id, **extra), step_prompt=step_prompt)

    def _begin(self, index: int) -> None:
        self._index = index
        spec = self.spec
        self._history.append((index, self.sender, self._round))
        self._release()
        self._await = None
        self.piece, self.pieces, self.correcting = "", 0, False
        self._coached = False
        self._cut_off = None
        if spec.kind == "send":
            self._pieces[spec.id] = []
        self._out.add(StepStarted(spec.id, self.sender, self.receiver, self._round))
        KINDS[spec.kind].begin(self)

    def _take(self) -> list[Action]:
        sent = None if self._ended else self._out.flush(self._now, quiet=not self._floor.speaking)
        if isinstance(sent, Say) and self._ending and not self._out.queued:
            self._close(*self._ending)
        elif sent is not None and not isinstance(sent, Say):
            self._listening()
        return self._out.take()

    def _listening(self) -> None:
        """A Listen went out: the partner's turn starts now, and with it the floor and silence."""
        asked = self._await
        self._wait_since = self._now
        if asked is None or asked.speaker is None or asked.mode != "long":
            return
        if self.spec.kind in BUILT_IN_STEPS:
            return
        by_sender = asked.speaker == self.sender
        incident = "interruption" if by_sender else "sender_over_mirror"
        self._floor.hold(asked.speaker, self._now, incident=incident, through_pauses=by_sender)
        self._long_noted = False

    def _release(self) -> None:
        self._floor.release()
        self._reminder = ""

    def _close(self, reason: str, detail: str) -> None:
        self._incidents(self._floor.flush(self._now))
        self._out.add(EndSession(reason, detail))
        self._ended, self._end_detail = reason, detail

    def _time_up(self) -> None:
        if self._out.playing is None:
            self._out.cancel()
            self._out.say(self._make("end.time_up"), step_prompt=False)
            self._out.flush(self._now)
        self._close("time_limit", "")

    def _utterance(self, u: Utterance) -> None:
        if self._ending or u.speaker not in PARTNERS or not u.text.strip():
            return
        which = replies.command(u.text)
        if which and self._command(u.speaker, which, u.start):
            return
        asked = self._await
        if self._paused or asked is None or asked.speaker not in (None, u.speaker):
            return
        if self._cut_off is not None:
            first = self._cut_off
            u = Utterance(u.speaker, first.start, u.end, f"{first.text} {u.text}")
            self._cut_off = None
        if self._floor.holder == u.speaker and self._talked_over_until > u.end:
            # Talked over before the turn was done: a person who is interrupted stops, and goes
            # on once the other is quiet. Their silence meanwhile is not the end of their turn.
            self._cut_off = u
            return
        self._answer(asked, u)

    def _answer(self, asked: _Await, u: Utterance) -> None:
        if self._floor.holder == u.speaker:
            self._release()
        self._await, self._answered = None, asked
        self._out.drop_listen()
        asked.handler(self, u)

    def _command(self, who: str, which: str, said_at: float) -> bool:
        """Obey a voice command (begun at session time `said_at`); False when it does not apply
        and the words are an answer."""
        if which == "resume" and not self._paused:
            return False
        if self._paused and which in ("pause", "skip", "back"):
            return True
        if which == "skip" and not self.spec.optional:
            self._say("command.no_skip", step_prompt=False)
            self._relisten()
            return True
        self._out.add(Command(who, which))
        if which == "end":
            self.end("ended_by_request", "end.request")
        elif which == "time_out":
            self._time_out()
        elif which == "pause":
            self._pause("pause", None, "pause.ok")
        elif which == "resume":
            self._resume()
        elif which == "repeat" and self._paused:
            self._say(self._pause_prompt, step_prompt=False)
        elif which == "repeat":
            self._repeat(self._out.playing_at(said_at))
        elif which == "skip":
            self.finish()
        elif which == "back":
            self._back()
        return True

    def _relisten(self) -> None:
        if self._await is not None:
            self._out.listen(self._await.speaker, self._await.mode, False)

    def _repeat(self, talked_over: Say | None = None) -> None:
        """Say the step prompt again; first the prompt a "repeat" was spoken over, when another
        (the opening, a clarifying question) was playing then."""
        if talked_over is not None and talked_over is not self._out.last:
            self._out.say(talked_over, step_prompt=False)
        if self._out.last is not None:
            self._out.say(self._out.last)
        self._relisten()

    def _back(self) -> None:
        """Back to the start of the previous script step (or of this one, if it is the first)."""
        self._history.pop()
        if self._history and self._steps[self._history[-1][0]].kind not in BUILT_IN_STEPS:
            index, sender, round_ = self._history.pop()
        else:
            index, sender, round_ = self._index, self.sender, self._round
        self._out.cancel()
        self.sender, self._round = sender, round_
        self._begin(index)

    def _pause(self, reason: str, resume_at: float | None, prompt_id: str) -> None:
        if self._ending:  # the closing words are being said; nothing to pause
            return
        self._paused, self._resume_at, self._pause_prompt = reason, resume_at, prompt_id
        self._timeout_told = False
        self._release()
        self._out.cancel()
        self._out.add(Pause(reason, resume_at))
        self._say(prompt_id, step_prompt=False)

    def _time_out(self) -> None:
        self._pause("time_out", self._now + self.settings.timeout_s, "timeout.start")

    def _resume(self) -> None:
        self._paused, self._resume_at = "", None
        self._out.add(Resume())
        self._say("resume.ok", step_prompt=False)
        self._repeat()

    def _incidents(self, incidents: list[Incident]) -> None:
        for i in incidents:
            if i.kind == "backchannel":
                self._counts["backchannel"][i.by] += 1
            elif i.ended:
                self._out.add(Flag(i.kind, i.by, i.over, i.start, round(i.duration, 3)))
                self._talked_over_until = i.start + i.duration
            else:
                self._talked_over_until = math.inf
                self._counts[i.kind][i.by] += 1
                if self.settings.reaction == "chime":
                    self._out.add(Chime(i.kind))
                elif self.settings.reaction == "voice":
                    self._reminder = (
                        "floor.receiver" if i.kind == "interruption" else "floor.sender"
                    )

    def _tick(self) -> None:
        now, s = self._now, self.settings
        self._incidents(self._floor.tick(now))
        self._give_back(now)
        if self._paused:
            if self._resume_at is not None and now >= self._resume_at and not self._timeout_told:
                self._timeout_told = True
                self._say("timeout.over", step_prompt=False)
            return
        if (
            s.wrap_up_s > 0
            and not self._wrapped
            and now - self._started >= s.time_limit_s - s.wrap_up_s
        ):
            self._wrapped = self._wrap_due = True
        if self._out.idle and self._floor.quiet_for(now) >= s.short_answer_end_s:
            if self._reminder:
                self._say(self._reminder, step_prompt=False)
                self._reminder = ""
            elif self._wrap_due:
                self._wrap_due = False
                self._say("wrap_up", step_prompt=False)
            else:
                self._long_piece()
        self._silence()

    def _give_back(self, now: float) -> None:
        """A floor holder who was talked over and did not go on: their turn ends as any turn does, an
        end-of-turn pause after the last voice, theirs or the interrupter's."""
        cut, asked = self._cut_off, self._await
        if cut is None or asked is None or self._paused or self._floor.speaking:
            return
        if now - max(cut.end, self._talked_over_until) >= self.settings.end_of_turn_s:
            self._cut_off = None
            self._answer(asked, cut)

    def _long_piece(self) -> None:
        """At a pause in a Sender's very long turn, invite a break so the Receiver can mirror."""
        if self._floor.holder != self.sender or self._long_noted:
            return
        finding = coaching.long_piece(
            self._floor.piece_length(self._now), self.settings.long_piece_s
        )
        if finding:
            self._long_noted = True
            self.coach(finding, self.sender)

    def _silence(self) -> None:
        """Nobody has spoken for a long while a partner's turn is due: check in, then pause."""
        if self._await is None or not self._out.idle or self._floor.speaking:
            return
        since = max(self._wait_since, self._floor.last_voice)
        quiet = self._now - since
        if quiet >= self.settings.silence_pause_s:
            self._pause("silence", None, "pause.silence")
        elif quiet >= self.settings.silence_checkin_s and self._checked_in_for != since:
            self._checked_in_for = since
            self._say("checkin", step_prompt=False)
