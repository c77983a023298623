"""Consistency across an article, worked out once for all its paragraphs."""

from __future__ import annotations

import pytest

from tests.support.sample_english import sample_pairs
from workbench.checks import CHECKS, Context, Finding, run_all
from workbench.checks.consistency import ConsistencyCheck, prepare_article

NAMES = ["Kim Jong-un", "Donald Trump"]
SENTENCE = "北朝鮮は会談に応じなかった。"


def findings(pairs: list[tuple[str, str]], names: list[str] = NAMES) -> dict[int, list[str]]:
    facts = prepare_article(pairs, names)
    check = ConsistencyCheck()
    found: dict[int, list[str]] = {}
    for index, (source, target) in enumerate(pairs):
        for finding in check.run(source, target, Context(article=facts, paragraph=index)):
            assert finding.check_id == "consistency" and finding.severity == "warning"
            assert finding.start is not None and finding.end is not None
            found.setdefault(index, []).append(
                f"{finding.message} @ {target[finding.start : finding.end]}"
            )
    return found


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # The same Japanese, translated two ways: the later one is pointed at.
        (
            [(SENTENCE, "North Korea did not agree to talks."), (SENTENCE, "The North refused.")],
            {
                1: [
                    "“北朝鮮は会談に応じなかった。” is translated differently in paragraph 1"
                    " @ The North refused."
                ]
            },
        ),
        # Sentence by sentence, when both sides have as many sentences.
        (
            [
                (SENTENCE, "North Korea did not agree to talks."),
                ("彼は驚いた。" + SENTENCE, "He was surprised. Pyongyang said no."),
            ],
            {
                1: [
                    "“北朝鮮は会談に応じなかった。” is translated differently in paragraph 1"
                    " @ Pyongyang said no."
                ]
            },
        ),
        # The same translation, however it is spaced, quoted or capitalised.
        (
            [
                (SENTENCE, "North Korea did not agree to “talks.”"),
                (SENTENCE, 'north korea did not  agree to "talks."'),
            ],
            {},
        ),
        # Sentences that do not pair up one to one are not compared.
        (
            [
                (SENTENCE, "North Korea did not agree to talks."),
                ("彼は驚いた。" + SENTENCE, "Surprised, he heard Pyongyang say no."),
            ],
            {},
        ),
        # Short sentences vary by nature.
        ([("はい。", "Yes."), ("はい。", "Right.")], {}),
        # Untranslated paragraphs are not a second translation.
        ([(SENTENCE, "North Korea did not agree to talks."), (SENTENCE, "")], {}),
        # One approved name spelled two ways.
        (
            [
                ("金正恩", "Kim Jong-un arrived."),
                ("金正恩", "Kim Jong Un left."),
                ("金", "Kim Jong-Un"),
            ],
            {
                1: [
                    "“Kim Jong Un” → the approved spelling is “Kim Jong-un”, as in paragraph 1"
                    " @ Kim Jong Un"
                ],
                2: [
                    "“Kim Jong-Un” → the approved spelling is “Kim Jong-un”, as in paragraph 1"
                    " @ Kim Jong-Un"
                ],
            },
        ),
        (
            [("金正恩", "KimJongUn and Kim Jong Un")],
            {
                0: [
                    "“KimJongUn” → the approved spelling is “Kim Jong-un” @ KimJongUn",
                    "“Kim Jong Un” → the approved spelling is “Kim Jong-un” @ Kim Jong Un",
                ]
            },
        ),
        # One spelling throughout is the glossary check's to judge, not this one's.
        ([("金正恩", "Kim Jong Un arrived."), ("金正恩", "Kim Jong Un left.")], {}),
        # Near misses: other words, other names, a name of one word.
        ([("金", "Kim Jong-un met Kim Yo-jong and Kim Jong-il.")], {}),
        ([("", "Trump, TRUMP and trump")], {}),
    ],
)
def test_consistency(pairs: list[tuple[str, str]], expected: dict[int, list[str]]) -> None:
    assert findings(pairs) == expected


def test_without_the_article_facts_the_check_finds_nothing() -> None:
    assert ConsistencyCheck().run(SENTENCE, "The North refused.", Context()) == []
    assert ConsistencyCheck().run(SENTENCE, "x", Context(article=prepare_article([]))) == []


def test_run_all_gives_each_paragraph_its_own_article_findings() -> None:
    pairs = [("金正恩", "Kim Jong-un arrived."), ("金正恩", "Kim Jong Un left.")]
    facts = prepare_article(pairs, ["Kim Jong-un"])
    first, second = (
        [
            f
            for f in run_all(s, t, Context(article=facts, paragraph=i), CHECKS)
            if f.check_id == "consistency"
        ]
        for i, (s, t) in enumerate(pairs)
    )
    assert first == []
    assert second == [
        Finding(
            "consistency",
            "warning",
            "“Kim Jong Un” → the approved spelling is “Kim Jong-un”, as in paragraph 1",
            0,
            11,
        )
    ]


def test_the_sample_is_consistent() -> None:
    assert findings(sample_pairs()) == {}
