"""`facilitator report`: write a session's report again from its journal (also done at its end)."""

from __future__ import annotations

import argparse

from facilitator.config import Config

HELP = "write a session's report (report.md and report.html in its folder) from its journal"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        nargs="?",
        default="last",
        help='a session folder, a session name from "facilitator sessions", or "last" (default)',
    )
    parser.add_argument(
        "--format", choices=("md", "html"), help="write only this format (default: both)"
    )


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.records.report import write_reports
    from facilitator.records.sessions import resolve
    from facilitator.storage import data_dir

    folder = resolve(args.session, data_dir(config.storage))
    for path in write_reports(folder, (args.format,) if args.format else ("md", "html")):
        print(f"wrote {path}")
    return 0
