"""What each step kind does, as small handlers over a `Flow` (the engine's side of a step).

A step begins, says its prompt and asks a partner for a turn; the partner's utterance goes to the handler
named in the ask, which decides the next ask or finishes the step. The mirror-and-confirm loop (mirror,
"Did I get that?", correction, mirror again) is shared by sending, summary and empathy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from facilitator.dialogue import coaching, consent, replies
from facilitator.dialogue.events import Utterance
from facilitator.dialogue.replies import Reply
from facilitator.dialogue.script import StepSpec
from facilitator.dialogue.settings import EngineSettings

Handler = Callable[["Flow", Utterance], None]


class Flow(Protocol):
    """What a step may do. Implemented by the engine; a step keeps no state of its own."""

    settings: EngineSettings
    spec: StepSpec
    sender: str
    receiver: str
    names: dict[str, str]
    names_known: bool
    piece: str
    """What the Receiver is mirroring now."""
    pieces: int
    """Pieces the Sender sent in this step (corrections not counted)."""
    correcting: bool
    """The Receiver is mirroring a correction, not the step's first turn."""

    def say(self, name: str) -> None:
        """Say this step's prompt `name`."""

    def say_common(self, prompt_id: str) -> None: ...

    def ask(
        self, speaker: str | None, mode: str, handler: Handler, *, enroll: bool = False
    ) -> None:
        """Wait for `speaker`'s next utterance (None = either partner) and pass it to `handler`."""

    def clarify(self, prompt_id: str) -> bool:
        """Ask the same question again, once: False when it was already asked (use a fallback)."""

    def coach(self, finding: coaching.Finding, speaker: str) -> bool:
        """Journal a finding; True when its suggestion was spoken (at most one per step)."""

    def note(self, kind: str, speaker: str | None, value: str) -> None: ...

    def said(self, text: str) -> None:
        """Keep a Sender's piece for the summary of this round."""

    def round_text(self) -> str: ...

    def finish(self) -> None:
        """The step is done: go on to the next one."""

    def goto(self, step_id: str) -> None: ...

    def switch_roles(self) -> None: ...

    def set_topic(self, topic: str) -> None: ...

    def set_name(self, who: str, name: str) -> None: ...

    def set_sender(self, who: str) -> None: ...

    def record(self, enabled: bool, prompt_id: str) -> None:
        """Turn audio recording on or off for the session, say `prompt_id`, and go on."""

    def end(self, reason: str, prompt_id: str, detail: str = "") -> None:
        """Say the closing prompt (its {time} filled from `detail`), then end the session."""


class Step:
    def begin(self, f: Flow) -> None:
        raise NotImplementedError


class Appointment(Step):
    def begin(self, f: Flow) -> None:
        f.say("invite")
        f.ask(f.sender, "long", self.on_request)

    def on_request(self, f: Flow, u: Utterance) -> None:
        f.set_topic(replies.extract_topic(u.text))
        if not replies.asked_if_now(u.text):
            f.say("ask")
        f.ask(f.receiver, "short", self.on_answer)

    def on_answer(self, f: Flow, u: Utterance) -> None:
        answer = replies.appointment(u.text)
        f.note("appointment", u.speaker, answer.reply)
        if answer.reply == Reply.AGREE:
            f.say("agreed")
            f.finish()
        elif answer.reply == Reply.LATER and answer.time:
            self._later(f, answer.time)
        elif answer.reply == Reply.LATER:
            f.say("when")
            f.ask(f.receiver, "short", self.on_when)
        elif not f.clarify("clarify.appointment"):
            f.say_common("fallback.appointment")
            f.finish()

    def on_when(self, f: Flow, u: Utterance) -> None:
        self._later(f, replies.later_time(u.text) or "later")

    def _later(self, f: Flow, when: str) -> None:
        f.end("appointment_later", f"{f.spec.id}.later", detail=when)


class _Confirmed(Step):
    """A Receiver's turn the Sender confirms, with a correction loop until the Sender says yes."""

    def receiver_turn(self, f: Flow, prompt: str) -> None:
        f.say(prompt)
        f.ask(f.receiver, "long", self.on_receiver)

    def findings(self, f: Flow, text: str) -> list[coaching.Finding]:
        return coaching.mirror(text, f.piece, f.settings.mirror_min_kept)

    def on_receiver(self, f: Flow, u: Utterance) -> None:
        redo = ""
        for finding in self.findings(f, u.text):
            if f.coach(finding, f.receiver):
                redo = finding.check
        if redo == "low_kept":  # the suggestion asked the Sender what was left out
            f.ask(f.sender, "long", self.on_confirm)
        elif redo:
            f.ask(f.receiver, "long", self.on_receiver)
        else:
            self.received(f, u)

    def received(self, f: Flow, u: Utterance) -> None:
        if not replies.asked_confirmation(u.text):
            f.say("check")
        f.ask(f.sender, "short", self.on_confirm)

    def on_confirm(self, f: Flow, u: Utterance) -> None:
        answer = replies.confirm(u.text)
        f.note("confirm", u.speaker, answer.reply)
        if answer.reply == Reply.YES:
            self.confirmed(f)
        elif answer.reply in (Reply.NO, Reply.PARTLY) and answer.content:
            self.correction(f, u.text)
        elif answer.reply in (Reply.NO, Reply.PARTLY) or not f.clarify("clarify.confirm"):
            f.say("missed")
            f.ask(f.sender, "long", self.on_missed)

    def on_missed(self, f: Flow, u: Utterance) -> None:
        answer = replies.confirm(u.text)
        if answer.reply == Reply.YES and not answer.content:  # "nothing, you got it"
            self.confirmed(f)
        else:
            self.correction(f, u.text)

    def correction(self, f: Flow, text: str) -> None:
        f.piece, f.correcting = text, True
        f.said(text)
        self.receiver_turn(f, "remirror")

    def confirmed(self, f: Flow) -> None:
        f.finish()


class Send(_Confirmed):
    """The Sender sends pieces; each is mirrored until right; then "Is there more?"."""

    def begin(self, f: Flow) -> None:
        self.invite(f, "invite")

    def invite(self, f: Flow, prompt: str) -> None:
        f.say(prompt)
        f.ask(f.sender, "long", self.on_piece)

    def on_piece(self, f: Flow, u: Utterance) -> None:
        if f.pieces and replies.more(u.text) == replies.Answer(Reply.NO_MORE):
            f.finish()  # "Go ahead" was answered with "no, that's all"
            return
        finding = coaching.i_statement(u.text)
        if finding and f.coach(finding, f.sender):
            f.ask(f.sender, "long", self.on_piece)
            return
        f.piece, f.correcting = u.text, False
        f.pieces += 1
        f.said(u.text)
        self.receiver_turn(f, "mirror")

    def confirmed(self, f: Flow) -> None:
        spec = f.spec
        if not spec.more or (spec.max_pieces and f.pieces >= spec.max_pieces):
            f.finish()
            return
        f.say("more")
        f.ask(f.sender, "short", self.on_more)

    def on_more(self, f: Flow, u: Utterance) -> None:
        answer = replies.more(u.text)
        f.note("more", u.speaker, answer.reply)
        if answer.reply == Reply.MORE and answer.content:
            self.on_piece(f, u)
        elif answer.reply == Reply.MORE:
            self.invite(f, "next")
        elif answer.reply == Reply.NO_MORE or not f.clarify("clarify.more"):
            f.finish()


class Respond(_Confirmed):
    """The Receiver speaks (summary, validation, empathy, a choice), confirmed by the Sender if the
    script says so. Its first turn is checked for the step's stem (or, for a summary, as a mirror
    of the whole round); a correction is checked as a mirror."""

    def begin(self, f: Flow) -> None:
        f.piece, f.correcting = f.round_text(), False
        self.receiver_turn(f, "invite")

    def findings(self, f: Flow, text: str) -> list[coaching.Finding]:
        coach = f.spec.coach
        if f.correcting or coach == "summary":
            return super().findings(f, text)
        found = coaching.stem(coach, text) if coach != "none" else None
        return [found] if found else []

    def received(self, f: Flow, u: Utterance) -> None:
        if f.spec.confirm:
            super().received(f, u)
        else:
            f.finish()


class Switch(Step):
    def begin(self, f: Flow) -> None:
        f.switch_roles()
        f.say("say")
        f.goto(f.spec.back_to)


class Each(Step):
    """Each partner in turn says one thing, Sender first."""

    def begin(self, f: Flow) -> None:
        f.say("first")
        f.ask(f.sender, "long", self.on_first)

    def on_first(self, f: Flow, u: Utterance) -> None:
        f.say("second")
        f.ask(f.receiver, "long", self.on_second)

    def on_second(self, f: Flow, u: Utterance) -> None:
        f.finish()


class End(Step):
    def begin(self, f: Flow) -> None:
        f.end("completed", f"{f.spec.id}.say")


class Names(Step):
    """Each partner's name (unless given); in voices mode the answer is also the voice sample."""

    def begin(self, f: Flow) -> None:
        self._ask(f, "A")

    def _ask(self, f: Flow, who: str) -> None:
        key = who.lower()
        f.say_common(f"enroll.{key}" if f.names_known else f"names.ask_{key}")
        mode = "long" if f.settings.enroll else "short"
        f.ask(who, mode, self.on_a if who == "A" else self.on_b, enroll=f.settings.enroll)

    def _take(self, f: Flow, u: Utterance) -> bool:
        """Record the name heard; False when it must be asked again first."""
        if f.names_known:
            return True
        name = replies.extract_name(u.text)
        if name is None and f.clarify("names.again"):
            return False
        f.set_name(u.speaker, name or f"Partner {u.speaker}")
        return True

    def on_a(self, f: Flow, u: Utterance) -> None:
        if self._take(f, u):
            self._ask(f, "B")

    def on_b(self, f: Flow, u: Utterance) -> None:
        if self._take(f, u):
            if not f.names_known:
                f.say_common("names.thanks")
            f.finish()


class Consent(Step):
    """Audio recording only on a clear yes from each partner (see `consent`): a no, or an answer still
    unclear when asked once more, means no recording, and the partners are told which."""

    def begin(self, f: Flow) -> None:
        f.say_common("consent.ask_a")
        f.ask("A", "short", self.on_a)

    def _reply(self, f: Flow, u: Utterance) -> Reply | None:
        """The answer, or None while an unclear one is asked again."""
        reply = consent.answer(u.text)
        f.note("consent", u.speaker, reply)
        if reply == Reply.UNCLEAR and f.clarify("clarify.consent"):
            return None
        if reply != Reply.YES:
            f.record(False, "consent.off" if reply == Reply.NO else "consent.unclear")
        return reply

    def on_a(self, f: Flow, u: Utterance) -> None:
        if self._reply(f, u) == Reply.YES:
            f.say_common("consent.ask_b")
            f.ask("B", "short", self.on_b)

    def on_b(self, f: Flow, u: Utterance) -> None:
        if self._reply(f, u) == Reply.YES:
            f.record(True, "consent.on")


class First(Step):
    """Who sends first, when the settings leave it to the partners."""

    def begin(self, f: Flow) -> None:
        f.say_common("first.ask")
        f.ask(None, "short", self.on_answer)

    def on_answer(self, f: Flow, u: Utterance) -> None:
        f.set_sender(replies.pick_sender(u.text, u.speaker, f.names))
        f.say_common("first.chosen")
        f.finish()


KINDS: dict[str, Step] = {
    "appointment": Appointment(),
    "send": Send(),
    "respond": Respond(),
    "switch": Switch(),
    "each": Each(),
    "end": End(),
    "names": Names(),
    "consent": Consent(),
    "first": First(),
}
