"""Prompt placeholders are checked when a script loads: a brace with no partner, an unknown name or a
placeholder with a format after it is refused with the file, the entry and the fix; a prompt that loads
can always be spoken, whatever the names and topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.dialogue import Engine, EngineSettings, load_script
from facilitator.dialogue.events import Say
from facilitator.dialogue.script import PLACEHOLDERS
from facilitator.errors import ConfigError

SHORT = Path(__file__).resolve().parent.parent / "session" / "data" / "short.toml"


def _script(folder: Path, opening: str) -> Path:
    """The short test dialogue with its own opening words."""
    file = folder / "mine.toml"
    file.write_text(f"[prompts]\nopening = {json.dumps(opening)}\n" + SHORT.read_text())
    return file


def _spoken_opening(file: Path, names: dict[str, str]) -> str:
    engine = Engine(load_script(file), EngineSettings(), names)
    return next(a.text for a in engine.start(0.0) if isinstance(a, Say))


@pytest.mark.parametrize(
    ("opening", "problem"),
    [
        ("Welcome {a", "a { or } with no partner; write {{ or }} for a brace itself"),
        ("Welcome a}", "a { or } with no partner"),
        ("Welcome {a}}", "a { or } with no partner"),
        ("{ Welcome", "a { or } with no partner"),
        ("Welcome {a:d}", "write the placeholder as plain {a}, with no ! or : after it"),
        ("Welcome {a!x}", "write the placeholder as plain {a}"),
        ("Welcome {b:>{a}}", "write the placeholder as plain {b}"),
        ("Welcome {partner}", "unknown placeholder {partner}; use {sender}"),
        ("Welcome {}", "unknown placeholder {}"),
        ("Welcome {0}", "unknown placeholder {0}"),
        ("Welcome {a.upper}", "unknown placeholder {a.upper}"),
    ],
)
def test_a_bad_placeholder_is_refused_at_load(tmp_path: Path, opening: str, problem: str) -> None:
    file = _script(tmp_path, opening)
    with pytest.raises(ConfigError) as e:
        load_script(file)
    assert e.value.file == str(file) and e.value.key == "prompts.opening"
    assert problem in e.value.problem


def test_doubled_braces_are_spoken_as_braces(tmp_path: Path) -> None:
    file = _script(tmp_path, "Welcome {{a}}, {a}.")
    assert _spoken_opening(file, {"A": "Anna", "B": "Ben"}) == "Welcome {a}, Anna."


_PIECES = st.one_of(
    st.sampled_from(["{", "}", "{{", "}}", " ", "Hello", ":", "!r", ".", "0", ">5", "[0]"]),
    st.sampled_from([f"{{{p}}}" for p in PLACEHOLDERS]),
    st.sampled_from(PLACEHOLDERS),
)
_NAME = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=12)


@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join), _NAME, _NAME)
def test_a_prompt_that_loads_can_always_be_spoken(
    tmp_path_factory: pytest.TempPathFactory, opening: str, a: str, b: str
) -> None:
    file = _script(tmp_path_factory.mktemp("script"), opening)
    try:
        load_script(file)
    except ConfigError as e:
        assert e.key in ("prompts.opening", "opening")  # the second: {topic} with no appointment
        return
    assert isinstance(_spoken_opening(file, {"A": a, "B": b}), str)
