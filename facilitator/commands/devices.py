"""`facilitator devices`: the sound devices this machine has, for choosing microphones and speakers."""

from __future__ import annotations

import argparse

from facilitator.config import Config

HELP = "list input and output sound devices with channel counts and default sample rates"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.audio.devices import list_devices

    devices = list_devices()
    if not devices:
        print("no sound devices found (is a microphone or sound card connected?)")
        return 1
    print(f"{'#':>3}  {'inputs':>6}  {'outputs':>7}  {'rate':>7}  name")
    for d in devices:
        marks = [
            m
            for m, on in (
                ("default input", d.is_default_input),
                ("default output", d.is_default_output),
            )
            if on
        ]
        note = f"  ({', '.join(marks)})" if marks else ""
        print(
            f"{d.index:>3}  {d.inputs:>6}  {d.outputs:>7}  {d.default_rate:>7.0f}  {d.name}{note}"
        )
    return 0
