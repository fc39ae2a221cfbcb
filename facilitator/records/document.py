"""A report as plain blocks (headings, paragraphs, tables, lists, a transcript, a picture), so the
same content is written once and rendered both as Markdown and as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """One line of a transcript: when, who, what; `kind` is "speech", "prompt" or "event"."""

    when: str
    who: str
    text: str
    kind: str = "speech"


@dataclass(frozen=True)
class Lines:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Picture:
    """An SVG drawing (HTML only); Markdown shows `alt` instead."""

    svg: str
    alt: str


Block = Heading | Para | Table | Items | Lines | Picture


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def columns(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A table as aligned plain-text columns, for the terminal."""
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (head, *rows)
    )
