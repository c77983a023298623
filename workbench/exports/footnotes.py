"""The wording of footnotes and header lines, shared by every format made for people.

One wording everywhere, so a note reads the same in the Word file, the web page
and the text file:

    Source citation: “板門店” — The truce village (https://…, read on 2024-05-01) — Aki
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.exports.document import ExportDocument, ExportNote
from workbench.notes.models import NoteStatus

DETACHED_TEXT = "(detached: the quoted words are no longer in the source)"
RESOLVED_TEXT = "(resolved)"


def _one_line(text: str) -> str:
    # A footnote is one line in every format; line breaks in a body would
    # otherwise end a Markdown footnote or a text list item early.
    return " ".join(text.split())


def note_text_parts(note: ExportNote) -> tuple[str, str | None, str]:
    """The footnote wording split around the cited URL: (before, url, after).

    Formats that can link (HTML, Markdown) link the middle part; the others use
    `note_text`, which is the three parts joined.
    """
    head = f"{note.kind_label}:"
    quote = f" “{_one_line(note.exact)}” —" if note.exact else ""
    body = _one_line(note.body)
    before = f"{head}{quote} {body}".rstrip() if body else f"{head}{quote}".rstrip(" —")
    url = note.url.strip() if note.url and note.url.strip() else None
    read_on = f"read on {note.read_on.isoformat()}" if note.read_on else ""
    after = ""
    if url and read_on:
        before += " ("
        after = f", {read_on})"
    elif url:
        before += " ("
        after = ")"
    elif read_on:
        after = f" ({read_on})"
    tail = []
    if note.author:
        tail.append(f" — {_one_line(note.author)}")
    if note.detached:
        tail.append(f" {DETACHED_TEXT}")
    if note.status == NoteStatus.RESOLVED:
        tail.append(f" {RESOLVED_TEXT}")
    return before, url, after + "".join(tail)


def note_text(note: ExportNote) -> str:
    """The footnote text without its number, on one line."""
    before, url, after = note_text_parts(note)
    return f"{before}{url or ''}{after}"


def reply_lines(note: ExportNote) -> list[str]:
    """Each reply as ``author (YYYY-MM-DD): body``, oldest first as given."""
    return [
        f"{_one_line(reply.author)} ({reply.created_at.date().isoformat()}): "
        f"{_one_line(reply.body)}"
        for reply in note.replies
    ]


def safe_link(url: str | None) -> str | None:
    """The URL when it is safe to make clickable (http, https, mailto), else None.

    Notes come from users; a ``javascript:`` URL must stay inert text.
    """
    if not url:
        return None
    lowered = url.strip().lower()
    if lowered.startswith(("http://", "https://", "mailto:")):
        return url.strip()
    return None


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph's source. ``marked``: it is the quoted span of the
    notes in ``notes``, whose markers follow it."""

    text: str
    marked: bool = False
    notes: tuple[ExportNote, ...] = ()


def note_span(source: str, note: ExportNote) -> tuple[int, int] | None:
    """Where a placed note's quote is in the source, or None when it cannot be shown."""
    if note.whole or note.detached:
        return None
    if 0 <= note.start < note.end <= len(source) and source[note.start : note.end] == note.exact:
        return note.start, note.end
    # The offsets should always agree with the quote; if they ever do not, the
    # quote itself is the better guide, and failing that the note is shown as
    # if on the whole paragraph rather than on the wrong words.
    found = source.find(note.exact)
    if found < 0:
        return None
    return found, found + len(note.exact)


def source_segments(source: str, notes: tuple[ExportNote, ...]) -> list[Segment]:
    """The source cut around the quoted spans of ``notes``, for formats that put
    note markers in the Japanese right after the quoted words.

    Whole-paragraph, detached and unplaceable notes get their markers at the end.
    Spans that overlap an earlier one are not nested (no format here can show
    overlapping highlights): the part not yet shown is marked and the marker
    follows it, or, when nothing is left, the marker joins the previous ones.
    """
    placed: list[tuple[int, int, ExportNote]] = []
    trailing: list[ExportNote] = []
    for note in notes:
        span = note_span(source, note)
        if span is None:
            trailing.append(note)
        else:
            placed.append((span[0], span[1], note))
    placed.sort(key=lambda item: (item[0], item[1], item[2].number))

    segments: list[Segment] = []
    cursor = 0
    for start, end, note in placed:
        if end <= cursor:
            last = segments[-1]
            segments[-1] = Segment(last.text, last.marked, (*last.notes, note))
            continue
        start = max(start, cursor)
        if start > cursor:
            segments.append(Segment(source[cursor:start]))
        segments.append(Segment(source[start:end], marked=True, notes=(note,)))
        cursor = end
    if cursor < len(source) or not segments:
        segments.append(Segment(source[cursor:]))
    if trailing:
        last = segments[-1]
        segments[-1] = Segment(last.text, last.marked, (*last.notes, *trailing))
    return segments


# The header lines are worded once here too, so every format for people names
# the language pair and the export time the same way.
LANGUAGE_NAMES: dict[str, str] = {"ja": "Japanese", "en": "English"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def language_pair(document: ExportDocument) -> str:
    """``Japanese → English``."""
    return f"{language_name(document.source_lang)} → {language_name(document.target_lang)}"


def exported_text(document: ExportDocument) -> str:
    """The export time to the minute, with its zone when it has one."""
    moment = document.exported_at
    text = moment.strftime("%Y-%m-%d %H:%M")
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text
