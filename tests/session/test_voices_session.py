"""One shared microphone: voices learned at the start, kept for a resume, forgotten with the session."""

from __future__ import annotations

import stat

import pytest
from support import cli, short_couple

from facilitator import config
from facilitator.records.journal import read_journal
from facilitator.records.voiceprints import VOICEPRINTS, load_voiceprints
from facilitator.session.demo import DemoResult, run_demo

ENROLL = {
    "a": "Hello, I'm Sam. Today I fixed the bike and cooked dinner for us.",
    "b": "Hi, I'm Alex. I spent the day at the library and then went running.",
}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    folder = tmp_path_factory.mktemp("voices")
    enroll = [(f"enroll.{who}", who.upper(), words) for who, words in ENROLL.items()]
    scenario = short_couple(folder, enroll)
    return run_demo(config.load(use_user_file=False), scenario, out=folder / "s", speakers="voices")


def test_a_voices_session_learns_both_voices_and_runs_to_the_end(session: DemoResult) -> None:
    assert session.reason == "completed"
    journal = read_journal(session.folder)
    assert journal.session["speakers"] == "voices"
    speech = [(r["speaker"], r["text"]) for r in journal.of_type("speech")]
    assert [who for who, _ in speech[:2]] == ["A", "B"]
    appreciations = [who for who, text in speech if "appreciate" in text.lower()]
    assert appreciations == ["A", "B", "B", "A"]


def test_voiceprints_are_kept_privately_and_forgotten_with_the_session(session: DemoResult) -> None:
    path = session.folder / VOICEPRINTS
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    prints = load_voiceprints(session.folder)
    assert prints is not None and set(prints) == {"A", "B"}
    assert float(prints["A"] @ prints["B"]) < 0.8
    r = cli("forget", str(session.folder))
    assert r.code == 0 and VOICEPRINTS in r.out
    assert not session.folder.exists()
