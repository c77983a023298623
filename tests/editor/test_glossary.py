"""The glossary in the editor: terms marked in the source, term lists with
insertable targets, the refresh after a glossary change, and checks on save."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import event, select

from tests.support.client import Client
from tests.support.samples import SAMPLE_PATH
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph
from workbench.extensions import db
from workbench.glossary import service
from workbench.glossary.models import Term


def seed_sample(app: Flask) -> int:
    prepared = prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())
    with app.app_context():
        article = create_article(
            db.session,
            title=prepared.title or "Sample",
            paragraphs=[line.text for line in prepared.lines if line.keep],
        )
        db.session.commit()
        return article.id


def add_term(
    app: Flask,
    source: str,
    target: str,
    *,
    status: str = "proposed",
    kind: str = "term",
    note: str = "",
    alternatives: list[str] | None = None,
    forbidden: list[str] | None = None,
) -> int:
    with app.app_context():
        term = service.propose(
            db.session,
            service.TermForm(
                source=source,
                target=target,
                kind=kind,
                note=note,
                alternatives=alternatives or [],
                forbidden=forbidden or [],
            ),
            author="Test",
            author_id=None,
        )
        if status != "proposed":
            service.review(db.session, [term], status, author="Test", author_id=None)
        db.session.commit()
        return term.id


def paragraphs(app: Flask, article_id: int) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Paragraph.id, Paragraph.source_text)
            .where(Paragraph.article_id == article_id)
            .order_by(Paragraph.position)
        )
        return [(pid, text) for pid, text in rows]


def soup(response_text: str) -> BeautifulSoup:
    return BeautifulSoup(response_text, "html.parser")


def marks(cell: Tag, source: str | None = None) -> list[Tag]:
    found = cell.select("mark.term")
    return [m for m in found if source is None or m.get_text() == source]


def editor(client: Client, article_id: int) -> BeautifulSoup:
    response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    return soup(response.get_data(as_text=True))


def save(client: Client, pid: int, text: str, version: int = 0) -> BeautifulSoup:
    response = client.post(f"/paragraphs/{pid}", {"text": text, "version": str(version)}, hx=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    return soup(response.get_data(as_text=True))


@pytest.fixture
def article(app: Flask) -> int:
    return seed_sample(app)


def test_terms_are_marked_in_every_paragraph_where_they_occur(
    app: Flask, client: Client, article: int
) -> None:
    kim = add_term(app, "金委員長", "Chairman Kim", status="approved", kind="title")
    add_term(app, "板門店", "Panmunjom", kind="place", note="The truce village.")
    add_term(app, "トランプ", "Trump", status="rejected")
    page = editor(client, article)

    total = 0
    for pid, text in paragraphs(app, article):
        cell = page.select_one(f"#source-{pid}")
        assert cell is not None and "cell" in cell["class"] and "src" in cell["class"]
        assert cell.get_text() == text  # the marks change nothing in the text
        kim_marks = marks(cell, "金委員長")
        assert len(kim_marks) == text.count("金委員長"), pid
        total += len(kim_marks)
        for mark in kim_marks:
            assert "term-approved" in mark["class"]
            assert mark["tabindex"] == "0"
            assert mark["data-term"] == str(kim)
            tip = mark["data-tip"]
            assert "Chairman Kim" in tip and "title" in tip and "approved" in tip
            # Screen readers get the row's term list entry as the description.
            entry = page.find(id=mark["aria-describedby"])
            assert entry is not None and "Chairman Kim" in entry.get_text()
            assert entry.find_parent(id=f"terms-{pid}") is not None
        # Rejected terms never show.
        assert not marks(cell, "トランプ")
    assert total >= 4

    panmunjom = page.select("mark.term-proposed")
    assert panmunjom, "the proposed term is not marked"
    tip = panmunjom[0]["data-tip"]
    assert "proposed" in tip and "Panmunjom" in tip
    assert "place" in tip and "The truce village." in tip
    assert "Trump" not in " ".join(str(m["data-tip"]) for m in page.select("mark.term"))


def test_row_lists_its_terms_with_insertable_targets(
    app: Flask, client: Client, article: int
) -> None:
    add_term(
        app,
        "金委員長",
        "Chairman Kim",
        status="approved",
        alternatives=["Kim Jong Un"],
    )
    page = editor(client, article)
    for pid, text in paragraphs(app, article):
        terms = page.select_one(f"#terms-{pid}")
        assert terms is not None
        buttons = terms.select("button[data-insert]")
        if "金委員長" in text:
            assert [b["data-insert"] for b in buttons] == ["Chairman Kim", "Kim Jong Un"]
            assert all(b["data-for"] == f"text-{pid}" for b in buttons)
            assert page.find(id=f"text-{pid}") is not None
        else:
            assert buttons == []
        # Everyone who may propose terms gets the keyboard way to add one.
        assert terms.select_one(f'button[data-add-term="{pid}"]') is not None


def test_the_glossary_refresh_returns_every_row_out_of_band(
    app: Flask, client: Client, article: int
) -> None:
    rows = paragraphs(app, article)
    first = client.get(f"/articles/{article}/glossary", hx=True)
    assert first.status_code == 200
    body = soup(first.get_data(as_text=True))
    assert body.select("mark.term") == []
    for pid, _ in rows:
        for prefix in ("source", "terms", "checks"):
            element = body.find(id=f"{prefix}-{pid}")
            assert element is not None, (prefix, pid)
            assert element["hx-swap-oob"] == "true"
    sync = body.select_one("#glossary-sync")
    assert sync is not None and "0 terms" in sync.get_text()

    # Someone proposes a term: the next refresh carries it in every row.
    add_term(app, "金委員長", "Chairman Kim")
    body = soup(client.get(f"/articles/{article}/glossary", hx=True).get_data(as_text=True))
    for pid, text in rows:
        cell = body.find(id=f"source-{pid}")
        assert cell is not None
        assert len(marks(cell, "金委員長")) == text.count("金委員長")
    assert "1 term in this article" in body.select_one("#glossary-sync").get_text()

    # Without htmx it is the editor's address.
    plain = client.get(f"/articles/{article}/glossary")
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/articles/{article}")


def test_the_page_listens_for_glossary_changes(app: Flask, client: Client, article: int) -> None:
    page = editor(client, article)
    sync = page.select_one("#glossary-sync")
    assert sync is not None
    assert sync["hx-trigger"] == "glossary-changed from:body"
    assert sync["hx-get"] == f"/articles/{article}/glossary"
    dialog = page.select_one("dialog#term-dialog")
    assert dialog is not None
    assert page.select_one("#add-term-float") is not None


def test_save_warns_when_an_approved_target_is_missing(
    app: Flask, client: Client, article: int
) -> None:
    add_term(app, "金委員長", "Chairman Kim", status="approved", alternatives=["Kim Jong Un"])
    pid, _ = next((pid, text) for pid, text in paragraphs(app, article) if "金委員長" in text)

    answer = save(client, pid, "Trump praised the leader.")
    warnings = answer.select(f"#checks-{pid} .badge-warning[data-check=glossary]")
    assert len(warnings) == 1
    assert "Chairman Kim" in warnings[0].get_text() and "⚠" in warnings[0].get_text()
    assert "Chairman Kim" in warnings[0]["title"]
    assert warnings[0]["tabindex"] == "0"
    # The full page shows the same badge in the row.
    assert editor(client, article).select(f"#checks-{pid} .badge-warning[data-check=glossary]")

    assert answer.select(f"#checks-{pid} .badge[data-check=glossary]") != []
    answer = save(client, pid, "Trump praised Chairman Kim.", version=1)
    assert answer.select(f"#checks-{pid} .badge[data-check=glossary]") == []
    answer = save(client, pid, "Trump praised Kim Jong Un.", version=2)
    assert (
        answer.select(f"#checks-{pid} .badge[data-check=glossary]") == []
    )  # an alternative counts


def test_proposed_terms_are_not_enforced(app: Flask, client: Client, article: int) -> None:
    add_term(app, "金委員長", "Chairman Kim")
    pid = next(pid for pid, text in paragraphs(app, article) if "金委員長" in text)
    answer = save(client, pid, "Trump praised the leader.")
    assert answer.select(".badge[data-check=glossary]") == []


def test_save_shows_an_error_for_a_forbidden_target(
    app: Flask, client: Client, article: int
) -> None:
    add_term(app, "金委員長", "Chairman Kim", status="approved", forbidden=["Chairman Gim"])
    pid = next(pid for pid, text in paragraphs(app, article) if "金委員長" in text)
    answer = save(client, pid, "Trump praised Chairman Gim.")
    errors = answer.select(f"#checks-{pid} .badge-error[data-check=glossary]")
    assert len(errors) == 1
    assert "✖" in errors[0].get_text() and "Chairman Gim" in errors[0].get_text()
    assert answer.select(
        f"#checks-{pid} .badge-warning[data-check=glossary]"
    )  # and the target is missing


def test_term_fields_are_escaped_in_tooltips_and_lists(
    app: Flask, client: Client, article: int
) -> None:
    add_term(
        app,
        "金委員長",
        '<b>Kim</b> "Chairman"',
        status="approved",
        note="<script>alert(1)</script>",
    )
    html = client.get(f"/articles/{article}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "<b>Kim</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = soup(html)
    tip = page.select_one("mark.term")["data-tip"]
    assert "<script>alert(1)</script>" in tip and '<b>Kim</b> "Chairman"' in tip
    button = page.select_one("button[data-insert]")
    assert button is not None and button["data-insert"] == '<b>Kim</b> "Chairman"'


def test_the_page_contains_each_partial_and_htmx_returns_fragments(
    app: Flask, client: Client, article: int
) -> None:
    add_term(app, "金委員長", "Chairman Kim", status="approved")
    pid = next(pid for pid, text in paragraphs(app, article) if "金委員長" in text)
    page = editor(client, article)
    row = page.select_one(f"#p-{pid}")
    assert row is not None
    assert row.select_one(f"#source-{pid} mark.term") is not None
    assert row.select_one(f"#terms-{pid} button[data-insert]") is not None
    assert row.select_one(f"#checks-{pid}") is not None

    fragment = client.get(f"/paragraphs/{pid}", hx=True).get_data(as_text=True)
    assert "<html" not in fragment
    part = soup(fragment)
    assert part.select_one(f"#source-{pid} mark.term") is not None
    assert part.select_one(f"#terms-{pid} button[data-insert]") is not None
    assert not part.select("[hx-swap-oob]")

    refresh = client.get(f"/articles/{article}/glossary", hx=True).get_data(as_text=True)
    assert "<html" not in refresh

    saved = client.post(f"/paragraphs/{pid}", {"text": "x", "version": "0"}, hx=True)
    assert "<html" not in saved.get_data(as_text=True)
    assert soup(saved.get_data(as_text=True)).select_one(f"#checks-{pid}") is not None


def test_translators_may_add_terms_from_the_editor(
    app: Flask, translator_client: Client, other_client: Client, article: int
) -> None:
    page = editor(translator_client, article)
    assert page.select("button[data-add-term]")
    # Reviewers too.
    assert editor(other_client, article).select("button[data-add-term]")


def test_add_to_glossary_dialog_holds_the_term_form(
    app: Flask, client: Client, article: int
) -> None:
    page = editor(client, article)
    dialog = page.select_one("dialog#term-dialog")
    assert dialog is not None
    form = dialog.select_one("form.term-form")
    if form is None:
        pytest.skip("the glossary's term form partial is not there yet")
    assert form["hx-post"] == "/glossary/terms"
    assert form.select_one('input[name="source"]') is not None


def test_no_glossary_leaves_the_source_plain(app: Flask, client: Client, article: int) -> None:
    page = editor(client, article)
    for pid, text in paragraphs(app, article):
        cell = page.select_one(f"#source-{pid}")
        assert cell is not None and cell.get_text() == text
        assert not cell.select("mark")
    assert re.search(r"Glossary: 0 terms", page.get_text())
    with app.app_context():
        assert db.session.scalars(select(Term)).first() is None


def test_a_term_added_from_the_editor_shows_in_every_row(
    app: Flask, translator_client: Client, article: int
) -> None:
    response = translator_client.post(
        "/glossary/terms",
        {"source": "金委員長", "target": "Chairman Kim", "kind": "title", "form_id": "editor-term"},
        hx=True,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "glossary-changed" in response.headers.get("HX-Trigger", "")
    body = soup(
        translator_client.get(f"/articles/{article}/glossary", hx=True).get_data(as_text=True)
    )
    for pid, text in paragraphs(app, article):
        cell = body.find(id=f"source-{pid}")
        assert cell is not None
        found = marks(cell, "金委員長")
        assert len(found) == text.count("金委員長")
        assert all("term-proposed" in m["class"] for m in found)


def test_a_term_changed_in_the_glossary_shows_changed_on_the_next_page(
    app: Flask, client: Client, article: int
) -> None:
    """The terms a page shows are kept between pages until the glossary changes: each
    change (edit, rejection, deletion) still shows on the very next page."""
    term = add_term(app, "金委員長", "Chairman Kim", status="approved", note="Leader.")
    pid = next(pid for pid, text in paragraphs(app, article) if "金委員長" in text)

    def shown() -> tuple[list[str], list[str]]:
        page = editor(client, article)
        tips = [str(m["data-tip"]) for m in page.select(f"#source-{pid} mark.term")]
        targets = [str(b["data-insert"]) for b in page.select(f"#terms-{pid} button[data-insert]")]
        return tips, targets

    tips, targets = shown()
    assert targets == ["Chairman Kim"] and "Chairman Kim" in tips[0] and "Leader." in tips[0]

    # A second page with the same glossary reads no term from the database.
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    listen = lambda *args: statements.append(str(args[2]))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        assert shown()[1] == ["Chairman Kim"]
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert statements and not [s for s in statements if re.search(r"\bFROM term\b", s)]

    with app.app_context():
        entity = db.session.get(Term, term)
        assert entity is not None
        form = service.TermForm(
            source="金委員長", target="Chairman Kim Jong Un", note="North Korea's leader."
        )
        service.edit(db.session, entity, form)
        db.session.commit()
    tips, targets = shown()
    assert targets == ["Chairman Kim Jong Un"]
    assert "North Korea's leader." in tips[0] and "Leader.\n" not in tips[0]

    with app.app_context():
        entity = db.session.get(Term, term)
        assert entity is not None
        service.review(db.session, [entity], "rejected", author="Test", author_id=None)
        db.session.commit()
    assert shown() == ([], [])

    with app.app_context():
        entity = db.session.get(Term, term)
        assert entity is not None
        service.review(db.session, [entity], "approved", author="Test", author_id=None)
        db.session.commit()
    assert shown()[1] == ["Chairman Kim Jong Un"]
    with app.app_context():
        entity = db.session.get(Term, term)
        assert entity is not None
        service.delete(db.session, entity)
        db.session.commit()
    assert shown() == ([], [])
