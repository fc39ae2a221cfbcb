"""The facilitator's speed and memory, each figure against a naive pipeline measured in the same run.

    .venv/bin/python benchmarks/run.py              # everything: under 10 minutes on 2 quiet cores
    .venv/bin/python benchmarks/run.py --quick      # each benchmark on one short scenario (~1 min)
    .venv/bin/python benchmarks/run.py --only sessions,startup

Parts (--only): sessions (figures 1-5: whole sessions with the simulated couple, through the real
pipeline, once as the facilitator and once as the naive baseline), memory (7: an hour-long session),
analyze (6: `facilitator analyze` on a 30-minute two-voice recording), startup (8: `facilitator demo`
to its first prompt, cold and warm). Each prints a table; a summary ends the run. The figures are
written as JSON into benchmarks/results/ (--quick: benchmarks/results/quick/), one file per part
and summary.json. Rendered simulated voices are cached in the user's cache folder, and the
30-minute recording in benchmarks/results/analyze/, so a second run skips making them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import bench_figures
import bench_processes
import bench_scenarios
import bench_session
import make_conversations
from bench_common import (
    RESULTS,
    Figure,
    environment,
    fmt,
    fmt_ratio,
    save,
    table,
)

from facilitator import config as config_module
from facilitator.config import Config
from facilitator.session.setup import Models
from facilitator.sim.voices import Renderer

PARTS = ("memory", "sessions", "analyze", "startup")
"""In the order they run: the memory part first, while the process holds nothing but the models."""


@dataclass(frozen=True)
class Size:
    """How much of each benchmark to run."""

    bundled: tuple[str, ...]
    """Bundled scenarios run through both pipelines."""
    rounds: bench_scenarios.Plan
    """The generated send-and-mirror scenario run through both pipelines."""
    long: bench_scenarios.Plan
    """The generated scenario of the memory run (long enough to outlast the last mark)."""
    marks_min: tuple[float, float, float]
    """Session minutes at which memory is reported."""
    analyze_min: float
    """Length of the recording `analyze` is timed on."""
    baseline_s: float
    """Seconds of it the plain-Whisper baseline transcribes."""
    cold_runs: int
    warm_runs: int
    """Start-ups timed with an empty and with a filled prompt cache."""


FULL = Size(
    bundled=("evenings", "behavior-change"),
    rounds=bench_scenarios.Plan(
        ((10, 20, 40, 10, 20, 40), (10, 20, 40, 10, 20, 40)), seed=1, interruption_chance=0.6
    ),
    long=bench_scenarios.Plan(((10, 20, 40) * 14, (20, 40, 10) * 14), seed=2),
    marks_min=(5.0, 30.0, 60.0),
    analyze_min=30.0,
    baseline_s=300.0,
    cold_runs=2,
    warm_runs=3,
)
QUICK = Size(
    bundled=(),
    rounds=bench_scenarios.Plan(
        ((20,),),
        seed=3,
        pause_chance=0.5,
        interruption_chance=1.0,
        backchannel_chance=1.0,
        correction_chance=1.0,
    ),
    long=bench_scenarios.Plan(((10, 20),), seed=4),
    marks_min=(0.5, 1.0, 1.5),
    analyze_min=1.0,
    baseline_s=30.0,
    cold_runs=1,
    warm_runs=1,
)


def _parts(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PARTS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"use some of {', '.join(PARTS)}, comma-separated")
    return chosen


class Bench:
    """One benchmark run: where things go, the shared models, and the summary being built."""

    def __init__(self, config: Config, size: Size, out: Path, work: Path, sim_cache: Path) -> None:
        self.config = config
        self.size = size
        self.out = out
        self.work = work
        self.sim_cache = sim_cache
        self.figures: list[Figure] = []
        self.meta: dict[str, object] = {}
        self._models: Models | None = None
        self._renderer: Renderer | None = None

    @property
    def models(self) -> Models:
        if self._models is None:
            self._models = Models.load(self.config)
        return self._models

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer.load(self.config.voice, self.sim_cache)
        return self._renderer

    def report(self, result: bench_figures.Result) -> None:
        print("\n" + result.text, flush=True)
        save(self.out, result.name, {"figures": result.figures, **result.data})
        self.figures += result.figures

    # ---- figures 1-5 -------------------------------------------------------------------------

    def sessions(self) -> None:
        scenarios = [Path(name) for name in self.size.bundled]
        scenarios.append(
            bench_scenarios.write(
                self.work / "scenarios", "rounds", self.size.rounds, self.renderer
            )
        )
        records = []
        print("\n## Sessions (figures 1-5)")
        rows = []
        for scenario in scenarios:
            for pipeline in bench_session.pipelines(self.config):
                folder = self.work / "sessions" / f"{scenario.stem}-{pipeline.name}"
                record = bench_session.run_probed(
                    pipeline, self.models, self.renderer, scenario, folder
                )
                records.append(record)
                rows.append(
                    [
                        scenario.stem,
                        pipeline.name,
                        record.reason,
                        fmt(record.audio_s, "s"),
                        fmt(record.wall_s, "s"),
                        record.transcriber_calls,
                    ]
                )
                print(
                    f"  {scenario.stem} / {pipeline.name}: {record.reason}, "
                    f"{record.audio_s:.0f} s of audio in {record.wall_s:.0f} s",
                    flush=True,
                )
        print(
            "\n" + table(("scenario", "pipeline", "ended", "audio", "wall", "Whisper calls"), rows)
        )
        self.meta["sessions"] = [
            {
                "scenario": r.scenario,
                "pipeline": r.pipeline,
                "reason": r.reason,
                "audio_s": r.audio_s,
                "wall_s": r.wall_s,
                "transcriber_calls": r.transcriber_calls,
            }
            for r in records
        ]
        self.report(bench_figures.prompt_start(records))
        self.report(bench_figures.short_answers(records))
        self.report(bench_figures.long_pieces(records))
        self.report(bench_figures.interruptions(records, self.config.interruptions.min_s))
        self.report(bench_figures.premature_ends(records, bench_session.FIXED_RULE_S))

    # ---- figure 7 ----------------------------------------------------------------------------

    def memory(self) -> None:
        marks = self.size.marks_min
        print(f"\n## 7. running a {marks[-1]:g}-minute session…", flush=True)
        scenario = bench_scenarios.write(
            self.work / "scenarios", "long", self.size.long, self.renderer
        )
        limit = self.config.replace("session", time_limit_min=marks[-1] + 10)
        data = bench_session.memory_run(
            limit, self.models, self.renderer, scenario, self.work / "memory", marks
        )
        at = {m: data["at"][f"{m:g}"] or {} for m in marks}
        first, last = (at[m].get("peak_mb") for m in (marks[0], marks[-1]))
        growth = 100 * (last - first) / first if first and last else None
        rows = [
            ["models loaded", fmt(data["rss_models_mb"], "MB"), ""],
            ["session built, simulated lines rendered", fmt(data["rss_before_mb"], "MB"), ""],
        ]
        rows += [
            [f"after {m:g} min", fmt(at[m].get("rss_mb"), "MB"), fmt(at[m].get("peak_mb"), "MB")]
            for m in marks
        ]
        rows.append([f"peak growth {marks[0]:g} → {marks[-1]:g} min", "", fmt(growth, "%")])
        since = (
            "since the session started"
            if data["peak_measured_from_session_start"]
            else ("since the process started: this system refused to reset it")
        )
        ended = (
            "stopped at the last mark"
            if at[marks[-1]]
            else (f"NOTE: the session ended ({data['reason']}) before the last mark")
        )
        lines = [
            f"\n## 7. Memory over a {marks[-1]:g}-minute session",
            f"This process's resident memory (VmRSS) and its peak (VmHWM, {since}) while",
            "it runs the generated send-and-mirror scenario in the simulated room: "
            f"{data['audio_min']:.1f} min of audio",
            f"in {data['wall_s']:.0f} s, {ended}. Every simulated line is rendered before the "
            "session and the",
            "room's ground truth is emptied as it goes, so the growth is the facilitator's.",
            "Baseline: the same process at the start of the session.",
            "",
            table(("", "RSS", "peak"), rows),
        ]
        print("\n".join(lines), flush=True)
        figures = [
            Figure(
                7,
                f"peak RSS after {marks[-1]:g} min of session",
                "MB",
                "-",
                last,
                data["rss_before_mb"],
                "RSS at session start",
                None,
                "",
            ),
            Figure(
                7,
                f"peak RSS growth {marks[0]:g} → {marks[-1]:g} min",
                "%",
                "-",
                growth,
                None,
                "",
                5.0,
                "< 5 %",
            ),
        ]
        save(self.out, "memory", {"figures": figures, **data})
        self.figures += figures

    # ---- figure 6 ----------------------------------------------------------------------------

    def analyze(self) -> None:
        minutes = self.size.analyze_min
        folder = RESULTS / "analyze" if minutes >= 30 else self.work / "analyze"
        recording = folder / "conversation_1_mono.wav"
        print(f"\n## 6. running facilitator analyze on {minutes:g} min of audio…", flush=True)
        if not recording.is_file():
            print(f"\nmaking a {minutes:g}-minute two-voice recording (once; kept in {folder})")
            code = make_conversations.main(
                [
                    "--minutes",
                    f"{minutes:g}",
                    "--seed",
                    "1",
                    "--out",
                    str(folder),
                    "--cache",
                    str(self.sim_cache),
                ]
            )
            if code:
                raise RuntimeError("could not make the recording for figure 6")
        duration = _wav_seconds(recording)
        data = bench_processes.analyze(recording, duration, self.size.baseline_s, self.work)
        ours, base = data["facilitator"], data["baseline"]
        rows = [
            [
                "facilitator analyze (voices mode)",
                fmt(duration, "s"),
                fmt(ours["wall_s"], "s"),
                fmt(ours["rtf"], "x"),
                fmt(ours["peak_rss_mb"], "MB"),
            ],
            [
                f"baseline: faster-whisper transcribe(), first {base['audio_s']:g} s",
                fmt(base["audio_s"], "s"),
                fmt(base["transcribe_s"], "s"),
                fmt(base["rtf"], "x"),
                fmt(base["peak_rss_mb"], "MB"),
            ],
            [
                "ratio facilitator / baseline",
                "",
                "",
                fmt_ratio(ours["rtf"] / base["rtf"]),
                fmt_ratio(ours["peak_rss_mb"] / base["peak_rss_mb"]),
            ],
        ]
        print(
            f"\n## 6. `facilitator analyze` on a {duration / 60:.0f}-minute two-voice recording\n"
            "Wall time of the whole command over the audio's length (real-time factor) and the\n"
            "child process's peak resident memory. Baseline: plain Whisper transcription with no\n"
            "speaker attribution (its own VAD filter, beam 1), timed from inside its process (model\n"
            "loading excluded) on the first minutes of the same file, decoded whole.\n\n"
            + table(("", "audio", "wall", "real-time factor", "peak RSS"), rows),
            flush=True,
        )
        figures = [
            Figure(
                6,
                "analyze real-time factor",
                "x",
                "wall",
                ours["rtf"],
                base["rtf"],
                "Whisper transcribe() alone",
                0.08,
                "≤ 0.08",
            ),
            Figure(
                6,
                "analyze peak RSS",
                "MB",
                "-",
                ours["peak_rss_mb"],
                base["peak_rss_mb"],
                "Whisper transcribe() alone",
                600.0,
                "≤ 600 MB",
            ),
        ]
        save(self.out, "analyze", {"figures": figures, **data})
        self.figures += figures

    # ---- figure 8 ----------------------------------------------------------------------------

    def startup(self) -> None:
        data = bench_processes.startup(
            "evenings", self.work / "startup", self.size.cold_runs, self.size.warm_runs
        )
        cold, warm = data["cold"], data["warm"]
        rows = [
            ["warm prompt cache", len(data["warm_s"]), fmt(warm.median, "s"), fmt(warm.worst, "s")],
            [
                "baseline: cold (empty) prompt cache",
                len(data["cold_s"]),
                fmt(cold.median, "s"),
                fmt(cold.worst, "s"),
            ],
            [
                "ratio warm / cold",
                "",
                fmt_ratio(warm.median / cold.median),
                fmt_ratio(warm.worst / cold.worst),
            ],
        ]
        print(
            "\n## 8. Start-up: launching `facilitator demo --plain` → the first prompt's audio\n"
            "Wall time from starting the process to its first line on stdout, which the runner\n"
            "prints in the same frame in which it hands the opening prompt to the output. Cold:\n"
            "a new, empty cache folder (every fixed prompt is synthesized before the session).\n\n"
            + table(("", "runs", "median", "worst"), rows),
            flush=True,
        )
        figures = [
            Figure(
                8,
                "start-up to first prompt, warm cache, median",
                "s",
                "wall",
                warm.median,
                cold.median,
                "cold (empty) prompt cache",
                2.0,
                "≤ 2 s warm",
            ),
        ]
        save(self.out, "startup", {"figures": figures, **data})
        self.figures += figures

    # ---- the end -----------------------------------------------------------------------------

    def summary(self, wall_s: float, env: dict[str, object]) -> None:
        rows = [
            [
                f.number,
                f.name,
                f.clock,
                fmt(f.value, f.unit),
                f"{fmt(f.baseline, f.unit)} ({f.baseline_name})" if f.baseline_name else "-",
                fmt_ratio(f.ratio),
                f.target_text or "-",
                f.verdict(),
            ]
            for f in sorted(self.figures, key=lambda f: f.number)
        ]
        print(
            "\n## Summary\n"
            + table(
                ("#", "figure", "clock", "facilitator", "baseline", "ratio", "target", "verdict"),
                rows,
            )
            + f"\n\nWhole run: {wall_s:.0f} s wall; load average at the start "
            f"{_load(env['load_average'])}, at the end {_load(os.getloadavg())} "
            f"({env['cpus']} CPUs). JSON: {self.out}",
            flush=True,
        )
        save(
            self.out,
            "summary",
            {
                "figures": self.figures,
                "wall_s": wall_s,
                "environment": env,
                "end_load_average": os.getloadavg(),
                **self.meta,
            },
        )


def _load(values: object) -> str:
    return "/".join(f"{v:.1f}" for v in values)  # type: ignore[attr-defined]


def _wav_seconds(path: Path) -> float:
    import wave

    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short scenario per benchmark")
    parser.add_argument(
        "--only", type=_parts, default=PARTS, help="comma-separated: " + ",".join(PARTS)
    )
    parser.add_argument("--out", type=Path, help="folder for the JSON files")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    env = environment()
    import platformdirs

    sim_cache = Path(platformdirs.user_cache_dir("facilitator")) / "sim"
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        return _run(args, Path(tmp), sim_cache, env, started)


def _run(
    args: argparse.Namespace, work: Path, sim_cache: Path, env: dict[str, object], started: float
) -> int:
    # Prompts rendered by the sessions go to a cache folder of this run only, so every run starts
    # from the same (empty) prompt cache, and nothing of the user's is read or changed.
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    try:
        _parts_run(args, work, sim_cache, env, started)
    finally:
        if saved is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    return 0


def _parts_run(
    args: argparse.Namespace, work: Path, sim_cache: Path, env: dict[str, object], started: float
) -> None:
    config = config_module.load(use_user_file=False)
    size = QUICK if args.quick else FULL
    out = args.out or (RESULTS / "quick" if args.quick else RESULTS)
    bench = Bench(config, size, out, work, sim_cache)
    print(
        f"facilitator benchmarks{' (quick)' if args.quick else ''}: {', '.join(args.only)}; "
        f"{env['cpus']} CPUs, load average {_load(env['load_average'])}, commit {env['commit']}"
    )
    for part in PARTS:
        if part in args.only:
            getattr(bench, part)()
    bench.summary(time.perf_counter() - started, env)


if __name__ == "__main__":
    sys.exit(main())
