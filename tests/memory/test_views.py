"""The memory's page through the test client: what it holds, importing a TMX file
(the panel for htmx, 303 or 422 without), downloading the memory, and roles."""

from __future__ import annotations

import io
from datetime import date

from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.support.articles import count_rows
from tests.support.client import Client
from tests.support.pages import assert_fragment, assert_full_page, html, soup
from workbench.extensions import db
from workbench.memory import exchange
from workbench.memory.models import MemoryEntry

XSS = '<script>alert("x")</script>'


def tmx(*units: tuple[str, str], langs: tuple[str, str] = ("ja", "en-US")) -> bytes:
    body = "".join(
        f'<tu><tuv xml:lang="{langs[0]}"><seg>{ja}</seg></tuv>'
        f'<tuv xml:lang="{langs[1]}"><seg>{en}</seg></tuv></tu>'
        for ja, en in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ja" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" '
        f'creationtoolversion="1"/><body>{body}</body></tmx>'
    ).encode()


GOOD = tmx(("東京駅", "Tokyo Station"), ("大阪城", "Osaka Castle"), ("京都", "Kyoto"))


def upload(
    client: Client, data: bytes, name: str = "kansai.tmx", *, hx: bool = True
) -> TestResponse:
    return client.post("/memory/import", {"file": (io.BytesIO(data), name)}, hx=hx)


def targets(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(MemoryEntry.target).order_by(MemoryEntry.id)))


def test_the_page_shows_the_counts_the_import_form_and_the_download(client: Client) -> None:
    page = assert_full_page(client.get("/memory"))
    panel = page.select_one("section.memory-panel#memory-panel")
    assert panel is not None
    assert "Entries" in panel.get_text() and "0" in panel.get_text()
    form = page.select_one("form.memory-import")
    assert form is not None
    assert form.get("action") == "/memory/import" and form.get("hx-post") == "/memory/import"
    assert form.get("hx-target") == "closest .memory-panel"
    assert form.select_one("input[name=csrf_token]") is not None
    assert page.select_one("a[href='/memory/export.tmx']") is not None
    assert page.select_one("nav.user-menu a[href='/memory']") is not None
    fragment = client.get("/memory", hx=True)
    assert_fragment(fragment, "section.memory-panel#memory-panel")
    assert "HX-Request" in fragment.headers.get("Vary", "")
    restore = client.get("/memory", hx=True, headers={"HX-History-Restore-Request": "true"})
    assert_full_page(restore)


def test_an_htmx_upload_answers_with_the_panel_and_its_sentence(app: Flask, client: Client) -> None:
    response = upload(client, GOOD)
    assert response.status_code == 200
    panel = assert_fragment(response, "section.memory-panel")
    assert "Added 3 entries." in panel.get_text()
    rows = {
        row.select("th")[0].get_text(strip=True): row.select("td.num")[0].get_text(strip=True)
        for row in panel.select("table.memory-counts tr")
    }
    assert rows == {"From articles": "0", "Imported from files": "3", "Entries": "3"}
    assert "kansai.tmx" in panel.select("ul.memory-files")[0].get_text()
    again = upload(client, GOOD + b"\n")
    assert "Added 0 entries, skipped 3 already in the memory." in html(again)
    assert targets(app) == ["Tokyo Station", "Osaka Castle", "Kyoto"]


def test_an_upload_without_htmx_is_sent_back_to_the_page_with_its_sentence(
    client: Client,
) -> None:
    response = upload(client, tmx(("東京駅", "Tokyo Station"), ("奈良", "")), hx=False)
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    notice = soup(page).select_one("section.memory-panel p.notice")
    assert notice is not None
    assert notice.get_text() == "Added 1 entry, skipped 1 without both Japanese and English."


def test_a_refused_upload_is_422_with_its_sentence_and_stores_nothing(
    app: Flask, client: Client
) -> None:
    upload(client, tmx(("東京駅", "Tokyo Station")))
    cases = [
        (tmx(("Bonjour", "Hallo"), langs=("fr", "de")), "is a French → German memory"),
        (GOOD[:-30], "not well-formed XML"),
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "binary data"),
        (
            b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e "x">]>' + GOOD.split(b"\n", 1)[1],
            "declares or uses XML entities",
        ),
    ]
    for data, words in cases:
        for hx in (True, False):
            response = upload(client, data, "bad.tmx", hx=hx)
            assert response.status_code == 422, words
            page = soup(response)
            error = page.select_one("section.memory-panel p.error")
            assert error is not None and words in error.get_text(), words
            assert "Nothing was imported." in error.get_text()
            if hx:
                assert_fragment(response, "section.memory-panel")
            else:
                assert_full_page(response)
    missing = client.post("/memory/import", {}, hx=True)
    assert missing.status_code == 422 and "Choose a .tmx file" in html(missing)
    assert targets(app) == ["Tokyo Station"]


def test_a_file_over_the_upload_limit_stores_nothing(app: Flask, client: Client) -> None:
    limit = app.config["MAX_UPLOAD_BYTES"]
    big = GOOD + b" " * (limit - len(GOOD) + 1)
    response = upload(client, big)
    assert response.status_code == 422
    assert "is larger than 5 MB" in html(response)
    assert count_rows(app, MemoryEntry) == 0


def test_the_download_is_the_memory_as_tmx(client: Client) -> None:
    upload(client, GOOD)
    response = client.get("/memory/export.tmx")
    assert response.status_code == 200
    assert response.mimetype == "application/x-tmx+xml"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="memory-{date.today().isoformat()}.tmx"'
    read = exchange.read_tmx(response.get_data(), "memory.tmx")
    assert [(e.source, e.target) for e in read.entries] == [
        ("東京駅", "Tokyo Station"),
        ("大阪城", "Osaka Castle"),
        ("京都", "Kyoto"),
    ]


def test_text_from_a_file_is_escaped_on_the_page(client: Client) -> None:
    escaped = XSS.replace("<", "&lt;").replace(">", "&gt;")
    response = upload(client, tmx(("東京", escaped)), name=f"{XSS}.tmx")
    assert response.status_code == 200
    body = html(response)
    assert XSS not in body
    assert "&lt;script&gt;" in body
    page = client.get("/memory")
    assert XSS not in html(page)


def test_translators_see_and_download_the_memory_but_only_reviewers_import(
    app: Flask, translator_client: Client, other_client: Client
) -> None:
    tom = translator_client
    page = soup(tom.get("/memory"))
    assert page.select_one("section.memory-panel") is not None
    assert page.select_one("form.memory-import") is None
    refused = upload(tom, GOOD)
    assert refused.status_code == 403
    assert "Only reviewers can import a translation memory." in html(refused)
    assert count_rows(app, MemoryEntry) == 0
    assert tom.get("/memory/export.tmx").status_code == 200
    rita = other_client
    assert soup(rita.get("/memory")).select_one("form.memory-import") is not None
    assert upload(rita, GOOD).status_code == 200
    assert count_rows(app, MemoryEntry) == 3


def test_the_import_needs_the_csrf_token_and_a_signed_in_user(
    app: Flask, client: Client, anonymous_client: Client
) -> None:
    response = client.post(
        "/memory/import", {"file": (io.BytesIO(GOOD), "a.tmx")}, hx=True, csrf=False
    )
    assert response.status_code == 400
    assert anonymous_client.get("/memory").status_code in (302, 303)
    assert count_rows(app, MemoryEntry) == 0
