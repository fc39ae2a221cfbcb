"""Who holds the floor, and when the other partner's speech is an interruption.

The pipeline reports facts (who started or stopped speaking, when); this turns them into incidents using
what only the engine knows: whose turn it is. A Sender holds the floor from the invitation to speak, while
speaking and through pauses shorter than the end-of-turn time, so the Receiver jumping in at a breath is
caught; a Receiver holds it only while actually speaking, so the Sender answering "Did I get that?" is
not counted against them.
Speech shorter than the minimum is a backchannel ("mm-hm"), never an interruption. Nobody holds the
floor while a partner answers a question, so an answer is never an interruption.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Incident:
    """Overlapping speech by `by` while `over` held the floor.

    Reported twice: once when it reaches the minimum length (`ended` False, to react at once) and once
    when it stops (`ended` True, with its full length, to flag). A stretch that stops short of the
    minimum is reported once, as kind "backchannel".
    """

    kind: str
    by: str
    over: str
    start: float
    duration: float
    ended: bool


@dataclass
class _Stretch:
    start: float
    kind: str = ""
    over: str = ""
    reported: bool = False


class Floor:
    def __init__(self, min_s: float, end_of_turn_s: float, hangover_s: float = 0.0) -> None:
        """`hangover_s`: how long after the last voiced sound the pipeline reports a stop. Speech
        still "on" at `start + min_s + hangover_s` was surely voiced at `start + min_s`, so a
        backchannel shorter than the minimum never sets off a reaction."""
        self.min_s = min_s
        self.end_of_turn_s = end_of_turn_s
        self.hangover_s = hangover_s
        self.holder: str | None = None
        self._incident = ""
        self._through_pauses = False
        self._holder_first: float | None = None
        self._holder_last_stop: float | None = None
        self._voiced: dict[str, _Stretch] = {}
        self.last_voice: float = 0.0

    @property
    def speaking(self) -> tuple[str, ...]:
        return tuple(sorted(self._voiced))

    def hold(self, speaker: str, t: float, *, incident: str, through_pauses: bool) -> None:
        """`speaker` has the floor from `t`; speech by the other is reported as `incident`."""
        self.holder, self._incident, self._through_pauses = speaker, incident, through_pauses
        voiced = speaker in self._voiced
        self._holder_first = t if voiced else None
        self._holder_last_stop = None

    def release(self) -> None:
        self.holder = None

    def held(self, t: float) -> bool:
        if self.holder is None:
            return False
        if self.holder in self._voiced:
            return True
        if not self._through_pauses:
            return False
        return self._holder_last_stop is None or t - self._holder_last_stop < self.end_of_turn_s

    def piece_length(self, t: float) -> float:
        """How long the holder's current turn has run since they first spoke in it."""
        return 0.0 if self._holder_first is None else t - self._holder_first

    def quiet_for(self, t: float) -> float:
        """Seconds since anyone last started or stopped speaking (0 while someone speaks)."""
        return 0.0 if self._voiced else max(0.0, t - self.last_voice)

    def started(self, speaker: str, t: float) -> list[Incident]:
        if speaker in self._voiced:
            return []
        stretch = _Stretch(t)
        if speaker == self.holder:
            if self._holder_first is None:
                self._holder_first = t
        elif self.holder is not None and self.held(t):
            stretch.kind, stretch.over = self._incident, self.holder
        self._voiced[speaker] = stretch
        self.last_voice = max(self.last_voice, t)
        return []

    def stopped(self, speaker: str, t: float) -> list[Incident]:
        stretch = self._voiced.pop(speaker, None)
        if stretch is None:
            return []
        self.last_voice = max(self.last_voice, t)
        if speaker == self.holder:
            self._holder_last_stop = t
        if not stretch.kind:
            return []
        out = self._reach(speaker, stretch, t)
        duration = max(0.0, t - stretch.start)
        kind = stretch.kind if duration >= self.min_s - 1e-9 else "backchannel"
        out.append(Incident(kind, speaker, stretch.over, stretch.start, duration, ended=True))
        return out

    def tick(self, t: float) -> list[Incident]:
        out: list[Incident] = []
        for speaker, stretch in self._voiced.items():
            if stretch.kind:
                out += self._reach(speaker, stretch, t)
        return out

    def flush(self, t: float) -> list[Incident]:
        """Close every stretch still open (the session ends): each is reported as if it stopped."""
        return [i for speaker in list(self._voiced) for i in self.stopped(speaker, t)]

    def _reach(self, speaker: str, stretch: _Stretch, t: float) -> list[Incident]:
        if stretch.reported or t - stretch.start < self.min_s + self.hangover_s - 1e-9:
            return []
        stretch.reported = True
        return [
            Incident(stretch.kind, speaker, stretch.over, stretch.start, t - stretch.start, False)
        ]
