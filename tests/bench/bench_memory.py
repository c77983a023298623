"""Memory lookup in 100,000 entries against a brute-force rapidfuzz scan of the same.

Targets: the median lookup per paragraph (through ``memory.service.lookup``: the
index, the state query and the entries' rows) at most 20 ms and at least 10
times faster than scanning every entry with rapidfuzz in the same run; and the
index finds what the scan finds: every match the scan scores 70 % or more, the
lookup offers at (about) the same score, for at least 95 % of the queries.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from rapidfuzz import fuzz, process

from tests.bench.harness import bench_app
from tests.bench.memory_alternatives import fts5_median_ms, pg_trgm_median_ms
from tests.bench.memory_data import memory
from workbench.extensions import db
from workbench.memory import service
from workbench.memory.index import MIN_SCORE, match_key

SIZE = 100_000
GOOD = 70  # a match a translator would use


def _fill(entries: list[tuple[str, str]]) -> None:
    for start in range(0, len(entries), 5_000):
        chunk = entries[start : start + 5_000]
        service.add_entries(db.session, [service.NewEntry(ja, en, "bench.tmx") for ja, en in chunk])
        db.session.commit()


def run() -> bool:
    data = memory(SIZE)
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp)
        with app.app_context():
            start = time.perf_counter()
            _fill(data.entries)
            filled = time.perf_counter() - start
            start = time.perf_counter()
            service.lookup(db.session, data.queries[0])  # builds the index
            built = time.perf_counter() - start

            indexed: list[float] = []
            found: dict[str, int] = {}
            for query in data.queries:
                start = time.perf_counter()
                matches = service.lookup(db.session, query)
                indexed.append(time.perf_counter() - start)
                found[query] = matches[0].score if matches else 0

        keys = [match_key(ja) for ja, _ in data.entries]
        scanned: list[float] = []
        good = agreed = 0
        for query in data.queries:
            key = match_key(query)
            start = time.perf_counter()
            best = process.extract(key, keys, scorer=fuzz.ratio, limit=3, score_cutoff=MIN_SCORE)
            scanned.append(time.perf_counter() - start)
            top = int(best[0][1]) if best else 0
            if top >= GOOD:
                good += 1
                # The lookup says 99 for a near-identical text the scan rounds to 100.
                agreed += found[query] >= min(top, 99) - 1

    median = statistics.median(indexed) * 1000
    brute = statistics.median(scanned) * 1000
    speedup = brute / median
    recall = agreed / good if good else 1.0
    print(f"memory of {SIZE:,} entries: stored in {filled:.1f} s, index built in {built:.2f} s")
    print(f"lookup median {median:.2f} ms, max {max(indexed) * 1000:.2f} ms (target at most 20)")
    print(f"brute-force rapidfuzz scan median {brute:.2f} ms: {speedup:.1f}x slower (target 10x)")
    print(f"matches of {GOOD} % or more found: {agreed}/{good} ({recall:.0%}, target 95 %)")
    sources = [ja for ja, _ in data.entries]
    fts5 = fts5_median_ms(sources, data.queries)
    print(f"for comparison, SQLite FTS5 trigram: median {fts5:.1f} ms")
    pg = pg_trgm_median_ms(sources, data.queries)
    if pg is not None:
        print(f"for comparison, PostgreSQL pg_trgm: median {pg:.1f} ms")
    return median <= 20 and speedup >= 10 and recall >= 0.95
