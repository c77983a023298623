"""Checking a 1,500-paragraph article against rendering its editor page.

The article is the sample's 14 paragraphs over and over, each translated with
English that carries numbers, dates, names and quotes (so every check has
work), some of it wrong; a few approved glossary terms are found in it. The
check is what ``workbench check`` runs (``checks.service.article_findings``),
timed in the app's context; the page is the editor's GET, timed through the
test client. Medians of both are taken in alternation, so a machine that gets
busier during the run does not tilt the ratio.

Target: t(check the article) / t(editor page) at most 1.5, and the editor
page's query count the same with findings present as with none.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, update

from tests.bench.harness import bench_app, query_counter, signed_in_client
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph
from workbench.checks import service as checks_service
from workbench.extensions import db
from workbench.glossary import service as glossary_service
from workbench.glossary.service import TermForm

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "trump-kim-talks.ja.txt"
PARAGRAPHS = 1500
REPEAT = 9
TARGET = 1.5
ENGLISH = (
    "U.S. President Donald Trump met North Korean leader Kim Jong Un on June 30, 2019, "
    "at the truce village of Panmunjom, his third meeting with Kim in 16 months. "
    "The talks lasted about 50 minutes, and the two sides agreed to resume working-level "
    "negotiations within two to three weeks. "
)
TERMS = (("トランプ", "Trump"), ("金正恩", "Kim Jong Un"), ("板門店", "Panmunjom"))


def _median(measure) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        measure()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> bool:
    prepared = prepare_upload(SAMPLE.name, SAMPLE.read_bytes())
    kept = [line.text for line in prepared.lines if line.keep]
    sources = [kept[i % len(kept)] for i in range(PARAGRAPHS)]
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp)
        with app.app_context():
            article = create_article(db.session, title="Checked", paragraphs=sources)
            article_id = article.id
            for source, target in TERMS:
                term = glossary_service.propose(
                    db.session,
                    TermForm(source=source, target=target),
                    author="bench",
                    author_id=None,
                )
                glossary_service.review(
                    db.session, [term], "approved", author="bench", author_id=None
                )
            db.session.commit()
        client = signed_in_client(app)
        counter = query_counter(app)
        url = f"/articles/{article_id}"

        def page() -> None:
            assert client.get(url).status_code == 200

        def queries() -> int:
            page()
            counter[0] = 0
            page()
            return counter[0]

        bare_queries = queries()
        with app.app_context():
            ids = db.session.scalars(
                select(Paragraph.id).where(Paragraph.article_id == article_id)
            ).all()
            for n, pid in enumerate(ids):
                # Every third paragraph drops a number or a name, so there is much to find.
                english = ENGLISH if n % 3 else ENGLISH.replace("16 months", "sixteen months")
                db.session.execute(
                    update(Paragraph).where(Paragraph.id == pid).values(target_text=english)
                )
            db.session.commit()
        found_queries = queries()

        with app.app_context():

            def check() -> None:
                checks_service.article_findings(db.session, article_id)
                db.session.rollback()

            check()
            findings = checks_service.article_findings(db.session, article_id).counts()
            page_times, check_times = [], []
            for _ in range(3):
                page_times.append(_median(page))
                check_times.append(_median(check))

    page_ms = statistics.median(page_times) * 1000
    check_ms = statistics.median(check_times) * 1000
    ratio = check_ms / page_ms
    print(
        f"{PARAGRAPHS} paragraphs; open findings: {findings['error']} errors, "
        f"{findings['warning']} warnings"
    )
    print(
        f"editor page: {page_ms:8.1f} ms median, {found_queries} queries with findings, "
        f"{bare_queries} with none"
    )
    print(f"check:       {check_ms:8.1f} ms median")
    print(f"ratio = {ratio:.2f} (target at most {TARGET:g})")
    return ratio <= TARGET and found_queries == bare_queries
