"""Japanese left in the English is an error, pointed at run by run."""

from __future__ import annotations

import pytest

from workbench.checks import Context, Finding
from workbench.checks.leftovers import LeftoversCheck

CHECK = LeftoversCheck()


@pytest.mark.parametrize(
    ("target", "runs"),
    [
        ("Kim met 金委員長 at Panmunjom.", ["金委員長"]),
        ("the ひらがな word", ["ひらがな"]),
        ("The ワシントン・ポスト said", ["ワシントン・ポスト"]),  # one name, one finding
        ("ﾜｼﾝﾄﾝ said", ["ﾜｼﾝﾄﾝ"]),  # half-width katakana
        ("Ｇ２０ summit", ["Ｇ２０"]),  # full-width letters and digits
        ("人々 gathered", ["人々"]),
        ("〇 and 𠮷野家", ["〇", "𠮷野家"]),  # astral ideographs too
        ("two runs: 北朝鮮 and 韓国", ["北朝鮮", "韓国"]),
        # Near misses.
        ("Kim Jong-un met Trump.", []),
        ("Café, naïve, Zürich, Ελλάδα, Москва", []),
        ("A — dash, “quotes” and … ellipsis", []),
        ("Price: ¥500 (€3)", []),
        ("", []),
        ("Wait、what。", []),  # punctuation is the full-width check's
    ],
)
def test_japanese_left(target: str, runs: list[str]) -> None:
    findings = CHECK.run("原文", target, Context())
    assert [target[f.start : f.end] for f in findings if f.start is not None] == runs
    assert len(findings) == len(runs)
    assert all(f.severity == "error" and f.check_id == "japanese-left" for f in findings)


def test_the_message_names_the_characters_and_where_they_are() -> None:
    assert CHECK.run("", "Kim met 金委員長.", Context()) == [
        Finding(
            "japanese-left",
            "error",
            "Japanese left in the English: “金委員長” (character 9)",
            8,
            12,
        )
    ]
