"""The helpers the editor's templates call: the source cut for terms and note spans,
a marker's tooltip, who may resolve a note, and links in note bodies.

They are registered on the app by init_app (from create_app), not on a capability's
blueprint, so any page or partial may use them whichever view rendered it.
"""

from __future__ import annotations

import re

from flask import Flask
from flask_login import current_user
from markupsafe import Markup, escape

from workbench import formkeys
from workbench.accounts.roles import can
from workbench.bidi import mark_controls
from workbench.glossary import service as glossary_service
from workbench.notes.models import KINDS, Note, NoteKind, NoteStatus
from workbench.notes.pieces import Piece, cut


def note_kinds() -> dict[str, str]:
    return KINDS


def source_pieces(
    text: str, found: glossary_service.RowGlossary | None, notes: list[Note] | None
) -> list[Piece[glossary_service.ShownTerm, Note]]:
    """The source cut for terms and note spans together (see notes/pieces.py)."""
    terms: list[tuple[int, int, glossary_service.ShownTerm]] = []
    if found is not None and found.matches:
        by_id = {term.id: term for term in found.terms}
        terms = [(m.start, m.end, by_id[m.term_id]) for m in found.matches if m.term_id in by_id]
    spans = [
        (note.start, note.end, note) for note in notes or [] if not note.whole and not note.detached
    ]
    return cut(text, terms, spans)


def note_tip(note: Note) -> str:
    """A marker's tooltip: kind, state and the start of the body."""
    body = " ".join(note.body.split())
    if len(body) > 160:
        body = body[:159] + "…"
    state = " (resolved)" if note.status == NoteStatus.RESOLVED else ""
    return f"{note.kind_label}{state}: {body}"


def may_resolve(note: Note) -> bool:
    """Queries are resolved by reviewers; other notes by their author or a reviewer."""
    if note.kind == NoteKind.QUERY:
        return can("resolve_query")
    return can("resolve_query") or (
        current_user.is_authenticated and note.author_id == current_user.id
    )


# Addresses in a body become links: http(s) only, up to the first space or a
# character that cannot end an address in running text (Japanese brackets too).
_URL = re.compile(r"https?://[^\s<>\"'「」『』（）()、。]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def linkify(text: str) -> Markup:
    """Plain text with its http(s) addresses as links; everything else escaped, and
    direction controls shown as markers (workbench/bidi.py)."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(url)
        out.append(str(escape(mark_controls(text[position : match.start()]))))
        out.append(
            f'<a href="{escape(url)}" rel="noopener noreferrer nofollow" '
            f'target="_blank">{escape(mark_controls(url))}</a>'
        )
        position = end
    out.append(str(escape(mark_controls(text[position:]))))
    return Markup("".join(out))


def init_app(app: Flask) -> None:
    app.add_template_global(note_kinds, "note_kinds")
    # Each rendering of a creating form (a note, a reply) gets a key of its own.
    app.add_template_global(formkeys.new_key, "new_request_key")
    app.add_template_global(source_pieces, "source_pieces")
    app.add_template_global(note_tip, "note_tip")
    app.add_template_global(may_resolve, "may_resolve")
    app.add_template_filter(linkify, "linkify")
