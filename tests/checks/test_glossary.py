from __future__ import annotations

import pytest

from workbench.checks.glossary import TermCheck, TermInfo, check_translation
from workbench.glossary.matcher import Match

TERMS = {
    1: TermInfo("金委員長", "Chairman Kim", alternatives=("Kim",)),
    2: TermInfo("金正恩", "Kim Jong-un", forbidden=("Kim Jong Un's", "Kim Jong Il")),
    3: TermInfo("板門店", "Panmunjom", status="proposed", forbidden=("Panmunjeom",)),
    4: TermInfo("非武装地帯", "DMZ", case_sensitive=True, forbidden=("Dmz",)),
    5: TermInfo("ワシントン・ポスト", "The Washington Post"),
    6: TermInfo("記念写真", "", forbidden=("photo op",)),
    7: TermInfo("米朝首脳会談", "US-North Korea summit", status="rejected"),
}


def at(*term_ids: int) -> list[Match]:
    return [Match(term_id, i * 10, i * 10 + 3, "...") for i, term_id in enumerate(term_ids)]


def run(term_ids: tuple[int, ...], translation: str) -> list[tuple[int, str]]:
    return [(c.term_id, c.severity) for c in check_translation(at(*term_ids), TERMS, translation)]


@pytest.mark.parametrize(
    ("term_ids", "translation", "expected"),
    [
        # nothing written yet: nothing to check
        ((1, 2), "", []),
        ((1, 2), "   ", []),
        # the target or an accepted alternative satisfies the term
        ((1,), "Chairman Kim arrived.", []),
        ((1,), "chairman kim arrived.", []),
        ((1,), "Kim arrived.", []),
        ((1,), "Kim's offer stands.", []),
        ((1,), "Kim\u2019s offer stands.", []),
        # whole words only: Kimchi is not Kim
        ((1,), "Kimchi was served.", [(1, "warning")]),
        ((1,), "The leader arrived.", [(1, "warning")]),
        # one warning per term however often it occurs
        ((1, 1, 1), "The leader arrived.", [(1, "warning")]),
        # Unicode hyphens and full-width letters count as the ASCII ones
        ((2,), "Kim Jong\u2010un spoke.", []),
        ((2,), "Ｋｉｍ Ｊｏｎｇ-ｕｎ spoke.", []),
        ((2,), "Kim  Jong-un\nspoke.", []),
        # forbidden targets are errors, each one found
        ((2,), "Kim Jong Un's speech.", [(2, "warning"), (2, "error")]),
        ((2,), "KIM JONG UN\u2019S speech.", [(2, "warning"), (2, "error")]),
        (
            (2,),
            "Kim Jong-un, not Kim Jong Un's father Kim Jong Il.",
            [(2, "error"), (2, "error")],
        ),
        # case-sensitive terms compare case
        ((4,), "the DMZ", []),
        ((4,), "the dmz", [(4, "warning")]),
        ((4,), "the Dmz, the DMZ", [(4, "error")]),
        # a term with no target yet can still forbid a translation
        ((6,), "a photo op", [(6, "error")]),
        ((6,), "a souvenir photo", []),
        # only approved terms are enforced
        ((3,), "Panmunjeom", []),
        ((7,), "the summit", []),
        # terms missing from the mapping are skipped
        ((99,), "anything", []),
        # in order of first appearance in the source
        ((5, 1, 5), "He spoke.", [(5, "warning"), (1, "warning")]),
    ],
)
def test_check_rules(
    term_ids: tuple[int, ...], translation: str, expected: list[tuple[int, str]]
) -> None:
    assert run(term_ids, translation) == expected


def test_forbidden_form_inside_the_target_is_not_an_error() -> None:
    terms = {1: TermInfo("金正恩", "Kim Jong-un", forbidden=("Kim",))}
    assert check_translation(at(1), terms, "Kim Jong-un spoke.") == []
    assert [c.severity for c in check_translation(at(1), terms, "Kim spoke.")] == [
        "warning",
        "error",
    ]


def test_messages_say_what_to_do() -> None:
    terms = {
        1: TermInfo("金委員長", "Chairman Kim"),
        2: TermInfo("金正恩", "Kim Jong-un", forbidden=("Kim Jong Un's",)),
        3: TermInfo("北朝鮮", "North Korea", alternatives=("the North", "Pyongyang")),
    }
    checks = check_translation(at(1, 2, 3), terms, "Kim Jong Un's visit to the South.")
    assert checks == [
        TermCheck(1, "warning", "金委員長 should be translated as “Chairman Kim” (approved term)."),
        TermCheck(
            2,
            "warning",
            "金正恩 should be translated as “Kim Jong-un” (approved term).",
        ),
        TermCheck(
            2, "error", "“Kim Jong Un's” is a forbidden translation of 金正恩; use “Kim Jong-un”."
        ),
        TermCheck(
            3,
            "warning",
            "北朝鮮 should be translated as “North Korea”, “the North” or “Pyongyang” "
            "(approved term).",
        ),
    ]
