"""The bigram index: same text at 100, near texts below, nothing for unrelated ones."""

from __future__ import annotations

import pytest

from workbench.memory.index import NgramIndex, grams, match_key

ENTRIES = {
    1: "北朝鮮の金正恩国務委員長は会談に応じた。",
    2: "米国のトランプ大統領は会談の成果を強調した。",
    3: "東京都内で記者会見を開いた。",
    4: "ＧＤＰは前年比２．５％増えた。",
    5: "北朝鮮の金正恩国務委員長は会談を拒んだ。",
}


@pytest.fixture
def index() -> NgramIndex:
    built = NgramIndex()
    built.add_many(ENTRIES.items())
    return built


@pytest.mark.parametrize(
    ("query", "best", "low", "high"),
    [
        ("北朝鮮の金正恩国務委員長は会談に応じた。", 1, 100, 100),
        ("北朝鮮の金正恩国務委員長は会談に応じた", 1, 90, 99),  # no full stop
        ("北朝鮮の 金正恩 国務委員長は会談に応じた。", 1, 100, 100),  # spaces do not count
        ("GDPは前年比2.5%増えた。", 4, 100, 100),  # widths fold (NFKC)
        ("米国のバイデン大統領は会談の成果を強調した。", 2, 75, 99),  # a name replaced
        ("東京都内で記者会見を開く。", 3, 75, 99),
        ("北朝鮮の金正恩国務委員長は会談を拒否した。", 5, 80, 99),
    ],
)
def test_lookup_finds_the_closest_entry(
    index: NgramIndex, query: str, best: int, low: int, high: int
) -> None:
    hits = index.lookup(query)
    assert hits, query
    assert hits[0].entry_id == best
    assert low <= hits[0].score <= high


@pytest.mark.parametrize("query", ["", "   ", "天気予報によると明日は晴れる見込みだ。", "x"])
def test_nothing_close_finds_nothing(index: NgramIndex, query: str) -> None:
    assert index.lookup(query) == []


def test_results_are_best_first_and_limited(index: NgramIndex) -> None:
    hits = index.lookup("北朝鮮の金正恩国務委員長は会談に応じた。", limit=2)
    assert [hit.entry_id for hit in hits] == [1, 5]
    assert hits[0].score == 100 > hits[1].score


def test_a_replaced_entry_is_found_by_its_new_text_only(index: NgramIndex) -> None:
    index.add(3, "大阪市内で記者会見を開いた。")
    assert [h.entry_id for h in index.lookup("大阪市内で記者会見を開いた。")][:1] == [3]
    assert all(h.score < 100 for h in index.lookup("東京都内で記者会見を開いた。"))
    assert index.stale == 1


def test_a_removed_entry_is_never_offered(index: NgramIndex) -> None:
    index.remove(1)
    index.remove(99)  # unknown: nothing happens
    assert 1 not in [h.entry_id for h in index.lookup(ENTRIES[1])]
    assert len(index) == 4


def test_two_entries_with_the_same_japanese_are_both_100(index: NgramIndex) -> None:
    index.add(6, "東京都内で記者会見を開いた。")
    assert {(h.entry_id, h.score) for h in index.lookup(ENTRIES[3])} >= {(3, 100), (6, 100)}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ＡＢＣ", "abc"),
        ("ﾄﾗﾝﾌﾟ", "トランプ"),
        ("ワシントン・ポスト", "ワシントンポスト"),
        (" a b ", "ab"),
    ],
)
def test_match_key_folds_widths_case_dots_and_spaces(text: str, key: str) -> None:
    assert match_key(text) == key


def test_grams_of_short_keys() -> None:
    assert grams("") == set()
    assert grams("東") == {"東"}
    assert grams("東京都") == {"東京", "京都"}


def test_every_entry_with_the_same_japanese_comes_newest_first_before_fuzzy_ones(
    index: NgramIndex,
) -> None:
    for entry_id in (10, 11, 12, 13):
        index.add(entry_id, ENTRIES[1])
    hits = index.lookup(ENTRIES[1], limit=1)
    assert [h.entry_id for h in hits if h.score == 100] == [13, 12, 11, 10, 1]
    assert [h.entry_id for h in hits if h.score < 100] == [5]
