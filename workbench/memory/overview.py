"""What the memory page shows: how many entries it offers, and from where."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.memory.models import EntryUnit, MemoryEntry


@dataclass(frozen=True)
class Counts:
    paragraphs: int = 0
    sentences: int = 0
    imported: int = 0

    @property
    def from_articles(self) -> int:
        return self.paragraphs + self.sentences

    @property
    def total(self) -> int:
        return self.from_articles + self.imported


@dataclass(frozen=True)
class ImportedFile:
    """How many entries were taken in from one file name."""

    origin: str
    entries: int


def counts(session: Session) -> Counts:
    """Live entries by kind, in one query."""
    rows = session.execute(
        select(MemoryEntry.unit, func.count())
        .where(MemoryEntry.retired.is_(False))
        .group_by(MemoryEntry.unit)
    )
    by_unit = {str(unit): int(count) for unit, count in rows}
    return Counts(
        paragraphs=by_unit.get(EntryUnit.PARAGRAPH, 0),
        sentences=by_unit.get(EntryUnit.SENTENCE, 0),
        imported=by_unit.get(EntryUnit.IMPORTED, 0),
    )


def imported_files(session: Session, *, limit: int = 20) -> list[ImportedFile]:
    """The files entries were taken in from, the latest import first (an entry keeps
    the file's own dates, so the order is by entry number)."""
    rows = session.execute(
        select(MemoryEntry.origin, func.count())
        .where(MemoryEntry.retired.is_(False), MemoryEntry.unit == EntryUnit.IMPORTED)
        .group_by(MemoryEntry.origin)
        .order_by(func.max(MemoryEntry.id).desc())
        .limit(limit)
    )
    return [ImportedFile(origin, int(count)) for origin, count in rows]
