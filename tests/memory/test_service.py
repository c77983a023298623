"""The memory follows finished paragraphs; lookups find them from any article."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select, update

from tests.memory.test_align import JOINED
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client
from workbench.articles.models import Paragraph
from workbench.extensions import db
from workbench.memory import service
from workbench.memory.models import EntryUnit, MemoryEntry
from workbench.memory.provider import MemoryProvider

SOURCE = "米朝首脳会談がハノイで開かれた。トランプ氏は成果を強調した。"
TARGET = "The US-North Korea summit was held in Hanoi. Trump stressed its results."


def save(client: Client, pid: int, text: str, version: int, mark: str = "") -> None:
    data = {"text": text, "version": str(version)}
    if mark:
        data["mark"] = mark
    response = client.post(f"/paragraphs/{pid}", data, hx=True)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def entries(app: Flask) -> list[tuple[str, str, str, int | None, bool]]:
    with app.app_context():
        return [
            (e.unit, e.source, e.target, e.sentence, e.retired)
            for e in db.session.scalars(
                select(MemoryEntry).order_by(MemoryEntry.unit, MemoryEntry.sentence)
            )
        ]


def test_a_paragraph_marked_translated_and_its_aligned_sentences_become_entries(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [SOURCE], title="会談記事"))
    save(client, pid, TARGET, 0)
    assert entries(app) == []  # typed, not yet confirmed
    save(client, pid, TARGET, 1, mark="translated")
    assert entries(app) == [
        ("paragraph", SOURCE, TARGET, None, False),
        (
            "sentence",
            "米朝首脳会談がハノイで開かれた。",
            "The US-North Korea summit was held in Hanoi.",
            0,
            False,
        ),
        ("sentence", "トランプ氏は成果を強調した。", "Trump stressed its results.", 1, False),
    ]
    with app.app_context():
        entry = db.session.scalars(select(MemoryEntry)).first()
        assert entry is not None
        assert entry.origin == "会談記事"
        assert entry.status == "translated"


def test_entries_follow_a_changed_translation_and_retire_when_it_is_emptied(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [SOURCE]))
    save(client, pid, TARGET, 0, mark="translated")
    save(client, pid, "The summit was held in Hanoi, and Trump stressed its results.", 1)
    live = [e for e in entries(app) if not e[4]]
    assert [(e[0], e[2]) for e in live] == [
        ("paragraph", "The summit was held in Hanoi, and Trump stressed its results.")
    ]
    save(client, pid, "", 2)
    assert [e for e in entries(app) if not e[4]] == []


def test_lookup_finds_the_same_sentence_from_another_article_at_100(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [SOURCE]))
    save(client, pid, TARGET, 0, mark="translated")
    with app.app_context():
        matches = service.lookup(db.session, "トランプ氏は成果を強調した。")
        assert [(m.score, m.entry.target) for m in matches][0] == (
            100,
            "Trump stressed its results.",
        )
        fuzzy = service.lookup(db.session, "トランプ氏は成果を大いに強調した。")
        assert fuzzy and 50 <= fuzzy[0].score < 100
        assert fuzzy[0].entry.target == "Trump stressed its results."
        # A paragraph is not its own match.
        own = service.lookup_many(db.session, {pid: SOURCE})
        assert [m.entry.unit for m in own[pid]] != [EntryUnit.PARAGRAPH]


def test_the_provider_interface_offers_matches_as_scored_suggestions(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [SOURCE]))
    save(client, pid, TARGET, 0, mark="translated")
    with app.app_context():
        suggestions = MemoryProvider(db.session).suggest("トランプ氏は成果を強調した。")
        assert suggestions[0].text == "Trump stressed its results."
        assert suggestions[0].score == 100
        assert suggestions[0].origin == "memory"


def test_add_entries_skips_what_the_memory_holds(app: Flask) -> None:
    with app.app_context():
        added = service.add_entries(
            db.session,
            [
                service.NewEntry("東京", "Tokyo", "a.tmx"),
                service.NewEntry("東京", "Tokyo", "a.tmx"),
                service.NewEntry("ＴＯＫＹＯ駅", "Tokyo Station", "a.tmx"),
            ],
        )
        db.session.commit()
        assert added == (2, 1)
        again = service.add_entries(
            db.session,
            [service.NewEntry("東京", "Tokyo", "b.tmx"), service.NewEntry("tokyo駅", "x", "b")],
        )
        db.session.commit()
        assert again == (1, 1)
        assert service.lookup(db.session, "TOKYO駅")[0].score == 100


def test_a_source_correction_takes_the_pair_out_until_the_english_changes(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [SOURCE]))
    save(client, pid, TARGET, 0, mark="translated")
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        from workbench.articles.editing import correct_source  # noqa: PLC0415

        correct_source(
            db.session, paragraph, "米朝首脳会談が開かれた。", base_version=0, author="x"
        )
        db.session.commit()
    # The English was confirmed for other words: the pair is not offered any more.
    assert [e for e in entries(app) if not e[4]] == []
    with app.app_context():
        assert service.lookup(db.session, "米朝首脳会談が開かれた。") == []
    # Once a person changes the English, the new pair is in.
    save(client, pid, "The US-North Korea summit was held.", 1)
    live = [e for e in entries(app) if not e[4]]
    assert [(e[0], e[1], e[2]) for e in live] == [
        ("paragraph", "米朝首脳会談が開かれた。", "The US-North Korea summit was held.")
    ]


def test_the_newest_english_of_a_stock_phrase_comes_first_and_others_still_show(
    app: Flask,
) -> None:
    with app.app_context():
        for i in range(9):
            service.add_entries(
                db.session, [service.NewEntry("朝鮮中央通信が伝えた。", "KCNA said.", f"{i}")]
            )
            db.session.commit()
        service.add_entries(
            db.session,
            [
                service.NewEntry("朝鮮中央通信が伝えた。", "KCNA reported.", "new.tmx"),
                service.NewEntry("朝鮮中央通信が報じた。", "KCNA reported it.", "other.tmx"),
            ],
        )
        db.session.commit()
        matches = service.lookup(db.session, "朝鮮中央通信が伝えた。")
        assert [(m.score, m.entry.target) for m in matches][:2] == [
            (100, "KCNA reported."),
            (100, "KCNA said."),
        ]
        assert matches[2].entry.target == "KCNA reported it."


def test_a_lookup_right_after_the_index_is_rebuilt_still_finds_matches(app: Flask) -> None:
    with app.app_context():
        service.add_entries(db.session, [service.NewEntry("東京都内で会見した。", "Tokyo.", "a")])
        many = [service.NewEntry(f"削除される項目{i}です。", "x", "b") for i in range(10_050)]
        service.add_entries(db.session, many)
        db.session.commit()
        assert service.lookup(db.session, "東京都内で会見した。")[0].score == 100
        # Retire the many in one change: old postings now outnumber the live ones.
        seq = service._next_seq(db.session)
        db.session.execute(
            update(MemoryEntry).where(MemoryEntry.origin == "b").values(retired=True, seq=seq)
        )
        db.session.commit()
        assert service.lookup(db.session, "東京都内で会見した。")[0].score == 100


def test_sentences_an_editor_joined_are_one_entry_and_found_at_100(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [JOINED[0]]))
    save(client, pid, JOINED[1], 0, mark="translated")
    sentences = [e for e in entries(app) if e[0] == "sentence"]
    # Five Japanese sentences, four English: the third and fourth went into one.
    assert [e[3] for e in sentences] == [0, 1, 2, 3]
    joined_ja, joined_en = sentences[2][1], sentences[2][2]
    assert joined_ja.endswith(
        "と何度も「ラブコール」を送った。外交的な修辞以上の強い意志を示したわけだ。"
    )
    assert joined_en.startswith('He sent repeated "love calls"')
    with app.app_context():
        (best, *_) = service.lookup(db.session, joined_ja)
        assert (best.score, best.entry.target) == (100, joined_en)
