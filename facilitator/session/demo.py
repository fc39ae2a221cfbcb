"""A whole session with the simulated couple: the demo, and the end-to-end tests' way in.

The room is built from a scenario and handed to the ordinary runner as its source, its output and an
observer of the engine; nothing downstream knows the couple is simulated.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from facilitator.audio.monitor import Monitor
from facilitator.config import Config, override
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.script import load_script
from facilitator.dialogue.settings import EngineSettings
from facilitator.session.finish import finish
from facilitator.session.resume import Resumed
from facilitator.session.setup import Models, build_runner, open_log, session_folder, view
from facilitator.sim.room import SimulatedRoom
from facilitator.sim.scenario import load_scenario
from facilitator.sim.voices import Renderer
from facilitator.voice.cache import cache_dir


@dataclass
class DemoResult:
    folder: Path
    reason: str
    room: SimulatedRoom
    summary: str
    wall_s: float


def run_demo(
    config: Config,
    scenario_name: str | Path = "evenings",
    *,
    out: Path | None = None,
    speakers: str | None = None,
    dialogue: str | None = None,
    realtime: bool = False,
    plain: bool = True,
    max_idle_s: float = 60.0,
    resumed: Resumed | None = None,
) -> DemoResult:
    """Run the scenario (or, with `resumed`, continue a stopped session with it) to its end."""
    started = time.perf_counter()
    scenario = load_scenario(scenario_name)
    monitor = Monitor(config.audio.output_device) if realtime else None
    if resumed is not None:
        config, engine, log = resumed.config, resumed.engine, resumed.log
        start_t, opening = resumed.start_t, resumed.opening
    else:
        config = override(config, "speakers", {"mode": speakers or scenario.speakers})
        config = override(config, "storage", {"record_audio": scenario.record})
        script = load_script(dialogue or scenario.dialogue)
        names = {p: partner.name for p, partner in scenario.partners.items()}
        given = names if scenario.names_given else None
        engine = Engine(script, EngineSettings.from_config(config), names=given)
        folder = session_folder(config, out)
        log = open_log(config, folder, script=script, names=given or {})
        start_t, opening = 0.0, engine.start(0.0)
    loaded = Models.load(config)
    renderer = Renderer.load(config.voice, cache_dir().parent / "sim")
    room = SimulatedRoom(
        scenario, renderer, speakers=config.speakers.mode, realtime=realtime,
        max_idle_s=max_idle_s, start=start_t, monitor=monitor,
    )  # fmt: skip
    if resumed is not None:
        room.skip(resumed.played)
    runner = build_runner(
        config, loaded, engine, source=room, channels=room.channels, output=room, log=log,
        show=view(plain), observers=[room], live=False,
    )  # fmt: skip
    try:
        reason = runner.run(start_t, opening)
    finally:
        room.close()
        if monitor is not None:
            monitor.close()
    wall = time.perf_counter() - started
    summary = finish(config, log.folder, log, reason, audio_s=room.duration, wall_s=wall)
    placed = sum(p.kind == "interruption" for p in room.placements)
    summary += f"\nInterruptions placed in the scenario: {placed}."
    return DemoResult(log.folder, reason, room, summary, wall)
