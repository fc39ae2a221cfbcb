"""Putting clips of several people on one timeline, as one shared microphone and as one mic each hear it.

With a mic per partner, each mic also picks up the other partner, quieter and a little later (room
bleed): that is what makes attribution by channel a real task rather than a lookup. The facilitator's
loudspeaker, which no mic belongs to, reaches every mic at the same level. Noise and a touch of reverb
are added last; the ground truth is measured on the dry clips, so it says where people spoke, not where
the room made sound.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.audio.wavfile import write_wav
from facilitator.sim.truth import GroundTruth, ground_truth

NOISE_BLOCK = 1 << 18
"""Noise is shaped in blocks of this many samples, so a long mix never needs one huge FFT."""
PINK_FROM_HZ = 50.0
"""The noise is flat below this: pink all the way down would put its power in inaudible rumble."""


@dataclass(frozen=True)
class Placement:
    """One clip on the timeline: `speaker` starts playing `audio` (float32, SAMPLE_RATE) at `start` seconds.

    `kind` says what the line is meant to be ("turn", "backchannel", "interruption", "prompt"); the
    mixer only carries it into the ground truth.
    """

    speaker: str
    start: float
    audio: np.ndarray
    text: str
    kind: str = "turn"


@dataclass(frozen=True)
class Room:
    """How the room and its microphones colour the clips.

    `mics[i]` is the person whose mic is channel i. Each person reaches every other person's mic
    `bleed_db` quieter and `bleed_delay_ms` later; anyone without a mic (the facilitator's
    loudspeaker) reaches every mic, and the shared mic, `loudspeaker_db` down. `snr_db` sets pink
    background noise against each channel's speech level (None for none); `reverb_s` is the RT60 of a
    mild synthetic reverb (0 for dry). `seed` fixes the noise and the reverb.
    """

    mics: tuple[str, ...] = ("A", "B")
    bleed_db: float = -12.0
    bleed_delay_ms: float = 3.0
    loudspeaker_db: float = -6.0
    snr_db: float | None = 35.0
    reverb_s: float = 0.0
    tail_s: float = 0.5
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.mics or len(set(self.mics)) != len(self.mics):
            raise ValueError(f"Room.mics = {self.mics!r}; name each mic's person once")
        if self.bleed_delay_ms < 0 or self.reverb_s < 0 or self.tail_s < 0:
            raise ValueError("Room delays, reverb and tail cannot be negative")

    def path(self, speaker: str, mic: str | None) -> tuple[float, int]:
        """Gain and delay (in samples) from `speaker` to the mic of person `mic` (None: the shared
        mic), so a live simulated room and the offline mixer colour speech the same way."""
        if speaker not in self.mics:
            return _gain(self.loudspeaker_db), 0
        if mic is None or mic == speaker:
            return 1.0, 0
        return _gain(self.bleed_db), round(self.bleed_delay_ms / 1000 * SAMPLE_RATE)


@dataclass(frozen=True)
class Mix:
    """A rendered conversation: what a shared mic and one mic per person hear, and the truth."""

    mono: np.ndarray
    """float32 (n,): one microphone shared by everyone."""
    mics: np.ndarray
    """float32 (len(room.mics), n): channel i is the mic of room.mics[i]."""
    truth: GroundTruth
    room: Room
    rate: int = SAMPLE_RATE

    def save(self, folder: Path, name: str) -> list[Path]:
        """Write NAME_mono.wav, NAME_mics.wav, NAME.json (truth and room) and NAME.rttm."""
        folder.mkdir(parents=True, exist_ok=True)
        files = [folder / f"{name}{end}" for end in ("_mono.wav", "_mics.wav", ".json", ".rttm")]
        write_wav(files[0], self.mono, self.rate)
        write_wav(files[1], self.mics, self.rate)
        files[2].write_text(self.truth.to_json(rate=self.rate, room=dataclasses.asdict(self.room)))
        files[3].write_text(self.truth.rttm(name))
        return files


def _gain(db: float) -> float:
    return 10 ** (db / 20)


def _reverb(audio: np.ndarray, impulse: np.ndarray) -> np.ndarray:
    size = 1 << int(np.ceil(np.log2(len(audio) + len(impulse))))
    wet = np.fft.irfft(np.fft.rfft(audio, size) * np.fft.rfft(impulse, size), size)
    return wet[: len(audio) + len(impulse) - 1]


def _impulse(rt60: float, rng: np.random.Generator) -> np.ndarray:
    """A direct sound plus an exponentially decaying noise tail about 10 dB below it: a mild room."""
    n = max(1, round(rt60 * SAMPLE_RATE))
    tail = rng.standard_normal(n) * np.exp(-6.91 * np.arange(n) / n)
    tail[: round(0.005 * SAMPLE_RATE)] = 0.0
    tail *= _gain(-10) / max(np.sqrt(np.sum(tail**2)), 1e-12)
    tail[0] = 1.0
    return tail


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS noise with a 1/f spectrum, like the hum and hiss of a living room."""
    out = np.empty(n)
    for at in range(0, n, NOISE_BLOCK):
        size = min(NOISE_BLOCK, n - at)
        spectrum = np.fft.rfft(rng.standard_normal(size))
        freq = np.fft.rfftfreq(size)
        spectrum /= np.sqrt(np.maximum(freq, PINK_FROM_HZ / SAMPLE_RATE))
        spectrum[0] = 0.0
        out[at : at + size] = np.fft.irfft(spectrum, size)
    return out / max(np.sqrt(np.mean(out**2)), 1e-12)


def _speech_mask(truth: GroundTruth, speakers: Sequence[str], n: int) -> np.ndarray:
    mask = np.zeros(n, bool)
    for speaker in speakers:
        for a, b in truth.speech(speaker):
            mask[round(a * SAMPLE_RATE) : round(b * SAMPLE_RATE)] = True
    return mask


def _add_noise(
    channel: np.ndarray, mask: np.ndarray, snr_db: float, rng: np.random.Generator
) -> None:
    """Pink noise `snr_db` below the channel's level while its own people speak."""
    speech = channel[mask] if mask.any() else channel
    level = max(float(np.sqrt(np.mean(speech**2))), 1e-4)
    channel += pink_noise(len(channel), rng) * level * _gain(-snr_db)


def _fit(audio: np.ndarray) -> np.ndarray:
    """float32, scaled down as a whole if it would clip (levels between channels are kept)."""
    peak = float(np.abs(audio).max(initial=0.0))
    return (audio * (0.95 / peak if peak > 0.95 else 1.0)).astype(np.float32)


def mix(placements: Sequence[Placement], room: Room | None = None) -> Mix:
    """Render the timeline into a shared-mic mix and a mic-per-person mix, with its ground truth."""
    room = room or Room()
    if not placements:
        raise ValueError("nothing to mix: no placements")
    for p in placements:
        if p.start < 0 or p.audio.ndim != 1:
            raise ValueError(f"clip of {p.speaker} at {p.start}: needs a start >= 0 and mono audio")
    rng = np.random.default_rng(room.seed)
    impulse = _impulse(room.reverb_s, rng) if room.reverb_s > 0 else None
    ring = len(impulse) if impulse is not None else 0
    end = max(round(p.start * SAMPLE_RATE) + len(p.audio) for p in placements)
    longest_delay = max(room.path(s, m)[1] for s in room.mics for m in room.mics)
    n = end + longest_delay + ring + round(room.tail_s * SAMPLE_RATE)
    mono = np.zeros(n)
    mics = np.zeros((len(room.mics), n))
    for p in placements:
        audio = p.audio.astype(np.float64)
        if impulse is not None:
            audio = _reverb(audio, impulse)
        at = round(p.start * SAMPLE_RATE)
        for out, mic in [(mono, None), *zip(mics, room.mics, strict=True)]:
            gain, delay = room.path(p.speaker, mic)
            out[at + delay : at + delay + len(audio)] += audio * gain
    truth = ground_truth(placements, n / SAMPLE_RATE)
    if room.snr_db is not None:
        _add_noise(mono, _speech_mask(truth, truth.speakers, n), room.snr_db, rng)
        for channel, person in enumerate(room.mics):
            _add_noise(mics[channel], _speech_mask(truth, [person], n), room.snr_db, rng)
    return Mix(_fit(mono), _fit(mics), truth, room)
