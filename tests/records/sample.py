"""A realistic small session journal, written by hand through the real journal writer.

Alex (A) and Sam (B) run the Intentional Dialogue: an appointment, two pieces mirrored (one mirror
corrected), a summary, validation and empathy, then the roles switch for a shorter second round, with
two interruptions, a coaching note, a spoken "pause" and a closing appreciation.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator.records.journal import JournalWriter
from facilitator.records.sessions import new_session_folder

PIECE_1 = (
    "I'd like us to talk about our evenings. When you come home late and don't call, I feel "
    "lonely and a bit worried. I end up waiting for dinner and wondering where you are."
)
MIRROR_1 = (
    "If I got it, you said when I come home late and don't call, you feel lonely and worried, "
    "and you wait for dinner wondering where I am. Did I get that?"
)
PIECE_2 = "You never tell me your plans. I miss our evenings together, walking after dinner."
MIRROR_2 = "You said you miss our evenings. Did I get that?"
MISSED_2 = "Also the walks after dinner, that's what I miss most."
REMIRROR_2 = "You miss our walks after dinner most of all."
PIECE_3 = (
    "I hear how lonely the evenings are for you. For me, work has been heavy lately and I "
    "feel guilty when I come home late."
)
MIRROR_3 = "You said work has been heavy and you feel guilty when you come home late."


def session_records() -> list[tuple[str, float, dict[str, Any]]]:
    """(type, t, fields) of every record after the opening `session` record, in time order."""

    def prompt(pid: str, start: float, end: float | None, text: str) -> tuple[str, float, dict]:
        fields = {"id": pid, "text": text, "start": start, "end": end}
        if end is None:
            return ("prompt", start + 0.5, fields | {"interrupted": True})
        return ("prompt", end, fields)

    def speech(who: str, start: float, end: float, text: str) -> tuple[str, float, dict]:
        return ("speech", end, {"speaker": who, "start": start, "end": end, "text": text})

    def step(name: str, t: float, sender: str, receiver: str, rnd: int) -> tuple[str, float, dict]:
        state = {"step": name, "round": rnd, "sender": sender}
        fields = {"name": name, "sender": sender, "receiver": receiver, "round": rnd}
        return ("step", t, fields | {"state": state})

    return [
        ("names", 9.0, {"names": {"A": "Alex", "B": "Sam"}}),
        ("consent", 14.0, {"recording": False}),
        step("appointment", 15.0, "A", "B", 1),
        prompt("appointment.invite", 15.0, 19.0, "Alex, please name the one topic."),
        speech("A", 20.0, 24.0, "I'd like to talk about our evenings. Is now a good time?"),
        speech("B", 25.0, 26.0, "Yes, now is good."),
        step("send", 27.0, "A", "B", 1),
        prompt("send.invite", 27.0, 31.0, "Alex, please begin."),
        speech("A", 32.0, 44.5, PIECE_1),
        (
            "interruption",
            40.0,
            {"by": "B", "over": "A", "duration": 1.2, "kind": "interruption"},
        ),
        speech("B", 40.0, 41.2, "But I always text you."),
        prompt("send.mirror", 45.0, 48.0, "Sam, please mirror."),
        speech("B", 49.0, 58.0, MIRROR_1),
        prompt("send.check", 58.5, 60.0, "Alex, did Sam get that?"),
        speech("A", 60.5, 61.0, "Yes."),
        prompt("send.more", 61.5, 63.0, "Alex, is there more about that?"),
        speech("A", 63.5, 64.0, "Yes."),
        prompt("send.next", 64.2, 65.0, "Go ahead, Alex."),
        speech("A", 65.5, 72.0, PIECE_2),
        (
            "coaching",
            72.1,
            {"kind": "i_statement", "speaker": "A", "detail": 'the Sender said "you never"'},
        ),
        prompt("send.mirror", 72.5, 75.0, "Sam, please mirror."),
        speech("B", 75.5, 78.0, MIRROR_2),
        prompt("send.check", 78.5, 80.0, "Alex, did Sam get that?"),
        speech("A", 80.5, 81.5, "Not quite."),
        prompt("send.missed", 82.0, 84.0, "Alex, please say the part that was missed."),
        speech("A", 84.5, 88.0, MISSED_2),
        prompt("send.remirror", 88.5, 90.0, "Sam, please mirror that part."),
        speech("B", 90.5, 93.0, REMIRROR_2),
        (
            "interruption",
            92.0,
            {"by": "A", "over": "B", "duration": 0.8, "kind": "sender_over_mirror"},
        ),
        speech("A", 92.0, 92.8, "Yes, exactly."),
        prompt("send.more", 93.5, 95.0, "Alex, is there more about that?"),
        speech("A", 95.5, 96.0, "No, that's all."),
        step("summary", 96.5, "A", "B", 1),
        prompt("summary.invite", 96.5, 100.0, "Sam, please sum it all up."),
        speech("B", 100.5, 110.0, "Let me see if I got all of that. Evenings feel lonely."),
        ("command", 111.0, {"who": "B", "which": "pause"}),
        ("pause", 111.2, {"reason": "command", "resume_at": None}),
        ("resume", 131.2, {}),
        step("validation", 132.0, "A", "B", 1),
        prompt("validation.invite", 132.0, 135.0, "Sam, please validate."),
        speech("B", 135.5, 141.0, "You make sense to me, because I'm often late."),
        step("empathy", 141.5, "A", "B", 1),
        prompt("empathy.invite", 141.5, 144.0, "Sam, please imagine how Alex feels."),
        speech("B", 144.5, 148.0, "I imagine you might be feeling lonely."),
        step("switch", 148.5, "B", "A", 2),
        prompt("switch.say", 148.5, 152.0, "Thank you both. Now let's switch."),
        step("send", 152.5, "B", "A", 2),
        prompt("send.invite", 152.5, 155.0, "Sam, please begin."),
        speech("B", 155.5, 166.0, PIECE_3),
        prompt("send.mirror", 166.5, 168.0, "Alex, please mirror."),
        speech("A", 168.5, 175.0, MIRROR_3),
        prompt("send.more", 175.5, None, "Sam, is there more about that?"),
        speech("B", 176.0, 177.0, "No, that's all."),
        step("close", 177.5, "B", "A", 2),
        prompt("close.first", 177.5, 180.0, "To close, Sam, please tell Alex one thing."),
        speech("B", 180.5, 184.0, "One thing I appreciate about you is your patience."),
        step("end", 185.0, "B", "A", 2),
        prompt("end.say", 185.0, 188.0, "Thank you both. This dialogue is complete."),
        ("end", 188.5, {"reason": "completed"}),
    ]


def write_session(data: Path, records: list[tuple[str, float, dict[str, Any]]]) -> Path:
    """A session folder in `data` holding a journal with the opening record and `records`."""
    folder = new_session_folder(data, datetime(2025, 3, 14, 19, 30, 5))
    with JournalWriter.create(folder) as journal:
        journal.begin(
            dialogue="intentional",
            speakers="channels",
            names={"A": "", "B": ""},
            config_digest="0123456789ab",
            started=datetime(2025, 3, 14, 19, 30, 5),
        )
        for kind, t, fields in records:
            journal.write(kind, t, **fields)
    return folder
