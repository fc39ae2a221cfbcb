"""The command line as a user meets it: help, version, mistakes in one line, and `say`."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
from support import cli, one_line_error

from facilitator import __version__
from facilitator.text import words


def test_help_lists_the_commands() -> None:
    r = cli("--help")
    assert r.code == 0
    for name in ("say", "check", "devices", "config"):
        assert name in r.out


def test_version() -> None:
    r = cli("--version")
    assert r.code == 0 and r.out.strip() == f"facilitator {__version__}"


def test_unknown_option_is_one_line_with_exit_2() -> None:
    r = cli("say", "hi", "--loud")
    assert r.code == 2
    assert "unrecognized arguments: --loud" in one_line_error(r)


def test_unknown_command_is_one_line_with_exit_2() -> None:
    r = cli("dance")
    assert r.code == 2
    assert "invalid choice: 'dance'" in one_line_error(r)


def test_no_command_shows_help_and_exits_2() -> None:
    r = cli()
    assert r.code == 2 and "usage:" in r.out


def test_say_writes_a_wav_that_the_speech_model_understands(tmp_path: Path, whisper) -> None:
    from faster_whisper import decode_audio

    out = tmp_path / "hello.wav"
    sentence = "Is there more about that?"
    r = cli("say", sentence, "--out", str(out))
    assert r.code == 0, r.err
    with wave.open(str(out)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == 22050
        assert 1.0 < w.getnframes() / w.getframerate() < 4.0
    audio = decode_audio(str(out), sampling_rate=16000)
    segments, _ = whisper.transcribe(audio, language="en", beam_size=1)
    heard = words(" ".join(s.text for s in segments))
    assert words(sentence) == heard[: len(words(sentence))], heard


def test_say_rate_changes_the_length(tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    assert cli("say", "Please take your time.", "--rate", "0.6", "--out", str(slow)).code == 0
    assert cli("say", "Please take your time.", "--rate", "1.5", "--out", str(fast)).code == 0
    lengths = []
    for f in (slow, fast):
        with wave.open(str(f)) as w:
            lengths.append(w.getnframes())
    assert lengths[0] > 1.8 * lengths[1]


def test_say_volume_scales_the_level(tmp_path: Path) -> None:
    levels = []
    for volume in ("1.0", "0.25"):
        out = tmp_path / f"v{volume}.wav"
        assert cli("say", "Hello there.", "--volume", volume, "--out", str(out)).code == 0
        with wave.open(str(out)) as w:
            pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(float)
        levels.append(np.sqrt(np.mean(pcm**2)))
    assert 3.0 < levels[0] / levels[1] < 5.0


def test_say_errors_are_one_line(tmp_path: Path) -> None:
    r = cli("say", "   ")
    assert r.code == 2 and "nothing to say" in one_line_error(r)
    r = cli("say", "hi", "--out", str(tmp_path / "missing" / "x.wav"))
    assert r.code == 2 and "does not exist" in one_line_error(r)
    r = cli("say", "hi", "--out", str(tmp_path / "x.mp3"))
    assert r.code == 2 and ".wav" in one_line_error(r)


def test_device_commands_without_portaudio_say_how_to_install_it() -> None:
    r = cli("devices", without_portaudio=True)
    assert r.code == 1
    assert "libportaudio2" in one_line_error(r)
    r = cli("say", "hello", without_portaudio=True)
    assert r.code == 1
    assert "libportaudio2" in one_line_error(r)


def test_realtime_demo_without_portaudio_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "s"
    r = cli("demo", "--realtime", "--out", str(out), without_portaudio=True)
    assert r.code == 1 and "libportaudio2" in one_line_error(r)
    assert not out.exists()


def test_live_session_without_portaudio_says_so(tmp_path: Path) -> None:
    r = cli("session", "--out", str(tmp_path / "s"), without_portaudio=True)
    assert r.code == 1 and "libportaudio2" in one_line_error(r)
    assert not (tmp_path / "s").exists()


def test_check_times_each_stage_and_hears_its_own_sentence() -> None:
    r = cli("check", without_portaudio=True)
    assert r.code == 0, r.err
    for stage in ("load speech model", "load voice", "synthesize a sentence", "transcribe it back"):
        line = next(line for line in r.out.splitlines() if stage in line)
        assert line.rstrip().endswith(" s") and float(line.split()[-2]) >= 0
    assert "word error rate: 0.00" in r.out
    assert "devices: skipped" in r.out and "libportaudio2" in r.out
    assert r.out.strip().endswith("all good")


def test_config_and_debug_are_taken_before_or_after_the_command(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text("[voice]\nrate = 0.85\n")
    for args in (("--config", str(mine), "config"), ("config", "--config", str(mine), "--debug")):
        r = cli(*args)
        assert r.code == 0, r.err
        assert str(mine) in r.out and "rate = 0.85" in r.out.splitlines()
