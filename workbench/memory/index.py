"""An in-process n-gram index over the memory's Japanese, for fuzzy lookups.

Pure: no database, no Flask. Each entry's match key (NFKC, case-folded, spaces
dropped) is cut into character bigrams; each bigram keeps the slots of the
entries that contain it. A lookup counts, over the query's *rarer* bigrams, how
many each entry shares (an entry that shares at least half the query's bigrams
must appear in the rarer half: a prefix filter), keeps the best-sharing few
and scores only those with rapidfuzz. Common bigrams (した, ている) are what
make a brute-force scan and a naive inverted index slow; the prefix filter
never walks their long lists unless the query has nothing rarer.

Why in-process and not pg_trgm or SQLite FTS5: one index for both databases,
and measured faster than either on the same 100,000 entries (``make bench``:
about 1.5 ms a lookup here, pg_trgm about 13 ms, FTS5's trigram tokenizer
ranking OR-ed trigrams about 280 ms). It costs memory (about 90 MB for 100,000
entries) and a build of a few seconds when a process first looks up.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# A match below this is not shown (OmegaT and Matecat show from 30–50 %).
MIN_SCORE = 50
# How many of the best-sharing candidates get a real score.
CANDIDATES = 40
# How many postings one lookup counts at most, rarest lists first.
POSTINGS_BUDGET = 20_000
# How many entries with the same Japanese one lookup returns at most.
MAX_EXACT = 50


def match_key(text: str) -> str:
    """What a match compares: NFKC, case-folded, without whitespace or middle dots."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "・·")


def grams(key: str) -> set[str]:
    if len(key) < 2:
        return {key} if key else set()
    return {key[i : i + 2] for i in range(len(key) - 1)}


@dataclass(frozen=True)
class Hit:
    """One entry found: its id and its score (100 only for the same text)."""

    entry_id: int
    score: int


class NgramIndex:
    """Slots of entries by bigram. Entries are added and removed by id; a removed or
    replaced entry's old bigrams stay in the lists and are skipped (the slot's key
    no longer matches), so changes cost only the new text's bigrams."""

    def __init__(self) -> None:
        self._keys: list[str | None] = []  # by slot; None: removed
        self._ids: list[int] = []  # entry id by slot
        self._slot: dict[int, int] = {}  # slot by entry id
        self._exact: dict[str, list[int]] = {}  # slots by key
        self._postings: dict[str, array[int]] = {}
        self._stale = 0

    def __len__(self) -> int:
        return len(self._slot)

    @property
    def stale(self) -> int:
        """Slots left behind by removals and replacements (a rebuild drops them)."""
        return self._stale

    def add(self, entry_id: int, source: str) -> None:
        self.remove(entry_id)
        key = match_key(source)
        slot = len(self._keys)
        self._keys.append(key)
        self._ids.append(entry_id)
        self._slot[entry_id] = slot
        self._exact.setdefault(key, []).append(slot)
        postings = self._postings
        for gram in grams(key):
            found = postings.get(gram)
            if found is None:
                postings[gram] = array("I", (slot,))
            else:
                found.append(slot)

    def add_many(self, entries: Iterable[tuple[int, str]]) -> None:
        for entry_id, source in entries:
            self.add(entry_id, source)

    def remove(self, entry_id: int) -> None:
        slot = self._slot.pop(entry_id, None)
        if slot is None:
            return
        key = self._keys[slot]
        self._keys[slot] = None
        self._stale += 1
        if key is not None:
            same = self._exact.get(key)
            if same is not None:
                same.remove(slot)
                if not same:
                    del self._exact[key]

    def lookup(self, text: str, *, limit: int = 3, min_score: int = MIN_SCORE) -> list[Hit]:
        """The best entries for ``text``, best first: every entry with the same key
        (100, newest first, at most MAX_EXACT), then up to ``limit`` more by
        rapidfuzz's ratio, at least ``min_score``."""
        key = match_key(text)
        if not key:
            return []
        # Every entry with the same Japanese, newest first: several may carry one
        # English, and the caller keeps one of each; fuzzy ones follow all the same.
        hits: list[Hit] = [
            Hit(self._ids[slot], 100) for slot in reversed(self._exact.get(key, ()))
        ][:MAX_EXACT]
        seen = {hit.entry_id for hit in hits}
        lists = sorted(
            (found for gram in grams(key) if (found := self._postings.get(gram)) is not None),
            key=len,
        )
        if not lists:
            return hits
        wanted = len(grams(key))
        # An entry scoring at least min_score shares roughly that share of the
        # query's bigrams; it must then appear in the rarest (1 - share) lists + 1.
        rare = lists[: max(1, wanted - (wanted * min_score) // 100 + 1)]
        counts: Counter[int] = Counter()
        walked = 0
        for found in rare:
            # Past the budget the lists are common bigrams that every close entry
            # and thousands of others share: they no longer tell entries apart.
            if walked > POSTINGS_BUDGET and walked:
                break
            counts.update(found)
            walked += len(found)
        keys = self._keys
        low = len(key) * min_score / (200 - min_score)
        high = len(key) * (200 - min_score) / max(min_score, 1)
        choices: dict[int, str] = {}
        for slot, _ in counts.most_common(CANDIDATES * 4):
            candidate = keys[slot]
            if candidate is None or candidate == key or not low <= len(candidate) <= high:
                continue
            choices[slot] = candidate
            if len(choices) >= CANDIDATES:
                break
        for _, score, slot in process.extract(
            key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=min_score
        ):
            entry_id = self._ids[slot]
            if entry_id not in seen:
                seen.add(entry_id)
                # Not the same text: never 100, however close.
                hits.append(Hit(entry_id, min(99, int(score))))
        exact = [hit for hit in hits if hit.score == 100]
        fuzzy = sorted((hit for hit in hits if hit.score < 100), key=lambda hit: -hit.score)
        return exact + fuzzy[:limit]
