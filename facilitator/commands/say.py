"""`facilitator say`: speak a sentence with the facilitator's voice, to the speakers or a WAV file."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.config import Config, number, override
from facilitator.errors import InputFileError

HELP = (
    "speak a sentence with the facilitator's voice (to the speakers, or to a WAV file with --out)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="what to say")
    parser.add_argument(
        "--out", type=Path, metavar="FILE.wav", help="write a WAV file instead of playing"
    )
    parser.add_argument(
        "--rate", type=number, help="speaking rate, 0.5 to 2.0 (default from config)"
    )
    parser.add_argument("--volume", type=number, help="loudness, 0.0 to 1.0 (default from config)")
    parser.add_argument("--device", help="output device (number or part of a name)")


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator.audio.wavfile import write_wav
    from facilitator.voice.synth import Voice

    text = args.text.strip()
    if not text:
        raise InputFileError('nothing to say: give a sentence, e.g. facilitator say "Hello"')
    config = override(config, "voice", {"rate": args.rate, "volume": args.volume})
    if args.out is not None and args.out.suffix.lower() != ".wav":
        raise InputFileError(f"--out must name a .wav file, not {args.out}")
    if args.out is not None and not args.out.parent.is_dir():
        raise InputFileError(f"folder {args.out.parent} does not exist")
    voice = Voice.from_settings(config.voice)
    audio = voice.render(text)
    if args.out is not None:
        write_wav(args.out, audio, voice.sample_rate)
        print(f"wrote {args.out} ({len(audio) / voice.sample_rate:.1f} s)")
        return 0
    from facilitator.audio.playback import play

    play(audio, voice.sample_rate, args.device or config.audio.output_device)
    return 0
