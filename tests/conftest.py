"""Fixtures shared by every test: an isolated home for config and data, and the real models loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """The whole run shares one throwaway cache folder (rendered prompts and partner lines, which
    many tests reuse) and never touches the user's own config, data or cache, even in fixtures
    that run before the per-test home below is set up."""
    import os
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="facilitator-tests-"))
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[var] = str(home / sub)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Give every test (and its subprocesses) config and data folders of its own."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(scope="session")
def whisper():
    """The bundled tiny.en model, loaded once for the whole run."""
    from facilitator import config, models

    return models.load_whisper(config.load(use_user_file=False).transcriber)


@pytest.fixture(scope="session")
def voice():
    """The bundled joe voice at default settings, loaded once for the whole run."""
    from facilitator import config
    from facilitator.voice.synth import Voice

    return Voice.from_settings(config.load(use_user_file=False).voice)


@pytest.fixture(scope="session")
def renderer():
    """Partner voices (the bundled voice, pitch-shifted), so each line is synthesized once per run."""
    from facilitator.sim.voices import Renderer

    return Renderer.load()
