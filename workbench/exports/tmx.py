"""TMX 1.4: the article's paragraphs that have English, as a translation memory.

Every paragraph with English goes in, whether or not it was marked translated:
the English is the article's as it stands, the same as in every other format.
Each ``<tu>`` carries the paragraph's status as ``<prop type="x-status">``
(new, drafted, translated, reviewed), so a memory that should hold confirmed
translations only can leave the others out on import. A paragraph without
English stays out: an entry with an empty English side would offer
translators nothing and match as if it were a translation.
The article id travels in the header as ``<prop type="x-article">``, and each
``<tu>`` has ``tuid="p<paragraph id>"`` and the paragraph's version at the
export as ``<prop type="x-paragraph-version">``, so `takeback.py` can read it
back and tell a stale unit.
"""

from __future__ import annotations

from lxml import etree
from translate.misc.xml_helpers import valid_chars_only
from translate.storage.tmx import tmxfile, tmxunit

from workbench.exports.base import Exporter, present, utc
from workbench.exports.document import ExportDocument, ExportParagraph
from workbench.exports.xliff import HEADER_LABELS, exchange_note_text, header_lines, unit_id

# The property a TMX header carries the article id in ("x-" marks a user-defined type).
ARTICLE_PROP = "x-article"
# The property a unit carries its paragraph's status in.
STATUS_PROP = "x-status"
# The property each unit carries its paragraph's version in.
VERSION_PROP = "x-paragraph-version"


class TmxExporter(Exporter):
    name = "tmx"
    label = "TMX 1.4 (translation memory)"
    extension = "tmx"
    media_type = "application/x-tmx+xml"
    exchange = True

    def count(self, document: ExportDocument) -> int:
        return sum(1 for paragraph in document.paragraphs if paragraph.has_english)

    def render(self, document: ExportDocument) -> bytes:
        store = tmxfile(sourcelanguage=document.source_lang, targetlanguage=document.target_lang)
        self._header(store, document)
        for paragraph in document.paragraphs:
            if paragraph.has_english:
                self._unit(store, document, paragraph)
        return bytes(store)

    def _header(self, store: tmxfile, document: ExportDocument) -> None:
        header = present(store.document.getroot().find(store.namespaced("header")), "<header>")
        header.set("creationdate", utc(document.exported_at).strftime("%Y%m%dT%H%M%SZ"))
        # Each unit is a whole paragraph (the toolkit's default says "sentence"), so a
        # tool that segments by sentence knows not to expect one sentence per unit.
        header.set("segtype", "paragraph")
        # Every text from users goes through valid_chars_only: a control
        # character is not allowed in XML 1.0 and lxml would refuse the export.
        for category, text in header_lines(document):
            note = etree.SubElement(header, store.namespaced("note"))
            note.text = valid_chars_only(f"{HEADER_LABELS[category]}: {text}")
        prop = etree.SubElement(header, store.namespaced("prop"))
        prop.set("type", ARTICLE_PROP)
        prop.text = str(document.article_id)

    def _unit(self, store: tmxfile, document: ExportDocument, paragraph: ExportParagraph) -> None:
        unit: tmxunit = store.addsourceunit(
            valid_chars_only(paragraph.source), document.source_lang
        )
        unit.settarget(valid_chars_only(paragraph.target), document.target_lang, append=True)
        unit.xmlelement.set("tuid", unit_id(paragraph))
        # TMX 1.4 wants notes and props before the variants; the toolkit's addnote
        # then puts each note before these props. The status says whether a person
        # confirmed the English: a memory may keep only "translated" and "reviewed".
        first_variant = present(unit.xmlelement.find(store.namespaced("tuv")), "<tuv>")
        status = etree.Element(store.namespaced("prop"), type=STATUS_PROP)
        status.text = paragraph.status
        first_variant.addprevious(status)
        version = etree.Element(store.namespaced("prop"), type=VERSION_PROP)
        version.text = str(paragraph.version)
        first_variant.addprevious(version)
        for note in paragraph.notes:
            unit.addnote(valid_chars_only(exchange_note_text(note)))
