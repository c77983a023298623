"""Word exports: a bilingual review table, and the English alone for reading.

Notes go in twice. As Word comments anchored on the quoted Japanese, which is
what an editor works with on screen; and as a numbered Notes section at the
end, with ``[n]`` markers after the English, because printed copies and many
converters (and some mail previews) drop comments.

Everything from users passes through `_clean` before it reaches the XML: lxml
refuses control characters that XML 1.0 cannot hold, and a stray vertical tab
pasted from another program must not make the export fail.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from urllib.parse import quote

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from translate.misc.xml_helpers import valid_chars_only

from workbench.exports.base import Exporter, utc
from workbench.exports.document import (
    UNTRANSLATED_MARK,
    ExportDocument,
    ExportNote,
    ExportParagraph,
    ExportTerm,
)
from workbench.exports.footnotes import note_span, note_text, reply_lines, safe_link

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the file's properties name as the program that made it (and as its author
# when no person is known, as from the command line).
APPLICATION = "Workbench"
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

# Yu Gothic ships with Windows and with Office for Mac; where it is missing,
# Word substitutes another Japanese font because the runs are tagged ja-JP.
JAPANESE_FONT = "Yu Gothic"

LANGUAGE_NAMES = {"ja": "Japanese", "en": "English"}
# Word's language tags for the codes an article carries.
LANGUAGE_TAGS = {"ja": "ja-JP", "en": "en-US"}

# Characters a URL may carry as they are; everything else is percent-encoded,
# because Word declares a file damaged when a hyperlink target is not a URI.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

HEADER_FILL = "D9E2F3"
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
MARKER_COLOR = RGBColor(0x59, 0x59, 0x59)


def _clean(text: str) -> str:
    # Carriage returns become newlines first, so "\r\n" is one line break; then the
    # characters XML 1.0 cannot hold go, as in the XLIFF and TMX exports.
    return valid_chars_only(text.replace("\r\n", "\n").replace("\r", "\n"))


def _language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# -- run and paragraph formatting -------------------------------------------


def _set_language(run: Run, tag: str) -> None:
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang", attrs={qn("w:val"): tag, qn("w:eastAsia"): "ja-JP"})
    # w:lang has a fixed place in the rPr sequence; insert_element_before keeps it.
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")  # type: ignore[arg-type]  # python-docx types OxmlElement as a plain lxml element


def _japanese(run: Run) -> Run:
    rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), JAPANESE_FONT)
    _set_language(run, "ja-JP")
    return run


def _english(run: Run) -> Run:
    _set_language(run, "en-US")
    return run


def _add_text(paragraph: Paragraph, text: str, *, japanese: bool = False) -> Run:
    run = paragraph.add_run(_clean(text))
    return _japanese(run) if japanese else _english(run)


def _add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    target = quote(_clean(url).strip(), safe=_URL_SAFE)
    r_id = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    run = _add_text(paragraph, text)
    # The template has no "Hyperlink" character style, so the look is direct.
    run.font.color.rgb = LINK_COLOR
    run.font.underline = True
    link = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_id})
    run._r.addprevious(link)  # type: ignore[arg-type]  # python-docx types OxmlElement as a plain lxml element
    link.append(run._r)


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement(
        "w:shd", attrs={qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}
    )
    tcpr.append(shading)  # type: ignore[arg-type]  # python-docx types OxmlElement as a plain lxml element


def _repeat_as_header(table: Table) -> None:
    # Marks the first row to be repeated at the top of every page the table runs onto.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))  # type: ignore[arg-type]  # python-docx types OxmlElement as a plain lxml element


def _header_row(table: Table, labels: Iterable[str]) -> None:
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        run = _add_text(cell.paragraphs[0], label)
        run.bold = True
        _shade(cell, HEADER_FILL)
    _repeat_as_header(table)


def _set_widths(table: Table, widths: list[Length]) -> None:
    # Word reads the cell widths, LibreOffice the grid columns; set both.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _new_table(document: DocxDocument, labels: list[str]) -> Table:
    table: Table = document.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    _header_row(table, labels)
    return table


# -- the document as a whole ------------------------------------------------


def _new_document(*, landscape: bool) -> DocxDocument:
    document = docx.Document()
    section = document.sections[0]
    # A4, the paper size of the readers this is for; the template is Letter.
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        margin = Mm(18)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        margin = Mm(25)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = Mm(20)
    _japanese_defaults(document)
    return document


def _japanese_defaults(document: DocxDocument) -> None:
    """Make Japanese text outside the tagged runs (a title, a quote in a note)
    render in a Japanese font.

    The template points East Asian text at the theme font, which is empty, and
    tags it en-US; in Word a theme font on an element wins over a named one.
    """
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        if rfonts.get(qn("w:eastAsiaTheme")) is not None:
            del rfonts.attrib[qn("w:eastAsiaTheme")]
            rfonts.set(qn("w:eastAsia"), JAPANESE_FONT)
    for lang in styles.iterfind(f"{qn('w:docDefaults')}//{qn('w:lang')}"):
        lang.set(qn("w:eastAsia"), "ja-JP")


def _properties(document: DocxDocument, source: ExportDocument) -> None:
    """The file's own properties (File > Info in Word): this export's, every one of
    them, so that nothing of python-docx's template (its author, its date in 2013,
    "generated by python-docx") is left to show."""
    properties = document.core_properties
    properties.title = _clean(_title(source))
    pair = f"{_language_name(source.source_lang)} → {_language_name(source.target_lang)}"
    properties.subject = f"Translation, {pair}"
    # The author of the file is whoever exported it; the article's own writer is
    # the byline, which goes in the comments with the source.
    maker = _clean(source.exported_by).strip() or APPLICATION
    properties.author = properties.last_modified_by = maker
    about = [("Source", source.source_url), ("Byline", source.byline)]
    properties.comments = " · ".join(
        f"{label}: {_clean(value).strip()}" for label, value in about if value and value.strip()
    )
    properties.keywords = properties.category = ""
    properties.language = LANGUAGE_TAGS.get(source.target_lang, source.target_lang)
    properties.created = properties.modified = utc(source.exported_at)
    properties.revision = 1
    _application_properties(document)


def _application_properties(document: DocxDocument) -> None:
    """Replace the template's docProps/app.xml ("Microsoft Macintosh Word", the page
    and word counts of an empty page, its template and company) and drop its
    thumbnail, a picture of a page that is not this document.

    python-docx has no model of app.xml, so the part is swapped through the
    package's relationships; Word counts pages and words itself when it opens
    the file.
    """
    package = document.part.package
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype in (
            RELATIONSHIP_TYPE.EXTENDED_PROPERTIES,
            RELATIONSHIP_TYPE.THUMBNAIL,
        ):
            package.rels.pop(r_id)
    properties = etree.Element(
        f"{{{EXTENDED_PROPERTIES}}}Properties", nsmap={None: EXTENDED_PROPERTIES}
    )
    etree.SubElement(properties, f"{{{EXTENDED_PROPERTIES}}}Application").text = APPLICATION
    blob = etree.tostring(properties, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/docProps/app.xml"), CONTENT_TYPE.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)


def _title(source: ExportDocument) -> str:
    return source.title.strip() or f"Article {source.article_id}"


def _heading(document: DocxDocument, source: ExportDocument) -> None:
    title = document.add_paragraph(style="Title")
    # The title is usually the Japanese headline.
    _add_text(title, _title(source), japanese=source.source_lang == "ja")

    def line(label: str) -> Paragraph:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        _add_text(paragraph, f"{label}: ").bold = True
        return paragraph

    if source.source_url and _clean(source.source_url).strip():
        url = _clean(source.source_url).strip()
        paragraph = line("Source")
        if safe_link(url):
            _add_hyperlink(paragraph, url, url)
        else:
            _add_text(paragraph, url)
    if source.byline and source.byline.strip():
        _add_text(line("Byline"), source.byline.strip(), japanese=True)
    pair = f"{_language_name(source.source_lang)} → {_language_name(source.target_lang)}"
    _add_text(line("Languages"), pair)
    exported = line("Exported")
    exported.paragraph_format.space_after = Pt(12)
    _add_text(exported, source.exported_at.date().isoformat())


def _add_markers(paragraph: Paragraph, notes: Iterable[ExportNote]) -> None:
    for note in notes:
        run = _add_text(paragraph, f" [{note.number}]")
        run.font.color.rgb = MARKER_COLOR


def _add_shown_target(paragraph: Paragraph, source: ExportDocument, row: ExportParagraph) -> None:
    shown = source.shown_target(row)
    untranslated = not row.has_english
    # With "kept in Japanese" the English place holds the source: tag it as such.
    in_japanese = untranslated and source.options.untranslated == "source"
    run = _add_text(paragraph, shown, japanese=in_japanese)
    if untranslated and shown == UNTRANSLATED_MARK:
        run.italic = True
    _add_markers(paragraph, row.notes)


def _initials(author: str) -> str:
    words = author.split()
    return "".join(word[0] for word in words[:3]).upper()


def _add_source(document: DocxDocument, paragraph: Paragraph, row: ExportParagraph) -> None:
    """The Japanese, cut into runs at every quote boundary so that each comment
    covers exactly its quote. Word comments may overlap, so overlapping quotes
    keep their own ranges."""
    source = row.source
    spans: dict[int, tuple[int, int]] = {}
    for note in row.notes:
        span = note_span(source, note)
        if span is not None:
            spans[note.number] = span
    cuts = sorted({0, len(source)} | {offset for span in spans.values() for offset in span})
    runs: list[Run] = []
    run_at_start: dict[int, Run] = {}
    run_at_end: dict[int, Run] = {}
    for start, end in zip(cuts, cuts[1:], strict=False):
        run = _add_text(paragraph, source[start:end], japanese=True)
        runs.append(run)
        run_at_start[start] = run
        run_at_end[end] = run
    if not runs:
        runs.append(_add_text(paragraph, "", japanese=True))

    for note in row.notes:
        span = spans.get(note.number)
        # Whole-paragraph, detached and unplaceable notes cover the whole text.
        first, last = (run_at_start[span[0]], run_at_end[span[1]]) if span else (runs[0], runs[-1])
        _add_comment(document, [first, last], note)


def _add_comment(document: DocxDocument, runs: list[Run], note: ExportNote) -> None:
    author = _clean(note.author)
    comment = document.add_comment(
        runs, text=_clean(note_text(note)), author=author, initials=_initials(author)
    )
    for line in reply_lines(note):
        comment.add_paragraph(_clean(line))
    # python-docx stamps the time of export; the note's own time is the one
    # a reviewer wants to see next to it, and there is no public setter.
    comment._comment_elm.date = utc(note.created_at)


def _notes_section(document: DocxDocument, source: ExportDocument) -> None:
    notes = source.notes
    if not notes:
        return
    document.add_heading("Notes", level=1)
    for note in notes:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        _add_text(paragraph, f"[{note.number}] ").bold = True
        _add_text(paragraph, note_text(note))
        for line in reply_lines(note):
            reply = document.add_paragraph()
            reply.paragraph_format.left_indent = Mm(8)
            reply.paragraph_format.space_after = Pt(4)
            _add_text(reply, line)


def _glossary(document: DocxDocument, terms: tuple[ExportTerm, ...], width: Length) -> None:
    if not terms:
        return
    document.add_heading("Glossary", level=1)
    widths: list[Length] = [Mm(60), Mm(55), Mm(0), Mm(40)]
    widths[2] = Length(width - sum(widths))
    table = _new_table(document, ["Source", "Reading", "Target", "Kind"])
    for term in terms:
        cells = table.add_row().cells
        _add_text(cells[0].paragraphs[0], term.source, japanese=True)
        _add_text(cells[1].paragraphs[0], term.reading, japanese=True)
        _add_text(cells[2].paragraphs[0], term.target)
        _add_text(cells[3].paragraphs[0], term.kind)
    _set_widths(table, widths)


def _text_width(document: DocxDocument) -> Length:
    section = document.sections[0]
    return Length(
        (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    )


def _save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _nothing_to_export(document: DocxDocument) -> None:
    paragraph = document.add_paragraph()
    _add_text(paragraph, "No paragraphs match the chosen export options.").italic = True


class DocxBilingualExporter(Exporter):
    """A two-column table (Japanese | English), one row per paragraph in order, on
    landscape A4, for review."""

    name = "docx"
    label = "Word (bilingual table)"
    extension = "docx"
    media_type = DOCX_MEDIA_TYPE

    def render(self, document: ExportDocument) -> bytes:
        out = _new_document(landscape=True)
        _properties(out, document)
        _heading(out, document)
        if document.paragraphs:
            width = _text_width(out)
            column = Length(width // 2)
            widths = [column, Length(width - column)]
            source_name = _language_name(document.source_lang)
            target_name = _language_name(document.target_lang)
            table = _new_table(out, [source_name, target_name])
            for row in document.paragraphs:
                cells = table.add_row().cells
                _add_source(out, cells[0].paragraphs[0], row)
                _add_shown_target(cells[1].paragraphs[0], document, row)
            _set_widths(table, widths)
        else:
            _nothing_to_export(out)
        _notes_section(out, document)
        _glossary(out, document.terms, _text_width(out))
        return _save(out)


class DocxEnglishExporter(Exporter):
    """The English as running text on portrait A4, with the notes at the end."""

    name = "docx-en"
    label = "Word (English only)"
    extension = "docx"
    media_type = DOCX_MEDIA_TYPE

    def render(self, document: ExportDocument) -> bytes:
        out = _new_document(landscape=False)
        _properties(out, document)
        _heading(out, document)
        for row in document.paragraphs:
            _add_shown_target(out.add_paragraph(), document, row)
        if not document.paragraphs:
            _nothing_to_export(out)
        _notes_section(out, document)
        return _save(out)
