"""Markdown, in English only or with each Japanese paragraph before its English.

Written for CommonMark with the GitHub footnote extension (``[^1]``), which is
what most editors, wikis and static site tools read. User text is escaped so
that an asterisk in a quote or a ``<script>`` in a note stays literal text.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.exports.base import Exporter
from workbench.exports.document import ExportDocument, ExportNote, ExportParagraph
from workbench.exports.footnotes import (
    exported_text,
    language_name,
    language_pair,
    note_text_parts,
    reply_lines,
    safe_link,
    source_segments,
)

# Characters that are markup anywhere in a line. `&` is included because
# "&lt;" in a quote would otherwise be shown as "<"; `|` because a glossary
# cell would otherwise end early; `~` for strike-through and fenced code.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Markup that only counts at the start of a line: headings, quotes, list
# items, setext underlines, thematic breaks.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """Text safe inside a line (no line-start rules): table cells, segments."""
    return _INLINE.sub(r"\\\1", text)


def escape_line_start(text: str) -> str:
    """Escape what would be markup because it begins a line."""
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def escape_block(text: str) -> str:
    """A paragraph's text as Markdown: every line escaped, line breaks kept as
    hard breaks (a soft break would join the lines into one)."""
    lines = [escape_line_start(escape_inline(line.strip())) for line in text.splitlines()]
    return "\\\n".join(line for line in lines if line)


def _url(url: str) -> str:
    """An autolink when the URL can be one, else the URL as escaped text."""
    safe = safe_link(url)
    if safe is not None and not re.search(r"[\s<>]", safe):
        return f"<{safe}>"
    return escape_inline(url)


def _note_markdown(note: ExportNote) -> str:
    before, url, after = note_text_parts(note)
    return escape_inline(before) + (_url(url) if url else "") + escape_inline(after)


def _markers(notes: tuple[ExportNote, ...]) -> str:
    return "".join(f"[^{note.number}]" for note in notes)


def _after_markers(text: str) -> str:
    """Text that follows a footnote marker, made safe to follow it.

    CommonMark tries links before footnotes, so ``研究所[^2](GWIKS)`` would be
    a link to "GWIKS" and ``[^2]: …`` at the start of a line a footnote
    definition. "[" is escaped everywhere already; "(" and ":" are escaped here.
    """
    return f"\\{text}" if text.startswith(("(", ":")) else text


def _source_markdown(paragraph: ExportParagraph) -> str:
    """The Japanese with each note's marker right after its quoted words."""
    pieces: list[str] = []
    after_marker = False
    for segment in source_segments(paragraph.source, paragraph.notes):
        text = escape_inline(segment.text)
        pieces.append(_after_markers(text) if after_marker else text)
        pieces.append(_markers(segment.notes))
        after_marker = bool(segment.notes)
    text = "".join(pieces)
    lines = [escape_line_start(line.strip()) for line in text.splitlines()]
    return "\\\n".join(line for line in lines if line)


class MarkdownExporter(Exporter):
    name: ClassVar[str] = "md"
    label: ClassVar[str] = "Markdown (English)"
    extension: ClassVar[str] = "md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"
    bilingual: ClassVar[bool] = False

    def render(self, document: ExportDocument) -> bytes:
        # Escaping every `#` keeps a closing sequence like "Q&A #" in the title.
        title = escape_inline(document.title).replace("#", "\\#")
        blocks: list[str] = [f"# {title}", self._metadata(document)]
        for paragraph in document.paragraphs:
            blocks += self._paragraph(document, paragraph)
        if self.bilingual and document.terms:
            blocks += self._glossary(document)
        for note in document.notes:
            blocks.append(f"[^{note.number}]: {_note_markdown(note)}")
            replies = reply_lines(note)
            if replies:
                # Indented four spaces after a blank line: still part of the footnote.
                blocks.append("\n".join(f"    - {escape_inline(line)}" for line in replies))
        # A paragraph with no English to show (and no notes) leaves no block.
        return ("\n\n".join(block for block in blocks if block) + "\n").encode("utf-8")

    def _metadata(self, document: ExportDocument) -> str:
        items: list[str] = []
        if document.source_url:
            items.append(f"Source: {_url(document.source_url)}")
        if document.byline:
            items.append(f"Byline: {escape_inline(document.byline)}")
        items.append(escape_inline(language_pair(document)))
        items.append(f"Exported {exported_text(document)}")
        return escape_line_start(" · ".join(items))

    def _paragraph(self, document: ExportDocument, paragraph: ExportParagraph) -> list[str]:
        english = escape_block(document.shown_target(paragraph))
        if not self.bilingual:
            return [english + _markers(paragraph.notes)]
        # The blank line between the two matters: without it the English
        # would continue the quote ("lazy continuation").
        japanese = _source_markdown(paragraph).replace("\\\n", "\\\n> ")
        return [f"> {japanese}", english]

    def _glossary(self, document: ExportDocument) -> list[str]:
        header = (
            f"| {language_name(document.source_lang)} | Reading "
            f"| {language_name(document.target_lang)} | Kind |"
        )
        rows = [header, "| --- | --- | --- | --- |"]
        for term in document.terms:
            cells = (term.source, term.reading, term.target, term.kind)
            rows.append("| " + " | ".join(escape_inline(" ".join(c.split())) for c in cells) + " |")
        return ["## Glossary", "\n".join(rows)]


class MarkdownBilingualExporter(MarkdownExporter):
    name: ClassVar[str] = "md-bilingual"
    label: ClassVar[str] = "Markdown (bilingual)"
    bilingual: ClassVar[bool] = True
