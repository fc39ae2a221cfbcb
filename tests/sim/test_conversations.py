"""Generated conversations: repeatable from a seed, with the gaps, overlaps and backchannels asked for."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from facilitator.sim import bank
from facilitator.sim.conversations import Style, generate
from facilitator.sim.mixer import Mix, Room, mix
from facilitator.sim.voices import Renderer

STYLE = Style(turn_s=(1.0, 12.0), interrupt_chance=0.5, backchannel_chance=1.0)
"""Shorter turns and more events than the default, so one minute shows every kind of event."""
LENGTH_S = 60.0


@pytest.fixture(scope="module")
def conversation(renderer: Renderer) -> Mix:
    return mix(generate(renderer, LENGTH_S, seed=11, style=STYLE), Room(seed=11))


def test_the_same_seed_gives_the_same_audio_and_another_seed_does_not(
    renderer: Renderer, conversation: Mix
) -> None:
    again = mix(generate(renderer, LENGTH_S, seed=11, style=STYLE), Room(seed=11))
    assert np.array_equal(again.mono, conversation.mono)
    assert np.array_equal(again.mics, conversation.mics)
    assert again.truth == conversation.truth
    other = generate(renderer, 20.0, seed=12, style=STYLE)
    assert [p.text for p in other] != [u.text for u in conversation.truth.utterances][: len(other)]


def test_turns_alternate_with_gaps_in_range_or_cut_in_over_the_other(conversation: Mix) -> None:
    truth = conversation.truth
    main = [u for u in truth.utterances if u.kind != "backchannel"]
    assert {u.kind for u in main} == {"turn", "interruption"}
    assert main[-1].start < LENGTH_S <= max(u.end for u in main) + STYLE.gap_s[1]
    for turn in main:
        assert STYLE.turn_s[0] - 0.011 <= turn.end - turn.start <= STYLE.turn_s[1]
    for before, turn in itertools.pairwise(main):
        assert turn.speaker != before.speaker
        floor_free = max(u.end for u in main if u.index < turn.index)
        if turn.kind == "turn":
            assert 0.19 <= turn.start - floor_free <= 1.51
        else:
            assert any(
                o.by_utterance == turn.index and o.over_utterance == before.index
                for o in truth.overlaps
            )
            assert before.start < turn.start < before.end


def test_interruptions_overlap_by_the_drawn_amount_of_remaining_speech(conversation: Mix) -> None:
    main = [u for u in conversation.truth.utterances if u.kind != "backchannel"]
    cut_ins = [(a, b) for a, b in itertools.pairwise(main) if b.kind == "interruption"]
    assert cut_ins
    for before, turn in cut_ins:
        remaining = sum(max(0.0, b - max(a, turn.start)) for a, b in before.speech)
        lo, hi = STYLE.overlap_s
        assert lo - 0.011 <= remaining <= hi + 0.011
        over = [o for o in conversation.truth.overlaps if o.by_utterance == turn.index]
        assert 0 < sum(o.duration for o in over) <= remaining + 0.011


def test_backchannels_are_short_and_fall_inside_the_other_partners_speech(
    conversation: Mix,
) -> None:
    truth = conversation.truth
    backchannels = [u for u in truth.utterances if u.kind == "backchannel"]
    assert len(backchannels) >= 2
    lo, hi = STYLE.backchannel_s
    for u in backchannels:
        assert u.text in bank.BACKCHANNELS
        assert lo - 0.011 <= u.end - u.start <= hi + 0.011
        (overlap,) = [o for o in truth.overlaps if o.by_utterance == u.index]
        assert overlap.over != u.speaker
        assert overlap.duration == pytest.approx(u.end - u.start, abs=0.011)


def test_every_line_comes_from_the_bank(conversation: Mix) -> None:
    known = set(bank.SENTENCES + bank.SHORT_REPLIES + bank.INTERJECTIONS + bank.BACKCHANNELS)
    for u in conversation.truth.utterances:
        spoken = u.text
        for sentence in sorted(known, key=len, reverse=True):
            spoken = spoken.replace(sentence, "")
        assert spoken.strip() == "", u.text


def test_a_bad_length_or_a_third_voice_is_refused(renderer: Renderer) -> None:
    with pytest.raises(ValueError, match="positive"):
        generate(renderer, 0, seed=1)
    with pytest.raises(ValueError, match="two voices"):
        generate(renderer, 10, seed=1, voices={})
