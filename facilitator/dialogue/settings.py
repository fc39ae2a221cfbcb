"""The numbers the dialogue engine works with, taken from the configuration in one place.

The engine gets these as plain data (seconds, not minutes; no Config object), so it stays a pure function
of its inputs and a test can build one with only the values it cares about.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.config import Config


@dataclass(frozen=True)
class EngineSettings:
    end_of_turn_s: float = 1.8
    short_answer_end_s: float = 0.7
    interruption_min_s: float = 0.5
    speech_hangover_s: float = 0.0
    """How late the pipeline reports that speech stopped (the VAD's end hangover)."""
    reaction: str = "chime"
    """What an interruption triggers: "chime", "voice" (a reminder at the next pause) or "log"."""
    time_limit_s: float = 30 * 60.0
    wrap_up_s: float = 3 * 60.0
    silence_checkin_s: float = 30.0
    silence_pause_s: float = 60.0
    timeout_s: float = 20 * 60.0
    long_piece_s: float = 60.0
    spoken_coaching: bool = True
    mirror_min_kept: float = 0.25
    first_sender: str = "A"
    """ "A", "B", or "ask"."""
    enroll: bool = False
    """Voices mode: each partner's first answer is their voice enrollment."""
    ask_recording: bool = False
    """Audio recording is allowed, so both partners are asked to agree to it."""

    @classmethod
    def from_config(cls, cfg: Config) -> EngineSettings:
        s = cfg.session
        return cls(
            end_of_turn_s=cfg.turns.end_of_turn_s,
            short_answer_end_s=cfg.turns.short_answer_end_s,
            interruption_min_s=cfg.interruptions.min_s,
            speech_hangover_s=cfg.vad.end_ms / 1000,
            reaction=cfg.interruptions.reaction,
            time_limit_s=s.time_limit_min * 60,
            wrap_up_s=s.wrap_up_min * 60,
            silence_checkin_s=s.silence_checkin_s,
            silence_pause_s=s.silence_pause_s,
            timeout_s=s.timeout_min * 60,
            long_piece_s=s.long_piece_s,
            spoken_coaching=s.spoken_coaching,
            mirror_min_kept=s.mirror_min_kept,
            first_sender=s.first_sender,
            enroll=cfg.speakers.mode == "voices",
            ask_recording=cfg.storage.record_audio,
        )
