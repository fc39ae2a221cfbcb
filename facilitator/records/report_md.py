"""A report document as Markdown: readable as plain text, and in any Markdown viewer."""

from __future__ import annotations

import re

from facilitator.records.document import (
    Document,
    Heading,
    Items,
    Lines,
    Para,
    Picture,
    Table,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Text a partner said, shown as they said it: Markdown's marks escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_md(doc: Document) -> str:
    out = [f"# {escape(doc.title)}"]
    for block in doc.blocks:
        match block:
            case Heading(text, level):
                out.append(f"{'#' * level} {escape(text)}")
            case Para(text):
                out.append(escape(text))
            case Table(head, rows):
                lines = ["| " + " | ".join(escape(h) for h in head) + " |"]
                lines.append("|" + "---|" * len(head))
                lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
                out.append("\n".join(lines))
            case Items(items):
                out.append("\n".join(f"- {escape(item)}" for item in items))
            case Lines(lines):
                out.append(
                    "\n".join(
                        f"- {line.when} **{escape(line.who)}:** {escape(line.text)}"
                        if line.who
                        else f"- {line.when} _{escape(line.text)}_"
                        for line in lines
                    )
                )
            case Picture(_, alt):
                out.append(escape(alt))
    return "\n\n".join(out) + "\n"
