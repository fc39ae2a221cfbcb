"""A simulated couple, as a file a person can write: who they are and what each says when prompted.

The room plays a line when the facilitator has finished the prompt it is cued by, so a scenario
follows the dialogue wherever the engine takes it (a repeated prompt, a correction loop) instead of a
fixed timeline. A line may carry overlapping speech by the other partner (an interruption, a
backchannel) placed at a moment inside it, with the expectation the tests check.

Format (TOML)::

    title = "Evenings together"
    dialogue = "intentional"            # the script the demo runs
    speakers = "channels"               # "channels" (a mic each) or "voices" (one shared mic)
    record = true                       # let the facilitator ask to record audio
    names_given = false                 # true: names given up front, as `session --names` does
    [partners.A]                        # and [partners.B]
    name = "Sam"                        # the name the partner says when asked
    pitch = 0.82                        # 1.0 = the bundled voice; < 1 lower, > 1 higher
    rate = 1.0                          # speaking rate
    [room]
    noise_db = -58                      # background noise level (dBFS)
    bleed_db = -12                      # each partner in the other's microphone
    [[line]]
    cue = "send.invite"                 # the prompt id after which this is said
    who = "sender"                      # "A", "B", "sender" or "receiver" (roles at that moment)
    say = "When I get home [pause 1.0] I feel tired."   # [pause S] = a thinking pause of S seconds
    gap = 0.6                           # seconds after the prompt ends (negative = talks over it)
    [[line.during]]                     # speech by someone else while this line is being said
    who = "receiver"
    at = 3.5                            # seconds after the line starts
    say = "But that's not fair."
    kind = "interruption"               # or "backchannel": what the facilitator should make of it
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator import resources
from facilitator.config import finite, read_toml
from facilitator.dialogue.script import Script, load_script
from facilitator.errors import ConfigError
from facilitator.sim.voices import PartnerVoice, parse_line

WHO = ("A", "B", "sender", "receiver")
CHAINED = "+"
"""The cue of a line said right after the line before it, with no prompt in between."""
KINDS = ("interruption", "backchannel", "turn")


@dataclass(frozen=True)
class During:
    who: str
    at: float
    say: str
    kind: str


@dataclass(frozen=True)
class Line:
    cue: str
    who: str
    say: str
    gap: float = 0.6
    during: tuple[During, ...] = ()


@dataclass(frozen=True)
class Partner:
    name: str
    voice: PartnerVoice


@dataclass(frozen=True)
class Scenario:
    title: str
    dialogue: str
    """A dialogue name, or the path of a script file (relative paths: from the scenario's folder)."""
    speakers: str
    record: bool
    names_given: bool
    partners: dict[str, Partner]
    noise_db: float
    bleed_db: float
    lines: tuple[Line, ...]
    file: str


def scenarios_dir() -> Path:
    return resources.config_dir() / "scenarios"


def _get(table: dict[str, Any], key: str, kind: type, file: Path, where: str, default: Any = None):
    value = table.get(key, default)
    ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if kind is float and ok and not finite(value):
        raise ConfigError(file, f"{where}{key}", f"{value} is not allowed; use a finite number")
    if not ok:
        noun = {str: "text", float: "a number", bool: "true or false", dict: "a table"}[kind]
        shown = "missing" if value is None else f"{value!r} is not allowed"
        raise ConfigError(file, f"{where}{key}", f"{shown}; use {noun}")
    return value


def _choice(value: str, allowed: tuple[str, ...], file: Path, key: str) -> str:
    if value not in allowed:
        raise ConfigError(file, key, f"{value!r} is not allowed; use one of {', '.join(allowed)}")
    return value


def _speech(text: str, file: Path, key: str) -> str:
    try:
        parse_line(text)
    except ValueError as e:
        raise ConfigError(file, key, str(e)) from None
    return text


def _line(entry: Any, i: int, file: Path) -> Line:
    where = f"line[{i + 1}]."
    if not isinstance(entry, dict):
        raise ConfigError(file, f"line[{i + 1}]", "must be a table, written [[line]]")
    during = []
    for j, d in enumerate(entry.get("during", [])):
        inner = f"{where}during[{j + 1}]."
        during.append(
            During(
                who=_choice(_get(d, "who", str, file, inner), WHO, file, inner + "who"),
                at=_get(d, "at", float, file, inner),
                say=_speech(_get(d, "say", str, file, inner), file, inner + "say"),
                kind=_choice(
                    _get(d, "kind", str, file, inner, "turn"), KINDS, file, inner + "kind"
                ),
            )
        )
    return Line(
        cue=_get(entry, "cue", str, file, where),
        who=_choice(_get(entry, "who", str, file, where), WHO, file, where + "who"),
        say=_speech(_get(entry, "say", str, file, where), file, where + "say"),
        gap=_get(entry, "gap", float, file, where, 0.6),
        during=tuple(during),
    )


def _dialogue(value: str, scenario: Path) -> str:
    return str(scenario.parent / value) if value.endswith(".toml") else value


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A bundled scenario by name ("evenings") or a scenario file, checked entry by entry."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = scenarios_dir() / f"{name_or_path}.toml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in scenarios_dir().glob("*.toml")))
            raise ConfigError(name_or_path, "", f"no such scenario; bundled: {known}")
    data = read_toml(path)
    partners = {}
    tables = _get(data, "partners", dict, path, "")
    for who in ("A", "B"):
        p = tables.get(who)
        if not isinstance(p, dict):
            raise ConfigError(path, f"partners.{who}", "missing; describe both partners A and B")
        where = f"partners.{who}."
        try:
            voice = PartnerVoice(
                pitch=_get(p, "pitch", float, path, where, 1.0),
                rate=_get(p, "rate", float, path, where, 1.0),
                volume=_get(p, "volume", float, path, where, 0.5),
            )
        except ValueError as e:
            raise ConfigError(path, f"partners.{who}", str(e)) from None
        partners[who] = Partner(_get(p, "name", str, path, where), voice)
    room = data.get("room", {})
    lines = data.get("line", [])
    if not isinstance(lines, list) or not lines:
        raise ConfigError(path, "line", "no lines; add [[line]] entries with cue, who and say")
    dialogue = _dialogue(_get(data, "dialogue", str, path, "", "intentional"), path)
    scenario = Scenario(
        title=_get(data, "title", str, path, "", path.stem),
        dialogue=dialogue,
        speakers=_choice(
            _get(data, "speakers", str, path, "", "channels"),
            ("channels", "voices"),
            path,
            "speakers",
        ),
        record=_get(data, "record", bool, path, "", False),
        names_given=_get(data, "names_given", bool, path, "", False),
        partners=partners,
        noise_db=_get(room, "noise_db", float, path, "room.", -58.0),
        bleed_db=_get(room, "bleed_db", float, path, "room.", -12.0),
        lines=tuple(_line(entry, i, path) for i, entry in enumerate(lines)),
        file=str(path),
    )
    _check_cues(scenario.lines, load_script(dialogue), path)
    return scenario


def _check_cues(lines: tuple[Line, ...], script: Script, file: Path) -> None:
    """Each line must be cued by a prompt the dialogue has (or follow the line before it): a line
    cued by no prompt would never be said, and the demo would wait for it in silence."""
    own = sorted(
        pid for pid in script.prompts if pid.split(".", 1)[0] in {s.id for s in script.steps}
    )
    for i, line in enumerate(lines):
        key = f"line[{i + 1}].cue"
        if line.cue == CHAINED and i == 0:
            raise ConfigError(
                file, key, f'"{CHAINED}" follows the line before, and this is the first'
            )
        if line.cue != CHAINED and line.cue not in script.prompts:
            close = difflib.get_close_matches(line.cue, list(script.prompts), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "its own prompts: " + ", ".join(own)
            raise ConfigError(
                file, key,
                f"'{line.cue}' is no prompt of the dialogue '{script.name}'; {hint} (or a common "
                f'prompt such as consent.ask_a, or "{CHAINED}" for right after the line before)',
            )  # fmt: skip
