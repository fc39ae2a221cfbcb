"""The journal: everything a session did, one JSON object a line, on disk the moment it happens.

It is the one record a session leaves; reports, the session index and `resume` are all read from it,
so it must survive the process dying at any instant. Each line is written with one `write` and then
`fsync`ed, so after a power cut or `kill -9` the file holds every event up to the last one written and
at most one torn line, which the reader drops. If a write fails half-way (a full disk), the half line
is cut off again before the error is raised, so the journal stays clean and writing can go on once
there is space.

Schema (format 1). Every line is {"t": seconds since the session started, "type": ..., ...}:

- `session`: format (1), version (of facilitator), dialogue (script name), speakers ("channels" or
  "voices"), names {"A": str, "B": str} (empty strings until known), config_digest, started (local
  ISO time). The first line of every journal.
- `names`: names {"A": ..., "B": ...}; replaces the names learned so far.
- `step`: name, sender, receiver ("A" or "B"), round, state (optional: the dialogue engine's snapshot,
  from which `resume` rebuilds it).
- `prompt`: id, text, start, end (null when cut short, then also `interrupted: true`).
- `speech`: speaker, start, end, text.
- `interruption`: by, over, t, duration, kind ("interruption" or "sender_over_mirror").
- `coaching`: kind, speaker, detail.
- `command`: who, which (a spoken command such as "pause" or "time out").
- `pause`: reason, resume_at (session time or null); `resume`; `consent`: recording (bool).
- `end`: reason.
- Also written by the session runner: `speech_started` / `speech_stopped` (speaker: a stretch of voice
  began or paused), `overlap` (by, over), `escalation` (detail), `note` (kind, speaker, value: a fact the
  dialogue engine learned, such as the topic or how a reply was read), `switch_roles` (sender,
  receiver), `flag` (kind "escalation", detail), and `resume` (reason "resumed", step) when a stopped
  session is continued.

`t` is when the thing happened: an utterance's end, an interruption's onset. Lines are in the order they
were written, which can put a line a second or so before the one above it (a transcript is written
once it is ready, after its end). A resumed session appends to the same journal, starting after the
largest `t`.
Speakers are the roles "A" and "B"; the facilitator's own voice appears only in `prompt` lines. A
reader ignores fields and types it does not know, so later versions can add them without a new format.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator.errors import InputFileError
from facilitator.storage import create_private_file, write_error

FORMAT = 1
"""The journal format this version writes and the newest it reads."""
JOURNAL = "journal.jsonl"
"""The journal's file name inside a session folder."""
PARTNERS = ("A", "B")


class JournalWriter:
    """Appends records to a journal, each one on disk before `write` returns."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd
        self._size = os.fstat(fd).st_size

    @classmethod
    def create(cls, folder: Path) -> JournalWriter:
        """A new, empty journal in a session folder, readable by the owner only."""
        path = folder / JOURNAL
        return cls(path, create_private_file(path))

    @classmethod
    def reopen(cls, path: Path) -> JournalWriter:
        """Append to an existing journal (to resume a session), first cutting off a torn last line."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_APPEND)
        except OSError as e:
            raise InputFileError(f"cannot open {path} to continue it ({e.strerror or e})") from None
        writer = cls(path, fd)
        writer._cut_torn_tail()
        return writer

    def begin(
        self,
        *,
        dialogue: str,
        speakers: str,
        names: dict[str, str],
        config_digest: str,
        started: datetime | None = None,
    ) -> None:
        """Write the `session` record that opens every journal."""
        self.write(
            "session",
            0.0,
            format=FORMAT,
            version=__version__,
            dialogue=dialogue,
            speakers=speakers,
            names={p: names.get(p, "") for p in PARTNERS},
            config_digest=config_digest,
            started=(started or datetime.now()).isoformat(timespec="seconds"),
        )

    def write(self, type: str, t: float, /, **fields: Any) -> None:
        """Append one record and force it to disk; a full disk raises `DiskFullError`, losing nothing.

        A `t` among the fields (an interruption's moment, from an event's `to_dict()`) is the record's
        time; a `type` among them is ignored, as the journal type is `type`.
        """
        record = {"t": t, **fields, "type": type}
        line = _encode(record | {"t": round(float(record["t"]), 3)})
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as e:
            self._truncate(self._size)
            raise write_error(self.path, e) from None
        self._size += len(line)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _truncate(self, size: int) -> None:
        # Only a regular file can be cut back; a failed cut leaves a torn line the reader drops.
        try:
            os.ftruncate(self._fd, size)
        except OSError:
            return

    def _cut_torn_tail(self) -> None:
        if not stat.S_ISREG(os.fstat(self._fd).st_mode):
            return
        data = Path(self.path).read_bytes()
        if data and not data.endswith(b"\n"):
            self._size = data.rfind(b"\n") + 1
            self._truncate(self._size)


def _clean(value: Any) -> Any:
    # JSON has no NaN or infinity; a missing measurement is written as null rather than crash a write.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _encode(record: dict[str, Any]) -> bytes:
    text = json.dumps(_clean(record), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


@dataclass
class Journal:
    """A journal as read back: its good records in order, and how many lines had to be dropped."""

    path: Path
    records: list[dict[str, Any]]
    garbled: int = 0
    """Lines in the middle that could not be read (skipped)."""
    torn: bool = False
    """The last line was cut short (the process died while writing it)."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def session(self) -> dict[str, Any]:
        """The last `session` record (a resumed session may repeat it)."""
        return next(r for r in reversed(self.records) if r["type"] == "session")

    def of_type(self, *types: str) -> Iterator[dict[str, Any]]:
        return (r for r in self.records if r["type"] in types)

    def known_names(self) -> dict[str, str]:
        """The partners' names as last recorded; an empty string for a name not yet known."""
        known = {p: "" for p in PARTNERS}
        for r in self.of_type("session", "names"):
            names = r.get("names")
            if isinstance(names, dict):
                known.update({p: str(names[p]) for p in PARTNERS if names.get(p)})
        return known

    def names(self) -> dict[str, str]:
        """The names to show: "Partner A" / "Partner B" while a name is unknown."""
        return {p: name or f"Partner {p}" for p, name in self.known_names().items()}

    @property
    def last_t(self) -> float:
        return max(_number(r["t"]) for r in self.records)

    @property
    def ended(self) -> dict[str, Any] | None:
        """The `end` record, if the session reached its end (a later `session` record reopens it)."""
        for r in reversed(self.records):
            if r["type"] == "end":
                return r
            if r["type"] == "session":
                return None
        return None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("type"), str):
        return None
    t = record.get("t")
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
        return None
    return record


def journal_path(where: Path) -> Path:
    """The journal of a session folder, or the file itself; a one-line error if there is none."""
    path = Path(where)
    if path.is_dir():
        path = path / JOURNAL
        if not path.is_file():
            raise InputFileError(f"{where} is not a facilitator session folder (no {JOURNAL})")
    elif not path.exists():
        raise InputFileError(f"no session at {where}")
    return path


def read_journal(where: Path) -> Journal:
    """Read a session's journal, dropping a torn last line and skipping garbled ones."""
    path = journal_path(where)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputFileError(f"cannot read {path} ({e.strerror or e})") from None
    lines = data.split(b"\n")
    tail = lines.pop()
    records, garbled = [], 0
    for line in lines:
        record = _parse(line)
        if record is None:
            garbled += line.strip() != b""
        else:
            records.append(record)
    torn = False
    if tail.strip():
        last = _parse(tail)
        if last is None:
            torn = True
        else:
            records.append(last)
    if not records and garbled:
        raise InputFileError(f"{path} is not a facilitator journal (no line of it can be read)")
    if not records:
        raise InputFileError(f"{path} is empty: the session stopped before anything was recorded")
    first = records[0]
    if first["type"] != "session":
        raise InputFileError(f"{path} is not a facilitator journal (it does not start a session)")
    newest = max(_number(r.get("format", 0)) for r in records if r["type"] == "session")
    if newest > FORMAT:
        raise InputFileError(
            f"{path} was written by a newer version of facilitator (journal format {newest:g}; "
            f"this version reads up to {FORMAT}); update facilitator to read it"
        )
    return Journal(path, records, garbled, torn)


@dataclass(frozen=True)
class ResumePoint:
    """What `facilitator resume` needs to continue a session at the start of the interrupted step."""

    session: dict[str, Any]
    names: dict[str, str]
    step: dict[str, Any] | None
    """The last `step` record, or None if the session stopped before its first step."""
    state: dict[str, Any] | None
    """The engine snapshot carried by that step record, if any."""
    last_t: float
    ended: bool
    recording: bool
    """Both partners agreed to audio recording (the last `consent` record said so)."""


def resume_point(journal: Journal) -> ResumePoint:
    """Where a journal left off."""
    steps = list(journal.of_type("step"))
    step = steps[-1] if steps else None
    state = step.get("state") if step else None
    consents = list(journal.of_type("consent"))
    return ResumePoint(
        session=journal.session,
        names=journal.known_names(),
        step=step,
        state=state if isinstance(state, dict) else None,
        last_t=journal.last_t,
        ended=journal.ended is not None,
        recording=bool(consents and consents[-1].get("recording") is True),
    )
