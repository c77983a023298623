"""Drafting 100 paragraphs against a service that answers after 100 ms.

The job (workbench.machine.drafting.run_job, LibreTranslate through
deep-translator, a real SQLite database) should cost little more than the
requests themselves spread over its threads: wall / (100 x 0.1 s / concurrency)
at most 1.3. For comparison, deep-translator's own translate_batch() on the
same texts, one request after the other, measured in the same run.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from deep_translator import LibreTranslator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.fake_mt import FakeMT, echo
from tests.support.samples import sample_text
from workbench import create_app
from workbench.articles.importing import create_article
from workbench.extensions import db
from workbench.japanese.split import split_sentences
from workbench.machine.drafting import create_job, run_job
from workbench.machine.models import Draft, Job
from workbench.machine.providers import ProviderSettings, get_provider
from workbench.migrate import upgrade

PARAGRAPHS = 100
LATENCY = 0.1  # seconds the fake waits before each answer
CONCURRENCY = 4
TARGET = 1.3


def _texts(count: int) -> list[str]:
    """``count`` distinct Japanese paragraphs built from the sample's sentences.

    Each is two sample sentences in a combination no other paragraph uses, so
    the draft cache never answers one from another.
    """
    sentences = [
        s.strip() for line in sample_text().splitlines() for s in split_sentences(line) if s.strip()
    ]
    sentences = list(dict.fromkeys(s for s in sentences if len(s) > 10))
    texts: list[str] = []
    n = len(sentences)
    for i in range(count):
        first = sentences[i % n]
        second = sentences[(i // n + i + 1) % n]
        texts.append(f"{first}{second}（{i + 1}）")
    assert len(set(texts)) == count, "the benchmark paragraphs must all differ"
    return texts


def _draft_with_the_job(tmp: Path, fake: FakeMT, texts: list[str]) -> tuple[float, int, int]:
    """Wall time of run_job, the number of progress callbacks, and drafts stored."""
    app = create_app(
        {
            "INSTANCE": tmp,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
            "LIBRETRANSLATE_URL": fake.url + "/",
            "MT_PROVIDER": "libretranslate",
            "MT_TIMEOUT": 5,
            "JOBS_IMMEDIATE": True,
        }
    )
    with app.app_context():
        engine = db.engine
        upgrade(engine)
        article = create_article(db.session, title="Benchmark", paragraphs=texts)
        db.session.flush()
        job = create_job(db.session, article, provider="libretranslate", scope="all")
        db.session.commit()
        job_id = job.id
    settings = ProviderSettings.from_mapping(app.config)
    progress_calls = [0]

    def on_progress(_job: Job) -> None:
        progress_calls[0] += 1

    start = time.perf_counter()
    result = run_job(
        engine, job_id, settings, concurrency=CONCURRENCY, retries=0, on_progress=on_progress
    )
    wall = time.perf_counter() - start
    with Session(engine) as session:
        stored = session.scalar(
            select(func.count()).select_from(Draft).where(Draft.error.is_(None))
        )
        wrong = [
            text
            for text in session.scalars(select(Draft.text).where(Draft.job_id == job_id))
            if not text.startswith("EN[")
        ]
    assert result.failed == 0 and result.cached == 0, f"unexpected result: {result}"
    assert not wrong, f"drafts that are not the fake's answers: {wrong[:3]}"
    engine.dispose()
    return wall, progress_calls[0], int(stored or 0)


def _draft_with_deep_translator(fake: FakeMT, texts: list[str]) -> float:
    """deep-translator's own batch call, built like LibreProvider builds its translator."""
    translator = LibreTranslator(
        source="ja", target="en", api_key="none", custom_url=fake.url + "/"
    )
    translator.api_key = None  # as LibreProvider does for a server without keys
    start = time.perf_counter()
    answers = translator.translate_batch(texts)
    seconds = time.perf_counter() - start
    assert answers == [echo(t) for t in texts], "translate_batch did not get the fake's answers"
    return seconds


def _requests_only(fake: FakeMT, texts: list[str]) -> float:
    """The same provider calls on the same number of threads, with no job and no database."""
    provider = get_provider("libretranslate")
    settings = ProviderSettings(timeout=5, libretranslate_url=fake.url + "/")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        answers = list(pool.map(lambda t: provider.translate(t, settings), texts))
    seconds = time.perf_counter() - start
    assert answers == [echo(t) for t in texts], "the provider did not get the fake's answers"
    return seconds


def run() -> bool:
    texts = _texts(PARAGRAPHS)
    with FakeMT() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.set_mode("latency", latency=LATENCY)
        wall, progress_calls, stored = _draft_with_the_job(Path(tmp), fake, texts)
        job_requests = fake.requests
        fake.reset()
        fake.set_mode("latency", latency=LATENCY)
        sequential = _draft_with_deep_translator(fake, texts)
        batch_requests = fake.requests
        fake.reset()
        fake.set_mode("latency", latency=LATENCY)
        bare = _requests_only(fake, texts)

    ideal = PARAGRAPHS * LATENCY / CONCURRENCY
    ratio = wall / ideal
    print(
        f"paragraphs {PARAGRAPHS}, answer latency {LATENCY * 1000:.0f} ms, "
        f"concurrency {CONCURRENCY}"
    )
    print(
        f"run_job: wall {wall:.2f} s, {job_requests} requests, {stored} drafts stored, "
        f"{progress_calls} progress callbacks"
    )
    print(f"ideal = {PARAGRAPHS} x {LATENCY} s / {CONCURRENCY} = {ideal:.2f} s")
    print(f"wall / ideal = {ratio:.2f} (target at most {TARGET})")
    print(
        f"the same requests on {CONCURRENCY} threads without job or database: {bare:.2f} s "
        f"(ratio {bare / ideal:.2f}); the job's own cost: {wall - bare:.2f} s"
    )
    print(
        f"deep-translator translate_batch (sequential): {sequential:.2f} s, "
        f"{batch_requests} requests"
    )
    print(
        f"speed-up of the job over translate_batch = {sequential / wall:.2f} "
        f"(about {CONCURRENCY} expected)"
    )
    return ratio <= TARGET
