"""Numbers found in Japanese text: their values, places and counters, and the
words that only look like numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workbench.japanese.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (text as written with its counter, value)
        ("36時間後に会談した。", [("36時間", 36)]),
        ("１２３人が参加", [("１２３人", 123)]),
        ("1,500人が集まった", [("1,500人", 1500)]),
        ("１，５００人", [("１，５００人", 1500)]),
        ("成長率は3.5%だった", [("3.5%", Decimal("3.5"))]),
        ("成長率は３．５％", [("３．５％", Decimal("3.5"))]),
        ("三年間続いた", [("三年間", 3)]),
        ("二十五日に", [("二十五日", 25)]),
        ("百五十人が", [("百五十人", 150)]),
        ("二〇一九年に", [("二〇一九年", 2019)]),
        ("予算は1億2000万円", [("1億2000万円", 120_000_000)]),
        ("3.5万人", [("3.5万人", 35_000)]),
        ("1万5000人", [("1万5000人", 15_000)]),
        ("三千万円", [("三千万円", 30_000_000)]),
        ("5000万ドル", [("5000万ドル", 50_000_000)]),
        ("1.5兆円", [("1.5兆円", 1_500_000_000_000)]),
        ("3千人", [("3千人", 3000)]),
        # Not float: 3.15 × 10,000 is 31,500, not 31,499.
        ("3.15万人", [("3.15万人", 31_500)]),
        ("主要20か国・地域(G20)", [("20か国", 20), ("20", 20)]),
        ("２〜３年", [("２年", 2), ("３年", 3)]),
        ("二十五、三十", [("二十五", 25), ("三十", 30)]),
    ],
)
def test_numbers_and_their_values(text: str, expected: list[tuple[str, int | Decimal]]) -> None:
    found = find_numbers(text)
    assert [(n.expression, n.value) for n in found] == [(e, Decimal(v)) for e, v in expected]
    for number in found:
        # Offsets are into the text as given, full-width digits and all.
        assert text[number.start : number.end] == number.text


@pytest.mark.parametrize(
    "text",
    [
        "一方、統一された一部の意見は一緒だ。",  # 一 inside words
        "もう一度会う。一人で来た。",  # one: too many English forms to check
        "数十人、十数人、数百万円、何千人",  # vague quantities
        "二三日、五六人",  # "two or three days", not 23
        "五十嵐氏が千葉で話した。",  # names
        "時間は十分にある。",  # 十分: enough
        "三日月、四日市、六本木、八百屋",  # words that look like a number and a counter
        "三位一体、四国、九州、三重",  # kanji before a non-counter
        "0人、〇件",  # nothing
        "万一に備える。千差万別だ。",  # 万 without a number before it
    ],
)
def test_words_that_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == ()


def test_ordinals_are_marked() -> None:
    found = find_numbers("第2回会合で、政権2期目の3回目の訪問")
    assert [(n.expression, n.ordinal) for n in found] == [
        ("2回", True),
        ("2期", True),
        ("3回", True),
    ]
    assert not find_numbers("2回会った")[0].ordinal


def test_the_first_number_of_a_range_counts_what_the_second_counts() -> None:
    assert [n.expression for n in find_numbers("3〜4割、2019〜20年")] == [
        "3割",
        "4割",
        "2019年",
        "20年",
    ]
    assert [n.counter for n in find_numbers("3、4割")] == ["", "割"]  # a list, not a range


def test_offsets_point_into_the_original_text() -> None:
    text = "北朝鮮は１億２０００万ドルを"
    (number,) = find_numbers(text)
    assert (number.start, number.end, number.counter) == (4, 11, "ドル")
    assert number.kanji is False
    assert find_numbers("三年間")[0].kanji is True


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1億2000万", 120_000_000),
        ("２０１９", 2019),
        ("二十五", 25),
        ("1万5000", 15_000),
        ("3.5万", 35_000),
        ("万億", None),  # scales without numbers
        ("1万2億", None),  # scales must fall
        ("二三", None),  # two or three
    ],
)
def test_parse_number(written: str, value: int | None) -> None:
    assert parse_number(written) == (None if value is None else Decimal(value))
