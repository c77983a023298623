"""Drafting an article: a job whose state lives in the database.

Requests run concurrently in a thread pool (deep-translator is synchronous);
each finished paragraph is written at once, so every open page sees its draft
arrive. A draft never touches the editor's translation: a paragraph with no
translation only moves from "new" to "drafted".
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from workbench.articles.models import Article, Paragraph, ParagraphStatus
from workbench.database import utcnow
from workbench.machine.drafting_text import needs_no_request, translate_text
from workbench.machine.errors import MachineError
from workbench.machine.models import ACTIVE_JOB_STATES, Draft, Job, JobState
from workbench.machine.providers import ProviderSettings, get_provider

log = logging.getLogger(__name__)

Scope = Literal["untranslated", "all"]
# After this many paragraphs in a row found the network unreachable, the rest
# fail at once with the same message instead of each waiting for a timeout.
UNREACHABLE_BREAKER = 2
# How often a running job looks for a cancel request (made by any page, any
# process) while its requests are in flight.
CANCEL_POLL = 0.5


class DraftingError(ValueError):
    """A job that cannot start; the message says why."""


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_job(
    session: Session,
    article: Article,
    *,
    provider: str,
    scope: Scope | list[int] = "untranslated",
    force: bool = False,
    author: str | None = None,
    author_id: int | None = None,
) -> Job:
    """Add a queued job for the article's paragraphs; the caller commits and enqueues."""
    get_provider(provider)  # an unknown name raises KeyError with a sentence
    query = select(Paragraph.id).where(Paragraph.article_id == article.id)
    if isinstance(scope, list):
        query = query.where(Paragraph.id.in_(scope))
    elif scope == "untranslated":
        query = query.where(Paragraph.target_text == "")
    ids = list(session.scalars(query.order_by(Paragraph.position)))
    kind = "redraft" if isinstance(scope, list) else "draft"
    job = Job(
        kind=kind,
        article_id=article.id,
        provider=provider,
        paragraph_ids=json.dumps(ids),
        total=len(ids),
        force=force,
        started_by=author,
        started_by_id=author_id,
    )
    session.add(job)
    session.flush()
    return job


def active_job(session: Session, article_id: int) -> Job | None:
    return session.scalars(
        select(Job)
        .where(Job.article_id == article_id, Job.state.in_(ACTIVE_JOB_STATES))
        .order_by(Job.id.desc())
        .limit(1)
    ).first()


def latest_job(session: Session, article_id: int) -> Job | None:
    return session.scalars(
        select(Job).where(Job.article_id == article_id).order_by(Job.id.desc()).limit(1)
    ).first()


def request_cancel(session: Session, job: Job) -> None:
    if job.state == JobState.QUEUED:
        job.state = JobState.CANCELLED
        job.finished_at = utcnow()
    job.cancel_requested = True


@dataclass
class _Breaker:
    lock: threading.Lock
    in_a_row: int = 0
    message: str | None = None

    def record(self, error: MachineError | None) -> None:
        with self.lock:
            if error is not None and error.kind == "unreachable":
                self.in_a_row += 1
                if self.in_a_row >= UNREACHABLE_BREAKER:
                    self.message = error.message
            else:
                self.in_a_row = 0


@dataclass
class Result:
    drafted: int = 0
    cached: int = 0
    skipped: int = 0
    failed: int = 0
    state: str = JobState.DONE

    def as_dict(self) -> dict[str, int]:
        return {
            "drafted": self.drafted,
            "cached": self.cached,
            "skipped": self.skipped,
            "failed": self.failed,
        }


def _cached_draft(session: Session, provider: str, article: Article, digest: str) -> Draft | None:
    return session.scalars(
        select(Draft)
        .where(
            Draft.provider == provider,
            Draft.source_lang == article.source_lang,
            Draft.target_lang == article.target_lang,
            Draft.source_hash == digest,
            Draft.error.is_(None),
        )
        .order_by(Draft.id.desc())
        .limit(1)
    ).first()


def _store(
    engine: Engine,
    job: Job,
    article: Article,
    paragraph_id: int,
    digest: str,
    *,
    text: str = "",
    error: MachineError | None = None,
    cached: bool = False,
    counter: str | None,
) -> None:
    with Session(engine) as session, session.begin():
        session.add(
            Draft(
                paragraph_id=paragraph_id,
                provider=job.provider,
                text=text,
                error=error.message if error else None,
                retryable=bool(error and error.retryable),
                source_lang=article.source_lang,
                target_lang=article.target_lang,
                source_hash=digest,
                cached=cached,
                job_id=job.id,
                created_by=job.started_by,
                created_by_id=job.started_by_id,
            )
        )
        if error is None:
            # Only a paragraph nobody has translated yet changes status.
            session.execute(
                update(Paragraph)
                .where(
                    Paragraph.id == paragraph_id,
                    Paragraph.status == ParagraphStatus.NEW,
                    Paragraph.target_text == "",
                )
                .values(status=ParagraphStatus.DRAFTED)
                .execution_options(synchronize_session=False)
            )
        if counter is None:
            return  # the caller counts (pre-translation counts a paragraph once filled)
        values = {counter: getattr(Job, counter) + 1}
        if counter == "cached":
            values["done"] = Job.done + 1
        session.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


@dataclass(frozen=True)
class OneDraft:
    """What :func:`draft_one` stored: the draft's text, or the sentence why not."""

    text: str | None
    error: str | None = None
    cancelled: bool = False


def draft_one(
    engine: Engine,
    job: Job,
    article: Article,
    paragraph_id: int,
    text: str,
    settings: ProviderSettings,
    *,
    retries: int,
    stop: threading.Event | None = None,
) -> OneDraft:
    """Draft one paragraph for ``job`` as an article's drafting does (a wordless text
    copied, the cache, then the service), storing the draft or its failure beside
    the paragraph; the job's counters are left to the caller."""
    provider = get_provider(job.provider)
    digest = source_hash(text)
    if needs_no_request(text):
        _store(engine, job, article, paragraph_id, digest, text=text, counter=None)
        return OneDraft(text)
    with Session(engine) as session:
        hit = _cached_draft(session, job.provider, article, digest)
        hit_text = hit.text if hit else None
    if hit_text is not None:
        _store(engine, job, article, paragraph_id, digest, text=hit_text, cached=True, counter=None)
        return OneDraft(hit_text)
    missing = provider.missing(settings)
    try:
        if missing:
            raise MachineError(missing, retryable=False, kind="auth")
        drafted = translate_text(provider, text, settings, retries=retries, stop=stop)
    except MachineError as error:
        if error.kind == "cancelled":
            return OneDraft(None, cancelled=True)
        _store(engine, job, article, paragraph_id, digest, error=error, counter=None)
        return OneDraft(None, error.message)
    _store(engine, job, article, paragraph_id, digest, text=drafted, counter=None)
    return OneDraft(drafted)


def cancel_requested(engine: Engine, job_id: int) -> bool:
    return _cancel_requested(engine, job_id)


def watch_for_cancel(engine: Engine, job_id: int, stop: threading.Event) -> Callable[[], None]:
    """Set ``stop`` as soon as the job's cancel is requested (from any process), so
    requests in flight end; returns the function that ends the watch."""
    done = threading.Event()
    watcher = threading.Thread(
        target=_watch_for_cancel,
        args=(engine, job_id, stop, done),
        name=f"job-{job_id}-cancel",
        daemon=True,
    )
    watcher.start()

    def end() -> None:
        done.set()
        watcher.join()

    return end


def _cancel_requested(engine: Engine, job_id: int) -> bool:
    with Session(engine) as session:
        return bool(session.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


def _watch_for_cancel(
    engine: Engine, job_id: int, stop: threading.Event, done: threading.Event
) -> None:
    """Set ``stop`` as soon as the job's cancel is requested; end when ``done`` is set.

    The flag is in the database because the Cancel button may be pressed in
    another process; ``stop`` is how the requests in flight learn of it.
    """
    while not done.wait(CANCEL_POLL):
        try:
            if _cancel_requested(engine, job_id):
                stop.set()
                return
        except Exception:  # noqa: BLE001 - a lost poll must not end the job
            log.exception("could not check job %s for a cancel request", job_id)


def start_job(engine: Engine, job_id: int, noun: str) -> tuple[Job, Article, list[int]] | str:
    """Mark a queued job running and return it detached, with its article and the
    ids of its paragraphs; or the state of a job that ended before it ran."""
    with Session(engine, expire_on_commit=False) as session:
        job = session.get(Job, job_id)
        if job is None:
            raise DraftingError(f"There is no {noun} job {job_id}.")
        if job.state not in ACTIVE_JOB_STATES:
            return job.state
        article = session.get(Article, job.article_id)
        assert article is not None
        ids: list[int] = json.loads(job.paragraph_ids)
        job.state = JobState.RUNNING
        job.started_at = utcnow()
        session.commit()
        session.expunge_all()
    return job, article, ids


def run_job(
    engine: Engine,
    job_id: int,
    settings: ProviderSettings,
    *,
    concurrency: int = 4,
    retries: int = 3,
    on_progress: Callable[[Job], None] | None = None,
) -> Result:
    """Draft every paragraph of the job; returns the counts. Never raises for a paragraph."""
    started = start_job(engine, job_id, "drafting")
    if isinstance(started, str):
        return Result(state=started)
    job, article, ids = started
    with Session(engine) as session:
        texts: dict[int, str] = {
            pid: text
            for pid, text in session.execute(
                select(Paragraph.id, Paragraph.source_text).where(Paragraph.id.in_(ids))
            )
        }

    provider = get_provider(job.provider)
    missing = provider.missing(settings)
    breaker = _Breaker(threading.Lock())
    if missing:
        breaker.message = missing
    result = Result()
    result_lock = threading.Lock()

    def count(name: str) -> None:
        with result_lock:
            setattr(result, name, getattr(result, name) + 1)

    stop = threading.Event()

    def cancelled() -> bool:
        if not stop.is_set() and _cancel_requested(engine, job.id):
            stop.set()
        return stop.is_set()

    def work(paragraph_id: int) -> None:
        text = texts.get(paragraph_id)
        if text is None or cancelled():
            return
        digest = source_hash(text)
        try:
            if needs_no_request(text):
                _store(engine, job, article, paragraph_id, digest, text=text, counter="skipped")
                count("skipped")
                return
            if not job.force:
                with Session(engine) as session:
                    hit = _cached_draft(session, job.provider, article, digest)
                    hit_text = hit.text if hit else None
                if hit_text is not None:
                    _store(
                        engine,
                        job,
                        article,
                        paragraph_id,
                        digest,
                        text=hit_text,
                        cached=True,
                        counter="cached",
                    )
                    count("cached")
                    return
            if breaker.message:
                error = MachineError(breaker.message, retryable=True, kind="unreachable")
                if missing:
                    error = MachineError(missing, retryable=False, kind="auth")
                _store(engine, job, article, paragraph_id, digest, error=error, counter="failed")
                count("failed")
                return
            try:
                draft = translate_text(provider, text, settings, retries=retries, stop=stop)
            except MachineError as error:
                if error.kind == "cancelled":
                    return  # stopped half-way: the paragraph stays as it was
                breaker.record(error)
                _store(engine, job, article, paragraph_id, digest, error=error, counter="failed")
                count("failed")
                return
            breaker.record(None)
            _store(engine, job, article, paragraph_id, digest, text=draft, counter="done")
            count("drafted")
        except Exception:  # noqa: BLE001 - one paragraph's failure must not end the job
            log.exception("drafting paragraph %s of job %s failed", paragraph_id, job.id)
            unexpected = MachineError(
                "The draft could not be stored because of an unexpected error; retry it.",
                retryable=True,
                kind="unknown",
            )
            try:
                _store(
                    engine, job, article, paragraph_id, digest, error=unexpected, counter="failed"
                )
            except Exception:  # noqa: BLE001
                log.exception("could not record the failure of paragraph %s", paragraph_id)
            count("failed")
        finally:
            if on_progress is not None:
                with Session(engine) as session:
                    current = session.get(Job, job.id)
                    if current is not None:
                        on_progress(current)

    finished = threading.Event()
    watcher = threading.Thread(
        target=_watch_for_cancel,
        args=(engine, job.id, stop, finished),
        name=f"draft-{job.id}-cancel",
        daemon=True,
    )
    watcher.start()
    try:
        with ThreadPoolExecutor(
            max_workers=max(1, concurrency), thread_name_prefix="draft"
        ) as pool:
            list(pool.map(work, ids))
    finally:
        finished.set()
        watcher.join()

    with Session(engine) as session, session.begin():
        current = session.get(Job, job.id)
        assert current is not None
        current.state = JobState.CANCELLED if current.cancel_requested else JobState.DONE
        current.finished_at = utcnow()
        result.state = current.state
    return result
