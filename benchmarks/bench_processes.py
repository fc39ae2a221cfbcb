"""Benchmarks that run `facilitator` as a user would, in a child process (figures 6 and 8).

6. `facilitator analyze` on a long two-voice recording: wall time over audio time (real-time factor)
   and the child's peak resident memory (its own VmHWM, read as it exits). Baseline: plain
   faster-whisper `transcribe()` (its own VAD filter, beam 1, no speaker attribution) of the first
   minutes of the same file, in a child process of its own, timed from inside so that its model
   loading does not weigh on the short excerpt.
8. Start-up: from launching `facilitator demo --plain` to the first prompt's audio. The runner hands
   the opening prompt to the output in the first frame it processes and then, in the same frame, the
   plain view prints its first line; so the first line on stdout is the moment the first prompt
   starts (plus a print). Cold: an empty cache folder (every prompt is synthesized before the session
   starts). Warm: the same cache folder again. Python's own files stay in the OS page cache either way.

    python benchmarks/bench_processes.py whisper FILE SECONDS   # the baseline child of figure 6
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

from bench_common import ROOT, Stats

MEASURED = """\
import atexit, sys
from pathlib import Path


def peak():
    status = Path("/proc/self/status").read_text().splitlines()
    print(next(line for line in status if line.startswith("VmHWM:")), file=sys.stderr)


atexit.register(peak)
from facilitator.cli import main

sys.exit(main(sys.argv[1:]))
"""
"""`facilitator ARGS`, printing the process's own peak memory on stderr as it exits. (A child's
`ru_maxrss` would count the parent's memory, which the child shares between fork and exec.)"""
FIRST_LINE = "[0:00] step:"
"""How the plain view's first line starts."""
START_TIMEOUT_S = 300.0


def _env(home: Path) -> dict[str, str]:
    """A child environment with its own (empty) config, data and cache folders under `home`."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    return env


def _child(args: list[str], env: dict[str, str], out: Path) -> tuple[float, float]:
    """Run `python ARGS` with stdout to `out`: (wall seconds, peak RSS in MB from VmHWM)."""
    started = time.perf_counter()
    with open(out, "w") as stdout:
        proc = subprocess.run(
            [sys.executable, *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            text=True,
            check=False,
        )
    wall = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(f"{' '.join(args[:3])} failed ({proc.returncode}): {proc.stderr[-500:]}")
    peak = next(line for line in proc.stderr.splitlines() if line.startswith("VmHWM:"))
    return wall, int(peak.split()[1]) / 1024


def analyze(recording: Path, duration_s: float, baseline_s: float, work: Path) -> dict:
    """Figure 6: `facilitator analyze` on `recording` (voices mode, the default) and the baseline."""
    env = _env(work / "home")
    result = work / "analysis.json"
    wall, peak = _child(["-c", MEASURED, "analyze", str(recording), "--json"], env, result)
    segments = len(json.loads(result.read_text())["segments"])
    seconds = min(baseline_s, duration_s)
    plain = work / "whisper.json"
    base_wall, base_peak = _child(
        [str(Path(__file__)), "whisper", str(recording), str(seconds)], env, plain
    )
    base = json.loads(plain.read_text())
    return {
        "recording": str(recording),
        "audio_s": duration_s,
        "facilitator": {
            "wall_s": wall,
            "rtf": wall / duration_s,
            "peak_rss_mb": peak,
            "segments": segments,
        },
        "baseline": {
            "audio_s": seconds,
            "process_wall_s": base_wall,
            "transcribe_s": base["transcribe_s"],
            "rtf": base["transcribe_s"] / seconds,
            "peak_rss_mb": base_peak,
            "segments": base["segments"],
        },
    }


def startup(scenario: str, work: Path, cold_runs: int, warm_runs: int) -> dict:
    """Figure 8: seconds to the first prompt, with an empty prompt cache and with a filled one."""
    cold, warm = [], []
    for run in range(cold_runs):
        home = work / f"home{run}"
        cold.append(_first_prompt(scenario, home, work / f"cold{run}"))
        if run == 0:
            warm = [_first_prompt(scenario, home, work / f"warm{i}") for i in range(warm_runs)]
    return {
        "scenario": scenario,
        "cold_s": cold,
        "warm_s": warm,
        "cold": Stats.of(cold),
        "warm": Stats.of(warm),
    }


def _first_prompt(scenario: str, home: Path, out: Path) -> float:
    args = ["-m", "facilitator", "demo", "--plain", "--scenario", scenario, "--out", str(out)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(home),
        cwd=ROOT,
        text=True,
    )
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
            if not selector.select(START_TIMEOUT_S):
                raise RuntimeError(f"facilitator demo printed nothing in {START_TIMEOUT_S:g} s")
        line = proc.stdout.readline()  # type: ignore[union-attr]
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    if not line.startswith(FIRST_LINE):
        raise RuntimeError(
            f"facilitator demo: unexpected first line {line!r}; {err.strip()[-300:]}"
        )
    return elapsed


def whisper_child(path: Path, seconds: float) -> int:
    """The baseline of figure 6, in its own process: stock faster-whisper on the first `seconds`."""
    from faster_whisper import decode_audio

    from facilitator import config as config_module
    from facilitator.audio.frames import SAMPLE_RATE
    from facilitator.models import load_whisper

    settings = config_module.load(use_user_file=False).transcriber
    model = load_whisper(settings)
    audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    started = time.perf_counter()
    segments, _ = model.transcribe(
        audio[: round(seconds * SAMPLE_RATE)],
        language="en",
        beam_size=settings.beam_size,
        vad_filter=True,
        without_timestamps=True,
        condition_on_previous_text=False,
    )
    count = sum(1 for _ in segments)
    spent = time.perf_counter() - started
    print(json.dumps({"transcribe_s": spent, "segments": count, "audio_s": seconds}))
    status = Path("/proc/self/status").read_text().splitlines()
    print(next(line for line in status if line.startswith("VmHWM:")), file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "whisper":
        sys.exit("usage: bench_processes.py whisper FILE SECONDS")
    sys.exit(whisper_child(Path(sys.argv[2]), float(sys.argv[3])))
