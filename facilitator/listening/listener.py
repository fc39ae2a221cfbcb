"""The ears as one object: frames in, the dialogue engine's events out.

frame → VAD per channel → attributor (who speaks) → a turn segmenter per partner → pieces for Whisper.
The Listener emits `SpeechStarted`/`SpeechStopped` for every stretch of speech, `Overlap` as soon as two
partners have spoken at once for the interruption minimum, and `Utterance` when a turn's transcript is
ready. The live session and `facilitator analyze` both drive it, so a recording is heard exactly as a
session would hear it.

Transcription runs on the given `Runner`: inline (a test or an analysis gets every result in the same
call, deterministically) or on a worker thread (a live session keeps taking frames meanwhile; finished
utterances come out of a later `push`, or `poll`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from facilitator.audio.frames import FRAME_S, Frame
from facilitator.config import Config
from facilitator.dialogue.events import Event, Overlap, SpeechStarted, SpeechStopped, Utterance
from facilitator.listening.escalation import EscalationWatch
from facilitator.listening.history import AudioHistory
from facilitator.listening.pieces import MAX_PIECE_S, Clip, PiecePolicy, TurnPieces
from facilitator.listening.segmenter import (
    LONG,
    Change,
    SegmenterEvent,
    Thresholds,
    TurnSegmenter,
)
from facilitator.listening.speakers import Activity, Attributor
from facilitator.listening.transcriber import Transcriber
from facilitator.listening.vad import Vad
from facilitator.listening.work import InlineRunner, Runner

HISTORY_S = MAX_PIECE_S + 20.0
"""Audio kept: the longest piece, plus room for the pre-roll and for attribution that decides late."""


@dataclass
class _Pending:
    """A finished turn waiting for its transcript."""

    speaker: str
    start: float
    end: float
    texts: list[Future[str]]


class Listener:
    """Turns frames into events for the partners an attributor tells apart.

    A turn whose transcript is empty (a cough, a knock that passed the VAD) gives no `Utterance`;
    its `SpeechStarted`/`SpeechStopped` still say that someone made a sound. Without a transcriber
    (`None`: attribution and timing only) every turn gives an `Utterance` with empty text.
    """

    def __init__(
        self,
        config: Config,
        attributor: Attributor,
        channels: int,
        transcriber: Transcriber | None,
        runner: Runner | None = None,
    ) -> None:
        self.speakers = attributor.speakers
        self._attributor = attributor
        self._transcriber = transcriber
        self._runner = runner or InlineRunner()
        self._vad = Vad(config.vad, channels)
        self._history = AudioHistory(channels, HISTORY_S)
        self._thresholds = Thresholds.from_settings(config.vad, config.turns)
        self._policy = PiecePolicy.from_settings(config.vad, config.transcriber)
        self._min_overlap_s = config.interruptions.min_s
        channels_of = [attributor.channel_for(s) for s in self.speakers]
        self._own_channels = None if None in channels_of else channels_of
        self._escalation = EscalationWatch(
            self.speakers, config.interruptions.escalation_s, config.interruptions.escalation_db
        )
        self._segmenters: dict[str, TurnSegmenter] = {}
        self._modes = dict.fromkeys(self.speakers, LONG)
        self._turns: dict[str, TurnPieces] = {}
        self._stretch_start: dict[str, float] = {}
        self._reported: set[tuple[str, float]] = set()
        self._pending: list[_Pending] = []
        self._gate_until = float("-inf")
        self._clips = {speaker: self._clipper(speaker) for speaker in self.speakers}

    # ---- control from the session runner -------------------------------------------------------

    def gate_until(self, t: float) -> None:
        """Hear nothing until session time `t` (the facilitator's own prompt plus its tail)."""
        self._gate_until = max(self._gate_until, t)

    def set_turn_mode(self, speaker: str, mode: str) -> None:
        """Expect a short answer ("short") or a message ("long") from `speaker` next."""
        self._modes[speaker] = mode
        if speaker in self._segmenters:
            self._segmenters[speaker].set_mode(mode)

    # ---- frames in, events out -----------------------------------------------------------------

    def push(self, frame: Frame) -> list[Event]:
        """The events this frame completes (and any transcripts that became ready)."""
        if frame.t < self._gate_until:
            frame = Frame(frame.t, np.zeros_like(frame.samples))
            voicing = self._vad.silent(frame)
        else:
            voicing = self._vad.process(frame)
        self._history.append(frame)
        activities = self._attributor.push(frame, voicing)
        events = self._decide(activities)
        if self._own_channels is not None and activities:
            levels = tuple(voicing.level_db[c] for c in self._own_channels)
            events += self._escalation.push(frame.t, activities[-1].speaking, levels)
        return events + self.poll()

    def poll(self) -> list[Event]:
        """Utterances whose transcripts are ready, in the order their turns ended."""
        ready: list[Event] = []
        while self._pending and all(f.done() for f in self._pending[0].texts):
            ready.extend(self._utterance(self._pending.pop(0)))
        return ready

    def flush(self) -> list[Event]:
        """End of the stream: close every open stretch and turn, and wait for every transcript."""
        events = self._decide(self._attributor.flush())
        for speaker, segmenter in self._segmenters.items():
            events += self._apply(speaker, segmenter.finish())
        while self._pending:
            events.extend(self._utterance(self._pending.pop(0)))
        return events

    def close(self) -> None:
        self._runner.close()

    # ---- internals -----------------------------------------------------------------------------

    def _segmenter(self, speaker: str, t: float) -> TurnSegmenter:
        if speaker not in self._segmenters:
            self._segmenters[speaker] = TurnSegmenter(self._thresholds, self._modes[speaker], t)
        return self._segmenters[speaker]

    def _decide(self, activities: Iterable[Activity]) -> list[Event]:
        events: list[Event] = []
        for activity in activities:
            now = activity.t + FRAME_S
            for speaker, speaking in zip(self.speakers, activity.speaking, strict=True):
                segmenter = self._segmenter(speaker, activity.t)
                events += self._apply(speaker, segmenter.process(FRAME_S, speaking))
                if speaker in self._turns and segmenter.speaking:
                    self._turns[speaker].tick(now, self._clips[speaker])
            events += self._overlaps()
        return events

    def _apply(self, speaker: str, changes: list[SegmenterEvent]) -> list[Event]:
        events: list[Event] = []
        clip = self._clips[speaker]
        for change in changes:
            if change.change is Change.STARTED:
                self._stretch_start[speaker] = change.at
                if speaker in self._turns:
                    self._turns[speaker].resumed(change.at)
                else:
                    self._turns[speaker] = TurnPieces(
                        speaker, change.at, self._policy, self._submit
                    )
                events.append(SpeechStarted(speaker, change.at))
            elif change.change is Change.PAUSED:
                self._stretch_start.pop(speaker, None)
                self._reported = {key for key in self._reported if key[0] != speaker}
                self._turns[speaker].paused(change.at, clip)
                events.append(SpeechStopped(speaker, change.at))
            else:
                turn = self._turns.pop(speaker)
                texts = turn.ended(change.at, clip)
                self._pending.append(_Pending(speaker, turn.start, change.at, texts))
        return events

    def _overlaps(self) -> list[Event]:
        """An Overlap for each pair of partners whose current stretches have shared `min_s`."""
        events: list[Event] = []
        talking = sorted(self._stretch_start.items(), key=lambda item: item[1])
        for i, (over, _) in enumerate(talking):
            for by, started in talking[i + 1 :]:
                shared = (
                    min(
                        self._segmenters[by].last_speech_end, self._segmenters[over].last_speech_end
                    )
                    - started
                )
                if shared >= self._min_overlap_s - 1e-9 and (by, started) not in self._reported:
                    self._reported.add((by, started))
                    events.append(Overlap(by, over, started))
        return events

    def _clipper(self, speaker: str) -> Clip:
        channel = self._attributor.channel_for(speaker)
        return lambda start, end: self._history.clip(start, end, channel)

    def _submit(self, audio: np.ndarray) -> Future[str]:
        if self._transcriber is None:
            done: Future[str] = Future()
            done.set_result("")
            return done
        return self._runner.submit(self._transcriber.text, audio)

    def _utterance(self, pending: _Pending) -> list[Event]:
        texts = [f.result() for f in pending.texts]
        text = " ".join(t for t in texts if t)
        if self._transcriber is not None and not text:
            return []
        return [Utterance(pending.speaker, pending.start, pending.end, text)]


def listen(frames: Iterable[Frame], listener: Listener) -> Iterator[Event]:
    """Every event a finite stream of frames produces, ending with the stream's end."""
    for frame in frames:
        yield from listener.push(frame)
    yield from listener.flush()
