"""The export page, the downloads in every format, and taking translations back,
as an editor meets them in the browser.

The article is the sample, with a few paragraphs translated (two of them
reviewed), a source citation on 板門店 in paragraph 3, a query on paragraph 5,
and an approved glossary term. Every download is read back with the library a
reader's tool would use, and must hold what the editor shows. Queries are for
the reviewer: a file holds them only when asked (queries=1).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from lxml import etree
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.support.articles import create_article as import_article
from tests.support.articles import paragraph_ids
from tests.support.client import Client
from tests.support.exports import (
    MARK,
    MARKERS,
    X2,
    X12,
    XML_LANG,
    disposition,
    docx_commented,
    docx_english,
    docx_paragraph_texts,
    download,
    editor_texts,
    english_of,
    export_page,
    html_english,
    html_notes,
    html_rows,
    load_docx,
    md_english,
    md_notes,
    notes_of,
    one,
    row_links,
    shown_english,
    soup_of,
    tmx_units,
    txt_english,
    txt_notes,
    txt_parts,
    version_of,
    warning_items,
    xliff12_units,
    xliff20_notes,
    xliff20_units,
)
from tests.support.samples import sample_body_lines
from workbench.articles.models import Revision
from workbench.extensions import db

SOURCES = sample_body_lines()[:-1]  # the last line is the page's comment counter
TITLE = "北朝鮮「露骨な求愛」/分析"
SOURCE_URL = "https://news.example.jp/world/trump-kim"

# The English saved in the editor, by position, and the status it was saved with.
SAVED: dict[int, tuple[str, str]] = {
    1: ("Trump's open courtship of Kim Jong Un is out of the ordinary.", "translated"),
    2: ("Trump has said again and again that he wants to meet Kim.", "reviewed"),
    3: ("The 2019 meeting at Panmunjom came 36 hours after a tweet.", "translated"),
    4: ("Experts agree that the situation has changed since then.", "reviewed"),
    5: ("Klingner also thinks that a meeting is unlikely.", "translated"),
}
UNTRANSLATED_POSITIONS = [p for p in range(1, len(SOURCES) + 1) if p not in SAVED]

CITATION_BODY = "The truce village in the DMZ."
CITATION_URL = "https://example.org/panmunjom"
QUERY_BODY = "Is Klingner still a senior fellow there?"
# The footnote wording a reader sees (numbered 1 and 2 in the document's order,
# the query only with queries=1).
CITATION = (
    f"Source citation: “板門店” — {CITATION_BODY} ({CITATION_URL}, read on 2025-10-30) — Ada Admin"
)
QUERY = f"Query: {QUERY_BODY} — Ada Admin"

FORMATS = [
    "html",
    "docx",
    "docx-en",
    "md",
    "md-bilingual",
    "txt",
    "txt-bilingual",
    "xliff",
    "xliff12",
    "tmx",
    "json",
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Format -> (media type, what the file name ends with after the date).
EXPECTED: dict[str, tuple[str, str]] = {
    "html": ("text/html", ".html"),
    "docx": (DOCX, ".docx"),
    "docx-en": (DOCX, ".en.docx"),
    "md": ("text/markdown", ".md"),
    "md-bilingual": ("text/markdown", ".bilingual.md"),
    "txt": ("text/plain", ".txt"),
    "txt-bilingual": ("text/plain", ".bilingual.txt"),
    "xliff": ("application/xliff+xml", ".xlf"),
    "xliff12": ("application/x-xliff+xml", ".xliff12.xlf"),
    "tmx": ("application/x-tmx+xml", ".tmx"),
    "json": ("application/json", ".json"),
}


# ---------------------------------------------------------------- the article


@dataclass(frozen=True)
class Worked:
    article_id: int
    pids: list[int]  # paragraph ids by position (pids[0] is paragraph 1)

    def pid(self, position: int) -> int:
        return self.pids[position - 1]


def add_terms(app: Flask) -> None:
    """板門店 → Panmunjom approved (it occurs in paragraph 3), 会談 → summit only proposed."""
    from workbench.glossary import service

    with app.app_context():
        forms = [
            (service.TermForm(source="板門店", target="Panmunjom", kind="place"), True),
            (service.TermForm(source="会談", target="summit"), False),
        ]
        for form, approve in forms:
            term = service.propose(db.session, form, author="Test", author_id=None)
            if approve:
                service.review(db.session, [term], "approved", author="Test", author_id=None)
        db.session.commit()


def create_article(
    client: Client, sources: list[str], title: str = TITLE, source_url: str = ""
) -> int:
    return import_article(client, sources, title=title, source_url=source_url)


def save(app: Flask, client: Client, pid: int, text: str, mark: str = "translated") -> None:
    """Save a translation as the editor's text area does."""
    response = client.post(
        f"/paragraphs/{pid}",
        {"text": text, "version": str(version_of(app, pid)), "mark": mark},
        hx=True,
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def add_note(client: Client, pid: int, kind: str, body: str, **fields: str) -> None:
    response = client.post("/notes", {"paragraph": str(pid), "kind": kind, "body": body, **fields})
    assert response.status_code in (200, 303), response.get_data(as_text=True)


@pytest.fixture
def worked(app: Flask, client: Client) -> Worked:
    add_terms(app)
    article_id = create_article(client, SOURCES, source_url=SOURCE_URL)
    pids = paragraph_ids(app, article_id)
    assert len(pids) == 14
    for position, (text, mark) in SAVED.items():
        save(app, client, pids[position - 1], text, mark)
    add_note(
        client,
        pids[2],
        "source",
        CITATION_BODY,
        quote="板門店",
        url=CITATION_URL,
        read_on="2025-10-30",
    )
    add_note(client, pids[4], "query", QUERY_BODY)
    return Worked(article_id, pids)


def today() -> str:
    return datetime.now(UTC).date().isoformat()


# ---------------------------------------------------------------- every format downloads


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_downloads_as_an_attachment_named_after_the_article(
    client: Client, worked: Worked, fmt: str
) -> None:
    response = download(client, worked.article_id, fmt)

    media_type, ending = EXPECTED[fmt]
    assert response.mimetype == media_type
    if media_type.startswith("text/"):
        assert response.mimetype_params.get("charset", "").lower() == "utf-8"
    kind, fallback, name = disposition(response)
    assert kind == "attachment"
    assert name == f"北朝鮮「露骨な求愛」 分析.ja-en.{today()}{ending}"
    assert fallback is not None and fallback.endswith(ending)
    assert response.data  # a file, not an empty answer


@pytest.mark.parametrize(
    "fmt", ["html", "docx", "docx-en", "md", "md-bilingual", "txt", "txt-bilingual", "json"]
)
def test_files_for_reading_hold_the_editors_english_in_order(
    client: Client, worked: Worked, fmt: str
) -> None:
    texts = editor_texts(client, worked.article_id)
    assert [t for t in texts if t] == [text for text, _ in SAVED.values()]

    data = download(client, worked.article_id, fmt).data

    assert english_of(fmt, data) == shown_english(texts)


@pytest.mark.parametrize("fmt", ["html", "docx", "docx-en", "md", "md-bilingual", "txt"])
def test_files_for_reading_number_the_notes_at_the_end(
    client: Client, worked: Worked, fmt: str
) -> None:
    data = download(client, worked.article_id, fmt, queries="1").data
    notes = notes_of(fmt, data)
    assert len(notes) == 2, notes
    if fmt in ("md", "md-bilingual"):
        assert notes == [
            f"[^1]: {CITATION.replace(CITATION_URL, f'<{CITATION_URL}>')}",
            f"[^2]: {QUERY}",
        ]
    elif fmt in ("docx", "docx-en", "txt"):
        assert notes == [f"[1] {CITATION}", f"[2] {QUERY}"]
    else:
        assert CITATION in notes[0] and QUERY in notes[1]


def test_bilingual_text_interleaves_japanese_and_english_with_the_notes(
    client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "txt-bilingual", queries="1").data
    blocks, rest = txt_parts(data)
    pairs = [block.split("\n") for block in blocks[1:]]
    assert [pair[0] for pair in pairs] == [
        source.replace("板門店", "板門店[1]") if i == 3 else source + ("[2]" if i == 5 else "")
        for i, source in enumerate(SOURCES, 1)
    ]
    assert txt_notes(data) == [f"[1] {CITATION}", f"[2] {QUERY}"]
    assert "板門店 — Panmunjom (place)" in rest  # the glossary at the end


def test_html_export_marks_the_cited_words_and_lists_the_glossary(
    client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "html").data
    soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
    rows = html_rows(data)
    # Paragraph 5 has no marker: its note is a query, left out by default.
    assert [one(row, "td.ja").get_text() for row in rows] == [
        source.replace("板門店", "板門店1") if i == 3 else source
        for i, source in enumerate(SOURCES, 1)
    ]
    assert one(rows[2], "td.ja mark").get_text() == "板門店"
    assert one(rows[2], "td.ja sup a")["href"] == "#note-1"
    link = one(soup, "section.notes li#note-1 a.bare")
    assert link["href"] == CITATION_URL
    glossary = [
        [cell.get_text() for cell in row.select("td")]
        for row in soup.select("section.glossary tbody tr")
    ]
    assert glossary == [["板門店", "", "Panmunjom", "place"]]  # the proposed term is not there
    assert one(soup, "h1").get_text() == TITLE


def test_word_bilingual_puts_notes_in_comments_on_the_quoted_words(
    client: Client, worked: Worked
) -> None:
    document = load_docx(download(client, worked.article_id, "docx", queries="1").data)
    table = document.tables[0]
    # Two columns, one row per paragraph in the editor's order.
    assert [cell.text for cell in table.rows[0].cells] == ["Japanese", "English"]
    assert len(table.rows) == 1 + 14
    assert [row.cells[0].text for row in table.rows[1:]] == SOURCES
    assert table.rows[3].cells[1].text == f"{SAVED[3][0]} [1]"
    assert table.rows[5].cells[1].text == f"{SAVED[5][0]} [2]"

    comments = list(document.comments)
    assert [comment.text for comment in comments] == [CITATION, QUERY]
    assert {comment.author for comment in comments} == {"Ada Admin"}
    covered = docx_commented(document)
    assert [covered[comment.comment_id] for comment in comments] == ["板門店", SOURCES[4]]
    texts = docx_paragraph_texts(document)
    assert texts[0] == TITLE
    assert f"Source: {SOURCE_URL}" in texts


def test_word_english_only_has_no_japanese_paragraphs(client: Client, worked: Worked) -> None:
    document = load_docx(download(client, worked.article_id, "docx-en").data)
    assert document.tables == []
    assert not document.comments
    body = "\n".join(docx_paragraph_texts(document))
    assert all(source not in body for source in SOURCES)
    assert (
        docx_english(download(client, worked.article_id, "docx-en").data, "docx-en")[2]
        == (SAVED[3][0])
    )


@pytest.mark.parametrize("fmt", ["docx", "docx-en"])
def test_a_word_file_names_who_exported_it_and_when(
    client: Client, worked: Worked, fmt: str
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    properties = load_docx(download(client, worked.article_id, fmt).data).core_properties
    assert properties.author == properties.last_modified_by == "Ada Admin"
    assert properties.title == TITLE
    assert properties.created is not None and properties.created >= before
    assert properties.modified == properties.created


def test_xliff20_holds_every_paragraph_with_its_translation_and_notes(
    client: Client, worked: Worked
) -> None:
    texts = editor_texts(client, worked.article_id)
    data = download(client, worked.article_id, "xliff").data

    units = xliff20_units(data)
    assert [unit_id for unit_id, _, _ in units] == [f"p{pid}" for pid in worked.pids]
    assert [source for _, source, _ in units] == SOURCES
    assert [target for _, _, target in units] == texts
    notes = xliff20_notes(data)
    assert notes[f"p{worked.pid(3)}"] == [CITATION]
    assert sum(len(n) for n in notes.values()) == 1  # the query stays out by default
    notes = xliff20_notes(download(client, worked.article_id, "xliff", queries="1").data)
    assert notes[f"p{worked.pid(3)}"] == [CITATION]
    assert notes[f"p{worked.pid(5)}"] == [QUERY]
    assert sum(len(n) for n in notes.values()) == 2
    root = etree.fromstring(data)
    assert (root.get("srcLang"), root.get("trgLang")) == ("ja", "en")
    assert [f.get("id") for f in root.iter(f"{{{X2}}}file")] == [f"article-{worked.article_id}"]


def test_xliff12_holds_every_paragraph_with_its_translation_and_notes(
    client: Client, worked: Worked
) -> None:
    texts = editor_texts(client, worked.article_id)
    data = download(client, worked.article_id, "xliff12").data

    units = xliff12_units(data)
    assert [unit[0] for unit in units] == [f"p{pid}" for pid in worked.pids]
    assert [unit[1] for unit in units] == SOURCES
    assert [unit[2] for unit in units] == texts
    assert [unit[3] for unit in units if unit[3]] == [CITATION]
    asked = xliff12_units(download(client, worked.article_id, "xliff12", queries="1").data)
    assert [unit[3] for unit in asked if unit[3]] == [CITATION, QUERY]
    assert asked[2][3] == CITATION and asked[4][3] == QUERY
    root = etree.fromstring(data)
    assert root.get("version") == "1.2"
    [file] = root.iter(f"{{{X12}}}file")
    assert file.get("original") == f"article-{worked.article_id}"
    assert (file.get("source-language"), file.get("target-language")) == ("ja", "en")


def test_tmx_holds_the_translated_paragraphs_in_order(client: Client, worked: Worked) -> None:
    texts = editor_texts(client, worked.article_id)
    data = download(client, worked.article_id, "tmx").data

    units = tmx_units(data)
    translated = [i for i, text in enumerate(texts) if text]
    assert [unit[0] for unit in units] == [f"p{worked.pids[i]}" for i in translated]
    assert [unit[1] for unit in units] == [SOURCES[i] for i in translated]
    assert [unit[2] for unit in units] == [texts[i] for i in translated]
    assert [unit[3] for unit in units if unit[3]] == [CITATION]
    asked = tmx_units(download(client, worked.article_id, "tmx", queries="1").data)
    assert [unit[3] for unit in asked if unit[3]] == [CITATION, QUERY]
    root = etree.fromstring(data)
    assert root.get("version") == "1.4"
    for tu in root.iter("tu"):
        assert [tuv.get(XML_LANG) for tuv in tu.iter("tuv")] == ["ja", "en"]


def test_json_holds_everything_in_the_editors_order(client: Client, worked: Worked) -> None:
    texts = editor_texts(client, worked.article_id)
    data = json.loads(download(client, worked.article_id, "json", queries="1").data)

    assert data["article"]["id"] == worked.article_id
    assert data["article"]["title"] == TITLE
    assert data["article"]["source_url"] == SOURCE_URL
    assert data["options"] == {
        "which": "all",
        "untranslated": "mark",
        "notes": True,
        "queries": True,
    }
    paragraphs = data["paragraphs"]
    assert [p["id"] for p in paragraphs] == worked.pids
    assert [p["position"] for p in paragraphs] == list(range(1, 15))
    assert [p["source"] for p in paragraphs] == SOURCES
    assert [p["target"] for p in paragraphs] == texts
    assert [p["status"] for p in paragraphs[:5]] == [mark for _, mark in SAVED.values()]
    assert {p["status"] for p in paragraphs[5:]} == {"new"}
    citation = paragraphs[2]["notes"][0]
    assert citation["kind"] == "source"
    assert citation["url"] == CITATION_URL
    assert citation["read_on"] == "2025-10-30"
    assert citation["author"] == "Ada Admin"
    assert citation["selectors"][0] == {
        "type": "TextQuoteSelector",
        "exact": "板門店",
        "prefix": citation["selectors"][0]["prefix"],
        "suffix": citation["selectors"][0]["suffix"],
    }
    start = SOURCES[2].index("板門店")
    assert citation["selectors"][1] == {
        "type": "TextPositionSelector",
        "start": start,
        "end": start + 3,
    }
    query = paragraphs[4]["notes"][0]
    assert (query["kind"], query["status"], query["body"]) == ("query", "open", QUERY_BODY)
    assert paragraphs[2]["terms"] == [
        {"source": "板門店", "target": "Panmunjom", "kind": "place", "reading": "", "note": ""}
    ]
    assert [term["source"] for term in data["terms"]] == ["板門店"]


def test_a_note_whose_words_were_corrected_away_is_exported_as_detached(
    client: Client, worked: Worked
) -> None:
    source = SOURCES[2].replace("板門店", "共同警備区域")
    corrected = client.post(
        f"/paragraphs/{worked.pid(3)}/source", {"text": source, "base": "0"}, hx=True
    )
    assert corrected.status_code == 200

    data = download(client, worked.article_id, "html", queries="1").data

    [citation, query] = html_notes(data)
    assert "(detached: the quoted words are no longer in the source)" in citation
    assert QUERY in query
    # The corrected Japanese, with the detached note's marker at its end.
    assert one(html_rows(data)[2], "td.ja").get_text() == source + "1"


# ---------------------------------------------------------------- options


def test_which_reviewed_gives_only_the_reviewed_paragraphs(client: Client, worked: Worked) -> None:
    reviewed = [p for p, (_, mark) in SAVED.items() if mark == "reviewed"]
    assert reviewed == [2, 4]

    html = download(client, worked.article_id, "html", which="reviewed").data
    assert [int(str(row["data-paragraph"])) for row in html_rows(html)] == reviewed
    assert html_english(html) == [SAVED[p][0] for p in reviewed]
    assert html_notes(html) == []  # the notes were on paragraphs 3 and 5

    data = json.loads(download(client, worked.article_id, "json", which="reviewed").data)
    assert [p["position"] for p in data["paragraphs"]] == reviewed
    xliff = xliff20_units(download(client, worked.article_id, "xliff", which="reviewed").data)
    assert [unit_id for unit_id, _, _ in xliff] == [f"p{worked.pid(p)}" for p in reviewed]
    word = download(client, worked.article_id, "docx", which="reviewed").data
    assert docx_english(word, "docx") == [SAVED[p][0] for p in reviewed]


def test_which_done_gives_translated_and_reviewed_paragraphs(
    client: Client, worked: Worked
) -> None:
    html = download(client, worked.article_id, "html", which="done").data
    assert [int(str(row["data-paragraph"])) for row in html_rows(html)] == list(SAVED)
    assert MARK not in html_english(html)


def test_untranslated_omit_leaves_untranslated_paragraphs_out(
    client: Client, worked: Worked
) -> None:
    html = download(client, worked.article_id, "html", untranslated="omit").data
    assert [int(str(row["data-paragraph"])) for row in html_rows(html)] == list(SAVED)
    text = download(client, worked.article_id, "txt", untranslated="omit").data
    assert txt_english(text, bilingual=False) == [t for t, _ in SAVED.values()]
    assert MARK not in text.decode("utf-8")
    assert SOURCES[5] not in text.decode("utf-8")
    md = download(client, worked.article_id, "md-bilingual", untranslated="omit").data
    assert md_english(md, bilingual=True) == [t for t, _ in SAVED.values()]
    assert SOURCES[5] not in md.decode("utf-8")


def test_untranslated_source_keeps_the_japanese_in_the_english_place(
    client: Client, worked: Worked
) -> None:
    expected = [SAVED[p][0] if p in SAVED else SOURCES[p - 1] for p in range(1, 15)]

    html = download(client, worked.article_id, "html", untranslated="source").data
    assert html_english(html) == expected
    rows = html_rows(html)
    assert one(rows[5], "td.en")["lang"] == "ja"
    assert one(rows[0], "td.en")["lang"] == "en"
    assert txt_english(
        download(client, worked.article_id, "txt", untranslated="source").data, bilingual=False
    ) == [MARKERS.sub("", t) for t in expected]
    word = download(client, worked.article_id, "docx-en", untranslated="source").data
    assert docx_english(word, "docx-en") == expected
    data = json.loads(download(client, worked.article_id, "json", untranslated="source").data)
    assert [p["shown_target"] for p in data["paragraphs"]] == expected


def test_untranslated_mark_puts_the_marker(client: Client, worked: Worked) -> None:
    expected = [SAVED[p][0] if p in SAVED else MARK for p in range(1, 15)]
    for fmt in ("html", "docx", "md", "txt"):
        data = download(client, worked.article_id, fmt, untranslated="mark").data
        assert english_of(fmt, data) == expected, fmt
    rows = html_rows(download(client, worked.article_id, "html", untranslated="mark").data)
    assert sum(1 for row in rows if "untranslated" in row.get_attribute_list("class")) == 9


@pytest.mark.parametrize("fmt", FORMATS)
def test_notes_0_drops_the_notes(client: Client, worked: Worked, fmt: str) -> None:
    with_notes = download(client, worked.article_id, fmt, notes="1", queries="1").data
    # queries=1 asks for the queries among the notes: without the notes, nothing.
    without = download(client, worked.article_id, fmt, notes="0", queries="1").data

    assert len(notes_of(fmt, with_notes)) == 2
    assert notes_of(fmt, without) == []
    if fmt in ("html", "md", "md-bilingual", "txt", "txt-bilingual", "xliff", "xliff12", "tmx"):
        assert CITATION_BODY not in without.decode("utf-8")
        assert QUERY_BODY not in without.decode("utf-8")
    if fmt == "html":
        soup = BeautifulSoup(without.decode("utf-8"), "html.parser")
        assert soup.select("sup") == [] and soup.select("td.ja mark") == []
    if fmt in ("docx", "docx-en"):
        document = load_docx(without)
        assert not document.comments
        assert "Notes" not in docx_paragraph_texts(document)
    if fmt in ("html", "docx", "docx-en", "md", "txt", "json"):
        # The English itself is unchanged, only the markers go.
        assert english_of(fmt, without) == english_of(fmt, with_notes)


def test_the_ticked_notes_box_wins_over_its_hidden_default(client: Client, worked: Worked) -> None:
    """The options form sends notes=0 from a hidden field, then notes=1 when ticked."""
    ticked = client.get(f"/articles/{worked.article_id}/export/json?notes=0&notes=1")
    assert ticked.status_code == 200
    assert notes_of("json", ticked.data) == [CITATION_BODY]
    unticked = download(client, worked.article_id, "json", notes="0").data
    assert notes_of("json", unticked) == []


def test_unknown_option_values_fall_back_to_the_defaults(client: Client, worked: Worked) -> None:
    data = json.loads(
        download(
            client, worked.article_id, "json", which="some", untranslated="hide", queries="yes"
        ).data
    )
    assert data["options"] == {
        "which": "all",
        "untranslated": "mark",
        "notes": True,
        "queries": False,
    }
    assert len(data["paragraphs"]) == 14
    assert notes_of("json", download(client, worked.article_id, "json").data) == [CITATION_BODY]


def file_text(fmt: str, data: bytes) -> str:
    """Everything a reader of the file can see, as one text (Word: body, table, comments)."""
    if fmt in ("docx", "docx-en"):
        document = load_docx(data)
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        comments = [comment.text for comment in document.comments]
        return "\n".join([*docx_paragraph_texts(document), *cells, *comments])
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_query_stays_out_of_every_format_unless_asked_for(
    client: Client, worked: Worked, fmt: str
) -> None:
    default = download(client, worked.article_id, fmt).data
    asked = download(client, worked.article_id, fmt, queries="1").data

    assert len(notes_of(fmt, default)) == 1
    assert CITATION_BODY in file_text(fmt, default)
    assert QUERY_BODY not in file_text(fmt, default)
    assert len(notes_of(fmt, asked)) == 2
    assert QUERY_BODY in file_text(fmt, asked)
    if fmt in ("html", "docx", "docx-en", "md", "txt", "json"):
        # Only the note goes: the paragraph and its English stay as they are.
        assert english_of(fmt, default) == english_of(fmt, asked)


def test_note_numbers_are_counted_again_without_the_queries(client: Client, worked: Worked) -> None:
    # A query on paragraph 1, before the citation: with the queries, the citation is note 2.
    add_note(client, worked.pid(1), "query", "Is “open courtship” too strong?")
    citation = f"Source citation: “板門店” — {CITATION_BODY} (<{CITATION_URL}>, read on 2025-10-30)"

    default = md_notes(download(client, worked.article_id, "md").data)
    asked = md_notes(download(client, worked.article_id, "md", queries="1").data)

    assert default == [f"[^1]: {citation} — Ada Admin"]
    assert asked == [
        "[^1]: Query: Is “open courtship” too strong? — Ada Admin",
        f"[^2]: {citation} — Ada Admin",
        f"[^3]: {QUERY}",
    ]
    # The marker on the cited words carries the number of the file it is in.
    for options, number in (({}, "1"), ({"queries": "1"}, "2")):
        rows = html_rows(download(client, worked.article_id, "html", **options).data)
        marker = one(rows[2], "td.ja sup a")
        assert (marker.get_text(), marker["href"]) == (number, f"#note-{number}")
        assert (rows[0].select("td.ja sup") != []) is bool(options)
    bilingual = download(client, worked.article_id, "txt-bilingual").data
    assert txt_notes(bilingual) == [f"[1] {CITATION}"]
    assert txt_parts(bilingual)[0][3].split("\n")[0] == SOURCES[2].replace("板門店", "板門店[1]")


@pytest.mark.parametrize(
    ("query", "included"),
    [
        ("queries=0&queries=1", True),  # the hidden default, then the ticked box
        ("queries=0", False),  # the box unticked
        ("queries=1", True),
        ("queries=1&queries=0", False),  # the last value wins
        ("", False),
    ],
)
def test_the_ticked_queries_box_wins_over_its_hidden_default(
    client: Client, worked: Worked, query: str, included: bool
) -> None:
    response = client.get(f"/articles/{worked.article_id}/export/json?{query}")
    assert response.status_code == 200
    expected = [CITATION_BODY, QUERY_BODY] if included else [CITATION_BODY]
    assert notes_of("json", response.data) == expected
    assert json.loads(response.data)["options"]["queries"] is included
    preview = client.get(f"/articles/{worked.article_id}/export/preview?{query}")
    assert (QUERY in "".join(html_notes(preview.data))) is included


# ---------------------------------------------------------------- the export page


def test_the_page_warns_about_untranslated_paragraphs_and_open_queries(
    client: Client, worked: Worked
) -> None:
    soup = export_page(client, worked.article_id)

    # The abridged translations of the fixture also fail QA checks (length, numbers):
    # that warning has its own tests below.
    items = [i for i in warning_items(soup) if "failing-checks" not in i["class"]]
    assert len(items) == 2
    untranslated, queries = items
    assert one(untranslated, "strong").get_text() == "⚠ 9 untranslated paragraphs"
    assert row_links(untranslated) == [
        (f"p-{worked.pid(p)}", str(p)) for p in UNTRANSLATED_POSITIONS
    ]
    for a in untranslated.select("a"):
        assert str(a["href"]).startswith(f"/articles/{worked.article_id}#")
    assert one(queries, "strong").get_text() == "? 1 paragraph with open queries"
    assert row_links(queries) == [(f"p-{worked.pid(5)}", "5")]
    show = [a for a in queries.select("a") if a.get_text() == "show them"]
    assert show and show[0]["href"] == f"/articles/{worked.article_id}?only=queries"
    assert soup.select(".all-clear") == []
    # The query is warned about though the export leaves it out by default.
    count = one(soup, ".export-count").get_text(" ", strip=True)
    assert count == "14 of 14 paragraphs will be exported, with 1 note."
    asked = export_page(client, worked.article_id, queries="1")
    assert [
        one(item, "strong").get_text()
        for item in warning_items(asked)
        if "failing-checks" not in item["class"]
    ] == [
        "⚠ 9 untranslated paragraphs",
        "? 1 paragraph with open queries",
    ]
    count = one(asked, ".export-count").get_text(" ", strip=True)
    assert count == "14 of 14 paragraphs will be exported, with 2 notes."


def test_the_page_warns_about_a_translation_missing_an_approved_term(
    app: Flask, client: Client, worked: Worked
) -> None:
    save(app, client, worked.pid(3), "The 2019 meeting at the truce village came after a tweet.")

    soup = export_page(client, worked.article_id)

    failing = [i for i in warning_items(soup) if "QA checks" in i.get_text()]
    assert len(failing) == 1
    *links, qa_page = failing[0].select("a")
    assert qa_page["href"] == f"/articles/{worked.article_id}/qa"
    # Every saved paragraph of the fixture is an abridged translation (a length
    # warning); paragraph 3 also misses its approved term.
    count = len(links)
    assert one(failing[0], "strong").get_text() == f"⚠ {count} paragraphs failing QA checks"
    [link] = [a for a in links if a.get_text() == "3"]
    assert link["href"] == f"/articles/{worked.article_id}#p-{worked.pid(3)}"
    assert "板門店 should be translated as “Panmunjom”" in str(link["title"])
    data = json.loads(download(client, worked.article_id, "json").data)
    [third] = [p for p in data["paragraphs"] if p["position"] == 3]
    assert "板門店 should be translated as “Panmunjom” (approved term)." in third["problems"]


def test_open_queries_are_warned_about_even_when_notes_stay_out(
    client: Client, worked: Worked
) -> None:
    soup = export_page(client, worked.article_id, notes="0")
    assert any("open queries" in item.get_text() for item in warning_items(soup))
    count = one(soup, ".export-count").get_text(" ", strip=True)
    assert count == "14 of 14 paragraphs will be exported."


def test_the_warnings_follow_the_options(client: Client, worked: Worked) -> None:
    soup = export_page(client, worked.article_id, which="reviewed")
    # Only what the exported paragraphs (2 and 4, reviewed) have: no untranslated
    # ones, no open query (paragraph 5's); their abridged English fails QA checks.
    [failing] = warning_items(soup)
    assert "failing-checks" in failing["class"]
    assert {a.get_text() for a in failing.select("a")} - {"see them all"} <= {"2", "4"}
    assert one(soup, ".export-count").get_text(" ", strip=True) == (
        "2 of 14 paragraphs will be exported."
    )


def test_all_clear_when_everything_is_done(app: Flask, client: Client) -> None:
    add_terms(app)
    sources = ["両首脳は板門店で会った。", "会談は二時間続いた。"]
    article_id = create_article(client, sources, title="短い記事")
    first, second = paragraph_ids(app, article_id)
    save(app, client, first, "The two leaders met at Panmunjom.", "reviewed")
    save(app, client, second, "The talks lasted two hours.")

    soup = export_page(client, article_id)

    assert warning_items(soup) == []
    assert "Before you send this out" not in soup.get_text()
    clear = one(soup, ".all-clear").get_text()
    assert clear == (
        "✔ Every exported paragraph is translated, passes the QA checks and has no open query."
    )


def test_the_page_offers_every_format_with_the_options_chosen(
    client: Client, worked: Worked
) -> None:
    soup = export_page(client, worked.article_id, which="done", untranslated="omit", notes="0")

    links = soup.select("a[data-format]")
    assert sorted(str(a["data-format"]) for a in links) == sorted(FORMATS)
    for a in links:
        fmt = str(a["data-format"])
        assert a["href"] == (
            f"/articles/{worked.article_id}/export/{fmt}"
            "?which=done&untranslated=omit&notes=0&queries=0"
        )
        name = one(a.parent, ".file-name").get_text() if a.parent else ""
        assert name == f"北朝鮮「露骨な求愛」 分析.ja-en.{today()}{EXPECTED[fmt][1]}"
    iframe = one(soup, "iframe.export-preview")
    assert iframe["src"] == (
        f"/articles/{worked.article_id}/export/preview"
        "?which=done&untranslated=omit&notes=0&queries=0"
    )
    # The form shows the options chosen.
    assert one(soup, "input[name=which][value=done]").has_attr("checked")
    assert one(soup, "input[name=untranslated][value=omit]").has_attr("checked")
    assert not one(soup, "input[type=checkbox][name=notes]").has_attr("checked")
    assert not one(soup, "input[type=checkbox][name=queries]").has_attr("checked")


def test_the_queries_box_is_a_hidden_default_and_a_checkbox(client: Client, worked: Worked) -> None:
    soup = export_page(client, worked.article_id)
    form = one(soup, "form.export-options")
    fields = [(str(i["name"]), i.get("type"), str(i["value"])) for i in form.select("input")]
    at = fields.index(("queries", "hidden", "0"))
    assert fields[at + 1] == ("queries", "checkbox", "1")  # sent after it: it wins when ticked
    box = one(form, "input[type=checkbox][name=queries]")
    assert not box.has_attr("checked")
    label = box.find_parent("label")
    assert label is not None and "with the queries for the reviewer" in label.get_text()

    ticked = export_page(client, worked.article_id, queries="1")
    assert one(ticked, "input[type=checkbox][name=queries]").has_attr("checked")
    for a in ticked.select("a[data-format]"):
        assert str(a["href"]).endswith("?which=all&untranslated=mark&notes=1&queries=1")
    assert str(one(ticked, "iframe.export-preview")["src"]).endswith("&queries=1")
    json_link = str(one(ticked, "a[data-format=json]")["href"])
    assert notes_of("json", client.get(json_link).data) == [CITATION_BODY, QUERY_BODY]


def test_an_htmx_request_gets_the_panel_alone(client: Client, worked: Worked) -> None:
    url = f"/articles/{worked.article_id}/export?which=reviewed"
    fragment = client.get(url, hx=True)
    page = client.get(url)
    assert fragment.status_code == 200 and page.status_code == 200

    text = fragment.get_data(as_text=True)
    assert "<html" not in text.lower() and "<body" not in text.lower()
    soup = soup_of(fragment)
    top = [child for child in soup.children if isinstance(child, Tag)]
    assert [(t.name, t.get("id")) for t in top] == [("div", "export-panel")]
    assert soup.select("form.export-options") == []

    full = page.get_data(as_text=True)
    assert "<html" in full
    assert text.strip() in full
    assert len(soup_of(page).select("#export-panel")) == 1
    assert soup_of(page).select("form.export-options")


def test_the_preview_is_the_html_export_under_its_own_policy(
    client: Client, worked: Worked
) -> None:
    response = client.get(f"/articles/{worked.article_id}/export/preview?which=done")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Content-Disposition" not in response.headers
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response.headers["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert "script-src" not in policy
    assert policy["frame-ancestors"] == ["'self'"]
    assert len(response.headers.getlist("Content-Security-Policy")) == 1
    assert html_english(response.data) == [text for text, _ in SAVED.values()]

    page = client.get(f"/articles/{worked.article_id}/export")
    assert page.headers["X-Frame-Options"] == "DENY"  # the page itself is not framed


def test_a_japanese_title_downloads_under_its_own_name(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["両首脳は会った。"], title="北朝鮮「露骨な求愛」/分析")

    response = download(client, article_id, "html")

    header = response.headers["Content-Disposition"]
    assert header.isascii()
    kind, fallback, name = disposition(response)
    assert kind == "attachment"
    assert name == f"北朝鮮「露骨な求愛」 分析.ja-en.{today()}.html"
    assert "/" not in name
    # Clients that ignore filename* (curl -J, older tools) save under the
    # fallback: it must be plain ASCII with no separators and the right ending,
    # and name something a person can find: not empty before the language pair,
    # not starting with a space, not a hidden dot file.
    assert fallback is not None
    assert fallback.isascii()
    assert not set(fallback) & set('/\\"')
    ending = f".ja-en.{today()}.html"
    assert fallback.endswith(ending)
    stem = fallback.removesuffix(ending)
    assert stem.strip() and stem == stem.strip() and not stem.startswith("."), (
        f"ASCII fallback {fallback!r}: a name with no title that saves as a hidden file"
    )


def test_an_ascii_title_needs_no_encoded_name(client: Client) -> None:
    article_id = create_article(client, ["両首脳は会った。"], title="Trump and Kim: talks?")
    response = download(client, article_id, "md")
    _, fallback, name = disposition(response)
    assert fallback == f"Trump and Kim talks.ja-en.{today()}.md"
    assert name in (None, fallback)


# ---------------------------------------------------------------- refusals


def test_an_unknown_format_is_404(client: Client, worked: Worked) -> None:
    response = client.get(f"/articles/{worked.article_id}/export/pdf")
    assert response.status_code == 404
    assert "There is no export format" in response.get_data(as_text=True)
    assert "Content-Disposition" not in response.headers


@pytest.mark.parametrize(
    "path", ["/export", "/export/preview", "/export/html", "/export/json", "/translations"]
)
def test_an_unknown_article_is_404(client: Client, path: str) -> None:
    response = client.get(f"/articles/987654{path}")
    assert response.status_code == 404
    assert "Content-Disposition" not in response.headers


@pytest.mark.parametrize(
    "path", ["/export", "/export/preview", "/export/html", "/export/docx", "/translations"]
)
def test_a_translator_may_not_export(
    client: Client, translator_client: Client, worked: Worked, path: str
) -> None:
    response = translator_client.get(f"/articles/{worked.article_id}{path}")
    assert response.status_code == 403
    assert "Only reviewers can export articles." in response.get_data(as_text=True)
    assert "Content-Disposition" not in response.headers


def test_a_translator_may_not_take_translations_back(
    app: Flask, client: Client, translator_client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    changed = change_xliff20(data, {worked.pid(1): "Changed by Tom."})
    before = revision_count(app)
    preview = translator_client.post(
        f"/articles/{worked.article_id}/translations/preview",
        {"file": (io.BytesIO(changed), "back.xlf")},
    )
    assert preview.status_code == 403
    changes = [
        {
            "paragraph_id": worked.pid(1),
            "position": 1,
            "version": version_of(app, worked.pid(1)),
            "old": SAVED[1][0],
            "new": "Changed by Tom.",
            "confirmed": True,
            "source_differs": False,
        }
    ]
    applied = translator_client.post(
        f"/articles/{worked.article_id}/translations",
        {"changes": json.dumps(changes), "apply": [str(worked.pid(1))]},
    )
    assert applied.status_code == 403
    assert revision_count(app) == before
    assert editor_texts(client, worked.article_id)[0] == SAVED[1][0]


def test_only_reviewers_see_the_export_link_in_the_editor(
    client: Client, other_client: Client, translator_client: Client, worked: Worked
) -> None:
    export_url = f"/articles/{worked.article_id}/export"

    def export_links(who: Client) -> list[Tag]:
        page = who.get(f"/articles/{worked.article_id}")
        assert page.status_code == 200
        return [a for a in one(soup_of(page), "nav.actions").select("a") if a["href"] == export_url]

    assert export_links(translator_client) == []
    assert [a.get_text() for a in export_links(other_client)] == ["Export"]
    assert [a.get_text() for a in export_links(client)] == ["Export"]
    assert other_client.get(export_url).status_code == 200
    assert download(other_client, worked.article_id, "docx").data.startswith(b"PK")


@pytest.mark.parametrize("path", ["/export", "/export/preview", "/export/html", "/translations"])
def test_a_signed_out_visitor_is_sent_to_sign_in(
    anonymous_client: Client, worked: Worked, path: str
) -> None:
    response = anonymous_client.get(f"/articles/{worked.article_id}{path}")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")
    assert "Content-Disposition" not in response.headers
    assert SAVED[1][0].encode() not in response.data


def test_a_signed_out_download_by_htmx_is_401(anonymous_client: Client, worked: Worked) -> None:
    response = anonymous_client.get(f"/articles/{worked.article_id}/export/json", hx=True)
    assert response.status_code == 401
    assert SAVED[1][0].encode() not in response.data


# ---------------------------------------------------------------- user text stays text


SCRIPT_TEXT = '<script>alert("t")</script> & <b>bold</b> Trump met Kim.'
SCRIPT_NOTE = '<img src=x onerror=alert(1)> "quoted" & <script>alert(2)</script>'


@pytest.mark.parametrize("where", ["html", "preview"])
def test_markup_in_a_translation_or_note_comes_out_as_text(
    app: Flask, client: Client, worked: Worked, where: str
) -> None:
    save(app, client, worked.pid(1), SCRIPT_TEXT)
    add_note(client, worked.pid(1), "translator", SCRIPT_NOTE)

    if where == "html":
        data = download(client, worked.article_id, "html").data
    else:
        response = client.get(f"/articles/{worked.article_id}/export/preview")
        assert response.status_code == 200
        data = response.data
    text = data.decode("utf-8")

    soup = BeautifulSoup(text, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("b") is None
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert html_english(data)[0] == SCRIPT_TEXT
    notes = html_notes(data)
    assert SCRIPT_NOTE in notes[0]


def test_markup_in_the_title_is_escaped_on_the_page_and_in_the_export(
    client: Client,
) -> None:
    title = "<script>alert(3)</script>記事"
    article_id = create_article(client, ["両首脳は会った。"], title=title)
    page = client.get(f"/articles/{article_id}/export").get_data(as_text=True)
    assert "<script>alert(3)" not in page
    data = download(client, article_id, "html").data.decode("utf-8")
    assert "<script>" not in data
    assert one(BeautifulSoup(data, "html.parser"), "h1").get_text() == title


# ---------------------------------------------------------------- taking translations back


def revision_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Revision)) or 0)


def revisions(app: Flask, pid: int) -> list[tuple[str, str]]:
    """(origin, text) of each revision of a paragraph, oldest first."""
    with app.app_context():
        return [
            (r.origin, r.text)
            for r in db.session.scalars(
                select(Revision).where(Revision.paragraph_id == pid).order_by(Revision.id)
            )
        ]


def change_xliff20(data: bytes, targets: dict[int, str], state: str | None = None) -> bytes:
    """A translator's tool changing targets (by paragraph id) in an XLIFF 2.0 file,
    and setting their segments' state when ``state`` is given."""
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X2}}}unit"):
        pid = int(unit.get("id", "p0")[1:])
        if pid not in targets:
            continue
        segment = unit.find(f"{{{X2}}}segment")
        assert segment is not None
        target = segment.find(f"{{{X2}}}target")
        if target is None:
            target = etree.SubElement(segment, f"{{{X2}}}target")
        target.text = targets[pid]
        if state is not None:
            segment.set("state", state)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def change_xliff12(data: bytes, targets: dict[int, str]) -> bytes:
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X12}}}trans-unit"):
        pid = int(unit.get("id", "p0")[1:])
        if pid in targets:
            target = unit.find(f"{{{X12}}}target")
            assert target is not None
            target.text = targets[pid]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def change_tmx(data: bytes, targets: dict[int, str]) -> bytes:
    root = etree.fromstring(data)
    for tu in root.iter("tu"):
        pid = int(tu.get("tuid", "p0")[1:])
        if pid in targets:
            [seg] = [tuv.find("seg") for tuv in tu.iter("tuv") if tuv.get(XML_LANG) == "en"]
            assert seg is not None
            seg.text = targets[pid]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def upload(client: Client, article_id: int, data: bytes, name: str) -> TestResponse:
    return client.post(
        f"/articles/{article_id}/translations/preview", {"file": (io.BytesIO(data), name)}
    )


def shown_new_text(cell: Tag) -> str:
    """The text from the file as the list shows it: when shown as a word diff
    against the current text, the words without the struck-out ones."""
    copy = BeautifulSoup(str(cell), "html.parser")
    diff = copy.select_one("p.diff")
    if diff is not None:
        for removed in diff.select("del"):
            removed.decompose()
        return diff.get_text()
    return next(iter(one(copy, "td.new").strings), "").strip()


@dataclass(frozen=True)
class Listed:
    position: int
    old: str
    new: str


def listed_changes(response: TestResponse) -> tuple[list[Listed], str, list[str]]:
    """The rows of the list of changes, the hidden changes field, and the ticked ids."""
    assert response.status_code == 200, response.get_data(as_text=True)
    soup = soup_of(response)
    rows: list[Listed] = []
    for row in soup.select("table.changes tbody tr"):
        cells = row.select("td")
        old = one(row, "td.old").get_text()
        new = shown_new_text(one(row, "td.new"))
        rows.append(Listed(int(cells[1].get_text()), "" if old == "—" else old, new))
    field = one(soup, "input[name=changes]")
    ticked = [
        str(box["value"]) for box in soup.select("input[name=apply]") if box.has_attr("checked")
    ]
    return rows, str(field["value"]), ticked


def apply_changes(
    client: Client, article_id: int, changes: str, chosen: list[str]
) -> BeautifulSoup:
    response = client.post(
        f"/articles/{article_id}/translations", {"changes": changes, "apply": chosen}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return soup_of(response)


def test_the_upload_form_is_shown(client: Client, worked: Worked) -> None:
    soup = soup_of(client.get(f"/articles/{worked.article_id}/translations"))
    form = one(soup, "form[enctype='multipart/form-data']")
    assert form["action"] == f"/articles/{worked.article_id}/translations/preview"
    assert one(form, "input[type=file]")["name"] == "file"
    page = export_page(client, worked.article_id)
    assert page.select(f"a[href='/articles/{worked.article_id}/translations']")


def test_xliff20_round_trip_applies_the_two_changes_as_imports(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    new_first = "Trump's courtship of Kim Jong Un is unusual, to say the least."
    new_sixth = "At a forum on October 28, Klingner said a meeting was very unlikely."
    changed = change_xliff20(data, {worked.pid(1): new_first, worked.pid(6): new_sixth})
    before = revision_count(app)

    rows, changes, ticked = listed_changes(upload(client, worked.article_id, changed, "back.xlf"))

    assert rows == [Listed(1, SAVED[1][0], new_first), Listed(6, "", new_sixth)]
    assert ticked == [str(worked.pid(1)), str(worked.pid(6))]
    assert revision_count(app) == before  # nothing changes before the list is applied
    assert editor_texts(client, worked.article_id)[0] == SAVED[1][0]

    done = apply_changes(client, worked.article_id, changes, ticked)

    assert one(done, "strong[data-saved]").get_text() == "2"
    texts = editor_texts(client, worked.article_id)
    assert texts[0] == new_first
    assert texts[5] == new_sixth
    assert texts[1:5] == [SAVED[p][0] for p in (2, 3, 4, 5)]
    assert revisions(app, worked.pid(1))[-1] == ("import", new_first)
    assert revisions(app, worked.pid(6)) == [("import", new_sixth)]
    assert revision_count(app) == before + 2


def test_a_paragraph_confirmed_in_the_file_counts_as_translated_afterwards(
    client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    new = "At a forum on October 28, Klingner said a meeting was very unlikely."
    changed = change_xliff20(data, {worked.pid(6): new}, state="translated")
    response = upload(client, worked.article_id, changed, "back.xlf")
    rows, changes, ticked = listed_changes(response)
    assert rows == [Listed(6, "", new)]
    assert "Marked translated in the file" in one(soup_of(response), "td.new").get_text()

    apply_changes(client, worked.article_id, changes, ticked)

    page = export_page(client, worked.article_id)
    untranslated = [i for i in warning_items(page) if "untranslated" in i.get_text()]
    assert one(untranslated[0], "strong").get_text() == "⚠ 8 untranslated paragraphs"
    assert html_english(download(client, worked.article_id, "html").data)[5] == new


def test_applying_the_same_list_twice_changes_nothing_more(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    changed = change_xliff20(data, {worked.pid(1): "Once only."})
    _, changes, ticked = listed_changes(upload(client, worked.article_id, changed, "back.xlf"))
    first = apply_changes(client, worked.article_id, changes, ticked)
    assert one(first, "strong[data-saved]").get_text() == "1"
    after_first = revision_count(app)

    again = apply_changes(client, worked.article_id, changes, ticked)  # a double submit

    assert one(again, "strong[data-saved]").get_text() == "0"
    assert "edited by someone" not in again.get_text()
    assert revision_count(app) == after_first
    assert editor_texts(client, worked.article_id)[0] == "Once only."


def test_the_list_warns_when_the_japanese_was_corrected_after_the_export(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    corrected = client.post(
        f"/paragraphs/{worked.pid(4)}/source",
        {"text": SOURCES[3] + "（訂正）", "base": "0"},
        hx=True,
    )
    assert corrected.status_code == 200
    changed = change_xliff20(data, {worked.pid(4): "Experts agree the situation has changed."})

    response = upload(client, worked.article_id, changed, "back.xlf")

    rows, _, _ = listed_changes(response)
    assert [row.position for row in rows] == [4]
    warning = one(soup_of(response), "td.new .warning").get_text()
    assert "The Japanese of this paragraph was corrected after the export." in warning


def test_markup_in_an_uploaded_target_stays_text(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    changed = change_xliff20(data, {worked.pid(1): SCRIPT_TEXT})
    response = upload(client, worked.article_id, changed, "back.xlf")
    assert not [tag for tag in soup_of(response).select("script") if "alert" in tag.get_text()]
    rows, changes, ticked = listed_changes(response)
    assert rows == [Listed(1, SAVED[1][0], SCRIPT_TEXT)]

    apply_changes(client, worked.article_id, changes, ticked)

    assert editor_texts(client, worked.article_id)[0] == SCRIPT_TEXT
    assert revisions(app, worked.pid(1))[-1] == ("import", SCRIPT_TEXT)


def test_only_the_ticked_changes_are_applied(app: Flask, client: Client, worked: Worked) -> None:
    data = download(client, worked.article_id, "xliff").data
    changed = change_xliff20(data, {worked.pid(1): "First, changed.", worked.pid(2): "Second."})
    rows, changes, _ = listed_changes(upload(client, worked.article_id, changed, "back.xlf"))
    assert [row.position for row in rows] == [1, 2]

    done = apply_changes(client, worked.article_id, changes, [str(worked.pid(2))])

    assert one(done, "strong[data-saved]").get_text() == "1"
    texts = editor_texts(client, worked.article_id)
    assert texts[:2] == [SAVED[1][0], "Second."]
    assert [origin for origin, _ in revisions(app, worked.pid(1))] == ["edit"]


def test_xliff12_round_trip(app: Flask, client: Client, worked: Worked) -> None:
    data = download(client, worked.article_id, "xliff12").data
    new = "Trump has repeatedly said he would like to meet Kim."
    changed = change_xliff12(data, {worked.pid(2): new})

    rows, changes, ticked = listed_changes(
        upload(client, worked.article_id, changed, "back.xliff12.xlf")
    )
    assert rows == [Listed(2, SAVED[2][0], new)]

    done = apply_changes(client, worked.article_id, changes, ticked)
    assert one(done, "strong[data-saved]").get_text() == "1"
    assert editor_texts(client, worked.article_id)[1] == new
    assert revisions(app, worked.pid(2))[-1] == ("import", new)


def test_tmx_round_trip(app: Flask, client: Client, worked: Worked) -> None:
    data = download(client, worked.article_id, "tmx").data
    new = "The 2019 meeting at Panmunjom happened 36 hours after the tweet."
    changed = change_tmx(data, {worked.pid(3): new})

    rows, changes, ticked = listed_changes(upload(client, worked.article_id, changed, "back.tmx"))
    assert rows == [Listed(3, SAVED[3][0], new)]

    done = apply_changes(client, worked.article_id, changes, ticked)
    assert one(done, "strong[data-saved]").get_text() == "1"
    assert editor_texts(client, worked.article_id)[2] == new
    assert revisions(app, worked.pid(3))[-1] == ("import", new)


def test_an_unchanged_file_lists_no_change(client: Client, worked: Worked) -> None:
    data = download(client, worked.article_id, "xliff").data
    response = upload(client, worked.article_id, data, "same.xlf")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select("input[name=changes]") == []
    status = one(soup, "[role=status]").get_text(" ", strip=True)
    assert status.startswith("The file holds no change: 5 translations already match")


def test_a_paragraph_edited_meanwhile_becomes_a_conflict(
    app: Flask, client: Client, other_client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    imported_first = "Imported: Trump's courtship of Kim is unusual."
    imported_second = "Imported: Trump keeps saying he wants to meet Kim."
    changed = change_xliff20(data, {worked.pid(1): imported_first, worked.pid(2): imported_second})
    rows, changes, ticked = listed_changes(upload(client, worked.article_id, changed, "back.xlf"))
    assert [row.position for row in rows] == [1, 2]

    # Rita edits paragraph 1 in the editor while the list is open.
    meanwhile = "Rita's newer words for paragraph one."
    save(app, other_client, worked.pid(1), meanwhile)

    done = apply_changes(client, worked.article_id, changes, ticked)

    assert one(done, "strong[data-saved]").get_text() == "1"
    assert "1 paragraph was edited by someone after you listed the changes" in done.get_text()
    texts = editor_texts(client, worked.article_id)
    assert texts[0] == meanwhile
    assert texts[1] == imported_second
    first_history = revisions(app, worked.pid(1))
    assert first_history[-2:] == [("edit", meanwhile), ("conflict", imported_first)]
    assert ("import", imported_first) not in first_history
    assert revisions(app, worked.pid(2))[-1] == ("import", imported_second)


def test_a_damaged_list_of_changes_is_refused(app: Flask, client: Client, worked: Worked) -> None:
    before = revision_count(app)
    response = client.post(
        f"/articles/{worked.article_id}/translations",
        {"changes": "[{not json", "apply": [str(worked.pid(1))]},
    )
    assert response.status_code == 400
    assert "damaged in transit" in response.get_data(as_text=True)
    assert revision_count(app) == before


def test_a_change_to_another_articles_paragraph_is_refused(
    app: Flask, client: Client, worked: Worked
) -> None:
    other = create_article(client, ["両首脳は会った。"], title="別の記事")
    [foreign] = paragraph_ids(app, other)
    changes = [
        {
            "paragraph_id": foreign,
            "position": 1,
            "version": 0,
            "old": "",
            "new": "Smuggled in.",
            "confirmed": True,
            "source_differs": False,
        }
    ]
    before = revision_count(app)
    response = client.post(
        f"/articles/{worked.article_id}/translations",
        {"changes": json.dumps(changes), "apply": [str(foreign)]},
    )
    assert response.status_code == 422
    error = one(soup_of(response), "p.error[role=alert]").get_text()
    assert f"names paragraph id {foreign}, which is not a paragraph of this article" in error
    assert revision_count(app) == before
    assert editor_texts(client, other) == [""]


# -- refusals: each answers 422 with a sentence and changes nothing


def _xliff_of(client: Client, article_id: int) -> bytes:
    return download(client, article_id, "xliff").data


def test_a_file_of_another_article_is_refused(app: Flask, client: Client, worked: Worked) -> None:
    other = create_article(client, ["両首脳は会った。", "会談は続いた。"], title="別の記事")
    changed = change_xliff20(_xliff_of(client, worked.article_id), {worked.pid(1): "Changed."})
    assert_refused(
        app,
        client,
        other,
        lambda: upload(client, other, changed, "back.xlf"),
        f"This file was exported from article {worked.article_id}, not from this one ({other})",
    )
    assert editor_texts(client, worked.article_id)[0] == SAVED[1][0]


def test_units_of_another_article_are_refused(app: Flask, client: Client, worked: Worked) -> None:
    other = create_article(client, ["両首脳は会った。"], title="別の記事")
    changed = change_xliff20(_xliff_of(client, worked.article_id), {worked.pid(1): "Changed."})
    # The file claims to be the other article's, but its units are this one's paragraphs.
    changed = changed.replace(
        f'id="article-{worked.article_id}"'.encode(), f'id="article-{other}"'.encode()
    )
    assert_refused(
        app,
        client,
        other,
        lambda: upload(client, other, changed, "back.xlf"),
        "This file has units that are not paragraphs of this article",
    )


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("malformed", "is not well-formed XML: the error is on line"),
        ("docx", "is a zip archive (a Word .docx, for instance)"),
        ("empty", "is empty"),
        ("html", "is an HTML page"),
        ("binary", "holds binary data"),
        ("no file", "Choose an XLIFF or TMX file exported from this article."),
    ],
)
def test_a_file_that_is_not_a_translation_is_refused(
    app: Flask, client: Client, worked: Worked, case: str, message: str
) -> None:
    article_id = worked.article_id
    xliff = change_xliff20(_xliff_of(client, article_id), {worked.pid(1): "Changed."})
    uploads: dict[str, tuple[bytes, str]] = {
        "malformed": (xliff[: len(xliff) // 2], "back.xlf"),
        "docx": (download(client, article_id, "docx").data, "translations.xlf"),
        "empty": (b"", "empty.xlf"),
        "html": (download(client, article_id, "html").data, "translations.xlf"),
        "binary": (bytes(range(256)) * 4, "blob.xlf"),
    }

    def send() -> TestResponse:
        if case == "no file":
            return client.post(f"/articles/{article_id}/translations/preview", {})
        data, name = uploads[case]
        return upload(client, article_id, data, name)

    assert_refused(app, client, article_id, send, message)


def assert_refused(
    app: Flask,
    client: Client,
    article_id: int,
    send: Callable[[], TestResponse],
    message: str,
) -> None:
    """Sending the upload answers 422 with ``message`` and changes nothing at all."""
    before_texts = editor_texts(client, article_id)
    before = revision_count(app)

    response = send()

    assert response.status_code == 422
    soup = soup_of(response)
    error = one(soup, "p.error[role=alert]").get_text()
    assert message in error, error
    assert soup.select("input[name=changes]") == []  # nothing to apply
    assert one(soup, "input[type=file][name=file]")  # the form again, to choose another file
    assert revision_count(app) == before
    assert editor_texts(client, article_id) == before_texts


# -- units without a paragraph id of the workbench


def rename_units(data: bytes, names: dict[int, str] | None = None) -> bytes:
    """A tool renumbering the units of an XLIFF 2.0 or TMX file: the units of the
    paragraphs in ``names`` get those ids, every unit when ``names`` is None."""
    root = etree.fromstring(data)
    units = [(unit, "id") for unit in root.iter(f"{{{X2}}}unit")]
    units += [(tu, "tuid") for tu in root.iter("tu")]
    for number, (unit, attribute) in enumerate(units, 1):
        pid = int(unit.get(attribute, "p0")[1:])
        if names is None:
            unit.set(attribute, f"seg-{number}")
        elif pid in names:
            unit.set(attribute, names[pid])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(("fmt", "units"), [("xliff", 14), ("tmx", 5)])
def test_a_file_without_paragraph_ids_is_refused_with_its_count_of_units(
    app: Flask, client: Client, worked: Worked, fmt: str, units: int
) -> None:
    data = download(client, worked.article_id, fmt).data
    renumbered = rename_units(data)
    root = etree.fromstring(renumbered)
    ids = [unit.get("id") or unit.get("tuid") for unit in root.iter(f"{{{X2}}}unit", "tu")]
    assert len(ids) == units and not [i for i in ids if re.fullmatch(r"p\d+", str(i))]
    name = f"back.{'xlf' if fmt == 'xliff' else 'tmx'}"

    assert_refused(
        app,
        client,
        worked.article_id,
        lambda: upload(client, worked.article_id, renumbered, name),
        f"None of the file's {units} units has a paragraph id of this workbench (p1, p2, …)",
    )
    response = upload(client, worked.article_id, renumbered, name)
    error = one(soup_of(response), "p.error[role=alert]").get_text()
    assert "Export the article again and translate that." in error


def test_a_single_unit_without_a_paragraph_id_is_one_unit(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["両首脳は会った。"], title="短い記事")
    [pid] = paragraph_ids(app, article_id)
    save(app, client, pid, "The two leaders met.")
    renumbered = rename_units(download(client, article_id, "xliff").data)

    assert_refused(
        app,
        client,
        article_id,
        lambda: upload(client, article_id, renumbered, "back.xlf"),
        "None of the file's 1 unit has a paragraph id of this workbench",
    )


def test_units_without_a_paragraph_id_are_left_alone_and_counted(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    new_first = "Trump's courtship of Kim Jong Un is unusual."
    changed = change_xliff20(data, {worked.pid(1): new_first, worked.pid(6): "Not to be taken."})
    changed = rename_units(changed, {worked.pid(6): "intro"})

    response = upload(client, worked.article_id, changed, "back.xlf")

    rows, changes, ticked = listed_changes(response)
    assert rows == [Listed(1, SAVED[1][0], new_first)]
    status = one(soup_of(response), "form [role=status]").get_text(" ", strip=True)
    assert status.startswith(
        "1 change in back.xlf ; 4 unchanged; 1 unit without a paragraph id left alone."
    )
    done = apply_changes(client, worked.article_id, changes, ticked)
    assert one(done, "strong[data-saved]").get_text() == "1"
    texts = editor_texts(client, worked.article_id)
    assert texts[0] == new_first
    assert texts[5] == ""
    assert revisions(app, worked.pid(6)) == []


@pytest.mark.parametrize(
    ("renamed", "sentence"),
    [
        ([6], "and 1 unit without a paragraph id was left alone."),
        ([6, 7], "and 2 units without a paragraph id were left alone."),
    ],
)
def test_a_file_without_changes_says_how_many_units_were_left_alone(
    client: Client, worked: Worked, renamed: list[int], sentence: str
) -> None:
    data = download(client, worked.article_id, "xliff").data
    changed = rename_units(data, {worked.pid(p): f"extra-{p}" for p in renamed})

    response = upload(client, worked.article_id, changed, "same.xlf")

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select("input[name=changes]") == []
    status = one(soup, "[role=status]").get_text(" ", strip=True)
    assert status == f"The file holds no change: 5 translations already match, {sentence}"


# -- a file exported before a paragraph was edited: never silently puts older words back

MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NEWER = "Trump's open courtship of Kim Jong Un, edited after the export."
FILE_NAMES = {"xliff": "back.xlf", "xliff12": "back.xliff12.xlf", "tmx": "back.tmx"}
CHANGERS: dict[str, Callable[[bytes, dict[int, str]], bytes]] = {
    "xliff": change_xliff20,
    "xliff12": change_xliff12,
    "tmx": change_tmx,
}


@dataclass(frozen=True)
class Row:
    """One row of the list of changes as a reviewer reads it."""

    position: int
    now: str
    from_file: str
    ticked: bool
    warnings: str


def listed_rows(response: TestResponse) -> list[Row]:
    assert response.status_code == 200, response.get_data(as_text=True)
    found: list[Row] = []
    for row in soup_of(response).select("table.changes tbody tr"):
        box = one(row, "input[name=apply]")
        old = one(row, "td.old").get_text()
        found.append(
            Row(
                position=int(row.select("td")[1].get_text()),
                now="" if old == "—" else old,
                from_file=shown_new_text(one(row, "td.new")),
                ticked=box.has_attr("checked"),
                warnings=" ".join(w.get_text(" ", strip=True) for w in row.select(".warning")),
            )
        )
    return found


def ticked_ids(response: TestResponse) -> list[str]:
    return listed_changes(response)[2]


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tmx"])
def test_a_unit_whose_paragraph_was_edited_after_the_export_is_a_conflict_left_unticked(
    app: Flask, client: Client, worked: Worked, fmt: str
) -> None:
    data = download(client, worked.article_id, fmt).data
    # Paragraph 1 is edited in the editor after the file went out; paragraph 3 is not.
    save(app, client, worked.pid(1), NEWER)
    from_file = "Trump's courtship of Kim, as the translator's tool has it."
    better = "The 2019 meeting at Panmunjom came 36 hours after the tweet."
    changed = CHANGERS[fmt](data, {worked.pid(1): from_file, worked.pid(3): better})

    response = upload(client, worked.article_id, changed, FILE_NAMES[fmt])

    rows = listed_rows(response)
    assert [(r.position, r.now, r.from_file, r.ticked) for r in rows] == [
        (1, NEWER, from_file, False),
        (3, SAVED[3][0], better, True),
    ]
    assert "Edited here after this file was exported" in rows[0].warnings
    assert "they stay in the paragraph's history" in rows[0].warnings
    assert rows[1].warnings == ""
    status = one(soup_of(response), "form [role=status]").get_text(" ", strip=True)
    assert "1 of them conflicts with an edit made after the export and is not ticked" in status

    _, changes, ticked = listed_changes(response)
    done = apply_changes(client, worked.article_id, changes, ticked)

    assert one(done, "strong[data-saved]").get_text() == "1"
    texts = editor_texts(client, worked.article_id)
    assert texts[0] == NEWER  # the later edit is kept
    assert texts[2] == better
    assert [origin for origin, _ in revisions(app, worked.pid(1))] == ["edit", "edit"]


def test_a_stale_file_left_as_exported_does_not_offer_to_put_the_older_words_back(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    save(app, client, worked.pid(1), NEWER)
    before = revision_count(app)

    # The file comes back untouched: its paragraph 1 is the text before the edit.
    response = upload(client, worked.article_id, data, "back.xlf")

    [row] = listed_rows(response)
    assert (row.position, row.now, row.from_file, row.ticked) == (1, NEWER, SAVED[1][0], False)
    assert "The file still has the words as they were exported" in row.warnings
    _, changes, ticked = listed_changes(response)
    assert ticked == []

    done = apply_changes(client, worked.article_id, changes, ticked)

    assert one(done, "strong[data-saved]").get_text() == "0"
    assert editor_texts(client, worked.article_id)[0] == NEWER
    assert revision_count(app) == before


def test_a_conflict_ticked_on_purpose_is_applied_and_the_newer_words_stay_in_the_history(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = download(client, worked.article_id, "xliff").data
    save(app, client, worked.pid(1), NEWER)
    from_file = "The translator's words, chosen over the later edit."
    changed = change_xliff20(data, {worked.pid(1): from_file})
    _, changes, ticked = listed_changes(upload(client, worked.article_id, changed, "back.xlf"))
    assert ticked == []

    done = apply_changes(client, worked.article_id, changes, [str(worked.pid(1))])

    assert one(done, "strong[data-saved]").get_text() == "1"
    assert "replaced words edited after the export" in done.get_text()
    assert editor_texts(client, worked.article_id)[0] == from_file
    assert revisions(app, worked.pid(1)) == [
        ("edit", SAVED[1][0]),
        ("edit", NEWER),
        ("import", from_file),
    ]


def strip_versions(data: bytes, *, time: bool = False) -> bytes:
    """The file as an older export wrote it (no versions), or also without its export
    time (``time``), as some tools leave it."""
    root = etree.fromstring(data)
    doomed = list(root.iter(f"{{{MDA}}}metadata", f"{{{X12}}}context-group"))
    doomed += [p for p in root.iter("prop") if p.get("type") == "x-paragraph-version"]
    if time:
        doomed += [n for n in root.iter(f"{{{X2}}}note") if n.get("category") == "exported"]
        for element in root.iter(f"{{{X12}}}file", "header"):
            element.attrib.pop("date", None)
            element.attrib.pop("creationdate", None)
    for element in doomed:
        element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def backdate_saves(app: Flask, minutes: int = 5) -> None:
    """Move every save into the past, as when the work was done a while before the
    export (a TMX header gives the export time to the second only)."""
    with app.app_context():
        for revision in db.session.scalars(select(Revision)):
            revision.created_at = revision.created_at - timedelta(minutes=minutes)
        db.session.commit()


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tmx"])
def test_a_file_without_versions_is_judged_by_its_export_time(
    app: Flask, client: Client, worked: Worked, fmt: str
) -> None:
    backdate_saves(app)
    data = strip_versions(download(client, worked.article_id, fmt).data)
    save(app, client, worked.pid(1), NEWER)
    changed = CHANGERS[fmt](data, {worked.pid(1): "Older file, first.", worked.pid(3): "Third."})

    rows = listed_rows(upload(client, worked.article_id, changed, FILE_NAMES[fmt]))

    assert [(r.position, r.ticked) for r in rows] == [(1, False), (3, True)]
    assert "Edited here after this file was exported" in rows[0].warnings
    assert rows[1].warnings == ""


def test_a_file_without_versions_or_export_time_ticks_only_what_was_never_saved(
    app: Flask, client: Client, worked: Worked
) -> None:
    data = strip_versions(download(client, worked.article_id, "xliff").data, time=True)
    changed = change_xliff20(data, {worked.pid(1): "First, changed.", worked.pid(6): "Sixth."})

    response = upload(client, worked.article_id, changed, "back.xlf")

    rows = listed_rows(response)
    # Paragraph 1 was saved at some time, perhaps after the file was made; 6 never was.
    assert [(r.position, r.ticked) for r in rows] == [(1, False), (6, True)]
    assert "The file does not say which version" in rows[0].warnings
    assert rows[1].warnings == ""


# -- applying: all or nothing, and every number of the request checked


def listing(client: Client, worked: Worked) -> list[dict[str, object]]:
    """The list of changes of a file with new words for paragraphs 1 and 6."""
    data = download(client, worked.article_id, "xliff").data
    changed = change_xliff20(data, {worked.pid(1): "First, taken back.", worked.pid(6): "Sixth."})
    _, changes, ticked = listed_changes(upload(client, worked.article_id, changed, "back.xlf"))
    assert ticked == [str(worked.pid(1)), str(worked.pid(6))]
    return json.loads(changes)


@pytest.mark.parametrize(
    ("bad", "sentence"),
    [
        ({"new": "x" * 50_001}, "Paragraph 6: This translation is 50,001 characters long"),
        ({"new": "Sixth\x00."}, "Paragraph 6: The translation contains a NUL character"),
        ({"new": "   "}, "Paragraph 6: the text from the file is empty"),
        ({"paragraph_id": "foreign"}, "is not a paragraph of this article"),
    ],
    ids=["too-long", "nul", "empty", "other-article"],
)
def test_one_bad_change_among_good_ones_stores_nothing(
    app: Flask, client: Client, worked: Worked, bad: dict[str, object], sentence: str
) -> None:
    changes = listing(client, worked)
    if bad.get("paragraph_id") == "foreign":
        other = create_article(client, ["両首脳は会った。"], title="別の記事")
        [foreign] = paragraph_ids(app, other)
        bad = {"paragraph_id": foreign, "position": 1, "version": 0, "old": ""}
    changes[1].update(bad)
    chosen = [str(change["paragraph_id"]) for change in changes]
    before_texts = editor_texts(client, worked.article_id)
    before = revision_count(app)

    response = client.post(
        f"/articles/{worked.article_id}/translations",
        {"changes": json.dumps(changes), "apply": chosen},
    )

    assert response.status_code == 422
    error = one(soup_of(response), "p.error[role=alert]").get_text()
    assert sentence in error, error
    assert "Nothing was stored" in error
    assert one(soup_of(response), "input[type=file][name=file]")  # choose the file again
    assert revision_count(app) == before
    assert editor_texts(client, worked.article_id) == before_texts


@pytest.mark.parametrize("field", ["paragraph_id", "version", "position"])
@pytest.mark.parametrize("value", [2**63, 2**31, -1, "12abc", 1.5, None])
def test_a_number_of_the_list_that_is_no_id_is_refused_with_a_sentence(
    app: Flask, client: Client, worked: Worked, field: str, value: object
) -> None:
    changes = listing(client, worked)
    changes[0][field] = value
    before = revision_count(app)

    response = client.post(
        f"/articles/{worked.article_id}/translations",
        {"changes": json.dumps(changes), "apply": [str(worked.pid(1)), str(worked.pid(6))]},
    )

    assert response.status_code == 400
    text = soup_of(response).get_text(" ", strip=True)
    assert "The list of changes was damaged in transit" in text
    assert "nothing was stored" in text
    assert revision_count(app) == before
    assert editor_texts(client, worked.article_id)[0] == SAVED[1][0]
