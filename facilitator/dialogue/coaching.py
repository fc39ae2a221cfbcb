"""Gentle checks on what partners say, the ones a facilitator makes by ear.

Each check reads transcripts only and returns a `Finding` (or None); the engine journals every finding
and decides whether to say the matching suggestion (prompt "coach.<check>"). The checks are cheap word
tests, tuned to fire on clear cases: a suggestion that fires wrongly costs more trust than a missed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.text import words


@dataclass(frozen=True)
class Finding:
    check: str
    """"rebuttal", "low_kept", "i_statement", "long_piece", "validation_stem" or "empathy_stem"."""
    detail: str


_REBUTTAL = re.compile(
    r"\b(?:but|you also|that's not (?:what happened|true|fair|right)|actually|to be fair"
    r"|in my (?:view|opinion)|what about (?:you|me)|you're (?:wrong|exaggerating|overreacting)"
    r"|i didn't|i never|i always|not my fault|the (?:truth|real problem) is|well you)\b"
)
_ALWAYS_NEVER = re.compile(
    r"\b(?:you (?:always|never|constantly|don't ever|won't ever)|you're always|you are always"
    r"|you've never|you have never|every (?:single )?time you)\b"
)
_STEMS = {
    "validation_stem": re.compile(
        r"\b(?:makes? sense|making sense|make since|i (?:can )?(?:see|understand|get) why"
        r"|i (?:can )?understand|understandable)\b"
    ),
    "empathy_stem": re.compile(r"\b(?:imagine|feel|feels|feeling|felt)\b"),
}


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one string (word lists read better that way)."""
    return frozenset(text.split())


_STOP = wordset(
    """a about after again all also am an and any are as at be because been before being but by can
    could did do does doing don't down for from get got had has have having he her here hers him his
    how i i'd i'll i'm i've if in into is it it's its just know like me more most my myself no not now
    of off on once only or other our out over own really said same say says she should so some such
    than that that's the their them then there these they this those through to too under until up
    very was we were what when where which while who why will with would you you're your yours yeah
    yes okay oh um uh well going get gets thing things lot kind sort"""
)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(" ".join(words(text)))
    return m.group(0) if m else None


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The words that carry a message, stemmed so "worried" and "worry" meet."""
    return {_stem(w) for w in words(text) if w not in _STOP and not w.isdigit()}


MIN_CONTENT = 4
"""A piece with fewer content words than this is too short to judge how much a mirror kept."""


def kept(mirror: str, piece: str) -> float | None:
    """The share of the piece's content words the mirror repeated, or None for a very short piece."""
    said = content_words(piece)
    if len(said) < MIN_CONTENT:
        return None
    return len(said & content_words(mirror)) / len(said)


_FLIP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're",
    "i've": "you've", "i'd": "you'd", "you": "i", "your": "my", "yours": "mine", "you're": "i'm",
    "you've": "i've", "you'd": "i'd", "yourself": "myself",
}  # fmt: skip


def flipped(text: str) -> str:
    """The text from the other partner's side ("I also worry" -> "you also worry"), as a mirror says it."""
    return " ".join(_FLIP.get(w, w) for w in words(text))


def rebuttal(mirror: str, piece: str) -> Finding | None:
    """A mirror that argues or interprets ("but you also..."): words the Sender did not use, even
    turned around the way a mirror turns "I" into "you"."""
    cue = _first(_REBUTTAL, mirror)
    if cue is None:
        return None
    used = re.compile(rf"\b{re.escape(cue)}\b")
    if _first(used, piece) or _first(used, flipped(piece)):
        return None
    return Finding("rebuttal", f'the mirror added "{cue}"')


def low_kept(mirror: str, piece: str, minimum: float) -> Finding | None:
    share = kept(mirror, piece)
    if share is None or share >= minimum:
        return None
    return Finding("low_kept", f"the mirror kept {share:.0%} of the Sender's words")


def mirror(mirror_text: str, piece: str, minimum: float) -> list[Finding]:
    """Checks on a Receiver's mirror (or summary) of what the Sender said, most important first."""
    return [f for f in (rebuttal(mirror_text, piece), low_kept(mirror_text, piece, minimum)) if f]


def i_statement(piece: str) -> Finding | None:
    """A Sender's "you always / you never": criticism, where "I feel... when..." can be heard."""
    cue = _first(_ALWAYS_NEVER, piece)
    return Finding("i_statement", f'the Sender said "{cue}"') if cue else None


def long_piece(seconds: float, limit: float) -> Finding | None:
    """A piece too long to mirror: the Sender has been talking for `seconds` without a turn end."""
    if seconds < limit:
        return None
    return Finding("long_piece", f"the Sender spoke for {seconds:.0f} s without a break")


def stem(kind: str, text: str) -> Finding | None:
    """A validation or empathy said without its stem ("You make sense...", "I imagine...")."""
    check = f"{kind}_stem"
    if _first(_STEMS[check], text):
        return None
    return Finding(check, f"the {kind} did not use its stem")
