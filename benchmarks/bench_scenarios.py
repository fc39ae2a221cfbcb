"""Generated scenarios for the benchmarks: many send-and-mirror rounds with known timing.

The bundled scenarios have a handful of pieces each; the benchmarks need many Sender pieces of 10, 20
and 40 s, thinking pauses of 0.5-1.5 s, interruptions and backchannels, and (for the memory run) a
session that keeps going for an hour. A generated scenario runs a small dialogue script of send and
mirror rounds (written next to it) through the ordinary simulated room: the Sender speaks a piece, the
Receiver mirrors about half of it, the Sender confirms (now and then with a correction that opens with
"Partly." and a thinking pause) and says there is more, until the round's pieces are used up.

Lines for prompts the flow only reaches when a transcript went wrong (a clarifying question, a
coaching suggestion, a check-in after a silence) are included too, so a misheard answer costs a
detour instead of stalling the session.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.dialogue import coaching, replies
from facilitator.sim import bank
from facilitator.sim.truth import voiced_intervals
from facilitator.sim.voices import PARTNERS, Renderer, spoken_text

SCRIPT = """\
# Benchmark dialogue: send-and-mirror rounds only (written by benchmarks/bench_scenarios.py).
[dialogue]
title = "Sending and mirroring rounds"

[[step]]
id = "send"
kind = "send"
title = "sending and mirroring"
more = true
[step.prompts]
invite = "{sender}, please begin. Speak about yourself, a few sentences at a time, then pause so \
{receiver} can mirror."
mirror = "{receiver}, please mirror. If I got it, you said... Then ask, did I get that?"
check = "{sender}, did {receiver} get that?"
missed = "{sender}, please say the part that was missed."
remirror = "{receiver}, please mirror that part."
more = "{sender}, is there more about that?"
next = "Go ahead, {sender}."
%(switch)s
[[step]]
id = "end"
kind = "end"
title = "end"
[step.prompts]
say = "Thank you both for listening to each other today. This dialogue is complete."
"""
SWITCH = """
[[step]]
id = "switch"
kind = "switch"
title = "switching roles"
back_to = "send"
rounds = 2
[step.prompts]
say = "Thank you both. Now let's switch. {sender}, you are the Sender now. Please begin when \
you are ready."
"""

SENTENCE_GAP_S = (0.08, 0.22)
"""Breath between sentences of a piece: below the VAD's pause, so not a pause at all."""
THINKING_PAUSE_S = (0.5, 1.5)
CLEAR_OF_END_S = 3.0
"""Overlapping speech ends at least this long before the piece does."""
BACKCHANNEL_MAX_S = 0.4
"""Longest backchannel used: anything longer than interruptions.min_s would be an interruption."""
YES = ("Yes, you got it.", "Yes, that's right.", "Yes, exactly.")
MORE = ("Yes, there is more.", "Yes, I have more.")
NO_MORE = ("No, that's all.", "No, that's it.")
FALLBACKS = (
    ("clarify.confirm", "sender", "Yes, you got it."),
    ("clarify.more", "sender", "Yes, there is more."),
    ("coach.low_kept", "sender", "Yes, you got it."),
    ("coach.rebuttal", "receiver", "If I got it, you said that this matters to you."),
    ("coach.i_statement", "sender", "I feel unsure, and I would like us to talk about it."),
    ("send.remirror", "receiver", "You said that this matters to you."),
    ("checkin", "sender", "You got it."),
    ("pause.silence", "sender", "Resume."),
)
"""Lines for detours (after all the planned lines with the same cue). A check-in comes after a
silence, when the engine waits for a line the flow has used up; the Sender's "You got it." answers
what was missed and whether it was got, and is unclear (so asked again) as to whether there is more."""
FALLBACKS_PER_PIECE = 0.25
"""Copies of each fallback line per Sender piece (at least 3): a longer session has more detours."""


@dataclass(frozen=True)
class Plan:
    """What to generate: the Sender pieces' target lengths (s), one list per round, and how often
    each event happens."""

    rounds: tuple[tuple[float, ...], ...]
    seed: int = 1
    names_given: bool = True
    pause_chance: float = 0.3
    """Chance of a thinking pause at each sentence boundary of a piece."""
    interruption_chance: float = 0.4
    backchannel_chance: float = 0.5
    correction_chance: float = 0.3
    """Chance that the Sender answers "Partly. [pause] I said ..." instead of "Yes, you got it."."""


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _voiced_s(audio: np.ndarray) -> float:
    speech = voiced_intervals(audio)
    return speech[-1][1] - speech[0][0] if speech else 0.0


def _usable(sentence: str) -> bool:
    """A sentence a Sender can say without setting off coaching or a voice command."""
    return coaching.i_statement(sentence) is None and replies.command(sentence) is None


class _Writer:
    def __init__(self, renderer: Renderer, plan: Plan) -> None:
        self.renderer = renderer
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.sentences = [s for s in bank.SENTENCES if _usable(s)]
        said = (f"{i} [pause 0.1] I see it differently." for i in bank.INTERJECTIONS)
        self.interjections = [s for s in said if _usable(spoken_text(s))]
        self.lines: list[str] = []

    def seconds(self, text: str, who: str) -> float:
        return len(self.renderer.render(text, PARTNERS[who])) / SAMPLE_RATE

    def line(self, cue: str, who: str, say: str, during: Sequence[str] = ()) -> None:
        entry = f"[[line]]\ncue = {_toml(cue)}\nwho = {_toml(who)}\nsay = {_toml(say)}\n"
        self.lines.append(entry + "".join(during))

    def piece(self, target: float, sender: str, receiver: str) -> tuple[str, list[str], list[str]]:
        """A Sender piece of about `target` seconds: its line text, its sentences, its overlaps."""
        chosen = self.rng.sample(self.sentences, len(self.sentences))
        parts: list[str] = []
        spans: list[tuple[float, float]] = []
        t = 0.0
        for sentence in chosen:
            if t >= target:
                break
            if parts:
                thinking = self.rng.random() < self.plan.pause_chance
                gap = self.rng.uniform(*(THINKING_PAUSE_S if thinking else SENTENCE_GAP_S))
                parts.append(f"[pause {gap:.2f}]")
                t += gap
            length = self.seconds(sentence, sender)
            parts.append(sentence)
            spans.append((t, t + length))
            t += length
        said = [p for p in parts if not p.startswith("[")]
        return " ".join(parts), said, self._overlaps(spans, receiver)

    def _overlaps(self, spans: list[tuple[float, float]], receiver: str) -> list[str]:
        """An interruption and a backchannel by the Receiver, each starting inside a sentence and
        over well before the piece ends (else the Receiver would still be talking when the
        facilitator asks them to mirror)."""
        out: list[str] = []
        taken: list[tuple[float, float]] = []
        wanted = [
            ("interruption", self.plan.interruption_chance),
            ("backchannel", self.plan.backchannel_chance),
        ]
        for kind, chance in wanted:
            if self.rng.random() >= chance:
                continue
            if kind == "interruption":
                say = self.rng.choice(self.interjections)
            else:
                say = self.backchannel(receiver)
            length = self.seconds(say, receiver)
            latest = spans[-1][1] - CLEAR_OF_END_S - length
            fits = [(a + 0.4, min(b - 0.6, latest)) for a, b in spans if a > 0.5]
            fits = [(lo, hi) for lo, hi in fits if hi > lo]
            self.rng.shuffle(fits)
            for lo, hi in fits:
                at = self.rng.uniform(lo, hi)
                if all(at + length + 1.0 < x or at > y + 1.0 for x, y in taken):
                    taken.append((at, at + length))
                    out.append(
                        f'[[line.during]]\nwho = "receiver"\nat = {at:.2f}\n'
                        f"say = {_toml(say)}\nkind = {_toml(kind)}\n"
                    )
                    break
        return out

    def backchannel(self, who: str) -> str:
        """A backchannel this voice says in at most BACKCHANNEL_MAX_S of sound."""
        short = [
            b
            for b in bank.BACKCHANNELS
            if _voiced_s(self.renderer.render(b, PARTNERS[who])) <= BACKCHANNEL_MAX_S
        ]
        return self.rng.choice(short)

    def round(self, targets: Sequence[float], sender: str, receiver: str) -> None:
        for i, target in enumerate(targets):
            text, said, during = self.piece(target, sender, receiver)
            self.line("send.invite" if i == 0 else "send.next", "sender", text, during)
            half = said[: max(1, (len(said) + 1) // 2)]
            mirror = " [pause 0.15] ".join(["If I got it, you said", *half])
            self.line("send.mirror", "receiver", mirror)
            if self.rng.random() < self.plan.correction_chance:
                pause = self.rng.uniform(*THINKING_PAUSE_S)
                missed = self.rng.choice(said)
                self.line("send.check", "sender", f"Partly. [pause {pause:.2f}] I said, {missed}")
                self.line("send.remirror", "receiver", f"You said, {missed}")
            self.line("send.check", "sender", self.rng.choice(YES))
            last = i == len(targets) - 1
            self.line("send.more", "sender", self.rng.choice(NO_MORE if last else MORE))


def write(folder: Path, name: str, plan: Plan, renderer: Renderer) -> Path:
    """Write NAME.toml (the scenario) and NAME-script.toml (its dialogue) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"{name}-script.toml"
    script.write_text(SCRIPT % {"switch": SWITCH if len(plan.rounds) > 1 else ""})
    writer = _Writer(renderer, plan)
    for n, targets in enumerate(plan.rounds):
        sender, receiver = ("A", "B") if n % 2 == 0 else ("B", "A")
        writer.round(targets, sender, receiver)
    copies = max(3, round(FALLBACKS_PER_PIECE * sum(len(r) for r in plan.rounds)))
    for cue, who, say in FALLBACKS:
        for _ in range(copies):
            writer.line(cue, who, say)
    head = [
        f"title = {_toml(name)}",
        f"dialogue = {_toml(script.name)}",
        'speakers = "channels"',
        "record = false",
        f"names_given = {'true' if plan.names_given else 'false'}",
    ]
    for who, partner in (("A", "Sam"), ("B", "Alex")):
        voice = PARTNERS[who]
        head += [
            f"[partners.{who}]",
            f'name = "{partner}"',
            f"pitch = {voice.pitch}\nrate = {voice.rate}\nvolume = {voice.volume}",
        ]
    head += ["[room]", "noise_db = -58", "bleed_db = -12", ""]
    path = folder / f"{name}.toml"
    path.write_text("\n".join(head) + "\n" + "\n".join(writer.lines))
    return path
