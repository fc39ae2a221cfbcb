"""A partner's answer to "Do you agree to the recording?": only a clear yes records.

The other questions weigh phrases and let the heavier side win, which is right for "Did I get that?"
(a misheard yes costs one more mirror) but wrong here, where a misread answer records someone who said
no: weighed that way "Absolutely not." is "absolutely", and "Nothing should be recorded." is "nothing
was missed". So consent is read the other way round. A refusal or a negation anywhere is a no; a hedge
("not sure", "I guess"), a condition ("if", "but", "as long as") or a question back is unclear; and a
yes is an answer made only of affirmative words and a few plain ones ("yes, that's fine with me"). Any
word outside those lists makes the answer unclear, never a yes.
"""

from __future__ import annotations

import re

from facilitator.dialogue.replies import Reply, tokens

_NEGATIONS = frozenset({
    "no", "not", "never", "nothing", "none", "nobody", "neither", "nor", "cannot",
    "dont", "cant", "wont", "doesnt", "wouldnt", "shouldnt", "couldnt", "arent", "wasnt", "werent",
    "havent", "hasnt", "refuse", "disagree", "decline", "object", "against", "uncomfortable",
    "stop", "off",
})  # fmt: skip
"""Words that refuse, or turn an affirmative round; any word ending in n't is one too."""

# Phrases that make an answer unclear wherever they stand: a "not" inside them is no refusal ("I don't
# mind", "not sure"), so they are taken out before negations are looked for, and the answer is at most
# unclear. Regexes over normalized tokens, matched as whole words.
_UNSURE = (
    r"(?:i )?don't see why not", r"why not", r"(?:i )?don't mind", r"no problem", r"not a problem",
    r"no worries", r"no objections?", r"(?:i )?don't care", r"doesn't matter",
    r"(?:i'm |i am )?not (?:sure|certain)", r"(?:i )?don't know", r"dunno", r"undecided", r"unsure",
    r"maybe", r"perhaps", r"probably", r"possibly", r"could be", r"might", r"i guess(?: so)?",
    r"i suppose(?: so)?", r"i think(?: so)?", r"kind of", r"sort of", r"kinda", r"sorta",
    r"(?:it )?depends", r"let me think", r"think about it", r"whatever", r"if you (?:want|like|must)",
    r"as long as", r"if", r"unless", r"but", r"though", r"although", r"only", r"except",
    r"provided", r"providing", r"condition", r"conditions",
)  # fmt: skip

_AFFIRMATIVE = (
    r"yes", r"sure", r"okay", r"alright", r"all right", r"fine", r"good", r"great", r"right",
    r"agree", r"agreed", r"consent", r"absolutely", r"definitely", r"certainly", r"of course",
    r"i do", r"go ahead", r"go for it", r"happy", r"permission",
    r"(?:you )?(?:can|may) record", r"record (?:it|us|this|that)", r"please record",
)  # fmt: skip
_PLAIN = frozenset({
    "i", "i'm", "am", "me", "my", "you", "us", "we", "it", "it's", "that", "that's", "this", "is",
    "with", "by", "to", "for", "the", "a", "and", "so", "please", "thank", "thanks", "thing", "have",
    "give", "be", "being", "record", "recorded", "recording", "sounds", "do", "very", "much", "totally",
    "can", "may",
})  # fmt: skip
"""Words a clear yes may carry besides its affirmatives."""


def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\S)(?:" + "|".join(phrases) + r")(?!\S)")


_UNSURE_RE, _AFFIRMATIVE_RE = _compile(_UNSURE), _compile(_AFFIRMATIVE)


def _negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")


def answer(text: str) -> Reply:
    """YES only for a clear yes; NO for a refusal, a negated or taken-back yes; else UNCLEAR (hedged,
    conditional, a question back, off-topic, nothing heard)."""
    line, unsure = _UNSURE_RE.subn(" ", " ".join(tokens(text)))
    if any(_negation(w) for w in line.split()):
        return Reply.NO
    if unsure or "?" in text:
        return Reply.UNCLEAR
    rest, affirmatives = _AFFIRMATIVE_RE.subn(" ", line)
    if affirmatives and all(w in _PLAIN for w in rest.split()):
        return Reply.YES
    return Reply.UNCLEAR
