"""The engine's outgoing actions, paced like a person who waits for one sentence to end.

A prompt is said only when the previous one has finished playing and nobody is speaking, so the
facilitator never says two things at once, nor talks over a partner who spoke over its last prompt,
however many things it decides in one moment; the others wait in order. "Listen" goes out
only after the last prompt before it, because the runner arms the turn segmenter from it and the floor
passes to a partner only once the facilitator has stopped talking.
"""

from __future__ import annotations

from collections import deque

from facilitator.dialogue.events import Action, Enroll, Listen, Say


class Outbox:
    def __init__(self) -> None:
        self._actions: list[Action] = []
        self._queue: deque[Say] = deque()
        self._listen: tuple[Listen, bool] | None = None
        self.playing: str | None = None
        """The prompt id being played, until its PromptFinished."""
        self.last: Say | None = None
        """The last step prompt, for "repeat" and for "resume"."""

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

    def finished(self, prompt_id: str) -> None:
        if prompt_id == self.playing:
            self.playing = None

    @property
    def idle(self) -> bool:
        return self.playing is None and not self._queue

    @property
    def queued(self) -> int:
        return len(self._queue)

    def flush(self, quiet: bool = True) -> Say | Listen | None:
        """Send the next prompt if none is playing and nobody is speaking (`quiet`), else the
        pending Listen once all are said."""
        if self.playing is not None:
            return None
        if self._queue and not quiet:
            return None
        if self._queue:
            say = self._queue.popleft()
            self.playing = say.prompt_id
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
