"""A translation far shorter or longer than its Japanese is flagged; short
paragraphs and the usual range are not."""

from __future__ import annotations

import pytest

from tests.support.sample_english import sample_pairs
from workbench.checks import Context
from workbench.checks.length import HIGH, LOW, LengthCheck

CHECK = LengthCheck()
JAPANESE = "あ" * 100  # 100 characters


@pytest.mark.parametrize(
    ("source", "target", "fires"),
    [
        (JAPANESE, "x" * 250, False),
        (JAPANESE, "x" * 200, False),
        (JAPANESE, "x" * 350, False),
        (JAPANESE, "x" * 120, False),  # the edge of the band
        (JAPANESE, "x" * 450, False),
        (JAPANESE, "x" * 119, True),
        (JAPANESE, "x" * 60, True),
        (JAPANESE, "x" * 451, True),
        (JAPANESE, "x" * 900, True),
        ("あ" * 39, "x" * 5, False),  # too short to judge
        ("あ" * 40, "x" * 5, True),
        (JAPANESE, "", False),  # nothing written yet
        (JAPANESE, "x  " * 100, False),  # whitespace runs count as one
    ],
)
def test_length(source: str, target: str, fires: bool) -> None:
    findings = CHECK.run(source, target, Context())
    assert bool(findings) is fires
    assert all(f.severity == "warning" and f.start is None for f in findings)


def test_the_message_gives_the_ratio_and_what_it_suggests() -> None:
    (short,) = CHECK.run(JAPANESE, "x" * 60, Context())
    assert short.message == (
        "The English is 0.6 times as long as the Japanese (60 and 100 characters; "
        "usually 2 to 3.5): a part may be missing"
    )
    (long,) = CHECK.run(JAPANESE, "x" * 600, Context())
    assert long.message.endswith("a part may be repeated or added")


def test_every_paragraph_of_the_sample_is_inside_the_band() -> None:
    ratios = [len(en) / len(ja) for ja, en in sample_pairs()]
    assert all(LOW <= ratio <= HIGH for ratio in ratios)
    assert all(CHECK.run(ja, en, Context()) == [] for ja, en in sample_pairs())
