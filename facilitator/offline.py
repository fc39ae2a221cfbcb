"""Switch off every phoning-home our libraries do, before any of them is imported.

The README promises that facilitator never opens a network connection. ONNX Runtime (loaded by piper and
by the voiceprint models) ships built-in telemetry that, on Linux too, looks up
`mobile.events.data.microsoft.com` about 10 s after start and every 5 s after, and writes a device id and
an event queue under `~/.cache/Microsoft/`. Only the environment variable, read when the library loads,
stops it (`disable_telemetry_events()` after import does not). Hugging Face Hub, which faster-whisper
imports, is held offline the same way so that a model name can only ever be looked up in the local cache.

The values are forced, not defaulted: a user's environment cannot switch the promise off. This module is
imported by `facilitator/__init__.py`, so it runs before any submodule can import those libraries.
"""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
}


def stay_offline() -> None:
    """Set the environment that keeps every library we load off the network."""
    os.environ.update(OFFLINE_ENVIRONMENT)
