"""Pre-translation: every empty translation of an article filled in by one job.

For each paragraph without English, in reading order: a 100 % match from the
translation memory, or else (when a provider is chosen) the paragraph's newest
machine draft of its current Japanese, or a new draft made as drafting makes
one. Each text is stored through the editor's own compare-and-set save, with the
version the job read, so English a person typed meanwhile always wins (the
paragraph is skipped). The English stays unconfirmed and the row says where it
came from until a person edits or confirms it.

The job is a Job of kind "pretranslate" on the drafting machinery: the same
queue, the same progress bar, the same Cancel.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from workbench.articles import editing
from workbench.articles.models import Article, Paragraph
from workbench.database import utcnow
from workbench.machine import drafting
from workbench.machine.models import Draft, Job, JobState
from workbench.machine.providers import PROVIDERS, ProviderSettings, get_provider
from workbench.memory.provider import MemoryProvider, MemorySuggestion

log = logging.getLogger(__name__)

KIND = "pretranslate"
# Job.provider of a pre-translation that fills from the memory only.
MEMORY_ONLY = "memory"


def author_name(started_by: str | None) -> str:
    """The author of the revisions a pre-translation stores."""
    return f"Pre-translation by {started_by or 'the command line'}"[:120]


def create_job(
    session: Session,
    article: Article,
    *,
    provider: str | None = None,
    author: str | None = None,
    author_id: int | None = None,
    form_key: str | None = None,
) -> Job:
    """Add a queued pre-translation of the article's empty paragraphs; with ``provider``
    the machine fills what the memory cannot. The caller commits and enqueues."""
    if provider is not None:
        get_provider(provider)  # an unknown name raises KeyError with a sentence
    rows = session.execute(
        select(Paragraph.id, Paragraph.target_text)
        .where(Paragraph.article_id == article.id)
        .order_by(Paragraph.position)
    )
    ids = [pid for pid, target in rows if not target.strip()]
    job = Job(
        kind=KIND,
        article_id=article.id,
        provider=provider or MEMORY_ONLY,
        paragraph_ids=json.dumps(ids),
        total=len(ids),
        started_by=author,
        started_by_id=author_id,
        form_key=form_key,
    )
    session.add(job)
    session.flush()
    return job


@dataclass
class Result:
    """What a pre-translation did with the paragraphs it looked at."""

    memory: int = 0  # filled from a 100 % memory match
    machine: int = 0  # filled from a machine draft
    skipped: int = 0  # had English (or got some meanwhile), or nothing to fill from
    failed: int = 0  # the machine draft failed (its row says why)
    state: str = JobState.DONE

    def as_dict(self) -> dict[str, int]:
        return {
            "memory": self.memory,
            "machine": self.machine,
            "skipped": self.skipped,
            "failed": self.failed,
        }


def fill(
    session: Session,
    paragraph_id: int,
    text: str,
    *,
    base_version: int,
    origin: str,
    author: str,
    author_id: int | None,
    detail: str | None,
    source: str | None = None,
) -> bool:
    """Store ``text`` as the paragraph's English if it is still at ``base_version``
    (the version the job read, when it had none) and, given ``source``, its Japanese
    is still the text that was matched or drafted. False, with nothing written, when
    someone saved (or corrected the Japanese) meanwhile. Raises editing.EditError
    for a text that cannot be stored. The caller commits."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None or (source is not None and paragraph.source_text != source):
        return False
    result = editing.save_translation(
        session,
        paragraph,
        text,
        base_version=base_version,
        author=author,
        author_id=author_id,
        origin=origin,
        detail=detail,
    )
    if result.outcome != "saved":
        # A person's English got there first: the job's text is not offered to them
        # as a conflict, it is simply not stored.
        session.rollback()
        return False
    return True


@dataclass(frozen=True)
class _Todo:
    paragraph_id: int
    source: str
    version: int


@dataclass(frozen=True)
class _Found:
    text: str
    detail: str


def _memory_matches(engine: Engine, todo: list[_Todo]) -> dict[int, _Found]:
    """The 100 % match of each paragraph, through the memory's provider interface."""
    with Session(engine) as session:
        found = MemoryProvider(session, limit=1, min_score=100).suggest_many(
            {item.paragraph_id: item.source for item in todo}
        )
        return {
            pid: _Found(best.text, _memory_detail(best))
            for pid, suggestions in found.items()
            for best in suggestions[:1]
            if best.score >= 100
        }


def _memory_detail(suggestion: MemorySuggestion) -> str:
    origin = suggestion.match.entry.origin if suggestion.match else ""
    return (origin or "the translation memory")[:300]


def _provider_label(name: str) -> str:
    provider = PROVIDERS.get(name)
    return provider.label if provider else name


def _existing_drafts(engine: Engine, todo: list[_Todo]) -> dict[int, _Found]:
    """Each paragraph's newest successful draft of its current Japanese, any provider."""
    wanted = {item.paragraph_id: drafting.source_hash(item.source) for item in todo}
    if not wanted:
        return {}
    found: dict[int, _Found] = {}
    with Session(engine) as session:
        drafts = session.execute(
            select(Draft.paragraph_id, Draft.text, Draft.provider, Draft.source_hash)
            .where(Draft.paragraph_id.in_(list(wanted)), Draft.error.is_(None))
            .order_by(Draft.id.desc())
        )
        for pid, text, provider, digest in drafts:
            if pid not in found and digest == wanted[pid] and text.strip():
                found[pid] = _Found(text, _provider_label(provider))
    return found


def _count(session: Session, job_id: int, *, filled: str | None = None, outcome: str) -> None:
    values: dict[str, object] = {outcome: getattr(Job, outcome) + 1}
    if filled == "memory":
        values["from_memory"] = Job.from_memory + 1
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def run_job(
    engine: Engine,
    job_id: int,
    settings: ProviderSettings,
    *,
    concurrency: int = 4,
    retries: int = 3,
    on_progress: Callable[[Job], None] | None = None,
) -> Result:
    """Fill every paragraph of the job; returns the counts. Never raises for a paragraph."""
    started = drafting.start_job(engine, job_id, "pre-translation")
    if isinstance(started, str):
        return Result(state=started)
    job, article, ids = started
    with Session(engine) as session:
        # The version each paragraph is read at: every fill names it, as an
        # editor's save names the version on their page.
        read = {
            pid: (source, target, version)
            for pid, source, target, version in session.execute(
                select(
                    Paragraph.id, Paragraph.source_text, Paragraph.target_text, Paragraph.version
                ).where(Paragraph.id.in_(ids))
            )
        }

    machine = job.provider != MEMORY_ONLY
    author = author_name(job.started_by)
    result = Result()
    lock = threading.Lock()
    stop = threading.Event()

    def tally(name: str) -> None:
        with lock:
            setattr(result, name, getattr(result, name) + 1)

    todo: list[_Todo] = []
    with Session(engine) as session:
        for pid in ids:
            if pid not in read:
                continue  # deleted since
            source, target, version = read[pid]
            if target.strip():
                _count(session, job.id, outcome="skipped")  # typed before the job started
                result.skipped += 1
            else:
                todo.append(_Todo(pid, source, version))
        session.commit()
    matches = _memory_matches(engine, todo)
    drafts = _existing_drafts(engine, todo) if machine else {}

    def store(item: _Todo, text: str, origin: str, detail: str) -> str:
        """Fill the paragraph and count it, in one transaction: "filled", "skipped"
        (someone got there first) or "failed" (a text that cannot be stored)."""
        with Session(engine) as session:
            try:
                stored = fill(
                    session,
                    item.paragraph_id,
                    text,
                    base_version=item.version,
                    origin=origin,
                    author=author,
                    author_id=job.started_by_id,
                    detail=detail,
                    source=item.source,
                )
            except editing.EditError:
                session.rollback()
                _count(session, job.id, outcome="failed")
                session.commit()
                return "failed"
            if stored:
                _count(session, job.id, filled=origin, outcome="done")
            else:
                _count(session, job.id, outcome="skipped")
            session.commit()
            return "filled" if stored else "skipped"

    def work(item: _Todo) -> None:
        if stop.is_set() or drafting.cancel_requested(engine, job.id):
            stop.set()
            return
        try:
            hit = matches.get(item.paragraph_id)
            if hit is not None:
                outcome = store(item, hit.text, "memory", hit.detail)
                tally("memory" if outcome == "filled" else outcome)
                return
            if not machine:
                with Session(engine) as session:
                    _count(session, job.id, outcome="skipped")
                    session.commit()
                tally("skipped")
                return
            found = drafts.get(item.paragraph_id)
            if found is None:
                made = drafting.draft_one(
                    engine,
                    job,
                    article,
                    item.paragraph_id,
                    item.source,
                    settings,
                    retries=retries,
                    stop=stop,
                )
                if made.cancelled:
                    return  # stopped half-way: the paragraph stays as it was
                if made.text is None:
                    with Session(engine) as session:
                        _count(session, job.id, outcome="failed")
                        session.commit()
                    tally("failed")
                    return
                found = _Found(made.text, _provider_label(job.provider))
            outcome = store(item, found.text, "machine", found.detail)
            tally("machine" if outcome == "filled" else outcome)
        except Exception:  # noqa: BLE001 - one paragraph's failure must not end the job
            log.exception(
                "pre-translating paragraph %s of job %s failed", item.paragraph_id, job.id
            )
            try:
                with Session(engine) as session:
                    _count(session, job.id, outcome="failed")
                    session.commit()
            except Exception:  # noqa: BLE001
                log.exception("could not count the failure of paragraph %s", item.paragraph_id)
            tally("failed")
        finally:
            if on_progress is not None:
                with Session(engine) as session:
                    current = session.get(Job, job.id)
                    if current is not None:
                        on_progress(current)

    # The memory fills need no request: one at a time, in order. Machine drafts
    # wait on a service, so they run side by side like an article's drafting.
    workers = max(1, concurrency) if machine else 1
    end_watch = drafting.watch_for_cancel(engine, job.id, stop)
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pretranslate") as pool:
            list(pool.map(work, todo))
    finally:
        end_watch()

    with Session(engine) as session, session.begin():
        current = session.get(Job, job.id)
        assert current is not None
        current.state = JobState.CANCELLED if current.cancel_requested else JobState.DONE
        current.finished_at = utcnow()
        result.state = current.state
    return result
