"""Partner voices made from the one bundled piper voice, so tests can stage two different people.

A voice is shifted the way a tape played faster or slower is: piper speaks the line stretched (or
squeezed) by the pitch factor, and the audio is then resampled so that it lasts about as long as it
should. Pitch and formants move together, which is what makes the result sound like a different person
rather than the same man singing higher.

"About": piper rounds every phoneme up to whole frames, so its length grows less than in proportion to
length_scale. A lowered voice therefore comes out a little slower than joe and a raised one a little
faster (pitch 0.82: about 13% longer; 1.25: about 10% shorter). The pitch itself is exact and the same
for every line, which matters more for telling two voices apart; `rate` adjusts the pace.

Synthesis here is deterministic: piper's noise inputs are set to zero, because its ONNX graph draws
random noise that no seed controls. The same line in the same voice is therefore the same audio in
every process, which lets a seed stand for a whole conversation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.audio.resample import resample
from facilitator.sim.truth import FRAME_S, voiced_intervals

if TYPE_CHECKING:
    from piper import PiperVoice

    from facilitator.config import VoiceSettings

EDGE_S = 0.02
"""Silence kept around the voiced part of each spoken piece, so trimming never cuts a soft onset."""

RENDER_VERSION = 1
"""Part of every disk-cache key: bump it when a change here alters the audio for the same inputs."""

Piece = str | float
"""A piece of a line: words to speak, or a pause in seconds."""

_PAUSE = re.compile(r"\[pause\s+(\d+(?:\.\d+)?)\s*\]")


@dataclass(frozen=True)
class PartnerVoice:
    """How one simulated person sounds.

    `pitch` > 1 is a higher voice, < 1 a lower one; `rate` > 1 speaks faster; `volume` is the peak
    level of each sentence (piper normalises every sentence to full scale before it is applied).
    """

    pitch: float = 1.0
    rate: float = 1.0
    volume: float = 0.5

    def __post_init__(self) -> None:
        for name, lo, hi in (("pitch", 0.5, 2.0), ("rate", 0.5, 2.0), ("volume", 0.01, 1.0)):
            value = getattr(self, name)
            if not lo <= value <= hi:
                raise ValueError(f"PartnerVoice.{name} = {value!r}; use a number from {lo} to {hi}")


FACILITATOR = PartnerVoice(pitch=1.0, rate=1.0, volume=0.5)
"""The facilitator: joe as he is."""
PARTNER_A = PartnerVoice(pitch=0.82, rate=1.0, volume=0.5)
"""A deeper voice (F0 about 75 Hz against joe's 90) that speaks a little slower."""
PARTNER_B = PartnerVoice(pitch=1.25, rate=1.0, volume=0.45)
"""A higher voice (F0 about 110 Hz) that speaks a little faster and a little softer."""
PARTNERS = {"A": PARTNER_A, "B": PARTNER_B}


def parse_line(line: str | Sequence[Piece]) -> list[Piece]:
    """The pieces of a line: "I feel... [pause 1.2] tired" is ["I feel...", 1.2, "tired"].

    A line may also be given as the list itself. Empty words are dropped; any other bracket is refused,
    so a mistyped pause is never read aloud.
    """
    raw: list[Piece] = []
    if isinstance(line, str):
        for i, part in enumerate(_PAUSE.split(line)):
            raw.append(float(part) if i % 2 else part)
    else:
        raw = list(line)
    pieces: list[Piece] = []
    for piece in raw:
        if isinstance(piece, str):
            if "[" in piece or "]" in piece:
                raise ValueError(f"cannot read {piece!r}; write a pause as [pause SECONDS]")
            if piece.strip():
                pieces.append(piece.strip())
        elif isinstance(piece, int | float) and not isinstance(piece, bool) and 0 <= piece <= 60:
            pieces.append(float(piece))
        else:
            raise ValueError(f"line piece {piece!r} is neither words nor a pause of 0-60 seconds")
    if not any(isinstance(p, str) for p in pieces):
        raise ValueError(f"line {line!r} has nothing to say")
    return pieces


def spoken_text(line: str | Sequence[Piece]) -> str:
    """What a listener should transcribe from the line: its words, without the pauses."""
    return " ".join(p for p in parse_line(line) if isinstance(p, str))


def _trim(audio: np.ndarray) -> np.ndarray:
    """The clip cut to its voiced part, as the ground truth measures it, with EDGE_S each side.

    The edges are padded if piper left less, so every piece is a whole number of truth frames long
    and the truth of a whole line lands on the same frame grid as that of its pieces.
    """
    speech = voiced_intervals(audio)
    if not speech:
        return audio[:0]
    edge = round(EDGE_S * SAMPLE_RATE)
    first, last = round(speech[0][0] * SAMPLE_RATE), round(speech[-1][1] * SAMPLE_RATE)
    out = np.zeros(last - first + 2 * edge, np.float32)
    start = max(0, first - edge)
    piece = audio[start : last + edge]
    out[start - (first - edge) :][: len(piece)] = piece
    return out


class Renderer:
    """Speaks lines in partner voices, remembering every piece it has rendered.

    Pieces are cached one by one (in memory, and on disk when `cache_dir` is given), so turns built
    from the same sentences in a different order cost nothing to render again.
    """

    def __init__(
        self,
        piper: PiperVoice,
        model_id: str,
        cache_dir: Path | None = None,
        speaker_id: int | None = None,
    ) -> None:
        """`model_id` names the piper model in disk-cache keys, so two voices never share a file;
        `speaker_id` picks the speaker of a multi-speaker model."""
        self._piper = piper
        self._speaker_id = speaker_id
        self._memory: dict[tuple[str, PartnerVoice], np.ndarray] = {}
        self._cache_dir = cache_dir
        self._model_id = f"{model_id}|{RENDER_VERSION}"

    @classmethod
    def load(cls, settings: VoiceSettings | None = None, cache_dir: Path | None = None) -> Renderer:
        """A renderer on the configured piper voice (the bundled joe voice by default)."""
        from facilitator.config import VoiceSettings
        from facilitator.models import load_piper, voice_manifest

        manifest = voice_manifest(settings or VoiceSettings())
        model_id = f"{manifest.model.name}|{manifest.model.stat().st_size}|{manifest.speaker_id}"
        return cls(load_piper(manifest), model_id, cache_dir, manifest.speaker_id)

    def render(self, line: str | Sequence[Piece], voice: PartnerVoice) -> np.ndarray:
        """The line as float32 mono audio at SAMPLE_RATE.

        Each spoken piece is trimmed to its voiced part (plus EDGE_S), and a pause of S seconds
        becomes silence sized so that the gap between the two voiced parts is S (rounded to FRAME_S).
        """
        parts: list[np.ndarray] = []
        for piece in parse_line(line):
            if isinstance(piece, str):
                parts.append(self._piece(piece, voice))
            else:
                frames = round(piece / FRAME_S) - round(2 * EDGE_S / FRAME_S)
                parts.append(np.zeros(max(0, frames) * round(FRAME_S * SAMPLE_RATE), np.float32))
        return np.concatenate(parts)

    def _piece(self, text: str, voice: PartnerVoice) -> np.ndarray:
        key = (text, voice)
        if key in self._memory:
            return self._memory[key]
        file = self._disk_file(text, voice)
        if file is not None and file.is_file():
            audio = np.load(file)
        else:
            audio = self._synthesize(text, voice)
            if file is not None:
                # Written aside and renamed, so an interrupted run never leaves half a clip behind.
                file.parent.mkdir(parents=True, exist_ok=True)
                partial = file.with_name(file.stem + ".partial.npy")
                np.save(partial, audio)
                partial.replace(file)
        self._memory[key] = audio
        return audio

    def _disk_file(self, text: str, voice: PartnerVoice) -> Path | None:
        if self._cache_dir is None:
            return None
        ident = f"{self._model_id}|{voice.pitch}|{voice.rate}|{voice.volume}|{text}"
        return self._cache_dir / f"{hashlib.sha256(ident.encode()).hexdigest()[:24]}.npy"

    def _synthesize(self, text: str, voice: PartnerVoice) -> np.ndarray:
        from piper import SynthesisConfig

        syn = SynthesisConfig(
            speaker_id=self._speaker_id,
            length_scale=voice.pitch / voice.rate,
            noise_scale=0.0,
            noise_w_scale=0.0,
        )
        chunks = [c.audio_float_array for c in self._piper.synthesize(text, syn_config=syn)]
        if not chunks:
            raise ValueError(f"piper has nothing to say for {text!r}")
        # Stretched by `pitch` and played back `pitch` times faster: the same length, pitch times higher.
        played_at = round(self._piper.config.sample_rate * voice.pitch)
        audio = resample(np.concatenate(chunks), played_at, SAMPLE_RATE) * voice.volume
        return _trim(audio.astype(np.float32))
