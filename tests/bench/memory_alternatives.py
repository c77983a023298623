"""The indexes the memory could have used instead, timed on the same memory.

SQLite's FTS5 trigram tokenizer: the query's trigrams OR-ed, ranked by bm25, the
best 40 scored with rapidfuzz. PostgreSQL's pg_trgm (only when
WORKBENCH_DATABASE_URL names a PostgreSQL database): a GIN trigram index and the
``%`` operator at similarity 0.3. Printed beside the in-process index's time;
they set no target (they are why the in-process index was chosen).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

QUERIES = 60


def fts5_median_ms(sources: list[str], queries: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        con = sqlite3.connect(Path(tmp) / "fts.db")
        con.execute("create virtual table t using fts5(src, tokenize='trigram')")
        con.executemany("insert into t(rowid, src) values (?, ?)", enumerate(sources))
        con.commit()
        times = []
        for query in queries[:QUERIES]:
            start = time.perf_counter()
            trigrams = {query[i : i + 3] for i in range(len(query) - 2)}
            expr = " OR ".join('"' + g.replace('"', '""') + '"' for g in trigrams)
            rows = con.execute(
                "select rowid, src from t where t match ? order by bm25(t) limit 40", (expr,)
            ).fetchall()
            process.extract(query, dict(rows), scorer=fuzz.ratio, limit=3, score_cutoff=50)
            times.append(time.perf_counter() - start)
        con.close()
    return statistics.median(times) * 1000


def pg_trgm_median_ms(sources: list[str], queries: list[str]) -> float | None:
    url = os.environ.get("WORKBENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return None
    import psycopg  # noqa: PLC0415

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as pg:
        pg.execute("create extension if not exists pg_trgm")
        pg.execute("create temporary table tm_probe (id int primary key, src text)")
        with pg.cursor() as cursor, cursor.copy("copy tm_probe (id, src) from stdin") as copy:
            for row in enumerate(sources):
                copy.write_row(row)
        pg.execute("create index on tm_probe using gin (src gin_trgm_ops)")
        pg.execute("set pg_trgm.similarity_threshold = 0.3")
        times = []
        for query in queries[:QUERIES]:
            start = time.perf_counter()
            pg.execute(
                "select id, src, similarity(src, %s) as s from tm_probe"
                " where src %% %s order by s desc limit 3",
                (query, query),
            ).fetchall()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
