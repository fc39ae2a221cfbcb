"""Config validation: the defaults load, overrides layer, and every kind of mistake is named precisely."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from support import cli, one_line_error

from facilitator import config
from facilitator.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "my.toml"
    f.write_text(text)
    return f


def test_default_file_sets_every_key_and_matches_the_code_defaults() -> None:
    data = config.read_toml(config.resources.config_dir() / "default.toml")
    code = config.Config()
    for name in config.SECTIONS:
        keys = {f.name for f in dataclasses.fields(getattr(code, name))}
        assert set(data[name]) == keys, name
        assert config.merge(code, {name: data[name]}, Path("x")) == code, name


def test_override_file_changes_only_its_keys(tmp_path: Path) -> None:
    f = write(tmp_path, "[vad]\naggressiveness = 3\n[voice]\nrate = 1.2\n")
    c = config.load(f, use_user_file=False)
    assert c.vad.aggressiveness == 3
    assert c.voice.rate == 1.2
    assert c.vad.preroll_ms == config.VadSettings().preroll_ms
    assert c.sources[-1] == str(f)
    assert c.digest() != config.load(use_user_file=False).digest()


def test_integer_is_accepted_where_a_number_is_expected(tmp_path: Path) -> None:
    c = config.load(write(tmp_path, "[turns]\nend_of_turn_s = 2\n"), use_user_file=False)
    assert c.turns.end_of_turn_s == 2.0 and isinstance(c.turns.end_of_turn_s, float)


def test_user_config_file_is_read(isolated_home: Path) -> None:
    user = config.user_config_file()
    user.parent.mkdir(parents=True)
    user.write_text('[interruptions]\nreaction = "log"\n')
    c = config.load()
    assert c.interruptions.reaction == "log"
    assert str(user) in c.sources


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            "[vad]\naggressiveness = 7\n",
            "vad.aggressiveness",
            "7 is not allowed; use a whole number from 0 to 3",
        ),
        ('[vad]\naggressiveness = "high"\n', "vad.aggressiveness", '"high" is not allowed'),
        ("[vad]\naggressiveness = 1.5\n", "vad.aggressiveness", "whole number"),
        (
            "[turns]\nend_of_turn_s = true\n",
            "turns.end_of_turn_s",
            "true is not allowed; use a number",
        ),
        ('[speakers]\nmode = "mics"\n', "speakers.mode", 'use one of "channels", "voices"'),
        ("[storage]\nrecord_audio = 1\n", "storage.record_audio", "use true or false"),
        ("[vad]\nagressiveness = 2\n", "vad.agressiveness", "did you mean 'aggressiveness'?"),
        ("[vads]\naggressiveness = 2\n", "vads", "did you mean 'vad'?"),
        ("vad = 3\n", "vad", "must be a table"),
    ],
)
def test_each_kind_of_bad_value_names_file_key_and_fix(
    tmp_path: Path, text: str, key: str, message: str
) -> None:
    f = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        config.load(f, use_user_file=False)
    assert e.value.file == str(f)
    assert e.value.key == key
    assert message in str(e.value)


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 2"):
        config.load(write(tmp_path, "[vad]\naggressiveness = = 2\n"), use_user_file=False)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        config.load(tmp_path / "nope.toml", use_user_file=False)


def test_command_line_reports_bad_config_in_one_line_with_exit_2(tmp_path: Path) -> None:
    f = write(tmp_path, "[interruptions]\nmin_s = 9\n")
    r = cli("--config", str(f), "config")
    assert r.code == 2
    line = one_line_error(r)
    assert str(f) in line and "interruptions.min_s" in line and "from 0.1 to 5" in line


def test_command_line_option_is_validated_like_a_file() -> None:
    r = cli("say", "hello", "--rate", "9", "--out", "x.wav")
    assert r.code == 2
    assert "command line: voice.rate: 9.0 is not allowed" in one_line_error(r)


def test_config_command_shows_effective_settings(tmp_path: Path) -> None:
    f = write(tmp_path, "[vad]\naggressiveness = 1\n")
    r = cli("--config", str(f), "config")
    assert r.code == 0
    assert "[vad]\naggressiveness = 1\n" in r.out
    assert str(f) in r.out


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "[session]\nsilence_checkin_s = 40.0\nsilence_pause_s = 30.0\n",
            "session.silence_pause_s",
        ),
        ("[speakers]\nchannel_a = 2\nchannel_b = 2\n", "speakers.channel_b"),
    ],
)
def test_keys_that_must_agree_are_checked_together(tmp_path: Path, text: str, key: str) -> None:
    f = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        config.load(f, use_user_file=False)
    assert e.value.file == str(f) and e.value.key == key
