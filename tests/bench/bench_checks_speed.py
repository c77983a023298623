"""Every QA check on the sample article's 14 paragraphs, ×10 and ×100.

Each paragraph is made distinct (its number in front of both texts), so the
per-text caches of the number and date finders help only within a paragraph,
as they would on a real article. The article-wide part (prepare_article) is
counted in.

Target: t(1,400 paragraphs) / t(140) at most 12 (linear, not worse).
"""

from __future__ import annotations

import statistics
import sys
import time

from tests.support.sample_english import sample_pairs
from workbench.checks import CHECKS, Context, run_all
from workbench.checks.consistency import prepare_article

COPIES = (10, 100)
REPEAT = 5
NAMES = ("Kim Jong-un", "Donald Trump", "Bruce Klingner")
MAX_RATIO = 12.0


def _article(copies: int, run: int) -> list[tuple[str, str]]:
    pairs = sample_pairs()
    return [
        (f"{run}-{copy}. {source}", f"{run}-{copy}. {target}")
        for copy in range(copies)
        for source, target in pairs
    ]


def _check(pairs: list[tuple[str, str]]) -> int:
    facts = prepare_article(pairs, NAMES)
    found = 0
    for index, (source, target) in enumerate(pairs):
        found += len(run_all(source, target, Context(article=facts, paragraph=index), CHECKS))
    return found


def _time(copies: int) -> float:
    times = []
    for run in range(REPEAT):
        pairs = _article(copies, run)
        start = time.perf_counter()
        found = _check(pairs)
        times.append(time.perf_counter() - start)
        # Identical paragraphs: the consistency check has nothing to say, and nothing else does.
        assert found == 0, found
    return statistics.median(times)


def run() -> bool:
    small, large = (_time(copies) for copies in COPIES)
    paragraphs = 14 * COPIES[1]
    ratio = large / small
    print(f"checks: {paragraphs} paragraphs in {large * 1000:.0f} ms,")
    print(f"  {large / paragraphs * 1e6:.0f} µs a paragraph; t({paragraphs})/t(140) = {ratio:.2f}")
    ok = ratio <= MAX_RATIO
    print(f"  target ratio <= {MAX_RATIO}: {'met' if ok else 'MISSED'}")
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
