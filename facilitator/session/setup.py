"""Building a session from settings: the models, the ears, the voice, the folder and its journal.

`facilitator session`, `demo` and `resume` differ only in where sound comes from and goes to, and in
how the dialogue starts; everything else is put together here, once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator import models
from facilitator.audio.frames import Frame
from facilitator.config import Config
from facilitator.dialogue.engine import Engine
from facilitator.errors import ConfigError, InputFileError
from facilitator.listening.channels import ChannelAttributor
from facilitator.listening.listener import Listener
from facilitator.listening.speakers import Attributor
from facilitator.listening.transcriber import Transcriber
from facilitator.listening.work import InlineRunner, ThreadRunner
from facilitator.records.journal import JournalWriter
from facilitator.records.privacy import apply_retention
from facilitator.records.sessions import new_session_folder
from facilitator.session.log import SessionLog
from facilitator.session.output import Output
from facilitator.session.runner import Observer, RunnerParts, SessionRunner
from facilitator.session.view import LiveView, PlainView, ViewState
from facilitator.storage import data_dir, private_dir
from facilitator.voice.cache import PromptCache, cache_dir
from facilitator.voice.chime import chime
from facilitator.voice.synth import Voice


@dataclass
class Models:
    """The loaded speech recognizer and voice, shared by everything in one process."""

    transcriber: Transcriber
    voice: Voice
    load_s: float

    @classmethod
    def load(cls, config: Config) -> Models:
        start = time.perf_counter()
        whisper = models.load_whisper(config.transcriber)
        voice = Voice.from_settings(config.voice)
        return cls(Transcriber(whisper, config.transcriber), voice, time.perf_counter() - start)


def session_folder(config: Config, out: Path | None) -> Path:
    """A new folder for this session: `--out` if given (it must be new or empty), else in the data
    folder, after old sessions past the retention period are deleted."""
    if out is not None:
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise InputFileError(f"{out} is not empty; give --out a new or empty folder")
        return private_dir(out)
    data = private_dir(data_dir(config.storage))
    if config.storage.retention_days:
        apply_retention(data, config.storage.retention_days)
    return new_session_folder(data)


def open_log(config: Config, folder: Path, *, dialogue: str, names: dict[str, str]) -> SessionLog:
    journal = JournalWriter.create(folder)
    journal.begin(
        dialogue=dialogue,
        speakers=config.speakers.mode,
        names=names,
        config_digest=config.digest(),
    )
    return SessionLog(journal, folder, record_allowed=config.storage.record_audio)


def attributor(config: Config, channels: int) -> Attributor:
    if config.speakers.mode == "channels":
        return ChannelAttributor(config.speakers, channels)
    raise ConfigError(
        "speakers.mode", "voices", "live voices mode is not available yet; use channels"
    )


def view(plain: bool) -> Callable[[ViewState], None]:
    return (PlainView() if plain else LiveView()).show


def build_runner(
    config: Config,
    loaded: Models,
    engine: Engine,
    *,
    source: Iterable[Frame],
    channels: int,
    output: Output,
    log: SessionLog,
    show: Callable[[ViewState], None],
    observers: Sequence[Observer] = (),
    live: bool,
) -> SessionRunner:
    """The runner for one session; every fixed prompt is rendered before it starts."""
    prompts = PromptCache(loaded.voice, cache_dir() if config.voice.cache else None)
    prompts.warm(engine.prompt_texts())
    listener = Listener(
        config,
        attributor(config, channels),
        channels,
        loaded.transcriber,
        ThreadRunner() if live else InlineRunner(),
    )
    parts = RunnerParts(
        engine=engine,
        listener=listener,
        source=source,
        output=output,
        prompts=prompts,
        chime=chime(loaded.voice.sample_rate, config.voice.volume),
        log=log,
        show=show,
        tail_s=config.voice.prompt_tail_s,
        observers=list(observers),
    )
    return SessionRunner(parts)
