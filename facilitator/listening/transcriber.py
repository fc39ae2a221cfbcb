"""Speech to text with faster-whisper, one finished piece of speech at a time.

Whisper's encoder always reads a fixed window; the stock `transcribe()` pads every clip to 30 s, so a
one-second "yes" costs as much to encode as half a minute of speech. Here the log-Mel features are
computed once and padded to the window, and the CTranslate2 model is run directly through
faster-whisper's own decoding-with-fallback. A short clip (a short answer, the last bit of a turn) is
encoded in a `short_window_s` window: 3–4 times faster with the same words in our measurements
(benchmarks/listening.py). Longer clips keep the full 30 s, since there the short window lost a word now
and then; and no window is made shorter than about 10 s, where Whisper starts to repeat itself. This never touches the
model's feature extractor settings, unlike `transcribe(chunk_length=…)`, which changes them for every
later call.

Only audio the VAD called speech reaches this module: Whisper invents words on silence. As a second
guard, a piece the model itself judges to be no speech comes back as "".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from facilitator.audio.frames import SAMPLE_RATE
from facilitator.config import TranscriberSettings
from facilitator.text import words

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

FULL_WINDOW_S = 30
"""Whisper's native window; also the longest piece one call can take."""
SHORT_CLIP_S = 3.0
"""Clips up to this long use the short window."""
WINDOW_SLACK_S = 1.0
"""Room left after the speech inside a shortened window, so the last word is never at the edge."""
NO_SPEECH_PROB = 0.6
LOGPROB_THRESHOLD = -1.0
"""Whisper's own silence test (as in faster-whisper): likely no speech and a poorly scored decoding."""
TOKENS_PER_S = 10
"""Cap on decoded tokens per second of audio (speech is 3–5 tokens/s): a decoding stuck in a loop
stops early instead of running to Whisper's 448-token limit."""


class Transcriber:
    """A loaded Whisper model and the decoding options from the settings."""

    def __init__(self, model: WhisperModel, settings: TranscriberSettings) -> None:
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import TranscriptionOptions, get_suppressed_tokens

        self.model = model
        self.settings = settings
        language = settings.language if model.model.is_multilingual else "en"
        self._tokenizer = Tokenizer(
            model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language
        )
        self._prompt = model.get_prompt(self._tokenizer, [], without_timestamps=True)
        self._options = TranscriptionOptions(
            beam_size=settings.beam_size,
            best_of=5,
            patience=1.0,
            length_penalty=1.0,
            repetition_penalty=1.0,
            no_repeat_ngram_size=0,
            log_prob_threshold=LOGPROB_THRESHOLD,
            no_speech_threshold=NO_SPEECH_PROB,
            compression_ratio_threshold=2.4,
            condition_on_previous_text=False,
            prompt_reset_on_temperature=0.5,
            temperatures=[0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            initial_prompt=None,
            prefix=None,
            suppress_blank=True,
            suppress_tokens=get_suppressed_tokens(self._tokenizer, [-1]),
            without_timestamps=True,
            max_initial_timestamp=1.0,
            word_timestamps=False,
            prepend_punctuations="",
            append_punctuations="",
            multilingual=model.model.is_multilingual,
            max_new_tokens=None,
            clip_timestamps="0",
            hallucination_silence_threshold=None,
            hotwords=None,
        )

    def warm_up(self) -> None:
        """Run the model once on silence, so the first real utterance does not pay for its start-up
        (memory allocation, CPU caches) while a person waits."""
        for duration in (1.0, 2 * SHORT_CLIP_S):
            self.text(np.zeros(round(duration * SAMPLE_RATE), dtype=np.float32))

    def window_s(self, duration: float) -> int:
        """The encoder window for a clip of `duration` seconds."""
        if self.settings.short_window_s <= 0 or duration > SHORT_CLIP_S:
            return FULL_WINDOW_S
        fitted = math.ceil(duration + WINDOW_SLACK_S)
        return int(min(FULL_WINDOW_S, max(fitted, math.ceil(self.settings.short_window_s))))

    def text(self, audio: np.ndarray) -> str:
        """The words in one piece of speech (mono float32, 16 kHz, at most 30 s), or "" for none.

        A short window that judges the piece to be no speech is overruled by the full window: the
        VAD already heard a voice, and a one-word answer ("Yes.") sometimes scores as silence in a
        short window but never in the full one."""
        duration = len(audio) / SAMPLE_RATE
        if duration <= 0:
            return ""
        window = self.window_s(duration)
        text = self._decode(audio, window)
        if not text and window < FULL_WINDOW_S:
            text = self._decode(audio, FULL_WINDOW_S)
        return text

    def _decode(self, audio: np.ndarray, window_s: int) -> str:
        from dataclasses import replace

        from faster_whisper.audio import pad_or_trim

        duration = len(audio) / SAMPLE_RATE
        frames = window_s * SAMPLE_RATE // self.model.feature_extractor.hop_length
        features = pad_or_trim(self.model.feature_extractor(audio.astype(np.float32)), frames)
        encoded = self.model.encode(features)
        budget = min(int(TOKENS_PER_S * duration) + 20, self.model.max_length - len(self._prompt))
        options = replace(self._options, max_new_tokens=budget)
        result, logprob, _, _ = self.model.generate_with_fallback(
            encoded, self._prompt, self._tokenizer, options
        )
        if result.no_speech_prob > NO_SPEECH_PROB and logprob < LOGPROB_THRESHOLD:
            return ""
        text = self._tokenizer.decode(result.sequences_ids[0]).strip()
        return text if words(text) else ""
