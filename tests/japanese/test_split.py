from __future__ import annotations

import pytest

from tests.support.samples import sample_text
from workbench.japanese.clean import paragraphs
from workbench.japanese.split import sentence_spans, shorten, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("文です。", ["文です。"]),
        ("一つ目。二つ目。", ["一つ目。", "二つ目。"]),
        # A terminator inside a quotation does not end the sentence around it.
        (
            "彼は「会いたい。本当に。」と述べた。次だ。",
            ["彼は「会いたい。本当に。」と述べた。", "次だ。"],
        ),
        ("『本当か？』と聞いた。", ["『本当か？』と聞いた。"]),
        ("米国(現地時間。速報)で発表した。", ["米国(現地時間。速報)で発表した。"]),
        ("【速報。続報】発表。次。", ["【速報。続報】発表。", "次。"]),
        ("入れ子「外『内。』外。」だ。", ["入れ子「外『内。』外。」だ。"]),
        ("“Yes. No.”と言った。", ["“Yes. No.”と言った。"]),
        # Repeated terminators and closing brackets stay with the sentence they end.
        ("本当に！？嘘だ。", ["本当に！？", "嘘だ。"]),
        ("まさか!?本当。", ["まさか!?", "本当。"]),
        ("「終わり。」と言った。次。", ["「終わり。」と言った。", "次。"]),
        # Inside a quotation nothing is cut: the quote runs on to the next terminator.
        ("「終わり。」次の文。", ["「終わり。」次の文。"]),
        # A stray closer after the cut (its opener was on an earlier line) is absorbed.
        ("そうか。」次。", ["そうか。」", "次。"]),
        # An unclosed bracket does not swallow the rest of the text.
        ("「閉じない。次の文。", ["「閉じない。", "次の文。"]),
        # Whitespace stays attached to the sentence before it.
        ("一つ目。 二つ目。\u3000三つ目。", ["一つ目。 ", "二つ目。\u3000", "三つ目。"]),
        ("  先頭の空白。", ["  先頭の空白。"]),
        ("終わりなし", ["終わりなし"]),
        ("文。終わりなし", ["文。", "終わりなし"]),
        # A line break ends a heading that has no terminator.
        ("見出し\n本文です。\n", ["見出し\n", "本文です。\n"]),
        ("\n\n見出し\n\n本文。", ["\n\n見出し\n\n", "本文。"]),
        ("   ", ["   "]),
        # Decimal points and ASCII marks inside words are not terminators.
        ("成長率は３．５％だ。", ["成長率は３．５％だ。"]),
        ("https://example.com/a?b=1 を見よ。", ["https://example.com/a?b=1 を見よ。"]),
        ("全角ピリオド．次の文．", ["全角ピリオド．", "次の文．"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        sample_text(),
        "「未完の引用。\r\n次の行。」\u2028三行目！？\u3000\u00a0",
        "（（（深い。）））。",
        "」」」。。。！",
    ],
)
def test_pieces_concatenate_to_input(text: str) -> None:
    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)


def test_sentence_spans_tile_the_text() -> None:
    text = "一つ目。「二つ目。」と。\n三つ目！"
    spans = sentence_spans(text)
    assert spans == [(0, 4), (4, 13), (13, 17)]
    assert [text[s:e] for s, e in spans] == split_sentences(text)


def test_sample_has_45_sentences_over_kept_paragraphs() -> None:
    kept = paragraphs(sample_text())
    counts = [len(split_sentences(p)) for p in kept]
    assert sum(counts) == 45
    # Every kept paragraph of the sample ends with 。, so each piece ends a sentence.
    assert all(s.endswith("。") for p in kept for s in split_sentences(p))


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("短い", 60, "短い"),
        ("あ" * 60, 60, "あ" * 60),
        ("あ" * 61, 60, "あ" * 59 + "…"),
        ("一二三四五六", 4, "一二三…"),
        ("見出し\n  本文", 60, "見出し 本文"),
        ("word word word", 8, "word wo…"),
        ("abc def", 5, "abc…"),
        # Never cut between a kana and its combining sound mark.
        ("か\u3099か\u3099か\u3099", 4, "か\u3099…"),
        ("ｶﾞｷﾞｸﾞ", 4, "ｶﾞ…"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    result = shorten(text, limit)
    assert result == expected
    assert len(result) <= limit


def test_shorten_rejects_nonpositive_limit() -> None:
    with pytest.raises(ValueError):
        shorten("テキスト", 0)
