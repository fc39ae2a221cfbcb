"""One partner-voice renderer for all simulation tests, so each line is synthesized once per run."""

from __future__ import annotations

import pytest

from facilitator.sim.voices import Renderer


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer.load()
