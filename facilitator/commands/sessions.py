"""`facilitator sessions`: the past sessions, one line each, from the session index."""

from __future__ import annotations

import argparse
from datetime import datetime

from facilitator.config import Config

HELP = "list past sessions: date, dialogue, length, partners, interruptions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build the session index again from the session folders",
    )


def _date(started: str, fallback: str) -> str:
    try:
        return datetime.fromisoformat(started).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return fallback


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.records.document import columns
    from facilitator.records.index import SessionIndex
    from facilitator.records.sessions import sessions_dir
    from facilitator.session.view import clock
    from facilitator.storage import data_dir

    data = data_dir(config.storage)
    index = SessionIndex(data)
    entries, notes = index.rebuild() if args.rebuild else index.sync()
    if not entries:
        print(f"no sessions yet in {sessions_dir(data)}")
    else:
        rows = [
            (
                e.id,
                _date(e.started, e.id),
                e.dialogue,
                clock(e.duration_s),
                f"{e.names.get('A', 'A')} / {e.names.get('B', 'B')}",
                " / ".join(f"{e.measure(p, 'interruptions') or 0:g}" for p in ("A", "B")),
                (e.ended or "stopped early").replace("_", " "),
            )
            for e in entries
        ]
        head = ("Session", "Date", "Dialogue", "Length", "Partners (A / B)", "Talked over", "End")
        print(columns(head, rows))
    for note in notes:
        print(note)
    return 0
