from __future__ import annotations

from tests.support.samples import sample_text
from workbench.glossary.suggest import Suggestion, suggest_terms
from workbench.japanese.clean import paragraphs
from workbench.japanese.normalize import term_key


def suggested(
    texts: list[str], known: set[str] | None = None, limit: int = 200
) -> dict[str, Suggestion]:
    return {s.text: s for s in suggest_terms(texts, known or set(), limit=limit)}


def test_sample_article() -> None:
    found = suggested(paragraphs(sample_text()))
    for acronym in ("GWIKS", "DMZ", "G20", "WP", "JSA"):
        assert found[acronym].kind_hint == "acronym"
    for name in ("ワシントン・ポスト", "ヘリテージ", "トランプ", "ル・モンド", "ジョセフ・キム"):
        assert found[name].kind_hint == "katakana"
    # only the katakana part of ヘリテージ財団, and no lone capitals (W, X)
    assert "ヘリテージ財団" not in found
    assert "W" not in found and "X" not in found
    assert found["ワシントン・ポスト"].count == 2
    # short quoted names, not quoted sentences
    assert found["代替外交軸"].kind_hint == "quoted"
    assert "興味深い提案だ" not in found
    assert "彼に会えば本当に良いだろう" not in found


def test_ranked_by_frequency_then_first_appearance() -> None:
    ranked = suggest_terms(paragraphs(sample_text()), set(), limit=5)
    assert ranked[0] == Suggestion("トランプ", "katakana", 24)
    counts = [s.count for s in suggest_terms(paragraphs(sample_text()), set())]
    assert counts == sorted(counts, reverse=True)
    texts = ["DMZとJSA", "JSAとDMZとGWIKS"]
    assert [s.text for s in suggest_terms(texts, set())] == ["DMZ", "JSA", "GWIKS"]
    assert len(suggest_terms(paragraphs(sample_text()), set(), limit=3)) == 3


def test_known_terms_are_excluded() -> None:
    known = {
        term_key("トランプ", case_sensitive=False),
        term_key("ワシントンポスト", case_sensitive=False),
        term_key("WP", case_sensitive=True),
        term_key("dmz", case_sensitive=False),
    }
    found = suggested(paragraphs(sample_text()), known)
    for gone in ("トランプ", "ワシントン・ポスト", "WP", "DMZ"):
        assert gone not in found
    assert "GWIKS" in found and "ドナルド・トランプ" in found


def test_full_and_half_width_forms_count_as_one() -> None:
    found = suggested(["ＧＷＩＫＳとGWIKS", "ﾜｼﾝﾄﾝ･ﾎﾟｽﾄとワシントンポスト"])
    assert found["GWIKS"].count == 2
    assert found["ワシントン・ポスト"].count == 2


def test_candidate_shapes() -> None:
    found = suggested(
        [
            "サーバーとサーバ、ブルース・クリングナー氏、ー・ア、アイ、COVID-19、Twitter。"
            "「ラブコール」「記念写真」「記念写真を撮った。」「とても長い引用はここで名前として扱わない」"
        ]
    )
    assert set(found) == {
        "サーバー",
        "サーバ",
        "ブルース・クリングナー",
        "COVID",
        "ラブコール",
        "記念写真",
    }
    assert found["ラブコール"].kind_hint == "katakana"
    assert found["記念写真"].kind_hint == "quoted"
