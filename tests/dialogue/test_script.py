"""Dialogue scripts: the shipped ones load, and every kind of mistake is reported with the file, the
entry and what is wrong, before a session starts."""

from __future__ import annotations

import re

import pytest

from facilitator import resources
from facilitator.dialogue import load_script
from facilitator.dialogue.script import COMMON_PROMPTS, KINDS
from facilitator.errors import ConfigError

SHIPPED = ["intentional", "appreciation", "behavior-change"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scripts_load(name: str) -> None:
    script = load_script(name)
    assert script.steps[-1].kind == "end"
    assert all(pid in script.prompts for pid in COMMON_PROMPTS)
    for step in script.steps:
        needed = KINDS[step.kind].prompts
        assert all(f"{step.id}.{p}" in script.prompts for p in needed)


def test_a_script_by_path(tmp_path) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_text((resources.dialogues_dir() / "appreciation.toml").read_text())
    assert load_script(copy).name == "mine"
    assert load_script(str(copy)).title == "Appreciation Dialogue"


def shipped(name: str = "intentional") -> str:
    return (resources.dialogues_dir() / f"{name}.toml").read_text()


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


END = '[[step]]\nid = "end"\n'
# (case, script text, entry named in the error, what it says)
BROKEN = [
    ("unknown step kind",
     edit(shipped(), 'kind = "respond"', 'kind = "reply"'), "step 'summary'.kind", "unknown step kind"),
    ("missing prompt",
     edit(shipped(), 'remirror = "{receiver}, please mirror that part."\nmore', "more"),
     "step 'send'.prompts.remirror", "missing prompt"),
    ("unreachable step",
     shipped() + '\n[[step]]\nid = "extra"\nkind = "each"\n[step.prompts]\nfirst = "x"\n'
     'second = "y"\n', "step 'extra'", "unreachable: it comes after the end step 'end'"),
    ("unknown placeholder",
     edit(shipped(), "{receiver}, when would", "{partner}, when would"),
     "step 'appointment'.prompts.when", "unknown placeholder {partner}"),
    ("unknown key in a step",
     edit(shipped(), "optional = true\nconfirm", "optinal = true\nconfirm"),
     "step 'summary'.optinal", "unknown key"),
    ("unknown prompt of a step",
     edit(shipped(), 'next = "Go ahead, {sender}."', 'nxt = "Go ahead, {sender}."'),
     "step 'send'.prompts.nxt", "unknown key"),
    ("dangling back_to",
     edit(shipped(), 'back_to = "send"', 'back_to = "sending"'), "step 'switch'.back_to",
     "'sending' is not an enabled step before it"),
    ("back_to a later step",
     edit(shipped(), 'back_to = "send"', 'back_to = "close"'), "step 'switch'.back_to",
     "is not an enabled step before it"),
    ("required step turned off",
     edit(shipped(), 'id = "validation"\n', 'id = "validation"\nenabled = false\n'),
     "step 'validation'.enabled", "only an optional step can be turned off"),
    ("no end step",
     edit(shipped(), 'kind = "end"', 'kind = "each"').replace('say = "Thank you both for listening',
                                                           'first = "x"\nsecond = "Thank you'),
     "step", "no 'end' step"),
    ("duplicate step id",
     edit(shipped(), 'id = "close"', 'id = "send"'), "step 'send'.id", "already used"),
    ("topic without an appointment",
     edit(shipped("appreciation"), "it's your turn", "{topic}, your turn"), "switch.say",
     "uses {topic}, but this dialogue has no appointment"),
    ("unknown common prompt",
     edit(shipped(), "[[step]]", '[prompts]\nwelcome = "Hi"\n\n[[step]]'), "prompts.welcome",
     "unknown key"),
    ("bad option value",
     edit(shipped("behavior-change"), "max_pieces = 3", "max_pieces = 30"),
     "step 'requests'.max_pieces", "30 is not allowed"),
    ("wrap_up_to unknown",
     edit(shipped(), 'wrap_up_to = "close"', 'wrap_up_to = "closing"'), "dialogue.wrap_up_to",
     "'closing' is not an enabled step"),
    ("empty prompt",
     edit(shipped(), 'say = "Thank you both for listening to each other today. This dialogue is '
                     'complete."', 'say = " "'), "step 'end'.prompts.say", "non-empty text"),
    ("not TOML", "[[step]\nid=", "", "not valid TOML"),
    ("no steps", '[dialogue]\ntitle = "x"\n', "step", "no steps"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "entry", "problem"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_script_names_file_entry_and_problem(tmp_path, case, text, entry, problem) -> None:
    file = tmp_path / "broken.toml"
    file.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_script(file)
    err = caught.value
    assert err.file == str(file) and err.key == entry
    assert problem in err.problem
    assert "\n" not in str(err)


def test_an_unknown_script_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ConfigError, match=re.escape(", ".join(sorted(SHIPPED)))):
        load_script("intentionl")


def test_a_reworded_prompt_is_said(talk, tmp_path) -> None:
    text = edit(
        shipped(), "[[step]]", '[prompts]\ncheckin = "Still with me, {a} and {b}?"\n\n[[step]]'
    )
    text = edit(text, "please begin.", "whenever you're ready, begin.")
    file = tmp_path / "reworded.toml"
    file.write_text(text)
    session = talk(str(file))
    session.turns(
        [("A", "I'd like to talk about our evenings. Is now a good time?"), ("B", "Yes.")]
    )
    assert session.texts()[-1].startswith("Anna, whenever you're ready, begin.")
    session.wait(31)
    assert session.texts()[-1] == "Still with me, Anna and Ben?"


def test_a_send_step_without_more_needs_no_more_prompts(tmp_path) -> None:
    text = edit(shipped(), "more = true\n", "more = false\n")
    text = edit(text, 'more = "{sender}, is there more about that?"\n', "")
    text = edit(text, 'next = "Go ahead, {sender}."\n', "")
    file = tmp_path / "once.toml"
    file.write_text(text)
    assert "send.more" not in load_script(file).prompts
