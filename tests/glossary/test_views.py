"""The glossary review page through the test client: proposing, reviewing,
editing, bulk approval, search, concordance, suggestions, import and export."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import event, func, select
from werkzeug.test import TestResponse

from tests.support.client import Client
from tests.support.pages import soup
from tests.support.samples import SAMPLE_PATH
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph
from workbench.extensions import db
from workbench.glossary.models import Term

XSS = '<script>alert("x")</script>'


# ---------------------------------------------------------------- helpers


def import_sample(app: Flask) -> int:
    with app.app_context():
        prepared = prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())
        article = create_article(db.session, title=prepared.title, paragraphs=prepared.kept)
        db.session.commit()
        return article.id


def paragraphs_with(app: Flask, article_id: int, text: str) -> list[tuple[int, int, int]]:
    """(paragraph id, position, times) of the sample's paragraphs containing ``text``."""
    with app.app_context():
        rows = db.session.execute(
            select(Paragraph.id, Paragraph.position, Paragraph.source_text)
            .where(Paragraph.article_id == article_id)
            .order_by(Paragraph.position)
        )
        return [(pid, pos, source.count(text)) for pid, pos, source in rows if text in source]


def term_fields(**values: Any) -> dict[str, Any]:
    fields = {
        "source": "",
        "target": "",
        "alternatives": "",
        "variants": "",
        "forbidden": "",
        "reading": "",
        "kind": "term",
        "note": "",
    }
    fields.update(values)
    return fields


def propose(client: Client, hx: bool = True, **values: Any) -> TestResponse:
    return client.post("/glossary/terms", term_fields(**values), hx=hx)


def add_term(client: Client, source: str, target: str, **values: Any) -> int:
    response = propose(client, source=source, target=target, **values)
    assert response.status_code == 200, response.get_data(as_text=True)
    return term_id(client.app, source)


def term_id(app: Flask | None, source: str) -> int:
    assert app is not None
    with app.app_context():
        found = db.session.scalar(select(Term.id).where(Term.source == source))
        assert found is not None, source
        return found


def load(app: Flask, term: int) -> Term:
    with app.app_context():
        stored = db.session.get(Term, term)
        assert stored is not None
        db.session.expunge(stored)
        return stored


def term_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Term)) or 0)


def one(node: BeautifulSoup | Tag, selector: str) -> Tag:
    found = node.select(selector)
    assert len(found) == 1, (selector, len(found))
    return found[0]


def row_ids(response: TestResponse) -> list[int]:
    return [int(str(t["id"]).split("-")[1]) for t in soup(response).select("tbody.term")]


def review(client: Client, term: int, status: str, hx: bool = True) -> TestResponse:
    return client.post(f"/glossary/terms/{term}/review", {"status": status}, hx=hx)


# ---------------------------------------------------------------- proposing


def test_propose_htmx_answers_the_emptied_form_with_a_message_and_event(
    app: Flask, translator_client: Client
) -> None:
    response = propose(
        translator_client,
        source="金委員長",
        target="Chairman Kim",
        alternatives="Kim | Chairman Kim Jong Un",
        variants="金正恩委員長\n金総書記",
        forbidden="Leader Kim",
        reading="きむいいんちょう",
        kind="person",
        note="North Korea's leader",
        case_sensitive="1",
        form_id="popover",
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "glossary-changed"
    page = soup(response)
    form = one(page, "form.term-form")
    assert "<html" not in response.get_data(as_text=True)
    assert "Added 金委員長 → Chairman Kim (proposed)." in form.get_text()
    assert form.get("hx-target") == "this" and form.get("hx-swap") == "outerHTML"
    assert one(form, "#popover-source").get("value") == ""
    stored = load(app, term_id(app, "金委員長"))
    assert stored.status == "proposed"
    assert stored.target == "Chairman Kim"
    assert stored.alternatives == ["Kim", "Chairman Kim Jong Un"]
    assert stored.variants == ["金正恩委員長", "金総書記"]
    assert stored.forbidden == ["Leader Kim"]
    assert stored.reading == "きむいいんちょう"
    assert stored.kind == "person"
    assert stored.note == "North Korea's leader"
    assert stored.case_sensitive is True
    assert stored.created_by == "Tom Translator"


def test_propose_without_htmx_redirects_to_the_glossary(app: Flask, client: Client) -> None:
    response = propose(client, hx=False, source="金委員長", target="Chairman Kim")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/glossary#term-")
    nexted = propose(client, hx=False, source="東京", target="Tokyo", next="/articles/7#p-3")
    assert nexted.headers["Location"] == "/articles/7#p-3"
    outside = propose(client, hx=False, source="大阪", target="Osaka", next="https://evil.test/")
    assert outside.headers["Location"].startswith("/glossary#term-")
    slashes = propose(client, hx=False, source="京都", target="Kyoto", next="//evil.test/")
    assert slashes.headers["Location"].startswith("/glossary#term-")
    assert term_count(app) == 4


@pytest.mark.parametrize(
    "again",
    ["金委員長", "ｷﾑ委員長", "金・委員長", " 金委員長 "],
)
def test_a_duplicate_after_normalization_is_refused_with_a_link(
    app: Flask, client: Client, again: str
) -> None:
    first = add_term(client, "金委員長" if "ｷﾑ" not in again else "キム委員長", "Chairman Kim")
    response = propose(client, source=again, target="Kim")
    assert response.status_code == 422
    form = one(soup(response), "form.term-form")
    assert "already in the glossary" in form.get_text()
    link = one(form, ".error a")
    assert str(link["href"]).endswith(f"#term-{first}")
    assert str(link["href"]).startswith("/glossary?q=")
    assert one(form, "#term-source").get("value") == again
    assert one(form, "#term-target").get("value") == "Kim"
    assert term_count(app) == 1


def test_case_duplicates_unless_case_sensitive(app: Flask, client: Client) -> None:
    add_term(client, "GWIKS", "GWIKS")
    assert propose(client, source="gwiks", target="x").status_code == 422
    assert term_count(app) == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"source": "", "target": "Tokyo"}, "Give the term's source"),
        ({"source": "東京", "target": ""}, "Give the term's translation"),
        ({"source": "東京", "target": "Tokyo", "kind": "city"}, "The kind must be one of"),
        ({"source": "東京", "target": "Tokyo", "forbidden": "Tokyo"}, "cannot also be a forbidden"),
        ({"source": "東" * 201, "target": "Tokyo"}, "at most 200 characters"),
    ],
)
def test_bad_proposals_answer_422_with_the_values_and_store_nothing(
    app: Flask, client: Client, values: dict[str, str], message: str
) -> None:
    response = propose(client, note="kept note", **values)
    assert response.status_code == 422
    form = one(soup(response), "form.term-form")
    assert message in form.get_text()
    assert one(form, "#term-note").get_text() == "kept note"
    assert term_count(app) == 0
    full = propose(client, hx=False, note="kept note", **values)
    assert full.status_code == 422
    assert message in one(soup(full), "form.term-form").get_text()
    assert term_count(app) == 0


def test_anonymous_cannot_propose(app: Flask, anonymous_client: Client) -> None:
    response = anonymous_client.post("/glossary/terms", term_fields(source="東京", target="Tokyo"))
    assert response.status_code in (303, 401)
    assert term_count(app) == 0


# ---------------------------------------------------------------- reviewing


def test_role_matrix_for_review_edit_bulk_and_import(
    app: Flask, translator_client: Client, other_client: Client
) -> None:
    tom = translator_client
    kim = add_term(tom, "金委員長", "Chairman Kim")
    # A translator sees no review buttons and cannot review, bulk or import.
    page = soup(tom.get("/glossary"))
    assert not page.select("button.approve, button.reject, #bulk-form, form.glossary-import")
    assert page.select(f"#term-{kim} a[href$='/edit']")
    refused = review(tom, kim, "approved")
    assert refused.status_code == 403
    assert "Only reviewers can approve or reject glossary terms." in refused.get_data(as_text=True)
    assert (
        tom.post("/glossary/bulk", {"ids": [kim], "action": "approve"}, hx=True).status_code == 403
    )
    upload = {"file": (io.BytesIO(b"source,target\n\xe6\x9d\xb1\xe4\xba\xac,Tokyo\n"), "g.csv")}
    assert tom.post("/glossary/import", upload, hx=True).status_code == 403
    assert load(app, kim).status == "proposed"
    # A translator edits a proposed term.
    edited = tom.post(
        f"/glossary/terms/{kim}", term_fields(source="金委員長", target="Kim"), hx=True
    )
    assert edited.status_code == 200
    assert load(app, kim).target == "Kim"
    # The reviewer approves; now the translator may no longer edit it.
    approved = review(other_client, kim, "approved")
    assert approved.status_code == 200
    # The row answers for itself; other tabs hear about it through the page's script.
    assert approved.headers["HX-Trigger"] == "term-changed"
    row = one(soup(approved), f"tbody#term-{kim}")
    assert "approved" in one(row, ".term-status").get_text()
    assert "Rita Reviewer" in one(row, ".term-who").get_text()
    stored = load(app, kim)
    assert stored.status == "approved"
    assert stored.reviewed_by == "Rita Reviewer"
    assert stored.reviewed_at is not None
    assert tom.get(f"/glossary/terms/{kim}/edit", hx=True).status_code == 403
    later = tom.post(f"/glossary/terms/{kim}", term_fields(source="金委員長", target="X"), hx=True)
    assert later.status_code == 403
    assert load(app, kim).target == "Kim"
    assert not soup(tom.get("/glossary")).select(f"#term-{kim} a[href$='/edit']")
    # The reviewer edits the approved term, and can reject it.
    form = other_client.get(f"/glossary/terms/{kim}/edit", hx=True)
    assert form.status_code == 200
    assert one(soup(form), f"tbody#term-{kim} form.term-edit")
    saved = other_client.post(
        f"/glossary/terms/{kim}",
        term_fields(source="金委員長", target="Chairman Kim", kind="person"),
        hx=True,
    )
    assert saved.status_code == 200
    assert saved.headers["HX-Trigger"] == "term-changed"
    assert one(soup(saved), f"tbody#term-{kim}")
    assert load(app, kim).kind == "person"
    assert review(other_client, kim, "rejected").status_code == 200
    assert load(app, kim).status == "rejected"


def test_review_without_htmx_redirects_to_the_row(client: Client) -> None:
    kim = add_term(client, "金委員長", "Chairman Kim")
    response = review(client, kim, "approved", hx=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#term-{kim}")
    assert review(client, kim, "done").status_code == 422


def test_edit_errors_answer_422_with_the_form_and_change_nothing(
    app: Flask, client: Client
) -> None:
    kim = add_term(client, "金委員長", "Chairman Kim")
    tokyo = add_term(client, "東京", "Tokyo")
    empty = client.post(f"/glossary/terms/{tokyo}", term_fields(source="東京", target=""), hx=True)
    assert empty.status_code == 422
    form = one(soup(empty), f"tbody#term-{tokyo} form.term-edit")
    assert "Give the term's translation." in form.get_text()
    clash = client.post(
        f"/glossary/terms/{tokyo}", term_fields(source="金・委員長", target="Tokyo"), hx=True
    )
    assert clash.status_code == 422
    link = one(soup(clash), ".error a")
    assert str(link["href"]).endswith(f"#term-{kim}")
    assert one(soup(clash), f"#edit-{tokyo}-source").get("value") == "金・委員長"
    assert load(app, tokyo).source == "東京"
    assert load(app, tokyo).target == "Tokyo"
    # Cancel brings the row back.
    assert one(soup(client.get(f"/glossary/terms/{tokyo}", hx=True)), f"tbody#term-{tokyo}")
    assert client.get("/glossary/terms/999999", hx=True).status_code == 404


def test_bulk_approve_answers_the_list(
    app: Flask, other_client: Client, translator_client: Client
) -> None:
    ids = [add_term(translator_client, s, t) for s, t in [("東京", "Tokyo"), ("大阪", "Osaka")]]
    third = add_term(translator_client, "京都", "Kyoto")
    response = other_client.post("/glossary/bulk", {"ids": ids, "action": "approve"}, hx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "glossary-changed"
    listing = one(soup(response), "div.term-list")
    assert "Approved 2 terms." in listing.get_text()
    assert [load(app, i).status for i in ids] == ["approved", "approved"]
    assert load(app, third).status == "proposed"
    assert "<html" not in response.get_data(as_text=True)
    nothing = other_client.post("/glossary/bulk", {"action": "approve"}, hx=True)
    assert nothing.status_code == 422
    assert "Select at least one term" in nothing.get_data(as_text=True)
    plain = other_client.post("/glossary/bulk", {"ids": [third], "action": "approve"})
    assert plain.status_code == 303
    assert load(app, third).status == "approved"


# ---------------------------------------------------------------- the page


def test_search_filter_and_sort(app: Flask, client: Client) -> None:
    import_sample(app)
    kim = add_term(client, "金委員長", "Chairman Kim", kind="person")
    trump = add_term(client, "トランプ大統領", "President Trump", kind="title", note="US")
    tokyo = add_term(client, "東京", "Tokyo", kind="place", reading="とうきょう")
    review(client, trump, "approved")
    by_date = client.get("/glossary", hx=True)
    assert row_ids(by_date) == [tokyo, trump, kim]
    by_frequency = client.get("/glossary?sort=frequency", hx=True)
    assert row_ids(by_frequency) == [trump, kim, tokyo]
    assert row_ids(client.get("/glossary?q=chairman", hx=True)) == [kim]
    assert row_ids(client.get("/glossary?q=とうきょう", hx=True)) == [tokyo]
    assert row_ids(client.get("/glossary?q=US", hx=True)) == [trump]
    assert row_ids(client.get("/glossary?status=approved", hx=True)) == [trump]
    assert row_ids(client.get("/glossary?kind=place", hx=True)) == [tokyo]
    assert row_ids(client.get("/glossary?kind=place&status=approved", hx=True)) == []
    # The full page keeps the search in its form.
    page = soup(client.get("/glossary?q=chairman&sort=frequency"))
    assert one(page, "#glossary-q").get("value") == "chairman"
    assert one(page, "#glossary-sort option[selected]").get("value") == "frequency"


def test_occurrences_and_concordance_link_to_the_right_paragraphs(
    app: Flask, client: Client
) -> None:
    article = import_sample(app)
    expected = paragraphs_with(app, article, "金委員長")
    assert len(expected) >= 5
    kim = add_term(client, "金委員長", "Chairman Kim")
    add_term(client, "東京", "Tokyo")
    row = one(soup(client.get("/glossary", hx=True)), f"tbody#term-{kim}")
    total = sum(times for _, _, times in expected)
    assert total > len(expected)  # some paragraphs name him more than once
    assert one(row, ".concordance .count").get_text() == str(total)
    links = [str(a["href"]) for a in row.select(".concordance li a")]
    assert links == [f"/articles/{article}#p-{pid}" for pid, _, _ in expected]
    items = row.select(".concordance li")
    for item, (_pid, position, times) in zip(items, expected, strict=True):
        assert f"¶{position}" in item.get_text()
        assert one(item, "mark").get_text() == "金委員長"
        assert (f"{times}×" in item.get_text()) == (times > 1)
    tokyo_row = one(soup(client.get("/glossary", hx=True)), f"tbody#term-{term_id(app, '東京')}")
    assert one(tokyo_row, ".count").get_text() == "0"


def test_the_page_needs_no_query_per_row(app: Flask, client: Client) -> None:
    import_sample(app)
    client.get("/glossary")  # warm the matcher cache and the session

    def queries_for_page() -> int:
        seen: list[str] = []
        with app.app_context():
            engine = db.engine

        def count_query(*args: Any) -> None:
            seen.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count_query)
        try:
            assert client.get("/glossary").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count_query)
        return len(seen)

    add_term(client, "金委員長", "Chairman Kim")
    few = queries_for_page()
    for source in ["トランプ大統領", "北朝鮮", "米国", "会談", "ロシア", "中国"]:
        add_term(client, source, source)
    assert queries_for_page() == few


def test_suggestions_include_names_and_one_click_proposes(
    app: Flask, translator_client: Client
) -> None:
    import_sample(app)
    page = soup(translator_client.get("/glossary"))
    section = one(page, "section#suggestions")
    texts = [t.get_text() for t in section.select(".suggestion-text")]
    assert "GWIKS" in texts
    assert "ワシントン・ポスト" in texts
    response = translator_client.post(
        "/glossary/suggestions",
        {"source": "ワシントン・ポスト", "target": "The Washington Post", "kind": "organization"},
        hx=True,
    )
    assert response.status_code == 200
    assert "glossary-changed" in response.headers["HX-Trigger-After-Settle"]
    section = one(soup(response), "section#suggestions")
    assert "Added ワシントン・ポスト → The Washington Post (proposed)." in section.get_text()
    assert "ワシントン・ポスト" not in [t.get_text() for t in section.select(".suggestion-text")]
    stored = load(app, term_id(app, "ワシントン・ポスト"))
    assert (stored.kind, stored.status) == ("organization", "proposed")
    # The refresh after the event keeps the message.
    assert str(section["hx-get"]).endswith(f"?added={stored.id}")
    refreshed = translator_client.get(str(section["hx-get"]), hx=True)
    assert "Added ワシントン・ポスト" in refreshed.get_data(as_text=True)
    # Without a translation: 422, the section with the message, nothing stored.
    missing = translator_client.post(
        "/glossary/suggestions", {"source": "GWIKS", "target": ""}, hx=True
    )
    assert missing.status_code == 422
    assert "Give the term's translation." in one(soup(missing), "section#suggestions").get_text()
    assert term_count(app) == 1


def test_the_full_page_contains_each_partial_and_htmx_gets_the_fragment(
    app: Flask, client: Client
) -> None:
    import_sample(app)
    kim = add_term(client, "金委員長", "Chairman Kim")
    page = soup(client.get("/glossary"))
    for selector in [
        "div.term-list#term-list",
        f"tbody.term#term-{kim}",
        "form.term-form",
        "section#suggestions",
        "form.glossary-import",
        "form.term-search",
        "a[href='/glossary/export.csv']",
        "a[href='/glossary/export.tbx']",
    ]:
        assert page.select(selector), selector
    listing = one(page, "div.term-list")
    assert listing.get("hx-trigger") == "glossary-changed from:body"
    search = one(page, "form.term-search")
    assert search.get("hx-push-url") == "true" and search.get("hx-target") == "#term-list"
    assert one(page, "nav.user-menu a[href='/glossary']").get_text() == "Glossary"
    fragment = client.get("/glossary", hx=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "form.term-form" not in body
    assert body.lstrip().startswith('<div class="term-list"')
    assert "HX-Request" in fragment.headers.get("Vary", "")
    restore = client.get("/glossary", hx=True, headers={"HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)
    row = client.get(f"/glossary/terms/{kim}", hx=True).get_data(as_text=True)
    assert row.lstrip().startswith(f'<tbody class="term status-proposed" id="term-{kim}"')
    edit = client.get(f"/glossary/terms/{kim}/edit")
    assert edit.status_code == 200 and "<html" in edit.get_data(as_text=True)
    suggestions = client.get("/glossary/suggestions", hx=True).get_data(as_text=True)
    assert suggestions.lstrip().startswith("<section")
    # No inline scripts or style attributes anywhere on the page.
    assert not page.select("script:not([src])")
    assert not page.select("[style]")
    assert not [t for t in page.find_all(True) if any(a.startswith("hx-on") for a in t.attrs)]


def test_every_field_is_escaped(app: Flask, client: Client) -> None:
    import_sample(app)
    values = {
        "source": "金委員長" + XSS,
        "target": "Kim" + XSS,
        "alternatives": "K" + XSS,
        "variants": "金" + XSS,
        "forbidden": "L" + XSS,
        "reading": "き" + XSS,
        "note": XSS,
    }
    assert propose(client, **values).status_code == 200
    body = client.get("/glossary").get_data(as_text=True)
    assert XSS not in body
    assert body.count("&lt;script&gt;") >= 7
    kim = term_id(app, values["source"])
    edit = client.get(f"/glossary/terms/{kim}/edit", hx=True).get_data(as_text=True)
    assert XSS not in edit
    failed = propose(client, **values).get_data(as_text=True)
    assert XSS not in failed and "&lt;script&gt;" in failed


# ---------------------------------------------------------------- import and export


def test_export_then_import_round_trip_through_the_web(app: Flask, client: Client) -> None:
    kim = add_term(
        client,
        "金委員長",
        "Chairman Kim",
        alternatives="Kim",
        variants="金正恩委員長",
        forbidden="Leader Kim",
        reading="きむ",
        kind="person",
        note="note, with comma",
        case_sensitive="1",
    )
    add_term(client, "東京", "Tokyo", kind="place")
    review(client, kim, "approved")
    today = date.today().isoformat()
    csv_file = client.get("/glossary/export.csv")
    assert csv_file.status_code == 200
    assert csv_file.data.startswith(b"\xef\xbb\xbf")
    assert f'filename="glossary-{today}.csv"' in csv_file.headers["Content-Disposition"]
    tbx_file = client.get("/glossary/export.tbx")
    assert f'filename="glossary-{today}.tbx"' in tbx_file.headers["Content-Disposition"]
    assert b"<martif" in tbx_file.data
    before = load(app, kim)

    # Importing the same file again changes nothing.
    for data, name in [(csv_file.data, "g.csv"), (tbx_file.data, "g.tbx")]:
        same = client.post("/glossary/import", {"file": (io.BytesIO(data), name)}, hx=True)
        assert same.status_code == 200, same.get_data(as_text=True)
        assert "Added 0, updated 0, skipped 2." in same.get_data(as_text=True)
        assert same.headers["HX-Trigger"] == "glossary-changed"

    # Into an empty glossary: everything comes back, field by field.
    with app.app_context():
        db.session.execute(Term.__table__.delete())
        db.session.commit()
    for data, name in [(csv_file.data, "g.csv"), (tbx_file.data, "g.tbx")]:
        with app.app_context():
            db.session.execute(Term.__table__.delete())
            db.session.commit()
        added = client.post("/glossary/import", {"file": (io.BytesIO(data), name)}, hx=True)
        assert "Added 2, updated 0, skipped 0." in added.get_data(as_text=True)
        after = load(app, term_id(app, "金委員長"))
        for field in [
            "source", "target", "alternatives", "variants", "forbidden", "reading",
            "kind", "note", "status", "case_sensitive", "created_by", "reviewed_by",
        ]:  # fmt: skip
            assert getattr(after, field) == getattr(before, field), (name, field)

    # A changed row is an update.
    changed = csv_file.data.decode("utf-8-sig").replace("Tokyo", "Tōkyō").encode("utf-8-sig")
    updated = client.post("/glossary/import", {"file": (io.BytesIO(changed), "g.csv")}, hx=True)
    assert "Added 0, updated 1, skipped 1." in updated.get_data(as_text=True)
    assert load(app, term_id(app, "東京")).target == "Tōkyō"


def test_a_malformed_import_is_refused_with_its_line_and_stores_nothing(
    app: Flask, client: Client
) -> None:
    add_term(client, "東京", "Tokyo")
    data = "source,target,kind\r\n大阪,Osaka,place\r\n京都,Kyoto,city\r\n".encode("utf-8-sig")
    response = client.post("/glossary/import", {"file": (io.BytesIO(data), "g.csv")}, hx=True)
    assert response.status_code == 422
    form = one(soup(response), "form.glossary-import")
    assert "Line 3:" in form.get_text()
    assert "Nothing was imported." in form.get_text()
    assert term_count(app) == 1
    # A row the service refuses (the target is also forbidden) also rolls back the rows before it.
    refused = "source,target,forbidden\r\n大阪,Osaka,\r\n京都,Kyoto,Kyoto\r\n".encode()
    again = client.post("/glossary/import", {"file": (io.BytesIO(refused), "g.csv")}, hx=True)
    assert again.status_code == 422
    assert term_count(app) == 1
    bad_tbx = client.post(
        "/glossary/import", {"file": (io.BytesIO(b"<martif><text>"), "g.tbx")}, hx=True
    )
    assert bad_tbx.status_code == 422
    assert re.search(r"Line \d+", bad_tbx.get_data(as_text=True))
    wrong = client.post("/glossary/import", {"file": (io.BytesIO(b"x"), "g.xlsx")})
    assert wrong.status_code == 422
    assert "form.glossary-import" not in wrong.get_data(as_text=True)
    assert "<html" in wrong.get_data(as_text=True)
    assert term_count(app) == 1
