"""Reading exports back as a reader's tool would: the export page, each file
format's English, notes and units, with the library a reader would use."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import unquote

import docx
from bs4 import BeautifulSoup, Tag
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from flask import Flask
from lxml import etree
from translate.storage.tmx import tmxfile
from translate.storage.xliff import Xliff1File
from translate.storage.xliff2 import Xliff2File
from werkzeug.test import TestResponse

from tests.support.client import Client
from workbench.articles.models import Paragraph
from workbench.extensions import db

MARK = "[Untranslated]"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def version_of(app: Flask, pid: int) -> int:
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.version


def soup_of(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def editor_texts(client: Client, article_id: int) -> list[str]:
    """The translation in each row of the editor, top to bottom."""
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    rows = soup_of(page).select("div.row")
    return [one(row, "textarea[name=text]").get_text() for row in rows]


def shown_english(texts: list[str]) -> list[str]:
    """What the English column of a print export holds by default (untranslated marked)."""
    return [text if text else MARK for text in texts]


def download(client: Client, article_id: int, fmt: str, **options: str) -> TestResponse:
    response = client.get(f"/articles/{article_id}/export/{fmt}", query_string=options)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def disposition(response: TestResponse) -> tuple[str, str | None, str | None]:
    """(kind, filename fallback, decoded filename*) from Content-Disposition."""
    header = response.headers["Content-Disposition"]
    kind = header.split(";", 1)[0].strip()
    fallback = re.search(r'(?:^|;)\s*filename="([^"]*)"', header) or re.search(
        r"(?:^|;)\s*filename=([^;\"]+)", header
    )
    star = re.search(r"(?:^|;)\s*filename\*=UTF-8''([^;]+)", header, re.IGNORECASE)
    return (
        kind,
        fallback.group(1) if fallback else None,
        unquote(star.group(1).strip(), encoding="utf-8") if star else None,
    )


def shown_name(response: TestResponse) -> str:
    """The file name a modern browser saves the download as."""
    _, fallback, star = disposition(response)
    name = star or fallback
    assert name is not None, response.headers["Content-Disposition"]
    return name


_MD_ESCAPE = re.compile(r"\\(.)")
_MD_MARKERS = re.compile(r"(\[\^\d+\])+$")
# The note numbers (" [1][2]") after a paragraph's English in a print export.
MARKERS = re.compile(r"( ?\[\d+\])+$")


def html_rows(data: bytes) -> list[Tag]:
    return BeautifulSoup(data.decode("utf-8"), "html.parser").select("table.parallel tbody tr")


def html_english(data: bytes) -> list[str]:
    return [one(row, "td.en").get_text() for row in html_rows(data)]


def html_notes(data: bytes) -> list[str]:
    soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
    return [item.get_text() for item in soup.select("section.notes ol > li")]


def load_docx(data: bytes) -> DocxDocument:
    assert data.startswith(b"PK")
    return docx.Document(io.BytesIO(data))


def docx_paragraph_texts(document: DocxDocument) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def docx_notes(document: DocxDocument) -> list[str]:
    texts = docx_paragraph_texts(document)
    if "Notes" not in texts:
        return []
    after = texts[texts.index("Notes") + 1 :]
    if "Glossary" in after:
        after = after[: after.index("Glossary")]
    return after


def docx_english(data: bytes, fmt: str) -> list[str]:
    document = load_docx(data)
    if fmt == "docx":
        rows = document.tables[0].rows[1:]
        return [MARKERS.sub("", row.cells[1].text) for row in rows]
    texts = docx_paragraph_texts(document)
    start = next(i for i, text in enumerate(texts) if text.startswith("Exported: ")) + 1
    end = texts.index("Notes") if "Notes" in texts else len(texts)
    return [MARKERS.sub("", text) for text in texts[start:end]]


def docx_commented(document: DocxDocument) -> dict[int, str]:
    """The words each comment covers, by comment id."""
    active: set[int] = set()
    covered: dict[int, str] = {}
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            active.add(int(element.get(qn("w:id"))))
        elif element.tag == qn("w:commentRangeEnd"):
            active.discard(int(element.get(qn("w:id"))))
        elif element.tag == qn("w:t"):
            for comment_id in active:
                covered[comment_id] = covered.get(comment_id, "") + (element.text or "")
    return covered


def md_blocks(data: bytes) -> list[str]:
    return data.decode("utf-8").rstrip("\n").split("\n\n")


def md_unescape(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text)


def md_english(data: bytes, bilingual: bool) -> list[str]:
    blocks = md_blocks(data)[2:]  # the title and the line of metadata come first
    blocks = [b for b in blocks if not b.startswith(("[^", "## Glossary", "| ", "    - "))]
    if bilingual:
        assert all(b.startswith("> ") for b in blocks[0::2]), blocks
        blocks = blocks[1::2]
    return [md_unescape(_MD_MARKERS.sub("", block)) for block in blocks]


def md_notes(data: bytes) -> list[str]:
    return [md_unescape(b) for b in md_blocks(data) if b.startswith("[^")]


def txt_parts(data: bytes) -> tuple[list[str], str]:
    """The text's blocks before its Notes, and what follows the Notes heading."""
    text = data.decode("utf-8")
    body, _, rest = text.partition("\n\nNotes\n\n")
    return body.split("\n\n"), rest


def txt_english(data: bytes, bilingual: bool) -> list[str]:
    blocks, _ = txt_parts(data)
    blocks = blocks[1:]  # the header
    if bilingual:
        # The last block ends the file with its newline when no Notes follow.
        blocks = [
            block.rstrip("\n").split("\n")[-1]
            for block in blocks
            if not block.startswith("Glossary")
        ]
    return [MARKERS.sub("", block.strip()) for block in blocks]


def txt_notes(data: bytes) -> list[str]:
    _, rest = txt_parts(data)
    return [line for line in rest.split("\n") if re.match(r"\[\d+\] ", line)]


def xliff20_units(data: bytes) -> list[tuple[str, str, str]]:
    """(id, source, target) of each unit, through translate-toolkit."""
    store = Xliff2File.parsestring(data)
    return [(unit.getid(), unit.source or "", unit.target or "") for unit in store.units]


def xliff20_notes(data: bytes) -> dict[str, list[str]]:
    root = etree.fromstring(data)
    return {
        unit.get("id"): [note.text or "" for note in unit.iterfind(f"{{{X2}}}notes/{{{X2}}}note")]
        for unit in root.iter(f"{{{X2}}}unit")
    }


def xliff12_units(data: bytes) -> list[tuple[str, str, str, str]]:
    """(id, source, target, notes) of each trans-unit."""
    store: Xliff1File = Xliff1File(io.BytesIO(data))
    return [
        (unit.xmlelement.get("id") or "", unit.source or "", unit.target or "", unit.getnotes())
        for unit in store.units
    ]


def tmx_units(data: bytes) -> list[tuple[str, str, str, str]]:
    """(tuid, source, target, notes) of each translation unit."""
    store = tmxfile(io.BytesIO(data))
    return [
        (unit.xmlelement.get("tuid") or "", unit.source or "", unit.target or "", unit.getnotes())
        for unit in store.units
    ]


def english_of(fmt: str, data: bytes) -> list[str]:
    """The English a reader of the file sees, paragraph by paragraph."""
    if fmt == "html":
        return html_english(data)
    if fmt in ("docx", "docx-en"):
        return docx_english(data, fmt)
    if fmt in ("md", "md-bilingual"):
        return md_english(data, fmt == "md-bilingual")
    if fmt in ("txt", "txt-bilingual"):
        return txt_english(data, fmt == "txt-bilingual")
    if fmt == "json":
        return [p["shown_target"] for p in json.loads(data)["paragraphs"]]
    raise AssertionError(fmt)


def notes_of(fmt: str, data: bytes) -> list[str]:
    """Every note's text in the file, in the document's order."""
    if fmt == "html":
        return html_notes(data)
    if fmt in ("docx", "docx-en"):
        return docx_notes(load_docx(data))
    if fmt in ("md", "md-bilingual"):
        return md_notes(data)
    if fmt in ("txt", "txt-bilingual"):
        return txt_notes(data)
    if fmt == "xliff":
        return [text for texts in xliff20_notes(data).values() for text in texts]
    if fmt == "xliff12":
        return [notes for *_, notes in xliff12_units(data) if notes]
    if fmt == "tmx":
        return [notes for *_, notes in tmx_units(data) if notes]
    if fmt == "json":
        paragraphs = json.loads(data)["paragraphs"]
        return [note["body"] for p in paragraphs for note in p["notes"]]
    raise AssertionError(fmt)


def export_page(client: Client, article_id: int, **options: str) -> BeautifulSoup:
    response = client.get(f"/articles/{article_id}/export", query_string=options)
    assert response.status_code == 200
    return soup_of(response)


def warning_items(soup: BeautifulSoup) -> list[Tag]:
    return soup.select(".export-warnings li.warning")


def row_links(item: Tag) -> list[tuple[str, str]]:
    return [
        (str(a["href"]).rsplit("#", 1)[1], a.get_text())
        for a in item.select("a")
        if "#" in str(a["href"])
    ]
