"""A row's memory matches as the editor shows them: score, the match's Japanese cut
against the row's, its English and where it came from.

The editor page does not load them: each row's matches cell fetches them when it
comes near the window (see templates/partials/paragraph_row.html), so the page costs
the same whatever the size of the memory. One row's matches are a fixed number of
queries (the memory's state, its changes since the index was read, the entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from workbench.articles.models import Paragraph
from workbench.memory.align import japanese_sentences
from workbench.memory.diff import DiffPiece, diff_match, same_text
from workbench.memory.models import EntryUnit
from workbench.memory.provider import MemoryProvider

# As many as the keyboard reaches (Ctrl+Alt+1 … 3).
SHOWN = 3


@dataclass(frozen=True)
class ShownMatch:
    score: int
    pieces: list[DiffPiece]
    target: str
    origin: str
    author: str
    updated_at: datetime
    # The article it came from, while it exists (an imported unit has none).
    article_id: int | None
    paragraph_id: int | None
    # "sentence" when it is one or two sentences of a finished paragraph.
    unit: str
    # How many Japanese sentences a sentence entry holds (an aligned bead has one
    # or two); 0 for the other units.
    sentences: int = 0

    @property
    def exact(self) -> bool:
        return self.score == 100

    @property
    def imported(self) -> bool:
        return self.unit == EntryUnit.IMPORTED

    @property
    def differs(self) -> bool:
        """Whether its Japanese shows any difference (a 100 % match never does)."""
        return not same_text(self.pieces)


def row_matches(session: Session, paragraph: Paragraph) -> list[ShownMatch]:
    """The best matches for the paragraph's Japanese, best first; its own entries left out."""
    source = paragraph.source_text
    if not source.strip():
        return []
    found = MemoryProvider(session, limit=SHOWN).suggest_many({paragraph.id: source})
    shown: list[ShownMatch] = []
    for suggestion in found.get(paragraph.id, []):
        if suggestion.match is None:
            continue
        entry = suggestion.match.entry
        shown.append(
            ShownMatch(
                score=suggestion.score,
                pieces=diff_match(entry.source, source),
                target=suggestion.text,
                origin=entry.origin,
                author=entry.author,
                updated_at=entry.updated_at,
                article_id=entry.article_id,
                paragraph_id=entry.paragraph_id,
                unit=entry.unit,
                sentences=len(japanese_sentences(entry.source))
                if entry.unit == EntryUnit.SENTENCE
                else 0,
            )
        )
    return shown
