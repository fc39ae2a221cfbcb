"""What the dialogue engine hears (events) and what it decides (actions), as plain data.

Each is a frozen dataclass that becomes a JSON-able dict with a "type" key and back, like the Wyoming
protocol's events, so the session journal is a stream of these dicts and a session can be replayed or
continued from it. Partners are "A" and "B"; times are session seconds.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from facilitator.errors import InputFileError

_TYPES: dict[str, type[Message]] = {}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Message:
    """Common base of events and actions: the journal form."""

    type: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__ not in ("Event", "Action"):
            cls.type = _snake(cls.__name__)
            _TYPES[cls.type] = cls

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, **dataclasses.asdict(self)}  # type: ignore[call-overload]


def from_dict(data: dict[str, Any]) -> Message:
    """The event or action a journal line describes; a clear error for anything else."""
    kind = data.get("type") if isinstance(data, dict) else None
    cls = _TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InputFileError(f"not a dialogue event or action: {str(data)[:80]}")
    fields = {k: v for k, v in data.items() if k != "type"}
    try:
        return cls(**fields)
    except TypeError as e:
        raise InputFileError(f"bad '{kind}' record ({e}): {str(data)[:80]}") from None


class Event(Message):
    """A fact from the pipeline. `t` is the session time it happened."""

    t: float


class Action(Message):
    """A decision of the engine, for the runner to carry out and the journal to record."""


# ---- events -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeechStarted(Event):
    """A stretch of voiced speech began (not a turn: pauses split stretches)."""

    speaker: str
    t: float


@dataclass(frozen=True)
class SpeechStopped(Event):
    speaker: str
    t: float


@dataclass(frozen=True)
class Utterance(Event):
    """A finished turn with its final transcript; the turn segmenter decided it ended at `end`."""

    speaker: str
    start: float
    end: float
    text: str

    @property
    def t(self) -> float:  # type: ignore[override]
        return self.end


@dataclass(frozen=True)
class Tick(Event):
    """Time passing (about every 100 ms of session time): drives thresholds, silences and limits."""

    t: float


@dataclass(frozen=True)
class PromptFinished(Event):
    """A Say finished playing; `interrupted` when a person spoke over it and the runner stopped it."""

    prompt_id: str
    t: float
    interrupted: bool = False


@dataclass(frozen=True)
class Overlap(Event):
    """The pipeline saw `by` start over `over`. Journal only: the engine derives overlap itself."""

    by: str
    over: str
    t: float


@dataclass(frozen=True)
class Escalation(Event):
    """Loud overlapping speech: the engine calls a time-out."""

    t: float
    detail: str = ""


# ---- actions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Say(Action):
    """Speak a prompt. The engine never issues a second Say before the first is PromptFinished."""

    prompt_id: str
    text: str


@dataclass(frozen=True)
class Chime(Action):
    kind: str


@dataclass(frozen=True)
class Flag(Action):
    """A floor or safety incident: "interruption", "sender_over_mirror" or "escalation"."""

    kind: str
    by: str | None
    over: str | None
    t: float
    duration: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class Coaching(Action):
    """A coaching check that fired; `spoken` when a suggestion was said aloud for it."""

    check: str
    speaker: str
    t: float
    detail: str
    spoken: bool


@dataclass(frozen=True)
class StepStarted(Action):
    step: str
    sender: str
    receiver: str
    round: int


@dataclass(frozen=True)
class SwitchRoles(Action):
    sender: str
    receiver: str


@dataclass(frozen=True)
class Listen(Action):
    """Whose turn is next: `speaker` (None = either partner); mode "short" (an answer) or "long"."""

    speaker: str | None
    mode: str


@dataclass(frozen=True)
class Enroll(Action):
    """The next utterance of `speaker` is their voice enrollment sample (voices mode)."""

    speaker: str


@dataclass(frozen=True)
class Record(Action):
    """Both partners agreed aloud to audio recording (True), or did not (False)."""

    enabled: bool


@dataclass(frozen=True)
class Pause(Action):
    """The dialogue pauses; `resume_at` is the agreed return time (session seconds) of a time-out."""

    reason: str
    resume_at: float | None = None


@dataclass(frozen=True)
class Resume(Action):
    pass


@dataclass(frozen=True)
class EndSession(Action):
    """The session is over. The runner plays any Say of the same batch, then closes."""

    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Command(Action):
    """A voice command was obeyed."""

    who: str
    which: str


@dataclass(frozen=True)
class Note(Action):
    """A fact the engine learned, for the journal and report: a name, the topic, a reply's meaning."""

    kind: str
    speaker: str | None
    value: str
