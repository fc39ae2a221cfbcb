"""The simulated room: a couple who answer the facilitator, heard through microphones.

It is three things to the session runner, each through the ordinary interface: a source of frames
(the microphones), an output (the loudspeaker the facilitator talks through), and an observer of the
engine's decisions (so it knows who is Sender now). When a prompt finishes, the partner it cues starts
their line after a natural gap; the room mixes both partners and the facilitator into the
microphone channels with room bleed and a little noise. Nothing downstream knows it is simulated: the
real VAD, attribution, Whisper and engine hear it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from facilitator.audio.frames import FRAME_S, FRAME_SAMPLES, SAMPLE_RATE, Frame
from facilitator.audio.resample import resample
from facilitator.audio.sources import Pacer
from facilitator.dialogue.events import Action, EndSession, StepStarted, SwitchRoles
from facilitator.sim.mixer import Placement, Room, pink_noise
from facilitator.sim.scenario import CHAINED, Line, Scenario
from facilitator.sim.voices import Renderer, spoken_text

FACILITATOR = "facilitator"
"""The speaker name of the facilitator's own voice in the room's ground truth."""
NOISE_LOOP_S = 20.0
"""Length of the background noise, looped: long enough that the loop is not heard as a pattern."""


@dataclass
class _Clip:
    who: str
    start: int
    audio: np.ndarray

    @property
    def end(self) -> int:
        return self.start + len(self.audio)


class SimulatedRoom:
    """Microphones in a room where a scripted couple answers the facilitator's prompts."""

    def __init__(
        self,
        scenario: Scenario,
        renderer: Renderer,
        *,
        speakers: str | None = None,
        realtime: bool = False,
        max_idle_s: float = 60.0,
        max_s: float = 3 * 3600.0,
        seed: int = 0,
        start: float = 0.0,
        monitor: Callable[[Frame], None] | None = None,
    ) -> None:
        """`start`: the session time of the first frame (a resumed session goes on from its journal);
        `monitor`: hears every frame (speakers, in real time)."""
        self.scenario = scenario
        self.realtime = realtime
        self._monitor = monitor
        self._mics: tuple[str | None, ...] = ("A", "B")
        if (speakers or scenario.speakers) != "channels":
            self._mics = (None,)
        self.room = Room(bleed_db=scenario.bleed_db)
        self.channels = len(self._mics)
        self.placements: list[Placement] = []
        """Everything said in the room, partners and facilitator: the session's ground truth."""
        self._renderer = renderer
        self._clips: list[_Clip] = []
        self._used = [False] * len(scenario.lines)
        self._roles = {"sender": "A", "receiver": "B"}
        self._n = round(start / FRAME_S) * FRAME_SAMPLES
        self._last_sound = self._n
        self._closed = False
        self._max_idle = round(max_idle_s * SAMPLE_RATE)
        self._max = self._n + round(max_s * SAMPLE_RATE)
        self._delay = round(self.room.bleed_delay_ms / 1000 * SAMPLE_RATE)
        noise = pink_noise(round(NOISE_LOOP_S * SAMPLE_RATE), np.random.default_rng(seed))
        self._noise = (noise * 10 ** (scenario.noise_db / 20)).astype(np.float32)

    # ---- observer: the engine's decisions ----------------------------------------------------

    def __call__(self, actions: Sequence[Action], t: float) -> None:
        for action in actions:
            if isinstance(action, StepStarted | SwitchRoles):
                self._roles = {"sender": action.sender, "receiver": action.receiver}
            elif isinstance(action, EndSession):
                self._max_idle = min(self._max_idle, round(10 * SAMPLE_RATE))

    # ---- output: the facilitator's loudspeaker ---------------------------------------------

    def play(self, audio: np.ndarray, rate: int, t: float, label: str) -> None:
        clip = resample(audio, rate, SAMPLE_RATE)
        self.stop(t)
        self._place(FACILITATOR, self._n, clip, "", "prompt" if label != "chime" else "chime")
        at = self._n + len(clip)
        for index in self._take(label):
            at = self._say(self.scenario.lines[index], at)

    def stop(self, t: float) -> None:
        for clip in self._clips:
            if clip.who == FACILITATOR and clip.end > self._n:
                clip.audio = clip.audio[: max(0, self._n - clip.start)]

    # ---- the script --------------------------------------------------------------------------

    def _take(self, label: str) -> list[int]:
        """The lines this prompt cues: the first line not yet said with this cue, and the lines
        chained to it ("+"), now marked as said."""
        lines = self.scenario.lines
        first = next(
            (i for i, line in enumerate(lines) if not self._used[i] and line.cue == label), None
        )
        if first is None:
            return []
        taken = [first]
        while taken[-1] + 1 < len(lines) and lines[taken[-1] + 1].cue == CHAINED:
            taken.append(taken[-1] + 1)
        for i in taken:
            self._used[i] = True
        return taken

    def skip(self, labels: Sequence[str]) -> None:
        """Mark the lines these prompts cued as already said (a session resumed from its journal)."""
        for label in labels:
            self._take(label)

    def _who(self, who: str) -> str:
        return self._roles.get(who, who)

    def _say(self, line: Line, after: int) -> int:
        """Say `line` its gap after sample `after`, with the speech laid over it; where it ends."""
        at = after + round(line.gap * SAMPLE_RATE)
        speaker = self._who(line.who)
        audio = self._renderer.render(line.say, self.scenario.partners[speaker].voice)
        self._place(speaker, at, audio, spoken_text(line.say), "turn")
        for d in line.during:
            other = self._who(d.who)
            overlap = self._renderer.render(d.say, self.scenario.partners[other].voice)
            start = at + round(d.at * SAMPLE_RATE)
            self._place(other, start, overlap, spoken_text(d.say), d.kind)
        return at + len(audio)

    def _place(self, who: str, at: int, audio: np.ndarray, text: str, kind: str) -> None:
        at = max(at, self._n)
        self._clips.append(_Clip(who, at, audio.astype(np.float32, copy=False)))
        self.placements.append(Placement(who, at / SAMPLE_RATE, audio, text, kind))

    # ---- source: the microphones ---------------------------------------------------------------

    def _frame(self) -> np.ndarray:
        n0, n1 = self._n, self._n + FRAME_SAMPLES
        out = np.zeros((self.channels, FRAME_SAMPLES), np.float32)
        for clip in self._clips:
            for c, mic in enumerate(self._mics):
                gain, shift = self.room.path(clip.who, mic)
                a, b = max(n0, clip.start + shift), min(n1, clip.end + shift)
                if a < b:
                    out[c, a - n0 : b - n0] += (
                        gain * clip.audio[a - clip.start - shift : b - clip.start - shift]
                    )
                    self._last_sound = n1
        self._clips = [c for c in self._clips if c.end + self._delay > n1]
        at = n0 % len(self._noise)
        noise = np.take(self._noise, np.arange(at, at + FRAME_SAMPLES), mode="wrap")
        return np.clip(out + noise, -1.0, 1.0)

    def __iter__(self) -> Iterator[Frame]:
        pacer = Pacer(self.realtime)
        while not self._closed and self._n < self._max:
            if not self._clips and self._n - self._last_sound > self._max_idle:
                return
            frame = Frame(self._n / SAMPLE_RATE, self._frame())
            self._n += FRAME_SAMPLES
            pacer.wait(frame)
            if self._monitor is not None:
                self._monitor(frame)
            yield frame

    def close(self) -> None:
        self._closed = True

    @property
    def duration(self) -> float:
        return self._n / SAMPLE_RATE
