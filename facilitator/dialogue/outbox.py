"""The engine's outgoing actions, paced like a person who waits for one sentence to end.

A prompt is said only when the previous one has finished playing and nobody is speaking, so the
facilitator never says two things at once, nor talks over a partner who spoke over its last prompt,
however many things it decides in one moment; the others wait in order. "Listen" goes out
only after the last prompt before it, because the runner arms the turn segmenter from it and the floor
passes to a partner only once the facilitator has stopped talking.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from facilitator.dialogue.events import Action, Enroll, Listen, Say

HEARD = 3
"""Prompts remembered for "repeat": the one a person spoke over, and the ones said between the end of
their words and the moment those words were understood (at most one waits for the end of a turn)."""


@dataclass
class _Heard:
    start: float
    say: Say
    end: float | None = None
    """None while it plays."""


class Outbox:
    def __init__(self) -> None:
        self._actions: list[Action] = []
        self._queue: deque[Say] = deque()
        self._listen: tuple[Listen, bool] | None = None
        self.playing: str | None = None
        """The prompt id being played, until its PromptFinished."""
        self.last: Say | None = None
        """The last step prompt, for "repeat" and for "resume"."""
        self._heard: deque[_Heard] = deque(maxlen=HEARD)
        """The prompts said last, with when each started and finished."""

    def add(self, action: Action) -> None:
        self._actions.append(action)

    def say(self, say: Say, *, step_prompt: bool = True) -> None:
        self._queue.append(say)
        if step_prompt:
            self.last = say

    def listen(self, speaker: str | None, mode: str, enroll: bool) -> None:
        self._listen = (Listen(speaker, mode), enroll)

    def drop_listen(self) -> None:
        """The awaited turn came before its Listen went out (someone spoke over the prompt)."""
        self._listen = None

    def cancel(self) -> None:
        """Drop prompts not yet said and the pending Listen (a pause or the end)."""
        self._queue.clear()
        self._listen = None

    def finished(self, prompt_id: str, t: float) -> None:
        if prompt_id == self.playing:
            self.playing = None
            if self._heard:
                self._heard[-1].end = t

    def playing_at(self, t: float) -> Say | None:
        """The prompt that was playing at session time `t`: what a person who began speaking then
        talked over, although by the time their words are understood another may have started."""
        for h in self._heard:
            if h.start <= t and (h.end is None or t < h.end):
                return h.say
        return None

    @property
    def idle(self) -> bool:
        return self.playing is None and not self._queue

    @property
    def queued(self) -> int:
        return len(self._queue)

    def flush(self, t: float, quiet: bool = True) -> Say | Listen | None:
        """Send the next prompt (at session time `t`) if none is playing and nobody is speaking
        (`quiet`), else the pending Listen once all are said."""
        if self.playing is not None:
            return None
        if self._queue and not quiet:
            return None
        if self._queue:
            say = self._queue.popleft()
            self.playing = say.prompt_id
            self._heard.append(_Heard(t, say))
            self._actions.append(say)
            return say
        if self._listen is not None:
            listen, enroll = self._listen
            self._listen = None
            if enroll and listen.speaker is not None:
                self._actions.append(Enroll(listen.speaker))
            self._actions.append(listen)
            return listen
        return None

    def take(self) -> list[Action]:
        out, self._actions = self._actions, []
        return out
