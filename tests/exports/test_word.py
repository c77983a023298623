"""Word exports, read back with python-docx: heading, table, comments, notes, glossary."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from workbench.exports.document import (
    UNTRANSLATED_MARK,
    ExportDocument,
    ExportNote,
    ExportOptions,
    ExportParagraph,
    ExportReply,
    ExportTerm,
    apply_options,
)
from workbench.exports.footnotes import note_text
from workbench.exports.word import DocxBilingualExporter, DocxEnglishExporter

SCRIPT = "<script>alert(1)</script>"
SOURCE_1 = "板門店で南北の会談が開かれた。"
TARGET_1 = "Talks between the two Koreas were held at Panmunjom."
# "\x0b" and "\x01" cannot be written to XML; the export drops them.
SOURCE_2 = f"{SCRIPT}と書かれていた\x0b。"
TARGET_2 = f"It said {SCRIPT}.\x01"
SOURCE_3 = "まだ訳していない段落。"
WHEN = datetime(2024, 5, 1, 9, 30)


def note(number: int, **fields: object) -> ExportNote:
    values: dict[str, object] = {
        "id": 100 + number,
        "number": number,
        "kind": "explanation",
        "body": f"Body {number}",
        "url": None,
        "read_on": None,
        "status": "open",
        "author": "Aki Tanaka",
        "created_at": WHEN,
        "exact": "",
        "prefix": "",
        "suffix": "",
        "start": 0,
        "end": 0,
    }
    values.update(fields)
    return ExportNote(**values)  # type: ignore[arg-type]


def sample(*, queries: bool = False, **fields: object) -> ExportDocument:
    """Three paragraphs; notes 1-3 on the first, a detached query (4) on the second."""
    panmunjom = ExportTerm("板門店", "Panmunjom", "place", reading="はんもんてん")
    koreas = ExportTerm("南北", "the two Koreas", "term", reading="なんぼく")
    first = ExportParagraph(
        id=11,
        position=1,
        source=SOURCE_1,
        target=TARGET_1,
        status="reviewed",
        notes=(
            note(
                1,
                kind="source",
                body="The truce village on the border",
                url="https://example.org/panmunjom",
                read_on=date(2024, 4, 30),
                exact="板門店",
                suffix="で南北",
                start=0,
                end=3,
            ),
            # Overlaps the first quote: Word comments may overlap.
            note(2, exact="店で南北", prefix="板門", suffix="の会談", start=2, end=6),
            note(3, kind="translator", body="Whole paragraph note", status="resolved"),
        ),
        terms=(panmunjom, koreas),
    )
    second = ExportParagraph(
        id=12,
        position=2,
        source=SOURCE_2,
        target=TARGET_2,
        status="translated",
        notes=(
            note(
                4,
                kind="query",
                body=f"Is {SCRIPT} quoted right?",
                exact="古い引用",
                start=3,
                end=7,
                detached=True,
                replies=(ExportReply("Ben", datetime(2024, 5, 2, 8, 0), "Yes, it is."),),
            ),
        ),
    )
    third = ExportParagraph(id=13, position=3, source=SOURCE_3, target="", status="new")
    values: dict[str, object] = {
        "article_id": 7,
        "title": f"南北会談 {SCRIPT}",
        "source_lang": "ja",
        "target_lang": "en",
        "source_url": "https://example.org/news?id=1&x=2",
        "byline": "共同通信",
        "imported_at": datetime(2024, 4, 30, 12, 0),
        "exported_at": datetime(2024, 5, 3, 15, 45),
        "paragraphs": (first, second, third),
    }
    values.update(fields)
    return apply_options(ExportDocument(**values), ExportOptions(queries=queries))  # type: ignore[arg-type]


def load(data: bytes) -> DocxDocument:
    assert data.startswith(b"PK")
    return docx.Document(io.BytesIO(data))


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def anchored(document: DocxDocument) -> dict[int, str]:
    """The text each comment covers, by comment id, walking the body in order."""
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


def paragraphs_after(document: DocxDocument, heading: str) -> list[str]:
    found = [p.text for p in document.paragraphs]
    return found[found.index(heading) + 1 :]


def languages(paragraph: Paragraph) -> set[tuple[str | None, str | None]]:
    """(language, East Asian font) of each text run, leaving out comment references."""
    seen = set()
    for run in paragraph.runs:
        if run._r.find(qn("w:commentReference")) is not None:
            continue
        lang = run._r.rPr.find(qn("w:lang"))
        fonts = run._r.rPr.find(qn("w:rFonts"))
        east_asia = fonts.get(qn("w:eastAsia")) if fonts is not None else None
        seen.add((lang.get(qn("w:val")), east_asia))
    return seen


def test_names() -> None:
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (DocxBilingualExporter.name, DocxBilingualExporter.extension) == ("docx", "docx")
    assert DocxBilingualExporter.label == "Word (bilingual table)"
    assert (DocxEnglishExporter.name, DocxEnglishExporter.extension) == ("docx-en", "docx")
    assert DocxEnglishExporter.label == "Word (English only)"
    assert DocxBilingualExporter.media_type == DocxEnglishExporter.media_type == media


@pytest.mark.parametrize("exporter", [DocxBilingualExporter(), DocxEnglishExporter()])
def test_heading(exporter: DocxBilingualExporter | DocxEnglishExporter) -> None:
    out = load(exporter.render(sample()))
    paragraphs = out.paragraphs
    assert paragraphs[0].style.name == "Title"
    # Markup from users is text in Word, kept exactly as typed.
    assert paragraphs[0].text == f"南北会談 {SCRIPT}"
    assert [p.text for p in paragraphs[1:5]] == [
        "Source: https://example.org/news?id=1&x=2",
        "Byline: 共同通信",
        "Languages: Japanese → English",
        "Exported: 2024-05-03",
    ]
    (link,) = paragraphs[1].hyperlinks
    assert link.address == "https://example.org/news?id=1&x=2"
    assert link.text == "https://example.org/news?id=1&x=2"
    assert out.core_properties.title == f"南北会談 {SCRIPT}"


def test_heading_without_url_or_byline_and_unsafe_url() -> None:
    out = load(DocxBilingualExporter().render(sample(source_url=None, byline=None)))
    assert [p.text for p in out.paragraphs[1:3]] == [
        "Languages: Japanese → English",
        "Exported: 2024-05-03",
    ]
    out = load(DocxBilingualExporter().render(sample(source_url="javascript:alert(1)")))
    assert out.paragraphs[1].text == "Source: javascript:alert(1)"
    assert out.paragraphs[1].hyperlinks == []


def test_bilingual_table() -> None:
    out = load(DocxBilingualExporter().render(sample(queries=True)))
    section = out.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height

    table = out.tables[0]
    assert texts(table) == [
        ["Japanese", "English"],
        [SOURCE_1, f"{TARGET_1} [1] [2] [3]"],
        [f"{SCRIPT}と書かれていた。", f"It said {SCRIPT}. [4]"],
        [SOURCE_3, UNTRANSLATED_MARK],
    ]
    # The header row repeats on every page.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    japanese = table.rows[1].cells[0].paragraphs[0]
    english = table.rows[1].cells[1].paragraphs[0]
    assert languages(japanese) == {("ja-JP", "Yu Gothic")}
    assert {lang for lang, _ in languages(english)} == {"en-US"}

    mark = table.rows[3].cells[1].paragraphs[0].runs[0]
    assert mark.text == UNTRANSLATED_MARK
    assert mark.italic is True
    assert table.rows[1].cells[1].paragraphs[0].runs[0].italic is None


def test_comments_cover_the_quotes() -> None:
    out = load(DocxBilingualExporter().render(sample(queries=True)))
    comments = list(out.comments)
    assert len(comments) == 4
    covered = anchored(out)
    by_text = {comment.paragraphs[0].text: comment for comment in comments}
    notes = sample(queries=True).notes

    first, overlapping, whole, detached = (by_text[note_text(n)] for n in notes)
    assert covered[first.comment_id] == "板門店"
    assert covered[overlapping.comment_id] == "店で南北"
    assert covered[whole.comment_id] == SOURCE_1
    # A detached note cannot show its old quote: it covers the whole cell.
    assert covered[detached.comment_id] == f"{SCRIPT}と書かれていた。"

    assert first.text == (
        "Source citation: “板門店” — The truce village on the border "
        "(https://example.org/panmunjom, read on 2024-04-30) — Aki Tanaka"
    )
    assert whole.text.endswith("(resolved)")
    assert detached.text == (
        f"Query: “古い引用” — Is {SCRIPT} quoted right? — Aki Tanaka "
        "(detached: the quoted words are no longer in the source)\n"
        "Ben (2024-05-02): Yes, it is."
    )
    assert [p.text for p in detached.paragraphs][1:] == ["Ben (2024-05-02): Yes, it is."]
    assert first.author == "Aki Tanaka"
    assert first.initials == "AT"
    assert first.timestamp == WHEN.replace(tzinfo=UTC)


def test_notes_section_and_glossary() -> None:
    out = load(DocxBilingualExporter().render(sample(queries=True)))
    headings = [p.text for p in out.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Notes", "Glossary"]
    notes = sample(queries=True).notes
    assert paragraphs_after(out, "Notes") == [
        f"[1] {note_text(notes[0])}",
        f"[2] {note_text(notes[1])}",
        f"[3] {note_text(notes[2])}",
        f"[4] {note_text(notes[3])}",
        "Ben (2024-05-02): Yes, it is.",
        "Glossary",
    ]
    assert f"Is {SCRIPT} quoted right?" in note_text(notes[3])

    glossary = out.tables[1]
    assert texts(glossary) == [
        ["Source", "Reading", "Target", "Kind"],
        ["南北", "なんぼく", "the two Koreas", "term"],
        ["板門店", "はんもんてん", "Panmunjom", "place"],
    ]


def test_the_query_is_left_out_by_default() -> None:
    document = sample()
    assert [(note.kind, note.number) for note in document.notes] == [
        ("source", 1),
        ("explanation", 2),
        ("translator", 3),
    ]
    out = load(DocxBilingualExporter().render(document))
    # The second row keeps its English, without a marker: its only note was the query.
    assert texts(out.tables[0])[1:3] == [
        [SOURCE_1, f"{TARGET_1} [1] [2] [3]"],
        [f"{SCRIPT}と書かれていた。", f"It said {SCRIPT}."],
    ]
    assert [comment.paragraphs[0].text for comment in out.comments] == [
        note_text(note) for note in document.notes
    ]
    assert paragraphs_after(out, "Notes") == [
        *(f"[{note.number}] {note_text(note)}" for note in document.notes),
        "Glossary",
    ]
    everything = "\n".join(p.text for p in out.paragraphs)
    assert "quoted right" not in everything and "Yes, it is." not in everything

    english = load(DocxEnglishExporter().render(document))
    body = [p.text for p in english.paragraphs][5:]
    assert body[:2] == [f"{TARGET_1} [1] [2] [3]", f"It said {SCRIPT}."]
    assert body[4:] == [f"[{note.number}] {note_text(note)}" for note in document.notes]


def test_without_notes_or_terms() -> None:
    plain = replace(
        sample(),
        paragraphs=tuple(replace(p, terms=()) for p in sample().paragraphs),
    )
    plain = apply_options(plain, ExportOptions(notes=False))
    out = load(DocxBilingualExporter().render(plain))
    assert len(out.comments) == 0
    assert len(out.tables) == 1
    assert texts(out.tables[0])[1] == [SOURCE_1, TARGET_1]
    assert "Notes" not in [p.text for p in out.paragraphs]
    assert "Glossary" not in [p.text for p in out.paragraphs]


def test_untranslated_kept_in_japanese() -> None:
    kept = apply_options(sample(), ExportOptions(untranslated="source"))
    out = load(DocxBilingualExporter().render(kept))
    last = out.tables[0].rows[3].cells[1].paragraphs[0]
    assert last.text == SOURCE_3
    assert languages(last) == {("ja-JP", "Yu Gothic")}
    assert last.runs[0].italic is None


def test_english_only() -> None:
    out = load(DocxEnglishExporter().render(sample(queries=True)))
    assert out.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert out.tables == []
    body = [p.text for p in out.paragraphs][5:]
    notes = sample(queries=True).notes
    assert body == [
        f"{TARGET_1} [1] [2] [3]",
        f"It said {SCRIPT}. [4]",
        UNTRANSLATED_MARK,
        "Notes",
        f"[1] {note_text(notes[0])}",
        f"[2] {note_text(notes[1])}",
        f"[3] {note_text(notes[2])}",
        f"[4] {note_text(notes[3])}",
        "Ben (2024-05-02): Yes, it is.",
    ]
    assert out.paragraphs[7].runs[0].italic is True
    assert len(out.comments) == 0


@pytest.mark.parametrize("exporter", [DocxBilingualExporter(), DocxEnglishExporter()])
def test_control_characters_everywhere(
    exporter: DocxBilingualExporter | DocxEnglishExporter,
) -> None:
    dirty = sample(title="見出し\x01\x0b", byline="記者\x02", source_url="https://e.org/\x0c")
    paragraphs = tuple(
        replace(
            p,
            notes=tuple(replace(n, body=n.body + "\x1f", author="A\x08") for n in p.notes),
            terms=(ExportTerm("語\x03", "word\x04", "term\x05", reading="ご\x06"),),
        )
        for p in dirty.paragraphs
    )
    out = load(exporter.render(replace(dirty, paragraphs=paragraphs)))
    assert out.paragraphs[0].text == "見出し"
    assert out.paragraphs[2].text == "Byline: 記者"
    assert "\x1f" not in "".join(p.text for p in out.paragraphs)


def test_no_paragraphs() -> None:
    empty = sample(paragraphs=())
    for exporter in (DocxBilingualExporter(), DocxEnglishExporter()):
        out = load(exporter.render(empty))
        assert out.tables == []
        assert out.paragraphs[-1].text == "No paragraphs match the chosen export options."


EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


@pytest.mark.parametrize("exporter", [DocxBilingualExporter(), DocxEnglishExporter()])
@pytest.mark.parametrize(("exported_by", "author"), [("Ada Admin", "Ada Admin"), ("", "Workbench")])
def test_the_file_properties_are_the_exports_not_the_templates(
    exporter: DocxBilingualExporter | DocxEnglishExporter, exported_by: str, author: str
) -> None:
    data = exporter.render(sample(exported_by=exported_by))

    # File > Info in Word: who made the file and when, in the article's words.
    properties = load(data).core_properties
    assert properties.title == f"南北会談 {SCRIPT}"
    assert properties.subject == "Translation, Japanese → English"
    assert properties.author == properties.last_modified_by == author
    assert properties.created == properties.modified == datetime(2024, 5, 3, 15, 45, tzinfo=UTC)
    assert properties.revision == 1
    assert properties.language == "en-US"
    assert properties.comments == "Source: https://example.org/news?id=1&x=2 · Byline: 共同通信"
    assert (properties.keywords, properties.category) == ("", "")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml")
        app = etree.fromstring(archive.read("docProps/app.xml"))
        names = archive.namelist()
        content_types = archive.read("[Content_Types].xml")
    assert b"python-docx" not in core and b"2013" not in core
    # The application is this one; no page or word counts of an empty template, no
    # template name, company or thumbnail of a page that is not this document.
    assert [(etree.QName(child).localname, child.text) for child in app] == [
        ("Application", "Workbench")
    ]
    assert app.tag == f"{EXTENDED}Properties"
    assert "docProps/thumbnail.jpeg" not in names
    assert b"/docProps/app.xml" in content_types


def test_the_properties_without_source_or_byline() -> None:
    data = DocxEnglishExporter().render(sample(source_url=None, byline=None))
    assert load(data).core_properties.comments == ""
