"""All the checks together: the sample translation is clean, and a paragraph
with one mistake of each kind gets one finding of each kind, in registry order."""

from __future__ import annotations

from tests.support.sample_english import sample_pairs
from workbench.checks import CHECKS, Context, run_all
from workbench.checks.consistency import prepare_article


def test_every_check_has_an_id_a_label_and_a_severity() -> None:
    ids = [check.id for check in CHECKS]
    assert ids == [
        "glossary",
        "japanese-left",
        "numbers",
        "dates",
        "units",
        "brackets",
        "full-width",
        "spaces",
        "length",
        "consistency",
    ]
    assert all(check.label and check.severity in ("warning", "error") for check in CHECKS)


def test_the_sample_translation_has_no_findings() -> None:
    pairs = sample_pairs()
    facts = prepare_article(pairs, ["Kim Jong-un", "Donald Trump"])
    for index, (source, target) in enumerate(pairs):
        assert run_all(source, target, Context(article=facts, paragraph=index), CHECKS) == []


def test_one_mistake_of_each_kind() -> None:
    source = "「会談」は2019年6月30日、36時間後に5000万円で行われた。北朝鮮は会談に応じた。"
    pairs = [
        (source, "x"),
        (
            source,
            " The  summit took place on 30 June at 金 (cost 50 million, 36 hours later、"
            "and Kim Jong Un came. Kim Jong-un said so.",
        ),
    ]
    facts = prepare_article(pairs, ["Kim Jong-un"])
    found = run_all(*pairs[1], Context(article=facts, paragraph=1), CHECKS)
    assert [(f.check_id, f.severity) for f in found] == [
        ("japanese-left", "error"),
        ("dates", "warning"),
        ("units", "warning"),
        ("brackets", "warning"),
        ("brackets", "warning"),
        ("full-width", "error"),
        ("spaces", "warning"),
        ("spaces", "warning"),
        ("consistency", "warning"),
        ("consistency", "warning"),
    ]
    messages = [f.message for f in found]
    assert "2019年6月30日 → no 2019 in the English" in messages
    assert "5000万円 → no “yen” or “¥” in the English" in messages
