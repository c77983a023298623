"""The editor page for 15, 150 and 1,500 paragraphs: SQL queries and render time.

Targets: the same number of queries for every size (no query per paragraph),
and t(1500) / t(150) at most 12 (rendering grows linearly, not worse).
"""

from __future__ import annotations

import statistics
import tempfile
import time

from tests.bench.harness import bench_app, query_counter, signed_in_client
from workbench.articles.importing import create_article
from workbench.extensions import db

SIZES = (15, 150, 1500)
REPEAT = 7
SENTENCE = (
    "北朝鮮の金正恩国務委員長に対する米国のドナルド・トランプ大統領の「露骨な求愛」が尋常ではない。"
)


def _measure(client, url: str, counter: list[int]) -> tuple[int, float]:
    client.get(url)  # warm the template cache
    counter[0] = 0
    client.get(url)
    queries = counter[0]
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return queries, statistics.median(times)


def run() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp)
        with app.app_context():
            ids = {}
            for size in SIZES:
                article = create_article(
                    db.session,
                    title=f"{size} paragraphs",
                    paragraphs=[f"{i}. {SENTENCE}" for i in range(size)],
                )
                db.session.commit()
                ids[size] = article.id
        client = signed_in_client(app)
        counter = query_counter(app)
        results = {size: _measure(client, f"/articles/{ids[size]}", counter) for size in SIZES}

    print(f"{'paragraphs':>10} {'queries':>8} {'median ms':>10}")
    for size, (queries, seconds) in results.items():
        print(f"{size:>10} {queries:>8} {seconds * 1000:>10.1f}")
    query_counts = {q for q, _ in results.values()}
    ratio = results[1500][1] / results[150][1]
    print(f"queries equal for every size: {len(query_counts) == 1}")
    print(f"t(1500)/t(150) = {ratio:.2f} (target at most 12)")
    return len(query_counts) == 1 and ratio <= 12
