"""Dialogue scripts: which steps a dialogue has, in what order, and every word the facilitator says.

A script is a TOML file in `config/dialogues/` so a therapist can reword a prompt or drop an optional step
without touching code. The engine knows a small vocabulary of step kinds (below); a script arranges them
and words them. Everything is checked on load, so a typo is reported before a session starts, naming the
file and the entry, rather than surfacing as silence in the middle of a dialogue.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator import resources
from facilitator.config import read_toml
from facilitator.errors import ConfigError


@dataclass(frozen=True)
class Kind:
    """What a step kind needs from a script: its prompts, and the options it accepts."""

    prompts: tuple[str, ...]
    options: tuple[str, ...] = ()
    prompts_if: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Prompts needed only when an option is true (e.g. "Is there more?" only when `more`)."""


CONFIRM_PROMPTS = ("check", "missed", "remirror")

KINDS: dict[str, Kind] = {
    # The Sender names the topic; the Receiver agrees or names a later time.
    "appointment": Kind(("invite", "ask", "when", "later", "agreed")),
    # The Sender sends a piece, the Receiver mirrors it until it is right; "Is there more?" if `more`.
    "send": Kind(
        ("invite", "mirror", *CONFIRM_PROMPTS), ("more", "max_pieces"), {"more": ("more", "next")}
    ),
    # The Receiver speaks (summary, validation, empathy, a choice); the Sender confirms if `confirm`.
    "respond": Kind(("invite",), ("confirm", "coach"), {"confirm": CONFIRM_PROMPTS}),
    # Roles switch and the dialogue goes back to `back_to`, until `rounds` rounds are done.
    "switch": Kind(("say",), ("back_to", "rounds")),
    # Each partner in turn says one thing (a closing appreciation).
    "each": Kind(("first", "second")),
    # The closing words; the session ends.
    "end": Kind(("say",)),
}

BUILT_IN_STEPS = ("names", "consent", "first")
"""Steps the engine runs before a script's own when needed; their prompts are common prompts."""

COMMON_PROMPTS = (
    "opening",
    "names.ask_a",
    "names.ask_b",
    "names.again",
    "names.thanks",
    "enroll.a",
    "enroll.b",
    "consent.ask_a",
    "consent.ask_b",
    "consent.on",
    "consent.off",
    "consent.unclear",
    "first.ask",
    "first.chosen",
    "clarify.confirm",
    "clarify.more",
    "clarify.appointment",
    "clarify.consent",
    "fallback.appointment",
    "pause.ok",
    "pause.silence",
    "resume.ok",
    "resume.session",
    "timeout.start",
    "timeout.over",
    "checkin",
    "storage.full",
    "storage.ok",
    "floor.receiver",
    "floor.sender",
    "wrap_up",
    "end.request",
    "end.time_up",
    "command.no_skip",
    "coach.rebuttal",
    "coach.low_kept",
    "coach.i_statement",
    "coach.long_piece",
    "coach.validation_stem",
    "coach.empathy_stem",
)

PLACEHOLDERS = ("sender", "receiver", "a", "b", "topic", "time", "minutes", "step")
COACH_CHOICES = ("none", "summary", "validation", "empathy")
_STEP_KEYS = ("id", "kind", "title", "optional", "enabled", "prompts")


@dataclass(frozen=True)
class StepSpec:
    """One step of a script, with its kind's options (defaults where the kind has no use for them)."""

    id: str
    kind: str
    title: str
    optional: bool = False
    more: bool = True
    max_pieces: int = 0
    confirm: bool = False
    coach: str = "none"
    back_to: str = ""
    rounds: int = 2


@dataclass(frozen=True)
class Script:
    """A validated dialogue: its steps in order and every prompt's text by prompt id."""

    name: str
    title: str
    file: str
    steps: tuple[StepSpec, ...]
    prompts: Mapping[str, str]
    wrap_up_to: str = ""

    def index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)


# Option name -> (type, default, allowed) for the validator.
_OPTIONS: dict[str, tuple[type, Any, Any]] = {
    "more": (bool, True, None),
    "max_pieces": (int, 0, range(0, 11)),
    "confirm": (bool, False, None),
    "coach": (str, "none", COACH_CHOICES),
    "back_to": (str, "", None),
    "rounds": (int, 2, range(2, 7)),
}


def script_path(name_or_path: str | Path) -> Path:
    """A shipped script by name ("intentional"), or a path to a script file."""
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        return Path(text)
    return resources.dialogues_dir() / f"{text}.toml"


def available() -> list[str]:
    """Names of the shipped dialogue scripts."""
    return sorted(p.stem for p in resources.dialogues_dir().glob("*.toml") if p.stem != "common")


def load_script(name_or_path: str | Path) -> Script:
    """A dialogue script with the common prompts, validated; a ConfigError naming file and entry."""
    file = script_path(name_or_path)
    if not file.exists():
        raise ConfigError(
            file, "", "dialogue script not found; shipped scripts: " + ", ".join(available())
        )
    common_file = resources.dialogues_dir() / "common.toml"
    prompts = _common_prompts(common_file, read_toml(common_file))
    return _build(file, read_toml(file), prompts)


def _text(file: Path, entry: str, value: Any) -> str:
    """A prompt's text, its placeholders checked here so that filling them in when it is spoken
    cannot fail: each is a plain {name} from PLACEHOLDERS (the engine fills in text for every one)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(file, entry, "must be a non-empty text in quotes")
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value)]
    except ValueError:
        raise ConfigError(
            file, entry, "a { or } with no partner; write {{ or }} for a brace itself"
        ) from None
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    for name, spec, conversion in fields:
        if name is not None and name not in PLACEHOLDERS:
            raise ConfigError(file, entry, f"unknown placeholder {{{name}}}; use {allowed}")
        if name is not None and (spec or conversion):
            raise ConfigError(
                file, entry, f"write the placeholder as plain {{{name}}}, with no ! or : after it"
            )
    return value.strip()


def _table(file: Path, entry: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(file, entry, "must be a table")
    return value


def _unknown_keys(file: Path, entry: str, table: dict[str, Any], known: tuple[str, ...]) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(file, f"{entry}.{key}", "unknown key; known: " + ", ".join(known))


def _common_prompts(file: Path, data: dict[str, Any]) -> dict[str, str]:
    table = _table(file, "prompts", data.get("prompts"))
    _unknown_keys(file, "prompts", table, COMMON_PROMPTS)
    for pid in COMMON_PROMPTS:
        if pid not in table:
            raise ConfigError(file, f"prompts.{pid}", "missing prompt")
    return {pid: _text(file, f"prompts.{pid}", table[pid]) for pid in COMMON_PROMPTS}


def _step(file: Path, n: int, raw: Any) -> tuple[StepSpec, bool, dict[str, str]]:
    """A step, whether it is enabled, and its prompts by prompt id."""
    where = f"step[{n}]"
    raw = _table(file, where, raw)
    sid = raw.get("id")
    if not isinstance(sid, str) or not sid.isidentifier():
        raise ConfigError(file, f"{where}.id", "must be a name of letters, digits and _")
    where = f"step '{sid}'"
    kind_name = raw.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise ConfigError(file, f"{where}.kind", "unknown step kind; use " + ", ".join(KINDS))
    _unknown_keys(file, where, raw, _STEP_KEYS + kind.options)
    flags = {}
    for key in ("optional", "enabled"):
        flags[key] = raw.get(key, key == "enabled")
        if not isinstance(flags[key], bool):
            raise ConfigError(file, f"{where}.{key}", "must be true or false")
    options: dict[str, Any] = {}
    for key in kind.options:
        kind_of, default, allowed = _OPTIONS[key]
        value = raw.get(key, default)
        if type(value) is not kind_of or (allowed is not None and value not in allowed):
            shown = f"one of {', '.join(map(str, allowed))}" if allowed else kind_of.__name__
            raise ConfigError(file, f"{where}.{key}", f"{value!r} is not allowed; use {shown}")
        options[key] = value
    if kind_name == "switch" and not options["back_to"]:
        raise ConfigError(file, f"{where}.back_to", "missing: the step the next round starts at")
    needed = kind.prompts + sum((p for o, p in kind.prompts_if.items() if options.get(o)), ())
    table = _table(file, f"{where}.prompts", raw.get("prompts", {}))
    _unknown_keys(file, f"{where}.prompts", table, kind.prompts + sum(kind.prompts_if.values(), ()))
    prompts = {}
    for name in needed:
        if name not in table:
            raise ConfigError(file, f"{where}.prompts.{name}", "missing prompt")
        prompts[f"{sid}.{name}"] = _text(file, f"{where}.prompts.{name}", table[name])
    title = raw.get("title", sid.replace("_", " ").capitalize())
    spec = StepSpec(
        id=sid, kind=kind_name, title=_text(file, f"{where}.title", title),
        optional=flags["optional"], **options,
    )  # fmt: skip
    if not flags["enabled"] and not spec.optional:
        raise ConfigError(file, f"{where}.enabled", "only an optional step can be turned off")
    return spec, flags["enabled"], prompts


def _check_flow(file: Path, steps: list[StepSpec], wrap_up_to: str) -> None:
    """Every step can be reached, every reference names an earlier or known step, an end exists."""
    ids = [s.id for s in steps]
    for i, s in enumerate(steps):
        if s.kind == "switch" and s.back_to not in ids[:i]:
            raise ConfigError(
                file, f"step '{s.id}'.back_to", f"'{s.back_to}' is not an enabled step before it"
            )
    if wrap_up_to and wrap_up_to not in ids:
        raise ConfigError(file, "dialogue.wrap_up_to", f"'{wrap_up_to}' is not an enabled step")
    ends = [i for i, s in enumerate(steps) if s.kind == "end"]
    if not ends:
        raise ConfigError(file, "step", "no 'end' step: the dialogue would never finish")
    for s in steps[ends[0] + 1 :]:
        raise ConfigError(
            file, f"step '{s.id}'",
            f"unreachable: it comes after the end step '{steps[ends[0]].id}'; move it or remove it",
        )  # fmt: skip


def _build(file: Path, data: dict[str, Any], common: dict[str, str]) -> Script:
    _unknown_keys(file, "", data, ("dialogue", "prompts", "step"))
    head = _table(file, "dialogue", data.get("dialogue", {}))
    _unknown_keys(file, "dialogue", head, ("title", "description", "wrap_up_to"))
    title = _text(file, "dialogue.title", head.get("title", file.stem))
    wrap_up_to = head.get("wrap_up_to", "")
    if not isinstance(wrap_up_to, str):
        raise ConfigError(file, "dialogue.wrap_up_to", "must be a step id in quotes")
    overrides = _table(file, "prompts", data.get("prompts", {}))
    _unknown_keys(file, "prompts", overrides, COMMON_PROMPTS)
    prompts = common | {k: _text(file, f"prompts.{k}", v) for k, v in overrides.items()}
    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ConfigError(file, "step", "no steps; add [[step]] tables")
    steps: list[StepSpec] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_steps):
        spec, enabled, step_prompts = _step(file, n, raw)
        if spec.id in seen or spec.id in BUILT_IN_STEPS:
            raise ConfigError(file, f"step '{spec.id}'.id", "already used; step ids must differ")
        seen.add(spec.id)
        if enabled:
            steps.append(spec)
            prompts |= step_prompts
    _check_flow(file, steps, wrap_up_to)
    if not any(s.kind == "appointment" for s in steps):
        for pid, text in prompts.items():
            if "{topic}" in text:
                raise ConfigError(file, pid, "uses {topic}, but this dialogue has no appointment")
    return Script(file.stem, title, str(file), tuple(steps), prompts, wrap_up_to)
