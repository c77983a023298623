"""English that nobody has marked translated yet, in every export and on the export page.

An editor's English reaches a paragraph in several ways that leave its status
new or drafted: typing (autosave), merging after a conflict, restoring a
revision, "Use draft". A file exported for readers must hold that English, not
"[Untranslated]": the placeholder is only for a paragraph with no English at
all. The export page warns about such English separately from untranslated
paragraphs, and the "which" option still chooses by confirmed status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import select, update

from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client
from tests.support.exports import (
    X2,
    X12,
    download,
    english_of,
    export_page,
    one,
    row_links,
    soup_of,
    tmx_units,
    txt_english,
    version_of,
    warning_items,
    xliff12_units,
    xliff20_units,
)
from workbench.articles.models import Paragraph, Revision
from workbench.extensions import db
from workbench.machine.models import Draft

SOURCES = [
    "トランプ氏は金氏との会談を望んでいる。",
    "会談の日程はまだ決まっていない。",
    "専門家は慎重な見方を示した。",
    "板門店での会談は二〇一九年以来だ。",
    "北朝鮮は声明を出していない。",
    "詳細は明らかにされていない。",
]
TYPED = "Trump wants to meet Kim, typed and saved but never confirmed."
MERGED = "No date has been set for the talks (merged after a conflict)."
RESTORED = "Experts were cautious (an older wording, restored)."
DRAFT = "The talks at Panmunjom are the first since 2019 (machine draft, used)."
CONFIRMED = "North Korea has issued no statement."
MARK = "[Untranslated]"
# What a reader sees in the English column: every English as it stands, and the
# placeholder only for paragraph 6, which has none.
SHOWN = [TYPED, MERGED, RESTORED, DRAFT, CONFIRMED, MARK]
UNCONFIRMED = [1, 2, 3, 4]

READER_FORMATS = ["html", "docx", "docx-en", "md", "md-bilingual", "txt", "txt-bilingual", "json"]


@dataclass(frozen=True)
class Article:
    id: int
    pids: list[int]

    def pid(self, position: int) -> int:
        return self.pids[position - 1]


def post_save(who: Client, pid: int, text: str, version: int, /, **extra: str) -> int:
    response = who.post(
        f"/paragraphs/{pid}", {"text": text, "version": str(version), **extra}, hx=True
    )
    return response.status_code


def status_of(app: Flask, pid: int) -> tuple[str, str]:
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.target_text, paragraph.status


@pytest.fixture
def article(app: Flask, client: Client, other_client: Client) -> Article:
    article_id = create_article(client, SOURCES, title="未確認の英語")
    pids = paragraph_ids(app, article_id)
    typed, merged, restored, drafted, confirmed, _empty = pids

    # 1: typed; the page autosaves without a mark (no Ctrl+Enter).
    assert post_save(client, typed, TYPED, 0, client="page-a", seq="1") == 200

    # 2: two editors saved at once; the second merged both texts in the conflict view.
    assert post_save(client, merged, "No date yet.", 0) == 200
    assert post_save(other_client, merged, "The date is open.", 0) == 409
    resolved = other_client.post(
        f"/paragraphs/{merged}/resolve",
        {"choice": "merge", "version": "1", "mine": "The date is open.", "text": MERGED},
        hx=True,
    )
    assert resolved.status_code == 200

    # 3: an older wording brought back from the history.
    assert post_save(client, restored, RESTORED, 0) == 200
    assert post_save(client, restored, "Experts were wary.", 1) == 200
    with app.app_context():
        rid = db.session.scalar(
            select(Revision.id).where(Revision.paragraph_id == restored, Revision.text == RESTORED)
        )
    response = client.post(f"/paragraphs/{restored}/revisions/{rid}/restore", {"version": "2"})
    assert response.status_code == 303

    # 4: drafted by a machine (as a drafting job leaves it), then "Use draft".
    with app.app_context():
        draft = Draft(paragraph_id=drafted, provider="libre", text=DRAFT)
        db.session.add(draft)
        db.session.execute(
            update(Paragraph).where(Paragraph.id == drafted).values(status="drafted")
        )
        db.session.commit()
        draft_id = draft.id
    used = client.post(
        f"/paragraphs/{drafted}/use-draft/{draft_id}",
        {"version": str(version_of(app, drafted))},
        hx=True,
    )
    assert used.status_code == 200

    # 5: marked translated (Ctrl+Enter); 6: nothing typed.
    assert post_save(client, confirmed, CONFIRMED, 0, mark="translated") == 200

    # The English is stored, and none of it was marked translated but paragraph 5's.
    assert [status_of(app, pid) for pid in pids] == [
        (TYPED, "new"),
        (MERGED, "new"),
        (RESTORED, "new"),
        (DRAFT, "drafted"),
        (CONFIRMED, "translated"),
        ("", "new"),
    ]
    return Article(article_id, pids)


# ---------------------------------------------------------------- files for people


@pytest.mark.parametrize("fmt", READER_FORMATS)
def test_unconfirmed_english_is_exported_instead_of_the_placeholder(
    client: Client, article: Article, fmt: str
) -> None:
    data = download(client, article.id, fmt).data
    assert english_of(fmt, data) == SHOWN


@pytest.mark.parametrize("fmt", ["html", "docx", "docx-en", "md", "txt", "json"])
def test_kept_in_japanese_and_left_out_apply_only_to_empty_paragraphs(
    client: Client, article: Article, fmt: str
) -> None:
    kept = download(client, article.id, fmt, untranslated="source").data
    assert english_of(fmt, kept) == [*SHOWN[:5], SOURCES[5]]
    omitted = download(client, article.id, fmt, untranslated="omit").data
    assert english_of(fmt, omitted) == SHOWN[:5]


def test_the_html_row_of_unconfirmed_english_is_not_styled_untranslated(
    client: Client, article: Article
) -> None:
    page = soup_of(download(client, article.id, "html"))
    rows = page.select("table.parallel tbody tr")
    assert ["untranslated" in row.get_attribute_list("class") for row in rows] == [
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert [one(row, "td.en")["lang"] for row in rows] == ["en"] * 6


def test_the_preview_shows_the_unconfirmed_english(client: Client, article: Article) -> None:
    preview = client.get(f"/articles/{article.id}/export/preview")
    assert preview.status_code == 200
    assert english_of("html", preview.data) == SHOWN


def test_which_still_chooses_by_confirmed_status(client: Client, article: Article) -> None:
    done = download(client, article.id, "txt", which="done").data
    assert txt_english(done, bilingual=False) == [CONFIRMED]
    data = json.loads(download(client, article.id, "json", which="done").data)
    assert [p["position"] for p in data["paragraphs"]] == [5]


# ---------------------------------------------------------------- files for tools


def test_xliff20_carries_unconfirmed_english_as_an_initial_target(
    client: Client, article: Article
) -> None:
    data = download(client, article.id, "xliff").data
    assert [target for _, _, target in xliff20_units(data)] == [*SHOWN[:5], ""]
    states = [segment.get("state") for segment in etree.fromstring(data).iter(f"{{{X2}}}segment")]
    # "initial": the English is there, nobody has confirmed it.
    assert states == ["initial", "initial", "initial", "initial", "translated", "initial"]


def test_xliff12_carries_unconfirmed_english_as_needing_review(
    client: Client, article: Article
) -> None:
    data = download(client, article.id, "xliff12").data
    assert [unit[2] for unit in xliff12_units(data)] == [*SHOWN[:5], ""]
    units = list(etree.fromstring(data).iter(f"{{{X12}}}trans-unit"))
    targets = [unit.find(f"{{{X12}}}target") for unit in units]
    states = [target.get("state") if target is not None else None for target in targets]
    assert states == [
        *["needs-review-translation"] * 4,
        "translated",
        None,
    ]
    assert [unit.get("approved") for unit in units] == [None] * 6


def test_tmx_holds_every_paragraph_with_english_with_its_status(
    client: Client, article: Article
) -> None:
    data = download(client, article.id, "tmx").data
    units = tmx_units(data)
    assert [tuid for tuid, *_ in units] == [f"p{pid}" for pid in article.pids[:5]]
    assert [target for _, _, target, _ in units] == SHOWN[:5]
    # A memory tells confirmed translations from the rest by the unit's status.
    statuses = [
        [prop.text for prop in tu.iterfind("prop") if prop.get("type") == "x-status"]
        for tu in etree.fromstring(data).iter("tu")
    ]
    assert statuses == [["new"], ["new"], ["new"], ["drafted"], ["translated"]]


def test_json_shows_the_unconfirmed_english(client: Client, article: Article) -> None:
    data = json.loads(download(client, article.id, "json").data)
    paragraphs = data["paragraphs"]
    assert [p["target"] for p in paragraphs] == [*SHOWN[:5], ""]
    assert [p["shown_target"] for p in paragraphs] == SHOWN
    assert [p["status"] for p in paragraphs] == [
        "new",
        "new",
        "new",
        "drafted",
        "translated",
        "new",
    ]


def test_the_command_line_counts_the_tmx_units_it_writes(
    app: Flask, article: Article, tmp_path: Path
) -> None:
    out = tmp_path / "article.tmx"
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["export", str(article.id), "--format", "tmx", "-o", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["paragraphs"] == 5
    assert len(tmx_units(out.read_bytes())) == 5


# ---------------------------------------------------------------- the export page


def test_the_page_warns_about_unconfirmed_english_apart_from_untranslated(
    client: Client, article: Article
) -> None:
    soup = export_page(client, article.id)

    items = warning_items(soup)
    assert [one(item, "strong").get_text() for item in items] == [
        "⚠ 1 untranslated paragraph",
        "⚠ 4 paragraphs with English not yet marked translated",
    ]
    untranslated, unconfirmed = items
    assert row_links(untranslated) == [(f"p-{article.pid(6)}", "6")]
    assert row_links(unconfirmed) == [(f"p-{article.pid(p)}", str(p)) for p in UNCONFIRMED]
    for a in unconfirmed.select("a"):
        assert str(a["href"]).startswith(f"/articles/{article.id}#p-")
    assert "exported as it stands" in unconfirmed.get_text()
    assert soup.select(".all-clear") == []
    count = one(soup, ".export-count").get_text(" ", strip=True)
    assert count == "6 of 6 paragraphs will be exported."


def test_the_unconfirmed_warning_follows_the_options(
    app: Flask, client: Client, article: Article
) -> None:
    # Translated and reviewed only: the unconfirmed English is not in the file.
    done = export_page(client, article.id, which="done")
    assert warning_items(done) == []
    # Marking a paragraph translated takes it off the list.
    pid = article.pid(1)
    assert post_save(client, pid, TYPED, version_of(app, pid), mark="translated") == 200
    soup = export_page(client, article.id)
    [_, unconfirmed] = warning_items(soup)
    assert one(unconfirmed, "strong").get_text() == (
        "⚠ 3 paragraphs with English not yet marked translated"
    )
    assert [text for _, text in row_links(unconfirmed)] == ["2", "3", "4"]


def test_the_page_as_an_htmx_fragment_has_the_same_warning(
    client: Client, article: Article
) -> None:
    response = client.get(f"/articles/{article.id}/export", hx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body.lower()
    assert "4 paragraphs with English not yet marked translated" in soup_of(response).get_text()
