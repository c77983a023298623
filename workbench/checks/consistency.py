"""Consistency across an article: one Japanese sentence, one translation; one
approved name, one spelling.

These need the whole article, so the work is done once for it by
:func:`prepare_article`, and each paragraph's :class:`ConsistencyCheck` run
only reads its own entry from the table handed over in ``Context.article``
(with ``Context.paragraph``, the paragraph's index in the pairs given). The
whole article costs one pass over its texts, and no query.

* **Sentences**: a Japanese sentence of at least 8 characters met again later
  in the article must be translated as it was the first time (compared after
  NFKC, folded quotes, collapsed whitespace and case). A paragraph is always
  compared whole; its sentences are compared one by one when the Japanese and
  the English have as many sentences, the only case where it is plain which
  English sentence renders which Japanese one.
* **Names**: when an approved name (a glossary target, given by the caller)
  is written in the article in more than one way that differ only by spacing,
  hyphenation or case (``Kim Jong-un``, ``Kim Jong Un``, ``Kim Jong-Un``,
  ``Kimjongun``), every spelling other than the approved one is reported
  where it stands. One spelling throughout is the glossary check's to judge. Names of one
  word are left alone: a capital at the start of a sentence is no misspelling.

Messages count paragraphs from 1, as the editor shows them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workbench.checks.base import Context, Finding, Severity
from workbench.japanese.split import sentence_spans, shorten

CHECK_ID = "consistency"
SEVERITY: Severity = "warning"
MIN_SENTENCE = 8

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u2010": "-", "\u2011": "-"})
_CURLY = re.compile("[“”‘’\u2010\u2011]")
_EN_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_SEPARATOR = r"[\s\-\u2010\u2011\u2012\u2013]*"


@dataclass(frozen=True)
class ArticleFacts:
    """The article-wide findings, by index into the pairs they were made from."""

    findings: Mapping[int, tuple[Finding, ...]] = field(default_factory=dict)


class ConsistencyCheck:
    id = CHECK_ID
    label = "Consistency in the article"
    severity: Severity = SEVERITY

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if ctx.article is None or ctx.paragraph is None:
            return []
        return list(ctx.article.findings.get(ctx.paragraph, ()))


def prepare_article(pairs: Sequence[tuple[str, str]], names: Iterable[str] = ()) -> ArticleFacts:
    """Work out the consistency findings of a whole article, once.

    ``pairs`` are the (Japanese, English) texts of every paragraph in order;
    ``names`` the approved spellings to hold the English to.
    """
    found: dict[int, list[Finding]] = {}
    for index, finding in [*_sentences(pairs), *_names(pairs, names)]:
        found.setdefault(index, []).append(finding)
    return ArticleFacts({index: tuple(items) for index, items in found.items()})


def _sentences(pairs: Sequence[tuple[str, str]]) -> Iterable[tuple[int, Finding]]:
    first: dict[str, tuple[int, str]] = {}  # Japanese key -> (paragraph, English key)
    for index, (source, target) in enumerate(pairs):
        if not target.strip():
            continue
        for japanese, start, end in _units(source, target):
            key = "".join(unicodedata.normalize("NFKC", japanese).split())
            if len(key) < MIN_SENTENCE:
                continue
            english = _english_key(target[start:end])
            if key not in first:
                first[key] = (index, english)
            elif first[key][1] != english:
                earlier = first[key][0] + 1
                message = (
                    f"“{shorten(japanese.strip(), 30)}” is translated differently "
                    f"in paragraph {earlier}"
                )
                yield index, Finding(CHECK_ID, SEVERITY, message, start, end)


def _units(source: str, target: str) -> list[tuple[str, int, int]]:
    """(Japanese, start, end of its English) for the paragraph and, when they
    pair up one to one, for each of its sentences."""
    units = [(source, *_strip_span(target, 0, len(target)))]
    japanese = [
        source[start:end] for start, end in sentence_spans(source) if source[start:end].strip()
    ]
    english = _english_spans(target)
    if len(japanese) > 1 and len(japanese) == len(english):
        units.extend((ja, start, end) for ja, (start, end) in zip(japanese, english, strict=True))
    return units


def _english_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in _EN_BREAK.finditer(text):
        spans.append(_strip_span(text, start, cut.start()))
        start = cut.end()
    spans.append(_strip_span(text, start, len(text)))
    return [span for span in spans if span[1] > span[0]]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _english_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    if _CURLY.search(folded):  # str.translate goes character by character
        folded = folded.translate(_QUOTES)
    folded = folded.casefold()
    return " ".join(folded.split())


def _names(pairs: Sequence[tuple[str, str]], names: Iterable[str]) -> Iterable[tuple[int, Finding]]:
    approved: dict[str, str] = {}  # skeleton -> the approved spelling
    for name in names:
        parts = _parts(name)
        if len(parts) >= 2:
            approved.setdefault("".join(parts), name.strip())
    if not approved:
        return
    # Longest skeleton first, so that a longer name wins over one it contains.
    pattern = _name_pattern(tuple(approved[k] for k in sorted(approved, key=len, reverse=True)))
    seen: dict[str, list[tuple[int, int, int, str]]] = {}  # approved -> occurrences
    for index, (_source, target) in enumerate(pairs):
        for match in pattern.finditer(target):
            spelling = match.group()
            name = approved["".join(_parts(spelling))]
            seen.setdefault(name, []).append((index, match.start(), match.end(), spelling))
    for name, occurrences in seen.items():
        if len({spelling for *_, spelling in occurrences}) < 2:
            continue  # one spelling throughout: the glossary check judges it
        used = [index for index, *_, spelling in occurrences if spelling == name]
        where = f", as in paragraph {used[0] + 1}" if used else ""
        for index, start, end, spelling in occurrences:
            if spelling != name:
                message = f"“{spelling}” → the approved spelling is “{name}”{where}"
                yield index, Finding(CHECK_ID, SEVERITY, message, start, end)


def _parts(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold())


@functools.lru_cache(maxsize=32)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every spelling of the approved ``names``, in that order.

    Cached: the page, each save and the QA page ask again with the same names, and
    compiling an alternation of hundreds of names costs more than using it."""
    alternatives = [_SEPARATOR.join(re.escape(part) for part in _parts(name)) for name in names]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
