"""Plain UTF-8 text, in English only or with each Japanese paragraph before its English.

For pasting into a mail or a content system that takes no markup: nothing is
escaped, because nothing in plain text is markup.
"""

from __future__ import annotations

from typing import ClassVar

from workbench.exports.base import Exporter
from workbench.exports.document import ExportDocument, ExportNote, ExportParagraph
from workbench.exports.footnotes import (
    exported_text,
    language_pair,
    note_text,
    reply_lines,
    source_segments,
)


def _markers(notes: tuple[ExportNote, ...]) -> str:
    return "".join(f"[{note.number}]" for note in notes)


def _source_text(paragraph: ExportParagraph) -> str:
    """The Japanese with each note's marker right after its quoted words."""
    return "".join(
        segment.text + _markers(segment.notes)
        for segment in source_segments(paragraph.source, paragraph.notes)
    )


class TextExporter(Exporter):
    name: ClassVar[str] = "txt"
    label: ClassVar[str] = "Plain text (English)"
    extension: ClassVar[str] = "txt"
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    bilingual: ClassVar[bool] = False

    def render(self, document: ExportDocument) -> bytes:
        header = [document.title]
        if document.source_url:
            header.append(f"Source: {document.source_url}")
        if document.byline:
            header.append(f"Byline: {document.byline}")
        header.append(f"Languages: {language_pair(document)}")
        header.append(f"Exported: {exported_text(document)}")
        blocks: list[str] = ["\n".join(header)]
        for paragraph in document.paragraphs:
            english = document.shown_target(paragraph).strip()
            if self.bilingual:
                blocks.append(
                    "\n".join(part for part in (_source_text(paragraph), english) if part)
                )
            else:
                blocks.append(english + _markers(paragraph.notes))
        notes = document.notes
        if notes:
            lines = ["Notes", ""]
            for note in notes:
                lines.append(f"[{note.number}] {note_text(note)}")
                lines += [f"    {reply}" for reply in reply_lines(note)]
            blocks.append("\n".join(lines))
        if self.bilingual and document.terms:
            lines = ["Glossary", ""]
            for term in document.terms:
                reading = f" ({term.reading})" if term.reading else ""
                lines.append(f"{term.source}{reading} — {term.target} ({term.kind})")
            blocks.append("\n".join(lines))
        # A paragraph with no English to show (and no notes) leaves no block.
        return ("\n\n".join(block for block in blocks if block) + "\n").encode("utf-8")


class TextBilingualExporter(TextExporter):
    name: ClassVar[str] = "txt-bilingual"
    label: ClassVar[str] = "Plain text (Japanese and English interleaved)"
    bilingual: ClassVar[bool] = True
