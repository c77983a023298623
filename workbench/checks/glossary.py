"""Check a translation against the approved terms found in its source.

For every approved term matched in the source paragraph:

* a warning when neither its target nor any accepted alternative occurs in the
  translation (one warning per term, however often it occurs in the source);
* an error for each forbidden target that does occur.

Proposed terms are shown as highlights but not enforced: nobody has agreed on
them yet. An empty translation gets no checks, as nothing has been written.

English forms are compared after NFKC, with curly apostrophes and Unicode
hyphens folded to ASCII ones (editors type both), whitespace collapsed, and
case folded unless the term is case-sensitive. A form that starts or ends with
a letter or digit must stand at a word boundary there, so "Kim" is not found
in "Kimchi" while "Kim's" still counts. An occurrence of a forbidden form
inside an occurrence of the target or an alternative does not count: with the
target "Kim Jong-un" and the forbidden "Kim", the correct name is not an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.checks.base import Context, Finding, Severity
from workbench.glossary.matcher import Match
from workbench.glossary.models import TermStatus

_FOLDS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True)
class TermInfo:
    source: str
    target: str
    alternatives: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    status: str = TermStatus.APPROVED
    case_sensitive: bool = False


@dataclass(frozen=True)
class TermCheck:
    term_id: int
    severity: Severity
    message: str


class GlossaryCheck:
    """The approved terms of the glossary, as one entry of ``CHECKS``."""

    id = "glossary"
    label = "Glossary terms"
    severity: Severity = "warning"  # a forbidden form found is an error

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        # The matches were made on ``source`` by the caller, who has the matcher.
        if not ctx.glossary_matches:
            return []  # no term in the source: nothing to hold the English to
        found = check_translation(ctx.glossary_matches, ctx.glossary_terms, target)
        return [Finding(self.id, check.severity, check.message) for check in found]


def check_translation(
    source_matches: Sequence[Match], terms: Mapping[int, TermInfo], translation: str
) -> list[TermCheck]:
    if not translation.strip():
        return []
    plain = _fold(translation, case_sensitive=True)
    folded = _fold(translation, case_sensitive=False)
    checks: list[TermCheck] = []
    for term_id in dict.fromkeys(match.term_id for match in source_matches):
        term = terms.get(term_id)
        if term is None or term.status != TermStatus.APPROVED:
            continue
        text = plain if term.case_sensitive else folded
        accepted = [form for form in (term.target, *term.alternatives) if form.strip()]
        accepted_spans = [
            span for form in accepted for span in _occurrences(form, text, term.case_sensitive)
        ]
        if accepted and not accepted_spans:
            checks.append(TermCheck(term_id, "warning", _missing_message(term, accepted)))
        for form in dict.fromkeys(f for f in term.forbidden if f.strip()):
            if any(
                not _inside(span, accepted_spans)
                for span in _occurrences(form, text, term.case_sensitive)
            ):
                checks.append(TermCheck(term_id, "error", _forbidden_message(term, form)))
    return checks


def _missing_message(term: TermInfo, accepted: list[str]) -> str:
    return f"{term.source} should be translated as {_either(accepted)} (approved term)."


def _forbidden_message(term: TermInfo, form: str) -> str:
    use = f"; use {_quote(term.target)}" if term.target.strip() else ""
    return f"{_quote(form)} is a forbidden translation of {term.source}{use}."


def _either(forms: list[str]) -> str:
    quoted = [_quote(form) for form in forms]
    if len(quoted) == 1:
        return quoted[0]
    return f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _quote(form: str) -> str:
    return f"\u201c{form.strip()}\u201d"


def _fold(text: str, case_sensitive: bool) -> str:
    # Every fold keeps the translation and the forms in one comparable space;
    # no offsets leave this module, so lengths may change.
    text = " ".join(unicodedata.normalize("NFKC", text).translate(_FOLDS).split())
    return text if case_sensitive else text.casefold()


def _occurrences(form: str, text: str, case_sensitive: bool) -> Iterable[tuple[int, int]]:
    needle = _fold(form, case_sensitive)
    if not needle:
        return []
    head = r"(?<!\w)" if _is_word_char(needle[0]) else ""
    tail = r"(?!\w)" if _is_word_char(needle[-1]) else ""
    pattern = re.compile(head + re.escape(needle) + tail)
    return [found.span() for found in pattern.finditer(text)]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)
