"""The dialogue engine and what it needs: events and actions, scripts, reply understanding, coaching.

Pure: nothing here touches audio, files (except loading a script), the clock or randomness.
"""

from facilitator.dialogue.engine import Engine
from facilitator.dialogue.script import Script, load_script
from facilitator.dialogue.settings import EngineSettings
from facilitator.dialogue.state import EngineState

__all__ = ["Engine", "EngineSettings", "EngineState", "Script", "load_script"]
