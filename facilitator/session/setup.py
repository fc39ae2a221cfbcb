"""Building a session from settings: the models, the ears, the voice, the folder and its journal.

`facilitator session`, `demo` and `resume` differ only in where sound comes from and goes to, and in
how the dialogue starts; everything else is put together here, once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator import models, resources
from facilitator.audio.frames import Frame
from facilitator.config import Config
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.script import Script
from facilitator.errors import InputFileError
from facilitator.listening.channels import ChannelAttributor
from facilitator.listening.enrolling import EnrollingAttributor
from facilitator.listening.listener import Listener
from facilitator.listening.speakers import Attributor
from facilitator.listening.transcriber import Transcriber
from facilitator.listening.work import InlineRunner, ThreadRunner
from facilitator.records.journal import JournalWriter
from facilitator.records.privacy import apply_retention
from facilitator.records.sessions import new_session_folder
from facilitator.records.voiceprints import load_voiceprints, save_voiceprints
from facilitator.session.log import SessionLog
from facilitator.session.output import Output
from facilitator.session.runner import Observer, RunnerParts, SessionRunner
from facilitator.session.view import LiveView, PlainView, View
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
        transcriber = Transcriber(models.load_whisper(config.transcriber), config.transcriber)
        transcriber.warm_up()
        voice = Voice.from_settings(config.voice)
        return cls(transcriber, voice, time.perf_counter() - start)


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


def open_log(config: Config, folder: Path, *, script: Script, names: dict[str, str]) -> SessionLog:
    """A new journal, opened with the session record. A script of one's own is recorded by its full
    path, so `resume` finds it again."""
    journal = JournalWriter.create(folder)
    bundled = Path(script.file).resolve().parent == resources.dialogues_dir().resolve()
    journal.begin(
        dialogue=script.name if bundled else str(Path(script.file).resolve()),
        speakers=config.speakers.mode,
        names=names,
        config_digest=config.digest(),
    )
    return SessionLog(journal, folder, record_allowed=config.storage.record_audio)


def attributor(config: Config, channels: int, folder: Path) -> Attributor:
    """Channels: a microphone per partner. Voices: one microphone, voices learned at the start (and
    kept in the session folder, so a resumed session knows them)."""
    if config.speakers.mode == "channels":
        return ChannelAttributor(config.speakers, channels)
    return EnrollingAttributor(
        config.vad,
        config.speakers.enrollment_s,
        voiceprints=load_voiceprints(folder),
        enrolled=lambda prints: save_voiceprints(folder, prints),
    )


def view(plain: bool) -> View:
    return PlainView() if plain else LiveView()


def build_runner(
    config: Config,
    loaded: Models,
    engine: Engine,
    *,
    source: Iterable[Frame],
    channels: int,
    output: Output,
    log: SessionLog,
    show: View,
    observers: Sequence[Observer] = (),
    live: bool,
) -> SessionRunner:
    """The runner for one session; every fixed prompt is rendered before it starts."""
    prompts = PromptCache(loaded.voice, cache_dir() if config.voice.cache else None)
    prompts.warm(engine.prompt_texts())
    who = attributor(config, channels, log.folder)
    listener = Listener(
        config,
        who,
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
        show=show.show,
        note=show.note,
        tail_s=config.voice.prompt_tail_s,
        observers=list(observers),
        enroll=who.expect if isinstance(who, EnrollingAttributor) else None,
    )
    return SessionRunner(parts)
