"""Anchoring tables: notes pinned by quote, context and offsets, re-found after edits."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from tests.support.samples import sample_text
from workbench.japanese.clean import paragraphs
from workbench.notes.anchoring import (
    CONTEXT,
    Anchor,
    AnchorError,
    Placement,
    make_anchor,
    relocate,
    relocate_all,
)

PARAGRAPHS = paragraphs(sample_text())
# Paragraph 2 names 金委員長 three times; paragraph 3 mentions 板門店 once.
P2 = PARAGRAPHS[1]
P3 = PARAGRAPHS[2]
LONG_QUOTE = "一貫して金委員長との会談の意向を示してきた"


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the nth occurrence of quote in text."""
    at = -1
    for _ in range(nth + 1):
        at = text.find(quote, at + 1)
        assert at != -1, f"{quote!r} occurs fewer than {nth + 1} times"
    return at, at + len(quote)


def placed(anchor: Anchor, new_text: str) -> Placement | None:
    """relocate, checking that the offsets always point at real text of new_text."""
    placement = relocate(anchor, new_text)
    if placement is not None:
        assert 0 <= placement.start <= placement.end <= len(new_text)
        if placement.exact:
            assert new_text[placement.start : placement.end] == anchor.exact
    return placement


def test_the_sample_has_the_repeated_quote() -> None:
    assert P2.count("金委員長") == 3
    assert P3.count("板門店") == 1


@dataclass(frozen=True)
class Case:
    name: str
    old: str
    quote: str
    nth: int
    new: str
    # The text the note should land on (its placed_nth occurrence in new), or
    # None when the note must be detached.
    lands_on: str | None
    placed_nth: int = 0
    exact: bool = True
    moved: bool = True


CASES = [
    Case("nothing changed", P3, "板門店", 0, P3, "板門店", moved=False),
    Case("insertion at the start", P3, "板門店", 0, "【更新】" + P3, "板門店"),
    Case(
        "insertion right before the quote",
        P3,
        "板門店",
        0,
        P3.replace("36時間後に板門店", "36時間後に、南北の境界にある板門店"),
        "板門店",
    ),
    Case("earlier sentence deleted", P3, "板門店", 0, P3.split("。", 1)[1], "板門店"),
    Case("edit after the quote", P3, "板門店", 0, P3 + "追記。", "板門店", moved=False),
    Case(
        "context partly rewritten",
        P3,
        "板門店",
        0,
        P3.replace("Twitterに投稿してから36時間後に", "投稿から約1日半後に").replace(
            "で会談が行われたのだ。", "で首脳会談が開かれた。"
        ),
        "板門店",
    ),
    Case(
        "repeated quote, context partly rewritten",
        P2,
        "金委員長",
        1,
        P2.replace("彼は再選後初のアジア歴訪期間中、", "再選後初めてのアジア歴訪の間、").replace(
            "との会談の可能性について", "との会談の可能性を問われ"
        ),
        "金委員長",
        placed_nth=1,
    ),
    Case(
        "repeated quote, insertion before the first",
        P2,
        "金委員長",
        1,
        P2.replace("一貫して", "一貫して、そして繰り返し"),
        "金委員長",
        placed_nth=1,
    ),
    Case(
        "repeated quote, first occurrence deleted",
        P2,
        "金委員長",
        1,
        P2.replace("金委員長との会談の意向", "会談の意向", 1),
        "金委員長",
        placed_nth=0,
    ),
    Case(
        "repeated quote, third stays third",
        P2,
        "金委員長",
        2,
        P2.replace("一貫して", "一貫して、そして繰り返し"),
        "金委員長",
        placed_nth=2,
    ),
    # The insertion is exactly the distance between the second and third
    # occurrences, so the second now sits at the third's old offsets: the
    # context has to send the note on to the real third one.
    Case(
        "repeated quote, another occurrence shifted onto the old offsets",
        P2,
        "金委員長",
        2,
        "あ" * (span(P2, "金委員長", 2)[0] - span(P2, "金委員長", 1)[0]) + P2,
        "金委員長",
        placed_nth=2,
    ),
    Case(
        "quote deleted",
        P3,
        "板門店",
        0,
        P3.replace("36時間後に板門店で", "36時間後に"),
        None,
    ),
    Case(
        "long quote deleted",
        P3,
        "トランプ大統領は北朝鮮の地を踏んだ初の米国大統領になった",
        0,
        P3.rsplit("トランプ大統領は北朝鮮", 1)[0],
        None,
    ),
    Case(
        "long quote with one character changed",
        P2,
        LONG_QUOTE,
        0,
        P2.replace("示してきた", "表してきた"),
        "一貫して金委員長との会談の意向を表してきた",
        exact=False,
        moved=False,
    ),
    Case(
        "long quote with one character changed and text inserted before it",
        P2,
        LONG_QUOTE,
        0,
        "【速報】" + P2.replace("示してきた", "表してきた"),
        "一貫して金委員長との会談の意向を表してきた",
        exact=False,
    ),
    Case(
        "long quote with one character added",
        P2,
        LONG_QUOTE,
        0,
        P2.replace("示してきた", "示し続けてきた"),
        "一貫して金委員長との会談の意向を示し続けてきた",
        exact=False,
    ),
    Case(
        "long quote edited and its context rewritten",
        P2,
        LONG_QUOTE,
        0,
        P2.replace("示してきた", "表してきた")
        .replace("トランプ大統領は政権2期目就任以降、", "米大統領は再任後も")
        .replace("。彼は再選後初のアジア歴訪期間中、", "。今回のアジア訪問でも、"),
        None,
    ),
    Case("short quote edited", P3, "板門店", 0, P3.replace("板門店", "板門点"), None),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_relocate(case: Case) -> None:
    anchor = make_anchor(case.old, *span(case.old, case.quote, case.nth))
    placement = placed(anchor, case.new)
    if case.lands_on is None:
        assert placement is None
        return
    assert placement is not None
    start, end = span(case.new, case.lands_on, case.placed_nth)
    assert (placement.start, placement.end) == (start, end)
    assert case.new[placement.start : placement.end] == case.lands_on
    assert placement.exact is case.exact
    assert placement.moved is case.moved
    assert 0 < placement.score <= 100


def test_nothing_changed_scores_full_marks() -> None:
    anchor = make_anchor(P3, *span(P3, "板門店"))
    assert relocate(anchor, P3) == Placement(
        *span(P3, "板門店"), exact=True, moved=False, score=100
    )


@pytest.mark.parametrize("new_text", ["", P2, P3, "全く別の段落。"])
def test_whole_paragraph_anchors_always_place(new_text: str) -> None:
    anchor = Anchor.whole_paragraph()
    assert anchor.whole
    assert (anchor.exact, anchor.start, anchor.end) == ("", 0, 0)
    assert placed(anchor, new_text) == Placement(0, 0, exact=True, moved=False, score=100)


def test_relocate_all_keeps_note_ids_and_detaches_individually() -> None:
    anchors = {
        1: make_anchor(P3, *span(P3, "板門店")),
        2: make_anchor(P3, *span(P3, "36時間後")),
        3: Anchor.whole_paragraph(),
    }
    new_text = "【更新】" + P3.replace("板門店", "")
    result = relocate_all(anchors, new_text)
    assert set(result) == {1, 2, 3}
    assert result[1] is None
    assert result[2] is not None
    assert new_text[result[2].start : result[2].end] == "36時間後"
    assert result[3] is not None


def test_make_anchor_takes_context_from_the_text() -> None:
    start, end = span(P3, "板門店")
    anchor = make_anchor(P3, start, end)
    assert anchor.exact == "板門店"
    assert (anchor.start, anchor.end) == (start, end)
    assert anchor.prefix == P3[start - CONTEXT : start]
    assert anchor.suffix == P3[end : end + CONTEXT]
    assert len(anchor.prefix) == len(anchor.suffix) == CONTEXT
    assert not anchor.whole


def test_make_anchor_context_is_cut_at_the_paragraph_edges() -> None:
    anchor = make_anchor("金委員長が応じた", 0, 4)
    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("", "金委員長", "が応じた")
    anchor = make_anchor("金委員長が応じた", 5, 8)
    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("金委員長が", "応じた", "")


OUTSIDE = "The selection is outside the paragraph."
EMPTY = "Select at least one character."


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 2, OUTSIDE),
        (0, 9, OUTSIDE),
        (9, 10, OUTSIDE),
        (5, 3, OUTSIDE),
        (3, 3, EMPTY),
        (0, 0, EMPTY),
        (8, 8, EMPTY),
    ],
)
def test_make_anchor_refuses_bad_selections(start: int, end: int, message: str) -> None:
    with pytest.raises(AnchorError) as raised:
        make_anchor("金委員長が応じた", start, end)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_selectors_round_trip_through_json() -> None:
    anchor = make_anchor(P2, *span(P2, "金委員長", 1))
    selectors = anchor.to_selectors()
    assert selectors == [
        {
            "type": "TextQuoteSelector",
            "exact": "金委員長",
            "prefix": anchor.prefix,
            "suffix": anchor.suffix,
        },
        {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
    ]
    assert Anchor.from_selectors(json.loads(json.dumps(selectors, ensure_ascii=False))) == anchor
    assert Anchor.from_selectors(reversed(selectors)) == anchor


def test_whole_paragraph_has_no_selectors() -> None:
    assert Anchor.whole_paragraph().to_selectors() == []
    assert Anchor.from_selectors([]) == Anchor.whole_paragraph()


def test_from_selectors_without_a_position_still_relocates() -> None:
    anchor = Anchor.from_selectors([{"type": "TextQuoteSelector", "exact": "板門店"}])
    assert (anchor.prefix, anchor.suffix) == ("", "")
    placement = placed(anchor, P3)
    assert placement is not None
    assert P3[placement.start : placement.end] == "板門店"


@pytest.mark.parametrize(
    "selectors",
    [
        [{"type": "TextPositionSelector", "start": 0, "end": 3}],
        [{"type": "TextQuoteSelector", "exact": ""}],
        [
            {"type": "TextQuoteSelector", "exact": "板門店"},
            {"type": "TextPositionSelector", "start": 5, "end": 3},
        ],
    ],
)
def test_from_selectors_refuses_unusable_selectors(selectors: list[dict[str, object]]) -> None:
    with pytest.raises(AnchorError):
        Anchor.from_selectors(selectors)
