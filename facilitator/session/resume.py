"""Continuing a session that stopped before its end (a crash, a power cut, Ctrl-C).

The journal holds everything up to the moment it stopped. The dialogue restarts at the beginning of the
step that was interrupted, with the names, topic, roles and round it had, and says so in one sentence;
the same journal (and recording, if both agreed) goes on from where it ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.config import Config, override
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.events import Action
from facilitator.dialogue.script import load_script
from facilitator.dialogue.settings import EngineSettings
from facilitator.errors import InputFileError
from facilitator.records.journal import JOURNAL, JournalWriter, read_journal, resume_point
from facilitator.session.log import SessionLog


@dataclass
class Resumed:
    config: Config
    engine: Engine
    opening: Sequence[Action]
    log: SessionLog
    start_t: float
    played: list[str]
    """Prompt ids played before the interrupted step began (a simulated room skips their lines)."""


def resume_session(config: Config, folder: Path) -> Resumed:
    journal = read_journal(folder)
    point = resume_point(journal)
    if point.ended:
        reason = (journal.ended or {}).get("reason", "")
        raise InputFileError(f"session {folder.name} already ended ({reason}); nothing to resume")
    config = override(config, "speakers", {"mode": point.session.get("speakers")})
    script = load_script(str(point.session.get("dialogue", config.session.dialogue)))
    settings = EngineSettings.from_config(config)
    start = round(point.last_t + 1.0, 2)
    if point.state is None:
        engine = Engine(script, settings, names={k: v for k, v in point.names.items() if v})
        opening = engine.start(start)
        step_t = 0.0
    else:
        engine, opening = Engine.resume(script, settings, point.state, start)
        step_t = float(point.step["t"]) if point.step else 0.0
    played = [r["id"] for r in journal.of_type("prompt") if float(r.get("start", 0.0)) < step_t]
    writer = JournalWriter.reopen(folder / JOURNAL)
    writer.write("resume", start, reason="resumed", step=engine.state.step)
    log = SessionLog(writer, folder, record_allowed=config.storage.record_audio and point.recording)
    log.set_recording(point.recording)
    return Resumed(config, engine, opening, log, start, played)
