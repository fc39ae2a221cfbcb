"""Both partners talking at once and louder than usual is an escalation; an ordinary overlap is not."""

from __future__ import annotations

from facilitator import config
from facilitator.audio.sources import ArraySource
from facilitator.dialogue.events import Escalation
from facilitator.listening.channels import ChannelAttributor
from facilitator.listening.listener import Listener, listen
from facilitator.sim.mixer import Placement, Room, mix
from facilitator.sim.voices import PARTNERS

A_LINES = [
    "I have been thinking about our weekends, and I want us to plan them together.",
    "You never listen to me when I talk about the house, and I am tired of it.",
]
B_LINES = [
    "I like the idea of a quiet Sunday morning, with coffee and a long walk.",
    "That is not true at all, I listen every single time and you know it.",
]


def escalations(renderer, loudness: float) -> list[Escalation]:
    a_calm, a_heated = (renderer.render(t, PARTNERS["A"]) for t in A_LINES)
    b_calm, b_heated = (renderer.render(t, PARTNERS["B"]) for t in B_LINES)
    at = 0.5
    placements = [Placement("A", at, a_calm, A_LINES[0])]
    at += len(a_calm) / 16000 + 0.8
    placements.append(Placement("B", at, b_calm, B_LINES[0]))
    at += len(b_calm) / 16000 + 0.8
    placements += [
        Placement("A", at, a_heated * loudness, A_LINES[1]),
        Placement("B", at + 0.3, b_heated * loudness, B_LINES[1]),
    ]
    room = mix(placements, Room(seed=1))
    cfg = config.load(use_user_file=False)
    listener = Listener(cfg, ChannelAttributor(cfg.speakers, 2), 2, transcriber=None)
    return [e for e in listen(ArraySource(room.mics), listener) if isinstance(e, Escalation)]


def test_a_loud_overlap_is_an_escalation(renderer) -> None:
    found = escalations(renderer, loudness=3.0)
    assert len(found) == 1
    heated_start = (
        0.5
        + 2 * 0.8
        + sum(
            len(renderer.render(t, PARTNERS[w])) / 16000
            for t, w in ((A_LINES[0], "A"), (B_LINES[0], "B"))
        )
    )
    assert heated_start + 1.0 <= found[0].t <= heated_start + 4.0


def test_the_same_overlap_at_ordinary_loudness_is_not(renderer) -> None:
    assert escalations(renderer, loudness=1.0) == []


def test_it_can_be_switched_off() -> None:
    from facilitator.listening.escalation import EscalationWatch

    on, off = (EscalationWatch(("A", "B"), min_s=s, louder_db=6.0) for s in (1.0, 0.0))
    found = {"on": [], "off": []}
    frames = [((True, False), (-30.0, -45.0))] * 50 + [((False, True), (-45.0, -30.0))] * 50
    frames += [((True, True), (-15.0, -15.0))] * 100
    for n, (speaking, levels) in enumerate(frames):
        found["on"] += on.push(n * 0.03, speaking, levels)
        found["off"] += off.push(n * 0.03, speaking, levels)
    assert len(found["on"]) == 1 and found["off"] == []
