"""The concordance finds Japanese in the memory and in every article with English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask

from tests.memory.test_align import JOINED
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client
from workbench.articles.models import Article
from workbench.extensions import db
from workbench.memory import concordance, service
from workbench.memory.concordance import Concordance, HitKind, QueryError

SOURCE = "米朝首脳会談がハノイで開かれた。トランプ氏は成果を強調した。"
TARGET = "The US-North Korea summit was held in Hanoi. Trump stressed its results."


def save(client: Client, pid: int, text: str, version: int = 0, mark: str = "") -> None:
    data = {"text": text, "version": str(version)}
    if mark:
        data["mark"] = mark
    response = client.post(f"/paragraphs/{pid}", data, hx=True)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def finished(client: Client, app: Flask, source: str, target: str, title: str = "記事") -> int:
    """An article of one paragraph, translated and marked so; the paragraph's id."""
    (pid,) = paragraph_ids(app, create_article(client, [source], title=title))
    save(client, pid, target, mark="translated")
    return pid


def imported(app: Flask, *pairs: tuple[str, str], origin: str = "memory.tmx") -> None:
    with app.app_context():
        entries = [service.NewEntry(ja, en, origin, author="Kenji") for ja, en in pairs]
        service.add_entries(db.session, entries)
        db.session.commit()


def search(app: Flask, query: str, limit: int = 50) -> Concordance:
    with app.app_context():
        return concordance.search(db.session, query, limit=limit)


def marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_hits_from_articles_and_from_the_memory_with_their_english_and_origin(
    app: Flask, client: Client
) -> None:
    pid = finished(client, app, SOURCE, TARGET, title="会談記事")
    imported(app, ("首脳会談は二日間続いた。", "The summit lasted two days."))
    found = search(app, "首脳会談")
    assert found.total == 2
    by_kind = {hit.kind: hit for hit in found.hits}
    assert set(by_kind) == {HitKind.ARTICLE, HitKind.IMPORTED}
    article = by_kind[HitKind.ARTICLE]
    assert (article.source, article.target) == (SOURCE, TARGET)
    assert (article.origin, article.paragraph_id, article.position) == ("会談記事", pid, 1)
    assert (article.status, article.author) == ("translated", "Ada Admin")
    memory = by_kind[HitKind.IMPORTED]
    assert (memory.target, memory.origin, memory.author) == (
        "The summit lasted two days.",
        "memory.tmx",
        "Kenji",
    )
    assert memory.paragraph_id is None
    assert memory.status == "imported"


def test_the_occurrences_are_given_as_offsets_and_the_aligned_english_sentence_too(
    app: Flask, client: Client
) -> None:
    source = "トランプ氏が来日。トランプ氏は会見した。"
    target = "Trump arrived in Japan. Trump held a news conference."
    finished(client, app, source, target)
    (hit,) = search(app, "会見").hits
    assert hit.spans == [(15, 17)]
    assert marked(hit.source, hit.spans) == ["会見"]
    # The paragraph aligns sentence by sentence: the English of the sentence holding
    # the words is marked too (what its sentence entry in the memory says).
    assert marked(hit.target, hit.target_spans) == ["Trump held a news conference."]
    (both,) = search(app, "トランプ氏").hits
    assert marked(both.source, both.spans) == ["トランプ氏", "トランプ氏"]
    assert both.spans == [(0, 5), (9, 14)]
    assert len(both.target_spans) == 2


def test_words_in_sentences_an_editor_joined_mark_the_english_sentence_that_joined_them(
    app: Flask, client: Client
) -> None:
    finished(client, app, *JOINED)
    (hit,) = search(app, "外交的な修辞").hits
    (english,) = marked(hit.target, hit.target_spans)
    assert english.startswith('He sent repeated "love calls"')
    assert english.endswith("went beyond diplomatic rhetoric.")
    (hit,) = search(app, "即興的な外交方式").hits
    assert marked(hit.target, hit.target_spans) == [
        "The key question is whether Trump's improvised style of diplomacy can come off once again."
    ]


def test_paragraphs_with_english_not_yet_marked_are_found_and_said_so(
    app: Flask, client: Client
) -> None:
    pids = paragraph_ids(
        app, create_article(client, ["北朝鮮の外務省が声明。", "北朝鮮は沈黙した。"])
    )
    save(client, pids[0], "North Korea's foreign ministry issued a statement.")
    found = search(app, "北朝鮮")
    # The paragraph without English is not a concordance line: nothing to show beside it.
    assert [(h.paragraph_id, h.status) for h in found.hits] == [
        (pids[0], "not yet marked translated")
    ]
    assert found.total == 1


def test_matching_ignores_width_and_case(app: Flask, client: Client) -> None:
    finished(client, app, "２０１９年のＧ２０サミット。", "The 2019 G20 summit.")
    finished(client, app, "2020年のG7サミット。", "The 2020 G7 summit.")
    assert marked(search(app, "2019").hits[0].source, search(app, "2019").hits[0].spans) == [
        "２０１９"
    ]
    (wide,) = search(app, "２０２０").hits
    assert marked(wide.source, wide.spans) == ["2020"]
    (lower,) = search(app, "ｇ２０").hits
    assert marked(lower.source, lower.spans) == ["Ｇ２０"]
    (ascii_lower,) = search(app, "g7").hits
    assert marked(ascii_lower.source, ascii_lower.spans) == ["G7"]


def test_like_wildcards_in_the_query_are_plain_characters(app: Flask, client: Client) -> None:
    finished(client, app, "支持率は50%に下がった。", "Approval fell to 50%.")
    finished(client, app, "関数a_bとa\\bを比べる。", "Compare a_b and a\\b.")
    finished(client, app, "支持率は5割に下がった。", "Approval fell to half.")
    assert [h.target for h in search(app, "50%").hits] == ["Approval fell to 50%."]
    assert search(app, "%").total == 1
    assert search(app, "5_").total == 0  # "5" then any character would match two
    assert [h.target for h in search(app, "a_b").hits] == ["Compare a_b and a\\b."]
    assert search(app, "a\\b").total == 1
    assert search(app, "a\\").total == 1
    assert search(app, "\\").total == 1


def test_a_finished_paragraph_shows_once_not_again_as_its_memory_entries(
    app: Flask, client: Client
) -> None:
    pid = finished(client, app, SOURCE, TARGET)
    # The memory holds it three times: the paragraph and its two aligned sentences.
    found = search(app, "ハノイ")
    assert [(h.kind, h.paragraph_id) for h in found.hits] == [(HitKind.ARTICLE, pid)]
    assert found.total == 1


def test_the_same_texts_in_two_places_are_one_hit_naming_the_other(
    app: Flask, client: Client
) -> None:
    first = finished(client, app, "（共同）", "(Kyodo)", title="一本目")
    second = finished(client, app, "（共同）", "(Kyodo)", title="二本目")
    imported(app, ("（共同）", "(Kyodo)"), ("（共同）", "(Kyodo News)"))
    found = search(app, "共同")
    # The imported unit with the same English was not taken in (the memory had it);
    # the one with other English is a text of its own. Three places, two texts.
    assert found.total == 3
    assert len(found.hits) == 2
    assert not found.more
    kyodo = next(h for h in found.hits if h.target == "(Kyodo)")
    assert kyodo.kind == HitKind.ARTICLE
    assert kyodo.paragraph_id == second  # the newest
    assert kyodo.also == ["一本目 ¶1"]
    assert first != second


def test_entries_kept_after_their_article_is_deleted_are_found_once(
    app: Flask, client: Client
) -> None:
    pid = finished(client, app, SOURCE, TARGET, title="消えた記事")
    with app.app_context():
        article = db.session.get(Article, paragraph_article(app, pid))
        db.session.delete(article)
        db.session.commit()
    found = search(app, "ハノイ")
    assert [(h.kind, h.origin, h.target) for h in found.hits] == [
        (HitKind.MEMORY, "消えた記事", TARGET)
    ]
    assert marked(found.hits[0].target, found.hits[0].target_spans) == [
        "The US-North Korea summit was held in Hanoi."
    ]
    assert found.total == 1


def paragraph_article(app: Flask, pid: int) -> int:
    from workbench.articles.models import Paragraph

    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.article_id


def test_retired_entries_are_not_found(app: Flask, client: Client) -> None:
    pid = finished(client, app, SOURCE, TARGET)
    save(client, pid, "", version=1)  # emptied: its entries retire
    assert search(app, "ハノイ").total == 0


def test_the_total_counts_every_text_and_the_newest_are_shown(app: Flask) -> None:
    pairs = [(f"会談{i}回目。", f"Talks, round {i}.") for i in range(5)]
    with app.app_context():
        service.add_entries(
            db.session,
            [
                service.NewEntry(ja, en, "old.tmx", created_at=datetime(2020, 1, i + 1, tzinfo=UTC))
                for i, (ja, en) in enumerate(pairs)
            ],
        )
        db.session.commit()
    found = search(app, "会談", limit=2)
    assert found.total == 5
    assert found.more
    assert [h.target for h in found.hits] == ["Talks, round 4.", "Talks, round 3."]


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_query_is_refused_with_a_sentence(app: Flask, query: str) -> None:
    with pytest.raises(QueryError, match="at least one character"):
        search(app, query)


def test_a_query_longer_than_the_limit_is_refused_with_a_sentence(app: Flask) -> None:
    assert search(app, "あ" * concordance.MAX_QUERY).total == 0
    with pytest.raises(QueryError, match="at most 200 characters; this one has 201"):
        search(app, "あ" * (concordance.MAX_QUERY + 1))


def test_text_that_occurs_nowhere_finds_nothing(app: Flask, client: Client) -> None:
    finished(client, app, SOURCE, TARGET)
    imported(app, ("首脳会談は二日間続いた。", "The summit lasted two days."))
    found = search(app, "東京オリンピック")
    assert (found.total, found.hits) == (0, [])


def test_pieces_cut_a_text_at_its_spans() -> None:
    assert concordance.pieces("あいうえお", [(1, 2), (3, 5)]) == [
        ("あ", False),
        ("い", True),
        ("う", False),
        ("えお", True),
    ]
    assert concordance.pieces("あい", []) == [("あい", False)]


def test_variants_and_escaping_are_plain_text_functions() -> None:
    assert concordance.variants("Ｇ２０") == ["Ｇ２０", "G20", "ｇ２０"]
    assert concordance.variants("g20") == ["g20", "ｇ２０", "Ｇ２０"]
    assert concordance.variants("会談") == ["会談"]
    assert concordance.escape_like("50%_a\\") == "50\\%\\_a\\\\"
    assert concordance.find_spans("ワシントン・ポストが報じた", "ワシントンポスト") == [(0, 9)]
