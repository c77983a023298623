"""The memory's door: keeping entries in step with paragraphs, looking up matches,
taking in entries from files.

Entries follow paragraphs by themselves: every commit that changed a paragraph's
English, Japanese or status rewrites that paragraph's entries in the same
transaction (see :func:`install`), whichever view, command or job made the
change. Code that changes a paragraph with a bulk UPDATE (bypassing the ORM)
says so with :func:`paragraph_changed`.

Lookups go through one in-process :class:`~workbench.memory.index.NgramIndex`
per database, brought up to date from the entries changed since it was built
(one query when nothing changed).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, event, select, update
from sqlalchemy.orm import Session

from workbench.articles.models import Article, Paragraph, ParagraphStatus
from workbench.database import utcnow
from workbench.memory.align import VERSION as ALIGNER_VERSION
from workbench.memory.align import sentence_pairs
from workbench.memory.index import MIN_SCORE, NgramIndex, match_key
from workbench.memory.models import EntryUnit, MemoryEntry, MemoryState

_T = TypeVar("_T")
_PENDING = "memory_pending_paragraphs"
# Set by a commit that changed entries, so that the request can tell its page.
_CHANGED = "memory_changed"
# The paragraph attributes whose change changes its entries.
_WATCHED = ("target_text", "source_text", "status")


def source_key(source: str) -> str:
    return hashlib.sha256(match_key(source).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- following paragraphs


def paragraph_changed(session: Session, paragraph_id: int) -> None:
    """Note that a paragraph changed outside the ORM: its entries follow at commit."""
    session.info.setdefault(_PENDING, set()).add(paragraph_id)


def _after_flush(session: Session, _context: Any) -> None:
    pending = None
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Paragraph):
            continue
        state = obj.__dict__.get("_sa_instance_state")
        if state is None:
            continue
        if obj in session.new or any(state.attrs[name].history.has_changes() for name in _WATCHED):
            if pending is None:
                pending = session.info.setdefault(_PENDING, set())
            pending.add(obj.id)


def _before_commit(session: Session) -> None:
    if not session.info.get(_PENDING) and not (session.new or session.dirty):
        return
    session.flush()  # the flush hook notes what this commit's flush changes
    pending = session.info.pop(_PENDING, None)
    if pending and sync(session, sorted(pending)):
        session.info[_CHANGED] = True


def changed(session: Session) -> bool:
    """Whether a commit of this session changed the memory since the last call."""
    return bool(session.info.pop(_CHANGED, False))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_CHANGED, None)


_installed = False


def install() -> None:
    """Make every session keep the memory in step (once per process)."""
    global _installed
    if _installed:
        return
    # after_flush: the new paragraphs have their ids and their history is still there.
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_rollback", _forget)
    _installed = True


@dataclass(frozen=True)
class _Wanted:
    unit: EntryUnit
    sentence: int | None
    source: str
    target: str


def _wanted(paragraph: Paragraph) -> list[_Wanted]:
    """The entries a paragraph should have: none unless a person finished it."""
    if paragraph.status not in (ParagraphStatus.TRANSLATED, ParagraphStatus.REVIEWED):
        return []
    source, target = paragraph.source_text.strip(), paragraph.target_text.strip()
    if not source or not target:
        return []
    wanted = [_Wanted(EntryUnit.PARAGRAPH, None, source, target)]
    for i, (ja, en) in enumerate(sentence_pairs(source, target)):
        wanted.append(_Wanted(EntryUnit.SENTENCE, i, ja, en))
    return wanted


def _finished() -> Select[int]:
    """The ids of the paragraphs a person finished, in order."""
    return (
        select(Paragraph.id)
        .where(
            Paragraph.status.in_([ParagraphStatus.TRANSLATED, ParagraphStatus.REVIEWED]),
            Paragraph.target_text != "",
        )
        .order_by(Paragraph.id)
    )


def backfill(session: Session) -> int:
    """Give every finished paragraph that has no entry yet its entries (a database
    from before the memory); the number of paragraphs. Commits a chunk at a time
    (see :func:`_sync_in_chunks`)."""
    missing = list(
        session.scalars(
            _finished().where(
                ~select(MemoryEntry.id).where(MemoryEntry.paragraph_id == Paragraph.id).exists()
            )
        )
    )
    _sync_in_chunks(session, missing)
    return len(missing)


def realign(session: Session) -> int:
    """Rewrite the entries of every finished paragraph when they were cut into
    sentences by an older aligner than this one; the number of paragraphs. Once: the
    memory then records this aligner. Commits a chunk at a time (see
    :func:`_sync_in_chunks`)."""
    state = session.get(MemoryState, 1)
    if state is None or state.aligner >= ALIGNER_VERSION:
        return 0  # no state row: nothing was ever written, by any aligner
    finished = list(session.scalars(_finished()))
    _sync_in_chunks(session, finished)
    session.execute(update(MemoryState).where(MemoryState.id == 1).values(aligner=ALIGNER_VERSION))
    session.commit()
    return len(finished)


def _sync_in_chunks(session: Session, paragraph_ids: list[int]) -> None:
    """:func:`sync` for paragraphs saved before (entries keep the date the paragraph
    was last saved, not today's), committing each chunk of 500.

    Each chunk's paragraph rows are locked first, as a save's UPDATE locks its
    paragraph, so that a save at the same time waits (or is waited for) and the two
    never write the same entry twice; SQLite has one writer at a time anyway, and no
    FOR UPDATE. Committing each chunk keeps a save waiting for a chunk, not for the
    whole memory, and never holding the memory's state row while this waits for a
    paragraph; a run cut short is taken up by the next (entries already right are
    not written again)."""
    for chunk in _chunks(paragraph_ids, 500):
        session.execute(select(Paragraph.id).where(Paragraph.id.in_(chunk)).with_for_update())
        sync(session, chunk, dated=True)
        session.commit()
        session.expunge_all()  # the identity map holds one chunk at a time


def _corrected_under(entry: MemoryEntry, want: _Wanted, status: str) -> bool:
    """The Japanese was corrected under English confirmed for other words (same
    English, same status, other Japanese): the pair is not offered until a person
    changes the English or its status (reviews it, say). Correcting it back to the
    Japanese the English was confirmed for brings it back."""
    return entry.target == want.target and entry.source != want.source and entry.status == status


def sync(session: Session, paragraph_ids: Sequence[int], *, dated: bool = False) -> int:
    """Rewrite the entries of these paragraphs from their current text; the number
    of entries changed. Three queries, whatever the number of paragraphs. ``dated``:
    entries written take the paragraph's last save as their date (entries made
    later for paragraphs saved before), not now."""
    if not paragraph_ids:
        return 0
    rows = session.execute(
        select(Paragraph, Article.title)
        .join(Article, Article.id == Paragraph.article_id)
        .where(Paragraph.id.in_(paragraph_ids))
        .execution_options(populate_existing=True)
    ).all()
    existing: dict[tuple[int, str, int | None], MemoryEntry] = {}
    for found in session.scalars(
        select(MemoryEntry).where(MemoryEntry.paragraph_id.in_(paragraph_ids))
    ):
        assert found.paragraph_id is not None
        existing[(found.paragraph_id, found.unit, found.sentence)] = found
    now = utcnow()
    changes: list[MemoryEntry] = []
    for paragraph, title in rows:
        when = paragraph.updated_at if dated and paragraph.updated_at else now
        keep = set()
        wanted = _wanted(paragraph)
        whole = existing.get((paragraph.id, str(EntryUnit.PARAGRAPH), None))
        if wanted and whole is not None and _corrected_under(whole, wanted[0], paragraph.status):
            wanted = []
        for want in wanted:
            slot = (paragraph.id, str(want.unit), want.sentence)
            keep.add(slot)
            entry: MemoryEntry | None = existing.get(slot)
            if entry is None:
                entry = MemoryEntry(
                    paragraph_id=paragraph.id,
                    unit=want.unit,
                    sentence=want.sentence,
                    created_at=when,
                )
                session.add(entry)
            elif (
                not entry.retired
                and entry.source == want.source
                and entry.target == want.target
                and entry.status == paragraph.status
            ):
                continue
            entry.source, entry.target = want.source, want.target
            entry.source_key = source_key(want.source)
            entry.article_id = paragraph.article_id
            entry.origin = title[:300]
            entry.author = paragraph.updated_by or ""
            entry.author_id = paragraph.updated_by_id
            entry.status = paragraph.status
            entry.updated_at = when
            entry.retired = False
            changes.append(entry)
        for slot, entry in existing.items():
            if slot[0] == paragraph.id and slot not in keep and not entry.retired:
                entry.retired = True
                entry.updated_at = now
                changes.append(entry)
    if changes:
        seq = _next_seq(session)
        for entry in changes:
            entry.seq = seq
    return len(changes)


def _next_seq(session: Session) -> int:
    """The next change number; the UPDATE holds the state row until commit."""
    raised = session.execute(
        update(MemoryState).where(MemoryState.id == 1).values(seq=MemoryState.seq + 1)
    )
    if raised.rowcount != 1:  # type: ignore[attr-defined]
        session.add(MemoryState(id=1, version=secrets.randbits(62), seq=1))
        session.flush()
        return 1
    return int(session.scalar(select(MemoryState.seq).where(MemoryState.id == 1)) or 0)


# ---------------------------------------------------------------- entries from files


@dataclass(frozen=True)
class NewEntry:
    """A unit taken in from a file."""

    source: str
    target: str
    origin: str
    author: str = ""
    created_at: datetime | None = None


def add_entries(session: Session, entries: Iterable[NewEntry]) -> tuple[int, int]:
    """Store the entries the memory does not hold yet; (added, skipped). An entry is
    skipped when the memory already has the same Japanese (by match key) with the
    same English, or when it repeats one before it. The caller commits."""
    entries = [e for e in entries if e.source.strip() and e.target.strip()]
    keys = {source_key(e.source) for e in entries}
    known: set[tuple[str, str]] = set()
    for key_chunk in _chunks(sorted(keys), 500):
        rows = session.execute(
            select(MemoryEntry.source_key, MemoryEntry.target).where(
                MemoryEntry.source_key.in_(key_chunk), MemoryEntry.retired.is_(False)
            )
        )
        known.update((key, target) for key, target in rows)
    added = skipped = 0
    fresh: list[MemoryEntry] = []
    now = utcnow()
    for item in entries:
        source, target = item.source.strip(), item.target.strip()
        pair = (source_key(source), target)
        if pair in known:
            skipped += 1
            continue
        known.add(pair)
        fresh.append(
            MemoryEntry(
                source=source,
                target=target,
                source_key=pair[0],
                unit=EntryUnit.IMPORTED,
                origin=item.origin[:300],
                author=item.author[:120],
                status="imported",
                created_at=item.created_at or now,
                updated_at=item.created_at or now,
            )
        )
        added += 1
    if fresh:
        seq = _next_seq(session)
        for entry in fresh:
            entry.seq = seq
        session.add_all(fresh)
    return added, skipped


def _chunks(items: list[_T], size: int) -> Iterable[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def live_entries(session: Session) -> Iterable[MemoryEntry]:
    """Every entry offered, oldest first (what an export writes)."""
    return session.scalars(
        select(MemoryEntry).where(MemoryEntry.retired.is_(False)).order_by(MemoryEntry.id)
    )


# ---------------------------------------------------------------- the lookup index


@dataclass
class _Cached:
    version: int
    seq: int
    index: NgramIndex


_indexes: dict[str, _Cached] = {}
_lock = threading.Lock()


def _state(session: Session) -> tuple[int, int]:
    row = session.execute(
        select(MemoryState.version, MemoryState.seq).where(MemoryState.id == 1)
    ).first()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _current_index(session: Session) -> NgramIndex:
    """This database's index, brought up to date: one query when nothing changed,
    one more for the entries changed since. Call it holding ``_lock``."""
    version, seq = _state(session)
    key = str(session.get_bind().engine.url)
    cached = _indexes.get(key)
    if cached is None or cached.version != version or cached.seq > seq:
        cached = _Cached(version, -1, NgramIndex())
        _indexes[key] = cached
    if cached.seq < seq:
        _catch_up(session, cached, seq)
    return cached.index


def _catch_up(session: Session, cached: _Cached, seq: int) -> None:
    rows = session.execute(
        select(MemoryEntry.id, MemoryEntry.source, MemoryEntry.retired).where(
            MemoryEntry.seq > cached.seq, MemoryEntry.seq <= seq
        )
    )
    index = cached.index
    for entry_id, source, retired in rows:
        if retired:
            index.remove(entry_id)
        else:
            index.add(entry_id, source)
    cached.seq = seq
    if index.stale > max(10_000, len(index)):
        # Old postings outnumber the live ones: build afresh now, for this lookup.
        cached.seq = -1
        cached.index = NgramIndex()
        _catch_up(session, cached, seq)


@dataclass(frozen=True)
class Match:
    """One entry offered for a text, with its score (100: the same Japanese)."""

    entry: MemoryEntry
    score: int


def lookup_many(
    session: Session,
    texts: Mapping[int, str],
    *,
    limit: int = 3,
    min_score: int = MIN_SCORE,
    exclude_paragraphs: bool = True,
) -> dict[int, list[Match]]:
    """Matches for each text (keyed as given), best first. Entries of the paragraph
    a text is keyed by are left out when ``exclude_paragraphs`` (a paragraph is not
    its own match). The same English offered twice shows once, the newest.
    A fixed number of queries, whatever the number of texts."""
    # The lock covers the lookups too: another thread's catch-up changes the lists.
    with _lock:
        index = _current_index(session)
        hits = {
            key: index.lookup(text, limit=limit * 3, min_score=min_score)
            for key, text in texts.items()
        }
    ids = sorted({hit.entry_id for found in hits.values() for hit in found})
    entries: dict[int, MemoryEntry] = {}
    for chunk in _chunks(ids, 500):
        for entry in session.scalars(select(MemoryEntry).where(MemoryEntry.id.in_(chunk))):
            entries[entry.id] = entry
    result: dict[int, list[Match]] = {}
    for key, found in hits.items():
        matches: list[Match] = []
        seen: set[str] = set()
        ordered = sorted(
            (
                (hit.score, entries[hit.entry_id])
                for hit in found
                if hit.entry_id in entries and not entries[hit.entry_id].retired
            ),
            key=lambda pair: (-pair[0], -pair[1].updated_at.timestamp(), -pair[1].id),
        )
        for score, entry in ordered:
            if exclude_paragraphs and entry.paragraph_id == key:
                continue
            if entry.target in seen:
                continue
            seen.add(entry.target)
            matches.append(Match(entry, score))
            if len(matches) >= limit:
                break
        result[key] = matches
    return result


def lookup(
    session: Session, text: str, *, limit: int = 3, min_score: int = MIN_SCORE
) -> list[Match]:
    """Matches for one text, best first."""
    return lookup_many(
        session, {0: text}, limit=limit, min_score=min_score, exclude_paragraphs=False
    )[0]


def warm(app: Any) -> None:
    """Build the index before the first lookup needs it (a memory of 100,000 entries
    takes seconds): ``workbench serve`` runs this in a thread of its own."""
    from workbench.extensions import db  # noqa: PLC0415  (the capability has no Flask otherwise)

    with app.app_context():
        try:
            with _lock:
                _current_index(db.session)
        except Exception:  # a database not yet migrated: the first lookup builds it
            app.logger.warning("The translation memory's index was not built ahead.", exc_info=True)
        finally:
            db.session.rollback()
