"""Sentence pairs: only where both sides have the same number of sentences."""

from __future__ import annotations

import pytest

from workbench.memory.align import english_sentences, sentence_pairs


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Mr. Kim met Mr. Trump. They talked.", ["Mr. Kim met Mr. Trump.", "They talked."]),
        ("The U.S. side agreed. So did Seoul.", ["The U.S. side agreed.", "So did Seoul."]),
        ('"It went well," he said. Talks ended.', ['"It went well," he said.', "Talks ended."]),
        ('He asked, "Why?" Nobody answered.', ['He asked, "Why?"', "Nobody answered."]),
        ("It ended at 3 p.m. Tuesday.", ["It ended at 3 p.m. Tuesday."]),
        ("Growth was 2.5 percent. Prices rose.", ["Growth was 2.5 percent.", "Prices rose."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("", []),
        ("J. Smith said so. Yes.", ["J. Smith said so.", "Yes."]),
    ],
)
def test_english_sentences(text: str, sentences: list[str]) -> None:
    assert english_sentences(text) == sentences


def test_equal_counts_pair_by_position() -> None:
    assert sentence_pairs("会談した。成果があった。", "They met. It went well.") == [
        ("会談した。", "They met."),
        ("成果があった。", "It went well."),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("会談した。", "They met."),  # one sentence: the paragraph entry is enough
        ("会談した。成果があった。", "They met and it went well."),  # merged in English
        ("会談した。", "They met. It went well."),  # split in English
        ("「会談した。成果があった」と述べた。", "He said they met. It went well."),
    ],
)
def test_unequal_or_single_sentences_give_no_pairs(source: str, target: str) -> None:
    assert sentence_pairs(source, target) == []
