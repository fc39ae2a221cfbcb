"""Owner-only files, `forget`, retention, and an audio file that survives a crash."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
import wave
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from records.sample import session_records, write_session
from support import ROOT, cli, one_line_error

from facilitator.audio.frames import FRAME_SAMPLES, SAMPLE_RATE, Frame, frame_time
from facilitator.records.audio import AUDIO, AudioWriter, repair_wav
from facilitator.records.index import INDEX, SessionIndex
from facilitator.records.journal import JOURNAL
from facilitator.records.privacy import apply_retention
from facilitator.records.report import write_reports
from facilitator.records.sessions import sessions_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _frames(n: int, channels: int = 2) -> list[Frame]:
    rng = np.random.default_rng(7)
    return [
        Frame(frame_time(i), rng.uniform(-0.5, 0.5, (channels, FRAME_SAMPLES)).astype(np.float32))
        for i in range(n)
    ]


def test_everything_written_is_owner_only(data: Path, session: Path) -> None:
    old = os.umask(0)
    try:
        write_reports(session)
        SessionIndex(data).sync()
        with AudioWriter(session / AUDIO, channels=2) as audio:
            audio.write(_frames(1)[0])
    finally:
        os.umask(old)
    for folder in (data, sessions_dir(data), session):
        assert _mode(folder) == 0o700, folder
    for name in (JOURNAL, "report.md", "report.html", AUDIO):
        assert _mode(session / name) == 0o600, name
    assert _mode(data / INDEX) == 0o600


def test_audio_is_appended_frame_by_frame_as_16_bit_pcm(tmp_path: Path) -> None:
    frames = _frames(100)
    path = tmp_path / AUDIO
    with AudioWriter(path, channels=2) as audio:
        for frame in frames:
            audio.write(frame)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, SAMPLE_RATE)
        got = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).reshape(-1, 2).T
    sent = np.concatenate([f.samples for f in frames], axis=1)
    assert got.shape == sent.shape
    assert np.abs(got / 32767.0 - sent).max() < 1e-4


def test_audio_of_a_killed_process_is_readable_to_the_last_second(tmp_path: Path) -> None:
    """kill -9 mid-recording: the header already covers all but the last second; repair gets the
    rest, and a resumed session records on after it."""
    path = tmp_path / AUDIO
    script = textwrap.dedent(
        """
        import sys
        import numpy as np
        from pathlib import Path
        from facilitator.audio.frames import FRAME_SAMPLES, Frame, frame_time
        from facilitator.records.audio import AudioWriter
        audio = AudioWriter(Path(sys.argv[1]), channels=1)
        i = 0
        while True:
            audio.write(Frame(frame_time(i), np.full((1, FRAME_SAMPLES), 0.25, np.float32)))
            i += 1
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not path.exists() or path.stat().st_size < 400_000):
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    on_disk = (path.stat().st_size - 44) // 2 / SAMPLE_RATE
    with wave.open(str(path)) as w:
        in_header = w.getnframes() / w.getframerate()
        assert np.all(np.frombuffer(w.readframes(w.getnframes()), np.int16) == int(0.25 * 32767))
    assert on_disk - 1.0 <= in_header <= on_disk
    assert repair_wav(path) == on_disk
    with wave.open(str(path)) as w:
        assert w.getnframes() / w.getframerate() == on_disk
    with AudioWriter.reopen(path) as audio:
        for frame in _frames(10, channels=1):
            audio.write(frame)
    with wave.open(str(path)) as w:
        assert w.getnframes() == on_disk * SAMPLE_RATE + 10 * FRAME_SAMPLES


def test_forget_deletes_the_folder_and_its_index_rows_and_says_so(
    tmp_path: Path, data: Path, session: Path
) -> None:
    other = write_session(data, session_records()[:10])
    write_reports(session)
    SessionIndex(data).sync()
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndata_dir = "{data}"\n')
    r = cli("--config", str(config), "forget", session.name)
    assert r.code == 0, r.err
    assert r.out.strip() == (
        f"deleted session {session.name}: journal.jsonl, report.html, report.md and its folder"
    )
    assert not session.exists() and other.exists()
    entries, _ = SessionIndex(data).sync()
    assert [e.id for e in entries] == [other.name]


def test_forget_keeps_files_it_did_not_write_and_refuses_other_folders(
    tmp_path: Path, data: Path, session: Path
) -> None:
    (session / "notes.txt").write_text("ours, not facilitator's")
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndata_dir = "{data}"\n')
    r = cli("--config", str(config), "forget", "last")
    assert r.code == 0, r.err
    assert "kept the folder" in r.out and "notes.txt" in r.out
    assert sorted(p.name for p in session.iterdir()) == ["notes.txt"]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / JOURNAL).write_text('{"t": 0, "type": "other"}\n')
    r = cli("--config", str(config), "forget", str(elsewhere))
    assert r.code == 2 and "not a facilitator session folder" in one_line_error(r)
    assert (elsewhere / JOURNAL).exists()


def test_forget_all(tmp_path: Path, data: Path) -> None:
    folders = [write_session(data, session_records()[:n]) for n in (5, 10, 15)]
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndata_dir = "{data}"\n')
    r = cli("--config", str(config), "forget", "--all")
    assert r.code == 0, r.err
    assert [line.split()[2] for line in r.out.splitlines()] == [f.name + ":" for f in folders]
    assert not any(f.exists() for f in folders)
    r = cli("--config", str(config), "forget")
    assert r.code == 2 and "say which session to forget" in one_line_error(r)


def test_retention_forgets_only_sessions_older_than_the_limit(data: Path) -> None:
    now = datetime(2025, 6, 1, 12, 0, 0)
    old = write_session(data, session_records()[:5])
    new = data / "sessions" / "2025-05-30_09-00-00"
    new.mkdir(mode=0o700)
    (new / JOURNAL).write_bytes((old / JOURNAL).read_bytes().replace(b"2025-03-14", b"2025-05-30"))
    assert apply_retention(data, 0, now) == []
    forgotten = apply_retention(data, 30, now)
    assert [f.folder for f in forgotten] == [old]
    assert not old.exists() and new.exists()
    assert apply_retention(data, 1, now + timedelta(days=1)) != []
    assert not new.exists()
