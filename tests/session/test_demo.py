"""The demo end to end: the bundled couple through the real pipeline, judged on the journal.

Real VAD, real attribution, real Whisper, real piper; only the room is simulated. Every assertion is
about what a therapist would read in the journal afterwards.
"""

from __future__ import annotations

import json
import stat
import wave
from pathlib import Path

import pytest
from support import cli

from facilitator import config
from facilitator.records.journal import read_journal
from facilitator.session.demo import DemoResult, run_demo
from facilitator.sim.scenario import load_scenario
from facilitator.sim.voices import spoken_text
from facilitator.text import word_error_rate

INTENTIONAL_ROUND = ["send", "summary", "validation", "empathy"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    out = tmp_path_factory.mktemp("demo") / "session"
    return run_demo(config.load(use_user_file=False), "evenings", out=out, plain=True)


def records(result: DemoResult, kind: str) -> list[dict]:
    return list(read_journal(result.folder).of_type(kind))


def test_the_whole_intentional_dialogue_runs_in_order_for_both_partners(demo: DemoResult) -> None:
    assert demo.reason == "completed"
    steps = [(r["name"], r["sender"]) for r in records(demo, "step")]
    assert steps == [
        ("names", "A"), ("consent", "A"), ("appointment", "A"),
        *[(s, "A") for s in INTENTIONAL_ROUND], ("switch", "A"),
        *[(s, "B") for s in INTENTIONAL_ROUND], ("close", "B"), ("end", "B"),
    ]  # fmt: skip
    assert read_journal(demo.folder).names() == {"A": "Sam", "B": "Alex"}


def test_the_mirror_is_corrected_and_mirrored_again(demo: DemoResult) -> None:
    ids = [r["id"] for r in records(demo, "prompt")]
    i = ids.index("send.remirror")
    assert ids[i - 2 : i + 2] == ["send.mirror", "send.check", "send.remirror", "send.check"]


def test_the_interruption_is_flagged_where_it_was_placed_and_the_backchannel_is_not(
    demo: DemoResult,
) -> None:
    placed = {p.kind: p.start for p in demo.room.placements if p.kind != "turn"}
    flagged = [r for r in records(demo, "interruption") if r["kind"] == "interruption"]
    assert len(flagged) == 1
    assert flagged[0]["by"] == "B" and flagged[0]["over"] == "A"
    assert abs(flagged[0]["t"] - placed["interruption"]) < 1.0
    assert abs(flagged[0]["t"] - placed["backchannel"]) > 5.0


def test_the_voice_command_is_obeyed(demo: DemoResult) -> None:
    (command,) = records(demo, "command")
    assert command["which"] == "repeat" and command["who"] == "B"
    ids = [r["id"] for r in records(demo, "prompt")]
    switch = ids.index("switch.say")
    assert ids[switch + 1 : switch + 4] == ["send.invite", "send.invite", "send.mirror"]


def test_every_transcript_is_a_partner_line_and_none_is_the_facilitator(demo: DemoResult) -> None:
    scenario = load_scenario("evenings")
    lines = [spoken_text(line.say) for line in scenario.lines]
    lines += [spoken_text(d.say) for line in scenario.lines for d in line.during]
    prompts = [r["text"] for r in records(demo, "prompt")]
    errors = []
    for speech in records(demo, "speech"):
        closest_line = min(word_error_rate(line, speech["text"]) for line in lines)
        closest_prompt = min(word_error_rate(p, speech["text"]) for p in prompts)
        assert closest_prompt > max(0.6, closest_line), speech
        errors.append(closest_line)
    assert len(errors) >= len(scenario.lines)
    assert sorted(errors)[len(errors) // 2] <= 0.2


def test_the_session_folder_is_private_and_holds_the_recording(demo: DemoResult) -> None:
    names = sorted(p.name for p in demo.folder.iterdir())
    assert names == ["journal.jsonl", "report.html", "report.md", "session.wav"]
    assert stat.S_IMODE(demo.folder.stat().st_mode) == 0o700
    for f in demo.folder.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    (consent,) = records(demo, "consent")
    with wave.open(str(demo.folder / "session.wav")) as w:
        seconds = w.getnframes() / w.getframerate()
    assert seconds == pytest.approx(demo.room.duration - consent["t"], abs=0.1)


def test_the_demo_command_prints_where_everything_is(tmp_path: Path) -> None:
    out = tmp_path / "s"
    r = cli("demo", "--plain", "--out", str(out))
    assert r.code == 0, r.err
    assert "Session ended (completed)" in r.out and str(out) in r.out
    assert "Interruptions: Sam 0, Alex 1." in r.out
    first = json.loads((out / "journal.jsonl").read_text().splitlines()[0])
    assert first["type"] == "session" and first["dialogue"] == "intentional"
