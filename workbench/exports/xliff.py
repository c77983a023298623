"""XLIFF 2.0 and 1.2: the article for a translator's CAT tool, and back again.

Unit ids are ``p<paragraph id>`` and the file is ``article-<article id>``;
`workbench/exports/takeback.py` reads a returned file by exactly those ids, so
a unit's position may change in the tool without losing its paragraph.

Each unit also carries the version of its paragraph at the export, in the way
each format's schema allows for data of another tool: in XLIFF 2.0 the
Metadata module (``<mda:metadata>``, the first child of ``<unit>``), in XLIFF
1.2 a ``<context-group purpose="location">`` (the strict 1.2 schema refuses
attributes of a foreign namespace). A file taken back after its paragraph was
edited is then known to be stale, and never silently puts older words back.
"""

from __future__ import annotations

from lxml import etree
from translate.misc.xml_helpers import XML_NS, valid_chars_only
from translate.storage.xliff import Xliff1File, Xliff1Unit
from translate.storage.xliff2 import Xliff2File, Xliff2Unit

from workbench.articles.models import ParagraphStatus
from workbench.exports.base import Exporter, present, utc
from workbench.exports.document import ExportDocument, ExportNote, ExportParagraph
from workbench.exports.footnotes import note_text, reply_lines

XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
# XLIFF 2.0's Metadata module, and the names the workbench's data goes under in it.
METADATA_NAMESPACE = "urn:oasis:names:tc:xliff:metadata:2.0"
METADATA_CATEGORY = "workbench"
VERSION_META = "paragraph-version"
# XLIFF 1.2: the context type of the version ("x-" marks one of a tool's own). The
# group's name must be unique in the <file>, so it names the unit: "workbench-p12".
CONTEXT_GROUP = "workbench"
VERSION_CONTEXT = "x-paragraph-version"

# The workbench's paragraph status as each version's state for the target.
# XLIFF 2.0 has no state for "machine draft, not yet checked": English nobody
# has marked translated (a draft used, or text typed) is still work to do, so it
# goes out as a target of an "initial" segment, like an empty one.
XLIFF20_STATES: dict[str, str] = {
    ParagraphStatus.NEW: "initial",
    ParagraphStatus.DRAFTED: "initial",
    ParagraphStatus.TRANSLATED: "translated",
    ParagraphStatus.REVIEWED: "reviewed",
}
# A 1.2 state is only written on a target, so "new" here is English typed (or
# restored, merged) that nobody has marked translated: like a draft, its text
# needs checking, which "needs-review-translation" says; 1.2's "new" would say
# the unit itself is new to the file.
XLIFF12_STATES: dict[str, str] = {
    ParagraphStatus.NEW: "needs-review-translation",
    ParagraphStatus.DRAFTED: "needs-review-translation",
    ParagraphStatus.TRANSLATED: "translated",
    ParagraphStatus.REVIEWED: "signed-off",
}

_SPACE = f"{{{XML_NS}}}space"

# Every user text is set through valid_chars_only: a control character pasted
# into a paragraph or note is not allowed in XML 1.0, and lxml would refuse the
# whole export for it.


def file_id(document: ExportDocument) -> str:
    return f"article-{document.article_id}"


def unit_id(paragraph: ExportParagraph) -> str:
    return f"p{paragraph.id}"


def exchange_note_text(note: ExportNote) -> str:
    """The footnote wording, with replies on indented lines below it.

    Exchange formats have no place for replies of their own; keeping them in
    the note text means a translator still sees the discussion.
    """
    lines = [note_text(note)]
    lines.extend(f"  {line}" for line in reply_lines(note))
    return "\n".join(lines)


HEADER_LABELS: dict[str, str] = {
    "title": "Title",
    "source-url": "Source",
    "byline": "Byline",
}


def header_lines(document: ExportDocument) -> list[tuple[str, str]]:
    """(category, text) for what identifies the article: title, source, byline."""
    lines = [("title", document.title)]
    if document.source_url:
        lines.append(("source-url", document.source_url))
    if document.byline:
        lines.append(("byline", document.byline))
    return lines


class Xliff20Exporter(Exporter):
    name = "xliff"
    label = "XLIFF 2.0"
    extension = "xlf"
    media_type = "application/xliff+xml"
    exchange = True

    def render(self, document: ExportDocument) -> bytes:
        store = Xliff2File(sourcelanguage=document.source_lang, targetlanguage=document.target_lang)
        store.setfilename(store.body, file_id(document))
        self._file_notes(store, document)
        for paragraph in document.paragraphs:
            self._unit(store, paragraph)
        # One declaration of the module's prefix on <xliff>, not one on every unit.
        etree.cleanup_namespaces(store.document, top_nsmap={"mda": METADATA_NAMESPACE})
        return bytes(store)

    def _file_notes(self, store: Xliff2File, document: ExportDocument) -> None:
        # A file's <notes> come before its units, so this runs before any unit is added.
        notes = etree.SubElement(present(store.body, "<file>"), store.namespaced("notes"))
        lines = [*header_lines(document), ("exported", utc(document.exported_at).isoformat())]
        for category, text in lines:
            note = etree.SubElement(notes, store.namespaced("note"))
            note.set("id", category)
            note.set("category", category)
            note.text = valid_chars_only(text)

    def _unit(self, store: Xliff2File, paragraph: ExportParagraph) -> None:
        unit = Xliff2Unit(valid_chars_only(paragraph.source))
        if paragraph.target:
            unit.target = valid_chars_only(paragraph.target)
        store.addunit(unit)
        unit.setid(unit_id(paragraph))
        segment = unit.xmlelement
        element = unit.getunitelement()
        element.set("name", str(paragraph.position))
        # XLIFF 2.0 allows xml:space on <unit> but not on <segment>, where the
        # toolkit puts it; the segment inherits it from the unit just the same.
        segment.attrib.pop(_SPACE, None)
        element.set(_SPACE, "preserve")
        # A segment without a target has nothing translated or reviewed to mark.
        state = XLIFF20_STATES.get(paragraph.status, "initial") if paragraph.target else "initial"
        segment.set("state", state)
        if paragraph.notes:
            # The toolkit's addnote puts notes inside <segment>, which the XLIFF 2.0
            # schema does not allow; they belong to the unit, before its segments.
            notes = etree.Element(store.namespaced("notes"))
            for note in paragraph.notes:
                child = etree.SubElement(notes, store.namespaced("note"))
                child.set("category", note.kind)
                child.set("id", f"n{note.id}")
                child.text = valid_chars_only(exchange_note_text(note))
            element.insert(element.index(segment), notes)
        # Elements of modules come first in a unit, before its notes and segments.
        element.insert(0, _version_metadata(paragraph))


def _version_metadata(paragraph: ExportParagraph) -> etree._Element:
    def tag(name: str) -> str:
        return f"{{{METADATA_NAMESPACE}}}{name}"

    metadata = etree.Element(tag("metadata"), nsmap={"mda": METADATA_NAMESPACE})
    group = etree.SubElement(metadata, tag("metaGroup"), category=METADATA_CATEGORY)
    meta = etree.SubElement(group, tag("meta"), type=VERSION_META)
    meta.text = str(paragraph.version)
    return metadata


class _Xliff12Unit(Xliff1Unit):
    # Created in the 1.2 namespace so that no stray 1.1 declaration is left on
    # each trans-unit when the store adopts it.
    namespace = XLIFF12_NAMESPACE


class _Xliff12File(Xliff1File[_Xliff12Unit]):
    """The toolkit writes XLIFF 1.1 by default; CAT tools expect 1.2."""

    UnitClass = _Xliff12Unit

    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = XLIFF12_NAMESPACE


class Xliff12Exporter(Exporter):
    name = "xliff12"
    label = "XLIFF 1.2"
    extension = "xlf"
    variant = "xliff12"
    media_type = "application/x-xliff+xml"
    exchange = True

    def render(self, document: ExportDocument) -> bytes:
        store = _Xliff12File(
            sourcelanguage=document.source_lang, targetlanguage=document.target_lang
        )
        name = file_id(document)
        store.switchfile(name, createifmissing=True)
        filenode = store.getfilenode(name)
        filenode.set("date", utc(document.exported_at).isoformat())
        # <header> must precede <body>; the toolkit's getheadernode would append it after.
        header = etree.Element(store.namespaced("header"))
        for category, text in header_lines(document):
            # 1.2 notes have no category ("from" is the person who wrote it),
            # so the label goes in the text.
            note = etree.SubElement(header, store.namespaced("note"))
            note.text = valid_chars_only(f"{HEADER_LABELS[category]}: {text}")
        filenode.insert(0, header)
        for paragraph in document.paragraphs:
            self._unit(store, name, paragraph)
        return bytes(store)

    def _unit(self, store: _Xliff12File, name: str, paragraph: ExportParagraph) -> None:
        unit: _Xliff12Unit = store.addsourceunit(valid_chars_only(paragraph.source), filename=name)
        unit.setid(unit_id(paragraph))
        unit.xmlelement.set("resname", str(paragraph.position))
        if paragraph.target:
            unit.target = valid_chars_only(paragraph.target)
            target = unit.get_target_dom()
            target.set("state", XLIFF12_STATES.get(paragraph.status, "new"))
        # The toolkit marks every unit with a target approved; in XLIFF 1.2
        # "approved" means final, which here is only a reviewed paragraph.
        if paragraph.target and paragraph.status == ParagraphStatus.REVIEWED:
            unit.xmlelement.set("approved", "yes")
        else:
            unit.xmlelement.attrib.pop("approved", None)
        # After <source> and <target>, where the 1.2 schema allows context groups.
        # "location": data for tools, which they do not show to the translator.
        unit.createcontextgroup(
            f"{CONTEXT_GROUP}-{unit_id(paragraph)}",
            [(VERSION_CONTEXT, str(paragraph.version))],
            purpose="location",
        )
        for note in paragraph.notes:
            author = valid_chars_only(note.author) or None
            unit.addnote(valid_chars_only(exchange_note_text(note)), origin=author)
