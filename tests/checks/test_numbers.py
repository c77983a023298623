"""The number check: each number of the Japanese must be in the English, in any
usual English form; dates, words like 一方 and vague quantities are not its business."""

from __future__ import annotations

import pytest

from workbench.checks import Context, Finding
from workbench.checks.english import english_values
from workbench.checks.numbers import NumbersCheck

CHECK = NumbersCheck()


def run(source: str, target: str) -> list[str]:
    findings = CHECK.run(source, target, Context())
    assert all(f.check_id == "numbers" and f.severity == "warning" for f in findings)
    return [f.message for f in findings]


@pytest.mark.parametrize(
    ("source", "target", "messages"),
    [
        # A number missing, said with its counter and its value.
        (
            "投稿してから36時間後に会談した。",
            "They met 32 hours after the post.",
            ["36時間 → no 36 in the English"],
        ),
        (
            "予算は1億2000万円だ。",
            "The budget is 12 million yen.",
            ["1億2000万円 → no 120,000,000 (120 million) in the English"],
        ),
        ("3.5万人が集まった。", "3,500 people gathered.", ["3.5万人 → no 35,000 in the English"]),
        ("三年間続いた。", "It lasted for years.", ["三年間 → no 3 in the English"]),
        ("会談を3度主導した", "He led two summits.", ["3度 → no 3 in the English"]),
        # One finding for a number written twice.
        ("20人と20人", "Some people.", ["20人 → no 20 in the English"]),
        # Found, in its many English forms.
        ("予算は1億2000万円だ。", "The budget is 120 million yen.", []),
        ("予算は1億2000万円だ。", "The budget is ¥120,000,000.", []),
        ("予算は1億2000万円だ。", "The budget is 120000000 yen.", []),
        ("12億ドル", "$1.2 billion", []),
        ("12億ドル", "$1.2bn", []),
        ("3.5万人", "35,000 people", []),
        ("3.5万人", "35 thousand people", []),
        ("三年間続いた。", "A three-year fight.", []),
        ("二十五人", "twenty-five people", []),
        ("百五十人", "one hundred and fifty people", []),
        ("第2回会合", "the second meeting", []),
        ("政権2期目", "his 2nd term", []),
        ("3割が反対", "30% opposed", []),
        ("2倍に増えた", "It doubled.", []),
        ("10年ぶり", "the first time in a decade", []),
        ("主要20か国・地域(G20)", "the Group of 20 (G20)", []),
        ("1億2345万人", "about 123 million people", []),
        ("２〜３年", "two to three years", []),
        ("成長率は３．５％", "growth of 3.5 percent", []),
        # Near misses that must not fire.
        ("一方、一部の専門家は統一を望む。", "Meanwhile, some experts want unity.", []),
        ("数十人が集まった", "Dozens of people gathered.", []),
        ("五十嵐氏が千葉で十分に話した。", "Igarashi spoke at length in Chiba.", []),
        ("2019年6月30日に", "On June 30, 2019", []),  # the date check's
        ("6月末", "at the end of June", []),
        ("もう一度会う", "meet again", []),
        ("3〜4割が反対", "30-40% opposed", []),  # the range shares its counter
        ("24日、会談した", "They met on Tuesday.", []),  # a day given as its weekday
        ("10代の若者", "teenagers", []),
        ("3者会談", "trilateral talks", []),
        ("二階幹事長", "Secretary-General Nikai", []),
        ("安倍晋三首相", "Prime Minister Shinzo Abe", []),
        ("15時30分", "at 3:30 p.m.", []),
        ("第9条", "Article 9", []),
        ("24時間体制で", "around the clock", []),
        ("5人に1人", "one in five", []),
        ("3日後に", "on Tuesday", ["3日 → no 3 in the English"]),  # three days later
        ("36時間", "", []),  # nothing written yet
    ],
)
def test_numbers(source: str, target: str, messages: list[str]) -> None:
    assert run(source, target) == messages


def test_a_missing_number_points_at_no_place_in_the_english() -> None:
    assert CHECK.run("36時間後", "Later.", Context()) == [
        Finding("numbers", "warning", "36時間 → no 36 in the English")
    ]


def test_the_sample_translation_has_every_number() -> None:
    from tests.support.sample_english import sample_pairs

    assert [run(source, target) for source, target in sample_pairs()] == [[]] * 14


@pytest.mark.parametrize(
    ("english", "value"),
    [
        ("120,000,000", 120_000_000),
        ("1.2 billion", 1_200_000_000),
        ("a million", 1_000_000),
        ("twenty-one", 21),
        ("thirtieth", 30),
        ("twice", 2),
        ("Ｇ２０", 20),
    ],
)
def test_english_values(english: str, value: int) -> None:
    assert value in english_values(english)
