"""A session with real microphones and speakers (for `session` and `resume`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from facilitator.audio.microphone import MicrophoneSource
from facilitator.config import Config
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.events import Action
from facilitator.session.finish import finish
from facilitator.session.log import SessionLog
from facilitator.session.output import SpeakerOutput
from facilitator.session.setup import Models, build_runner, open_log, session_folder, view


def channels_needed(config: Config) -> int:
    if config.audio.channels:
        return config.audio.channels
    if config.speakers.mode == "channels":
        return max(config.speakers.channel_a, config.speakers.channel_b)
    return 1


def run_live(
    config: Config,
    engine: Engine,
    opening: Sequence[Action],
    *,
    out: Path | None = None,
    names: dict[str, str],
    plain: bool,
    log: SessionLog | None = None,
    start_t: float = 0.0,
) -> int:
    """Run until the dialogue ends or Ctrl-C; the journal is closed and the report written either way."""
    import time

    started = time.perf_counter()
    loaded = Models.load(config)
    output = SpeakerOutput(config.audio.output_device, loaded.voice.sample_rate)
    source = MicrophoneSource(config.audio.input_device, channels=channels_needed(config),
                              start=start_t)  # fmt: skip
    if log is None:
        folder = session_folder(config, out)
        log = open_log(config, folder, script=engine.script, names=names)
    runner = build_runner(
        config, loaded, engine, source=source, channels=source.channels, output=output,
        log=log, show=view(plain), live=True,
    )  # fmt: skip
    try:
        reason = runner.run(start_t, opening)
    finally:
        source.close()
        output.close()
    print(finish(config, log.folder, log, reason, audio_s=runner.now,
                 wall_s=time.perf_counter() - started))  # fmt: skip
    return 0
