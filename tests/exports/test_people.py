"""Exports for people (web page, Markdown, plain text) and the JSON export.

Each format is parsed back and compared with the document it was made from:
the same texts in the same order, with the notes, numbered, and nothing a
user typed turned into markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from workbench.exports.base import Exporter, filename
from workbench.exports.data import JsonExporter
from workbench.exports.document import (
    UNTRANSLATED_MARK,
    ExportDocument,
    ExportDraft,
    ExportNote,
    ExportOptions,
    ExportParagraph,
    ExportReply,
    ExportTerm,
    apply_options,
)
from workbench.exports.footnotes import (
    DETACHED_TEXT,
    note_text,
    reply_lines,
    source_segments,
)
from workbench.exports.html import HtmlExporter
from workbench.exports.markdown import MarkdownBilingualExporter, MarkdownExporter
from workbench.exports.text import TextBilingualExporter, TextExporter

SCRIPT = "<script>alert(1)</script>"
P1 = "トランプ大統領と金正恩委員長は板門店で会談した。"
P2 = f"北朝鮮の声明には{SCRIPT}と書かれていた。"
P3 = "会談は約1時間続いた。"
P4 = "# 見出しではない *強調でもない* | 表でもない"
T1 = "President Trump and Chairman Kim Jong Un met at Panmunjom."
T2 = f"The North Korean statement read {SCRIPT}."
T3 = "The talks lasted about an hour (draft)."
T4 = "1. Not a list, *not emphasis*, [not a link](x) & not &lt;an entity&gt; | nor a cell"
EXPORTED = datetime(2025, 10, 30, 12, 0, tzinfo=UTC)

PANMUNJOM = ExportTerm(
    source="板門店", target="Panmunjom", kind="place", reading="はんもんてん", note="DMZ"
)
KIM = ExportTerm(source="金正恩", target="Kim Jong Un", kind="person", reading="きむじょんうん")
PIPE = ExportTerm(source="表", target="table | chart", kind="term")


def _note(note_id: int, **fields: object) -> ExportNote:
    values: dict[str, object] = {
        "id": note_id,
        "number": 0,  # apply_options() numbers them through the document
        "kind": "explanation",
        "body": "",
        "url": None,
        "read_on": None,
        "status": "open",
        "author": "Aki",
        "created_at": datetime(2025, 10, 30, 9, 0, tzinfo=UTC),
        "exact": "",
        "prefix": "",
        "suffix": "",
        "start": 0,
        "end": 0,
    }
    values.update(fields)
    return ExportNote(**values)  # type: ignore[arg-type]


def raw_document() -> ExportDocument:
    """The document as gathered, before any option is applied: three notes, the
    last of them a query (on paragraph 2)."""
    start = P1.index("板門店")
    panmunjom = _note(
        1,
        kind="source",
        body="The truce village in the DMZ.",
        url="https://example.org/panmunjom?a=1&b=2",
        read_on=date(2025, 10, 29),
        exact="板門店",
        prefix=P1[:start],
        suffix=P1[start + 3 :],
        start=start,
        end=start + 3,
    )
    whole = _note(2, kind="translator", body="Titles follow the house style.", status="resolved")
    detached = _note(
        3,
        kind="query",
        body=f"Is {SCRIPT} really in the statement?",
        url="javascript:alert(2)",
        exact="声明文",
        prefix="北朝鮮の",
        suffix="には",
        start=4,
        end=7,
        detached=True,
        replies=(
            ExportReply("Ben", datetime(2025, 10, 30, 10, 0, tzinfo=UTC), "Yes, *verbatim*."),
        ),
    )
    paragraphs = (
        ExportParagraph(
            id=101,
            position=1,
            source=P1,
            target=T1,
            status="reviewed",
            notes=(panmunjom, whole),
            terms=(PANMUNJOM, KIM),
            drafts=(ExportDraft("deepl", "Trump and Kim met.", EXPORTED),),
        ),
        ExportParagraph(
            id=102,
            position=2,
            source=P2,
            target=T2,
            status="translated",
            notes=(detached,),
            problems=("板門店 should be Panmunjom.",),
        ),
        ExportParagraph(id=103, position=3, source=P3, target=T3, status="drafted"),
        ExportParagraph(
            id=104, position=4, source=P4, target=T4, status="translated", terms=(PIPE,)
        ),
    )
    return ExportDocument(
        article_id=7,
        title="板門店で米朝首脳会談 <b>速報</b>",
        source_lang="ja",
        target_lang="en",
        source_url="https://news.example.jp/articles/123?x=1&y=2",
        byline="東亜ニュース 山田太郎",
        imported_at=datetime(2025, 10, 30, 8, 0, tzinfo=UTC),
        exported_at=EXPORTED,
        paragraphs=paragraphs,
    )


def make_document(**options: object) -> ExportDocument:
    return apply_options(raw_document(), ExportOptions(**options))  # type: ignore[arg-type]


def shown(document: ExportDocument) -> list[str]:
    return [document.shown_target(paragraph) for paragraph in document.paragraphs]


# -- the shared footnote wording ---------------------------------------------------------------


def test_notes_are_numbered_in_document_order() -> None:
    document = make_document(queries=True)
    assert [(note.id, note.number) for note in document.notes] == [(1, 1), (2, 2), (3, 3)]


def test_queries_are_left_out_unless_asked_for() -> None:
    assert ExportOptions().queries is False
    document = make_document()
    assert [(note.id, note.kind, note.number) for note in document.notes] == [
        (1, "source", 1),
        (2, "translator", 2),
    ]
    # The paragraph stays; only its query goes.
    assert [p.id for p in document.paragraphs] == [101, 102, 103, 104]
    assert document.paragraphs[1].notes == ()
    asked = make_document(queries=True)
    assert [note.kind for note in asked.notes] == ["source", "translator", "query"]


def test_note_numbers_are_counted_again_without_the_queries() -> None:
    raw = raw_document()
    first, second, *rest = raw.paragraphs
    # The query's paragraph first: with the query, the other notes come after it.
    swapped = replace(raw, paragraphs=(second, first, *rest))
    with_queries = apply_options(swapped, ExportOptions(queries=True))
    assert [(note.id, note.number) for note in with_queries.notes] == [(3, 1), (1, 2), (2, 3)]
    without = apply_options(swapped, ExportOptions())
    assert [(note.id, note.number) for note in without.notes] == [(1, 1), (2, 2)]


def test_queries_without_the_notes_give_no_notes_at_all() -> None:
    document = make_document(notes=False, queries=True)
    assert document.notes == ()


def test_note_text_wording() -> None:
    first, second, third = make_document(queries=True).notes
    assert note_text(first) == (
        "Source citation: “板門店” — The truce village in the DMZ. "
        "(https://example.org/panmunjom?a=1&b=2, read on 2025-10-29) — Aki"
    )
    assert note_text(second) == (
        "Translator's note: Titles follow the house style. — Aki (resolved)"
    )
    assert note_text(third) == (
        f"Query: “声明文” — Is {SCRIPT} really in the statement? "
        f"(javascript:alert(2)) — Aki {DETACHED_TEXT}"
    )
    assert reply_lines(third) == ["Ben (2025-10-30): Yes, *verbatim*."]
    assert "\n" not in note_text(replace(first, body="two\nlines"))


def test_source_segments_mark_quotes_and_put_other_notes_last() -> None:
    document = make_document(queries=True)
    segments = source_segments(P1, document.paragraphs[0].notes)
    assert "".join(segment.text for segment in segments) == P1
    marked = [segment for segment in segments if segment.marked]
    assert [(segment.text, [n.number for n in segment.notes]) for segment in marked] == [
        ("板門店", [1])
    ]
    assert [note.number for note in segments[-1].notes] == [2]
    # A detached note is never highlighted, even if its old words are still there.
    segments = source_segments(P2, document.paragraphs[1].notes)
    assert not any(segment.marked for segment in segments)
    assert [note.number for note in segments[-1].notes] == [3]


def test_source_segments_with_overlapping_and_stale_offsets() -> None:
    text = "金正恩委員長は板門店で"
    first = _note(1, number=1, exact="金正恩委員長", start=0, end=6)
    inner = _note(2, number=2, exact="金正恩", start=0, end=3)
    # Offsets that do not match the quote: the quote is looked for instead.
    stale = _note(3, number=3, exact="板門店", start=0, end=3)
    segments = source_segments(text, (first, inner, stale))
    assert "".join(segment.text for segment in segments) == text
    assert [(s.text, s.marked, [n.number for n in s.notes]) for s in segments] == [
        ("金正恩", True, [2]),
        ("委員長", True, [1]),
        ("は", False, []),
        ("板門店", True, [3]),
        ("で", False, []),
    ]


# -- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "exporter", "expected"),
    [
        ("板門店で米朝首脳会談", HtmlExporter(), "板門店で米朝首脳会談.ja-en.2025-10-30.html"),
        (
            "板門店で米朝首脳会談",
            MarkdownBilingualExporter(),
            "板門店で米朝首脳会談.ja-en.2025-10-30.bilingual.md",
        ),
        ("Q&A: North/South talks", TextExporter(), "Q&A North South talks.ja-en.2025-10-30.txt"),
        (
            "米朝/南北: 会談",
            TextBilingualExporter(),
            "米朝 南北 会談.ja-en.2025-10-30.bilingual.txt",
        ),
        ("  ../  ", JsonExporter(), "article-7.ja-en.2025-10-30.json"),
        ("記事", MarkdownExporter(), "記事.ja-en.2025-10-30.md"),
    ],
)
def test_filename(title: str, exporter: Exporter, expected: str) -> None:
    document = replace(make_document(), title=title)
    name = filename(document, exporter)
    assert name == expected
    assert "/" not in name and ":" not in name


# -- web page ----------------------------------------------------------------------------------


def parse_html(document: ExportDocument) -> BeautifulSoup:
    return BeautifulSoup(HtmlExporter().render(document).decode("utf-8"), "html.parser")


def cell_text(cell: Tag) -> str:
    """A cell's text without its note markers."""
    copy = BeautifulSoup(str(cell), "html.parser")
    for sup in copy.find_all("sup"):
        sup.decompose()
    return copy.get_text()


def test_html_is_a_self_contained_document() -> None:
    raw = HtmlExporter().render(make_document()).decode("utf-8")
    assert raw.startswith("<!DOCTYPE html>")
    soup = BeautifulSoup(raw, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "en"
    assert soup.find("meta", charset="utf-8") is not None
    assert soup.find("script") is None
    assert soup.find("link") is None and soup.find("img") is None
    assert not soup.find_all(src=True)
    style = soup.style.get_text() if soup.style else ""
    assert "@page { size: A4 landscape; margin: 15mm; }" in style
    assert "break-inside: avoid" in style
    assert '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo' in style
    assert "line-height: 1.8" in style
    assert 'content: " (" attr(href) ")"' in style


def test_html_header() -> None:
    soup = parse_html(make_document())
    assert soup.title is not None and soup.title.get_text() == "板門店で米朝首脳会談 <b>速報</b>"
    header = soup.header
    assert header is not None and header.h1 is not None
    assert header.h1.get_text() == "板門店で米朝首脳会談 <b>速報</b>"
    assert header.find("b") is None
    link = header.find("a")
    assert link is not None
    assert link["href"] == "https://news.example.jp/articles/123?x=1&y=2"
    assert link.get_text() == "https://news.example.jp/articles/123?x=1&y=2"
    text = header.get_text()
    assert "東亜ニュース 山田太郎" in text
    assert "Japanese → English" in text
    assert "2025-10-30 12:00" in text
    time = header.find("time")
    assert time is not None and time["datetime"] == "2025-10-30T12:00+00:00"


def test_html_rows_hold_the_same_texts_in_order() -> None:
    document = make_document()
    soup = parse_html(document)
    rows = soup.select("tr[data-paragraph]")
    assert [row["data-paragraph"] for row in rows] == ["1", "2", "3", "4"]
    assert [cell_text(row.select_one("td.ja")) for row in rows] == [P1, P2, P3, P4]
    assert [row.select_one("td.en").get_text() for row in rows] == shown(document)
    assert [row.select_one("td.number").get_text() for row in rows] == ["1", "2", "3", "4"]
    assert all(row.select_one("td.ja")["lang"] == "ja" for row in rows)
    # The script in the source and the target is text, not an element.
    assert SCRIPT in rows[1].get_text()


def without_english(position: int, **options: object) -> ExportDocument:
    """The document with no English at all in paragraph ``position``."""
    raw = raw_document()
    paragraphs = tuple(
        replace(p, target="", status="new") if p.position == position else p for p in raw.paragraphs
    )
    return apply_options(replace(raw, paragraphs=paragraphs), ExportOptions(**options))  # type: ignore[arg-type]


def test_html_marks_untranslated_rows() -> None:
    # Paragraph 3 is drafted, its English not marked translated: it is exported as it stands.
    rows = parse_html(make_document()).select("tr[data-paragraph]")
    assert [("untranslated" in row.get("class", [])) for row in rows] == [False] * 4
    assert rows[2].select_one("td.en").get_text() == T3
    # Only a paragraph without English is untranslated.
    rows = parse_html(without_english(3)).select("tr[data-paragraph]")
    assert [("untranslated" in row.get("class", [])) for row in rows] == [
        False,
        False,
        True,
        False,
    ]
    assert rows[2].select_one("td.en").get_text() == UNTRANSLATED_MARK
    # Kept in Japanese: the English column says it is Japanese.
    kept = parse_html(without_english(3, untranslated="source")).select("tr[data-paragraph]")[2]
    english = kept.select_one("td.en")
    assert english.get_text() == P3 and english["lang"] == "ja"


def test_html_note_markers_and_footnotes() -> None:
    document = make_document(queries=True)
    soup = parse_html(document)
    first = soup.select_one('tr[data-paragraph="1"] td.ja')
    mark = first.find("mark")
    assert mark is not None and mark.get_text() == "板門店"
    marker = mark.find_next_sibling()
    assert marker is not None and marker.name == "sup"
    assert str(marker) == '<sup><a href="#note-1" id="ref-1">1</a></sup>'
    # The whole-paragraph note's marker ends the cell.
    assert list(first.children)[-1].name == "sup"
    assert first.find_all("sup")[-1].a["href"] == "#note-2"
    second = soup.select_one('tr[data-paragraph="2"] td.ja')
    assert second.find("mark") is None
    assert second.find("sup").a["id"] == "ref-3"

    notes = soup.select("section.notes ol > li")
    assert [li["id"] for li in notes] == ["note-1", "note-2", "note-3"]
    for li, note in zip(notes, document.notes, strict=True):
        own = "".join(
            part.get_text() if isinstance(part, Tag) else str(part)
            for part in li.children
            if not (isinstance(part, Tag) and (part.name == "ul" or "back" in part["class"]))
        )
        assert own.strip() == note_text(note)
    cited = notes[0].find("a", href=re.compile("^https:"))
    assert cited is not None and cited["href"] == "https://example.org/panmunjom?a=1&b=2"
    # A javascript: URL from a note stays text.
    assert notes[2].find("a", href=re.compile("javascript", re.I)) is None
    assert notes[2].find("script") is None
    assert [li.get_text() for li in notes[2].select("ul.replies li")] == [
        "Ben (2025-10-30): Yes, *verbatim*."
    ]
    assert notes[0].find("a", class_="back")["href"] == "#ref-1"


def test_html_glossary_appendix() -> None:
    soup = parse_html(make_document())
    section = soup.select_one("section.glossary")
    assert section is not None and section.h2.get_text() == "Glossary"
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in section.select("tbody tr")]
    assert rows == [
        ["板門店", "はんもんてん", "Panmunjom", "place"],
        ["表", "", "table | chart", "term"],
        ["金正恩", "きむじょんうん", "Kim Jong Un", "person"],
    ]


def test_html_leaves_the_query_out_by_default() -> None:
    soup = parse_html(make_document())
    assert [li["id"] for li in soup.select("section.notes ol > li")] == ["note-1", "note-2"]
    second = soup.select_one('tr[data-paragraph="2"]')
    assert second is not None and second.find("sup") is None
    assert cell_text(second.select_one("td.ja")) == P2
    assert "really in the statement" not in soup.get_text()
    assert "verbatim" not in soup.get_text()


def test_html_without_notes_or_paragraphs() -> None:
    soup = parse_html(make_document(notes=False))
    assert soup.find("sup") is None and soup.select_one("section.notes") is None
    empty = parse_html(make_document(which="reviewed", untranslated="omit"))
    assert len(empty.select("tr[data-paragraph]")) == 1
    none = parse_html(replace(make_document(), paragraphs=()))
    assert none.select_one("table.parallel") is None and none.select_one("p.empty")


# -- Markdown ----------------------------------------------------------------------------------


def unescape_md(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def md_blocks(exporter: Exporter, document: ExportDocument) -> list[str]:
    return exporter.render(document).decode("utf-8").rstrip("\n").split("\n\n")


def test_markdown_english() -> None:
    document = make_document(queries=True)
    raw = MarkdownExporter().render(document).decode("utf-8")
    blocks = raw.rstrip("\n").split("\n\n")
    assert blocks[0] == "# 板門店で米朝首脳会談 \\<b\\>速報\\</b\\>"
    assert blocks[1] == (
        "Source: <https://news.example.jp/articles/123?x=1&y=2> · Byline: 東亜ニュース 山田太郎"
        " · Japanese → English · Exported 2025-10-30 12:00 UTC"
    )
    paragraphs = blocks[2:6]
    assert [unescape_md(re.sub(r"\[\^\d+\]", "", p)) for p in paragraphs] == shown(document)
    assert paragraphs[0].endswith("Panmunjom.[^1][^2]")
    assert paragraphs[1].endswith("[^3]")
    assert paragraphs[2] == T3  # drafted, not marked translated: its English as it stands
    assert md_blocks(MarkdownExporter(), without_english(3))[4] == "\\[Untranslated\\]"
    # Nothing typed by a user becomes markup.
    assert SCRIPT not in raw and "<script>" not in raw
    assert paragraphs[3].startswith("1\\. Not a list, \\*not emphasis\\*, \\[not a link\\](x)")
    assert "\\&lt;" in paragraphs[3] and "\\| nor a cell" in paragraphs[3]
    assert blocks[6] == (
        "[^1]: Source citation: “板門店” — The truce village in the DMZ. "
        "(<https://example.org/panmunjom?a=1&b=2>, read on 2025-10-29) — Aki"
    )
    assert blocks[7] == "[^2]: Translator's note: Titles follow the house style. — Aki (resolved)"
    assert blocks[8].startswith("[^3]: Query: “声明文” — Is \\<script\\>")
    assert unescape_md(blocks[8].removeprefix("[^3]: ")) == note_text(document.notes[2])
    assert "<javascript" not in blocks[8]
    assert blocks[9] == "    - Ben (2025-10-30): Yes, \\*verbatim\\*."
    assert len(blocks) == 10
    assert "Glossary" not in raw


def test_markdown_bilingual() -> None:
    document = make_document(queries=True)
    blocks = md_blocks(MarkdownBilingualExporter(), document)
    assert blocks[0].startswith("# 板門店")
    pairs = blocks[2:10]
    japanese, english = pairs[0::2], pairs[1::2]
    assert all(block.startswith("> ") for block in japanese)
    assert [unescape_md(re.sub(r"\[\^\d+\]", "", b[2:])) for b in japanese] == [P1, P2, P3, P4]
    assert [unescape_md(block) for block in english] == shown(document)
    # Markers follow the quoted words in the Japanese; the others end the paragraph.
    assert "板門店[^1]で会談した。[^2]" in japanese[0]
    assert japanese[1].endswith("[^3]")
    assert japanese[3].startswith("> \\# 見出しではない \\*強調でもない\\* \\| 表でもない")
    assert blocks[10] == "## Glossary"
    table = blocks[11].split("\n")
    assert table[0] == "| Japanese | Reading | English | Kind |"
    assert table[2:] == [
        "| 板門店 | はんもんてん | Panmunjom | place |",
        "| 表 |  | table \\| chart | term |",
        "| 金正恩 | きむじょんうん | Kim Jong Un | person |",
    ]
    assert [b.split(":", 1)[0] for b in blocks[12:] if b.startswith("[^")] == [
        "[^1]",
        "[^2]",
        "[^3]",
    ]


@pytest.mark.parametrize(
    "exporter",
    [
        MarkdownExporter(),
        MarkdownBilingualExporter(),
        TextExporter(),
        TextBilingualExporter(),
        JsonExporter(),
    ],
    ids=lambda exporter: exporter.name,
)
def test_the_query_stays_out_of_every_file_by_default(exporter: Exporter) -> None:
    raw = exporter.render(make_document()).decode("utf-8")
    assert "The truce village in the DMZ." in raw
    assert "Titles follow the house style." in raw
    assert "really in the statement" not in raw
    assert "verbatim" not in raw
    assert "Query" not in raw
    asked = exporter.render(make_document(queries=True)).decode("utf-8")
    assert "really in the statement" in asked and "verbatim" in asked


def test_markdown_and_text_number_two_notes_without_the_query() -> None:
    document = make_document()
    blocks = md_blocks(MarkdownExporter(), document)
    assert [b.split(":", 1)[0] for b in blocks if b.startswith("[^")] == ["[^1]", "[^2]"]
    # No marker after the paragraph whose only note was the query.
    assert unescape_md(blocks[3]) == T2
    text = TextExporter().render(document).decode("utf-8").rstrip("\n").split("\n\n")
    assert text[2] == T2
    assert text[6].split("\n") == [f"[{note.number}] {note_text(note)}" for note in document.notes]


def test_markdown_without_notes() -> None:
    raw = MarkdownBilingualExporter().render(make_document(notes=False)).decode("utf-8")
    assert "[^" not in raw


def render_commonmark(markdown: str) -> BeautifulSoup:
    """The Markdown as a CommonMark renderer with the footnote extension shows it."""
    renderer = MarkdownIt("commonmark").use(footnote_plugin)
    return BeautifulSoup(renderer.render(markdown), "html.parser")


# Japanese often puts a reading or an abbreviation in brackets right after a name;
# a note on the name puts its marker between the two.
BRACKETED = [
    ("研究所", "ドイツの研究所(GWIKS)によると"),
    ("研究所", "ドイツの研究所[GWIKS]によると"),
    ("研究所", "ドイツの研究所(GWIKS)[1]によると"),
    ("研究所", "ドイツの研究所: GWIKSによると"),
    # A quote that ends a line puts its marker at the start of the next one, where
    # "[^1]:" would begin a footnote definition.
    ("研究所\n", "ドイツの研究所\n: GWIKSによると"),
]


@pytest.mark.parametrize(
    ("quote", "source"), BRACKETED, ids=["paren", "square", "both", "colon", "line-colon"]
)
def test_a_note_marker_before_a_bracket_stays_a_footnote(quote: str, source: str) -> None:
    start = source.index(quote)
    note = _note(
        1,
        kind="explanation",
        body="A think tank.",
        exact=quote,
        start=start,
        end=start + len(quote),
    )
    paragraph = ExportParagraph(
        id=1, position=1, source=source, target="A German institute says so.", status="reviewed"
    )
    document = apply_options(
        replace(raw_document(), paragraphs=(replace(paragraph, notes=(note,)),)), ExportOptions()
    )

    html = render_commonmark(MarkdownBilingualExporter().render(document).decode("utf-8"))

    quote_block = one_tag(html, "blockquote")
    # The marker is a footnote reference, and nothing after it became a link.
    refs = quote_block.select("sup.footnote-ref a")
    assert [ref["href"] for ref in refs] == ["#fn1"]
    assert [a for a in quote_block.select("a") if a not in refs] == []
    shown_text = " ".join(quote_block.get_text().split())
    assert shown_text == " ".join(source.replace(quote, f"{quote}[1]", 1).split())
    assert "A think tank." in one_tag(html, "section.footnotes").get_text()


def test_consecutive_markers_are_each_a_footnote() -> None:
    html = render_commonmark(MarkdownBilingualExporter().render(make_document()).decode("utf-8"))
    first = html.select("blockquote")[0]
    assert [a["href"] for a in first.select("sup.footnote-ref a")] == ["#fn1", "#fn2"]
    english = html.select("p")[2]
    assert english.get_text().endswith("Panmunjom.")


def one_tag(soup: BeautifulSoup, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


# -- plain text --------------------------------------------------------------------------------


def test_text_english() -> None:
    document = make_document(queries=True)
    raw = TextExporter().render(document).decode("utf-8")
    blocks = raw.rstrip("\n").split("\n\n")
    assert blocks[0].split("\n") == [
        "板門店で米朝首脳会談 <b>速報</b>",
        "Source: https://news.example.jp/articles/123?x=1&y=2",
        "Byline: 東亜ニュース 山田太郎",
        "Languages: Japanese → English",
        "Exported: 2025-10-30 12:00 UTC",
    ]
    assert [re.sub(r"\[\d+\]$", "", b) for b in blocks[1:5]] == [
        T1 + "[1]",
        T2,
        T3,
        T4,
    ]
    assert blocks[1].endswith("[1][2]") and blocks[2].endswith("[3]")
    untranslated = TextExporter().render(without_english(3)).decode("utf-8").split("\n\n")
    assert untranslated[3] == UNTRANSLATED_MARK
    assert blocks[5] == "Notes"
    assert blocks[6].split("\n") == [
        f"[{note.number}] {note_text(note)}" for note in document.notes
    ] + ["    Ben (2025-10-30): Yes, *verbatim*."]
    assert "Glossary" not in raw


def test_text_bilingual() -> None:
    document = make_document()
    blocks = TextBilingualExporter().render(document).decode("utf-8").rstrip("\n").split("\n\n")
    pairs = [block.split("\n") for block in blocks[1:5]]
    assert [re.sub(r"\[\d+\]", "", ja) for ja, _ in pairs] == [P1, P2, P3, P4]
    assert [en for _, en in pairs] == shown(document)
    assert pairs[0][0] == "トランプ大統領と金正恩委員長は板門店[1]で会談した。[2]"
    assert blocks[5] == "Notes"
    assert blocks[7] == "Glossary"
    assert blocks[8].split("\n") == [
        "板門店 (はんもんてん) — Panmunjom (place)",
        "表 — table | chart (term)",
        "金正恩 (きむじょんうん) — Kim Jong Un (person)",
    ]


def test_text_without_notes_and_only_reviewed() -> None:
    raw = TextExporter().render(make_document(which="reviewed", notes=False)).decode("utf-8")
    assert raw.rstrip("\n").split("\n\n")[1:] == [T1]


# -- JSON --------------------------------------------------------------------------------------


def test_json_holds_everything_in_order() -> None:
    document = make_document(queries=True)
    raw = JsonExporter().render(document).decode("utf-8")
    assert "板門店" in raw  # not \u escaped
    data = json.loads(raw)
    assert data["format"] == "workbench-export" and data["version"] == 1
    assert data["article"] == {
        "id": 7,
        "title": "板門店で米朝首脳会談 <b>速報</b>",
        "source_lang": "ja",
        "target_lang": "en",
        "source_url": "https://news.example.jp/articles/123?x=1&y=2",
        "byline": "東亜ニュース 山田太郎",
        "imported_at": "2025-10-30T08:00:00+00:00",
        "exported_at": "2025-10-30T12:00:00+00:00",
    }
    assert data["options"] == {
        "which": "all",
        "untranslated": "mark",
        "notes": True,
        "queries": True,
    }
    paragraphs = data["paragraphs"]
    assert [p["id"] for p in paragraphs] == [101, 102, 103, 104]
    assert [p["position"] for p in paragraphs] == [1, 2, 3, 4]
    assert [p["source"] for p in paragraphs] == [P1, P2, P3, P4]
    assert [p["target"] for p in paragraphs] == [T1, T2, T3, T4]
    assert [p["shown_target"] for p in paragraphs] == shown(document)
    assert [p["status"] for p in paragraphs] == ["reviewed", "translated", "drafted", "translated"]
    assert paragraphs[0]["drafts"] == [
        {
            "provider": "deepl",
            "text": "Trump and Kim met.",
            "created_at": "2025-10-30T12:00:00+00:00",
        }
    ]
    assert paragraphs[1]["problems"] == ["板門店 should be Panmunjom."]
    assert [t["source"] for t in paragraphs[0]["terms"]] == ["板門店", "金正恩"]
    assert [t["source"] for t in data["terms"]] == ["板門店", "表", "金正恩"]
    assert data["terms"][0] == {
        "source": "板門店",
        "target": "Panmunjom",
        "kind": "place",
        "reading": "はんもんてん",
        "note": "DMZ",
    }
    notes = [note for p in paragraphs for note in p["notes"]]
    assert [(n["id"], n["number"]) for n in notes] == [(1, 1), (2, 2), (3, 3)]
    first = notes[0]
    assert first["kind"] == "source" and first["read_on"] == "2025-10-29"
    assert first["url"] == "https://example.org/panmunjom?a=1&b=2"
    assert first["selectors"] == document.notes[0].selectors()
    assert first["selectors"][1] == {"type": "TextPositionSelector", "start": 15, "end": 18}
    assert notes[1]["selectors"] == [] and notes[1]["status"] == "resolved"
    assert (
        notes[2]["detached"] is True and notes[2]["body"] == f"Is {SCRIPT} really in the statement?"
    )
    assert notes[2]["replies"] == [
        {"author": "Ben", "created_at": "2025-10-30T10:00:00+00:00", "body": "Yes, *verbatim*."}
    ]
    assert notes[0]["created_at"] == "2025-10-30T09:00:00+00:00"


def test_json_follows_the_options() -> None:
    data = json.loads(JsonExporter().render(make_document(which="done", notes=False)))
    assert [p["id"] for p in data["paragraphs"]] == [101, 102, 104]
    assert all(p["notes"] == [] for p in data["paragraphs"])
    assert data["options"] == {
        "which": "done",
        "untranslated": "mark",
        "notes": False,
        "queries": False,
    }


def test_exporter_attributes() -> None:
    attributes = [
        (e.name, e.label, e.extension, e.media_type, e.exchange)
        for e in (
            HtmlExporter(),
            MarkdownExporter(),
            MarkdownBilingualExporter(),
            TextExporter(),
            TextBilingualExporter(),
            JsonExporter(),
        )
    ]
    assert attributes == [
        ("html", "Web page (bilingual, for print)", "html", "text/html; charset=utf-8", False),
        ("md", "Markdown (English)", "md", "text/markdown; charset=utf-8", False),
        ("md-bilingual", "Markdown (bilingual)", "md", "text/markdown; charset=utf-8", False),
        ("txt", "Plain text (English)", "txt", "text/plain; charset=utf-8", False),
        (
            "txt-bilingual",
            "Plain text (Japanese and English interleaved)",
            "txt",
            "text/plain; charset=utf-8",
            False,
        ),
        ("json", "JSON (everything, for other programs)", "json", "application/json", True),
    ]
