"""Numbers we are given, from a config file or the command line: NaN and infinities are refused in one
line naming the file and key (or the option), for every float setting, and any in-range value loads."""

from __future__ import annotations

import argparse
import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import cli, one_line_error

from facilitator import config
from facilitator.errors import ConfigError

FLOAT_KEYS = [
    (section, f)
    for section, kind in config.SECTIONS.items()
    for f in dataclasses.fields(getattr(config.Config(), section))
    if f.type == "float"
]


def _load(folder: Path, section: str, key: str, literal: str) -> config.Config:
    file = folder / "my.toml"
    file.write_text(f"[{section}]\n{key} = {literal}\n")
    return config.load(file, use_user_file=False)


@pytest.mark.parametrize("literal", ["nan", "+nan", "-nan", "inf", "-inf"])
@pytest.mark.parametrize(("section", "field"), FLOAT_KEYS, ids=lambda v: getattr(v, "name", v))
def test_nan_and_infinity_are_refused_for_every_float_key(
    tmp_path: Path, section: str, field: dataclasses.Field, literal: str
) -> None:
    with pytest.raises(ConfigError) as e:
        _load(tmp_path, section, field.name, literal)
    assert e.value.file == str(tmp_path / "my.toml")
    assert e.value.key == f"{section}.{field.name}"
    shown = "nan" if "nan" in literal else literal
    assert f"{shown} is not allowed; use a number from" in str(e.value)


@given(
    st.sampled_from(FLOAT_KEYS),
    st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**6), 10**6),
)
def test_any_number_for_a_float_key_loads_in_range_or_is_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory, key: tuple[str, dataclasses.Field], value: float
) -> None:
    section, field = key
    lo, hi = field.metadata["lo"], field.metadata["hi"]
    try:
        loaded = getattr(getattr(_load(tmp_path_factory.mktemp("c"), section, field.name,
                                       repr(value)), section), field.name)  # fmt: skip
    except ConfigError as e:
        together = e.key == "session.silence_pause_s" and section == "session"
        assert e.key == f"{section}.{field.name}" or together
        assert together or not (math.isfinite(value) and lo <= value <= hi)
    else:
        assert math.isfinite(loaded) and lo <= loaded <= hi and loaded == value


@given(st.text())
def test_a_command_line_number_is_finite_or_a_usage_error(text: str) -> None:
    try:
        value = config.number(text)
    except argparse.ArgumentTypeError as e:
        assert "\n" not in str(e)
    else:
        assert math.isfinite(value)


@pytest.mark.parametrize(
    "args",
    [
        ("say", "hi", "--rate", "nan", "--out", "x.wav"),
        ("say", "hi", "--volume", "inf", "--out", "x.wav"),
        ("say", "hi", "--rate=-inf", "--out", "x.wav"),
        ("session", "--rate", "NaN"),
        ("session", "--volume", "infinity"),
        ("check", "--no-devices", "--seconds", "nan"),
    ],
)
def test_nan_on_the_command_line_is_one_line_naming_the_option(args: tuple[str, ...]) -> None:
    r = cli(*args)
    line = one_line_error(r)
    option = next(a for a in args if a.startswith("--") and a != "--out" and a != "--no-devices")
    assert r.code == 2
    assert f"argument {option.split('=')[0]}:" in line and "give a finite number" in line


def test_nan_in_a_config_file_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    file = tmp_path / "my.toml"
    file.write_text("[turns]\nend_of_turn_s = nan\n")
    r = cli("--config", str(file), "say", "hi", "--out", str(tmp_path / "x.wav"))
    assert r.code == 2
    assert one_line_error(r) == (
        f"facilitator: {file}: turns.end_of_turn_s: nan is not allowed; use a number from 0.3 to 10"
    )
