"""Find glossary terms in text: leftmost-longest, non-overlapping, with original offsets.

One Aho-Corasick automaton holds every matchable term under its casefolded key.
Case-sensitive terms live in the same automaton and are checked against the
exact-case key of the span when they hit: one scan per text instead of two,
and a case-sensitive "WP" and a case-insensitive "wp" sharing a key need no
rule about which of two automata wins. The payload of a key is
``(key length, candidates)``, each candidate ``(term id, case_sensitive,
exact key)``; several terms may share a key (a source and another term's
variant, or "US" and "us" with different case rules).

``Automaton.iter_long`` is not used: in pyahocorasick 2.3 it drops matches that
are reached through a failure link after a longer key failed (terms 知識産権
and 国家知識産権局 over 国家知識産権 give nothing), about 2% of random small
cases. ``iter`` reports every occurrence, and picking the longest one at each
start, left to right, is a few lines of Python.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from workbench.glossary.models import TermStatus
from workbench.japanese.normalize import cluster_end, normalize_with_flag, term_key

MATCHED_STATUSES = frozenset({TermStatus.PROPOSED, TermStatus.APPROVED})

# Among terms sharing a key: an exact-case term before a case-blind one (it is
# the more specific rule), then approved before proposed, then the oldest.
_STATUS_RANK: dict[str, int] = {TermStatus.APPROVED: 0, TermStatus.PROPOSED: 1}

Candidate = tuple[int, bool, str]  # term id, case sensitive, exact-case key
Payload = tuple[int, tuple[Candidate, ...]]  # key length, candidates


@dataclass(frozen=True)
class TermEntry:
    id: int
    source: str
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    status: str = TermStatus.APPROVED


@dataclass(frozen=True)
class Match:
    """A term found in a text; ``start`` and ``end`` index the original text."""

    term_id: int
    start: int
    end: int
    text: str


class Matcher:
    """An immutable automaton over a glossary; safe to share between threads.

    pyahocorasick keeps the search state in each iterator, and nothing writes to
    the automaton after :meth:`build`, so concurrent :meth:`find` calls are reads.
    """

    def __init__(self, automaton: ahocorasick.Automaton | None, term_count: int) -> None:
        self._automaton = automaton
        self.term_count = term_count

    @classmethod
    def build(cls, entries: Iterable[TermEntry]) -> Matcher:
        ranked: dict[str, list[tuple[tuple[int, int, int], Candidate]]] = {}
        term_ids: set[int] = set()
        for entry in entries:
            if entry.status not in MATCHED_STATUSES:
                continue
            for form in (entry.source, *entry.variants):
                key = term_key(form, case_sensitive=False)
                if not key:
                    continue
                exact = term_key(form, case_sensitive=True) if entry.case_sensitive else ""
                rank = (0 if entry.case_sensitive else 1, _STATUS_RANK[entry.status], entry.id)
                ranked.setdefault(key, []).append((rank, (entry.id, entry.case_sensitive, exact)))
                term_ids.add(entry.id)
        if not ranked:
            return cls(None, 0)
        automaton = ahocorasick.Automaton()
        for key, candidates in ranked.items():
            unique: tuple[Candidate, ...]
            if len(candidates) == 1:
                unique = (candidates[0][1],)
            else:
                candidates.sort()
                unique = tuple(dict.fromkeys(candidate for _, candidate in candidates))
            automaton.add_word(key, (len(key), unique))
        automaton.make_automaton()
        return cls(automaton, len(term_ids))

    @property
    def automaton(self) -> ahocorasick.Automaton | None:
        """The automaton itself, for benchmarks; payloads are :data:`Payload`."""
        return self._automaton

    def find(self, text: str) -> list[Match]:
        automaton = self._automaton
        if automaton is None or not text:
            return []
        key, offsets, one_to_one = normalize_with_flag(text)
        # best[start] = (end, term id); iter reports matches by end index, so a
        # later hit at the same start is always the longer one.
        best: dict[int, tuple[int, int]] = {}
        for last, (length, candidates) in automaton.iter(key):
            end = last + 1
            start = end - length
            # A hit must cover whole clusters: a term 株 inside ㈱ → (株) is not
            # a term in the text, and its highlight could not be exact.
            if not one_to_one and (
                (start and offsets[start - 1] == offsets[start]) or offsets[end] == offsets[last]
            ):
                continue
            term_id, case_sensitive, _ = candidates[0]
            if case_sensitive:
                chosen = _choose(candidates, text, offsets[start], _stop(text, offsets, end))
                if chosen is None:
                    continue
                term_id = chosen
            best[start] = (end, term_id)
        matches: list[Match] = []
        reached = 0
        for start in sorted(best):
            if start < reached:
                continue
            end, term_id = best[start]
            origin = offsets[start]
            stop = _stop(text, offsets, end)
            matches.append(Match(term_id, origin, stop, text[origin:stop]))
            reached = end
        return matches


def _stop(text: str, offsets: list[int], end: int) -> int:
    """The original end of key characters up to ``end``.

    That is where the last key character's cluster ends, not where the next
    one starts: dots dropped after a term stay outside its span.
    """
    stop = offsets[end]
    last = offsets[end - 1]
    return stop if stop - last == 1 else cluster_end(text, last)


def _choose(candidates: tuple[Candidate, ...], text: str, origin: int, stop: int) -> int | None:
    exact: str | None = None
    for term_id, case_sensitive, wanted in candidates:
        if not case_sensitive:
            return term_id
        if exact is None:
            exact = _exact_key(text[origin:stop])
        if exact == wanted:
            return term_id
    return None


def _exact_key(span: str) -> str:
    # ASCII with plain spacing is its own key; most case-sensitive terms are
    # Latin acronyms, so this skips the full normalization nearly every time.
    if span.isascii() and " ".join(span.split()) == span:
        return span
    return term_key(span, case_sensitive=True)


def segments(text: str, matches: Iterable[Match]) -> list[tuple[str, Match | None]]:
    """Cut ``text`` into plain pieces and matched pieces, in order, for rendering."""
    pieces: list[tuple[str, Match | None]] = []
    position = 0
    for match in sorted(matches, key=lambda m: m.start):
        if match.start < position or match.end > len(text):
            continue  # overlapping or stale: render the text plain rather than twice
        if match.start > position:
            pieces.append((text[position : match.start], None))
        pieces.append((text[match.start : match.end], match))
        position = match.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


class MatcherCache:
    """One matcher per process, rebuilt only when the glossary version changes.

    The version is a counter stored with the glossary and bumped on every term
    change. Each worker process has its own cache and compares versions on each
    request, so a change made in one process reaches the others on their next
    lookup without any signalling between them.

    Readers of the current version never wait: the (version, matcher) pair is
    swapped in one assignment. Callers asking for a new version wait on a lock,
    so it is built once however many arrive together; matchers handed out
    before stay usable, being immutable.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: tuple[int, Matcher] | None = None
        self.builds = 0
        # A process forked while another thread held the lock would inherit it
        # locked forever; the child gets a fresh one (the matcher itself is fine).
        after_fork = weakref.WeakMethod(self._reset_lock)
        os.register_at_fork(after_in_child=lambda: _call_if_alive(after_fork))

    def get(self, version: int, load: Callable[[], Iterable[TermEntry]]) -> Matcher:
        current = self._current
        if current is not None and current[0] == version:
            return current[1]
        with self._lock:
            current = self._current
            if current is not None and current[0] == version:
                return current[1]  # another caller built it while this one waited
            matcher = Matcher.build(load())
            self.builds += 1
            self._current = (version, matcher)
            return matcher

    @property
    def version(self) -> int | None:
        current = self._current
        return None if current is None else current[0]

    def _reset_lock(self) -> None:
        self._lock = threading.Lock()


def _call_if_alive(method: weakref.WeakMethod[Callable[[], None]]) -> None:
    bound = method()
    if bound is not None:
        bound()


matcher_cache = MatcherCache()
"""The process-wide cache the application uses."""
