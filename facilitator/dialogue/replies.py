"""What a partner's reply means to the facilitator, from a noisy transcript.

Whisper tiny gives "Mm-hmm.", "yeah yeah", "No, that's it." and misheard words, so exact matching is out.
Each question has a table of phrases with a weight: a bare "yes" or "no" counts little, a phrase
("you got it", "that's all", "not quite") counts more, and the longest phrase wins where two overlap, so
"not quite" is not read as "quite" and "no, you got it" is a yes. A tie or nothing at all is UNCLEAR and
the engine asks once. A long reply with no answer in it is content: to "Did I get that?" it is a
correction, to "Is there more?" it is the next piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from facilitator.dialogue.coaching import wordset
from facilitator.text import words


class Reply(StrEnum):
    YES = "yes"
    NO = "no"
    PARTLY = "partly"
    MORE = "more"
    NO_MORE = "no_more"
    AGREE = "agree"
    LATER = "later"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Answer:
    reply: Reply
    content: bool = False
    """The reply carries more than the answer (a correction, the next piece, a reason)."""
    time: str = ""
    """A later time the reply names ("tomorrow after dinner"), for the appointment."""


CONTENT_WORDS = 4
"""Words beyond the answer itself from which a reply counts as carrying content."""

_FILLERS = frozenset({"uh", "um", "umm", "uhm", "er", "erm", "ah", "hmm", "hm", "oh", "well"})
_CANON = {
    **dict.fromkeys(("yeah", "yea", "yep", "yup", "ya", "yah", "yeh", "yess", "aye", "mhm"), "yes"),
    **dict.fromkeys(("nope", "nah", "naw", "nuhuh"), "no"),
    **dict.fromkeys(("ok", "okey", "k"), "okay"),
    "thats": "that's", "its": "it's", "im": "i'm", "ive": "i've", "dont": "don't",
    "didnt": "didn't", "theres": "there's", "isnt": "isn't", "lets": "let's", "youve": "you've",
}  # fmt: skip
_SOUNDS = (
    (re.compile(r"\bu+h+[- ]?h+u+h+\b|\bm+[- ]?h+m+\b"), " mhm "),
    (re.compile(r"\b(?:uh-uh|mm-mm|nuh-uh|nuh uh)\b"), " nuhuh "),
)


def tokens(text: str) -> list[str]:
    """Normalized words: sounds like "mm-hmm" as words, fillers dropped, "yeah yeah" said once."""
    low = text.lower().replace("’", "'")
    for pattern, repl in _SOUNDS:
        low = pattern.sub(repl, low)
    out: list[str] = []
    for w in words(low):
        w = _CANON.get(w, w)
        if w not in _FILLERS and (not out or out[-1] != w):
            out.append(w)
    return out


_THATS = r"(?:that's|that is|it's|it is)"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of?)"
_DAY = r"(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TIMES = (
    r"tomorrow(?: morning| afternoon| evening| night)?",
    r"tonight",
    r"this (?:evening|afternoon|morning|weekend)",
    r"after (?:dinner|lunch|breakfast|work|school|the \w+|i \w+ \w+)",
    r"before (?:dinner|lunch|bed|bedtime)",
    rf"in (?:an|a|{_NUM}) (?:minutes?|hours?|days?|half an hour)",
    rf"(?:give me|after) (?:an|a|{_NUM}) (?:minutes?|hours?)",
    r"in half an hour",
    rf"at (?:\d+(?: \d+)?|{_NUM}|noon|midnight)(?: o'clock| thirty| pm| am| p m| a m)?",
    r"\d+ ?(?:pm|am|p m|a m|o'clock)",
    r"(?:on )?the weekend",
    r"next (?:week|weekend)",
    _DAY,
    r"later(?: today| tonight| on)?",
)

# (label, weight, phrases). A phrase is a regex over normalized tokens, matched as whole words.
_Table = tuple[tuple[Reply, int, tuple[str, ...]], ...]

# fmt: off
CONFIRM: _Table = (
    (Reply.YES, 1, ("yes", "sure", "right", "okay", "alright", "all right", "good", "great",
                    "true", "indeed", "i suppose")),
    (Reply.YES, 2, (
        r"(?:you(?:'ve| have)? )?got (?:it|that|me|it all|all of it|all that|everything|it right)",
        r"you get it", r"you did", r"yes you did", r"you heard (?:me|it|that)",
        rf"{_THATS} (?:right|correct|it|exactly it|exactly right|spot on|true|perfect|everything"
        r"|what i said|what i meant|exactly what i said|about right|all of it|all)",
        r"exactly", r"precisely", r"correct", r"spot on", r"perfect(?:ly)?", r"absolutely",
        r"definitely", r"of course", r"pretty much", r"nailed it", r"totally", r"bingo", r"i think so", r"i guess so",
        r"you understood", r"(?:that )?sounds (?:right|good|about right)", r"all good",
        r"close enough", r"nothing (?:was )?(?:missed|missing|left out)", r"nothing",
        r"(?:you )?didn't miss (?:anything|a thing)", r"very (?:good|well)",
    )),
    (Reply.NO, 1, ("no",)),
    (Reply.NO, 2, (
        r"not (?:at all|really|right|correct|true|it|what i (?:said|meant))",
        rf"(?:{_THATS} not|that isn't|it isn't) (?:it|right|correct|true|what i (?:said|meant))",
        r"you (?:didn't|did not|don't) (?:get|understand) (?:it|that|me)", r"i don't think so",
        r"you missed (?:it|the point|everything|a lot)", r"missed the point", r"wrong",
        r"incorrect", r"(?:you(?:'ve| have)? )?got it wrong", r"no you didn't", r"not even close",
        r"(?:you )?misunderstood", r"i didn't say that", r"that's not what i",
    )),
    (Reply.PARTLY, 3, (
        r"mostly", r"partly", r"partially", r"kind of", r"kinda", r"sort of", r"sorta", r"almost",
        r"not quite", r"not exactly", r"not entirely", r"not completely", r"not all(?: of it)?",
        r"not (?:totally|fully)", r"half(?:way)?",
        r"not everything", r"nearly", r"close", r"some of it", r"part of it", r"most of it",
        r"a little", r"a bit", r"somewhat", r"more or less", r"in part", r"yes and no",
        r"you (?:left out|forgot|skipped|missed)", r"except", r"apart from", r"but also",
    )),
)

MORE: _Table = (
    (Reply.MORE, 1, ("yes", "sure", "actually", "maybe", "a little")),
    (Reply.MORE, 2, (
        r"there(?:'s| is) (?:more|something|another|one more|a little more)", r"there is",
        r"i (?:have|got|do have|still have) (?:more|something|one more|another|a little more)",
        r"i've got (?:more|something|one more|another)", r"one more(?: thing)?", r"another thing",
        r"also", r"and also", r"a (?:little|bit) more", r"i do", r"yes i do", r"not yet",
        r"i'm not (?:done|finished)", r"not (?:done|finished)", r"more to say", r"something else",
        rf"{_THATS} not all", r"that isn't all", r"wait", r"i (?:want|would like|'d like) to add",
        r"let me add", r"more", r"one (?:thing|other thing)", r"yes there is", r"actually yes",
    )),
    (Reply.NO_MORE, 1, ("no",)),
    (Reply.NO_MORE, 2, (
        rf"{_THATS} (?:it|all|everything|about it|enough|all i have|all i've got"
        r"|all for now|it for now|all i wanted to say)",
        r"nothing(?: else| more)?", r"no more", r"i'm (?:done|finished|good|all done|okay)",
        r"i am (?:done|finished)", r"all done", r"done", r"finished", r"(?:that )?covers it",
        r"i(?:'ve| have) said (?:it all|everything|all of it|enough|what i wanted|all)",
        r"not really", r"i don't think so", r"that'll do", r"there isn't(?: anything)?",
        r"there's (?:nothing|no more)", r"i don't have (?:anything|any more|more)",
        r"i don't think (?:there's|there is) (?:anything|any more|more)(?: else)?",
        r"not anything else", r"nothing (?:more )?to add",
        r"not (?:right now|at the moment|for now)", r"i'm good",
    )),
)

APPOINTMENT: _Table = (
    (Reply.AGREE, 1, ("yes", "sure", "okay", "alright", "all right", "fine", "good", "great",
                      "absolutely", "definitely", "right", "ready")),
    (Reply.AGREE, 2, (
        r"now (?:is|would be|'s)? ?(?:a )?(?:good|fine|great|okay|perfect|works|good time)",
        r"now's (?:good|fine|great|okay|perfect)", r"(?:this|that|now) works",
        r"(?:sounds|that's|that is) (?:good|fine|great|okay)", r"go ahead",
        r"let's (?:do it|do this|talk|go|start|begin|do that)", r"i'm (?:ready|free|listening)",
        r"i am (?:ready|free)", rf"{_THATS} a good time", r"good time", r"right now", r"why not",
        r"of course", r"yes it is", r"it is", r"i can", r"go for it", r"i have time",
    )),
    (Reply.LATER, 1, ("no",)),
    (Reply.LATER, 2, (
        r"not (?:now|right now|a good time|a great time|today|yet|really|at the moment)",
        rf"{_THATS} not a good time", r"(?:a )?bad time", r"another time", r"some other time",
        r"(?:i'm|i am) (?:busy|tired)", r"can (?:it|this|we) wait", r"i can't(?: right now| now)?",
        r"i'd rather (?:wait|not)", *_TIMES,
    )),
)
# fmt: on

_COMMANDS_ANYWHERE = (
    ("time_out", (r"time out", r"timeout", r"take a break", r"(?:i|we) need a break",
                  r"break please")),
    ("end", (r"(?:end|and|stop|finish|close) (?:the|this) (?:session|dialogue|conversation)",
             r"end session", r"let's (?:stop|end|finish) (?:here|for today|now|this)",
             r"we're done for today", r"end it here", r"that's enough for today")),
    ("repeat", (r"repeat(?: that| it| the question| please)?", r"say (?:that|it) again",
                r"come again", r"what did you say", r"what was that", r"one more time",
                r"i didn't (?:hear|catch) (?:that|it|you)")),
    ("skip", (r"skip(?: this| it| that)?(?: step| part| one)?",)),
    ("back", (r"go back(?: a step| one step| to the last step)?", r"previous step", r"back up")),
    ("pause", (r"hold on", r"hang on", r"wait a (?:minute|moment|second|sec)",
               r"stop for a (?:moment|minute|second)", r"pause(?: please| for a moment)?")),
    ("resume", (r"resume", r"let's (?:continue|go on|keep going|resume|carry on)", r"carry on",
                r"keep going", r"we're (?:back|ready)", r"we are (?:back|ready)", r"i'm back",
                r"unpause")),
)  # fmt: skip
_COMMANDS_WHOLE = (
    ("pause", (r"stop", r"paws", r"wait", r"one (?:moment|minute|second)")),
    ("resume", (r"continue", r"go on", r"back again")),
    ("repeat", (r"what", r"huh", r"pardon", r"sorry")),
    ("back", (r"back",)),
)
_POLITE = wordset(
    "please can could would will we you i let's need to want like i'd okay sorry now just maybe "
    "for a the us me right quick quickly oh"
)
_NEGATION = frozenset({"don't", "not", "never", "won't", "can't", "shouldn't"})
COMMAND_MAX_WORDS = 10
"""A command is a short utterance; a command word inside a longer one is content ("I need a pause
from work"), so only utterances up to this many words are read as commands."""


def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\S)(?:" + "|".join(phrases) + r")(?!\S)")


def _compile_table(table: _Table) -> list[tuple[Reply, int, re.Pattern[str]]]:
    return [(label, weight, _compile(phrases)) for label, weight, phrases in table]


_TABLES = {name: _compile_table(t) for name, t in
           (("confirm", CONFIRM), ("more", MORE), ("appointment", APPOINTMENT))}  # fmt: skip
_TIME = _compile(_TIMES)
_ANYWHERE = [(name, _compile(p)) for name, p in _COMMANDS_ANYWHERE]
_WHOLE = [(name, re.compile("(?:" + "|".join(p) + ")")) for name, p in _COMMANDS_WHOLE]


def _score(line: str, table: str) -> tuple[dict[Reply, int], int]:
    """Weight per label from non-overlapping matches (longest first), and the words left over."""
    found = []
    for label, weight, pattern in _TABLES[table]:
        for m in pattern.finditer(line):
            found.append((m.end() - m.start(), weight, m.start(), m.end(), label))
    found.sort(key=lambda f: (-f[0], -f[1], f[2]))
    taken: list[tuple[int, int]] = []
    scores: dict[Reply, int] = {}
    for _, weight, start, end, label in found:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            scores[label] = scores.get(label, 0) + weight
    left = line
    for s, e in sorted(taken, reverse=True):
        left = left[:s] + " " + left[e:]
    return scores, len(left.split())


def _decide(scores: dict[Reply, int]) -> Reply:
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return Reply.UNCLEAR
    return ranked[0][0]


def confirm(text: str) -> Answer:
    """A Sender's answer to "Did I get that?" (or "...it all?", "Is that what you feel?")."""
    toks = tokens(text)
    scores, left = _score(" ".join(toks), "confirm")
    if scores.get(Reply.YES) and {"but", "though", "although"} & set(toks):
        scores[Reply.PARTLY] = scores.get(Reply.PARTLY, 0) + 3
    reply = _decide(scores)
    if not scores and left >= CONTENT_WORDS:
        reply = Reply.PARTLY
    return Answer(reply, content=left >= CONTENT_WORDS)


def more(text: str) -> Answer:
    """A Sender's answer to "Is there more?"."""
    scores, left = _score(" ".join(tokens(text)), "more")
    reply = _decide(scores)
    if not scores and left >= CONTENT_WORDS:
        reply = Reply.MORE
    return Answer(reply, content=left >= CONTENT_WORDS)


def later_time(text: str) -> str:
    """The times a reply names, in order ("tomorrow at 7"), or "" when it names none."""
    return " ".join(m.group(0) for m in _TIME.finditer(" ".join(tokens(text))))


def appointment(text: str) -> Answer:
    """A Receiver's answer to "Is now a good time?": agreement, or a later time (maybe unnamed)."""
    scores, left = _score(" ".join(tokens(text)), "appointment")
    when = later_time(text)
    reply = Reply.LATER if when else _decide(scores)
    return Answer(reply, content=left >= CONTENT_WORDS, time=when)


def command(text: str) -> str | None:
    """The voice command a short utterance gives (pause, resume, repeat, skip, back, time_out, end)."""
    toks = tokens(text)
    if not toks or len(toks) > COMMAND_MAX_WORDS:
        return None
    core = " ".join(t for t in toks if t not in _POLITE)
    for name, pattern in _WHOLE:
        if pattern.fullmatch(core):
            return name
    line = " ".join(toks)
    for name, pattern in _ANYWHERE:
        m = pattern.search(line)
        if m and not _NEGATION & set(line[: m.start()].split()):
            return name
    return None


_ASKED_CONFIRM = _compile((
    r"did i get (?:it|that|this|all|everything|it all|all of it|all of that|it right)",
    r"is that (?:what|how|right|it|correct)", r"did i (?:hear|understand|miss)",
    r"am i (?:right|close|getting)", r"have i got", r"does that sound (?:right|accurate)",
))  # fmt: skip
_ASKED_NOW = _compile((
    r"(?:is )?now (?:a )?(?:good|okay|ok|fine|a good time)", r"good time", r"can we talk",
    r"do you have (?:time|a minute|a moment)", r"are you (?:free|available|ready)",
    r"is this okay", r"would now",
))  # fmt: skip


def asked_confirmation(text: str) -> bool:
    """Whether a Receiver's turn ended by asking "Did I get that?" (so the facilitator need not)."""
    return bool(_ASKED_CONFIRM.search(" ".join(tokens(text))))


def asked_if_now(text: str) -> bool:
    """Whether the Sender's appointment request already asked "Is now a good time?"."""
    return bool(_ASKED_NOW.search(" ".join(tokens(text))))


_NAME_LEADS = re.compile(r"(?:my name is|my name's|name is|i'm|i am|this is|it's|call me)\s+(\S+)")
_NOT_NAMES = wordset(
    "yes no hi hello hey okay and the a so sure i my name is it's this that well good thanks"
)


def extract_name(text: str) -> str | None:
    """A partner's name from "My name is Anna", "Hi, I'm Ben.", "Anna." (None when none is heard)."""
    toks = tokens(text)
    line = " ".join(toks)
    m = _NAME_LEADS.search(line)
    candidates = [m.group(1)] if m else [t for t in toks[:3] if t not in _NOT_NAMES]
    for word in candidates:
        if word not in _NOT_NAMES and word.isalpha():
            return word.capitalize()
    return None


def pick_sender(text: str, speaker: str, names: dict[str, str]) -> str:
    """Who offered to send first: a partner named in the reply, "you go first" (the other), or the
    speaker ("me", "I will", or anything else: whoever answers is taken to be volunteering)."""
    toks = tokens(text)
    for who, name in names.items():
        if name and name.lower() in toks:
            return who
    line = " ".join(toks)
    if re.search(r"(?<!\S)(?:you (?:go|start|first|can|should|begin)|after you)(?!\S)", line):
        return "B" if speaker == "A" else "A"
    return speaker


_ASKING = re.compile(r"[,;]|\s(?:is now|is this|can we|could we|do you|if now|would now)\b", re.I)


def extract_topic(text: str) -> str:
    """The topic of an appointment request ("I'd like to talk about our evenings. Is now...?")."""
    sentence = re.split(r"[.?!]", text.strip(), maxsplit=1)[0]
    m = re.search(r"\babout\s+(.+)", sentence, re.IGNORECASE)
    topic = _ASKING.split(m.group(1) if m else sentence, maxsplit=1)[0].strip(" ,")
    return " ".join(topic.split()[:12])
