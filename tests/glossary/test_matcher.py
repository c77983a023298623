from __future__ import annotations

import threading
import time

import pytest

from workbench.glossary.matcher import Match, Matcher, MatcherCache, TermEntry, segments
from workbench.japanese.normalize import normalize_for_matching, term_key

# --- normalization ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "offsets"),
    [
        ("", "", [0]),
        ("G20", "g20", [0, 1, 2, 3]),
        ("Ｇ２０", "g20", [0, 1, 2, 3]),
        ("ﾜｼﾝﾄﾝ･ﾎﾟｽﾄ", "ワシントンポスト", [0, 1, 2, 3, 4, 6, 8, 9, 10]),
        ("ワシントン・ポスト", "ワシントンポスト", [0, 1, 2, 3, 4, 6, 7, 8, 9]),
        ("ｷﾞ", "ギ", [0, 2]),
        ("㈱…", "(株)...", [0, 0, 0, 1, 1, 1, 2]),
        ("a·b", "ab", [0, 2, 3]),
        ("Kim  Jong\nUn", "kim jong un", [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]),
        ("Straße", "strasse", [0, 1, 2, 3, 4, 4, 5, 6]),
        ("カ\u3099", "ガ", [0, 2]),
    ],
)
def test_normalize_for_matching(text: str, key: str, offsets: list[int]) -> None:
    assert normalize_for_matching(text) == (key, offsets)


def test_normalize_keeps_case_on_request() -> None:
    assert normalize_for_matching("ＷＰ", casefold=False) == ("WP", [0, 1, 2])


@pytest.mark.parametrize(
    ("source", "case_sensitive", "key"),
    [
        ("  Kim   Jong Un ", False, "kim jong un"),
        ("ﾜｼﾝﾄﾝ･ﾎﾟｽﾄ", False, "ワシントンポスト"),
        ("ＷＰ", True, "WP"),
        ("ＷＰ", False, "wp"),
        ("・", False, ""),
    ],
)
def test_term_key(source: str, case_sensitive: bool, key: str) -> None:
    assert term_key(source, case_sensitive) == key


# --- matching -----------------------------------------------------------------

GLOSSARY = (
    TermEntry(1, "G20"),
    TermEntry(2, "ワシントン・ポスト"),
    TermEntry(3, "サーバー", variants=("サーバ",)),
    TermEntry(4, "Twitter"),
    TermEntry(5, "WP", case_sensitive=True),
    TermEntry(6, "金正恩"),
    TermEntry(7, "金委員長"),
    TermEntry(8, "金"),
    TermEntry(9, "トランプ"),
    TermEntry(10, "トランプ大統領"),
    TermEntry(11, "ＧＷＩＫＳ"),
    TermEntry(12, "非武装地帯", status="proposed"),
    TermEntry(13, "板門店", status="rejected"),
    TermEntry(14, "株"),
    TermEntry(15, "ﾙ･ﾓﾝﾄﾞ"),
)


def found(text: str, glossary: tuple[TermEntry, ...] = GLOSSARY) -> list[tuple[int, str]]:
    matches = Matcher.build(glossary).find(text)
    for match in matches:
        # Offsets always point at the right characters of the original text.
        assert text[match.start : match.end] == match.text
    return [(match.term_id, match.text) for match in matches]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full-width and half-width, both ways
        ("大阪でのＧ２０首脳会合", [(1, "Ｇ２０")]),
        ("大阪でのG20首脳会合", [(1, "G20")]),
        ("ジョージ・ワシントン大学韓国学研究所(GWIKS)", [(11, "GWIKS")]),
        ("(ＧＷＩＫＳ)", [(11, "ＧＷＩＫＳ")]),
        ("ﾜｼﾝﾄﾝ･ﾎﾟｽﾄ(WP)は", [(2, "ﾜｼﾝﾄﾝ･ﾎﾟｽﾄ"), (5, "WP")]),
        ("ﾜｼﾝﾄﾝﾎﾟｽﾄは", [(2, "ﾜｼﾝﾄﾝﾎﾟｽﾄ")]),
        ("ル・モンドは", [(15, "ル・モンド")]),
        # the middle dot is ignored, in the term and in the text
        ("ワシントンポストは", [(2, "ワシントンポスト")]),
        ("ワシントン・ポストは", [(2, "ワシントン・ポスト")]),
        ("ワシントン･ポスト", [(2, "ワシントン･ポスト")]),
        # a dot right after a term stays outside it
        ("トランプ・ワシントン・ポスト・", [(9, "トランプ"), (2, "ワシントン・ポスト")]),
        # variants
        ("サーバーとサーバ", [(3, "サーバー"), (3, "サーバ")]),
        # case
        ("TWITTERとtwitter", [(4, "TWITTER"), (4, "twitter")]),
        ("wpとWpとWP", [(5, "WP")]),
        ("ＷＰ", [(5, "ＷＰ")]),
        # overlapping terms, longest match first
        ("金正恩国務委員長", [(6, "金正恩")]),
        ("金委員長と金正恩と金氏", [(7, "金委員長"), (6, "金正恩"), (8, "金")]),
        ("トランプ大統領とトランプ氏", [(10, "トランプ大統領"), (9, "トランプ")]),
        # statuses: proposed terms match, rejected ones never do
        ("非武装地帯(DMZ)の板門店", [(12, "非武装地帯")]),
        # NFKC length changes before the match
        ("㈱…トランプ大統領", [(10, "トランプ大統領")]),
        ("…ｷﾞｷﾞ金正恩", [(6, "金正恩")]),
        ("\u3000\u3000トランプ  氏", [(9, "トランプ")]),
        # a term must cover whole characters of the original: 株 is inside ㈱
        ("㈱と株", [(14, "株")]),
        ("", []),
        ("何もない文", []),
    ],
)
def test_find(text: str, expected: list[tuple[int, str]]) -> None:
    assert found(text) == expected


def test_find_reports_original_offsets() -> None:
    text = "㈱…ﾜｼﾝﾄﾝ･ﾎﾟｽﾄ、Ｇ２０"
    assert Matcher.build(GLOSSARY).find(text) == [
        Match(2, 2, 12, "ﾜｼﾝﾄﾝ･ﾎﾟｽﾄ"),
        Match(1, 13, 16, "Ｇ２０"),
    ]


def test_matches_do_not_overlap() -> None:
    glossary = (TermEntry(1, "ABC"), TermEntry(2, "BCD"), TermEntry(3, "CDE"))
    assert found("abcde", glossary) == [(1, "abc")]
    assert found("xbcde", glossary) == [(2, "bcd")]


def test_shorter_term_found_after_a_longer_one_fails() -> None:
    # iter_long in pyahocorasick 2.3 reports nothing here.
    glossary = (TermEntry(1, "知識産権"), TermEntry(2, "国家知識産権局"))
    assert found("国家知識産権", glossary) == [(1, "知識産権")]


def test_case_sensitive_and_insensitive_terms_sharing_a_key() -> None:
    glossary = (TermEntry(1, "US", case_sensitive=True), TermEntry(2, "us"))
    assert found("US and us", glossary) == [(1, "US"), (2, "us")]
    # A failed exact-case check leaves a shorter term at the same start.
    glossary = (TermEntry(1, "WP", case_sensitive=True), TermEntry(2, "w"))
    assert found("wp", glossary) == [(2, "w")]


def test_empty_glossary_and_empty_terms() -> None:
    assert found("トランプ", ()) == []
    assert Matcher.build([TermEntry(1, "・"), TermEntry(2, " ")]).find("・ ") == []
    assert Matcher.build([TermEntry(1, "金", status="rejected")]).term_count == 0


def test_segments() -> None:
    text = "トランプ大統領と金委員長。"
    matches = Matcher.build(GLOSSARY).find(text)
    pieces = segments(text, matches)
    assert [(piece, match and match.term_id) for piece, match in pieces] == [
        ("トランプ大統領", 10),
        ("と", None),
        ("金委員長", 7),
        ("。", None),
    ]
    assert "".join(piece for piece, _ in pieces) == text
    assert segments("abc", []) == [("abc", None)]
    assert segments("", []) == []


# --- the cache ----------------------------------------------------------------


def test_cache_rebuilds_only_when_the_version_changes() -> None:
    cache = MatcherCache()
    loads: list[int] = []

    def load(entries: list[TermEntry]):
        def inner() -> list[TermEntry]:
            loads.append(1)
            return entries

        return inner

    first = cache.get(1, load([TermEntry(1, "金")]))
    assert cache.get(1, load([TermEntry(2, "トランプ")])) is first
    assert len(loads) == 1
    second = cache.get(2, load([TermEntry(2, "トランプ")]))
    assert second is not first and len(loads) == 2
    assert [m.term_id for m in second.find("トランプと金")] == [2]
    # The old matcher stays usable by whoever still holds it.
    assert [m.term_id for m in first.find("トランプと金")] == [1]
    # A version going back (a restored database) is a change too.
    assert cache.get(1, load([TermEntry(1, "金")])) is not first
    assert cache.version == 1 and cache.builds == 3


def test_cache_builds_once_under_concurrency() -> None:
    cache = MatcherCache()
    calls = 0
    calls_lock = threading.Lock()

    def load() -> list[TermEntry]:
        nonlocal calls
        with calls_lock:
            calls += 1
        time.sleep(0.05)  # long enough for every thread to arrive during the build
        return [TermEntry(1, "金正恩")]

    start = threading.Barrier(16)
    results: list[Matcher] = []

    def worker() -> None:
        start.wait()
        results.append(cache.get(7, load))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == 1
    assert len(results) == 16 and all(r is results[0] for r in results)


def test_cache_keeps_the_old_matcher_when_a_load_fails() -> None:
    cache = MatcherCache()
    first = cache.get(1, lambda: [TermEntry(1, "金")])

    def broken() -> list[TermEntry]:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cache.get(2, broken)
    assert cache.get(1, lambda: []) is first


def test_random_texts_map_back_exactly() -> None:
    import random

    rng = random.Random(7)
    alphabet = list("金正恩ワシントン・ﾜｼﾝﾄﾝ･ﾎﾟｽﾄｷﾞ㈱…ＧG２2０0 \u3000·WwPp")
    forms = ["金正恩", "ワシントンポスト", "ギ", "G20", "WP", "正恩", "ン", "P"]
    glossary = tuple(
        TermEntry(i, form, case_sensitive=form.isupper()) for i, form in enumerate(forms)
    )
    keys = {i: term_key(form, form.isupper()) for i, form in enumerate(forms)}
    matcher = Matcher.build(glossary)
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 20)))
        reached = 0
        for match in matcher.find(text):
            assert match.text == text[match.start : match.end]
            assert match.start >= reached
            reached = match.end
            case_sensitive = forms[match.term_id].isupper()
            assert term_key(match.text, case_sensitive) == keys[match.term_id]
