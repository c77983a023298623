"""JSON with everything the workbench knows about the exported paragraphs.

For other programs: every value is kept as it is stored (the raw target as
well as the English a reader sees, drafts, failing checks, notes with W3C Web
Annotation selectors), so nothing needs to be parsed out of display text.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, ClassVar

from workbench.exports.base import Exporter
from workbench.exports.document import (
    ExportDocument,
    ExportNote,
    ExportParagraph,
    ExportTerm,
)

FORMAT = "workbench-export"
VERSION = 1


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _term(term: ExportTerm) -> dict[str, Any]:
    return {
        "source": term.source,
        "target": term.target,
        "kind": term.kind,
        "reading": term.reading,
        "note": term.note,
    }


def _note(note: ExportNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "number": note.number,
        "kind": note.kind,
        "body": note.body,
        "url": note.url,
        "read_on": _when(note.read_on),
        "status": note.status,
        "author": note.author,
        "created_at": _when(note.created_at),
        "detached": note.detached,
        "selectors": note.selectors(),
        "replies": [
            {"author": reply.author, "created_at": _when(reply.created_at), "body": reply.body}
            for reply in note.replies
        ],
    }


def _paragraph(document: ExportDocument, paragraph: ExportParagraph) -> dict[str, Any]:
    return {
        "id": paragraph.id,
        "position": paragraph.position,
        "source": paragraph.source,
        "target": paragraph.target,
        "shown_target": document.shown_target(paragraph),
        "status": paragraph.status,
        "drafts": [
            {"provider": draft.provider, "text": draft.text, "created_at": _when(draft.created_at)}
            for draft in paragraph.drafts
        ],
        "problems": list(paragraph.problems),
        "terms": [_term(term) for term in paragraph.terms],
        "notes": [_note(note) for note in paragraph.notes],
    }


def export_data(document: ExportDocument) -> dict[str, Any]:
    """The export as plain JSON values, in the document's order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "article": {
            "id": document.article_id,
            "title": document.title,
            "source_lang": document.source_lang,
            "target_lang": document.target_lang,
            "source_url": document.source_url,
            "byline": document.byline,
            "imported_at": _when(document.imported_at),
            "exported_at": _when(document.exported_at),
        },
        "options": asdict(document.options),
        "paragraphs": [_paragraph(document, paragraph) for paragraph in document.paragraphs],
        "terms": [_term(term) for term in document.terms],
    }


class JsonExporter(Exporter):
    name: ClassVar[str] = "json"
    label: ClassVar[str] = "JSON (everything, for other programs)"
    extension: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"
    exchange: ClassVar[bool] = True

    def render(self, document: ExportDocument) -> bytes:
        text = json.dumps(export_data(document), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
