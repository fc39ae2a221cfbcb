"""`facilitator analyze`: who spoke when and what in a recording, talk time, and overlaps."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from facilitator.config import Config
from facilitator.errors import InputFileError

HELP = "show who spoke when and what in a recording, talk time per person, and overlaps"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("audio", type=Path, metavar="AUDIO", help="an audio file (WAV, FLAC, MP3…)")
    parser.add_argument(
        "--speakers",
        choices=("channels", "voices"),
        default="voices",
        help="channels: one microphone per partner (channel 1 = A, channel 2 = B); "
        "voices: one shared microphone, partners told apart by voice (default)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="also write the JSON and a readable transcript here"
    )


class _ProgressBar:
    """A one-line progress bar on stderr, redrawn at most a few times a second."""

    WIDTH = 30

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, done: float, total: float | None) -> None:
        now = time.monotonic()
        if now - self._last < 0.25 or not total:
            return
        self._last = now
        share = min(done / total, 1.0)
        bar = "#" * round(share * self.WIDTH)
        print(
            f"\ranalyzing [{bar:<{self.WIDTH}}] {share:4.0%}", end="", file=sys.stderr, flush=True
        )

    def clear(self) -> None:
        if self._last:
            print("\r" + " " * (self.WIDTH + 20) + "\r", end="", file=sys.stderr, flush=True)


def _out_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise InputFileError(f"--out {path}: is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputFileError(
            f"--out {path}: cannot create the folder ({e.strerror or e})"
        ) from None
    return path


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.audio.sources import check_audio_file
    from facilitator.listening.analysis import analyze_file
    from facilitator.listening.transcriber import Transcriber
    from facilitator.models import load_whisper

    check_audio_file(args.audio)
    out = _out_dir(args.out) if args.out is not None else None
    transcriber = Transcriber(load_whisper(config.transcriber), config.transcriber)
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        summary = analyze_file(args.audio, config, args.speakers, transcriber, bar)
    finally:
        if bar is not None:
            bar.clear()
    data = {"file": str(args.audio), "mode": args.speakers, **summary.to_json()}
    text = summary.transcript()
    print(
        json.dumps(data, ensure_ascii=False) if args.json else text, end="\n" if args.json else ""
    )
    if out is not None:
        stem = args.audio.stem or "analysis"
        try:
            (out / f"{stem}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            (out / f"{stem}.txt").write_text(text)
        except OSError as e:
            raise InputFileError(f"--out {out}: cannot write ({e.strerror or e})") from None
    return 0
