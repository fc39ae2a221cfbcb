"""Random event sequences: the engine never crashes, never says two prompts at once, and always ends
within the time limit, whatever the pipeline reports and whatever people say."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.dialogue import Engine, EngineSettings, load_script
from facilitator.dialogue.events import (
    EndSession,
    Escalation,
    Overlap,
    PromptFinished,
    Say,
    SpeechStarted,
    SpeechStopped,
    Tick,
    Utterance,
)
from tests.dialogue.conversations import APPOINTMENT_OK, BEHAVIOR_CHANGE, ROUND_1, ROUND_2
from tests.dialogue.test_replies import ALL

LIMIT = 600.0
TICK = 0.5
TEXTS = sorted(
    {text for _, text, _ in ALL} | {t for _, t in APPOINTMENT_OK + ROUND_1 + ROUND_2 + BEHAVIOR_CHANGE}
    | {"", "   ", "...", "Thank you.", "asdf qwerty", "you you you you you you you you you you"}
)  # fmt: skip
WHO = st.sampled_from(["A", "B"])

# The pipeline's reports: what, and how long after the previous one (s). "finish" becomes
# PromptFinished for the prompt playing then, as a runner would send it.
REPORT = st.one_of(
    st.tuples(st.just("start"), WHO),
    st.tuples(st.just("stop"), WHO),
    st.tuples(st.just("say"), WHO, st.sampled_from(TEXTS)),
    st.tuples(st.just("tick")),
    st.tuples(st.just("finish"), st.booleans()),
    st.tuples(st.just("stray_finish"), st.sampled_from(["opening", "send.mirror", "x"])),
    st.tuples(st.just("overlap"), WHO),
    st.tuples(st.just("escalation")),
)
STEP = st.tuples(st.one_of(st.just(0.0), st.floats(0.0, 3.0), st.floats(0.0, 90.0)), REPORT)
QUICK_STEP = st.tuples(st.floats(0.0, 3.0), REPORT)


def settings_strategy(intro: bool) -> st.SearchStrategy[EngineSettings]:
    """Engine settings; with `intro` False, none that add the names, consent or who-first steps."""
    return st.builds(
        EngineSettings,
        reaction=st.sampled_from(["chime", "voice", "log"]),
        spoken_coaching=st.booleans(),
        first_sender=st.sampled_from(["A", "B", "ask"] if intro else ["A"]),
        enroll=st.booleans() if intro else st.just(False),
        ask_recording=st.booleans() if intro else st.just(False),
        time_limit_s=st.just(LIMIT),
        wrap_up_s=st.sampled_from([0.0, 60.0]),
        silence_checkin_s=st.sampled_from([5.0, 30.0]),
        silence_pause_s=st.sampled_from([10.0, 60.0]),
        timeout_s=st.sampled_from([60.0, 1200.0]),
        long_piece_s=st.sampled_from([10.0, 60.0]),
    )


class Runner:
    """Feeds the engine and checks every batch it answers with."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.playing: str | None = None
        self.ended_at: float | None = None
        self.first_late: float | None = None
        """The time of the first event at or after the time limit."""
        self.t = 0.0

    def take(self, actions: list) -> None:
        assert self.ended_at is None or actions == [], "actions after the end"
        says = [a for a in actions if isinstance(a, Say)]
        assert len(says) <= 1, "two prompts in one batch"
        if says:
            assert self.playing is None, f"{says[0].prompt_id} over {self.playing}"
            self.playing = says[0].prompt_id
        if any(isinstance(a, EndSession) for a in actions):
            self.ended_at = self.t

    def send(self, event) -> None:
        if event.t >= LIMIT and self.first_late is None:
            self.first_late = event.t
        self.take(self.engine.handle(event))

    def tick_until(self, t: float) -> None:
        """Time passes as the runner reports it: a tick every half second (coarser than live)."""
        while self.t + TICK < t:
            self.t += TICK
            self.send(Tick(self.t))
        self.t = t


def play(runner: Runner, steps: list) -> None:
    speaking: dict[str, float] = {}
    for dt, (kind, *args) in steps:
        runner.tick_until(runner.t + dt)
        t = runner.t
        if kind == "start":
            speaking.setdefault(args[0], t)
            runner.send(SpeechStarted(args[0], t))
        elif kind == "stop":
            speaking.pop(args[0], None)
            runner.send(SpeechStopped(args[0], t))
        elif kind == "say":
            runner.send(Utterance(args[0], speaking.pop(args[0], t), t, args[1]))
        elif kind == "tick":
            runner.send(Tick(t))
        elif kind == "finish" and runner.playing is not None:
            pid, runner.playing = runner.playing, None
            runner.send(PromptFinished(pid, t, interrupted=args[0]))
        elif kind == "stray_finish" and args[0] != runner.playing:
            runner.send(PromptFinished(args[0], t))
        elif kind == "overlap":
            runner.send(Overlap(args[0], "B" if args[0] == "A" else "A", t))
        elif kind == "escalation":
            runner.send(Escalation(t, "loud"))


def finish(runner: Runner) -> None:
    """The runner has finished playing whatever was playing, and the next queued prompts too."""
    for _ in range(6):
        runner.tick_until(runner.t + 1.0)
        if runner.playing is not None:
            pid, runner.playing = runner.playing, None
            runner.send(PromptFinished(pid, runner.t))


def end_check(runner: Runner, engine: Engine) -> None:
    """The session runs on (time passes, prompts end) and must end by the time limit."""
    while runner.ended_at is None and runner.t < LIMIT + 5:
        runner.t += TICK
        runner.send(Tick(runner.t))
        if runner.playing is not None and runner.t % 3 < TICK:
            pid, runner.playing = runner.playing, None
            runner.send(PromptFinished(pid, runner.t))
    assert runner.ended_at is not None
    assert runner.ended_at < LIMIT or runner.ended_at == runner.first_late
    assert engine.state.ended


DIALOGUE = APPOINTMENT_OK + ROUND_1 + ROUND_2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    engine_settings=settings_strategy(intro=False),
    noise=st.lists(
        st.lists(QUICK_STEP, max_size=3), min_size=len(DIALOGUE), max_size=len(DIALOGUE)
    ),
)
def test_noise_inside_a_real_dialogue(engine_settings, noise) -> None:
    """A well-formed dialogue with random events between its turns reaches deep states (mirrors,
    summaries, the second round) with commands, overlaps and escalations thrown in."""
    engine = Engine(load_script("intentional"), engine_settings, {"A": "Anna", "B": "Ben"})
    runner = Runner(engine)
    runner.take(engine.start(0.0))
    for (who, text), extra in zip(DIALOGUE, noise, strict=True):
        finish(runner)
        play(runner, extra)
        if engine.state.paused:  # the couple come back
            play(runner, [(1.0, ("say", "A", "Resume."))])
            finish(runner)
        turn = [(0.3, ("start", who)), (len(text) / 15, ("stop", who)), (1.8, ("say", who, text))]
        play(runner, turn)
    end_check(runner, engine)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    script=st.sampled_from(["intentional", "appreciation", "behavior-change"]),
    engine_settings=settings_strategy(intro=True),
    named=st.booleans(),
    steps=st.lists(STEP, max_size=120),
)
def test_random_sessions(script, engine_settings, named, steps) -> None:
    names = {"A": "Anna", "B": "Ben"} if named else None
    engine = Engine(load_script(script), engine_settings, names)
    runner = Runner(engine)
    runner.take(engine.start(0.0))
    play(runner, steps)
    end_check(runner, engine)
