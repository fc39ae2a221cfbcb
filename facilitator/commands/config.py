"""`facilitator config`: where settings come from and what they are, so a user can change one safely."""

from __future__ import annotations

import argparse
import dataclasses

from facilitator import config as settings
from facilitator.config import Config

HELP = "show the effective settings and the files they come from (--path: just the file locations)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--path", action="store_true", help="print only where config and data live")


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.storage import data_dir

    print(f"# user config file: {settings.user_config_file()}")
    print(f"# data folder:      {data_dir(config.storage)}")
    print("# read from:        " + ", ".join(config.sources))
    if args.path:
        return 0
    for name in settings.SECTIONS:
        print(f"\n[{name}]")
        for key, value in dataclasses.asdict(getattr(config, name)).items():
            print(f"{key} = {_toml(value)}")
    return 0
