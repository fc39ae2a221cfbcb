"""Words of a transcript, normalized the same way wherever transcripts are compared or scored."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation ("Did I get that?" -> ["did", "i", "get", "that"])."""
    return _WORD.findall(text.lower().replace("’", "'"))


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word-level edit distance over the reference length (0.0 = identical)."""
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return float(bool(hyp))
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / len(ref)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_I = frozenset(("i", "i'm", "i've", "i'd", "i'll"))
_YOU = frozenset(("you", "you're", "you've", "you'd", "you'll", "your"))


def sentences(text: str) -> list[str]:
    """A transcript cut at sentence ends (Whisper punctuates), empty pieces dropped."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if words(s)]


def statement_person(sentence: str) -> str | None:
    """Whose statement a sentence is: "I" when it has an "I" subject ("When you're late, I worry"),
    "you" when it speaks of "you" with no "I" in it ("You never call"), else None."""
    said = set(words(sentence))
    if said & _I:
        return "I"
    return "you" if said & _YOU else None
