"""`facilitator check`: prove the install works end to end, without a person, and time each stage.

It loads both models, speaks a sentence, transcribes it back and compares the words, so a broken model,
a missing package or a too-slow machine shows up before a couple sits down to talk. With a sound system it
also shows the microphone level and plays a test phrase.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TypeVar

from facilitator.config import Config, number
from facilitator.errors import AudioDeviceError, FacilitatorError

HELP = (
    "check the install: load both models, speak a sentence and transcribe it back, time each stage"
)

SENTENCE = "Receiver, please mirror back what you heard."
T = TypeVar("T")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-devices",
        action="store_true",
        help="skip the microphone level meter and the test phrase on the speakers",
    )
    parser.add_argument(
        "--seconds",
        type=number,
        default=4.0,
        help="how long to show the microphone level (default 4)",
    )


def _stage(name: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"  {name:<34} {time.perf_counter() - start:6.2f} s")
    return result


def run(args: argparse.Namespace, config: Config) -> int:
    from facilitator import models
    from facilitator.audio.frames import SAMPLE_RATE
    from facilitator.audio.resample import resample
    from facilitator.listening.transcriber import Transcriber
    from facilitator.text import word_error_rate
    from facilitator.voice.synth import Voice

    print("facilitator check")
    whisper = _stage("load speech model", lambda: models.load_whisper(config.transcriber))
    voice = _stage("load voice", lambda: Voice.from_settings(config.voice))
    audio = _stage("synthesize a sentence", lambda: voice.render(SENTENCE))
    speech = resample(audio, voice.sample_rate, SAMPLE_RATE)
    transcriber = Transcriber(whisper, config.transcriber)
    heard = _stage("transcribe it back", lambda: transcriber.text(speech))
    wer = word_error_rate(SENTENCE, heard)
    print(f"  said:  {SENTENCE}\n  heard: {heard.strip()}\n  word error rate: {wer:.2f}")
    if wer > 0.3:
        raise FacilitatorError(
            "the speech model did not understand the voice; reinstall the models"
        )
    if not args.no_devices:
        _devices(config, args.seconds, voice, audio)
    print("all good")
    return 0


def _devices(config: Config, seconds: float, voice: object, audio: object) -> None:
    from facilitator.audio.devices import list_devices

    try:
        devices = list_devices()
    except AudioDeviceError as e:
        print(f"  devices: skipped ({e})")
        return
    if not any(d.inputs for d in devices):
        print("  microphone: none found; skipped the level meter")
    else:
        from facilitator.audio.meter import show_input_level

        show_input_level(config, seconds)
    if not any(d.outputs for d in devices):
        print("  speakers: none found; skipped the test phrase")
        return
    from facilitator.audio.playback import play

    print("  playing the test phrase on the speakers")
    play(audio, voice.sample_rate, config.audio.output_device)
