"""Every export format for 150 and 1,500 paragraphs (a note on every tenth): render time.

Target: t(1500) / t(150) at most 12 for every format (rendering grows linearly,
not worse: no format searches the whole document once per paragraph). The
baseline is each format's own time for 150 paragraphs, measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from workbench.exports.document import (
    ExportDocument,
    ExportNote,
    ExportOptions,
    ExportParagraph,
    ExportTerm,
    apply_options,
)
from workbench.exports.registry import EXPORTERS

SIZES = (150, 1500)
REPEAT = 5
SOURCE = "彼はすでに初任期中の2019年6月、36時間後に板門店で会談が行われたのだ。"
TARGET = "Back in June 2019 the meeting took place at Panmunjom just 36 hours later."
WHEN = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _document(size: int) -> ExportDocument:
    term = ExportTerm("板門店", "Panmunjom", "place")
    at = SOURCE.index("板門店")
    paragraphs = []
    for i in range(size):
        notes = ()
        if i % 10 == 0:
            notes = (
                ExportNote(
                    id=i,
                    number=0,
                    kind="source",
                    body="The truce village in the DMZ.",
                    url="https://example.org/panmunjom",
                    read_on=None,
                    status="open",
                    author="Ada",
                    created_at=WHEN,
                    exact="板門店",
                    prefix=SOURCE[:at],
                    suffix=SOURCE[at + 3 :],
                    start=at,
                    end=at + 3,
                ),
            )
        paragraphs.append(
            ExportParagraph(
                id=i + 1,
                position=i + 1,
                source=SOURCE,
                target=TARGET if i % 7 else "",
                status="translated" if i % 7 else "new",
                notes=notes,
                terms=(term,),
            )
        )
    document = ExportDocument(
        article_id=1,
        title="板門店",
        source_lang="ja",
        target_lang="en",
        source_url="https://example.org/article",
        byline=None,
        imported_at=WHEN,
        exported_at=WHEN,
        paragraphs=tuple(paragraphs),
    )
    return apply_options(document, ExportOptions())


def _time(render, document: ExportDocument) -> float:
    render(document)  # warm up
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        render(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> bool:
    documents = {size: _document(size) for size in SIZES}
    print(f"{'format':>14} {'150 ms':>9} {'1500 ms':>9} {'ratio':>6}")
    ok = True
    for name, exporter in EXPORTERS.items():
        small, large = (_time(exporter.render, documents[size]) for size in SIZES)
        ratio = large / small
        ok = ok and ratio <= 12
        print(f"{name:>14} {small * 1000:>9.1f} {large * 1000:>9.1f} {ratio:>6.2f}")
    print(f"every format t(1500)/t(150) at most 12: {ok}")
    return ok
