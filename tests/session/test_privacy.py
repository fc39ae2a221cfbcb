"""Privacy in a whole session: no network, ever; audio only with both partners' spoken consent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from support import ROOT, SHORT_COUPLE, short_couple

from facilitator import config
from facilitator.audio.frames import SAMPLE_RATE
from facilitator.audio.wavfile import write_wav
from facilitator.records.journal import read_journal
from facilitator.session.demo import run_demo
from facilitator.sim.voices import FACILITATOR

# Runs the `facilitator` command and then keeps the process alive until `AUDIT_S` seconds after it started,
# so that a library's background thread that phones home later (ONNX Runtime's telemetry: ~10 s after
# start, then every 5 s) is caught even when the command itself finishes sooner on a fast machine.
AUDIT_S = 35.0
_HELD_OPEN = (
    "import sys, time\n"
    "start = time.monotonic()\n"
    "from facilitator.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "time.sleep(max(0.0, float(sys.argv[1]) - (time.monotonic() - start)))\n"
    "sys.exit(code)\n"
)
_CALL = re.compile(r"^\d+\s+(socket|connect|sendto|sendmsg|sendmmsg|bind|listen)\((.*)$")


def network_calls(trace: str) -> list[str]:
    """Every system call in an `strace -e trace=%network` log that could reach beyond this machine's
    sound server: any socket other than a Unix one, and any Unix socket connection except to the
    PulseAudio server named by PULSE_SERVER."""
    pulse = os.environ.get("PULSE_SERVER", "").removeprefix("unix:")
    found = []
    for line in trace.splitlines():
        m = _CALL.match(line)
        if not m:
            continue
        call, rest = m.groups()
        if call == "socket" and rest.startswith("AF_UNIX"):
            continue
        if call in ("connect", "sendto", "sendmsg") and "AF_UNIX" in rest:
            if pulse and f'sun_path="{pulse}"' in rest:
                continue
            if call != "connect" and "sun_path" not in rest:
                continue
        if call in ("sendto", "sendmsg", "sendmmsg") and "sa_family" not in rest:
            continue  # on a socket already checked when it was opened and connected
        found.append(line)
    return found


def audited(tmp_path: Path, name: str, *args: str) -> subprocess.Popen:
    """Start `facilitator ARGS` under strace, with a home of its own to see what it writes there."""
    home = tmp_path / f"{name}-home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home))
    return subprocess.Popen(
        ["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(tmp_path / f"{name}.trace"),
         sys.executable, "-c", _HELD_OPEN, str(AUDIT_S), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_a_whole_demo_and_analyze_make_no_network_call(tmp_path: Path, renderer) -> None:
    """A system-call audit, so that native code (not only Python's socket module) is covered."""
    wav = tmp_path / "talk.wav"
    talk = [
        renderer.render(line, FACILITATOR) for line in ("I felt alone last night.", "I hear you.")
    ]
    write_wav(wav, np.concatenate(talk), SAMPLE_RATE)
    runs = {
        "demo": audited(tmp_path, "demo", "demo", "--plain", "--scenario", str(SHORT_COUPLE),
                        "--out", str(tmp_path / "s")),
        "analyze": audited(tmp_path, "analyze", "analyze", str(wav), "--out", str(tmp_path / "a")),
    }  # fmt: skip
    outputs = {name: proc.communicate(timeout=900) for name, proc in runs.items()}
    for name, proc in runs.items():
        assert proc.returncode == 0, f"{name}: {outputs[name][1]}"
        trace = (tmp_path / f"{name}.trace").read_text()
        assert network_calls(trace) == [], f"{name} reached for the network"
        assert not (tmp_path / f"{name}-home" / ".cache" / "Microsoft").exists()
    assert "Session ended (completed)" in outputs["demo"][0]


def scenario(tmp_path: Path, record: bool, answers: tuple[str, str]) -> Path:
    """The short couple, with recording allowed or not and their answers when asked to consent."""
    consent = [
        (f"consent.ask_{who}", who.upper(), answer)
        for who, answer in zip("ab", answers, strict=True)
    ]
    return short_couple(tmp_path, consent, record=record)


@pytest.mark.parametrize(
    ("record", "answers", "consent"),
    [
        (False, ("Yes.", "Yes."), None),
        (True, ("Yes, I agree.", "No, I'd rather not."), False),
        (True, ("Yes.", "Absolutely not."), False),
    ],
)
def test_no_audio_without_both_partners_agreeing(tmp_path: Path, record, answers, consent) -> None:
    result = run_demo(config.load(use_user_file=False), scenario(tmp_path, record, answers),
                      out=tmp_path / "s")  # fmt: skip
    assert result.reason == "completed"
    journal = read_journal(result.folder)
    prompts = [r["id"] for r in journal.of_type("prompt")]
    records = list(journal.of_type("consent"))
    if consent is None:
        assert not any(p.startswith("consent.") for p in prompts) and records == []
    else:
        assert "consent.ask_b" in prompts and [r["recording"] for r in records] == [consent]
    assert not (result.folder / "session.wav").exists()
