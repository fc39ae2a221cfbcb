"""The figures of one session, computed from its journal: what the report shows and `progress` tracks.

These are the measures couples' therapists and researchers use (talk-time balance, interruptions, how
much of the Sender's message a mirror kept, "I" and "you" statements, "always/never" criticism, time
per step). Everything is read from the journal alone, so a report can be made again at any time, and
the same figures come out whether the session ended well, was cut off, or was resumed.

Mirrors are found through the facilitator's own prompts, whose ids are "<step id>.<prompt name>": the
Receiver's speech after the step's `mirror` prompt is a mirror of the Sender's speech since the step's
last `invite`, `more`, `next` or `missed` prompt; after a `remirror` prompt, it mirrors the correction
the Sender gave after the last `check` or `missed` prompt. "I" and "you" statements are counted in what a partner said as Sender, where they are
advice for speaking; "always/never" criticism in everything a partner said.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from facilitator.dialogue import coaching
from facilitator.records.journal import PARTNERS, Journal
from facilitator.text import sentences, statement_person

MIRROR_PROMPTS = {
    "mirror": ("invite", "more", "next", "missed"),
    "remirror": ("check", "missed"),
}
"""Prompt names (after the step id) that ask the Receiver to mirror, each with the prompts after
which the Sender says what is to be mirrored: a piece, or the correction of a mirror."""


@dataclass(frozen=True)
class Utterance:
    speaker: str
    start: float
    end: float
    text: str

    @property
    def seconds(self) -> float:
        return max(0.0, self.end - self.start)


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    start: float
    end: float
    interrupted: bool


@dataclass(frozen=True)
class Interruption:
    by: str
    over: str
    t: float
    duration: float
    kind: str


@dataclass(frozen=True)
class StepSpan:
    """One pass through a step; `seconds` leaves out time the session was paused."""

    name: str
    round: int
    sender: str
    receiver: str
    start: float
    end: float
    seconds: float


@dataclass(frozen=True)
class Mirror:
    """A Receiver's mirror of a Sender's piece, and the share of the piece's words it kept."""

    step: str
    start: float
    sender: str
    receiver: str
    piece: str
    mirror: str
    kept: float | None
    """None when the piece is too short to judge (see `coaching.kept`)."""


@dataclass(frozen=True)
class PartnerFigures:
    talk_s: float
    share: float
    """This partner's part of the time either partner talked (0 to 1)."""
    utterances: int
    interruptions: int
    """Times this partner started talking over the other."""
    mirrors: int
    kept: float | None
    """Mean share of the Sender's words kept in this partner's mirrors; None without mirrors."""
    i_statements: int
    you_statements: int
    """Sentences with an "I" subject, and sentences about "you" without one, said as Sender."""
    always_never: int
    """Sentences with a "you always / you never" criticism, in any role."""


@dataclass(frozen=True)
class Figures:
    """Everything the report and the index take from one journal."""

    names: dict[str, str]
    duration_s: float
    paused_s: float
    overlap_s: float
    partners: dict[str, PartnerFigures]
    utterances: list[Utterance]
    prompts: list[Prompt]
    steps: list[StepSpan]
    pauses: list[tuple[float, float]]
    interruptions: list[Interruption]
    mirrors: list[Mirror]
    coaching: list[dict[str, Any]]

    def step_totals(self) -> dict[str, float]:
        """Seconds spent in each step, over all its passes, in the order the steps first came."""
        totals: dict[str, float] = {}
        for s in self.steps:
            totals[s.name] = totals.get(s.name, 0.0) + s.seconds
        return totals

    def measures(self) -> dict[tuple[str, str], float]:
        """The figures as (partner, measure) -> number, for the session index; partner "" = both."""
        out: dict[tuple[str, str], float] = {
            ("", "duration_s"): self.duration_s,
            ("", "overlap_s"): self.overlap_s,
        }
        for p, f in self.partners.items():
            out |= {(p, k): float(v) for k, v in dataclasses.asdict(f).items() if v is not None}
        return out


def _number(value: Any, default: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def _partner(value: Any) -> str | None:
    return value if value in PARTNERS else None


def _utterances(journal: Journal) -> list[Utterance]:
    found = []
    for r in journal.of_type("speech"):
        speaker = _partner(r.get("speaker"))
        if speaker is None:
            continue
        start = _number(r.get("start"), r["t"])
        found.append(
            Utterance(speaker, start, _number(r.get("end"), start), str(r.get("text", "")))
        )
    return sorted(found, key=lambda u: u.start)


def _prompts(journal: Journal) -> list[Prompt]:
    found = []
    for r in journal.of_type("prompt"):
        start = _number(r.get("start"), r["t"])
        end = r.get("end")
        found.append(
            Prompt(
                str(r.get("id", "")),
                str(r.get("text", "")),
                start,
                _number(end, r["t"]) if end is not None else max(start, r["t"]),
                bool(r.get("interrupted")) or end is None,
            )
        )
    return sorted(found, key=lambda p: p.start)


def _pauses(journal: Journal, end: float) -> list[tuple[float, float]]:
    spans, since = [], None
    for r in journal.of_type("pause", "resume", "session"):
        if r["type"] == "pause" and since is None:
            since = r["t"]
        elif r["type"] != "pause" and since is not None:
            spans.append((since, r["t"]))
            since = None
    if since is not None:
        spans.append((since, end))
    return spans


def _overlap(a: Iterable[tuple[float, float]], b: Iterable[tuple[float, float]]) -> float:
    """Total time during which a span of `a` and a span of `b` both run."""
    return sum(max(0.0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _steps(journal: Journal, end: float, pauses: list[tuple[float, float]]) -> list[StepSpan]:
    records = list(journal.of_type("step"))
    spans = []
    for i, r in enumerate(records):
        start = r["t"]
        stop = records[i + 1]["t"] if i + 1 < len(records) else end
        paused = _overlap([(start, stop)], pauses)
        spans.append(
            StepSpan(
                str(r.get("name", "")),
                int(_number(r.get("round"), 1)),
                str(r.get("sender", "")),
                str(r.get("receiver", "")),
                start,
                stop,
                max(0.0, stop - start - paused),
            )
        )
    return spans


def _interruptions(journal: Journal) -> list[Interruption]:
    found = []
    for r in journal.of_type("interruption"):
        by = _partner(r.get("by"))
        if by is None:
            continue
        found.append(
            Interruption(
                by,
                str(r.get("over", "")),
                r["t"],
                _number(r.get("duration")),
                str(r.get("kind", "interruption")),
            )
        )
    return found


def _mirrors(
    steps: list[StepSpan], prompts: list[Prompt], utterances: list[Utterance]
) -> list[Mirror]:
    found = []
    for step in steps:
        prefix = f"{step.name}."
        own = [
            (p.id.removeprefix(prefix), p)
            for p in prompts
            if step.start <= p.start < step.end and p.id.startswith(prefix)
        ]
        for i, (name, prompt) in enumerate(own):
            if name not in MIRROR_PROMPTS:
                continue
            floor = max(
                (p.start for n, p in own[:i] if n in MIRROR_PROMPTS[name]), default=step.start
            )
            until = own[i + 1][1].start if i + 1 < len(own) else step.end
            piece = _said(utterances, step.sender, floor, prompt.start)
            mirror = _said(utterances, step.receiver, prompt.start, until)
            if piece and mirror:
                found.append(
                    Mirror(
                        step.name,
                        prompt.start,
                        step.sender,
                        step.receiver,
                        piece,
                        mirror,
                        coaching.kept(mirror, piece),
                    )
                )
    return found


def _said(utterances: list[Utterance], speaker: str, start: float, end: float) -> str:
    return " ".join(u.text for u in utterances if u.speaker == speaker and start <= u.start < end)


def _sender_sentences(utterances: list[Utterance], steps: list[StepSpan], who: str) -> list[str]:
    """What `who` said while they were the Sender, sentence by sentence."""
    spans = [(s.start, s.end) for s in steps if s.sender == who]
    return [
        sentence
        for u in utterances
        if u.speaker == who and any(a <= u.start < b for a, b in spans)
        for sentence in sentences(u.text)
    ]


def compute(journal: Journal) -> Figures:
    """All the figures of a session."""
    end_record = journal.ended
    duration = end_record["t"] if end_record else journal.last_t
    utterances = _utterances(journal)
    prompts = _prompts(journal)
    pauses = _pauses(journal, duration)
    steps = _steps(journal, duration, pauses)
    interruptions = _interruptions(journal)
    mirrors = _mirrors(steps, prompts, utterances)
    spans = {p: [(u.start, u.end) for u in utterances if u.speaker == p] for p in PARTNERS}
    talk = {p: sum(b - a for a, b in spans[p]) for p in PARTNERS}
    partners = {}
    for p in PARTNERS:
        own = [u for u in utterances if u.speaker == p]
        kept = [m.kept for m in mirrors if m.receiver == p and m.kept is not None]
        persons = [statement_person(s) for s in _sender_sentences(utterances, steps, p)]
        partners[p] = PartnerFigures(
            talk_s=talk[p],
            share=talk[p] / sum(talk.values()) if sum(talk.values()) else 0.0,
            utterances=len(own),
            interruptions=sum(1 for n in interruptions if n.by == p),
            mirrors=sum(1 for m in mirrors if m.receiver == p),
            kept=sum(kept) / len(kept) if kept else None,
            i_statements=persons.count("I"),
            you_statements=persons.count("you"),
            always_never=sum(
                1 for u in own for s in sentences(u.text) if coaching.i_statement(s) is not None
            ),
        )
    return Figures(
        names=journal.names(),
        duration_s=duration,
        paused_s=sum(b - a for a, b in pauses),
        overlap_s=_overlap(spans["A"], spans["B"]),
        partners=partners,
        utterances=utterances,
        prompts=prompts,
        steps=steps,
        pauses=pauses,
        interruptions=interruptions,
        mirrors=mirrors,
        coaching=list(journal.of_type("coaching")),
    )
