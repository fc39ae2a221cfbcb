"""Seeded two-person conversations with the untidy timing of real ones.

Turns run from a second to forty, with thinking pauses inside long ones; the next person usually waits
a moment, sometimes cuts in while the other is still talking, and the listener drops "yeah" and
"right" into long turns. Every choice comes from `random.Random(seed)` and synthesis is deterministic,
so a seed names one exact conversation, audio included.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.sim import bank
from facilitator.sim.mixer import Placement
from facilitator.sim.truth import Interval, voiced_intervals
from facilitator.sim.voices import PARTNERS, PartnerVoice, Piece, Renderer, spoken_text

Range = tuple[float, float]


@dataclass(frozen=True)
class Style:
    """The ranges a conversation is drawn from (seconds) and how often each event happens."""

    turn_s: Range = (1.0, 40.0)
    """Length of a turn; drawn log-uniformly, so short turns are common and long ones occur."""
    gap_s: Range = (0.2, 1.5)
    """Silence between one person's last word and the other's first, when nobody cuts in."""
    sentence_gap_s: Range = (0.08, 0.22)
    """Breath between sentences inside a turn (below the truth's 0.3 s, so not a pause)."""
    pause_s: Range = (0.5, 2.5)
    """A thinking pause inside a turn."""
    pause_chance: float = 0.25
    """Chance of a thinking pause at each sentence boundary inside a turn."""
    interrupt_chance: float = 0.15
    """Chance that the next person starts while the current one still talks."""
    overlap_s: Range = (0.6, 3.0)
    """How much of the current speaker's speech is left when an interruption starts."""
    backchannel_chance: float = 0.5
    """Chance of a backchannel from the listener for every 6 s of a turn."""
    backchannel_s: Range = (0.2, 0.45)
    """Voiced length a backchannel may have (others in the bank are not used for that voice)."""
    lead_in_s: float = 0.5
    """Silence before the first word."""


BACKCHANNEL_EVERY_S = 6.0
"""One chance of a backchannel per this much of a turn."""
SHORT_TURN_S = 2.5
"""Turns drawn shorter than this are a single short reply (one lasting from turn_s[0] to this)."""


@dataclass(frozen=True)
class _Turn:
    placement: Placement
    speech: list[Interval]
    """Voiced intervals on the conversation's clock."""

    @property
    def speaker(self) -> str:
        return self.placement.speaker


class _Deck:
    """Sentences dealt without repeats until the bank runs out, then reshuffled."""

    def __init__(self, items: Sequence[str], rng: random.Random) -> None:
        self._items = list(items)
        self._rng = rng
        self._left: list[str] = []

    @property
    def size(self) -> int:
        return len(self._items)

    def draw(self) -> str:
        if not self._left:
            self._left = self._items.copy()
            self._rng.shuffle(self._left)
        return self._left.pop()


def _voiced_span(audio: np.ndarray) -> Interval:
    """From the first to the last voiced moment of a clip, in seconds from its start."""
    speech = voiced_intervals(audio)
    return speech[0][0], speech[-1][1]


class _Generator:
    def __init__(
        self, renderer: Renderer, seed: int, voices: Mapping[str, PartnerVoice], style: Style
    ) -> None:
        if len(voices) != 2:
            raise ValueError(f"a conversation needs two voices, got {sorted(voices)}")
        self.renderer = renderer
        self.rng = random.Random(seed)
        self.voices = dict(voices)
        self.style = style
        self.sentences = _Deck(bank.SENTENCES, self.rng)
        self.interjections = _Deck(bank.INTERJECTIONS, self.rng)
        self.replies = _Deck(bank.SHORT_REPLIES, self.rng)
        self.noises = _Deck(bank.BACKCHANNELS, self.rng)

    def _lasting(self, deck: _Deck, voice: PartnerVoice, span: Range) -> str:
        """The next line from `deck` that this voice speaks within `span` seconds (voiced extent)."""
        for _ in range(deck.size):
            text = deck.draw()
            first, last = _voiced_span(self.renderer.render(text, voice))
            if span[0] <= last - first <= span[1]:
                return text
        raise ValueError(f"{voice} says none of {deck.size} lines within {span[0]}-{span[1]} s")

    def _length(self, text: str, voice: PartnerVoice) -> float:
        return len(self.renderer.render(text, voice)) / SAMPLE_RATE

    def _turn_pieces(self, speaker: str, interrupting: bool) -> list[Piece]:
        """Sentences (and pauses) adding up to a drawn turn length, never past the longest turn.

        A person who cuts in opens with an interjection and then has their say, so an interruption
        is never just a short reply.
        """
        style, voice = self.style, self.voices[speaker]
        lo, hi = style.turn_s
        target = math.exp(self.rng.uniform(math.log(lo), math.log(hi)))
        if target < SHORT_TURN_S and not interrupting:
            return [self._lasting(self.replies, voice, (lo, SHORT_TURN_S))]
        opener = self.interjections.draw() if interrupting else None
        pieces: list[Piece] = [opener] if opener else []
        length = self._length(opener, voice) if opener else 0.0
        while length < target or pieces == [opener]:
            sentence = self.sentences.draw()
            gap = 0.0
            if pieces:
                thinking = self.rng.random() < style.pause_chance
                gap = self.rng.uniform(*(style.pause_s if thinking else style.sentence_gap_s))
            added = gap + self._length(sentence, voice)
            if pieces and length + added > hi:
                break
            pieces += [gap, sentence] if pieces else [sentence]
            length += added
        return pieces

    def _cut_in(self, previous: _Turn) -> float | None:
        """When to start so that a drawn overlap of the previous speaker's speech is still to come."""
        want = self.rng.uniform(*self.style.overlap_s)
        left = 0.0
        for start, end in reversed(previous.speech):
            if left + end - start >= want:
                return end - (want - left)
            left += end - start
        return None

    def turns(self, duration_s: float) -> list[_Turn]:
        """The main turns, alternating speakers; each starts after everyone has finished, or cuts in."""
        speakers = sorted(self.voices)
        speaker = self.rng.choice(speakers)
        turns: list[_Turn] = []
        onset = self.style.lead_in_s
        while onset < duration_s:
            cut_in = None
            if turns and self.rng.random() < self.style.interrupt_chance:
                cut_in = self._cut_in(turns[-1])
            onset = cut_in if cut_in is not None else onset
            pieces = self._turn_pieces(speaker, interrupting=cut_in is not None)
            audio = self.renderer.render(pieces, self.voices[speaker])
            start = onset - voiced_intervals(audio)[0][0]
            speech = [(start + a, start + b) for a, b in voiced_intervals(audio)]
            kind = "turn" if cut_in is None else "interruption"
            placement = Placement(speaker, start, audio, spoken_text(pieces), kind)
            turns.append(_Turn(placement, speech))
            floor_free = max(t.speech[-1][1] for t in turns)
            onset = floor_free + self.rng.uniform(*self.style.gap_s)
            speaker = speakers[1 - speakers.index(speaker)]
        return turns

    def backchannels(self, turns: Sequence[_Turn]) -> list[Placement]:
        """Listener noises inside long turns, never near the listener's own speech."""
        placed: list[Placement] = []
        busy = {
            s: [(t.speech[0][0] - 0.3, t.speech[-1][1] + 0.3) for t in turns if t.speaker == s]
            for s in self.voices
        }
        for turn in turns:
            listener = next(s for s in self.voices if s != turn.speaker)
            length = turn.speech[-1][1] - turn.speech[0][0]
            for _ in range(int(length // BACKCHANNEL_EVERY_S)):
                if self.rng.random() >= self.style.backchannel_chance:
                    continue
                text = self._lasting(self.noises, self.voices[listener], self.style.backchannel_s)
                audio = self.renderer.render(text, self.voices[listener])
                first, last = _voiced_span(audio)
                start, end = self.rng.choice(turn.speech)
                if end - start < last - first + 0.4:
                    continue
                onset = self.rng.uniform(start + 0.2, end - 0.2 - (last - first))
                span = (onset - 0.3, onset + last - first + 0.3)
                if any(a < span[1] and span[0] < b for a, b in busy[listener]):
                    continue
                busy[listener].append(span)
                placed.append(Placement(listener, onset - first, audio, text, "backchannel"))
        return placed


def generate(
    renderer: Renderer,
    duration_s: float,
    seed: int,
    voices: Mapping[str, PartnerVoice] | None = None,
    style: Style | None = None,
) -> list[Placement]:
    """A conversation of about `duration_s` between two voices (default PARTNERS), as placements.

    Mix it with `mixer.mix`. The last turn starts before `duration_s` and may run past it.
    """
    if not duration_s > 0:
        raise ValueError(f"duration_s = {duration_s!r}; a conversation needs a positive length")
    maker = _Generator(renderer, seed, PARTNERS if voices is None else voices, style or Style())
    turns = maker.turns(duration_s)
    placements = [t.placement for t in turns] + maker.backchannels(turns)
    return sorted(placements, key=lambda p: p.start)
