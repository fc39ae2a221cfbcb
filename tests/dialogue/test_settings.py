"""The engine's settings come from the configuration in one place."""

from __future__ import annotations

import pytest

from facilitator import config
from facilitator.dialogue import EngineSettings
from facilitator.errors import ConfigError


def test_settings_from_the_shipped_defaults() -> None:
    s = EngineSettings.from_config(config.load(use_user_file=False))
    assert (s.end_of_turn_s, s.short_answer_end_s, s.interruption_min_s) == (1.8, 0.7, 0.5)
    assert (s.time_limit_s, s.wrap_up_s, s.timeout_s) == (1800.0, 180.0, 1200.0)
    assert (s.reaction, s.first_sender, s.mirror_min_kept) == ("chime", "A", 0.25)
    assert (s.enroll, s.ask_recording, s.spoken_coaching) == (False, False, True)


def test_settings_follow_the_config(tmp_path) -> None:
    extra = tmp_path / "c.toml"
    extra.write_text(
        '[speakers]\nmode = "voices"\n[storage]\nrecord_audio = true\n'
        '[session]\ntime_limit_min = 15\nfirst_sender = "ask"\n'
        '[interruptions]\nreaction = "voice"\nmin_s = 0.8\n'
    )
    s = EngineSettings.from_config(config.load(extra, use_user_file=False))
    assert (s.enroll, s.ask_recording, s.time_limit_s) == (True, True, 900.0)
    assert (s.first_sender, s.reaction, s.interruption_min_s) == ("ask", "voice", 0.8)


def test_mirror_min_kept_is_a_share(tmp_path) -> None:
    extra = tmp_path / "c.toml"
    extra.write_text("[session]\nmirror_min_kept = 2\n")
    with pytest.raises(ConfigError, match=r"session\.mirror_min_kept"):
        config.load(extra, use_user_file=False)
