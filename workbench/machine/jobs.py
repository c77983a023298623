"""Drafting and pre-translation jobs on Huey.

The embedded default keeps the queue in an SQLite file in the instance folder
and consumes it in the ``workbench serve`` process; with WORKBENCH_REDIS_URL
the queue is in Redis and ``workbench worker`` processes consume it. Tests run
tasks immediately. Either way the job's state is in the database.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import update
from sqlalchemy.orm import Session

from workbench.database import rowcount, utcnow
from workbench.extensions import db, huey
from workbench.machine import pretranslating
from workbench.machine import settings as machine_settings
from workbench.machine.drafting import Result, run_job
from workbench.machine.models import Job, JobState
from workbench.machine.providers import ProviderSettings

log = logging.getLogger(__name__)

# The app whose database the tasks use (set by init_app; one per process).
_app: Flask | None = None


def init_app(app: Flask) -> None:
    global _app
    _app = app
    if app.config.get("JOBS_IMMEDIATE"):
        huey.immediate = True
        return
    if app.config.get("REDIS_URL"):
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": str(app.config["REDIS_URL"])}
    else:
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(Path(app.instance_path) / "jobs.db")}
    # Leaving immediate mode opens the storage at once: with this app's settings,
    # not those of an app made earlier in the process (whose folder may be gone).
    huey.immediate = False
    huey.storage = huey.create_storage()


def provider_settings(app: Flask) -> ProviderSettings:
    with app.app_context():
        merged = machine_settings.effective(app.config, db.session)
    return ProviderSettings.from_mapping(merged)


def run_now(app: Flask, job_id: int, **kwargs: object) -> Result:
    """Run a job in this process (the command line, and the task below)."""
    with app.app_context():
        engine = db.engine
    return run_job(
        engine,
        job_id,
        provider_settings(app),
        concurrency=int(app.config["MT_CONCURRENCY"]),
        retries=int(app.config["MT_RETRIES"]),
        **kwargs,  # type: ignore[arg-type]
    )


def run_pretranslation_now(app: Flask, job_id: int, **kwargs: object) -> pretranslating.Result:
    """Run a pre-translation job in this process (the command line, and its task)."""
    with app.app_context():
        engine = db.engine
    return pretranslating.run_job(
        engine,
        job_id,
        provider_settings(app),
        concurrency=int(app.config["MT_CONCURRENCY"]),
        retries=int(app.config["MT_RETRIES"]),
        **kwargs,  # type: ignore[arg-type]
    )


def _task_app() -> Flask:
    # Run inside a request (immediate mode), the job belongs to that request's
    # app; on a consumer, to the app this process was started with.
    app = current_app._get_current_object() if has_app_context() else _app  # type: ignore[attr-defined]
    if app is None:
        raise RuntimeError("the job queue is not bound to an app")
    return app


def _record_failure(app: Flask, job_id: int, error: Exception) -> None:
    with app.app_context(), Session(db.engine) as session, session.begin():
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(state=JobState.FAILED, error=str(error)[:500], finished_at=utcnow())
        )


@huey.task()
def draft_task(job_id: int) -> None:
    app = _task_app()
    try:
        run_now(app, job_id)
    except Exception as error:
        log.exception("drafting job %s failed", job_id)
        _record_failure(app, job_id, error)


@huey.task()
def pretranslate_task(job_id: int) -> None:
    app = _task_app()
    try:
        run_pretranslation_now(app, job_id)
    except Exception as error:
        log.exception("pre-translation job %s failed", job_id)
        _record_failure(app, job_id, error)


def enqueue(job_id: int, kind: str = "draft") -> None:
    if kind == pretranslating.KIND:
        pretranslate_task(job_id)
    else:
        draft_task(job_id)


def fail_interrupted_jobs(app: Flask) -> int:
    """Jobs left running by a stopped process will never finish: say so."""
    with app.app_context(), Session(db.engine) as session, session.begin():
        result = session.execute(
            update(Job)
            .where(Job.state == JobState.RUNNING)
            .values(
                state=JobState.FAILED,
                error="The workbench stopped while this job ran; start it again.",
                finished_at=utcnow(),
            )
        )
        return rowcount(result)
