"""Where the shipped config and voice manifests are, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # A wheel carries the folders inside the package; a source checkout keeps them at the top.
    inside = _PACKAGE / "_shipped" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def config_dir() -> Path:
    return _shipped("config")


def voices_dir() -> Path:
    return _shipped("voices")


def dialogues_dir() -> Path:
    return config_dir() / "dialogues"
