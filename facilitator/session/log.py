"""What a running session writes down: the journal, line by line, and the audio when both agreed.

The runner reports facts here in its own terms (an utterance, a prompt that played, an engine action);
this module decides how each becomes a journal record, so the journal schema
(`facilitator.records.journal`) is applied in one place.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import numpy as np

from facilitator.audio.frames import Frame
from facilitator.dialogue.events import (
    Action,
    Chime,
    Coaching,
    EndSession,
    Event,
    Flag,
    Listen,
    Note,
    PromptFinished,
    Record,
    Say,
    StepStarted,
    Tick,
    Utterance,
)
from facilitator.dialogue.state import EngineState
from facilitator.records.audio import AUDIO, AudioWriter
from facilitator.records.journal import JournalWriter
from facilitator.storage import DiskFullError

_SILENT_ACTIONS = (Say, Chime, Listen, EndSession)
"""Actions the journal shows in another form: a Say as its `prompt` line once it has played, the end
as the `end` line; a chime and a change of listening mode are not facts about the conversation."""


class SessionLog:
    """The journal of one session, and its audio file once recording is agreed."""

    def __init__(self, journal: JournalWriter, folder: Path, *, record_allowed: bool) -> None:
        self.journal = journal
        self.folder = folder
        self.record_allowed = record_allowed
        self._audio: AudioWriter | None = None
        self._waiting: deque[tuple[str, float, dict[str, object]]] = deque()
        self.full = ""
        """Why the journal cannot be written now (a full disk), or "" when all is on disk."""

    def _write(self, type: str, t: float, /, **fields: object) -> None:
        self._waiting.append((type, t, fields))
        self.flush()

    def flush(self) -> bool:
        """Write every waiting record; on a full disk keep them (in order) and return False, so the
        session can pause and write them once there is room again: nothing is lost."""
        while self._waiting:
            type, t, fields = self._waiting[0]
            try:
                self.journal.write(type, t, **fields)
            except DiskFullError as e:
                self.full = str(e)
                return False
            self._waiting.popleft()
        self.full = ""
        return True

    def event(self, event: Event) -> None:
        if isinstance(event, Utterance):
            self._write(
                "speech", event.end, speaker=event.speaker, start=event.start, end=event.end,
                text=event.text,
            )  # fmt: skip
        elif not isinstance(event, Tick | PromptFinished):
            self._write(event.type, event.t, **_fields(event))

    def prompt(self, prompt_id: str, text: str, start: float, end: float | None, t: float) -> None:
        """A prompt that played to its end, or (end None) was cut short by a person, noted at `t`."""
        extra = {} if end is not None else {"interrupted": True}
        self._write("prompt", t, id=prompt_id, text=text, start=start, end=end, **extra)

    def action(self, action: Action, t: float, state: EngineState) -> None:
        if isinstance(action, _SILENT_ACTIONS):
            return
        if isinstance(action, StepStarted):
            self._write(
                "step", t, name=action.step, sender=action.sender, receiver=action.receiver,
                round=action.round, state=state.to_dict(),
            )  # fmt: skip
        elif isinstance(action, Flag) and action.kind in ("interruption", "sender_over_mirror"):
            self._write(
                "interruption", action.t, by=action.by, over=action.over,
                duration=action.duration, kind=action.kind,
            )  # fmt: skip
        elif isinstance(action, Coaching):
            self._write(
                "coaching", action.t, kind=action.check, speaker=action.speaker,
                detail=action.detail, spoken=action.spoken,
            )  # fmt: skip
        elif isinstance(action, Record):
            self._write("consent", t, recording=action.enabled and self.record_allowed)
        elif isinstance(action, Note) and action.kind == "name":
            self._write("names", t, names=dict(state.names))
        else:
            self._write(action.type, t, **_fields(action))

    def end(self, t: float, reason: str) -> None:
        self._write("end", t, reason=reason)

    def set_recording(self, enabled: bool) -> None:
        """Start (or stop) writing session.wav: only ever when recording is allowed in config."""
        if enabled and self.record_allowed and self._audio is None:
            path = self.folder / AUDIO
            self._audio = (
                AudioWriter.reopen(path) if path.exists() else AudioWriter(path, channels=1)
            )
        elif not enabled and self._audio is not None:
            self._audio.close()
            self._audio = None

    def audio(self, frame: Frame) -> None:
        """What a person in the room heard: every channel mixed to one."""
        if self._audio is not None:
            mono = frame.samples.mean(axis=0, keepdims=True).astype(np.float32)
            try:
                self._audio.write(Frame(frame.t, mono))
            except DiskFullError as e:
                self.full = str(e)

    @property
    def recording(self) -> bool:
        return self._audio is not None

    def close(self) -> None:
        if self._audio is not None:
            self._audio.close()
            self._audio = None
        self.journal.close()


def _fields(message: Event | Action) -> dict[str, object]:
    return {k: v for k, v in message.to_dict().items() if k not in ("type", "t")}
