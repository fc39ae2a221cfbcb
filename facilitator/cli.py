"""The `facilitator` command: parses options, loads config, runs a subcommand, turns errors into one line."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from facilitator import __version__
from facilitator.commands import NAMES
from facilitator.errors import USAGE, FacilitatorError


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line instead of a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(USAGE, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _add_common(parser: argparse.ArgumentParser, *, default: bool) -> None:
    """--config and --debug, which every command takes before or after its name."""
    keep = {} if default else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="a TOML file overriding settings", **keep
    )
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks on errors", **keep
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="facilitator",
        description="A hands-free voice guide for the Imago Dialogue, running offline on this machine.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    _add_common(parser, default=True)
    # The same options after the command ("facilitator demo --config my.toml"); SUPPRESS keeps a
    # command that does not repeat them from resetting what was given before it.
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, default=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in NAMES:
        module = importlib.import_module(f"facilitator.commands.{name.replace('-', '_')}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=[common])
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return USAGE
    try:
        from facilitator import config

        return int(args.run(args, config.load(args.config)) or 0)
    except FacilitatorError as e:
        if args.debug:
            raise
        print(f"facilitator: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("facilitator: stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
