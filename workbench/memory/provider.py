"""The memory behind the providers' interface: its suggestions are its matches.

A machine service offers one translation at the top score; the memory offers
each match with its own score and where it came from, so a row, pre-translation
or any other caller of ``suggest()`` takes memory matches and machine drafts
the same way. It sends no request: ``translate()`` answers from the memory
(a 100 % match) or fails with a sentence, like a service that has no answer.
It is not among the machine-translation ``PROVIDERS`` (it needs no settings and
is not a service one chooses); :func:`memory_provider` binds one to a session.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from workbench.machine.providers.base import Provider, ProviderSettings, Suggestion
from workbench.memory import service
from workbench.memory.index import MIN_SCORE


@dataclass(frozen=True)
class MemorySuggestion(Suggestion):
    """A match: the suggestion plus the entry it came from."""

    match: service.Match | None = None

    @property
    def source(self) -> str:
        return self.match.entry.source if self.match else ""


class MemoryProvider(Provider):
    name: ClassVar[str] = "memory"
    label: ClassVar[str] = "Translation memory"
    max_chars: ClassVar[int] = 1_000_000

    def __init__(self, session: Session, *, limit: int = 3, min_score: int = MIN_SCORE) -> None:
        self._session = session
        self._limit = limit
        self._min_score = min_score

    def suggest(
        self,
        text: str,
        settings: ProviderSettings | None = None,
        source: str = "ja",
        target: str = "en",
        *,
        stop: threading.Event | None = None,
    ) -> list[Suggestion]:
        matches = service.lookup(self._session, text, limit=self._limit, min_score=self._min_score)
        return [MemorySuggestion(m.entry.target, m.score, self.name, m) for m in matches]

    def suggest_many(self, texts: dict[int, str]) -> dict[int, list[MemorySuggestion]]:
        """Suggestions for many paragraphs' texts (keyed by paragraph id, a paragraph's
        own entries left out) in a fixed number of queries."""
        found = service.lookup_many(
            self._session, texts, limit=self._limit, min_score=self._min_score
        )
        return {
            key: [MemorySuggestion(m.entry.target, m.score, self.name, m) for m in matches]
            for key, matches in found.items()
        }

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        best = service.lookup(self._session, text, limit=1, min_score=100)
        if not best:
            raise self.error("The translation memory has no 100 % match for this text.")
        return best[0].entry.target

    def _checked(self, result: Any, text: str) -> str:
        return str(result)


def memory_provider(session: Session, **options: Any) -> MemoryProvider:
    return MemoryProvider(session, **options)
