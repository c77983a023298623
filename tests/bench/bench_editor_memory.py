"""The editor page with a memory of 100,000 entries against the same page without one.

The page does not look matches up itself: each row's matches cell fetches them as
it comes near the window. Targets: the page with the memory within 1.3 times the
page without, with the same number of queries; one row's matches request the
same number of queries for the first and the last row. Printed: what the matches
of a first screen (20 rows) cost, request by request, beside the page.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from tests.bench.harness import bench_app, query_counter, signed_in_client
from tests.bench.memory_data import memory
from workbench.articles.importing import create_article
from workbench.articles.models import Paragraph, ParagraphStatus
from workbench.extensions import db
from workbench.memory import service

PARAGRAPHS = 150
SCREEN = 20
REPEAT = 7


def _median(client, url: str, counter: list[int], repeat: int = REPEAT) -> tuple[int, float]:
    client.get(url)  # warm the template cache (and, for matches, the index)
    counter[0] = 0
    client.get(url)
    queries = counter[0]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return queries, statistics.median(times)


def run() -> bool:
    data = memory(100_000)
    # The article's paragraphs: memory paragraphs, some edited, so rows have matches.
    texts = data.queries[:PARAGRAPHS]
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp)
        with app.app_context():
            article = create_article(db.session, title="bench", paragraphs=texts)
            db.session.commit()
            article_id = article.id
            pids = [p.id for p in article.paragraphs]
        client = signed_in_client(app)
        counter = query_counter(app)
        page = f"/articles/{article_id}"
        bare_queries, bare = _median(client, page, counter)

        with app.app_context():
            for start in range(0, len(data.entries), 5_000):
                chunk = data.entries[start : start + 5_000]
                service.add_entries(
                    db.session, [service.NewEntry(ja, en, "bench.tmx") for ja, en in chunk]
                )
                db.session.commit()
            # And an earlier article's finished paragraphs, as a desk's memory has.
            earlier = create_article(db.session, title="earlier", paragraphs=texts[:50])
            for paragraph in earlier.paragraphs:
                paragraph.target_text = "An earlier translation."
                paragraph.status = ParagraphStatus.TRANSLATED
            db.session.commit()
            assert db.session.get(Paragraph, pids[0]) is not None
        with_queries, with_memory = _median(client, page, counter)

        first_queries, _ = _median(client, f"/paragraphs/{pids[0]}/matches", counter, 1)
        last_queries, _ = _median(client, f"/paragraphs/{pids[-1]}/matches", counter, 1)
        screen = []
        for pid in pids[:SCREEN]:
            start = time.perf_counter()
            client.get(f"/paragraphs/{pid}/matches", headers={"HX-Request": "true"})
            screen.append(time.perf_counter() - start)

    ratio = with_memory / bare
    print(f"editor page, {PARAGRAPHS} paragraphs: {bare * 1000:.1f} ms and {bare_queries} queries")
    print(
        f"  with 100,000 memory entries: {with_memory * 1000:.1f} ms and {with_queries} queries"
        f" (ratio {ratio:.2f}, target at most 1.3)"
    )
    print(
        f"  a row's matches: {first_queries} queries for the first row, {last_queries} for the"
        f" last; a first screen's {SCREEN} rows {sum(screen) * 1000:.1f} ms in all"
        f" (median {statistics.median(screen) * 1000:.1f} ms a row)"
    )
    return ratio <= 1.3 and bare_queries == with_queries and first_queries == last_queries
