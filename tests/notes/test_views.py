"""Notes in the editor over HTTP: adding, markers in the source, replies,
resolving and reopening by role, refusals, escaping, the open-query filter,
and correcting a paragraph's Japanese with its notes re-anchored."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import Table, event, func, insert, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.support.client import Client
from tests.support.samples import SAMPLE_PATH
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph, SourceRevision
from workbench.database import utcnow
from workbench.extensions import db
from workbench.glossary import service as glossary_service
from workbench.notes.models import Note, NoteReply

# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Sample:
    article_id: int
    pids: list[int]
    texts: list[str]

    @property
    def p3(self) -> int:
        """The third paragraph: 板門店 once, 金委員長 twice."""
        return self.pids[2]


def seed(app: Flask, paragraphs: list[str] | None = None, title: str = "Sample") -> Sample:
    if paragraphs is None:
        prepared = prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())
        paragraphs = [line.text for line in prepared.lines if line.keep]
    with app.app_context():
        article = create_article(db.session, title=title, paragraphs=paragraphs)
        db.session.commit()
        found = db.session.execute(
            select(Paragraph.id, Paragraph.source_text)
            .where(Paragraph.article_id == article.id)
            .order_by(Paragraph.position)
        ).all()
        return Sample(article.id, [pid for pid, _ in found], [text for _, text in found])


@pytest.fixture
def sample(app: Flask) -> Sample:
    found = seed(app)
    assert found.texts[2].count("板門店") == 1
    return found


def soup(response: TestResponse | str) -> BeautifulSoup:
    text = response if isinstance(response, str) else response.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


def one(parent: BeautifulSoup | Tag, selector: str) -> Tag:
    found = parent.select_one(selector)
    assert isinstance(found, Tag), f"nothing matches {selector!r}"
    return found


def text_of(element: Tag) -> str:
    return " ".join(element.get_text().split())


def notes_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Note)) or 0)


def replies_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(NoteReply)) or 0)


def stored(app: Flask, note_id: int) -> Note:
    with app.app_context():
        found = db.session.get(Note, note_id)
        assert found is not None
        db.session.expunge(found)
        return found


def paragraph(app: Flask, pid: int) -> Paragraph:
    with app.app_context():
        found = db.session.get(Paragraph, pid)
        assert found is not None
        db.session.expunge(found)
        return found


def last_note_id(app: Flask) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.max(Note.id)))
        assert found is not None
        return int(found)


def post_note(client: Client, pid: int, *, hx: bool = True, **fields: str | int) -> TestResponse:
    form = {"paragraph": str(pid), "kind": "explanation", "body": "A note."}
    form.update({key: str(value) for key, value in fields.items()})
    return client.post("/notes", form, hx=hx)


def add_note(client: Client, app: Flask, pid: int, **fields: str | int) -> int:
    response = post_note(client, pid, hx=True, **fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    return last_note_id(app)


def set_status(client: Client, note_id: int, status: str, *, hx: bool = True) -> TestResponse:
    return client.post(f"/notes/{note_id}/status", {"status": status}, hx=hx)


def open_count(page: BeautifulSoup) -> int:
    return int(one(page, "#open-queries [data-count]").get_text())


def note_item(page: BeautifulSoup | Tag, note_id: int) -> Tag:
    return one(page, f"li#note-{note_id}")


def row_notes(client: Client, pid: int) -> BeautifulSoup:
    response = client.get(f"/paragraphs/{pid}/notes", hx=True)
    assert response.status_code == 200
    return soup(response)


def source_cell(client: Client, pid: int) -> Tag:
    response = client.get(f"/paragraphs/{pid}/source", hx=True)
    assert response.status_code == 200
    return one(soup(response), f"#source-{pid}")


def editor(client: Client, article_id: int, query: str = "") -> BeautifulSoup:
    response = client.get(f"/articles/{article_id}{query}")
    assert response.status_code == 200
    return soup(response)


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.find(quote, at + 1)
        assert at != -1
    return at, at + len(quote)


def without_markers(cell: Tag) -> str:
    copy = BeautifulSoup(str(cell), "html.parser")
    for marker in copy.select("a.note-marker"):
        marker.decompose()
    return copy.get_text()


# ---------------------------------------------------------------- adding a note


def test_adding_a_note_with_htmx_returns_the_fresh_form_and_the_row_out_of_band(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    start, end = span(text, "板門店")
    response = post_note(
        client,
        pid,
        kind="source",
        quote="板門店",
        start=start,
        end=end,
        body="The truce village, see https://example.org/dmz",
        url="https://example.org/report",
        read_on="2025-10-30",
    )
    assert response.status_code == 200
    trigger = json.loads(response.headers["HX-Trigger"])
    assert trigger == {"notes-changed": {"id": pid}}
    page = soup(response)

    form = one(page, "form#note-form")
    assert "Note added." in text_of(form)
    assert one(form, "textarea[name=body]").get_text() == ""
    assert one(form, "input[name=quote]")["value"] == ""
    assert not form.select(".error")

    for selector in (f"#notes-{pid}", f"#source-{pid}", f"#terms-{pid}", "#open-queries"):
        element = one(page, selector)
        assert element["hx-swap-oob"] == "true", selector
        assert len(page.select(selector)) == 1, selector

    note_id = last_note_id(app)
    note = stored(app, note_id)
    assert (note.exact, note.start, note.end, note.kind) == ("板門店", start, end, "source")
    assert note.author == "Ada Admin" and note.url == "https://example.org/report"
    item = note_item(page, note_id)
    assert "“板門店”" in text_of(item)
    assert "Source citation" in text_of(item)
    assert "read 2025-10-30" in text_of(item)
    assert "Ada Admin" in text_of(one(item, ".note-by"))
    assert one(item, "p.note-citation a")["href"] == "https://example.org/report"
    assert open_count(page) == 0


def test_the_marker_follows_exactly_the_quoted_words(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    first = add_note(client, app, pid, quote="北朝鮮の地を踏んだ", kind="query", body="Q?")
    start, end = span(text, "板門店")
    second = add_note(client, app, pid, start=start, end=end, quote="板門店")
    whole = add_note(client, app, pid, body="On everything.")

    cell = source_cell(client, pid)
    assert without_markers(cell) == text  # the markup changes nothing in the text
    spans = cell.select("span.noted")
    assert [(s.get_text(), s["data-notes"]) for s in spans] == [
        ("板門店", str(second)),
        ("北朝鮮の地を踏んだ", str(first)),
    ]
    assert "noted-query" in spans[1]["class"]
    # Each note has the number it was given when written (北朝鮮… first), even where
    # its words come later; the list stays in reading order.
    for noted, number, note_id in ((spans[0], "2", second), (spans[1], "1", first)):
        marker = noted.find_next_sibling()
        assert isinstance(marker, Tag) and "note-marker" in marker["class"]
        assert marker.get_text() == number
        assert marker["href"] == f"#note-{note_id}"
        assert marker["data-note"] == str(note_id)
        assert marker["aria-describedby"] == f"note-body-{note_id}"
    whole_marker = cell.select("a.note-marker")[-1]
    assert "note-whole" in whole_marker["class"] and whole_marker.get_text() == "3"
    assert whole_marker["data-note"] == str(whole)
    assert cell.select("a.note-marker")[1]["data-tip"] == "Query for the reviewer: Q?"

    listed = row_notes(client, pid)
    numbers = [(li["id"], text_of(one(li, ".note-number"))) for li in listed.select("li.note")]
    assert numbers == [(f"note-{second}", "2"), (f"note-{first}", "1"), (f"note-{whole}", "3")]
    assert "On the whole paragraph" in text_of(note_item(listed, whole))


def test_overlapping_notes_and_a_term_each_cover_exactly_their_words(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    with app.app_context():
        term = glossary_service.propose(
            db.session,
            glossary_service.TermForm(source="板門店", target="Panmunjom"),
            author="Test",
            author_id=None,
        )
        glossary_service.review(db.session, [term], "approved", author="Test", author_id=None)
        db.session.commit()
    wide = add_note(client, app, pid, quote="36時間後に板門店")
    narrow = add_note(client, app, pid, quote="板門店で会談")

    cell = source_cell(client, pid)
    assert without_markers(cell) == text
    for note_id, quote in ((wide, "36時間後に板門店"), (narrow, "板門店で会談")):
        covered = [
            s for s in cell.select("span.noted") if str(note_id) in str(s["data-notes"]).split()
        ]
        assert "".join(s.get_text() for s in covered) == quote
        marker = one(cell, f'a.note-marker[data-note="{note_id}"]')
        assert marker.find_previous_sibling() is covered[-1]
    # The term is still one mark of its full text, inside both notes' spans.
    marks = cell.select("mark.term")
    assert [m.get_text() for m in marks] == ["板門店"]
    parent = marks[0].find_parent("span")
    assert parent is not None and parent["data-notes"] == f"{wide} {narrow}"


def test_adding_a_note_without_htmx_goes_back_to_the_row(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    form = client.get(f"/paragraphs/{pid}/notes/new?quote=板門店")
    assert form.status_code == 200
    page = soup(form)
    assert one(page, "form#note-form input[name=paragraph]")["value"] == str(pid)
    assert one(page, "form#note-form input[name=quote]")["value"] == "板門店"
    assert page.find("html") is not None

    response = post_note(client, pid, hx=False, quote="板門店", body="Plain form.")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/articles/{sample.article_id}#p-{pid}"
    assert notes_count(app) == 1
    note_id = last_note_id(app)
    page = editor(client, sample.article_id)
    assert "Plain form." in text_of(note_item(page, note_id))


def test_the_full_page_includes_the_same_partials_the_htmx_requests_return(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    note_id = add_note(client, app, pid, quote="板門店", kind="query", body="Which?")
    client.post(f"/notes/{note_id}/replies", {"body": "Panmunjom."}, hx=True)
    add_note(client, app, pid, body="Whole.")

    def normal(element: Tag) -> str:
        copy = BeautifulSoup(str(element), "html.parser")
        # The security token and the forms' one-time keys differ in every rendering.
        for token in copy.select("input[name=csrf_token], input[name=request_key]"):
            token["value"] = "-"
        return str(copy)

    page = editor(client, sample.article_id)
    notes_fragment = client.get(f"/paragraphs/{pid}/notes", hx=True).get_data(as_text=True)
    source_fragment = client.get(f"/paragraphs/{pid}/source", hx=True).get_data(as_text=True)
    for fragment in (notes_fragment, source_fragment):
        assert "<html" not in fragment and "<head" not in fragment
        assert "hx-swap-oob" not in fragment
    assert normal(one(soup(notes_fragment), f"#notes-{pid}")) == normal(one(page, f"#notes-{pid}"))
    assert normal(one(soup(source_fragment), f"#source-{pid}")) == normal(
        one(page, f"#source-{pid}")
    )
    assert open_count(page) == 1
    # The same partials, without htmx, are the editor's address.
    for url in (f"/paragraphs/{pid}/notes", f"/paragraphs/{pid}/source"):
        plain = client.get(url)
        assert plain.status_code == 303
        assert plain.headers["Location"] == f"/articles/{sample.article_id}#p-{pid}"


# ---------------------------------------------------------------- replies and status


def test_replies_make_a_thread(
    app: Flask, client: Client, other_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    note_id = add_note(client, app, pid, kind="query", body="Which village?", quote="板門店")
    response = other_client.post(f"/notes/{note_id}/replies", {"body": "Panmunjom."}, hx=True)
    assert response.status_code == 200
    page = soup(response)
    assert one(page, f"#notes-{pid}")["hx-swap-oob"] == "true"
    response = client.post(f"/notes/{note_id}/replies", {"body": "Thanks."}, hx=True)
    replies = note_item(soup(response), note_id).select("li.reply")
    assert [text_of(one(r, ".note-body")) for r in replies] == ["Panmunjom.", "Thanks."]
    assert [text_of(one(r, ".note-by")).split(" · ")[0] for r in replies] == [
        "Rita Reviewer",
        "Ada Admin",
    ]

    plain = client.post(f"/notes/{note_id}/replies", {"body": "Without htmx."})
    assert plain.status_code == 303
    assert plain.headers["Location"] == f"/articles/{sample.article_id}#p-{pid}"
    assert replies_count(app) == 3


def test_an_empty_reply_is_refused_and_stores_nothing(
    app: Flask, client: Client, sample: Sample
) -> None:
    note_id = add_note(client, app, sample.p3, body="Note.")
    response = client.post(f"/notes/{note_id}/replies", {"body": " \n "}, hx=True)
    assert response.status_code == 422
    item = note_item(soup(response), note_id)
    assert "Write something in the reply first." in text_of(one(item, ".error"))
    assert one(item, "details.note-reply").has_attr("open")
    plain = client.post(f"/notes/{note_id}/replies", {"body": ""})
    assert plain.status_code == 422
    assert "Write something in the reply first." in plain.get_data(as_text=True)
    assert replies_count(app) == 0


def test_resolving_and_reopening_a_query_moves_the_open_query_count(
    app: Flask, client: Client, sample: Sample
) -> None:
    first = post_note(client, sample.pids[0], kind="query", body="One?")
    assert open_count(soup(first)) == 1
    second = post_note(client, sample.p3, kind="query", body="Two?", quote="板門店")
    assert open_count(soup(second)) == 2
    note_id = last_note_id(app)
    assert open_count(editor(client, sample.article_id)) == 2

    resolved = set_status(client, note_id, "resolved")
    assert resolved.status_code == 200
    page = soup(resolved)
    assert open_count(page) == 1
    assert one(page, "#open-queries")["hx-swap-oob"] == "true"
    item = note_item(page, note_id)
    assert "note-resolved" in item["class"]
    assert "resolved by Ada Admin" in text_of(item)
    assert one(item, "input[name=status]")["value"] == "open"
    assert "Reopen" in text_of(one(item, ".note-actions"))
    assert "noted-resolved" in one(page, f"#source-{sample.p3} span.noted")["class"]
    assert open_count(editor(client, sample.article_id)) == 1

    reopened = set_status(client, note_id, "open")
    assert reopened.status_code == 200
    page = soup(reopened)
    assert open_count(page) == 2
    item = note_item(page, note_id)
    assert "note-open" in item["class"] and "resolved" not in text_of(one(item, ".note-head"))
    assert one(item, "input[name=status]")["value"] == "resolved"
    assert "Resolve query" in text_of(one(item, ".note-actions"))
    assert stored(app, note_id).resolved_by is None

    plain = set_status(client, note_id, "resolved", hx=False)
    assert plain.status_code == 303
    assert stored(app, note_id).status == "resolved"


def test_a_double_submitted_status_change_is_harmless(
    app: Flask, client: Client, other_client: Client, sample: Sample
) -> None:
    note_id = add_note(client, app, sample.p3, kind="query", body="Q?")
    assert set_status(client, note_id, "resolved").status_code == 200
    once = stored(app, note_id)
    again = set_status(other_client, note_id, "resolved")
    assert again.status_code == 200
    twice = stored(app, note_id)
    assert (twice.status, twice.resolved_by, twice.resolved_at) == (
        "resolved",
        "Ada Admin",
        once.resolved_at,
    )
    assert open_count(soup(again)) == 0
    assert set_status(client, note_id, "open").status_code == 200
    assert set_status(client, note_id, "open").status_code == 200
    assert stored(app, note_id).status == "open"
    assert open_count(editor(client, sample.article_id)) == 1


def test_an_unknown_status_is_refused(app: Flask, client: Client, sample: Sample) -> None:
    note_id = add_note(client, app, sample.p3, kind="query", body="Q?")
    response = set_status(client, note_id, "deleted")
    assert response.status_code == 422
    assert "open or resolved" in text_of(one(soup(response), f"#notes-{sample.p3} .error"))
    assert set_status(client, note_id, "", hx=False).status_code == 422
    assert stored(app, note_id).status == "open"


def test_a_translator_cannot_resolve_a_query_and_sees_no_button(
    app: Flask, client: Client, translator_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    query = add_note(client, app, pid, kind="query", body="Which village?", quote="板門店")
    own_query = add_note(translator_client, app, pid, kind="query", body="My own query?")

    for note_id in (query, own_query):
        for hx in (True, False):
            response = set_status(translator_client, note_id, "resolved", hx=hx)
            assert response.status_code == 403
            assert "Only reviewers can resolve queries." in response.get_data(as_text=True)
        assert stored(app, note_id).status == "open"

    for page in (editor(translator_client, sample.article_id), row_notes(translator_client, pid)):
        for note_id in (query, own_query):
            item = note_item(page, note_id)
            assert item.select("form[action$='/status']") == []
            assert "Resolve" not in text_of(item)
            # Replying is for everyone who writes notes.
            assert item.select("form[action$='/replies']")
    assert open_count(editor(translator_client, sample.article_id)) == 2

    admin_item = note_item(editor(client, sample.article_id), query)
    assert "Resolve query" in text_of(one(admin_item, "form[action$='/status']"))

    # A reviewer resolves it; the translator cannot reopen it either.
    assert set_status(client, query, "resolved").status_code == 200
    assert set_status(translator_client, query, "open").status_code == 403
    assert stored(app, query).status == "resolved"


def test_a_translator_resolves_their_own_non_query_note_only(
    app: Flask, client: Client, translator_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    mine = add_note(translator_client, app, pid, kind="translator", body="Tr. note.")
    theirs = add_note(client, app, pid, kind="explanation", body="Ada's explanation.")

    page = row_notes(translator_client, pid)
    assert "Resolve" in text_of(one(note_item(page, mine), "form[action$='/status']"))
    assert note_item(page, theirs).select("form[action$='/status']") == []

    assert set_status(translator_client, mine, "resolved").status_code == 200
    assert stored(app, mine).status == "resolved"
    assert set_status(translator_client, mine, "open").status_code == 200
    assert stored(app, mine).status == "open"

    refused = set_status(translator_client, theirs, "resolved")
    assert refused.status_code == 403
    assert "author or a reviewer" in refused.get_data(as_text=True)
    assert stored(app, theirs).status == "open"


def test_a_reviewer_resolves_queries_and_others_notes(
    app: Flask, client: Client, other_client: Client, translator_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    query = add_note(translator_client, app, pid, kind="query", body="Q?")
    note = add_note(client, app, pid, kind="source", body="Cited.", url="https://example.org")
    page = row_notes(other_client, pid)
    for note_id in (query, note):
        assert note_item(page, note_id).select("form[action$='/status']")
        response = set_status(other_client, note_id, "resolved")
        assert response.status_code == 200
        assert "resolved by Rita Reviewer" in text_of(note_item(soup(response), note_id))
    assert open_count(editor(other_client, sample.article_id)) == 0


# ---------------------------------------------------------------- refusals


def test_anonymous_requests_are_refused_and_store_nothing(
    app: Flask, client: Client, anonymous_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    note_id = add_note(client, app, pid, kind="query", body="Q?")
    writes = [
        ("/notes", {"paragraph": str(pid), "kind": "query", "body": "Anonymous?"}),
        (f"/notes/{note_id}/replies", {"body": "Anonymous reply."}),
        (f"/notes/{note_id}/status", {"status": "resolved"}),
        (f"/paragraphs/{pid}/source", {"text": "匿名", "base": "0"}),
    ]
    reads = [
        f"/paragraphs/{pid}/notes",
        f"/paragraphs/{pid}/notes/new",
        f"/paragraphs/{pid}/source",
        f"/paragraphs/{pid}/source/edit",
        f"/articles/{sample.article_id}?only=queries",
    ]
    for hx in (False, True):
        responses = [anonymous_client.post(url, form, hx=hx) for url, form in writes]
        responses += [anonymous_client.get(url, hx=hx) for url in reads]
        for response in responses:
            if hx:
                assert response.status_code == 401
            else:
                assert response.status_code == 303
                assert response.headers["Location"].startswith("/login?next=")
    assert notes_count(app) == 1 and replies_count(app) == 0
    assert stored(app, note_id).status == "open"
    assert paragraph(app, pid).source_text == sample.texts[2]


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_a_write_without_the_csrf_token_is_refused(
    app: Flask, client: Client, sample: Sample, hx: bool
) -> None:
    pid = sample.p3
    note_id = add_note(client, app, pid, kind="query", body="Q?")
    writes = [
        ("/notes", {"paragraph": str(pid), "kind": "query", "body": "Forged?"}),
        (f"/notes/{note_id}/replies", {"body": "Forged reply."}),
        (f"/notes/{note_id}/status", {"status": "resolved"}),
        (f"/paragraphs/{pid}/source", {"text": "偽造", "base": "0"}),
    ]
    for url, form in writes:
        response = client.post(url, form, hx=hx, csrf=False)
        assert response.status_code == 400, url
        assert "security token" in response.get_data(as_text=True)
        forged = client.post(
            url,
            {**form, "csrf_token": "forged"},
            hx=hx,
            csrf=False,
            headers={"X-CSRFToken": "forged"},
        )
        assert forged.status_code == 400, url
    assert notes_count(app) == 1 and replies_count(app) == 0
    assert stored(app, note_id).status == "open"
    assert paragraph(app, pid).source_version == 0


BAD_NOTES: list[tuple[str, dict[str, str], str]] = [
    ("empty body", {"body": ""}, "Write something in the note first."),
    ("whitespace body", {"body": " \r\n\t "}, "Write something in the note first."),
    ("unknown kind", {"kind": "gossip"}, "Choose what kind of note this is."),
    ("quote absent", {"quote": "平壌"}, "Those words are not in the paragraph"),
    ("quote twice", {"quote": "金委員長"}, "occur 2 times"),
    ("span past the end", {"start": "0", "end": "9999"}, "outside the paragraph"),
    ("reversed span", {"start": "20", "end": "10"}, "outside the paragraph"),
    ("empty span", {"start": "10", "end": "10"}, "Select at least one character"),
    ("moved words", {"start": "0", "end": "3", "quote": "板門店"}, "no longer at that place"),
    ("negative start", {"start": "-1", "end": "3"}, "outside the paragraph"),
    ("end past 2**31", {"start": "0", "end": str(2**31)}, "outside the paragraph"),
    ("span not a number", {"start": "one", "end": "three"}, "outside the paragraph"),
    ("javascript url", {"url": "javascript:alert(1)"}, "http:// or https://"),
    ("data url", {"url": "data:text/html,<b>x</b>"}, "http:// or https://"),
    ("ftp url", {"url": "ftp://example.org/a"}, "http:// or https://"),
    ("url without host", {"url": "http://"}, "http:// or https://"),
    ("url with a space", {"url": "https://example.org/a b"}, "spaces"),
    ("bad date", {"read_on": "30/10/2025"}, "YYYY-MM-DD"),
    ("future date", {"read_on": "FUTURE"}, "cannot be in the future"),
]


@pytest.mark.parametrize(
    ("fields", "message"),
    [(fields, message) for _, fields, message in BAD_NOTES],
    ids=[name for name, _, _ in BAD_NOTES],
)
def test_bad_notes_are_refused_with_the_typed_values_kept(
    app: Flask, client: Client, sample: Sample, fields: dict[str, str], message: str
) -> None:
    pid = sample.p3
    fields = dict(fields)
    if fields.get("read_on") == "FUTURE":
        fields["read_on"] = (utcnow().date() + timedelta(days=2)).isoformat()
    typed = {"kind": "source", "body": "Typed <body> text.", "source_version": "0", **fields}
    for hx in (True, False):
        response = post_note(client, pid, hx=hx, **typed)
        assert response.status_code == 422, response.get_data(as_text=True)
        page = soup(response)
        form = one(page, "form#note-form")
        assert message in text_of(one(form, "p.error[role=alert]"))
        assert one(form, "textarea[name=body]").get_text() == typed["body"]
        assert one(form, "input[name=paragraph]")["value"] == str(pid)
        for name in ("quote", "url", "read_on", "start", "end", "source_version"):
            if name in typed:
                assert one(form, f"input[name={name}]")["value"] == typed[name], name
        checked = form.select("input[name=kind][checked]")
        if typed["kind"] in ("source", "explanation", "translator", "query"):
            assert [c["value"] for c in checked] == [typed["kind"]]
        # The htmx answer is the form alone; without htmx it is the form's page.
        assert (page.find("html") is None) == hx
        assert "hx-swap-oob" not in response.get_data(as_text=True)
    assert notes_count(app) == 0


def test_unknown_ids_are_404(app: Flask, client: Client, sample: Sample) -> None:
    pid = sample.p3
    note_id = add_note(client, app, pid, body="Real.")
    missing_note = note_id + 1000
    missing_pid = max(sample.pids) + 1000
    for bad in (str(missing_pid), str(2**31), str(2**63), "99999999999999999999999"):
        for hx in (True, False):
            response = client.post(
                "/notes", {"paragraph": bad, "kind": "query", "body": "Where?"}, hx=hx
            )
            assert response.status_code == 404, bad
    assert post_note(client, pid, paragraph="").status_code == 404
    assert post_note(client, pid, paragraph="abc").status_code == 404

    for bad_note in (missing_note, 2**31, 2**31 + 5, 2**40):
        for url in (f"/notes/{bad_note}/replies", f"/notes/{bad_note}/status"):
            response = client.post(url, {"body": "x", "status": "resolved"}, hx=True)
            assert response.status_code == 404, url
            assert f"There is no note {bad_note if bad_note < 2**31 else 0}." in (
                response.get_data(as_text=True)
            )
    for bad_pid in (missing_pid, 2**31, 2**40):
        for url in (
            f"/paragraphs/{bad_pid}/notes",
            f"/paragraphs/{bad_pid}/notes/new",
            f"/paragraphs/{bad_pid}/source",
            f"/paragraphs/{bad_pid}/source/edit",
        ):
            assert client.get(url, hx=True).status_code == 404, url
        response = client.post(f"/paragraphs/{bad_pid}/source", {"text": "x", "base": "0"})
        assert response.status_code == 404
    assert client.get(f"/articles/{2**31}?only=queries").status_code == 404
    assert notes_count(app) == 1 and replies_count(app) == 0
    assert stored(app, note_id).status == "open"


# ---------------------------------------------------------------- escaping


SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def assert_inert(html: str) -> None:
    page = soup(html)
    # The page's own scripts are files of the app; no other script may appear.
    scripts = [
        s for s in page.find_all("script") if not str(s.get("src", "")).startswith("/static/")
    ]
    assert scripts == []
    assert page.find("img") is None
    assert SCRIPT not in html and IMG not in html
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)


def test_html_in_a_body_and_a_reply_is_shown_escaped(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    body = f"Body {SCRIPT} and {IMG} end"
    response = post_note(client, pid, kind="query", body=body, quote="板門店")
    assert response.status_code == 200
    assert_inert(response.get_data(as_text=True))
    note_id = last_note_id(app)
    assert stored(app, note_id).body == body  # stored as typed, escaped when shown
    reply = client.post(f"/notes/{note_id}/replies", {"body": f"Re {IMG} {SCRIPT}"}, hx=True)
    assert reply.status_code == 200
    assert_inert(reply.get_data(as_text=True))

    for html in (
        client.get(f"/articles/{sample.article_id}").get_data(as_text=True),
        client.get(f"/paragraphs/{pid}/notes", hx=True).get_data(as_text=True),
        client.get(f"/paragraphs/{pid}/source", hx=True).get_data(as_text=True),
    ):
        assert_inert(html)
    page = row_notes(client, pid)
    item = note_item(page, note_id)
    assert one(item, f"#note-body-{note_id}").get_text() == body
    assert one(item, "li.reply .note-body").get_text() == f"Re {IMG} {SCRIPT}"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(item)
    marker = one(source_cell(client, pid), "a.note-marker")
    assert marker["data-tip"] == f"Query for the reviewer: {body}"


def test_html_in_a_quote_is_shown_escaped(app: Flask, client: Client, sample: Sample) -> None:
    pid = sample.p3
    # A quote that is not in the paragraph comes back in the form, escaped.
    refused = post_note(client, pid, quote=SCRIPT + IMG)
    assert refused.status_code == 422
    assert_inert(refused.get_data(as_text=True))
    assert one(soup(refused), "input[name=quote]")["value"] == SCRIPT + IMG
    assert notes_count(app) == 0
    # A page without JavaScript shows the quote of its address escaped too.
    new = client.get(f"/paragraphs/{pid}/notes/new", query_string={"quote": SCRIPT})
    assert_inert(new.get_data(as_text=True))

    # A source that really contains markup (a bad import): the note's quote is text.
    text = f"見出し{SCRIPT}本文{IMG}終わり"
    fixed = client.post(f"/paragraphs/{pid}/source", {"text": text, "base": "0"}, hx=True)
    assert fixed.status_code == 200
    assert_inert(fixed.get_data(as_text=True))
    response = post_note(client, pid, quote=SCRIPT, body="Markup in the source.")
    assert response.status_code == 200
    assert_inert(response.get_data(as_text=True))
    note_id = last_note_id(app)
    item = note_item(row_notes(client, pid), note_id)
    assert one(item, ".note-quote").get_text() == f"“{SCRIPT}”"
    cell = source_cell(client, pid)
    assert_inert(str(cell))
    assert one(cell, "span.noted").get_text() == SCRIPT
    assert without_markers(cell) == text
    assert_inert(client.get(f"/articles/{sample.article_id}").get_data(as_text=True))


def test_a_source_address_with_markup_is_shown_escaped_and_javascript_refused(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    for url in (
        'javascript:alert("x")',
        " JAVASCRIPT:alert(1)",
        "javascript://example.org/%0aalert(1)",
    ):
        response = post_note(client, pid, kind="source", url=url)
        assert response.status_code == 422, url
        assert_inert(response.get_data(as_text=True))
    assert notes_count(app) == 0

    # An http(s) address with a quote and markup in it is an address with a host:
    # it is kept as typed, and shown escaped, unable to leave its attribute.
    url = 'https://example.org/"><script>alert(1)</script>'
    response = post_note(client, pid, kind="source", url=url)
    assert response.status_code == 200
    assert_inert(response.get_data(as_text=True))
    note_id = last_note_id(app)
    assert stored(app, note_id).url == url
    link = one(note_item(row_notes(client, pid), note_id), "p.note-citation a")
    assert link["href"] == url
    assert link["rel"] == ["noopener", "noreferrer", "nofollow"]
    assert link.get_text() == url
    raw = client.get(f"/paragraphs/{pid}/notes", hx=True).get_data(as_text=True)
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in raw
    assert_inert(client.get(f"/articles/{sample.article_id}").get_data(as_text=True))


def test_addresses_in_a_body_become_safe_links(app: Flask, client: Client, sample: Sample) -> None:
    pid = sample.p3
    body = (
        "See https://example.org/a?b=1&c=2. Also (http://example.com/x) and "
        "「https://example.jp/記事」, but not javascript:alert(1) nor "
        "data:text/html,hi nor www.example.net."
    )
    note_id = add_note(client, app, pid, body=body)
    item = note_item(row_notes(client, pid), note_id)
    shown = one(item, f"#note-body-{note_id}")
    assert shown.get_text() == body
    links = shown.select("a")
    assert [a["href"] for a in links] == [
        "https://example.org/a?b=1&c=2",
        "http://example.com/x",
        "https://example.jp/記事",
    ]
    assert [a.get_text() for a in links] == [a["href"] for a in links]
    for link in links:
        assert link["rel"] == ["noopener", "noreferrer", "nofollow"]
        assert link["target"] == "_blank"
    assert "javascript:alert(1)" in shown.get_text()
    assert not [a for a in item.select("a[href]") if "javascript" in str(a["href"]).lower()]


# ---------------------------------------------------------------- the open-query filter


def test_only_queries_shows_the_paragraphs_with_open_queries(
    app: Flask, client: Client, sample: Sample
) -> None:
    article = sample.article_id
    p2, p3, p5 = sample.pids[1], sample.pids[2], sample.pids[4]
    q2 = add_note(client, app, p2, kind="query", body="Q2?")
    q5 = add_note(client, app, p5, kind="query", body="Q5?")
    add_note(client, app, p3, kind="explanation", body="Not a query.")
    resolved = add_note(client, app, p3, kind="query", body="Done?")
    set_status(client, resolved, "resolved")

    def rows(page: BeautifulSoup) -> list[str]:
        return [str(row["id"]) for row in page.select("div.row")]

    everything = editor(client, article)
    assert rows(everything) == [f"p-{pid}" for pid in sample.pids]
    switch = one(everything, "#open-queries a")
    assert switch["href"] == f"/articles/{article}?only=queries"
    assert open_count(everything) == 2

    only = editor(client, article, "?only=queries")
    assert rows(only) == [f"p-{p2}", f"p-{p5}"]
    assert "Showing the 2 paragraphs with open queries." in text_of(one(only, ".filter-note"))
    assert one(only, "#open-queries a")["href"] == f"/articles/{article}"
    assert "show all" in text_of(one(only, "#open-queries"))

    # Resolved from the filtered page: the count and the switch stay as they were.
    response = client.post(
        f"/notes/{q2}/status",
        {"status": "resolved"},
        hx=True,
        headers={"HX-Current-URL": f"http://localhost/articles/{article}?only=queries"},
    )
    assert response.status_code == 200
    count = one(soup(response), "#open-queries")
    assert text_of(count) == "Open queries: 1 · show all"
    assert rows(editor(client, article, "?only=queries")) == [f"p-{p5}"]

    set_status(client, q5, "resolved")
    none_left = editor(client, article, "?only=queries")
    assert rows(none_left) == []
    assert "Showing the 0 paragraphs" in text_of(one(none_left, ".filter-note"))
    assert one(none_left, ".filter-note a")["href"] == f"/articles/{article}"
    after = editor(client, article)
    assert rows(after) == [f"p-{pid}" for pid in sample.pids]
    assert open_count(after) == 0
    assert after.select("#open-queries a") == []

    set_status(client, q5, "open")
    assert rows(editor(client, article, "?only=queries")) == [f"p-{p5}"]


# ---------------------------------------------------------------- correcting the Japanese


def edit_source(
    client: Client, pid: int, text: str, base: int | str, *, hx: bool = True
) -> TestResponse:
    return client.post(f"/paragraphs/{pid}/source", {"text": text, "base": str(base)}, hx=hx)


def test_the_source_form_holds_the_text_and_its_version(
    app: Flask, client: Client, translator_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    for who in (client, translator_client):
        response = who.get(f"/paragraphs/{pid}/source/edit", hx=True)
        assert response.status_code == 200
        form = one(soup(response), f"form#source-{pid}")
        assert one(form, "textarea[name=text]").get_text() == sample.texts[2]
        assert one(form, "input[name=base]")["value"] == "0"
    page = client.get(f"/paragraphs/{pid}/source/edit")
    assert page.status_code == 200 and soup(page).find("html") is not None


def test_correcting_the_source_re_anchors_the_marker(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    note_id = add_note(client, app, pid, quote="板門店", kind="query", body="Q?")
    new_text = "【更新】" + text
    response = edit_source(client, pid, new_text, 0)
    assert response.status_code == 200
    assert json.loads(response.headers["HX-Trigger"]) == {"notes-changed": {"id": pid}}
    page = soup(response)
    assert len(page.select(f"#source-{pid}")) == 1  # the main answer, not out of band too
    cell = one(page, f"#source-{pid}")
    assert not cell.has_attr("hx-swap-oob")
    assert cell["data-source-version"] == "1"
    assert without_markers(cell) == new_text
    noted = one(cell, "span.noted")
    assert noted.get_text() == "板門店" and noted["data-notes"] == str(note_id)
    marker = noted.find_next_sibling()
    assert isinstance(marker, Tag) and marker.get_text() == "1"
    for selector in (f"#notes-{pid}", f"#terms-{pid}", "#open-queries"):
        assert one(page, selector)["hx-swap-oob"] == "true"
    assert open_count(page) == 1
    notes = one(page, f"#notes-{pid}")
    assert text_of(one(notes, "p.reanchor-outcome[role=status]")) == (
        "Japanese saved. 1 note followed its words."
    )
    # Its words are the same, only further on: it does not "follow edited words".
    assert notes.select("p.note-moved") == []
    start, end = span(new_text, "板門店")
    note = stored(app, note_id)
    assert (note.start, note.end, note.detached) == (start, end, False)
    with app.app_context():
        revisions = db.session.scalars(select(SourceRevision)).all()
        assert [(r.previous_text, r.text, r.version, r.author) for r in revisions] == [
            (text, new_text, 1, "Ada Admin")
        ]
    # The form shows the correction afterwards.
    again = soup(client.get(f"/paragraphs/{pid}/source/edit", hx=True))
    assert one(again, "input[name=base]")["value"] == "1"
    assert "Earlier corrections (1)" in text_of(one(again, "details.source-revisions"))


def test_a_stale_correction_is_409_and_keeps_the_typed_text(
    app: Flask, client: Client, other_client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    assert edit_source(other_client, pid, "【一】" + text, 0).status_code == 200
    typed = "【二】" + text + "私の追記。"
    for hx in (True, False):
        response = edit_source(client, pid, typed, 0, hx=hx)
        assert response.status_code == 409
        form = one(soup(response), f"form#source-{pid}")
        assert one(form, "textarea[name=text]").get_text() == typed
        assert one(form, "input[name=base]")["value"] == "1"
        assert "Someone else corrected" in text_of(one(form, "p.error"))
        assert one(form, ".current-source").get_text() == "【一】" + text
    current = paragraph(app, pid)
    assert (current.source_text, current.source_version) == ("【一】" + text, 1)
    # Saved again from the fresh form, it goes through.
    assert edit_source(client, pid, typed, 1).status_code == 200
    assert paragraph(app, pid).source_text == typed


def test_an_empty_correction_is_422_and_changes_nothing(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    for hx in (True, False):
        response = edit_source(client, pid, " \r\n ", 0, hx=hx)
        assert response.status_code == 422
        form = one(soup(response), f"form#source-{pid}")
        assert "cannot be empty" in text_of(one(form, "p.error"))
    missing_base = client.post(f"/paragraphs/{pid}/source", {"text": "x"}, hx=True)
    assert missing_base.status_code == 422
    assert "version of the Japanese text is missing" in text_of(one(soup(missing_base), "p.error"))
    current = paragraph(app, pid)
    assert (current.source_text, current.source_version) == (sample.texts[2], 0)


def test_a_note_whose_words_are_deleted_shows_detached_with_its_old_quote(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    doomed = add_note(client, app, pid, quote="板門店", body="The truce village.")
    kept = add_note(client, app, pid, quote="北朝鮮の地を踏んだ", body="Kept.")
    response = edit_source(client, pid, text.replace("板門店で", ""), 0)
    assert response.status_code == 200
    page = soup(response)
    assert text_of(one(page, f"#notes-{pid} p.reanchor-outcome")) == (
        "Japanese saved. 1 note followed its words; 1 note lost its words (detached)."
    )
    cell = one(page, f"#source-{pid}")
    assert [s["data-notes"] for s in cell.select("span.noted")] == [str(kept)]
    assert [m["data-note"] for m in cell.select("a.note-marker")] == [str(kept)]

    for notes in (one(page, f"#notes-{pid}"), row_notes(client, pid)):
        items = notes.select("li.note")
        assert [li["id"] for li in items] == [f"note-{kept}", f"note-{doomed}"]
        item = note_item(notes, doomed)
        assert "note-detached" in item["class"]
        quote = one(item, ".note-quote.detached")
        assert "Detached" in text_of(quote) and "“板門店”" in text_of(quote)
        assert "The truce village." in text_of(item)
        assert one(item, ".note-number").has_attr("disabled")
    assert stored(app, doomed).detached
    assert notes_count(app) == 2

    # Restoring the words places it again.
    restored = edit_source(client, pid, text, 1)
    assert restored.status_code == 200
    assert text_of(one(soup(restored), f"#notes-{pid} p.reanchor-outcome")) == (
        "Japanese saved. 1 note followed its words; 1 note found its words again."
    )
    cell = one(soup(restored), f"#source-{pid}")
    assert [s.get_text() for s in cell.select("span.noted")] == ["板門店", "北朝鮮の地を踏んだ"]
    assert not stored(app, doomed).detached
    assert "Detached" not in text_of(row_notes(client, pid))


def test_correcting_without_htmx_goes_back_to_the_row(
    app: Flask, translator_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    response = edit_source(translator_client, pid, "【訂正】" + sample.texts[2], 0, hx=False)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/articles/{sample.article_id}#p-{pid}"
    assert paragraph(app, pid).source_version == 1
    assert re.search(r"【訂正】", editor(translator_client, sample.article_id).get_text())


# ---------------------------------------------------------------- words chosen in an older text

STALE = (
    "The Japanese of this paragraph was corrected after you selected the words; "
    "it is shown again now: select them once more. Your note is kept below."
)


def test_the_note_form_carries_the_version_of_the_japanese(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    page = soup(client.get(f"/paragraphs/{pid}/notes/new"))
    assert one(page, "form#note-form input[name=source_version]")["value"] == "0"
    assert one(editor(client, sample.article_id), f"#source-{pid}")["data-source-version"] == "0"
    assert edit_source(client, pid, "【更新】" + sample.texts[2], 0).status_code == 200
    page = soup(client.get(f"/paragraphs/{pid}/notes/new"))
    assert one(page, "form#note-form input[name=source_version]")["value"] == "1"
    # The editor's dialog learns it from the row's source cell when it opens.
    page = editor(client, sample.article_id)
    assert one(page, f"#source-{pid}")["data-source-version"] == "1"
    assert one(page, "dialog form#note-form input[name=source_version]")["value"] == ""


def test_words_selected_before_someone_corrected_the_japanese_are_asked_for_again(
    app: Flask, client: Client, other_client: Client, sample: Sample
) -> None:
    pid, old = sample.p3, sample.texts[2]
    start, end = span(old, "板門店")  # selected in the text Ada had on screen
    corrected = "【更新】" + old
    assert edit_source(other_client, pid, corrected, 0).status_code == 200

    typed = {
        "kind": "source",
        "quote": "板門店",
        "start": start,
        "end": end,
        "source_version": 0,
        "body": "The truce village <b>on the border</b>.",
        "url": "https://example.org/dmz",
    }
    response = post_note(client, pid, **typed)

    assert response.status_code == 409
    assert notes_count(app) == 0
    page = soup(response)
    form = one(page, "form#note-form")
    assert not form.has_attr("hx-swap-oob")
    assert text_of(one(form, "p.error[role=alert]")) == STALE
    assert one(form, "textarea[name=body]").get_text() == typed["body"]
    assert one(form, "input[name=quote]")["value"] == "板門店"
    assert one(form, "input[name=url]")["value"] == "https://example.org/dmz"
    assert [c["value"] for c in form.select("input[name=kind][checked]")] == ["source"]
    assert one(form, "input[name=paragraph]")["value"] == str(pid)
    assert (one(form, "input[name=start]")["value"], one(form, "input[name=end]")["value"]) == (
        "",
        "",
    )
    assert one(form, "input[name=source_version]")["value"] == "1"
    # The corrected Japanese comes along, to select the words in again.
    cell = one(page, f"#source-{pid}")
    assert cell["hx-swap-oob"] == "true"
    assert cell["data-source-version"] == "1"
    assert without_markers(cell) == corrected
    assert one(page, f"#notes-{pid}")["hx-swap-oob"] == "true"

    # Selected again in the corrected text, the note goes in where the words are now.
    start, end = span(corrected, "板門店")
    again = post_note(client, pid, **{**typed, "start": start, "end": end, "source_version": 1})
    assert again.status_code == 200
    note = stored(app, last_note_id(app))
    assert (note.exact, note.start, note.end) == ("板門店", start, end)
    assert note.body == typed["body"]


def test_without_htmx_stale_words_answer_409_with_the_form_page(
    app: Flask, client: Client, other_client: Client, sample: Sample
) -> None:
    pid, old = sample.p3, sample.texts[2]
    start, end = span(old, "北朝鮮の地を踏んだ")
    corrected = old.replace("36時間後に", "")
    assert edit_source(other_client, pid, corrected, 0).status_code == 200

    response = post_note(
        client, pid, hx=False, start=start, end=end, source_version=0, body="Kept."
    )

    assert response.status_code == 409
    page = soup(response)
    assert page.find("html") is not None
    form = one(page, "form#note-form")
    assert text_of(one(form, "p.error[role=alert]")) == STALE
    assert one(form, "textarea[name=body]").get_text() == "Kept."
    assert one(form, "input[name=start]")["value"] == ""
    assert one(form, "input[name=end]")["value"] == ""
    assert one(form, "input[name=source_version]")["value"] == "1"
    assert one(page, ".row-source").get_text() == corrected
    assert notes_count(app) == 0


# One that cannot be read is refused (tests/web/test_numbers.py).
@pytest.mark.parametrize("version", [None, ""], ids=["missing", "empty"])
def test_a_form_without_a_source_version_is_taken_as_before(
    app: Flask, client: Client, sample: Sample, version: str | None
) -> None:
    pid = sample.p3
    corrected = "【更新】" + sample.texts[2]
    assert edit_source(client, pid, corrected, 0).status_code == 200
    fields: dict[str, str | int] = {"quote": "板門店", "body": "Found by its words."}
    if version is not None:
        fields["source_version"] = version

    response = post_note(client, pid, **fields)

    assert response.status_code == 200, response.get_data(as_text=True)
    note = stored(app, last_note_id(app))
    assert (note.start, note.end) == span(corrected, "板門店")


# ---------------------------------------------------------------- what a correction tells


def test_a_correction_says_what_happened_to_the_notes(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    add_note(client, app, pid, quote="板門店", body="Cited.")
    add_note(client, app, pid, body="On the whole paragraph.")

    def status_line(response: TestResponse) -> str | None:
        assert response.status_code == 200
        found = soup(response).select(f"#notes-{pid} p.reanchor-outcome[role=status]")
        return text_of(found[0]) if found else None

    # Words added after the note: it stays where it was, and nothing is said.
    assert status_line(edit_source(client, pid, text + "追記。", 0)) is None
    assert (
        status_line(edit_source(client, pid, "【更新】" + text, 1))
        == "Japanese saved. 1 note followed its words."
    )
    assert (
        status_line(edit_source(client, pid, text.replace("板門店", "南北の境界"), 2))
        == "Japanese saved. 1 note lost its words (detached)."
    )
    assert (
        status_line(edit_source(client, pid, text, 3))
        == "Japanese saved. 1 note found its words again."
    )
    # The line belongs to the answer of the correction, not to the row afterwards.
    assert row_notes(client, pid).select("p.reanchor-outcome") == []
    assert editor(client, sample.article_id).select("p.reanchor-outcome") == []


def test_a_note_on_edited_words_shows_the_words_it_was_on(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    moved = add_note(client, app, pid, quote="北朝鮮の地を踏んだ", body="The first to do so.")
    kept = add_note(client, app, pid, quote="板門店", body="Cited.")
    edited = text.replace("北朝鮮の地を踏んだ", "北朝鮮の土地を踏んだ")

    response = edit_source(client, pid, edited, 0)

    assert response.status_code == 200
    page = soup(response)
    notes = one(page, f"#notes-{pid}")
    assert text_of(one(notes, "p.reanchor-outcome")) == "Japanese saved. 1 note followed its words."
    for where in (notes, row_notes(client, pid), editor(client, sample.article_id)):
        item = note_item(where, moved)
        assert text_of(one(item, ".note-quote")) == "“北朝鮮の土地を踏んだ”"
        assert text_of(one(item, "p.note-moved")) == (
            "Follows edited words: it was on “北朝鮮の地を踏んだ”"
        )
        assert one(item, "p.note-moved span")["lang"] == "ja"
        assert note_item(where, kept).select("p.note-moved") == []
    noted = [s for s in one(page, f"#source-{pid}").select("span.noted")]
    assert [s.get_text() for s in noted] == ["板門店", "北朝鮮の土地を踏んだ"]

    # Once the words are gone altogether, the note is detached: no "follows" line.
    gone = edit_source(client, pid, edited.replace("北朝鮮の土地を踏んだ", ""), 1)
    item = note_item(one(soup(gone), f"#notes-{pid}"), moved)
    assert "note-detached" in item["class"]
    assert item.select("p.note-moved") == []


def test_edited_words_are_escaped_in_the_line_that_names_them(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    text = f"見出し{SCRIPT}本文が続く段落です。"
    assert edit_source(client, pid, text, 0).status_code == 200
    moved = add_note(client, app, pid, quote=f"{SCRIPT}本文が続く")
    response = edit_source(client, pid, text.replace("本文が続く", "本文の続く"), 1)
    assert response.status_code == 200
    assert_inert(response.get_data(as_text=True))
    line = one(note_item(soup(response), moved), "p.note-moved")
    assert text_of(line) == f"Follows edited words: it was on “{SCRIPT}本文が続く”"


def mark_reviewed(app: Flask, client: Client, pid: int, text: str) -> None:
    with app.app_context():
        found = db.session.get(Paragraph, pid)
        assert found is not None
        version = found.version
    saved = client.post(
        f"/paragraphs/{pid}", {"text": text, "version": str(version), "mark": "reviewed"}, hx=True
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)


def shown_status(page: BeautifulSoup, pid: int) -> str:
    return str(one(page, f"#status-{pid} select option[selected]")["value"])


def test_correcting_a_reviewed_paragraph_sends_it_back_for_review(
    app: Flask, client: Client, translator_client: Client, sample: Sample
) -> None:
    pid = sample.p3
    english = "The talks at Panmunjom came 36 hours after a tweet."
    mark_reviewed(app, client, pid, english)
    assert shown_status(editor(client, sample.article_id), pid) == "reviewed"

    response = edit_source(translator_client, pid, "【訂正】" + sample.texts[2], 0)

    assert response.status_code == 200
    current = paragraph(app, pid)
    assert (current.status, current.target_text) == ("translated", english)
    page = editor(translator_client, sample.article_id)
    assert shown_status(page, pid) == "translated"
    # A translator may work on it again: the select is no longer locked for them.
    assert not one(page, f"#status-{pid} select").has_attr("disabled")


def test_the_correction_answer_shows_the_row_sent_back_for_review(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    mark_reviewed(app, client, pid, "The talks at Panmunjom came 36 hours after a tweet.")

    response = edit_source(client, pid, "【訂正】" + sample.texts[2], 0)

    assert response.status_code == 200
    status = soup(response).select_one(f"#status-{pid}")
    assert status is not None and status.get("hx-swap-oob") == "true"
    assert shown_status(soup(response), pid) == "translated"


def test_a_note_back_on_its_first_words_no_longer_says_it_follows_edited_ones(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    moved = add_note(client, app, pid, quote="北朝鮮の地を踏んだ")
    edited = text.replace("北朝鮮の地を踏んだ", "北朝鮮の土地を踏んだ")
    assert edit_source(client, pid, edited, 0).status_code == 200
    assert note_item(row_notes(client, pid), moved).select("p.note-moved")

    restored = edit_source(client, pid, text, 1)

    assert restored.status_code == 200
    item = note_item(row_notes(client, pid), moved)
    assert text_of(one(item, ".note-quote")) == "“北朝鮮の地を踏んだ”"
    assert item.select("p.note-moved") == []


def test_another_tab_fetches_a_rows_notes_source_and_query_count_out_of_band(
    client: Client, app: Flask, sample: Sample
) -> None:
    pid = sample.pids[2]
    add_note(client, app, pid, kind="query", body="Which village?", quote="板門店")
    response = client.get(f"/paragraphs/{pid}/notes?sync=1", hx=True)
    assert response.status_code == 200
    page = soup(response)
    # Every part replaces itself out of band: nothing is left for a main swap.
    parts = page.find_all(attrs={"hx-swap-oob": "true"}, recursive=False)
    assert [part["id"] for part in parts] == [
        f"notes-{pid}",
        f"source-{pid}",
        f"terms-{pid}",
        "open-queries",
    ]
    assert "Which village?" in text_of(one(page, f"#notes-{pid}"))
    assert open_count(page) == 1


# ---------------------------------------------------------------- double submits


KEY = re.compile(r"^[0-9a-f]{32}$")


def form_key(form: Tag) -> str:
    """The form's one-time key, as rendered: a fresh one for every blank form."""
    key = str(one(form, "input[type=hidden][name=request_key]")["value"])
    assert KEY.match(key), key
    return key


def reply_key(page: BeautifulSoup | Tag, note_id: int) -> str:
    return form_key(one(note_item(page, note_id), "details.note-reply form"))


def test_every_blank_note_form_carries_a_key_of_its_own(
    app: Flask, client: Client, sample: Sample
) -> None:
    page = editor(client, sample.article_id)
    in_dialog = form_key(one(page, "#note-dialog form#note-form"))
    plain = form_key(one(soup(client.get(f"/paragraphs/{sample.p3}/notes/new")), "#note-form"))
    answer = soup(post_note(client, sample.p3, request_key=in_dialog))
    after = form_key(one(answer, "form#note-form"))
    assert len({in_dialog, plain, after}) == 3
    # Each reply form has one too, new with every rendering of the row.
    note_id = last_note_id(app)
    assert reply_key(answer, note_id) != reply_key(row_notes(client, sample.p3), note_id)


def test_the_same_note_form_sent_twice_stores_one_note(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    key = form_key(one(editor(client, sample.article_id), "#note-form"))
    fields = {"quote": "板門店", "body": "The truce village.", "request_key": key}
    first = post_note(client, pid, **fields)
    second = post_note(client, pid, **fields)
    assert (first.status_code, second.status_code) == (200, 200)
    assert notes_count(app) == 1
    note_id = last_note_id(app)
    # The second answer is the first one again: the stored note, a fresh form.
    for answer in (soup(first), soup(second)):
        assert "The truce village." in text_of(note_item(answer, note_id))
        assert len(answer.select(f"#notes-{pid} li.note")) == 1
        form = one(answer, "form#note-form")
        assert "Note added." in text_of(form)
        assert form_key(form) != key
    assert json.loads(second.headers["HX-Trigger"]) == {"notes-changed": {"id": pid}}
    # A page without JavaScript answers the same way both times.
    fields["request_key"] = form_key(one(soup(second), "form#note-form"))
    for _ in range(2):
        plain = post_note(client, pid, hx=False, **fields)
        assert plain.status_code == 303
        assert plain.headers["Location"] == f"/articles/{sample.article_id}#p-{pid}"
    assert notes_count(app) == 2


def test_a_refused_note_keeps_its_key_and_the_corrected_one_is_stored_once(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    key = form_key(one(editor(client, sample.article_id), "#note-form"))
    refused = post_note(client, pid, body=" ", request_key=key)
    assert refused.status_code == 422
    assert form_key(one(soup(refused), "form#note-form")) == key  # nothing was stored
    assert notes_count(app) == 0
    for _ in range(2):
        assert post_note(client, pid, body="Now with words.", request_key=key).status_code == 200
    assert notes_count(app) == 1


def test_the_same_reply_sent_twice_is_stored_once(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid = sample.p3
    note_id = add_note(client, app, pid, kind="query", body="Which village?")
    key = reply_key(row_notes(client, pid), note_id)
    answers = [
        client.post(
            f"/notes/{note_id}/replies", {"body": "Panmunjom.", "request_key": key}, hx=True
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert replies_count(app) == 1
    for answer in answers:
        replies = note_item(soup(answer), note_id).select("li.reply")
        assert [text_of(one(r, ".note-body")) for r in replies] == ["Panmunjom."]
    plain = [
        client.post(f"/notes/{note_id}/replies", {"body": "Plain.", "request_key": key})
        for _ in range(2)
    ]
    assert [a.status_code for a in plain] == [303, 303]
    assert replies_count(app) == 1


def test_a_refused_reply_keeps_its_key_and_the_corrected_one_is_stored_once(
    app: Flask, client: Client, sample: Sample
) -> None:
    note_id = add_note(client, app, sample.p3, body="Note.")
    key = reply_key(row_notes(client, sample.p3), note_id)
    refused = client.post(f"/notes/{note_id}/replies", {"body": "", "request_key": key}, hx=True)
    assert refused.status_code == 422
    assert reply_key(soup(refused), note_id) == key
    for _ in range(2):
        answer = client.post(
            f"/notes/{note_id}/replies", {"body": "Better.", "request_key": key}, hx=True
        )
        assert answer.status_code == 200
    assert replies_count(app) == 1


@contextmanager
def a_twin_stored_first(table: Table, row: dict[str, object]) -> Iterator[None]:
    """While the request stores its row, the same submit sent a moment earlier (another
    worker) stores the twin first: just before the request's own INSERT."""

    stored: list[bool] = []

    def store_twin(session: Session, *_: object) -> None:
        if not stored and any(isinstance(new, (Note, NoteReply)) for new in session.new):
            stored.append(True)
            with db.engine.begin() as connection:
                connection.execute(insert(table).values(**row))

    event.listen(Session, "before_flush", store_twin)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", store_twin)
    assert stored, "the request stored nothing"


def test_a_note_sent_twice_at_the_same_moment_is_stored_once(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, key = sample.p3, "a" * 32
    twin = {
        "paragraph_id": pid,
        "article_id": sample.article_id,
        "number": 7,
        "kind": "explanation",
        "body": "The twin.",
        "author": "Ada Admin",
        "request_key": key,
        "created_at": utcnow(),
        "status": "open",
        "exact": "",
        "prefix": "",
        "suffix": "",
        "start": 0,
        "end": 0,
        "detached": False,
    }
    with app.app_context(), a_twin_stored_first(Note.__table__, twin):
        response = post_note(client, pid, body="The twin.", request_key=key)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert notes_count(app) == 1
    page = soup(response)
    assert "The twin." in text_of(note_item(page, last_note_id(app)))
    assert "Note added." in text_of(one(page, "form#note-form"))


def test_a_reply_sent_twice_at_the_same_moment_is_stored_once(
    app: Flask, client: Client, sample: Sample
) -> None:
    note_id = add_note(client, app, sample.p3, body="Note.")
    key = "b" * 32
    twin = {
        "note_id": note_id,
        "body": "The twin.",
        "author": "Ada Admin",
        "request_key": key,
        "created_at": utcnow(),
    }
    with app.app_context(), a_twin_stored_first(NoteReply.__table__, twin):
        response = client.post(
            f"/notes/{note_id}/replies", {"body": "The twin.", "request_key": key}, hx=True
        )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert replies_count(app) == 1
    replies = note_item(soup(response), note_id).select("li.reply")
    assert [text_of(one(r, ".note-body")) for r in replies] == ["The twin."]


# ---------------------------------------------------------------- stable numbers


def numbers_in(page: BeautifulSoup | Tag, pid: int) -> tuple[dict[str, str], dict[str, str]]:
    """{note id: number} as the row's list shows them, and as the source's markers do."""
    listed = {
        str(li["data-note"]): text_of(one(li, ".note-number"))
        for li in page.select(f"#notes-{pid} li.note")
    }
    markers = {
        str(m["data-note"]): m.get_text() for m in page.select(f"#source-{pid} a.note-marker")
    }
    return listed, markers


def test_a_note_keeps_its_number_when_another_one_detaches(
    app: Flask, client: Client, sample: Sample
) -> None:
    pid, text = sample.p3, sample.texts[2]
    ids = [
        str(add_note(client, app, pid, quote=quote, body=f"Note on {quote}."))
        for quote in ("予測不可能な会談", "板門店", "北朝鮮の地を踏んだ")
    ]
    first, second, third = ids
    assert numbers_in(editor(client, sample.article_id), pid) == (
        {first: "1", second: "2", third: "3"},
        {first: "1", second: "2", third: "3"},
    )
    response = edit_source(client, pid, text.replace("「予測不可能な会談」で", ""), 0)
    assert response.status_code == 200
    assert stored(app, int(first)).detached
    for page in (soup(response), editor(client, sample.article_id)):
        listed, markers = numbers_in(page, pid)
        assert listed == {first: "1", second: "2", third: "3"}
        assert markers == {second: "2", third: "3"}
    # The reply box is named by the same number.
    item = note_item(row_notes(client, pid), int(third))
    assert text_of(one(item, "label[for^=reply-]")) == "Reply to note 3"
    # A note added afterwards takes the next number, wherever its words are.
    fourth = str(add_note(client, app, pid, start=0, end=2, quote=text[:2], body="At the start."))
    listed, markers = numbers_in(editor(client, sample.article_id), pid)
    assert listed == {first: "1", second: "2", third: "3", fourth: "4"}
    assert list(markers.items()) == [(fourth, "4"), (second, "2"), (third, "3")]
