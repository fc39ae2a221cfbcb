"""`facilitator session`: the live session, hands-free after the command.

Microphones in, speakers out, everything by voice: names, enrollment, consent, the appointment and
every step. Ctrl-C ends cleanly: the journal is closed and the report written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.config import Config, number, override

HELP = "run a live dialogue with microphones and speakers (hands-free after this command)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialogue", help="intentional, appreciation, behavior-change, or a script file"
    )
    parser.add_argument(
        "--speakers",
        choices=("channels", "voices"),
        help="channels = a microphone per partner; voices = one shared microphone",
    )
    parser.add_argument(
        "--channel-a", type=int, metavar="N", help="input channel of partner A (1-based)"
    )
    parser.add_argument(
        "--channel-b", type=int, metavar="N", help="input channel of partner B (1-based)"
    )
    parser.add_argument(
        "--names", nargs=2, metavar=("A", "B"), help="the partners' names (else asked)"
    )
    parser.add_argument("--first", choices=("A", "B", "ask"), help="who is Sender first")
    parser.add_argument("--input-device", help="microphone device (number or part of a name)")
    parser.add_argument("--output-device", help="speaker device (number or part of a name)")
    parser.add_argument("--rate", type=number, help="speaking rate, 0.5 to 2.0")
    parser.add_argument("--volume", type=number, help="loudness, 0.0 to 1.0")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write the session folder here")
    parser.add_argument("--plain", action="store_true", help="simple lines instead of the live panel")  # fmt: skip


def apply_options(config: Config, args: argparse.Namespace) -> Config:
    """Command-line options over the config, each checked like a config value."""
    config = override(config, "session", {"dialogue": args.dialogue, "first_sender": args.first})
    config = override(config, "speakers", {
        "mode": args.speakers, "channel_a": args.channel_a, "channel_b": args.channel_b,
    })  # fmt: skip
    config = override(config, "voice", {"rate": args.rate, "volume": args.volume})
    return override(config, "audio", {
        "input_device": args.input_device, "output_device": args.output_device,
    })  # fmt: skip


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.dialogue.engine import Engine
    from facilitator.dialogue.script import load_script
    from facilitator.dialogue.settings import EngineSettings
    from facilitator.session.live import run_live

    config = apply_options(config, args)
    script = load_script(config.session.dialogue)
    names = {"A": args.names[0], "B": args.names[1]} if args.names else None
    engine = Engine(script, EngineSettings.from_config(config), names=names)
    return run_live(config, engine, engine.start(0.0), out=args.out, names=names or {},
                    plain=args.plain or not sys.stdout.isatty())  # fmt: skip
