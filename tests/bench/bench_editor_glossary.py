"""The sample article's editor page with a 50,000-term glossary over the same page with none.

The glossary is inserted in bulk (synthetic sources as in bench_glossary, which
do hit the article, plus the real names), then the glossary version is bumped.
The first request after that builds the matcher: it is timed on its own and
kept out of the medians. The page with no terms is timed before the terms are
added and again after they are deleted, and the two medians averaged, so a
machine that gets busier or quieter during the run does not tilt the ratio.

Target: t(page with 50,000 terms) / t(page with no terms) at most 1.5.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, insert

from tests.bench.bench_glossary import synthetic_glossary
from tests.bench.harness import bench_app, query_counter, signed_in_client
from workbench.articles.importing import create_article, prepare_upload
from workbench.extensions import db
from workbench.glossary import service
from workbench.glossary.models import Term
from workbench.japanese.normalize import term_key

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "trump-kim-talks.ja.txt"
TERMS = 50_000
REPEAT = 41
TARGET = 1.5
KINDS = ("person", "organization", "place", "title", "term")


def _median(client, url: str) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times)


def _term_rows(text: str) -> list[dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    for entry in synthetic_glossary(text, TERMS):
        key = term_key(entry.source, entry.case_sensitive)
        if not key or key in rows:
            continue
        rows[key] = {
            "source": entry.source,
            "source_key": key,
            "target": f"Term {entry.id}",
            "kind": KINDS[entry.id % len(KINDS)],
            "note": f"Synthetic term {entry.id}.",
            "status": "approved" if entry.id % 2 else "proposed",
            "case_sensitive": entry.case_sensitive,
            "created_by": "bench",
        }
    return list(rows.values())


def run() -> bool:
    data = SAMPLE.read_bytes()
    prepared = prepare_upload(SAMPLE.name, data)
    kept = [line.text for line in prepared.lines if line.keep]
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp)
        with app.app_context():
            article = create_article(db.session, title="Sample", paragraphs=kept)
            db.session.commit()
            article_id = article.id
        client = signed_in_client(app)
        counter = query_counter(app)
        url = f"/articles/{article_id}"

        client.get(url)  # warm the template cache
        counter[0] = 0
        client.get(url)
        bare_queries = counter[0]
        bare = _median(client, url)

        rows = _term_rows("\n".join(kept))
        with app.app_context():
            db.session.execute(insert(Term), rows)
            service.bump(db.session)
            db.session.commit()

        start = time.perf_counter()
        first = client.get(url)  # builds the matcher for the new version
        build = time.perf_counter() - start
        assert first.status_code == 200
        counter[0] = 0
        page = client.get(url).get_data(as_text=True)
        glossary_queries = counter[0]
        full = _median(client, url)

        with app.app_context():
            db.session.execute(delete(Term))
            service.bump(db.session)
            db.session.commit()
        client.get(url)  # the empty matcher of the new version
        bare = (bare + _median(client, url)) / 2

    marks = page.count('<mark class="term ')
    ratio = full / bare
    print(f"{len(kept)} paragraphs; glossary of {len(rows):,} terms, {marks} marks on the page")
    print(f"first request after the change (builds the matcher): {build * 1000:.0f} ms")
    print(f"no terms:     {bare * 1000:8.1f} ms median, {bare_queries} queries")
    print(f"50,000 terms: {full * 1000:8.1f} ms median, {glossary_queries} queries")
    print(f"ratio = {ratio:.2f} (target at most {TARGET:g})")
    return ratio <= TARGET
