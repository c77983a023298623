"""Pages issue a fixed number of SQL statements, whatever the amount of data.

Counts, not times: a page that loads each paragraph's drafts or revisions
one by one shows up here as a count that grows with the article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, insert, select

from tests.support.client import Client
from workbench.articles.models import Paragraph
from workbench.extensions import db
from workbench.machine.models import Draft


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app sends while the block runs."""
    seen: list[str] = []

    def listener(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def create_article(client: Client, size: int, title: str = "記事") -> int:
    lines = [[f"第{i}段落。本文です。", True, None] for i in range(1, size + 1)]
    response = client.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(size)],
            "title": title,
        },
    )
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[1])


def paragraph_ids(app: Flask, article_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
        )


def add_drafts(app: Flask, pids: list[int]) -> None:
    with app.app_context():
        db.session.execute(
            insert(Draft),
            [{"paragraph_id": pid, "provider": "fake", "text": f"Draft {pid}."} for pid in pids],
        )
        db.session.commit()


def add_notes(client: Client, pids: list[int]) -> None:
    """A note on words with a reply, and an open query, in each of the first rows."""
    for pid in pids:
        span = {"paragraph": str(pid), "kind": "source", "body": "See https://example.org/a"}
        response = client.post("/notes", {**span, "quote": "本文"}, hx=True)
        assert response.status_code == 200
        query = {"paragraph": str(pid), "kind": "query", "body": "Which paragraph?"}
        assert client.post("/notes", query, hx=True).status_code == 200
    with_notes = client.get(f"/paragraphs/{pids[0]}/notes", hx=True).get_data(as_text=True)
    for note_id in re.findall(r'id="note-(\d+)"', with_notes)[:1]:
        response = client.post(f"/notes/{note_id}/replies", {"body": "Agreed."}, hx=True)
        assert response.status_code == 200


def work_on(app: Flask, client: Client, article_id: int) -> None:
    """Give the article what an editor's day leaves: drafts, saves, statuses, notes."""
    pids = paragraph_ids(app, article_id)
    add_drafts(app, pids)
    add_notes(client, pids[:3])
    for pid in pids[:3]:
        response = client.post(
            f"/paragraphs/{pid}", {"text": "Done.", "version": "0", "mark": "translated"}, hx=True
        )
        assert response.status_code == 200


def count_for(app: Flask, client: Client, url: str, *, hx: bool = False) -> int:
    client.get(url, hx=hx)  # warm up: connections, caches
    with statements(app) as seen:
        response = client.get(url, hx=hx)
    assert response.status_code == 200
    return len(seen)


def test_editor_queries_do_not_grow_with_the_article(app: Flask, client: Client) -> None:
    small = create_article(client, 15)
    large = create_article(client, 1500)
    work_on(app, client, small)
    work_on(app, client, large)

    small_count = count_for(app, client, f"/articles/{small}")
    large_count = count_for(app, client, f"/articles/{large}")
    assert large_count == small_count, (small_count, large_count)
    # article, paragraphs, drafts, progress, notes and their replies, QA dismissals
    assert 4 <= small_count <= 13

    page = client.get(f"/articles/{large}").get_data(as_text=True)
    assert page.count('class="row"') == 1500
    assert page.count('class="draft-text"') == 1500


def test_article_list_queries_do_not_grow_with_the_articles(app: Flask, client: Client) -> None:
    first = create_article(client, 3, "最初の記事")
    work_on(app, client, first)
    one = count_for(app, client, "/")
    one_hx = count_for(app, client, "/", hx=True)

    for n in range(29):
        work_on(app, client, create_article(client, 3, f"記事{n}"))
    thirty = count_for(app, client, "/")
    thirty_hx = count_for(app, client, "/", hx=True)
    assert thirty == one, (one, thirty)
    assert thirty_hx == one_hx, (one_hx, thirty_hx)

    page = client.get("/").get_data(as_text=True)
    assert page.count("/articles/") >= 30


def test_history_queries_do_not_grow_with_the_revisions(app: Flask, client: Client) -> None:
    article_id = create_article(client, 2)
    few, many = paragraph_ids(app, article_id)
    for pid, saves in ((few, 1), (many, 40)):
        for version in range(saves):
            response = client.post(
                f"/paragraphs/{pid}", {"text": f"Text {version}.", "version": str(version)}, hx=True
            )
            assert response.status_code == 200
    assert count_for(app, client, f"/paragraphs/{few}/history", hx=True) == count_for(
        app, client, f"/paragraphs/{many}/history", hx=True
    )


def test_row_and_progress_partials_are_a_few_queries(app: Flask, client: Client) -> None:
    small = create_article(client, 15)
    article_id = create_article(client, 1500)
    work_on(app, client, small)
    work_on(app, client, article_id)
    pid = paragraph_ids(app, article_id)[700]
    # the user, the paragraph, its drafts, the provider settings, the glossary
    # version (the terms are only read when the paragraph has some), its notes
    # (their replies are only read when there are notes), the QA dismissals, and
    # for the article-wide check the article's paragraphs and their terms
    row = count_for(app, client, f"/paragraphs/{pid}", hx=True)
    assert row <= 9
    other = paragraph_ids(app, small)[7]
    assert count_for(app, client, f"/paragraphs/{other}", hx=True) == row
    assert count_for(app, client, f"/articles/{article_id}/progress", hx=True) <= 3


def add_terms(app: Flask) -> None:
    """An approved term in every paragraph, a proposed one, and one nowhere."""
    from workbench.glossary import service

    with app.app_context():
        forms = [
            (service.TermForm(source="本文", target="body text", forbidden=["main text"]), True),
            (service.TermForm(source="段落", target="paragraph"), False),
            (service.TermForm(source="板門店", target="Panmunjom"), True),
        ]
        for form, approve in forms:
            term = service.propose(db.session, form, author="Test", author_id=None)
            if approve:
                service.review(db.session, [term], "approved", author="Test", author_id=None)
        db.session.commit()


def test_editor_with_a_glossary_queries_do_not_grow_with_the_article(
    app: Flask, client: Client
) -> None:
    add_terms(app)
    small = create_article(client, 15)
    large = create_article(client, 1500)
    work_on(app, client, small)
    work_on(app, client, large)

    small_count = count_for(app, client, f"/articles/{small}")
    large_count = count_for(app, client, f"/articles/{large}")
    assert large_count == small_count, (small_count, large_count)
    assert small_count <= 14  # the editor's queries, the glossary version and its terms

    refresh_small = count_for(app, client, f"/articles/{small}/glossary", hx=True)
    refresh_large = count_for(app, client, f"/articles/{large}/glossary", hx=True)
    assert refresh_large == refresh_small, (refresh_small, refresh_large)
    # the user, article, paragraphs, glossary, notes, replies, QA dismissals
    assert refresh_small <= 8

    page = client.get(f"/articles/{large}").get_data(as_text=True)
    assert page.count('<mark class="term term-approved"') == 1500
    assert page.count('<mark class="term term-proposed"') == 1500
    # the three saved "Done." lack "body text"
    assert page.count('badge-warning" data-check="glossary"') == 3


def test_export_queries_do_not_grow_with_the_article(app: Flask, client: Client) -> None:
    add_terms(app)
    small = create_article(client, 15)
    large = create_article(client, 1500)
    work_on(app, client, small)
    work_on(app, client, large)
    for url in ("/articles/{}/export", "/articles/{}/export/json", "/articles/{}/export/docx"):
        small_count = count_for(app, client, url.format(small))
        large_count = count_for(app, client, url.format(large))
        assert large_count == small_count, (url, small_count, large_count)
        # the user, the article, paragraphs, drafts, notes, replies, glossary version, terms
        assert small_count <= 9, (url, small_count)


def test_the_article_list_counts_open_queries_in_one_query(app: Flask, client: Client) -> None:
    articles = [create_article(client, 15, title=f"記事{i}") for i in range(3)]
    counts = []
    for article_id in articles:
        add_notes(client, paragraph_ids(app, article_id)[:2])
        counts.append(count_for(app, client, "/"))
    assert counts[0] == counts[-1], counts
    page = client.get("/").get_data(as_text=True)
    assert page.count('class="open-queries"') == 3
    assert page.count("? 2</a>") == 3


def add_memory(app: Flask, size: int) -> None:
    """``size`` memory entries close to the paragraphs create_article makes."""
    from workbench.memory import service

    with app.app_context():
        entries = [
            service.NewEntry(f"第{i}段落。本文ですね。", f"Paragraph {i}.", "memory.tmx")
            for i in range(1, size + 1)
        ]
        service.add_entries(db.session, entries)
        db.session.commit()


def test_the_memory_costs_the_editor_nothing_and_a_rows_matches_a_few_queries(
    app: Flask, client: Client
) -> None:
    small = create_article(client, 15)
    large = create_article(client, 1500)
    work_on(app, client, small)
    work_on(app, client, large)
    before = count_for(app, client, f"/articles/{small}")
    add_memory(app, 2000)
    # The rows' matches are fetched by each row's cell, not by the page.
    assert count_for(app, client, f"/articles/{small}") == before
    assert count_for(app, client, f"/articles/{large}") == before

    # the user, the paragraph, the memory's state, the matched entries
    one = count_for(app, client, f"/paragraphs/{paragraph_ids(app, small)[7]}/matches", hx=True)
    other = count_for(app, client, f"/paragraphs/{paragraph_ids(app, large)[700]}/matches", hx=True)
    assert one == other, (one, other)
    assert one <= 5
    page = client.get(f"/articles/{large}").get_data(as_text=True)
    assert page.count('class="matches-loader"') == 1500
