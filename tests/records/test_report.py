"""Reports say what the journal says: figures recomputed here from the raw lines, valid HTML, an SVG
timeline with one mark per utterance, prompt and interruption."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from records.sample import (
    MIRROR_1,
    MIRROR_2,
    MIRROR_3,
    MISSED_2,
    PIECE_1,
    PIECE_2,
    PIECE_3,
    REMIRROR_2,
    session_records,
    write_session,
)
from support import cli

from facilitator.dialogue import coaching
from facilitator.records.figures import compute
from facilitator.records.journal import JOURNAL, read_journal
from facilitator.records.report import write_reports
from facilitator.session.view import clock
from facilitator.text import sentences, statement_person

SVG = "{http://www.w3.org/2000/svg}"


def _raw(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / JOURNAL).read_text().splitlines()]


def _step_at(raw: list[dict], t: float) -> dict:
    return [r for r in raw if r["type"] == "step" and r["t"] <= t][-1]


def test_figures_equal_those_counted_from_the_raw_journal(session: Path) -> None:
    raw = _raw(session)
    figures = compute(read_journal(session))
    speech = [r for r in raw if r["type"] == "speech"]
    talk = {p: sum(r["end"] - r["start"] for r in speech if r["speaker"] == p) for p in "AB"}
    for p in "AB":
        f = figures.partners[p]
        assert f.talk_s == pytest.approx(talk[p])
        assert f.share == pytest.approx(talk[p] / (talk["A"] + talk["B"]))
        assert f.utterances == sum(1 for r in speech if r["speaker"] == p)
        assert f.interruptions == sum(
            1 for r in raw if r["type"] == "interruption" and r["by"] == p
        )
        as_sender = [
            s
            for r in speech
            if r["speaker"] == p and _step_at(raw, r["start"])["sender"] == p
            for s in sentences(r["text"])
        ]
        persons = [statement_person(s) for s in as_sender]
        assert (f.i_statements, f.you_statements) == (persons.count("I"), persons.count("you"))
        criticisms = [
            s
            for r in speech
            if r["speaker"] == p
            for s in sentences(r["text"])
            if coaching.i_statement(s)
        ]
        assert f.always_never == len(criticisms)
    assert figures.partners["A"].always_never == 1  # "You never tell me your plans."

    both = [
        max(0.0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
        for a in speech
        if a["speaker"] == "A"
        for b in speech
        if b["speaker"] == "B"
    ]
    assert figures.overlap_s == pytest.approx(sum(both))
    assert figures.duration_s == raw[-1]["t"]
    assert figures.paused_s == pytest.approx(131.2 - 111.2)


def test_each_mirror_is_matched_to_the_piece_it_repeats(session: Path) -> None:
    figures = compute(read_journal(session))
    expected = [
        ("B", PIECE_1, MIRROR_1),
        ("B", PIECE_2, MIRROR_2),
        ("B", MISSED_2, REMIRROR_2),
        ("A", PIECE_3, MIRROR_3),
    ]
    assert [(m.receiver, m.piece, m.mirror) for m in figures.mirrors] == expected
    for m, (_, piece, mirror) in zip(figures.mirrors, expected, strict=True):
        assert m.kept == coaching.kept(mirror, piece)
    for p in "AB":
        shares = [coaching.kept(m, s) for who, s, m in expected if who == p]
        shares = [k for k in shares if k is not None]
        assert figures.partners[p].mirrors == sum(1 for who, _, _ in expected if who == p)
        assert figures.partners[p].kept == pytest.approx(sum(shares) / len(shares))


def test_time_in_each_step_leaves_out_the_pause(session: Path) -> None:
    raw = _raw(session)
    steps = [r for r in raw if r["type"] == "step"]
    ends = [s["t"] for s in steps[1:]] + [raw[-1]["t"]]
    expected: dict[str, float] = {}
    for s, end in zip(steps, ends, strict=True):
        paused = 20.0 if s["name"] == "summary" else 0.0
        expected[s["name"]] = expected.get(s["name"], 0.0) + end - s["t"] - paused
    totals = compute(read_journal(session)).step_totals()
    assert totals == pytest.approx(expected)


class _Page(HTMLParser):
    """Checks that every element is closed in order, and collects table cells and transcript lines."""

    VOID = frozenset(("meta", "link", "br", "img", "input", "hr", "line", "rect", "circle", "path"))

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.headings: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = []
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.open and self.open[-1] in ("h1", "h2", "h3"):
            self.headings.append(data)
        self.text.append(data)


def _html(folder: Path) -> tuple[_Page, str]:
    html = (folder / "report.html").read_text()
    page = _Page()
    page.feed(html)
    page.close()
    assert page.open == [], f"unclosed: {page.open}"
    return page, html


def test_html_report_is_well_formed_and_shows_the_figures(session: Path) -> None:
    write_reports(session)
    page, html = _html(session)
    figures = compute(read_journal(session))
    rows = {row[0]: row[1:] for row in page.rows if row}
    assert rows[""] == ["Alex (A)", "Sam (B)"]
    f = figures.partners
    assert rows["Talk time"] == [f"{clock(f[p].talk_s)} ({f[p].share:.0%})" for p in "AB"]
    assert rows["Started talking over the other"] == [str(f[p].interruptions) for p in "AB"]
    assert rows['"I" statements as Sender'] == [str(f[p].i_statements) for p in "AB"]
    assert rows["Sender's words kept in mirrors (average)"] == [f"{f[p].kept:.0%}" for p in "AB"]
    assert rows["Mirrors given"] == ["1", "3"]
    for text in (PIECE_1, MIRROR_3, "Alex, please begin."):
        assert text in "".join(page.text)
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_svg_timeline_has_one_mark_per_utterance_prompt_and_interruption(session: Path) -> None:
    write_reports(session, ("html",))
    _, html = _html(session)
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + len("</svg>")])
    raw = _raw(session)

    def marks(kind: str) -> list[ET.Element]:
        return [e for e in svg.iter() if kind in e.get("class", "").split()]

    def count(kind: str) -> int:
        return sum(1 for r in raw if r["type"] == kind)

    assert len(marks("utterance")) == count("speech")
    assert len(marks("prompt")) == count("prompt")
    assert len(marks("interruption")) == count("interruption")
    assert len(marks("step")) == count("step")
    assert len(marks("pause")) == count("pause")
    for p in "AB":
        spoken = sum(1 for r in raw if r["type"] == "speech" and r["speaker"] == p)
        assert sum(1 for e in marks("utterance") if e.get("data-speaker") == p) == spoken
    lanes = [e.text for e in svg.iter(f"{SVG}text") if "lane-label" in e.get("class", "")]
    assert lanes == ["Steps", "Facilitator", "Alex (A)", "Sam (B)"]
    titles = [e.findtext(f"{SVG}title") for e in marks("utterance")]
    assert any(PIECE_2 in (t or "") for t in titles)


def test_markdown_report_has_the_transcript_by_step(session: Path) -> None:
    (md,) = write_reports(session, ("md",))
    text = md.read_text()
    assert text.startswith("# Session of 14 March 2025, 19:30: Intentional Dialogue\n")
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert len(headings) == sum(1 for kind, _, _ in session_records() if kind == "step") + 1
    assert headings[2].startswith(
        "### Sending and mirroring, round 1 · Sender: Alex, Receiver: Sam"
    )
    assert "- 0:32 **Alex:** I'd like us to talk about our evenings." in text
    assert "Sam started talking while Alex was speaking, for 1.2 s." in text


def test_a_session_cut_short_gets_a_partial_report(data: Path) -> None:
    records = session_records()
    folder = write_session(data, records[:30])
    journal = folder / JOURNAL
    journal.write_bytes(journal.read_bytes() + b'{"t": 80.0, "type": "spee')
    r = cli("report", str(folder), "--format", "md")
    assert r.code == 0, r.err
    text = (folder / "report.md").read_text()
    last = max(t for _, t, _ in records[:30])
    assert f"this report covers everything up to {clock(last)}." in text
    assert "The journal's last line was cut short and is left out." in text
    assert str(folder / "report.md") in r.out


def test_a_remirror_after_a_spoken_correction_mirrors_the_correction(data: Path) -> None:
    """The engine may go straight from "Did I get that?" to a re-mirror when the answer carries
    the correction; the re-mirror is then compared with the correction alone."""
    piece = "When I get home I feel tired and lonely, and I wish we ate dinner together."
    first = "You feel tired when you get home and wish we ate dinner together."
    correction = "Partly. I feel lonely more than tired, and I miss our dinners."
    second = "You feel lonely more than tired, and you miss our dinners."
    records = [
        ("step", 1.0, {"name": "send", "sender": "A", "receiver": "B", "round": 1}),
        ("prompt", 3.0, {"id": "send.invite", "text": "Begin.", "start": 1.0, "end": 3.0}),
        ("speech", 9.0, {"speaker": "A", "start": 3.5, "end": 9.0, "text": piece}),
        ("prompt", 11.0, {"id": "send.mirror", "text": "Mirror.", "start": 9.5, "end": 11.0}),
        ("speech", 15.0, {"speaker": "B", "start": 11.5, "end": 15.0, "text": first}),
        ("prompt", 17.0, {"id": "send.check", "text": "Got it?", "start": 15.5, "end": 17.0}),
        ("speech", 21.0, {"speaker": "A", "start": 17.5, "end": 21.0, "text": correction}),
        ("prompt", 23.0, {"id": "send.remirror", "text": "Again.", "start": 21.5, "end": 23.0}),
        ("speech", 27.0, {"speaker": "B", "start": 23.5, "end": 27.0, "text": second}),
    ]
    figures = compute(read_journal(write_session(data, records)))
    assert [(m.piece, m.mirror) for m in figures.mirrors] == [(piece, first), (correction, second)]
