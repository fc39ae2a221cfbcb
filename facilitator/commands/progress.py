"""`facilitator progress`: how the figures change across sessions, as a table or an HTML page."""

from __future__ import annotations

import argparse

from facilitator.config import Config

HELP = "show how the figures change across sessions (a table, or an HTML page with charts)"
PAGE = "progress.html"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "html"),
        default="text",
        help=f"text: a table here (default); html: write {PAGE} with charts in the data folder",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.records import progress
    from facilitator.records.document import columns
    from facilitator.records.index import SessionIndex
    from facilitator.records.report_html import render_html
    from facilitator.storage import data_dir, write_private_text

    data = data_dir(config.storage)
    entries, notes = SessionIndex(data).sync()
    if args.format == "html":
        path = data / PAGE
        write_private_text(path, render_html(progress.document(entries)))
        print(f"wrote {path}")
    elif entries:
        head, rows = progress.table(entries)
        print(columns(head, rows))
    else:
        print("no sessions yet")
    for note in notes:
        print(note)
    return 0
