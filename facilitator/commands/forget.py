"""`facilitator forget`: delete a session (or all of them) for good: folder, journal, reports, audio,
and the session's rows in the index."""

from __future__ import annotations

import argparse

from facilitator.config import Config
from facilitator.errors import USAGE, FacilitatorError

HELP = "delete a session's folder (journal, reports, audio) and its index entry, or --all sessions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        nargs="?",
        help='a session folder, a session name from "facilitator sessions", or "last"',
    )
    parser.add_argument("--all", action="store_true", help="delete every session")


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.records.privacy import forget, forget_all
    from facilitator.records.sessions import resolve
    from facilitator.storage import data_dir

    if bool(args.session) == bool(args.all):
        raise FacilitatorError(
            'say which session to forget (a folder, a name, or "last"), or --all', USAGE
        )
    data = data_dir(config.storage)
    done = forget_all(data) if args.all else [forget(resolve(args.session, data), data)]
    for forgotten in done:
        print(forgotten.describe())
    if not done:
        print("no sessions to forget")
    return 0
