"""Concordance: where a piece of Japanese occurs in the memory and in every article
that has English, with the English beside it.

What is searched, and why each text shows once:

* every paragraph of every article that has English (finished or not yet marked
  translated), with a link to it in the editor;
* the memory's live entries that no article paragraph stands for: units taken in
  from files, and paragraphs kept after their article was deleted.

A finished paragraph is also a memory entry (a whole-paragraph one, and one per
aligned sentence). Those entries are its own text, so the paragraph is shown once,
as the article paragraph (it has a link and its current status). Its sentence
entries add only which English sentence translates the words found; that is shown
on the paragraph itself (``Hit.target_spans``, computed from the same alignment),
never as separate hits that repeat the paragraph's words. The same Japanese with
the same English in several places is one hit, the others listed in ``also``; the
total counts places (two counts in one statement: counting distinct texts would
sort every matching text, seconds for a one-character query over 100,000 entries).

Matching is a substring search in SQL (LIKE over every row: a person's search, not
a lookup on every keystroke of a page), blind to the case of Latin letters and to width for
the common case: the query is tried as typed, in NFKC (full-width ASCII folded)
and with ASCII widened, so "2019" finds "２０１９" and the other way round.
Occurrences are then located in each text shown, for highlighting. Three queries,
whatever the size of the memory.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, func, or_, select
from sqlalchemy.orm import Session

from workbench.articles.models import DONE_STATUSES, Article, Paragraph
from workbench.japanese.normalize import cluster_end, normalize_for_matching
from workbench.memory.align import sentence_beads
from workbench.memory.models import EntryUnit, MemoryEntry

MAX_QUERY = 200  # characters; a concordance looks for words, not whole paragraphs
LIMIT = 50
# Rows read from each side for one page of hits: more than the page, so that texts
# repeated in several places still leave a full page once they are one hit each.
_READ_FACTOR = 3
_ESCAPE = "\\"


class QueryError(ValueError):
    """A query that cannot be searched; its text is the sentence to show."""


class HitKind(StrEnum):
    """Where a hit's text lives."""

    ARTICLE = "article paragraph"
    MEMORY = "memory paragraph"  # kept in the memory after its article was deleted
    IMPORTED = "imported"


Span = tuple[int, int]


@dataclass
class Hit:
    """One text in which the query occurs, with its English."""

    kind: HitKind
    source: str
    target: str
    spans: list[Span]  # the occurrences in ``source``, character offsets
    target_spans: list[Span]  # the English sentences aligned with them, if any
    origin: str  # the article's title, or the file's name
    author: str
    date: datetime
    status: str  # translated, reviewed, "not yet marked translated", imported
    paragraph_id: int | None = None
    article_id: int | None = None
    position: int | None = None
    entry_id: int | None = None
    also: list[str] = field(default_factory=list)  # other places with the same texts

    @property
    def source_pieces(self) -> list[tuple[str, bool]]:
        return pieces(self.source, self.spans)

    @property
    def target_pieces(self) -> list[tuple[str, bool]]:
        return pieces(self.target, self.target_spans)


@dataclass(frozen=True)
class Concordance:
    query: str
    total: int  # places (paragraphs, entries) in which the query occurs
    hits: list[Hit]

    @property
    def more(self) -> bool:
        """Places are left out: only the newest texts are shown."""
        return self.total > sum(1 + len(hit.also) for hit in self.hits)


# ---------------------------------------------------------------- pure text work


def clean_query(query: str) -> str:
    """The query as searched: trimmed, without NUL (no stored text has one);
    QueryError with a sentence when it is empty or too long."""
    text = query.replace("\x00", "").strip()
    if not text:
        raise QueryError("Type or select at least one character of Japanese to search for.")
    if len(text) > MAX_QUERY:
        raise QueryError(
            f"A concordance search is at most {MAX_QUERY} characters; this one has "
            f"{len(text)}. Search for a shorter part of it."
        )
    return text


_WIDE = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
_WIDE[0x20] = 0x3000


def variants(query: str) -> list[str]:
    """The query as typed, in NFKC (full-width letters and digits folded to ASCII)
    and with ASCII widened (as Japanese newspapers write numbers): text written in
    either width is found, whichever width was typed. A text that mixes widths
    inside the words searched (Ｇ20) is not: that would take a normalized copy of
    every text."""
    narrow = unicodedata.normalize("NFKC", query)
    found: list[str] = []
    # LIKE ignores the case of ASCII letters only (on SQLite, and on PostgreSQL
    # under the C locale): the widened query goes in both cases as well.
    wide = (
        narrow.translate(_WIDE),
        narrow.upper().translate(_WIDE),
        narrow.lower().translate(_WIDE),
    )
    for form in (query, narrow, *wide):
        if form not in found:
            found.append(form)
    return found


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern: its wildcards and the escape character are literal."""
    return (
        text.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )


def find_spans(text: str, query: str) -> list[Span]:
    """Every occurrence of ``query`` in ``text`` as offsets in ``text``: one of its
    forms (`variants`) written as it is, ASCII case aside, which is what the search
    matched; otherwise compared as match keys (NFKC, case, spacing and middle dots
    ignored), slower."""
    lowered = text.lower()
    spans: list[Span] = []
    if len(lowered) == len(text):  # lower() kept every offset
        for form in {form.lower() for form in variants(query)}:
            at = lowered.find(form)
            while at >= 0:
                spans.append((at, at + len(form)))
                at = lowered.find(form, at + len(form))
    if not spans:
        spans = _key_spans(text, query)
    kept: list[Span] = []
    for span in sorted(spans):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _key_spans(text: str, query: str) -> list[Span]:
    query_key = normalize_for_matching(query)[0]
    if not query_key:
        return []
    spans: list[Span] = []
    key, offsets = normalize_for_matching(text)
    at = key.find(query_key)
    while at >= 0:
        last = at + len(query_key) - 1
        spans.append((offsets[at], cluster_end(text, offsets[last])))
        at = key.find(query_key, last + 1)
    return spans


def aligned_spans(source: str, target: str, spans: list[Span]) -> list[Span]:
    """The English sentences that translate the Japanese sentences holding the
    occurrences, where the paragraph aligns sentence by sentence (as its sentence
    entries in the memory do); [] otherwise."""
    if not spans:
        return []
    marked: list[Span] = []
    for bead in sentence_beads(source, target):
        (ja_start, ja_end), english = bead.source, bead.target
        if any(ja_start <= start and end <= ja_end for start, end in spans):
            marked.append(english)
    return marked


def pieces(text: str, spans: list[Span]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, marked) at the spans, for a template to show."""
    out: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        if start > cursor:
            out.append((text[cursor:start], False))
        out.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        out.append((text[cursor:], False))
    return out


# ---------------------------------------------------------------- the queries


@dataclass(frozen=True)
class _Pattern:
    """The query's forms as LIKE patterns for one database."""

    forms: list[str]
    # SQLite's LIKE already ignores the case of ASCII letters (and lower() on every
    # row would triple the time of a scan); PostgreSQL's needs ILIKE for that, which
    # costs as much, so only a query with letters that have a case gets it.
    sqlite: bool

    def matches(self, column: SQLColumnExpression[str]) -> ColumnElement[bool]:
        patterns = [f"%{escape_like(form)}%" for form in self.forms]
        cased = any(form.lower() != form.upper() for form in self.forms)
        if self.sqlite or not cased:
            return or_(*(column.like(p, escape=_ESCAPE) for p in patterns))
        return or_(*(column.ilike(p, escape=_ESCAPE) for p in patterns))


def _entry_filter(pattern: _Pattern) -> list[ColumnElement[bool]]:
    # Entries of a paragraph still in an article are that paragraph's own text (its
    # whole text, or its aligned sentences): the paragraph is shown instead.
    return [
        MemoryEntry.retired.is_(False),
        MemoryEntry.paragraph_id.is_(None),
        MemoryEntry.unit != EntryUnit.SENTENCE,
        pattern.matches(MemoryEntry.source),
    ]


def _paragraph_filter(pattern: _Pattern) -> list[ColumnElement[bool]]:
    return [func.trim(Paragraph.target_text) != "", pattern.matches(Paragraph.source_text)]


def _total(session: Session, pattern: _Pattern) -> int:
    """Every place the query occurs: entries and paragraphs, in one statement."""
    entries = select(func.count()).select_from(MemoryEntry).where(*_entry_filter(pattern))
    paragraphs = select(func.count()).select_from(Paragraph).where(*_paragraph_filter(pattern))
    row = session.execute(select(entries.scalar_subquery(), paragraphs.scalar_subquery())).one()
    return int(row[0] or 0) + int(row[1] or 0)


def _entries(pattern: _Pattern, rows: int) -> Select[MemoryEntry]:
    # The newest ids first, then their rows: sorting ids and dates of every match is
    # half the time of sorting the whole rows of every match.
    newest = (
        select(MemoryEntry.id)
        .where(*_entry_filter(pattern))
        .order_by(MemoryEntry.updated_at.desc(), MemoryEntry.id.desc())
        .limit(rows)
    )
    return select(MemoryEntry).where(MemoryEntry.id.in_(newest.scalar_subquery()))


def _paragraphs(pattern: _Pattern, rows: int) -> Select[Paragraph, str]:
    return (
        select(Paragraph, Article.title)
        .join(Article, Article.id == Paragraph.article_id)
        .where(*_paragraph_filter(pattern))
        .order_by(Paragraph.updated_at.desc(), Paragraph.id.desc())
        .limit(rows)
    )


def _paragraph_hit(paragraph: Paragraph, title: str, query: str) -> Hit:
    spans = find_spans(paragraph.source_text, query)
    done = paragraph.status in DONE_STATUSES
    return Hit(
        kind=HitKind.ARTICLE,
        source=paragraph.source_text,
        target=paragraph.target_text,
        spans=spans,
        target_spans=aligned_spans(paragraph.source_text, paragraph.target_text, spans),
        origin=title,
        author=paragraph.updated_by or "",
        date=paragraph.updated_at,
        status=paragraph.status if done else "not yet marked translated",
        paragraph_id=paragraph.id,
        article_id=paragraph.article_id,
        position=paragraph.position,
    )


def _entry_hit(entry: MemoryEntry, query: str) -> Hit:
    spans = find_spans(entry.source, query)
    imported = entry.unit == EntryUnit.IMPORTED
    return Hit(
        kind=HitKind.IMPORTED if imported else HitKind.MEMORY,
        source=entry.source,
        target=entry.target,
        spans=spans,
        target_spans=[] if imported else aligned_spans(entry.source, entry.target, spans),
        origin=entry.origin,
        author=entry.author,
        date=entry.updated_at,
        status=entry.status,
        entry_id=entry.id,
    )


def _place(hit: Hit) -> str:
    if hit.kind == HitKind.ARTICLE and hit.position is not None:
        return f"{hit.origin} ¶{hit.position}"
    return hit.origin


def _one_per_text(hits: list[Hit]) -> list[Hit]:
    """Hits newest first, the same (Japanese, English) once: shown as an article
    paragraph when one has it, the other places named in ``also``."""
    groups: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        groups.setdefault((hit.source.strip(), hit.target.strip()), []).append(hit)
    shown: list[Hit] = []
    for group in groups.values():
        chosen = next((h for h in group if h.kind == HitKind.ARTICLE), group[0])
        chosen.also = [_place(h) for h in group if h is not chosen]
        shown.append(chosen)
    return shown


def search(session: Session, query: str, *, limit: int = LIMIT) -> Concordance:
    """Where ``query`` occurs: the number of places and the newest ``limit`` texts.
    QueryError when the query is empty or longer than `MAX_QUERY`. Three queries."""
    text = clean_query(query)
    pattern = _Pattern(variants(text), session.get_bind().dialect.name == "sqlite")
    rows = max(limit, 1) * _READ_FACTOR
    hits = [_entry_hit(entry, text) for entry in session.scalars(_entries(pattern, rows))]
    hits += [
        _paragraph_hit(paragraph, title, text)
        for paragraph, title in session.execute(_paragraphs(pattern, rows))
    ]
    # Newest first; at the same moment an article paragraph before a memory entry.
    hits.sort(key=lambda h: (h.date, h.kind == HitKind.ARTICLE), reverse=True)
    total = _total(session, pattern)
    return Concordance(query=text, total=total, hits=_one_per_text(hits)[:limit])
