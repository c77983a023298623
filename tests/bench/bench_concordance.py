"""Concordance searches over a memory of 100,000 entries.

The memory holds units made of the sample article's sentences (each a different
mix, numbered), as a TMX file taken in would; the sample article itself is there
too, half of it finished. Each search is timed (median of a few runs, the three
queries and the Python around them) for a rare name, a common word, one
character that nearly every entry has, full-width digits and words found nowhere.

Runs on an SQLite file by default; WORKBENCH_BENCH_DATABASE_URL names another
database (PostgreSQL), whose tables are rebuilt for the run.

Target: every search within 1 s (a person's search, not a lookup per keystroke
of the editor; the box waits 300 ms after typing anyway).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import insert, inspect, text

from tests.bench.harness import bench_app
from workbench import create_app
from workbench.articles.importing import create_article
from workbench.articles.models import ParagraphStatus
from workbench.database import Base, utcnow
from workbench.extensions import db
from workbench.japanese.clean import paragraphs
from workbench.memory import concordance, service
from workbench.memory.align import japanese_sentences
from workbench.memory.models import EntryUnit, MemoryEntry
from workbench.migrate import upgrade

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "trump-kim-talks.ja.txt"
ENTRIES = 100_000
REPEAT = 5
TARGET = 1.0  # seconds
QUERIES = ("板門店", "会談", "の", "２０１９", "東京オリンピック")


def synthetic_units(size: int = ENTRIES, seed: int = 14) -> list[tuple[str, str]]:
    sentences = [
        s for p in paragraphs(SAMPLE.read_text(encoding="utf-8")) for s in japanese_sentences(p)
    ]
    rng = random.Random(seed)
    units = []
    for i in range(size):
        picked = rng.sample(sentences, rng.choice((1, 1, 2)))
        units.append(("".join(picked) + f"（{i}）", f"Unit {i}: {len(picked)} sentences."))
    return units


def fill(app_url: str | None, folder: str) -> Flask:
    if app_url:
        app = create_app({"INSTANCE": folder, "DATABASE_URL": app_url})
        with app.app_context():
            with db.engine.begin() as connection:
                Base.metadata.drop_all(connection)
                if inspect(connection).has_table("alembic_version"):
                    connection.execute(text("DROP TABLE alembic_version"))
            upgrade(db.engine)
    else:
        app = bench_app(folder)
    now = utcnow()
    with app.app_context():
        rows = [
            {
                "source": ja,
                "target": en,
                "source_key": service.source_key(ja),
                "unit": EntryUnit.IMPORTED,
                "origin": "bench.tmx",
                "author": "",
                "status": "imported",
                "created_at": now,
                "updated_at": now,
                "seq": 1,
                "retired": False,
            }
            for ja, en in synthetic_units()
        ]
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(MemoryEntry), rows[start : start + 5000])
        texts = paragraphs(SAMPLE.read_text(encoding="utf-8"))
        article = create_article(db.session, title="Trump and Kim", paragraphs=texts)
        db.session.flush()
        for paragraph in article.paragraphs[::2]:
            paragraph.target_text = f"English of paragraph {paragraph.position}."
            paragraph.status = ParagraphStatus.TRANSLATED
        db.session.commit()
    return app


def run() -> bool:
    url = os.environ.get("WORKBENCH_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app = fill(url, folder)
        print(
            f"{ENTRIES} entries stored in {time.perf_counter() - started:.1f} s on "
            f"{'PostgreSQL' if url else 'SQLite'}"
        )
        ok = True
        with app.app_context():
            for query in QUERIES:
                concordance.search(db.session, query)  # warm up: caches, plans
                times = []
                for _ in range(REPEAT):
                    begun = time.perf_counter()
                    found = concordance.search(db.session, query)
                    times.append(time.perf_counter() - begun)
                median = statistics.median(times)
                ok = ok and median <= TARGET
                print(
                    f"  {query!r:>14}: {found.total:>6} places, {len(found.hits)} shown, "
                    f"median {median * 1000:.0f} ms (target {TARGET * 1000:.0f} ms)"
                )
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if run() else 1)
