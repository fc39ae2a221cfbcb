"""`facilitator demo`: a whole session with a simulated couple, for a machine without a microphone.

The simulated room is a source like a microphone: the real VAD, attribution, Whisper, engine and piper
voice run exactly as in a live session, only faster than real time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.config import Config

HELP = "run a whole dialogue with a simulated couple (no microphone needed) and write its session folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        default="evenings",
        help="a bundled scenario name or a scenario .toml file (default: evenings)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write the session folder here (default: a new folder in the data folder)",
    )
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="run at real speed (frames paced by the clock) instead of as fast as possible",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="print changes as simple lines instead of the live panel",
    )
    parser.add_argument("--speakers", choices=("channels", "voices"),
                        help="how the simulated room is miked (default: the scenario's)")  # fmt: skip


def run(args: argparse.Namespace, config: Config) -> int:
    import sys

    from facilitator.session.demo import run_demo

    plain = args.plain or not sys.stdout.isatty()
    result = run_demo(config, args.scenario, out=args.out, speakers=args.speakers,
                      realtime=args.realtime, plain=plain)  # fmt: skip
    print(result.summary)
    return 0
