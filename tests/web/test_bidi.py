"""Invisible direction controls (U+202A–U+202E, U+2066–U+2069) in titles, names,
terms and notes: stripped from what people type about the work and from file names,
shown as visible markers wherever text is shown, kept in the article's own text."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select, update

from tests.support.accounts import add_user
from tests.support.articles import create_article
from tests.support.client import Client
from workbench.accounts.models import User
from workbench.articles import editing, importing
from workbench.articles.models import Article, Paragraph, Revision
from workbench.bidi import BIDI_CONTROLS, mark_controls, mark_controls_html, strip_controls
from workbench.exports.base import ascii_filename, filename
from workbench.exports.document import ExportDocument
from workbench.exports.html import HtmlExporter
from workbench.exports.registry import EXPORTERS
from workbench.extensions import db
from workbench.glossary import service as glossary_service
from workbench.glossary.models import Term
from workbench.machine.models import Draft
from workbench.notes import service as notes_service
from workbench.notes.models import Note, NoteReply

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
RLI = "\u2067"  # RIGHT-TO-LEFT ISOLATE
PDF = "\u202c"  # POP DIRECTIONAL FORMATTING
SPOOFED = f"Invoice{RLO}slx.exe"  # shows as "Invoiceexe.xls"
MARKED = "Invoice⟨U+202E⟩slx.exe"
ALL_CONTROLS = "".join(sorted(BIDI_CONTROLS))


def controls_in(text: str) -> set[str]:
    return {f"U+{ord(c):04X}" for c in text if c in BIDI_CONTROLS}


def format_characters(text: str) -> set[str]:
    """Invisible control (Cc) and format (Cf) characters, by code point."""
    return {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf")}


# ---------------------------------------------------------------- the rule, as functions


def test_every_control_is_stripped_or_marked_and_nothing_else_changes() -> None:
    text = f"金{ALL_CONTROLS}正恩 <b>&"
    assert strip_controls(text) == "金正恩 <b>&"
    marked = mark_controls(text)
    assert controls_in(marked) == set()
    for control in BIDI_CONTROLS:
        assert f"⟨U+{ord(control):04X}⟩" in marked
    assert marked.startswith("金⟨U+") and marked.endswith("⟩正恩 <b>&")
    html = mark_controls_html(text)
    assert controls_in(html) == set()
    assert html.endswith("正恩 &lt;b&gt;&amp;")
    assert html.count('<span class="bidi-mark" data-char="&#x') == len(BIDI_CONTROLS)
    assert mark_controls(None) == "" and mark_controls_html(None) == ""


# ---------------------------------------------------------------- file names


def _document(title: str) -> ExportDocument:
    day = datetime(2025, 10, 30, 9, 0, tzinfo=UTC)
    return ExportDocument(
        article_id=7,
        title=title,
        source_lang="ja",
        target_lang="en",
        source_url=None,
        byline=None,
        imported_at=day,
        exported_at=day,
        paragraphs=(),
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (SPOOFED, "Invoiceslx.exe"),
        (f"{RLI}会談{PDF}の記録", "会談の記録"),
        (f"米朝{ALL_CONTROLS}会談", "米朝会談"),
        # Marks, zero-width characters, a byte-order mark, C1 controls.
        ("北\u200f朝\u200e鮮\u061c", "北朝鮮"),
        ("\ufeff板\u200b門\u200d店", "板門店"),
        ("会談\x85速報\x9b", "会談 速報"),
    ],
    ids=["override", "isolate", "all nine", "marks", "zero width", "C1 controls"],
)
def test_file_names_carry_no_invisible_characters(title: str, expected: str) -> None:
    for exporter in EXPORTERS.values():
        name = filename(_document(title), exporter)
        fallback = ascii_filename(_document(title), exporter)
        assert name.startswith(f"{expected}.ja-en.2025-10-30"), name
        assert format_characters(name) == set(), name
        assert format_characters(fallback) == set(), fallback
        assert fallback.isascii()


def test_a_title_of_nothing_but_controls_is_named_after_the_article() -> None:
    assert filename(_document(ALL_CONTROLS), HtmlExporter()) == "article-7.ja-en.2025-10-30.html"


# ---------------------------------------------------------------- rows stored with controls


@dataclass(frozen=True)
class Stored:
    """Rows holding raw controls, as saved before the rule or by a path that skips it."""

    article_id: int
    pid: int
    term_id: int


def _raw(model: type, row_id: int, **values: str) -> None:
    db.session.execute(update(model).where(model.id == row_id).values(**values))


@pytest.fixture
def stored(app: Flask) -> Stored:
    user = add_user(app, "mallory", "admin", "Mallory")
    with app.app_context():
        s = db.session
        article = importing.create_article(
            s, title="仮題", paragraphs=[f"板門店で{RLO}会談した。", "二段落目です。"]
        )
        s.flush()
        p = s.scalars(select(Paragraph).where(Paragraph.article_id == article.id)).first()
        assert p is not None and RLO in p.source_text  # the article's text is kept
        editing.save_translation(s, p, "First.", base_version=0, author="Mallory")
        editing.save_translation(s, p, f"The talks{RLI} ended.", base_version=1, author="Mallory")
        s.add(Draft(paragraph_id=p.id, provider="test", text=f"A draft{RLO} here."))
        term = glossary_service.propose(
            s,
            glossary_service.TermForm(source="板門店", target="Panmunjom", note="Truce village"),
            author="Mallory",
            author_id=user.id,
        )
        note = notes_service.add_note(
            s,
            p,
            notes_service.NoteForm(kind="query", body="Which hall?", quote="板門店"),
            author="Mallory",
            author_id=user.id,
        )
        reply = notes_service.add_reply(s, note, "The peace house.", author="Mallory")
        s.flush()
        _raw(Article, article.id, title=f"{SPOOFED} 会談", byline=f"記者{RLO}名")
        _raw(User, user.id, display_name=f"Mallory{RLO}yrollaM")
        _raw(Term, term.id, target=f"Pan{RLO}munjom", note=f"Truce{RLO} village")
        _raw(Note, note.id, body=f"Which{RLO} hall? https://example.org/{RLO}x", author=SPOOFED)
        _raw(NoteReply, reply.id, body=f"The peace{RLO} house.")
        s.execute(
            update(Revision).where(Revision.paragraph_id == p.id).values(author=f"Mal{RLO}lory")
        )
        s.execute(update(Paragraph).where(Paragraph.id == p.id).values(updated_by=SPOOFED))
        s.commit()
        return Stored(article.id, p.id, term.id)


# What a person sees: text and the attributes a browser shows (tooltips, names read
# aloud). Text fields hold the stored text as it is, so that saving never changes it.
SHOWN_ATTRIBUTES = ("title", "aria-label", "data-tip", "alt", "placeholder")


def shown(html: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    for field in page.select("textarea, input, script, style"):
        field.decompose()
    parts = [page.get_text()]
    for element in page.find_all(True):
        parts.extend(str(element[a]) for a in SHOWN_ATTRIBUTES if element.has_attr(a))
    return "\n".join(parts)


def mallory(app: Flask) -> Client:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.name == "mallory")).one()
        db.session.expunge(user)
    return Client(app.test_client(), app).sign_in_as(user)


def test_no_page_shows_a_raw_control(app: Flask, stored: Stored) -> None:
    client = mallory(app)
    pages = [
        "/",
        f"/articles/{stored.article_id}",
        f"/articles/{stored.article_id}/export",
        f"/articles/{stored.article_id}/translations",
        f"/paragraphs/{stored.pid}/history",
        f"/paragraphs/{stored.pid}/notes/new",
        f"/paragraphs/{stored.pid}/source/edit",
        "/glossary",
        f"/glossary/terms/{stored.term_id}/edit",
        "/users",
        "/account",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert controls_in(shown(response.get_data(as_text=True))) == set(), url
    for url in (f"/paragraphs/{stored.pid}", f"/paragraphs/{stored.pid}/history"):
        response = client.get(url, hx=True)
        assert controls_in(shown(response.get_data(as_text=True))) == set(), url


def test_titles_names_terms_and_notes_show_their_controls_as_markers(
    app: Flask, stored: Stored
) -> None:
    client = mallory(app)
    listing = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert listing.select_one(".article-list td a").get_text() == f"{MARKED} 会談"
    assert listing.select_one(".who-name").get_text() == "Mallory⟨U+202E⟩yrollaM"

    editor = BeautifulSoup(
        client.get(f"/articles/{stored.article_id}").get_data(as_text=True), "html.parser"
    )
    assert editor.title is not None and editor.title.get_text().startswith(MARKED)
    assert editor.select_one("h1.article-title").get_text() == f"{MARKED} 会談"
    row = editor.select_one(f"#p-{stored.pid}")
    assert row is not None
    # The source: a marker element that stands for the character it replaces.
    mark = row.select_one(".cell.src .bidi-mark")
    assert mark is not None and mark.get_text() == "⟨U+202E⟩" and mark["data-char"] == RLO
    assert row.select_one(".draft-text").get_text() == "A draft⟨U+202E⟩ here."
    assert "by Invoice⟨U+202E⟩slx.exe" in row.select_one(".save-state").get_text()
    note = row.select_one("li.note")
    assert note.select_one(".note-body").get_text() == (
        "Which⟨U+202E⟩ hall? https://example.org/⟨U+202E⟩x"
    )
    # The link goes where the note says; only its text is marked.
    assert note.select_one(".note-body a")["href"] == f"https://example.org/{RLO}x"
    assert note.select_one(".note-by").get_text().startswith(MARKED)
    assert note.select_one(".reply .note-body").get_text() == "The peace⟨U+202E⟩ house."
    marker = row.select_one("a.note-marker")
    assert "Which⟨U+202E⟩ hall?" in marker["data-tip"]
    term = row.select_one("mark.term")
    assert "Pan⟨U+202E⟩munjom" in term["data-tip"] and "Truce⟨U+202E⟩ village" in term["data-tip"]
    assert row.select_one(".term-insert").get_text() == "Pan⟨U+202E⟩munjom"
    # The translation's field holds the stored text: saving it changes nothing.
    assert row.select_one("textarea[name=text]").get_text() == f"The talks{RLI} ended."

    history = client.get(f"/paragraphs/{stored.pid}/history", hx=True).get_data(as_text=True)
    assert "Mal⟨U+202E⟩lory" in history and "⟨U+2067⟩" in history

    glossary = BeautifulSoup(client.get("/glossary").get_data(as_text=True), "html.parser")
    assert glossary.select_one(f"#term-{stored.term_id} .target").get_text() == "Pan⟨U+202E⟩munjom"
    assert glossary.select_one(".occ-title").get_text() == f"{MARKED} 会談"

    users = client.get("/users").get_data(as_text=True)
    assert "Mallory⟨U+202E⟩yrollaM" in users


# ---------------------------------------------------------------- what people type


def test_titles_bylines_names_terms_and_notes_are_stored_without_controls(
    app: Flask, client: Client
) -> None:
    article_id = create_article(
        client,
        [f"板門店で{RLO}会談した。"],
        title=f"{RLI}{SPOOFED}{PDF} 会談",
        byline=f"記者{RLO}名",
    )
    response = client.post("/account", {"action": "display_name", "display_name": f"Ada{RLO} A"})
    assert response.status_code == 200
    term = client.post(
        "/glossary/terms",
        {
            "source": f"板{RLO}門店",
            "target": f"Pan{RLO}munjom",
            "note": f"a{RLI}b",
            "kind": "place",
        },
        hx=True,
    )
    assert term.status_code == 200, term.get_data(as_text=True)
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        assert (article.title, article.byline) == ("Invoiceslx.exe 会談", "記者名")
        paragraph = db.session.scalars(select(Paragraph)).one()
        # The article's own text is kept as it came.
        assert paragraph.source_text == f"板門店で{RLO}会談した。"
        pid = paragraph.id
        ada = db.session.scalars(select(User).where(User.name == "ada")).one()
        assert ada.display_name == "Ada A"
        stored_term = db.session.scalars(select(Term)).one()
        assert (stored_term.source, stored_term.target, stored_term.note) == (
            "板門店",
            "Panmunjom",
            "ab",
        )
    note = client.post(
        "/notes",
        {"paragraph": str(pid), "kind": "explanation", "body": f"Looks{RLO} odd."},
        hx=True,
    )
    assert note.status_code == 200, note.get_data(as_text=True)
    with app.app_context():
        stored_note = db.session.scalars(select(Note)).one()
        assert stored_note.body == "Looks odd."
        note_id = stored_note.id
    reply = client.post(f"/notes/{note_id}/replies", {"body": f"Fine{RLI}."}, hx=True)
    assert reply.status_code == 200
    with app.app_context():
        assert db.session.scalars(select(NoteReply.body)).one() == "Fine."


def test_a_note_address_with_a_control_is_refused(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["板門店で会談した。"])
    with app.app_context():
        pid = db.session.scalars(
            select(Paragraph.id).where(Paragraph.article_id == article_id)
        ).one()
    response = client.post(
        "/notes",
        {
            "paragraph": str(pid),
            "kind": "source",
            "body": "Where it was read.",
            "url": f"https://example.org/{RLO}gpj.exe",
        },
        hx=True,
    )
    assert response.status_code == 422
    assert "control characters" in response.get_data(as_text=True)


def test_an_uploaded_file_name_with_a_control_is_shown_with_a_marker(
    app: Flask, stored: Stored
) -> None:
    client = mallory(app)
    response = client.post(
        f"/articles/{stored.article_id}/translations/preview",
        {"file": (io.BytesIO(b"not xml"), f"report{RLO}gpj.xlf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "report⟨U+202E⟩gpj.xlf" in page
    assert controls_in(shown(page)) == set()


# ---------------------------------------------------------------- downloads


def _disposition(header: str) -> tuple[str, str]:
    fallback = re.search(r'filename="([^"]*)"', header) or re.search(r"filename=([^;]+)", header)
    star = re.search(r"filename\*=UTF-8''([^;]+)", header, re.IGNORECASE)
    assert fallback is not None, header
    return fallback.group(1), unquote(star.group(1)) if star else fallback.group(1)


@pytest.mark.parametrize("fmt", ["html", "docx", "xliff", "json"])
def test_a_download_name_carries_no_control(app: Flask, stored: Stored, fmt: str) -> None:
    client = mallory(app)
    response = client.get(f"/articles/{stored.article_id}/export/{fmt}")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    fallback, name = _disposition(header)
    assert format_characters(header) == set()
    assert format_characters(fallback) == set() and format_characters(name) == set()
    assert name.startswith("Invoiceslx.exe 会談.ja-en."), name
    assert fallback.startswith("Invoiceslx.exe.ja-en."), fallback
    page = client.get(f"/articles/{stored.article_id}/export").get_data(as_text=True)
    assert "Invoiceslx.exe 会談.ja-en." in page


def test_the_command_line_default_file_name_carries_no_control(
    app: Flask, stored: Stored, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = app.test_cli_runner().invoke(
        args=["export", str(stored.article_id), "--format", "md", "--json"]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    [written] = list(tmp_path.iterdir())
    assert format_characters(written.name) == set()
    assert written.name.startswith("Invoiceslx.exe 会談.ja-en.")
