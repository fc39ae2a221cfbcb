"""A full disk during a session: it pauses with a spoken and printed message, loses nothing, and goes
on once there is room. The disk fills for real: the journal's file descriptor is pointed at /dev/full
(every write fails with ENOSPC, as on a full disk) and later pointed back."""

from __future__ import annotations

import os
from pathlib import Path

from facilitator import config
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.events import StepStarted
from facilitator.dialogue.script import load_script
from facilitator.dialogue.settings import EngineSettings
from facilitator.records.journal import read_journal
from facilitator.session.setup import Models, build_runner, open_log
from facilitator.session.view import PlainView
from facilitator.sim.room import SimulatedRoom
from facilitator.sim.scenario import load_scenario
from facilitator.sim.voices import Renderer

SHORT = Path(__file__).parent / "data" / "short-couple.toml"
FULL_FOR_S = 12.0


def test_a_full_disk_pauses_the_session_and_nothing_is_lost(tmp_path: Path, capsys) -> None:
    cfg = config.load(use_user_file=False)
    scenario = load_scenario(SHORT)
    names = {p: partner.name for p, partner in scenario.partners.items()}
    engine = Engine(load_script(scenario.dialogue), EngineSettings.from_config(cfg), names=names)
    folder = tmp_path / "s"
    folder.mkdir(mode=0o700)
    log = open_log(cfg, folder, script=engine.script, names=names)
    room = SimulatedRoom(scenario, Renderer.load(), max_idle_s=30)
    journal_fd = log.journal._fd
    saved = os.dup(journal_fd)
    full = {"from": None}

    def fill_the_disk(actions, t) -> None:
        if full["from"] is None and any(
            isinstance(a, StepStarted) and a.step == "switch" for a in actions
        ):
            devfull = os.open("/dev/full", os.O_WRONLY)
            os.dup2(devfull, journal_fd)
            os.close(devfull)
            full["from"] = t

    def frames():
        for frame in room:
            if full["from"] is not None and frame.t > full["from"] + FULL_FOR_S and saved >= 0:
                os.dup2(saved, journal_fd)
            yield frame

    runner = build_runner(
        cfg, Models.load(cfg), engine, source=frames(), channels=room.channels, output=room,
        log=log, show=PlainView(), observers=[room, fill_the_disk], live=False,
    )  # fmt: skip
    reason = runner.run()
    log.close()
    os.close(saved)
    assert full["from"] is not None and reason == "completed"
    printed = capsys.readouterr().out
    assert "Paused: the disk is full" in printed and "There is space again" in printed
    said = [p.kind for p in room.placements if p.speaker == "facilitator"]
    assert said.count("prompt") >= 6
    journal = read_journal(folder)
    assert journal.garbled == 0 and not journal.torn
    steps = [r["name"] for r in journal.of_type("step")]
    assert steps == ["appreciate", "switch", "appreciate", "end"]
    assert [r["type"] for r in journal.records][-1] == "end"
    speech = [r["text"] for r in journal.of_type("speech")]
    assert len(speech) == 6
