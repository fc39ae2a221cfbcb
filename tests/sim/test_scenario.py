"""Scenario files are checked when they load: a cue that names no prompt of the dialogue, a chained
first line, or a number that is NaN or infinite is refused with the file, the line and the fix; any
scenario that loads has only finite numbers and cues its dialogue can give."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import SHORT_COUPLE, cli, one_line_error, short_couple

from facilitator.dialogue import load_script
from facilitator.errors import ConfigError
from facilitator.sim.scenario import CHAINED, load_scenario

PROMPTS = set(load_script(SHORT_COUPLE.parent / "short.toml").prompts)


def _refused(file: Path) -> ConfigError:
    with pytest.raises(ConfigError) as e:
        load_scenario(file)
    assert e.value.file == str(file)
    return e.value


def test_a_cue_with_a_typo_is_refused_with_the_line_and_the_prompt_meant(tmp_path: Path) -> None:
    file = short_couple(tmp_path, [("appreciate.invte", "A", "Hello.")])
    e = _refused(file)
    assert e.key == "line[7].cue"
    assert "'appreciate.invte' is no prompt of the dialogue 'short'" in e.problem
    assert "did you mean 'appreciate.invite'?" in e.problem


def test_a_cue_like_no_prompt_lists_the_dialogues_own_prompts(tmp_path: Path) -> None:
    e = _refused(short_couple(tmp_path, [("banana", "A", "Hello.")]))
    assert e.key == "line[7].cue"
    assert "its own prompts: appreciate.check, appreciate.invite" in e.problem
    assert 'or "+" for right after the line before' in e.problem


def test_a_chained_first_line_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "couple.toml"
    file.write_text(
        SHORT_COUPLE.read_text()
        .replace('dialogue = "short.toml"', f'dialogue = "{SHORT_COUPLE.parent / "short.toml"}"')
        .replace('cue = "appreciate.invite"', f'cue = "{CHAINED}"', 1)
    )
    assert _refused(file).key == "line[1].cue"


def test_a_bad_cue_is_one_line_from_the_demo_command(tmp_path: Path) -> None:
    file = short_couple(tmp_path, [("consent.ask", "A", "Yes.")])
    r = cli("demo", "--plain", "--scenario", str(file), "--out", str(tmp_path / "s"))
    assert r.code == 2
    line = one_line_error(r)
    assert f"{file}: line[7].cue: 'consent.ask' is no prompt" in line
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('say = "Yes."', 'say = "Yes."\ngap = nan', "line[3].gap"),
        ('say = "Yes."', 'say = "Yes."\ngap = -inf', "line[3].gap"),
        ("pitch = 0.82", "pitch = nan", "partners.A.pitch"),
        ("pitch = 1.25", "pitch = 1.25\nrate = inf", "partners.B.rate"),
        ("names_given = true", "names_given = true\n[room]\nnoise_db = nan", "room.noise_db"),
        (
            'say = "Yes."',
            'say = "Yes."\n[[line.during]]\nwho = "B"\nat = nan\nsay = "Mm."',
            "line[3].during[1].at",
        ),
    ],
)
def test_nan_or_infinity_in_a_scenario_is_refused(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    text = short_couple(tmp_path, []).read_text()
    assert old in text
    file = tmp_path / "couple.toml"
    file.write_text(text.replace(old, new, 1))
    e = _refused(file)
    assert e.key == key and "is not allowed; use a finite number" in e.problem


_NUMBER = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-100, 100)
_CUE = st.sampled_from([*sorted(PROMPTS), CHAINED]) | st.text(max_size=20)


@given(_CUE, st.sampled_from(["A", "B", "sender", "receiver", "C"]), _NUMBER, _NUMBER, _NUMBER)
def test_any_scenario_fields_load_checked_or_are_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory,
    cue: str,
    who: str,
    gap: float,
    at: float,
    pitch: float,
) -> None:
    folder = tmp_path_factory.mktemp("s")
    text = short_couple(folder, []).read_text().replace("pitch = 0.82", f"pitch = {pitch!r}")
    text += (
        f"\n[[line]]\ncue = {json.dumps(cue)}\nwho = {json.dumps(who)}\ngap = {gap!r}\n"
        f'say = "Yes."\n[[line.during]]\nwho = "B"\nat = {at!r}\nsay = "Mm."\n'
    )
    file = folder / "couple.toml"
    file.write_text(text)
    try:
        scenario = load_scenario(file)
    except ConfigError as e:
        assert e.file == str(file) and (e.key.startswith(("line[7]", "partners.A")) or not e.key)
        return
    line = scenario.lines[-1]
    assert line.cue in PROMPTS or line.cue == CHAINED
    assert all(
        math.isfinite(v) for v in (line.gap, line.during[0].at, scenario.partners["A"].voice.pitch)
    )
