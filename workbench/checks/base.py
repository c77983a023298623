"""The shape of a QA check and of what it finds.

A check is pure: two texts and a context in, findings out. Whatever a check
needs from the database (the glossary terms found in the source, say) is
gathered by the caller for every paragraph at once and handed over in the
:class:`Context`, so running the checks never adds a query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from workbench.checks.consistency import ArticleFacts
    from workbench.checks.glossary import TermInfo
    from workbench.glossary.matcher import Match

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Finding:
    """One problem in a translation, as the editor row and the export warnings show it.

    ``start`` and ``end`` are code-point offsets into the translation when the
    problem sits at one place in it, None when it is about the whole text.
    """

    check_id: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Context:
    """What a paragraph's checks may need besides its two texts."""

    # The glossary terms found in the source, and what each of them asks for.
    glossary_matches: Sequence[Match] = ()
    glossary_terms: Mapping[int, TermInfo] = field(default_factory=dict)
    # What the article-wide checks found (consistency.py), worked out once per
    # article by prepare_article(pairs, names), and this paragraph's index in
    # those pairs. Without them the consistency check finds nothing.
    article: ArticleFacts | None = None
    paragraph: int | None = None


class Check(Protocol):
    """One check, listed in ``CHECKS`` (registry.py)."""

    id: str  # stored with each finding, e.g. "glossary"
    label: str  # what a person calls it, e.g. "Glossary terms"
    # How serious its findings are, unless a finding says otherwise.
    severity: Severity

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]: ...
