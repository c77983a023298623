"""Every export format for 150 and 1,500 paragraphs (a note on every tenth): render time.

Target: t(1500) / t(150) at most 12 for every format (rendering grows linearly,
not worse: no format searches the whole document once per paragraph). The
baseline is each format's own time for 150 paragraphs, measured in the same run,
the two sizes sampled in turn, each sample at least 20 ms of renders.
"""

from __future__ import annotations

import math
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
REPEAT = 7
SAMPLE = 0.02  # seconds: the shortest sample
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


def _loops(render, document: ExportDocument) -> int:
    """How many renders make one sample of at least SAMPLE seconds: a format that
    renders in a millisecond is timed over many, so a pause of the machine is not
    its own time."""
    render(document)  # warm up
    start = time.perf_counter()
    render(document)
    once = max(time.perf_counter() - start, 1e-6)
    return max(1, math.ceil(SAMPLE / once))


def _times(render, documents: dict[int, ExportDocument]) -> dict[int, float]:
    """Each size's median time for one render; the sizes are sampled in turn, so a
    machine that gets busier or quieter during the run weighs on both alike."""
    loops = {size: _loops(render, document) for size, document in documents.items()}
    samples: dict[int, list[float]] = {size: [] for size in documents}
    for _ in range(REPEAT):
        for size, document in documents.items():
            start = time.perf_counter()
            for _ in range(loops[size]):
                render(document)
            samples[size].append((time.perf_counter() - start) / loops[size])
    return {size: statistics.median(values) for size, values in samples.items()}


def run() -> bool:
    documents = {size: _document(size) for size in SIZES}
    print(f"{'format':>14} {'150 ms':>9} {'1500 ms':>9} {'ratio':>6}")
    ok = True
    for name, exporter in EXPORTERS.items():
        times = _times(exporter.render, documents)
        small, large = (times[size] for size in SIZES)
        ratio = large / small
        ok = ok and ratio <= 12
        print(f"{name:>14} {small * 1000:>9.1f} {large * 1000:>9.1f} {ratio:>6.2f}")
    print(f"every format t(1500)/t(150) at most 12: {ok}")
    return ok
