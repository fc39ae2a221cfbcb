"""Whole sessions with the simulated couple, watched from the outside (figures 1-5 and 7).

A session is put together as `facilitator demo` does it (`build_runner` with the simulated room as
source, output and observer) and run as fast as the processor allows. Nothing in the product is
changed; the probe wraps objects it is handed:

- `engine.handle`: when each decision was taken (session time and wall clock), what it said;
- the output's `play`: when each prompt's first sample was handed to the loudspeaker;
- the transcriber's `text`: how long each Whisper call took.

Transcription runs inline here (the frame clock does not move while Whisper works), so each call's
measured time is booked on a simulated transcription worker that, like the live `ThreadRunner`, takes
jobs one at a time in the order they were submitted, starting each when it is both submitted and free.
A turn's transcript is ready when that worker has done every job submitted up to the end of the turn;
the wait past the end of turn is the work a person waits for. (A job cancelled before it started is
still booked: a little pessimistic.)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from bench_common import memory_mb, reset_peak

from facilitator.audio.frames import SAMPLE_RATE, Frame
from facilitator.config import Config, override
from facilitator.dialogue.engine import Engine
from facilitator.dialogue.events import (
    Action,
    Event,
    Listen,
    Say,
    SpeechStarted,
    SpeechStopped,
    StepStarted,
    SwitchRoles,
    Utterance,
)
from facilitator.dialogue.script import load_script
from facilitator.dialogue.settings import EngineSettings
from facilitator.listening.transcriber import Transcriber
from facilitator.session.runner import SessionRunner
from facilitator.session.setup import Models, build_runner, open_log, session_folder
from facilitator.session.view import ViewState
from facilitator.sim.room import FACILITATOR, SimulatedRoom
from facilitator.sim.scenario import Scenario, load_scenario
from facilitator.sim.truth import voiced_intervals
from facilitator.sim.voices import PartnerVoice, Renderer, parse_line, spoken_text
from facilitator.voice.synth import Voice

LONG, SHORT = "long", "short"


# ---- the two pipelines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pipeline:
    name: str
    config: Config
    on_demand: bool
    """Prompts are synthesized when they are to be said, instead of rendered ahead of time."""


def pipelines(config: Config) -> tuple[Pipeline, Pipeline]:
    """The facilitator as configured, and the naive pipeline it is measured against.

    The naive pipeline ends every turn after the same fixed silence (the long end-of-turn time: a
    shorter one would cut Senders off at their thinking pauses, see figure 5), transcribes a turn
    only once it has ended, always in Whisper's 30-s window, and synthesizes each prompt when it is
    to be said.
    """
    naive = config.replace("turns", short_answer_end_s=config.turns.end_of_turn_s).replace(
        "transcriber", partial_after_s=0.0, short_window_s=0.0
    )
    return Pipeline("facilitator", config, False), Pipeline("baseline", naive, True)


class OnDemand:
    """The naive prompt source: every prompt is synthesized when it is to be said."""

    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self.rendered = 0

    def get(self, text: str) -> np.ndarray:
        self.rendered += 1
        return self.voice.render(text)

    def warm(self, texts: object) -> None:
        """Renders nothing ahead: that is what makes it the naive way."""


# ---- the probe -----------------------------------------------------------------------------------


class TimedTranscriber:
    """The transcriber with each call timed and booked on a simulated single worker."""

    def __init__(self, inner: Transcriber) -> None:
        self.inner = inner
        self.clock: Callable[[], float] = lambda: 0.0
        self.free_at = 0.0
        self.calls: list[tuple[float, float, float]] = []
        """(session time submitted, audio seconds, wall seconds spent)."""

    def text(self, audio: np.ndarray) -> str:
        started = time.perf_counter()
        out = self.inner.text(audio)
        spent = time.perf_counter() - started
        now = self.clock()
        self.free_at = max(self.free_at, now) + spent
        self.calls.append((now, len(audio) / SAMPLE_RATE, spent))
        return out

    def backlog(self, now: float) -> float:
        """Seconds of transcription still to do, at session time `now`, for jobs submitted so far."""
        return max(0.0, self.free_at - now)


@dataclass
class Decision:
    """One call of `engine.handle` that decided to say something, or that took an utterance."""

    t: float
    wall_start: float
    wall_end: float
    event: Event
    says: list[str]
    mode: str = LONG
    """For an utterance: the end-of-turn mode its speaker was in."""
    backlog: float = 0.0
    """For an utterance: transcription work left when the turn ended (worker model, wall s)."""
    play_t: float | None = None
    play_wall: float = 0.0
    synthesized: bool = False
    """The prompt's audio had to be synthesized when it was to be said."""

    @property
    def at_once(self) -> bool:
        """Its prompt started in the same frame (not held back while someone spoke)."""
        return self.play_t is not None and self.play_t <= self.t + 1e-6

    @property
    def to_first_sample(self) -> float:
        """Wall seconds from the end of the decision to the prompt's first sample."""
        return self.play_wall - self.wall_end


@dataclass(frozen=True)
class Truth:
    """A partner's line as the room placed it: voiced intervals in session time."""

    who: str
    kind: str
    text: str
    start: float
    voiced: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Pause:
    """A thinking pause inside a Sender's line (ground truth), the mode its speaker was in, and
    whether each rule took it for the end of the turn."""

    who: str
    start: float
    end: float
    mode: str
    ended_by_segmenter: bool
    ended_by_fixed: bool


@dataclass
class SessionRecord:
    scenario: str
    pipeline: str
    reason: str = ""
    audio_s: float = 0.0
    wall_s: float = 0.0
    decisions: list[Decision] = field(default_factory=list)
    speech: list[tuple[float, Event]] = field(default_factory=list)
    listens: list[tuple[float, str | None, str]] = field(default_factory=list)
    roles: list[tuple[float, str]] = field(default_factory=list)
    flags: list[tuple[float, str]] = field(default_factory=list)
    truth: list[Truth] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    transcriber_calls: int = 0

    def mode(self, speaker: str, t: float) -> str:
        """The end-of-turn mode `speaker`'s segmenter was in at session time `t`."""
        mode = LONG
        for at, who, m in self.listens:
            if at > t:
                break
            if who in (None, speaker):
                mode = m
        return mode

    def sender(self, t: float) -> str:
        sender = "A"
        for at, who in self.roles:
            if at > t:
                break
            sender = who
        return sender


class Probe:
    """Watches one session through wrapped objects and the observer interface."""

    def __init__(self, record: SessionRecord, transcriber: TimedTranscriber) -> None:
        self.record = record
        self.transcriber = transcriber
        self.runner: SessionRunner | None = None
        self._pending: list[tuple[str, Decision]] = []
        self._rendered = 0
        self._counts: dict[str, int] = {}

    @property
    def now(self) -> float:
        return self.runner.now if self.runner is not None else 0.0

    def wrap_engine(self, engine: Engine) -> None:
        handle = engine.handle

        def timed(event: Event) -> list[Action]:
            started = time.perf_counter()
            actions = handle(event)
            self._decided(engine, event, actions, started, time.perf_counter())
            return actions

        engine.handle = timed  # type: ignore[method-assign]

    def _decided(
        self, engine: Engine, event: Event, actions: list[Action], started: float, ended: float
    ) -> None:
        now = self.now
        if isinstance(event, SpeechStarted | SpeechStopped | Utterance):
            self.record.speech.append((now, event))
        says = [a for a in actions if isinstance(a, Say)]
        if says or isinstance(event, Utterance):
            decision = Decision(now, started, ended, event, [s.prompt_id for s in says])
            if isinstance(event, Utterance):
                decision.mode = self.record.mode(event.speaker, now)
                decision.backlog = self.transcriber.backlog(now)
            self.record.decisions.append(decision)
            self._pending += [(s.prompt_id, decision) for s in says]
        counts = engine.state.interruptions
        for who, n in counts.items():
            if n > self._counts.get(who, 0):
                self.record.flags.append((now, who))
        self._counts = dict(counts)

    def observe(self, actions: Iterable[Action], t: float) -> None:
        for action in actions:
            if isinstance(action, Listen):
                self.record.listens.append((t, action.speaker, action.mode))
            elif isinstance(action, StepStarted | SwitchRoles):
                self.record.roles.append((t, action.sender))

    def played(self, label: str, t: float) -> None:
        wall = time.perf_counter()
        if label == "chime" or self.runner is None:
            return
        rendered = self.runner.p.prompts.rendered
        synthesized, self._rendered = rendered > self._rendered, rendered
        for i, (prompt_id, decision) in enumerate(self._pending):
            if prompt_id == label:
                del self._pending[i]
                decision.play_t, decision.play_wall = t, wall
                decision.synthesized = synthesized
                return


class ProbedOutput:
    """The room's loudspeaker, noting when each prompt's first sample is handed to it."""

    def __init__(self, room: SimulatedRoom, probe: Probe) -> None:
        self.room = room
        self.probe = probe

    def play(self, audio: np.ndarray, rate: int, t: float, label: str) -> None:
        self.probe.played(label, t)
        self.room.play(audio, rate, t, label)

    def stop(self, t: float) -> None:
        self.room.stop(t)

    def close(self) -> None:
        self.room.close()


# ---- running a session ---------------------------------------------------------------------------


class Unseen:
    """The session view, with nobody watching: the benchmark prints its own tables."""

    def show(self, state: ViewState) -> None:
        return None

    def note(self, text: str) -> None:
        return None


@dataclass
class Session:
    """A session assembled as `facilitator demo` assembles it, ready to run."""

    scenario: Scenario
    runner: SessionRunner
    room: SimulatedRoom
    opening: list[Action]

    def run(self, source: Iterable[Frame] | None = None) -> str:
        if source is not None:
            self.runner.p.source = source
        try:
            return self.runner.run(0.0, self.opening)
        finally:
            self.room.close()
            self.runner.p.log.close()


def assemble(
    config: Config,
    models: Models,
    renderer: Renderer,
    scenario_path: Path,
    folder: Path,
    *,
    probe: Probe | None = None,
    on_demand: bool = False,
) -> Session:
    scenario = load_scenario(scenario_path)
    config = override(config, "speakers", {"mode": scenario.speakers})
    config = override(config, "storage", {"record_audio": scenario.record})
    script = load_script(scenario.dialogue)
    names = {p: partner.name for p, partner in scenario.partners.items()}
    given = names if scenario.names_given else None
    engine = Engine(script, EngineSettings.from_config(config), names=given)
    log = open_log(config, session_folder(config, folder), script=script, names=given or {})
    room = SimulatedRoom(scenario, renderer, speakers=config.speakers.mode)
    opening = engine.start(0.0)
    if on_demand:
        engine.prompt_texts = lambda: []  # type: ignore[method-assign]  # nothing rendered ahead
    output = room if probe is None else ProbedOutput(room, probe)
    if probe is not None:
        probe.wrap_engine(engine)
    runner = build_runner(
        config,
        models,
        engine,
        source=room,
        channels=room.channels,
        output=output,
        log=log,
        show=Unseen(),
        observers=[room] if probe is None else [room, probe.observe],
        live=False,
    )
    if on_demand:
        runner.p.prompts = OnDemand(models.voice)  # type: ignore[assignment]
    if probe is not None:
        probe.runner = runner
        probe.transcriber.clock = lambda: runner.now
    return Session(scenario, runner, room, opening)


def run_probed(
    pipeline: Pipeline, models: Models, renderer: Renderer, scenario_path: Path, folder: Path
) -> SessionRecord:
    """Run one scenario through one pipeline and collect everything figures 1-5 need."""
    record = SessionRecord(scenario_path.stem, pipeline.name)
    timed = TimedTranscriber(models.transcriber)
    probe = Probe(record, timed)
    probed_models = replace(models, transcriber=timed)  # type: ignore[arg-type]
    session = assemble(
        pipeline.config,
        probed_models,
        renderer,
        scenario_path,
        folder,
        probe=probe,
        on_demand=pipeline.on_demand,
    )
    started = time.perf_counter()
    record.reason = session.run()
    record.wall_s = time.perf_counter() - started
    record.audio_s = session.room.duration
    record.transcriber_calls = len(timed.calls)
    record.truth = [
        Truth(
            p.speaker,
            p.kind,
            p.text,
            p.start,
            tuple((p.start + a, p.start + b) for a, b in voiced_intervals(p.audio)),
        )
        for p in session.room.placements
        if p.speaker != FACILITATOR and len(p.audio)
    ]
    record.pauses = find_pauses(record, session.scenario, renderer)
    return record


# ---- thinking pauses (figure 5) ------------------------------------------------------------------

THINKING_MIN_S = 0.45
"""Pauses in a line at least this long are thinking pauses (shorter ones are breaths)."""
FIXED_RULE_S = 0.6
"""The baseline end-of-turn rule: any silence this long ends the turn."""
NEAR_S = 0.5
"""How far before a pause (as the ground truth has it) the VAD may already call the speech over."""


def _pause_offsets(line: str, renderer: Renderer, voice: PartnerVoice) -> list[float]:
    """Where each thinking pause of a line starts, in seconds from the start of its audio."""
    pieces = parse_line(line)
    offsets = []
    for i, piece in enumerate(pieces):
        if isinstance(piece, float) and piece >= THINKING_MIN_S and i > 0:
            offsets.append(len(renderer.render(pieces[:i], voice)) / SAMPLE_RATE)
    return offsets


def find_pauses(record: SessionRecord, scenario: Scenario, renderer: Renderer) -> list[Pause]:
    """The Sender's thinking pauses the room actually played, each judged by both end-of-turn rules."""
    with_pauses = [
        line
        for line in scenario.lines
        if any(isinstance(p, float) and p >= THINKING_MIN_S for p in parse_line(line.say))
    ]
    used = [False] * len(with_pauses)
    pauses = []
    for truth in record.truth:
        if truth.kind != "turn" or truth.who != record.sender(truth.start):
            continue
        match = next(
            (
                i
                for i, line in enumerate(with_pauses)
                if not used[i] and spoken_text(line.say) == truth.text
            ),
            None,
        )
        if match is None:
            continue
        used[match] = True
        voice = scenario.partners[truth.who].voice
        for offset in _pause_offsets(with_pauses[match].say, renderer, voice):
            at = truth.start + offset
            before = [v for v in truth.voiced if v[1] <= at + 0.05]
            after = [v for v in truth.voiced if v[0] >= at - 0.05]
            if not before or not after:
                continue
            start, end = before[-1][1], after[0][0]
            pauses.append(
                Pause(
                    truth.who,
                    start,
                    end,
                    record.mode(truth.who, start),
                    _segmenter_ended(record, truth.who, start, end),
                    _fixed_rule_ended(record, truth.who, start, end),
                )
            )
    return pauses


def _segmenter_ended(record: SessionRecord, who: str, start: float, end: float) -> bool:
    """The session's own segmenter ended a turn of `who` at this pause."""
    return any(
        isinstance(e, Utterance) and e.speaker == who and start - NEAR_S <= e.end <= end
        for _, e in record.speech
    )


def _fixed_rule_ended(record: SessionRecord, who: str, start: float, end: float) -> bool:
    """A fixed FIXED_RULE_S silence rule, fed the same session's stretches of speech, would have
    ended the turn here: the speech stopped near the pause and did not start again within the rule."""
    events = [e for _, e in record.speech if getattr(e, "speaker", None) == who]
    for i, e in enumerate(events):
        if not isinstance(e, SpeechStopped) or not start - NEAR_S <= e.t <= end:
            continue
        restart = next((x.t for x in events[i + 1 :] if isinstance(x, SpeechStarted)), None)
        if restart is None or restart - e.t >= FIXED_RULE_S - 1e-9:
            return True
    return False


# ---- ground truth helpers ------------------------------------------------------------------------


def speech_end(record: SessionRecord, who: str, near: float, within: float = 0.6) -> float | None:
    """The true end of `who`'s speech closest to session time `near` (a voiced interval's end)."""
    ends = [v[1] for t in record.truth if t.who == who for v in t.voiced]
    if not ends:
        return None
    best = min(ends, key=lambda e: abs(e - near))
    return best if abs(best - near) <= within else None


# ---- the hour-long session (figure 7) ------------------------------------------------------------

READ_EVERY_S = 60
"""Memory is also read every minute of session time, for the curve in the JSON file."""


def memory_run(
    config: Config,
    models: Models,
    renderer: Renderer,
    scenario_path: Path,
    folder: Path,
    marks_min: tuple[float, ...],
) -> dict:
    """Run the scenario up to the last mark, reading this process's memory as it goes.

    The peak is started afresh when the session starts, so the peak at each mark is the session's
    own. The simulated room keeps every line it placed (its ground truth) and renders lines as they
    are cued; neither is the facilitator's memory. So every line is rendered before the session
    starts and the room's ground truth is emptied as the session goes.
    """
    scenario = load_scenario(scenario_path)
    models_mb = memory_mb()[0]
    for line in scenario.lines:
        for partner in scenario.partners.values():
            renderer.render(line.say, partner.voice)
            for d in line.during:
                renderer.render(d.say, partner.voice)
    session = assemble(config, models, renderer, scenario_path, folder)
    before = memory_mb()[0]
    peak_reset = reset_peak()
    readings: list[dict[str, float]] = []
    marks = sorted(marks_min)
    times = sorted({*(m * 60 for m in marks), *range(0, int(marks[-1] * 60) + 1, READ_EVERY_S)})
    started = time.perf_counter()

    def sampled(frames: Iterable[Frame]) -> Iterator[Frame]:
        due = iter(times)
        next_read = next(due)
        for frame in frames:
            if frame.t >= next_read - 1e-9:
                session.room.placements.clear()
                rss, peak = memory_mb()
                wall = time.perf_counter() - started
                readings.append(
                    {"min": frame.t / 60, "rss_mb": rss, "peak_mb": peak, "wall_s": wall}
                )
                if any(abs(frame.t - m * 60) < 1e-6 for m in marks):
                    print(
                        f"  after {frame.t / 60:g} min: RSS {rss:.0f} MB, peak {peak:.0f} MB "
                        f"({wall:.0f} s wall)",
                        flush=True,
                    )
                next_read = next(due, math.inf)
                if next_read == math.inf:
                    return
            yield frame

    reason = session.run(sampled(session.room))
    at = {f"{m:g}": next((r for r in readings if r["min"] >= m - 1e-3), None) for m in marks}
    return {
        "scenario": scenario_path.stem,
        "reason": reason,
        "audio_min": session.room.duration / 60,
        "wall_s": time.perf_counter() - started,
        "rss_models_mb": models_mb,
        "rss_before_mb": before,
        "peak_measured_from_session_start": peak_reset,
        "at": at,
        "readings": readings,
    }
