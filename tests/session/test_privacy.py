"""Privacy in a whole session: no network, ever; audio only with both partners' spoken consent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, SHORT_COUPLE, short_couple

from facilitator import config
from facilitator.records.journal import read_journal
from facilitator.session.demo import run_demo

# Runs a command with an audit hook that writes down every socket operation the process attempts.
_WATCHED = (
    "import json, sys\n"
    "seen = []\n"
    "def hook(event, args):\n"
    "    if event.startswith('socket.'):\n"
    "        seen.append(event)\n"
    "sys.addaudithook(hook)\n"
    "from facilitator.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(json.dumps(seen))\n"
    "sys.exit(code)\n"
)


def test_a_whole_demo_opens_no_socket(tmp_path: Path) -> None:
    log = tmp_path / "sockets.json"
    p = subprocess.run(
        [sys.executable, "-c", _WATCHED, str(log), "demo", "--plain", "--scenario", str(SHORT_COUPLE),
         "--out", str(tmp_path / "s")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert "Session ended (completed)" in p.stdout
    assert json.loads(log.read_text()) == []


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
