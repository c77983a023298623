"""The glossary's door: proposing, reviewing, matching, importing and exporting terms.

Views and commands call these functions; they take a session and commit
nothing (the caller commits once). Every change to a term bumps the glossary
version, which is what tells each process's matcher cache to rebuild.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workbench.articles.models import Article, Paragraph
from workbench.bidi import strip_controls
from workbench.checks.glossary import TermInfo
from workbench.database import utcnow
from workbench.glossary.exchange import TermRecord
from workbench.glossary.matcher import Match, Matcher, TermEntry, matcher_cache
from workbench.glossary.models import KINDS, STATUSES, GlossaryState, Term, TermKind, TermStatus
from workbench.japanese.normalize import term_key

MAX_SOURCE = 200
MAX_TARGET = 300
MAX_NOTE = 5000
MAX_LIST = 20


class TermError(ValueError):
    """A term that cannot be stored; the message says why. ``existing`` is set
    when the source is already in the glossary."""

    def __init__(self, message: str, existing: Term | None = None) -> None:
        super().__init__(message)
        self.existing = existing


@dataclass
class TermForm:
    """A term as typed into a form or read from a file."""

    source: str
    target: str
    alternatives: list[str] = field(default_factory=list)
    reading: str = ""
    kind: str = TermKind.TERM
    note: str = ""
    forbidden: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    case_sensitive: bool = False


def split_list(value: str) -> list[str]:
    """A list field typed as one line: items separated by "|" or new lines."""
    items = value.replace("\r", "\n").replace("|", "\n").split("\n")
    return [" ".join(item.split()) for item in items if item.strip()]


# ---------------------------------------------------------------- version and matching


def version(session: Session) -> int:
    return int(session.scalar(select(GlossaryState.version).where(GlossaryState.id == 1)) or 0)


def bump(session: Session) -> None:
    state = session.get(GlossaryState, 1)
    if state is None:
        state = GlossaryState(id=1)
        session.add(state)
    state.version = secrets.randbits(62)


def _entries(session: Session) -> list[TermEntry]:
    rows = session.execute(
        select(Term.id, Term.source, Term.variants_json, Term.case_sensitive, Term.status).where(
            Term.status != TermStatus.REJECTED
        )
    )
    return [
        TermEntry(term_id, source, tuple(json.loads(variants or "[]")), bool(case), status)
        for term_id, source, variants, case, status in rows
    ]


def matcher(session: Session) -> Matcher:
    """This process's matcher for the current glossary (built once per version)."""
    return matcher_cache.get(version(session), lambda: _entries(session))


def terms_by_id(session: Session, ids: Iterable[int]) -> dict[int, Term]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {t.id: t for t in session.scalars(select(Term).where(Term.id.in_(wanted)))}


@dataclass(frozen=True)
class ShownTerm:
    """What a row shows of a term: read as plain columns, not as a Term entity,
    which costs several times more to load on a page with many terms."""

    id: int
    source: str
    target: str
    alternatives: list[str]
    forbidden: list[str]
    reading: str
    kind: str
    note: str
    status: str
    case_sensitive: bool

    @cached_property
    def tip(self) -> str:
        """The tooltip's text, one fact a line (the template escapes it)."""
        lines = [
            "✔ approved" if self.status == TermStatus.APPROVED else "◌ proposed, not yet reviewed"
        ]
        lines.append(self.target)
        if self.alternatives:
            lines.append("also: " + ", ".join(self.alternatives))
        lines.append(f"{self.kind} · {self.reading}" if self.reading else self.kind)
        if self.forbidden:
            lines.append("do not use: " + ", ".join(self.forbidden))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def info(self) -> TermInfo:
        """What the glossary check needs of the term (made once: every row that
        shows the term asks for it)."""
        return self._info

    @cached_property
    def _info(self) -> TermInfo:
        return TermInfo(
            source=self.source,
            target=self.target,
            alternatives=tuple(self.alternatives),
            forbidden=tuple(self.forbidden),
            status=self.status,
            case_sensitive=self.case_sensitive,
        )


def shown_terms(
    session: Session, ids: Iterable[int], glossary_version: int | None = None
) -> dict[int, ShownTerm]:
    """The terms with these ids as rows show them (ids no longer there are left out).

    A term only changes with the glossary version, so the terms read once are kept
    for that version, as the matcher is: a page whose terms were all shown before
    since the last change asks the database for none. ``glossary_version`` is the
    version the caller has already read (read here when not given).
    """
    wanted = set(ids)
    if not wanted:
        return {}
    if glossary_version is None:
        glossary_version = version(session)
    cached_version, cached = _shown
    if cached_version != glossary_version:
        cached = {}
    missing = sorted(wanted.difference(cached))
    if missing:
        cached = {**cached, **_read_shown(session, missing)}
    # One assignment: a thread reading the pair sees an old or a new one, whole.
    _set_shown(glossary_version, cached)
    return {term_id: cached[term_id] for term_id in wanted if term_id in cached}


# (glossary version, its terms read so far); replaced whole, never changed in place.
_shown: tuple[int | None, dict[int, ShownTerm]] = (None, {})


def _set_shown(glossary_version: int, terms: dict[int, ShownTerm]) -> None:
    global _shown
    _shown = (glossary_version, terms)


def _read_shown(session: Session, wanted: list[int]) -> dict[int, ShownTerm]:
    columns = (
        Term.id,
        Term.source,
        Term.target,
        Term.alternatives_json,
        Term.forbidden_json,
        Term.reading,
        Term.kind,
        Term.note,
        Term.status,
        Term.case_sensitive,
    )
    rows = session.execute(select(*columns).where(Term.id.in_(wanted)))
    return {
        row.id: ShownTerm(
            id=row.id,
            source=row.source,
            target=row.target,
            alternatives=json.loads(row.alternatives_json or "[]"),
            forbidden=json.loads(row.forbidden_json or "[]"),
            reading=row.reading or "",
            kind=row.kind,
            note=row.note or "",
            status=row.status,
            case_sensitive=bool(row.case_sensitive),
        )
        for row in rows
    }


@dataclass
class RowGlossary:
    """The glossary as one row shows it: the matches and their terms (the checks
    that use them run in ``checks.service``)."""

    matches: list[Match]
    terms: list[ShownTerm]


def annotate(session: Session, paragraphs: Iterable[Paragraph]) -> dict[int, RowGlossary]:
    """Terms found in each paragraph, in order of first appearance.

    One query whatever the number of paragraphs, the version, and one more for the
    terms found that no page has shown since the glossary last changed (the matcher
    and the shown terms are kept per version).
    """
    current_version = version(session)
    current = matcher_cache.get(current_version, lambda: _entries(session))
    found = {p.id: (p, current.find(p.source_text)) for p in paragraphs}
    terms = shown_terms(
        session, (m.term_id for _, ms in found.values() for m in ms), current_version
    )
    result: dict[int, RowGlossary] = {}
    for pid, (_paragraph, matches) in found.items():
        kept = [m for m in matches if m.term_id in terms]
        result[pid] = RowGlossary(
            matches=kept,
            terms=[terms[i] for i in dict.fromkeys(m.term_id for m in kept)],
        )
    return result


# ---------------------------------------------------------------- proposing and reviewing


def find_duplicate(session: Session, key: str, *, other_than: int | None = None) -> Term | None:
    query = select(Term).where(Term.source_key == key)
    if other_than is not None:
        query = query.where(Term.id != other_than)
    return session.scalars(query).first()


def _clean(form: TermForm) -> TermForm:
    # Direction controls never belong in a glossary entry (workbench/bidi.py).
    def one_line(value: str) -> str:
        return " ".join(strip_controls(value).split())

    def clean_list(values: list[str]) -> list[str]:
        seen = dict.fromkeys(one_line(v) for v in values if v.strip())
        return list(seen)

    cleaned = TermForm(
        source=one_line(form.source),
        target=one_line(form.target),
        alternatives=clean_list(form.alternatives),
        reading=one_line(form.reading),
        kind=form.kind.strip() or TermKind.TERM,
        note=strip_controls(form.note).strip(),
        forbidden=clean_list(form.forbidden),
        variants=clean_list(form.variants),
        case_sensitive=form.case_sensitive,
    )
    if not cleaned.source:
        raise TermError("Give the term's source, as it is written in the Japanese text.")
    if not cleaned.target:
        raise TermError("Give the term's translation.")
    if len(cleaned.source) > MAX_SOURCE or any(len(v) > MAX_SOURCE for v in cleaned.variants):
        raise TermError(f"A source term has at most {MAX_SOURCE} characters.")
    long_targets = [cleaned.target, *cleaned.alternatives, *cleaned.forbidden]
    if any(len(v) > MAX_TARGET for v in long_targets):
        raise TermError(f"A translation has at most {MAX_TARGET} characters.")
    if len(cleaned.reading) > MAX_SOURCE:
        raise TermError(f"A reading has at most {MAX_SOURCE} characters.")
    if len(cleaned.note) > MAX_NOTE:
        raise TermError(f"A note has at most {MAX_NOTE} characters.")
    lists = (cleaned.alternatives, cleaned.forbidden, cleaned.variants)
    if any(len(values) > MAX_LIST for values in lists):
        raise TermError(f"A term has at most {MAX_LIST} alternatives, variants or forbidden forms.")
    if cleaned.kind not in KINDS:
        raise TermError(f"The kind must be one of {', '.join(KINDS)}.")
    if any("\x00" in v for v in (cleaned.source, cleaned.target, cleaned.note, cleaned.reading)):
        raise TermError("The term contains a NUL character.")
    if not term_key(cleaned.source, cleaned.case_sensitive):
        raise TermError("The source has no letters to match once normalized.")
    if cleaned.target in cleaned.forbidden:
        raise TermError("The translation cannot also be a forbidden form.")
    return cleaned


def _apply(term: Term, form: TermForm) -> None:
    term.source = form.source
    term.source_key = term_key(form.source, form.case_sensitive)
    term.target = form.target
    term.alternatives = form.alternatives
    term.reading = form.reading
    term.kind = form.kind
    term.note = form.note
    term.forbidden = form.forbidden
    term.variants = form.variants
    term.case_sensitive = form.case_sensitive
    term.updated_at = utcnow()


def propose(session: Session, form: TermForm, *, author: str, author_id: int | None) -> Term:
    form = _clean(form)
    key = term_key(form.source, form.case_sensitive)
    existing = find_duplicate(session, key)
    if existing is not None:
        raise TermError(
            f"{existing.source} is already in the glossary ({existing.status}, "
            f"translated as “{existing.target}”).",
            existing=existing,
        )
    term = Term(status=TermStatus.PROPOSED, created_by=author, created_by_id=author_id)
    _apply(term, form)
    session.add(term)
    bump(session)
    session.flush()
    return term


def edit(session: Session, term: Term, form: TermForm) -> Term:
    form = _clean(form)
    key = term_key(form.source, form.case_sensitive)
    existing = find_duplicate(session, key, other_than=term.id)
    if existing is not None:
        raise TermError(
            f"{existing.source} is already in the glossary as another term.", existing=existing
        )
    _apply(term, form)
    bump(session)
    session.flush()
    return term


def review(
    session: Session, terms: Iterable[Term], status: str, *, author: str, author_id: int | None
) -> int:
    if status not in STATUSES:
        raise TermError(f"The status must be one of {', '.join(STATUSES)}.")
    now = utcnow()
    changed = 0
    for term in terms:
        if term.status == status:
            continue
        term.status = status
        term.reviewed_by = author
        term.reviewed_by_id = author_id
        term.reviewed_at = now
        term.updated_at = now
        changed += 1
    if changed:
        bump(session)
    return changed


def delete(session: Session, term: Term) -> None:
    session.delete(term)
    bump(session)


# ---------------------------------------------------------------- the review page


def search(
    session: Session,
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    limit: int = 500,
) -> list[Term]:
    query = select(Term)
    if q.strip():
        like = f"%{q.strip()}%"
        query = query.where(
            or_(
                Term.source.ilike(like),
                Term.target.ilike(like),
                Term.reading.ilike(like),
                Term.note.ilike(like),
                Term.variants_json.ilike(like),
                Term.alternatives_json.ilike(like),
            )
        )
    if status in STATUSES:
        query = query.where(Term.status == status)
    if kind in KINDS:
        query = query.where(Term.kind == kind)
    return list(
        session.scalars(query.order_by(Term.created_at.desc(), Term.id.desc()).limit(limit))
    )


@dataclass(frozen=True)
class Occurrence:
    article_id: int
    article_title: str
    paragraph_id: int
    position: int
    text: str  # the matched text as written in the paragraph


def occurrences(session: Session) -> dict[int, list[Occurrence]]:
    """Every place each term occurs, across all articles (one pass over the text)."""
    current = matcher(session)
    found: dict[int, list[Occurrence]] = {}
    rows = session.execute(
        select(Paragraph.id, Paragraph.position, Paragraph.source_text, Article.id, Article.title)
        .join(Article, Article.id == Paragraph.article_id)
        .order_by(Article.id, Paragraph.position)
    )
    for pid, position, source, article_id, title in rows:
        for match in current.find(source):
            found.setdefault(match.term_id, []).append(
                Occurrence(article_id, title, pid, position, match.text)
            )
    return found


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Term)) or 0)


# ---------------------------------------------------------------- import and export


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def export_records(session: Session) -> list[TermRecord]:
    records = []
    for term in session.scalars(select(Term).order_by(Term.source)):
        records.append(
            TermRecord(
                source=term.source,
                target=term.target,
                alternatives=term.alternatives,
                reading=term.reading,
                kind=term.kind,
                note=term.note,
                status=term.status,
                forbidden=term.forbidden,
                variants=term.variants,
                case_sensitive=term.case_sensitive,
                created_by=term.created_by or "",
                reviewed_by=term.reviewed_by or "",
                created_at=_iso(term.created_at),
                reviewed_at=_iso(term.reviewed_at),
            )
        )
    return records


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "skipped": self.skipped}


def _parse_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def import_records(
    session: Session, records: Iterable[TermRecord], *, author: str, author_id: int | None
) -> ImportReport:
    """Add new terms and update changed ones; identical ones are skipped.

    Raises TermError (with the record's number) for a record that cannot be
    stored; the caller rolls back, so a bad file stores nothing.
    """
    report = ImportReport()
    seen: set[str] = set()
    for number, record in enumerate(records, 1):
        form = TermForm(
            source=record.source,
            target=record.target,
            alternatives=list(record.alternatives),
            reading=record.reading,
            kind=record.kind or TermKind.TERM,
            note=record.note,
            forbidden=list(record.forbidden),
            variants=list(record.variants),
            case_sensitive=record.case_sensitive,
        )
        try:
            form = _clean(form)
        except TermError as error:
            raise TermError(f"Term {number} ({record.source!r}): {error}") from error
        key = term_key(form.source, form.case_sensitive)
        if key in seen:
            report.skipped += 1
            continue
        seen.add(key)
        status = record.status if record.status in STATUSES else TermStatus.PROPOSED
        term = find_duplicate(session, key)
        if term is None:
            term = Term(
                status=status,
                created_by=record.created_by or author,
                created_by_id=None if record.created_by else author_id,
            )
            _apply(term, form)
            term.created_at = _parse_time(record.created_at) or utcnow()
            term.reviewed_by = record.reviewed_by or None
            term.reviewed_at = _parse_time(record.reviewed_at)
            session.add(term)
            report.added += 1
            continue
        before = (_snapshot(term), term.status)
        _apply(term, form)
        term.status = status
        if (_snapshot(term), term.status) == before:
            report.skipped += 1
        else:
            report.updated += 1
    if report.added or report.updated:
        bump(session)
    session.flush()
    return report


def _snapshot(term: Term) -> tuple[object, ...]:
    return (
        term.source,
        term.target,
        term.alternatives_json,
        term.reading,
        term.kind,
        term.note,
        term.forbidden_json,
        term.variants_json,
        term.case_sensitive,
    )


def known_keys(session: Session) -> set[str]:
    return set(session.scalars(select(Term.source_key)))


def texts_of_all_articles(session: Session) -> list[str]:
    return list(session.scalars(select(Paragraph.source_text).order_by(Paragraph.id)))
