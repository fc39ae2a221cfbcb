"""The sentence-level text measures the report counts: sentences, and "I" versus "you" statements."""

from __future__ import annotations

import pytest

from facilitator.text import sentences, statement_person


def test_sentences_split_at_whisper_punctuation() -> None:
    text = "When you're late, I worry. You never call! Is that fair?  ... "
    assert sentences(text) == ["When you're late, I worry.", "You never call!", "Is that fair?"]


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        ("When you come home late, I feel lonely.", "I"),
        ("I'm worried about the evenings.", "I"),
        ("You never tell me your plans.", "you"),
        ("Your phone is always out.", "you"),
        ("We used to walk after dinner.", None),
        ("That's all.", None),
    ],
)
def test_statement_person(sentence: str, person: str | None) -> None:
    assert statement_person(sentence) == person
