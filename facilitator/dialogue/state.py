"""A snapshot of where a dialogue stands, for the live display, the journal and resuming a session."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EngineState:
    t: float
    dialogue: str
    step: str
    step_title: str
    sender: str
    receiver: str
    round: int
    floor: str | None
    """Who holds the floor now (a Sender's piece, a Receiver's mirror), or None."""
    awaiting: str | None
    """Whose turn the engine waits for: "A", "B", "either", or None."""
    paused: bool
    pause_reason: str
    resume_at: float | None
    names: dict[str, str]
    topic: str
    speaking: tuple[str, ...]
    interruptions: dict[str, int]
    """Interruptions of the Sender, by the partner who interrupted."""
    sender_over_mirror: dict[str, int]
    backchannels: dict[str, int]
    recording: bool | None
    ended: str
    """Why the session ended ("completed", "time_limit", "appointment_later", ...), or ""."""
    end_detail: str
    started: float

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["speaking"] = list(self.speaking)
        return data
