"""The session report: figures per partner, time per step, interruptions, mirrors, coaching notes, a
timeline and the transcript by step, written as report.md and report.html in the session folder.

The wording describes and does not judge: "Sam started talking while Alex was speaking", never
"Sam interrupted rudely". The partners read this together; it should help them talk, not score them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator.errors import FacilitatorError
from facilitator.records.document import (
    Block,
    Document,
    Heading,
    Items,
    Line,
    Lines,
    Para,
    Picture,
    Table,
)
from facilitator.records.figures import Figures, StepSpan, compute
from facilitator.records.journal import PARTNERS, Journal, read_journal
from facilitator.records.report_html import render_html
from facilitator.records.report_md import render_md
from facilitator.records.timeline_svg import timeline_svg
from facilitator.session.view import clock
from facilitator.storage import write_private_text

REPORTS = {"md": "report.md", "html": "report.html"}
"""Report file names by format."""

COACHING = {
    "rebuttal": "the mirror added words of the Receiver's own",
    "low_kept": "the mirror kept few of the Sender's words",
    "i_statement": 'a "you always" or "you never" was heard, where "I feel… when…" could be said',
    "long_piece": "a long piece, without a pause to mirror",
    "validation_stem": 'the validation was said without "You make sense to me, because…"',
    "empathy_stem": 'the empathy was said without "I imagine you might be feeling…"',
}
"""How each coaching check is described in a report."""


def script_titles(dialogue: str) -> tuple[str, dict[str, str]]:
    """The dialogue's title and readable step names, from its script if that can still be read."""
    from facilitator.dialogue.script import load_script

    try:
        script = load_script(dialogue)
    except FacilitatorError:
        return dialogue, {}
    return script.title, {s.id: s.title for s in script.steps}


def _started(journal: Journal) -> str:
    try:
        when = datetime.fromisoformat(str(journal.session.get("started")))
    except ValueError:
        return journal.folder.name
    return f"{when.day} {when:%B %Y, %H:%M}"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _title(titles: dict[str, str], step: str) -> str:
    return titles.get(step, step.replace("_", " "))


def _describe_end(journal: Journal, figures: Figures) -> str:
    problems = []
    if journal.garbled:
        problems.append(
            f"{journal.garbled} line(s) of the journal could not be read and are left out."
        )
    if journal.torn:
        problems.append("The journal's last line was cut short and is left out.")
    end = journal.ended
    if end:
        said = f"The session ended ({str(end.get('reason', 'finished')).replace('_', ' ')})."
    else:
        said = (
            "The session stopped before its end; this report covers everything up to "
            f"{clock(figures.duration_s)}."
        )
    return " ".join([said, *problems])


def _figures_table(figures: Figures) -> Table:
    names = figures.names
    coached = {p: sum(1 for c in figures.coaching if c.get("speaker") == p) for p in PARTNERS}
    f = figures.partners
    rows = [
        ("Talk time", *(f"{clock(f[p].talk_s)} ({f[p].share:.0%})" for p in PARTNERS)),
        ("Turns spoken", *(str(f[p].utterances) for p in PARTNERS)),
        ("Started talking over the other", *(str(f[p].interruptions) for p in PARTNERS)),
        ("Mirrors given", *(str(f[p].mirrors) for p in PARTNERS)),
        ("Sender's words kept in mirrors (average)", *(_percent(f[p].kept) for p in PARTNERS)),
        ('"I" statements as Sender', *(str(f[p].i_statements) for p in PARTNERS)),
        ('"You" statements as Sender', *(str(f[p].you_statements) for p in PARTNERS)),
        ('"Always" / "never" criticisms', *(str(f[p].always_never) for p in PARTNERS)),
        ("Coaching notes", *(str(coached[p]) for p in PARTNERS)),
    ]
    return Table(("", *(f"{names[p]} ({p})" for p in PARTNERS)), tuple(rows))


def _step_of(figures: Figures, t: float) -> StepSpan | None:
    return next((s for s in reversed(figures.steps) if s.start <= t), None)


def _where(figures: Figures, titles: dict[str, str], t: float) -> str:
    step = _step_of(figures, t)
    return f" during {_title(titles, step.name)} (round {step.round})" if step else ""


def _interruption_items(figures: Figures, titles: dict[str, str]) -> tuple[str, ...]:
    names = figures.names
    items = []
    for n in figures.interruptions:
        doing = "mirroring" if n.kind == "sender_over_mirror" else "speaking"
        over = names.get(n.over, n.over)
        items.append(
            f"{clock(n.t)}{_where(figures, titles, n.t)}: {names[n.by]} started talking while "
            f"{over} was {doing}, for {n.duration:.1f} s."
        )
    return tuple(items)


def _coaching_text(record: dict[str, Any], names: dict[str, str]) -> str:
    kind = str(record.get("kind", ""))
    text = COACHING.get(kind, kind.replace("_", " "))
    detail = str(record.get("detail") or "")
    who = names.get(str(record.get("speaker")), "")
    return f"{who + ': ' if who else ''}{text}{f' ({detail})' if detail else ''}"


def _event_line(record: dict[str, Any], names: dict[str, str]) -> Line | None:
    kind, t = record["type"], record["t"]
    who = names.get(str(record.get("who")), str(record.get("who", "")))
    if kind == "command":
        text = f'{who} said "{record.get("which", "")}"'
    elif kind == "pause":
        back = record.get("resume_at")
        until = f", to go on at {clock(back)}" if isinstance(back, int | float) else ""
        text = f"The session paused ({str(record.get('reason', '')).replace('_', ' ')}){until}."
    elif kind == "resume":
        text = "The session went on."
    elif kind == "consent":
        text = (
            "Both partners agreed to audio recording."
            if record.get("recording") is True
            else "No audio was recorded."
        )
    elif kind == "coaching":
        text = "Coaching note for " + _coaching_text(record, names)
    elif kind == "end":
        text = f"The session ended ({str(record.get('reason', '')).replace('_', ' ')})."
    else:
        return None
    return Line(clock(t), "", text, "event")


def _transcript(journal: Journal, figures: Figures, titles: dict[str, str]) -> list[Block]:
    names = figures.names
    timed: list[tuple[float, Line]] = [
        (u.start, Line(clock(u.start), names[u.speaker], u.text)) for u in figures.utterances
    ]
    timed += [
        (p.start, Line(clock(p.start), "Facilitator", p.text, "prompt")) for p in figures.prompts
    ]
    timed += [
        (
            n.t,
            Line(
                clock(n.t),
                "",
                f"{names[n.by]} started talking over {names.get(n.over, n.over)} "
                f"({n.duration:.1f} s).",
                "event",
            ),
        )
        for n in figures.interruptions
    ]
    for record in journal.records:
        line = _event_line(record, names)
        if line is not None:
            timed.append((record["t"], line))
    timed.sort(key=lambda item: item[0])
    blocks: list[Block] = []
    bounds = [(None, float("-inf"))] + [(s, s.start) for s in figures.steps]
    for i, (step, start) in enumerate(bounds):
        stop = bounds[i + 1][1] if i + 1 < len(bounds) else float("inf")
        lines = tuple(line for t, line in timed if start <= t < stop)
        if step is None:
            if lines:
                blocks += [Heading("Before the first step", 3), Lines(lines)]
            continue
        roles = ""
        if step.sender in PARTNERS and step.receiver in PARTNERS:
            roles = f" · Sender: {names[step.sender]}, Receiver: {names[step.receiver]}"
        blocks.append(
            Heading(
                f"{_title(titles, step.name).capitalize()}, round {step.round}{roles} "
                f"({clock(step.start)}–{clock(step.end)})",
                3,
            )
        )
        blocks.append(Lines(lines) if lines else Para("Nothing was said in this step."))
    return blocks


def build(journal: Journal, figures: Figures | None = None) -> Document:
    """The report of one session as a document."""
    figures = figures or compute(journal)
    dialogue, titles = script_titles(str(journal.session.get("dialogue", "")))
    names = figures.names
    doc = Document(f"Session of {_started(journal)}: {dialogue}")
    paused = f", of which {clock(figures.paused_s)} paused" if figures.paused_s else ""
    doc.add(
        Para(
            f"{names['A']} (A) and {names['B']} (B). Length {clock(figures.duration_s)}{paused}. "
            + _describe_end(journal, figures)
        ),
        Heading("Figures"),
        _figures_table(figures),
    )
    f = figures.partners
    if f["A"].talk_s + f["B"].talk_s:
        balance = (
            f"{names['A']} spoke for {f['A'].share:.0%} of the talk time and {names['B']} for "
            f"{f['B'].share:.0%}. Both spoke at the same time for {clock(figures.overlap_s)} in all."
        )
    else:
        balance = "Neither partner's speech was recorded in this session."
    doc.add(Para(balance))
    doc.add(
        Heading("Time in each step"),
        Table(
            ("Step", "Time", "Passes"),
            tuple(
                (
                    _title(titles, name),
                    clock(seconds),
                    str(sum(1 for s in figures.steps if s.name == name)),
                )
                for name, seconds in figures.step_totals().items()
            ),
        ),
        Heading("Timeline"),
        Picture(
            timeline_svg(figures, titles),
            "Timeline: a lane for the steps, the facilitator and each partner; "
            "a marked line with ! is where one partner started talking over the other. "
            "(The picture is in report.html.)",
        ),
        Heading("Interruptions"),
    )
    items = _interruption_items(figures, titles)
    doc.add(Items(items) if items else Para("Neither partner started talking over the other."))
    doc.add(Heading("Mirrors"))
    if figures.mirrors:
        doc.add(
            Table(
                ("Time", "Mirrored by", "Step", "Sender's words kept"),
                tuple(
                    (
                        clock(m.start),
                        names[m.receiver],
                        _title(titles, m.step),
                        _percent(m.kept) if m.kept is not None else "– (a short piece)",
                    )
                    for m in figures.mirrors
                ),
            )
        )
    else:
        doc.add(Para("There were no mirrors in this session."))
    doc.add(Heading("Coaching notes"))
    notes = tuple(f"{clock(c['t'])} · {_coaching_text(c, names)}" for c in figures.coaching)
    doc.add(Items(notes) if notes else Para("No coaching notes."))
    doc.add(Heading("Transcript"), *_transcript(journal, figures, titles))
    return doc


def write_reports(folder: Path, formats: tuple[str, ...] = ("md", "html")) -> list[Path]:
    """Write the session's reports into its folder (owner-only); the paths written."""
    journal = read_journal(folder)
    doc = build(journal)
    render = {"md": render_md, "html": render_html}
    written = []
    for fmt in formats:
        path = journal.folder / REPORTS[fmt]
        write_private_text(path, render[fmt](doc))
        written.append(path)
    return written
