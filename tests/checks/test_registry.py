"""The check registry: every check has a name and a severity, and run_all gives
the findings of each, in the order of CHECKS."""

from __future__ import annotations

from workbench.checks import CHECKS, Context, Finding, Severity, run_all
from workbench.checks.glossary import GlossaryCheck, TermInfo, check_translation
from workbench.glossary.matcher import Match

SOURCE = "金正恩委員長は板門店で記念写真を撮った。"
TERMS = {
    1: TermInfo("金正恩", "Kim Jong-un", forbidden=("Kim Jong Un's",)),
    2: TermInfo("委員長", "Chairman"),
    3: TermInfo("記念写真", "", forbidden=("photo op",)),
}
MATCHES = [Match(1, 0, 3, "金正恩"), Match(2, 3, 6, "委員長"), Match(3, 13, 17, "記念写真")]
GLOSSARY = Context(glossary_matches=MATCHES, glossary_terms=TERMS)


class Shouting:
    """A check written for these tests: a translation in capitals."""

    id = "shouting"
    label = "Capitals"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if target.isupper():
            return [Finding(self.id, self.severity, "The translation is all capitals.", 0, 3)]
        return []


def test_every_check_is_listed_once_with_a_label_and_a_severity() -> None:
    ids = [check.id for check in CHECKS]
    assert len(ids) == len(set(ids))
    assert "glossary" in ids
    for check in CHECKS:
        assert check.label.strip()
        assert check.severity in ("warning", "error")


def test_the_glossary_check_finds_what_the_term_check_finds_in_the_same_words() -> None:
    target = "Kim Jong Un's photo op at Panmunjom."
    findings = run_all(SOURCE, target, GLOSSARY)
    assert findings == [
        Finding(
            "glossary", "warning", "金正恩 should be translated as “Kim Jong-un” (approved term)."
        ),
        Finding(
            "glossary",
            "error",
            "“Kim Jong Un's” is a forbidden translation of 金正恩; use “Kim Jong-un”.",
        ),
        Finding(
            "glossary", "warning", "委員長 should be translated as “Chairman” (approved term)."
        ),
        Finding("glossary", "error", "“photo op” is a forbidden translation of 記念写真."),
    ]
    assert [(f.severity, f.message) for f in findings] == [
        (c.severity, c.message) for c in check_translation(MATCHES, TERMS, target)
    ]
    # Glossary findings are about the whole translation, not a place in it.
    assert all(f.start is None and f.end is None for f in findings)


def test_a_translation_that_keeps_the_glossary_has_no_findings() -> None:
    assert run_all(SOURCE, "Chairman Kim Jong-un posed for a photo at Panmunjom.", GLOSSARY) == []


def test_nothing_written_yet_and_no_terms_found_give_no_findings() -> None:
    assert run_all(SOURCE, "", GLOSSARY) == []
    assert run_all(SOURCE, "  \n", GLOSSARY) == []
    assert run_all(SOURCE, "Kim Jong Un's photo op.") == []
    assert run_all(SOURCE, "Kim Jong Un's photo op.", Context()) == []


def test_findings_come_check_by_check_in_the_order_of_the_list() -> None:
    checks = [GlossaryCheck(), Shouting()]
    target = "KIM JONG UN'S PHOTO OP."
    assert [f.check_id for f in run_all(SOURCE, target, GLOSSARY, checks)] == [
        "glossary",
        "glossary",
        "glossary",
        "glossary",
        "shouting",
    ]
    assert run_all(SOURCE, target, GLOSSARY, checks)[-1] == Finding(
        "shouting", "warning", "The translation is all capitals.", 0, 3
    )
    assert [f.check_id for f in run_all(SOURCE, target, GLOSSARY, checks[::-1])][0] == "shouting"
