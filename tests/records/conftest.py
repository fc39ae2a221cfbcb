"""Fixtures for the records tests: a data folder, and a realistic session written into it."""

from __future__ import annotations

from pathlib import Path

import pytest
from records.sample import session_records, write_session


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def session(data: Path) -> Path:
    return write_session(data, session_records())
