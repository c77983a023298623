"""The checks room's door to the database: findings of stored paragraphs, dismissals.

The checks themselves stay pure (registry.py); this module gathers what they
need for many paragraphs at once (the glossary matches, the article-wide
context), runs them, and sets each finding beside the reviewer's dismissal of
it, if one holds. Views, the editor rows, the exports and the command line all
read findings through :func:`findings_for` or :func:`article_findings`, so they
show the same ones.

Like the other services, these functions take a session and commit nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.articles import editing
from workbench.articles.models import Paragraph
from workbench.checks.base import Context, Finding
from workbench.checks.consistency import ArticleFacts, prepare_article
from workbench.checks.models import MAX_REASON, Dismissal
from workbench.checks.registry import CHECKS, run_all
from workbench.database import utcnow
from workbench.glossary import service as glossary_service
from workbench.glossary.models import TermStatus
from workbench.typed_text import tidy


class CheckError(ValueError):
    """A dismissal that cannot be made or taken back; the message says why."""


# Said when a page names a finding its paragraph no longer has.
GONE = "This finding is no longer found: the text changed since the page was shown."


def finding_key(finding: Finding) -> str:
    """What names a finding across page loads: its check and its message (a message
    says what and where, so two findings of one paragraph differ in it)."""
    digest = hashlib.sha256(f"{finding.check_id}\0{finding.message}".encode())
    return digest.hexdigest()[:32]


def texts_hash(source: str, target: str) -> str:
    """The two texts a dismissal was made on; when either changes it no longer holds."""
    return hashlib.sha256(f"{source}\0{target}".encode()).hexdigest()


@dataclass(frozen=True)
class RowFinding:
    """One finding as a row shows it, with the dismissal that holds for it, if any."""

    finding: Finding
    key: str
    dismissal: Dismissal | None = None

    @property
    def check_id(self) -> str:
        return self.finding.check_id

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def message(self) -> str:
        return self.finding.message

    @property
    def label(self) -> str:
        return CHECK_LABELS.get(self.finding.check_id, self.finding.check_id)


@dataclass
class RowFindings:
    """A paragraph's findings: the open ones (what needs attention) and the dismissed."""

    open: list[RowFinding] = field(default_factory=list)
    dismissed: list[RowFinding] = field(default_factory=list)

    def find(self, key: str) -> RowFinding | None:
        return next((f for f in [*self.open, *self.dismissed] if f.key == key), None)


CHECK_LABELS: dict[str, str] = {check.id: check.label for check in CHECKS}


@dataclass(frozen=True)
class ArticleWide:
    """What the article-wide check (consistency) worked out once for an article,
    and each paragraph's index in the pairs it was worked out from."""

    facts: ArticleFacts
    index: Mapping[int, int]  # paragraph id -> index


def article_wide(
    paragraphs: Sequence[Paragraph], glossary: Mapping[int, glossary_service.RowGlossary]
) -> ArticleWide:
    """The consistency table of one article: ``paragraphs`` are all of it, in order;
    the names held to one spelling are the approved targets of the terms found."""
    names = dict.fromkeys(
        term.target
        for paragraph in paragraphs
        if (found := glossary.get(paragraph.id)) is not None
        for term in found.terms
        if term.status == TermStatus.APPROVED
    )
    pairs = [(p.source_text, p.target_text) for p in paragraphs]
    return ArticleWide(prepare_article(pairs, names), {p.id: i for i, p in enumerate(paragraphs)})


def _context(
    paragraph: Paragraph,
    glossary: glossary_service.RowGlossary | None,
    wide: ArticleWide | None,
) -> Context:
    article = wide.facts if wide is not None else None
    index = wide.index.get(paragraph.id) if wide is not None else None
    if glossary is None:
        return Context(article=article, paragraph=index)
    return Context(
        glossary_matches=glossary.matches,
        glossary_terms={term.id: term.info() for term in glossary.terms},
        article=article,
        paragraph=index,
    )


def active_dismissals(
    session: Session, paragraphs: Sequence[Paragraph], *, article_id: int | None = None
) -> dict[int, dict[str, Dismissal]]:
    """The dismissals that hold for each paragraph's current texts, by finding key.

    One query: by article when the paragraphs are all of it, else by their ids.
    """
    query = select(Dismissal).where(Dismissal.reopened_at.is_(None))
    if article_id is not None:
        query = query.where(Dismissal.article_id == article_id)
    else:
        query = query.where(Dismissal.paragraph_id.in_([p.id for p in paragraphs]))
    current = {p.id: texts_hash(p.source_text, p.target_text) for p in paragraphs}
    held: dict[int, dict[str, Dismissal]] = {}
    for dismissal in session.scalars(query.order_by(Dismissal.dismissed_at, Dismissal.id)):
        if current.get(dismissal.paragraph_id) == dismissal.texts_hash:
            held.setdefault(dismissal.paragraph_id, {})[dismissal.finding_key] = dismissal
    return held


def findings_for(
    paragraphs: Iterable[Paragraph],
    glossary: Mapping[int, glossary_service.RowGlossary],
    dismissals: Mapping[int, Mapping[str, Dismissal]],
    wide: Mapping[int, ArticleWide] | None = None,
) -> dict[int, RowFindings]:
    """Every check on every paragraph, each finding beside its dismissal. Pure: the
    caller loaded the glossary matches, the dismissals and the article-wide tables
    (by article id), for all rows at once."""
    result: dict[int, RowFindings] = {}
    for paragraph in paragraphs:
        held = dismissals.get(paragraph.id, {})
        row = RowFindings()
        seen: set[str] = set()
        context = _context(
            paragraph,
            glossary.get(paragraph.id),
            wide.get(paragraph.article_id) if wide is not None else None,
        )
        found = run_all(paragraph.source_text, paragraph.target_text, context)
        for finding in found:
            key = finding_key(finding)
            if key in seen:  # one finding said twice is shown once
                continue
            seen.add(key)
            dismissal = held.get(key)
            if dismissal is None:
                row.open.append(RowFinding(finding, key))
            else:
                row.dismissed.append(RowFinding(finding, key, dismissal))
        result[paragraph.id] = row
    return result


def wide_tables(
    session: Session,
    paragraphs: Sequence[Paragraph],
    glossary: Mapping[int, glossary_service.RowGlossary],
    *,
    article_id: int | None = None,
) -> dict[int, ArticleWide]:
    """The article-wide tables of the articles ``paragraphs`` belong to.

    When they are the whole article (``article_id``), from what is loaded; else
    (one row's save, say) each article's paragraphs and terms are read, three
    queries an article, so that a row shows the same findings as the page.
    """
    if article_id is not None:
        return {article_id: article_wide(paragraphs, glossary)}
    tables: dict[int, ArticleWide] = {}
    for other in sorted({p.article_id for p in paragraphs}):
        whole = editing.article_paragraphs(session, other)
        tables[other] = article_wide(whole, glossary_service.annotate(session, whole))
    return tables


def load_findings(
    session: Session,
    paragraphs: Sequence[Paragraph],
    *,
    article_id: int | None = None,
    glossary: Mapping[int, glossary_service.RowGlossary] | None = None,
) -> dict[int, RowFindings]:
    """Findings of ``paragraphs`` with the queries of the glossary (unless the caller
    loaded it), the dismissals and the article-wide tables: a fixed number, whatever
    the number of paragraphs. ``article_id``: the paragraphs are all of that article."""
    if glossary is None:
        glossary = glossary_service.annotate(session, paragraphs)
    held = active_dismissals(session, paragraphs, article_id=article_id)
    wide = wide_tables(session, paragraphs, glossary, article_id=article_id)
    return findings_for(paragraphs, glossary, held, wide)


@dataclass(frozen=True)
class ArticleFinding:
    """One finding of an article, for the QA page and the command line."""

    paragraph: Paragraph
    found: RowFinding


@dataclass
class ArticleFindings:
    paragraphs: list[Paragraph]
    by_paragraph: dict[int, RowFindings]

    def items(self, *, dismissed: bool = False) -> list[ArticleFinding]:
        """Open findings in paragraph order (or the dismissed ones), check by check."""
        out: list[ArticleFinding] = []
        for paragraph in self.paragraphs:
            row = self.by_paragraph.get(paragraph.id, RowFindings())
            for found in row.dismissed if dismissed else row.open:
                out.append(ArticleFinding(paragraph, found))
        return out

    def counts(self) -> dict[str, Any]:
        """Open findings by severity and by check, and how many are dismissed."""
        open_items = self.items()
        severity = Counter(item.found.severity for item in open_items)
        by_check = Counter(item.found.check_id for item in open_items)
        return {
            "error": severity.get("error", 0),
            "warning": severity.get("warning", 0),
            "dismissed": len(self.items(dismissed=True)),
            "checks": {check.id: by_check.get(check.id, 0) for check in CHECKS},
        }


def article_findings(session: Session, article_id: int) -> ArticleFindings:
    paragraphs = editing.article_paragraphs(session, article_id)
    return ArticleFindings(paragraphs, load_findings(session, paragraphs, article_id=article_id))


# ---------------------------------------------------------------- dismissing


def clean_reason(reason: str) -> str:
    text = tidy(reason)
    if not text:
        raise CheckError("Say why this finding is not a problem; the reason is kept.")
    if len(text) > MAX_REASON:
        raise CheckError(f"A reason has at most {MAX_REASON} characters.")
    return text


def dismiss(
    session: Session,
    paragraph: Paragraph,
    key: str,
    reason: str,
    *,
    by: str,
    by_id: int | None,
    now: datetime | None = None,
) -> Dismissal:
    """Dismiss the paragraph's finding named ``key``, for its texts as they are now.

    A finding that is no longer found (the text changed since the page was drawn)
    is refused; one already dismissed answers with that dismissal (a second click).
    """
    text = clean_reason(reason)
    row = load_findings(session, [paragraph]).get(paragraph.id, RowFindings())
    found = row.find(key)
    if found is None:
        raise CheckError(GONE)
    if found.dismissal is not None:
        return found.dismissal
    dismissal = Dismissal(
        paragraph_id=paragraph.id,
        article_id=paragraph.article_id,
        check_id=found.check_id,
        finding_key=key,
        message=found.message,
        reason=text,
        texts_hash=texts_hash(paragraph.source_text, paragraph.target_text),
        dismissed_by=by,
        dismissed_by_id=by_id,
        dismissed_at=now or utcnow(),
    )
    session.add(dismissal)
    session.flush()
    return dismissal


def reopen(
    session: Session, paragraph: Paragraph, key: str, *, by: str, now: datetime | None = None
) -> None:
    """Take back the dismissal that holds for the finding ``key`` (none: nothing to do)."""
    held = active_dismissals(session, [paragraph]).get(paragraph.id, {})
    dismissal = held.get(key)
    if dismissal is not None:
        dismissal.reopened_at = now or utcnow()
        dismissal.reopened_by = by
        session.flush()


def dismissal_history(session: Session, paragraph: Paragraph) -> list[tuple[Dismissal, bool]]:
    """Every dismissal ever made on the paragraph, newest first, each with whether it
    still holds (not taken back, and the texts unchanged since)."""
    current = texts_hash(paragraph.source_text, paragraph.target_text)
    rows = session.scalars(
        select(Dismissal)
        .where(Dismissal.paragraph_id == paragraph.id)
        .order_by(Dismissal.dismissed_at.desc(), Dismissal.id.desc())
    )
    return [(d, d.reopened_at is None and d.texts_hash == current) for d in rows]
