"""Figures across sessions, from the session index: a table for the terminal, and an HTML page with
a chart per figure, so a couple (or their therapist) can see how their dialogues change over time.

Counts that grow with a session's length are shown as shares where that makes sessions comparable
(talk-time share, the share of "I" statements among "I" and "you" statements).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from facilitator.records.chart_svg import line_chart
from facilitator.records.document import Document, Heading, Para, Picture, Table
from facilitator.records.index import Entry
from facilitator.records.journal import PARTNERS
from facilitator.session.view import clock


def _i_share(entry: Entry, partner: str) -> float | None:
    i = entry.measure(partner, "i_statements") or 0.0
    you = entry.measure(partner, "you_statements") or 0.0
    return i / (i + you) if i + you else None


@dataclass(frozen=True)
class Trend:
    title: str
    short: str
    """The column heading in the table."""
    value: Callable[[Entry, str], float | None]
    show: str
    """How a value is written: a format such as "{:.0%}"."""
    top: float | None = None
    """The top of the chart's scale (1.0 for a share), or None to fit the values."""


def _measure(name: str) -> Callable[[Entry, str], float | None]:
    return lambda entry, partner: entry.measure(partner, name)


TRENDS = (
    Trend("Share of talk time", "Talk share", _measure("share"), "{:.0%}", 1.0),
    Trend("Times started talking over the other", "Talked over", _measure("interruptions"), "{:g}"),
    Trend("Sender's words kept in mirrors", "Words kept", _measure("kept"), "{:.0%}", 1.0),
    Trend(
        '"I" statements among "I" and "you" statements as Sender',
        '"I" share',
        _i_share,
        "{:.0%}",
        1.0,
    ),
    Trend('"Always" / "never" criticisms', "Always/never", _measure("always_never"), "{:g}"),
)


def _date(entry: Entry) -> str:
    try:
        return datetime.fromisoformat(entry.started).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return entry.id


def _pair(entry: Entry, trend: Trend) -> str:
    shown = [trend.value(entry, p) for p in PARTNERS]
    return " / ".join("–" if v is None else trend.show.format(v) for v in shown)


def table(entries: list[Entry]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The progress table: one row per session, each figure as "A / B"."""
    head = ("Date", "Dialogue", "Length", "Partners (A / B)", *(t.short for t in TRENDS))
    rows = [
        (
            _date(e),
            e.dialogue,
            clock(e.duration_s),
            f"{e.names.get('A', 'A')} / {e.names.get('B', 'B')}",
            *(_pair(e, t) for t in TRENDS),
        )
        for e in entries
    ]
    return head, rows


def document(entries: list[Entry]) -> Document:
    """The progress page: the table, then one chart per figure."""
    doc = Document("Progress across sessions")
    if not entries:
        doc.add(Para("No sessions yet."))
        return doc
    names = entries[-1].names
    doc.add(
        Para(
            f"{len(entries)} session(s), from {_date(entries[0])} to {_date(entries[-1])}. "
            'Each figure is given as "A / B": '
            + "; ".join(f"{t.short}: {t.title}" for t in TRENDS)
            + "."
        )
    )
    head, rows = table(entries)
    doc.add(Table(head, tuple(rows)), Heading("Charts"))
    labels = [_date(e)[5:] for e in entries]
    for trend in TRENDS:
        series = {
            f"{names.get(p, p)} ({p})": [trend.value(e, p) for e in entries] for p in PARTNERS
        }
        doc.add(
            Picture(
                line_chart(trend.title, labels, series, trend.show, trend.top),
                f"{trend.title}, by session (see the table above).",
            )
        )
    return doc
