"""Settings: every tunable, its type and its allowed range, in one place.

`config/default.toml` holds the values and a comment for each; this module holds the rules. Each section
is a frozen dataclass whose fields carry their limits in `metadata`, so one generic validator checks
every file the same way and an error can always name the file, the key, the bad value and what is
allowed. Files are layered: the shipped defaults, then the user's config in the platform's config
folder, then `--config FILE`; a later file only needs the keys it changes.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import hashlib
import json
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator import resources
from facilitator.errors import ConfigError
from facilitator.reading import NotReadable, open_regular


def setting(
    default: Any,
    *,
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[Any, ...] | None = None,
) -> Any:
    """A field with its allowed range (inclusive) or choices, read by the validator."""
    return field(default=default, metadata={"lo": lo, "hi": hi, "choices": choices})


@dataclass(frozen=True)
class AudioSettings:
    input_device: str = setting("")
    output_device: str = setting("")
    channels: int = setting(0, lo=0, hi=32)
    realtime_files: bool = setting(False)


@dataclass(frozen=True)
class VadSettings:
    aggressiveness: int = setting(2, lo=0, hi=3)
    preroll_ms: int = setting(300, lo=0, hi=2000)
    start_ms: int = setting(90, lo=30, hi=1000)
    end_ms: int = setting(300, lo=30, hi=3000)
    min_snr_db: float = setting(6.0, lo=0.0, hi=40.0)


@dataclass(frozen=True)
class SpeakerSettings:
    mode: str = setting("channels", choices=("channels", "voices"))
    channel_a: int = setting(1, lo=1, hi=32)
    channel_b: int = setting(2, lo=1, hi=32)
    margin_db: float = setting(6.0, lo=0.0, hi=40.0)
    enrollment_s: float = setting(8.0, lo=3.0, hi=30.0)


@dataclass(frozen=True)
class TurnSettings:
    end_of_turn_s: float = setting(1.8, lo=0.3, hi=10.0)
    short_answer_end_s: float = setting(0.7, lo=0.2, hi=5.0)


@dataclass(frozen=True)
class InterruptionSettings:
    min_s: float = setting(0.5, lo=0.1, hi=5.0)
    reaction: str = setting("chime", choices=("chime", "voice", "log"))
    escalation_s: float = setting(3.0, lo=0.0, hi=60.0)
    escalation_db: float = setting(6.0, lo=0.0, hi=30.0)


@dataclass(frozen=True)
class TranscriberSettings:
    model_path: str = setting("")
    model: str = setting("tiny.en")
    compute_type: str = setting("int8", choices=("int8", "int8_float32", "float32", "default"))
    threads: int = setting(2, lo=1, hi=64)
    beam_size: int = setting(1, lo=1, hi=10)
    language: str = setting("en")
    partial_after_s: float = setting(4.0, lo=0.0, hi=20.0)
    short_window_s: float = setting(10.0, lo=0.0, hi=30.0)


@dataclass(frozen=True)
class VoiceSettings:
    voice: str = setting("joe")
    model_path: str = setting("")
    rate: float = setting(1.0, lo=0.5, hi=2.0)
    volume: float = setting(0.8, lo=0.0, hi=1.0)
    prompt_tail_s: float = setting(0.3, lo=0.0, hi=2.0)
    cache: bool = setting(True)


@dataclass(frozen=True)
class SessionSettings:
    dialogue: str = setting("intentional")
    first_sender: str = setting("A", choices=("A", "B", "ask"))
    time_limit_min: float = setting(30.0, lo=1.0, hi=240.0)
    wrap_up_min: float = setting(3.0, lo=0.0, hi=30.0)
    silence_checkin_s: float = setting(30.0, lo=5.0, hi=600.0)
    silence_pause_s: float = setting(60.0, lo=5.0, hi=1200.0)
    timeout_min: float = setting(20.0, lo=1.0, hi=240.0)
    long_piece_s: float = setting(60.0, lo=10.0, hi=600.0)
    mirror_min_kept: float = setting(0.25, lo=0.0, hi=1.0)
    spoken_coaching: bool = setting(True)


@dataclass(frozen=True)
class StorageSettings:
    data_dir: str = setting("")
    record_audio: bool = setting(False)
    retention_days: int = setting(0, lo=0, hi=36500)


@dataclass(frozen=True)
class Config:
    audio: AudioSettings = field(default_factory=AudioSettings)
    vad: VadSettings = field(default_factory=VadSettings)
    speakers: SpeakerSettings = field(default_factory=SpeakerSettings)
    turns: TurnSettings = field(default_factory=TurnSettings)
    interruptions: InterruptionSettings = field(default_factory=InterruptionSettings)
    transcriber: TranscriberSettings = field(default_factory=TranscriberSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    sources: tuple[str, ...] = ()
    """The files this configuration was read from, in order (for messages and the journal)."""

    def digest(self) -> str:
        """A short fingerprint of the effective settings, recorded in each session's journal."""
        data = {k: v for k, v in dataclasses.asdict(self).items() if k != "sources"}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]

    def replace(self, section: str, **changes: Any) -> Config:
        """A copy with some keys of one section changed (command-line options use this)."""
        return dataclasses.replace(
            self, **{section: dataclasses.replace(getattr(self, section), **changes)}
        )


SECTIONS = {f.name: f.type for f in dataclasses.fields(Config) if f.name != "sources"}


def _describe(meta: dict[str, Any], kind: type) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(json.dumps(c) for c in meta["choices"])
    noun = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}[kind]
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and hi is not None:
        return f"{noun} from {lo:g} to {hi:g}"
    return noun


def finite(value: float) -> bool:
    """The one check every number we are given passes, from a file or the command line: NaN slips
    through every range check (`nan < lo` and `nan > hi` are both false) and TOML and float() both
    accept `nan` and `inf`, so a range alone would let `voice.rate = nan` reach the voice model."""
    return math.isfinite(value)


def number(text: str) -> float:
    """A numeric command-line value (argparse `type=`): a finite number, or a one-line usage error."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; give one such as 1.5"
        ) from None
    if not finite(value):
        raise argparse.ArgumentTypeError(f"{text} is not allowed; give a finite number such as 1.5")
    return value


def _shown(value: Any) -> str:
    """A value as the user wrote it in TOML (nan, inf), for messages."""
    return str(value) if isinstance(value, float) and not finite(value) else json.dumps(value)


def _check(value: Any, kind: type, meta: dict[str, Any]) -> Any:
    """The value converted to its type, or None when it is not allowed."""
    if kind is bool:
        return value if isinstance(value, bool) else None
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        value = float(value)
        if not finite(value):
            return None
    elif kind is str and not isinstance(value, str):
        return None
    if meta.get("choices") and value not in meta["choices"]:
        return None
    if meta.get("lo") is not None and value < meta["lo"]:
        return None
    if meta.get("hi") is not None and value > meta["hi"]:
        return None
    return value


def _unknown(file: Path, key: str, known: list[str]) -> ConfigError:
    close = difflib.get_close_matches(key.rsplit(".", 1)[-1], known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(known))
    return ConfigError(file, key, f"unknown key; {hint}")


def merge(config: Config, data: dict[str, Any], file: Path) -> Config:
    """`config` with the tables in `data` applied, each key checked; errors name `file`."""
    sections = {}
    for name, table in data.items():
        if name not in SECTIONS:
            raise _unknown(file, name, list(SECTIONS))
        if not isinstance(table, dict):
            raise ConfigError(file, name, "must be a table, written [" + name + "]")
        current = getattr(config, name)
        fields = {f.name: f for f in dataclasses.fields(current)}
        changes = {}
        for key, value in table.items():
            dotted = f"{name}.{key}"
            if key not in fields:
                raise _unknown(file, dotted, list(fields))
            kind = {"bool": bool, "int": int, "float": float, "str": str}[fields[key].type]
            checked = _check(value, kind, fields[key].metadata)
            if checked is None:
                allowed = _describe(fields[key].metadata, kind)
                raise ConfigError(file, dotted, f"{_shown(value)} is not allowed; use {allowed}")
            changes[key] = checked
        sections[name] = dataclasses.replace(current, **changes)
    return dataclasses.replace(config, **sections)


def override(config: Config, section: str, values: dict[str, Any]) -> Config:
    """`config` with command-line options applied, checked against the same ranges as a file."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        return config
    changed = merge(config, {section: given}, Path("command line"))
    _check_together(changed, Path("command line"))
    return changed


def read_toml(file: Path) -> dict[str, Any]:
    """A TOML file's contents, or a ConfigError naming the file and the line that is wrong."""
    try:
        with open_regular(file) as f:
            return tomllib.load(f)
    except NotReadable as e:
        raise ConfigError(file, "", str(e)) from None
    except OSError as e:
        raise ConfigError(file, "", f"cannot be read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise ConfigError(file, "", "is not a text file") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(file, "", f"not valid TOML ({e})") from None


def user_config_file() -> Path:
    """The per-user config file in the platform's config folder (it need not exist)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("facilitator")) / "config.toml"


def load(extra: Path | None = None, *, use_user_file: bool = True) -> Config:
    """The shipped defaults, overlaid by the user's config file (if any) and by `extra` (if given)."""
    files = [resources.config_dir() / "default.toml"]
    user = user_config_file()
    if use_user_file and os.path.lexists(user):
        files.append(user)
    if extra is not None:
        files.append(Path(extra))
    config = Config()
    for file in files:
        config = merge(config, read_toml(file), file)
        _check_together(config, file)
    return dataclasses.replace(config, sources=tuple(str(f) for f in files))


def _check_together(config: Config, file: Path) -> None:
    """Rules between keys, checked after each file so the error names the file that broke them."""
    s = config.session
    if s.silence_pause_s <= s.silence_checkin_s:
        raise ConfigError(
            file,
            "session.silence_pause_s",
            f"{s.silence_pause_s:g} must be longer than "
            f"session.silence_checkin_s ({s.silence_checkin_s:g}): the check-in comes first",
        )
    if config.speakers.channel_a == config.speakers.channel_b:
        raise ConfigError(
            file,
            "speakers.channel_b",
            f"{config.speakers.channel_b} is also "
            "speakers.channel_a; give each partner a channel of their own",
        )
