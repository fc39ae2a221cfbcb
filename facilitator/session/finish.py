"""The end of every session, however it ended: journal closed, reports written, index updated, and
a short summary for the person at the keyboard."""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

from facilitator.config import Config
from facilitator.records.audio import AUDIO
from facilitator.records.figures import compute
from facilitator.records.index import SessionIndex
from facilitator.records.journal import JOURNAL, Journal, read_journal
from facilitator.records.report import write_reports
from facilitator.session.log import SessionLog
from facilitator.session.view import clock
from facilitator.storage import data_dir


def finish(config: Config, folder: Path, log: SessionLog, reason: str, *, audio_s: float,
           wall_s: float) -> str:  # fmt: skip
    """Close the session's records and describe them in a few lines."""
    log.close()
    reports = write_reports(folder)
    data = data_dir(config.storage)
    if folder.parent.parent == data:
        SessionIndex(data).sync()
    journal = read_journal(folder)
    figures = compute(journal)
    steps = [s.name for s in figures.steps]
    counts = ", ".join(
        f"{figures.names.get(p) or p} {f.interruptions}" for p, f in figures.partners.items()
    )
    files = [folder / JOURNAL, *reports]
    if (folder / AUDIO).exists():
        files.append(folder / AUDIO)
    waits = response_times(journal)
    lines = [
        f"Session ended ({reason.replace('_', ' ')}) after {clock(audio_s)} of audio "
        f"in {wall_s:.0f} s.",
        f"Steps: {', '.join(dict.fromkeys(steps)) or 'none'}.",
        f"Interruptions: {counts}.",
        "End of speech to the next prompt: "
        + (
            f"median {statistics.median(waits):.2f} s, worst {max(waits):.2f} s."
            if waits
            else "none."
        ),
        f"Session folder: {folder}",
        *(f"  {f.name}" for f in files),
    ]
    return "\n".join(lines)


def response_times(journal: Journal) -> list[float]:
    """For each utterance followed by a prompt with no other speech between: how long after the
    speech ended the prompt began (the end-of-turn wait plus the facilitator's own delay)."""
    events = sorted(
        [(r["end"], "speech") for r in journal.of_type("speech")]
        + [(r["start"], "prompt") for r in journal.of_type("prompt")]
    )
    return [
        later - t
        for (t, kind), (later, next_kind) in itertools.pairwise(events)
        if kind == "speech" and next_kind == "prompt"
    ]
