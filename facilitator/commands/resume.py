"""`facilitator resume SESSION`: continue a session that stopped before its end."""

from __future__ import annotations

import argparse
import sys

from facilitator.config import Config

HELP = "continue a session that stopped early, at the start of the step it was in"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", help='a session folder, a session id, or "last"')
    parser.add_argument(
        "--scenario", help="continue with a simulated couple instead of microphones"
    )
    parser.add_argument(
        "--plain", action="store_true", help="simple lines instead of the live panel"
    )


def run(args: argparse.Namespace, config: Config) -> int:
    from pathlib import Path

    from facilitator.records.sessions import resolve
    from facilitator.session.resume import resume_session
    from facilitator.storage import data_dir

    folder = resolve(args.session, data_dir(config.storage))
    resumed = resume_session(config, Path(folder))
    plain = args.plain or not sys.stdout.isatty()
    if args.scenario:
        from facilitator.session.demo import run_demo

        print(run_demo(resumed.config, args.scenario, resumed=resumed, plain=plain).summary)
        return 0
    from facilitator.session.live import run_live

    return run_live(resumed.config, resumed.engine, resumed.opening, names={}, plain=plain,
                    log=resumed.log, start_t=resumed.start_t)  # fmt: skip
