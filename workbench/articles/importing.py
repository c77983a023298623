"""Turning pasted text or an uploaded file into an article, in one transaction.

The preview's text is kept in an :class:`ImportStage` until the editor
creates the article from it, so the create step posts only the stage's token
and the ticks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePath
from urllib.parse import urlsplit

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from workbench import formkeys
from workbench.articles.decoding import UndecodableError, decode_bytes
from workbench.articles.html_extract import Block, NoArticleTextError, extract_blocks
from workbench.articles.models import Article, ImportStage, Paragraph
from workbench.bidi import strip_controls
from workbench.database import utcnow
from workbench.japanese.clean import Line, clean_text, default_title

ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_PARAGRAPHS = 10_000
MAX_PARAGRAPH_CHARS = 20_000
MAX_TITLE_CHARS = 300
# How long a preview can wait for its "Create article".
STAGE_LIFETIME = timedelta(days=7)


class ImportProblem(ValueError):
    """Input that cannot become an article; the message says why, for a person."""


@dataclass
class Prepared:
    """What the preview shows before anything is stored."""

    lines: list[Line]
    title: str
    encoding: str | None = None
    source_name: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def kept(self) -> list[str]:
        return [line.text for line in self.lines if line.keep]


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def prepare_text(
    text: str,
    *,
    html: bool | None = None,
    source_name: str | None = None,
    encoding: str | None = None,
) -> Prepared:
    # NUL never belongs in an article, and PostgreSQL cannot store it.
    text = text.replace("\x00", "")
    if not text.strip():
        raise ImportProblem("There is no text to import: the paste or file is empty.")
    headline = None
    if html if html is not None else _looks_like_html(text):
        try:
            extracted = extract_blocks(text)
        except NoArticleTextError as error:
            raise ImportProblem(
                "No article text was found in this HTML page. Paste the article's text instead."
            ) from error
        headline = extracted.headline
        lines = _page_lines(extracted.blocks)
    else:
        lines = clean_text(text)
    kept = [line.text for line in lines if line.keep]
    if not kept:
        raise ImportProblem(
            "Nothing is left to translate once blank lines and page furniture are removed."
        )
    # What the preview offers as it stands must be creatable: refuse it here, not
    # after the editor has gone through the preview.
    check_paragraphs(kept)
    # Direction controls never belong in a title (workbench/bidi.py).
    title = strip_controls(headline or "").strip() or strip_controls(default_title(kept))
    return Prepared(
        lines=lines, title=title[:MAX_TITLE_CHARS], encoding=encoding, source_name=source_name
    )


def _page_lines(blocks: list[Block]) -> list[Line]:
    """A web page's paragraphs as preview lines: the article's cleaned like pasted
    text (a comment counter inside it is still furniture), the page chrome dropped
    with its reason, all in document order."""
    lines: list[Line] = []
    run: list[str] = []
    for block in blocks:
        if block.kept:
            run.append(block.text)
            continue
        if run:
            lines.extend(clean_text("\n".join(run)))
            run = []
        lines.append(Line(block.text, False, block.reason))
    if run:
        lines.extend(clean_text("\n".join(run)))
    return lines


def prepare_upload(filename: str, data: bytes) -> Prepared:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ImportProblem(
            f"{PurePath(filename).name!r} is not a text file this workbench reads; "
            "upload a .txt, .md or .html file."
        )
    if not data:
        raise ImportProblem("The uploaded file is empty.")
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as error:
        raise ImportProblem(str(error)) from error
    return prepare_text(
        text,
        html=suffix in (".html", ".htm") or None,
        source_name=PurePath(filename).name,
        encoding=encoding,
    )


def check_paragraphs(paragraphs: list[str]) -> None:
    """Refuse more paragraphs, or a longer one, than an article takes."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ImportProblem(
            f"This text has {len(paragraphs):,} paragraphs; an article takes at most "
            f"{MAX_PARAGRAPHS:,}. Split it into several articles."
        )
    too_long = next((i for i, p in enumerate(paragraphs, 1) if len(p) > MAX_PARAGRAPH_CHARS), None)
    if too_long:
        raise ImportProblem(
            f"Paragraph {too_long:,} is longer than {MAX_PARAGRAPH_CHARS:,} characters; "
            "check that the text has line breaks between paragraphs."
        )


def check_url(url: str) -> str | None:
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise ImportProblem(
            "The source URL must be a web address starting with http:// or https://."
        )
    return url


def create_article(
    session: Session,
    *,
    title: str,
    paragraphs: list[str],
    source_url: str | None = None,
    byline: str | None = None,
    encoding: str | None = None,
    form_key: str | None = None,
) -> Article:
    """Add an article and all its paragraphs; the caller commits once.

    ``form_key`` is the key of the form that asked for it (see
    :mod:`workbench.formkeys`); a second article with the same key fails at commit.
    """
    fields = [title, source_url or "", byline or "", *paragraphs]
    if any("\x00" in field for field in fields):
        raise ImportProblem("The text contains NUL characters; paste it again from its source.")
    # The title and byline lose direction controls; the paragraphs are the article's
    # own text and are kept as they are (workbench/bidi.py).
    title = " ".join(strip_controls(title).split())
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    if not paragraphs:
        raise ImportProblem("Keep at least one paragraph to create an article.")
    check_paragraphs(paragraphs)
    if not title:
        title = strip_controls(default_title(paragraphs))
    if len(title) > MAX_TITLE_CHARS:
        raise ImportProblem(f"The title is longer than {MAX_TITLE_CHARS} characters.")
    byline = strip_controls(byline or "").strip() or None
    if byline and len(byline) > 300:
        raise ImportProblem("The byline is longer than 300 characters.")

    article = Article(
        title=title,
        source_url=check_url(source_url or ""),
        byline=byline,
        source_encoding=(encoding or "").replace("\x00", "")[:40] or None,
        form_key=form_key,
    )
    session.add(article)
    session.flush()
    # One multi-row INSERT instead of one ORM object per paragraph.
    session.execute(
        insert(Paragraph),
        [
            {"article_id": article.id, "position": i, "source_text": text, "target_text": ""}
            for i, text in enumerate(paragraphs, 1)
        ],
    )
    return article


# ---------------------------------------------------------------- the preview's stage


def stage(session: Session, prepared: Prepared, *, title: str, user_id: int) -> ImportStage:
    """Keep a preview's lines for its create step; the caller commits.

    Stages older than :data:`STAGE_LIFETIME` are cleared on the way.
    """
    clear_old_stages(session)
    # NUL never belongs in an article (and PostgreSQL cannot store it).
    lines = [
        [line.text.replace("\x00", ""), line.keep, (line.reason or "").replace("\x00", "") or None]
        for line in prepared.lines
    ]
    row = ImportStage(
        token=formkeys.new_key(),
        user_id=user_id,
        title=title.replace("\x00", "")[:MAX_TITLE_CHARS],
        encoding=(prepared.encoding or "").replace("\x00", "")[:40] or None,
        source_name=(prepared.source_name or "").replace("\x00", "")[:255] or None,
        lines_json=json.dumps(lines, ensure_ascii=False),
    )
    session.add(row)
    return row


def find_stage(session: Session, token: str | None, user_id: int) -> ImportStage | None:
    """The user's own stage with this token, unless it has expired."""
    if token is None:
        return None
    row = session.scalars(
        select(ImportStage).where(ImportStage.token == token, ImportStage.user_id == user_id)
    ).first()
    if row is None or row.created_at < utcnow() - STAGE_LIFETIME:
        return None
    return row


def staged(row: ImportStage) -> Prepared:
    """The preview a stage keeps, as it was shown."""
    lines = [Line(text, keep, reason) for text, keep, reason in json.loads(row.lines_json)]
    return Prepared(
        lines=lines, title=row.title, encoding=row.encoding, source_name=row.source_name
    )


def clear_old_stages(session: Session, now: datetime | None = None) -> None:
    cutoff = (now or utcnow()) - STAGE_LIFETIME
    session.execute(delete(ImportStage).where(ImportStage.created_at < cutoff))
