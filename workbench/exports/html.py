"""A bilingual web page: Japanese and English side by side, made to be printed.

The page stands alone: styles are embedded and there is no script and no
external resource, so it opens the same from a mail attachment, offline, or
years later. Every piece of user text goes through `html.escape`.
"""

from __future__ import annotations

from html import escape
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

# Japanese needs a CJK font or browsers fall back to mismatched glyphs (and
# print Chinese forms of shared kanji); the larger line height leaves room
# for the taller characters and for furigana-free reading.
_STYLE = """
:root { color-scheme: light; }
body {
  font-family: "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt;
  line-height: 1.5;
  color: #111;
  margin: 2rem auto;
  max-width: 80rem;
  padding: 0 1rem;
}
[lang="ja"] {
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo,
    sans-serif;
  line-height: 1.8;
}
header h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 1.5rem 0; }
th, td { border: 1px solid #bbb; padding: 0.4rem 0.6rem; vertical-align: top; text-align: left; }
thead th { background: #eee; }
table.parallel td.ja, table.parallel td.en { width: 48%; white-space: pre-line; }
table.parallel td.number { width: 4%; color: #666; text-align: right; }
tr.untranslated td.en { color: #777; font-style: italic; }
mark { background: #fff3b0; }
sup a { text-decoration: none; }
section.notes ol { padding-left: 2rem; }
section.notes li { margin-bottom: 0.3rem; overflow-wrap: anywhere; }
section.notes ul.replies { list-style: none; padding-left: 1.5rem; color: #333; }
p.empty { color: #777; font-style: italic; }
@page { size: A4 landscape; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  mark, thead th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; }
  a[href^="http"]:not(.bare)::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  a.back { display: none; }
}
"""


def _link(url: str) -> str:
    """A link showing its own URL; unsafe schemes stay plain text."""
    safe = safe_link(url)
    if safe is None:
        return escape(url)
    return f'<a class="bare" href="{escape(safe)}">{escape(url)}</a>'


def _marker(note: ExportNote) -> str:
    n = note.number
    return f'<sup><a href="#note-{n}" id="ref-{n}">{n}</a></sup>'


def _source_cell(paragraph: ExportParagraph) -> str:
    parts: list[str] = []
    for segment in source_segments(paragraph.source, paragraph.notes):
        text = escape(segment.text)
        parts.append(f"<mark>{text}</mark>" if segment.marked else text)
        parts.extend(_marker(note) for note in segment.notes)
    return "".join(parts)


def _note_item(note: ExportNote) -> str:
    before, url, after = note_text_parts(note)
    text = escape(before) + (_link(url) if url else "") + escape(after)
    n = note.number
    back = f' <a class="back" href="#ref-{n}" aria-label="Back to the text">↩</a>'
    replies = reply_lines(note)
    nested = ""
    if replies:
        items = "".join(f"<li>{escape(line)}</li>" for line in replies)
        nested = f'<ul class="replies">{items}</ul>'
    return f'<li id="note-{n}" value="{n}">{text}{back}{nested}</li>'


class HtmlExporter(Exporter):
    name: ClassVar[str] = "html"
    label: ClassVar[str] = "Web page (bilingual, for print)"
    extension: ClassVar[str] = "html"
    media_type: ClassVar[str] = "text/html; charset=utf-8"

    def render(self, document: ExportDocument) -> bytes:
        source_lang = escape(document.source_lang)
        target_lang = escape(document.target_lang)
        title = escape(document.title)
        out: list[str] = [
            "<!DOCTYPE html>",
            f'<html lang="{target_lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{title}</h1>",
            '<dl class="meta">',
        ]
        if document.source_url:
            out.append(f"<dt>Source</dt><dd>{_link(document.source_url)}</dd>")
        if document.byline:
            out.append(f"<dt>Byline</dt><dd>{escape(document.byline)}</dd>")
        out.append(f"<dt>Languages</dt><dd>{escape(language_pair(document))}</dd>")
        stamp = escape(document.exported_at.isoformat(timespec="minutes"))
        out.append(
            f'<dt>Exported</dt><dd><time datetime="{stamp}">'
            f"{escape(exported_text(document))}</time></dd>"
        )
        out += ["</dl>", "</header>", "<main>"]
        out += self._paragraphs(document, source_lang, target_lang)
        out += self._notes(document)
        out += self._glossary(document, source_lang, target_lang)
        out += ["</main>", "</body>", "</html>", ""]
        return "\n".join(out).encode("utf-8")

    def _paragraphs(
        self, document: ExportDocument, source_lang: str, target_lang: str
    ) -> list[str]:
        if not document.paragraphs:
            return ['<p class="empty">No paragraphs match the options chosen for this export.</p>']
        out = [
            '<table class="parallel">',
            "<thead><tr>",
            '<th scope="col">#</th>',
            f'<th scope="col">{escape(language_name(document.source_lang))}</th>',
            f'<th scope="col">{escape(language_name(document.target_lang))}</th>',
            "</tr></thead>",
            "<tbody>",
        ]
        for paragraph in document.paragraphs:
            shown = document.shown_target(paragraph)
            row_class = "" if paragraph.has_english else ' class="untranslated"'
            # With "kept in Japanese" the English column holds the source; say
            # so, so the CJK fonts apply and screen readers switch voice.
            in_source = not paragraph.has_english and shown == paragraph.source
            shown_lang = source_lang if in_source else target_lang
            out.append(
                f'<tr data-paragraph="{paragraph.position}"{row_class}>'
                f'<td class="number">{paragraph.position}</td>'
                f'<td class="ja" lang="{source_lang}">{_source_cell(paragraph)}</td>'
                f'<td class="en" lang="{shown_lang}">{escape(shown)}</td>'
                "</tr>"
            )
        out += ["</tbody>", "</table>"]
        return out

    def _notes(self, document: ExportDocument) -> list[str]:
        notes = document.notes
        if not notes:
            return []
        return [
            '<section class="notes">',
            "<h2>Notes</h2>",
            "<ol>",
            *(_note_item(note) for note in notes),
            "</ol>",
            "</section>",
        ]

    def _glossary(self, document: ExportDocument, source_lang: str, target_lang: str) -> list[str]:
        terms = document.terms
        if not terms:
            return []
        out = [
            '<section class="glossary">',
            "<h2>Glossary</h2>",
            "<table>",
            "<thead><tr>",
            f'<th scope="col">{escape(language_name(document.source_lang))}</th>',
            '<th scope="col">Reading</th>',
            f'<th scope="col">{escape(language_name(document.target_lang))}</th>',
            '<th scope="col">Kind</th>',
            "</tr></thead>",
            "<tbody>",
        ]
        for term in terms:
            out.append(
                "<tr>"
                f'<td lang="{source_lang}">{escape(term.source)}</td>'
                f'<td lang="{source_lang}">{escape(term.reading)}</td>'
                f'<td lang="{target_lang}">{escape(term.target)}</td>'
                f"<td>{escape(term.kind)}</td>"
                "</tr>"
            )
        out += ["</tbody>", "</table>", "</section>"]
        return out
