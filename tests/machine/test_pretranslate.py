"""Pre-translation: one action fills every empty translation from a 100 % memory
match, then (optionally) from machine drafts, marked in the row and in History,
never over English that is there, as a job with the drafting progress bar.

Machine drafts come from the real LibreTranslate client against the loopback fake.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import event, func, select
from werkzeug.test import TestResponse

from tests.support.accounts import ensure_user
from tests.support.app import AppFactory
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client, signed_in
from tests.support.fake_mt import FakeMT, echo
from tests.support.pages import assert_full_page, soup
from workbench.articles.models import Article, Paragraph, Revision
from workbench.extensions import db
from workbench.machine import jobs, pretranslating
from workbench.machine.models import Draft, Job
from workbench.memory import service as memory

LIBRE = "libretranslate"
FINISHED_TITLE = "米朝会談の記事"
SHARED = "米朝首脳会談がハノイで開かれた。"
SHARED_EN = "The US-North Korea summit was held in Hanoi."
TYPED_SOURCE = "トランプ氏は成果を強調した。"
TYPED_MEMORY = "Trump stressed its results."
TYPED_BY_PERSON = "Trump played up what the summit achieved."
OTHER = "北朝鮮は声明を発表した。"
FUZZY = "米朝首脳会談がハノイで再び開かれた。"


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Stored:
    text: str
    status: str
    version: int
    filled_from: str | None


@dataclass(frozen=True)
class StoredRevision:
    origin: str
    author: str
    author_id: int | None
    detail: str | None
    text: str


def save(client: Client, pid: int, text: str, version: int, mark: str = "") -> TestResponse:
    data = {"text": text, "version": str(version)}
    if mark:
        data["mark"] = mark
    response = client.post(f"/paragraphs/{pid}", data, hx=True)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


@dataclass(frozen=True)
class Articles:
    finished: int
    article: int
    shared: int
    typed: int
    other: int
    fuzzy: int


def two_articles(app: Flask, client: Client) -> Articles:
    """Article A, finished; article B shares its paragraphs, and a person has typed
    English (not yet confirmed) into the one whose Japanese the memory also knows."""
    finished = create_article(client, [SHARED, TYPED_SOURCE], title=FINISHED_TITLE)
    a_shared, a_typed = paragraph_ids(app, finished)
    save(client, a_shared, SHARED_EN, 0, mark="translated")
    save(client, a_typed, TYPED_MEMORY, 0, mark="translated")
    article = create_article(client, [SHARED, TYPED_SOURCE, OTHER, FUZZY], title="続報")
    shared, typed, other, fuzzy = paragraph_ids(app, article)
    save(client, typed, TYPED_BY_PERSON, 0)
    return Articles(finished, article, shared, typed, other, fuzzy)


def stored(app: Flask, pid: int) -> Stored:
    with app.app_context():
        p = db.session.get(Paragraph, pid)
        assert p is not None
        return Stored(p.target_text, p.status, p.version, p.filled_from)


def revisions_of(app: Flask, pid: int) -> list[StoredRevision]:
    with app.app_context():
        return [
            StoredRevision(r.origin, r.author, r.author_id, r.detail, r.text)
            for r in db.session.scalars(
                select(Revision).where(Revision.paragraph_id == pid).order_by(Revision.id)
            )
        ]


def drafts_of(app: Flask, pid: int) -> list[tuple[str, str | None]]:
    with app.app_context():
        return [
            (d.text, d.error)
            for d in db.session.scalars(
                select(Draft).where(Draft.paragraph_id == pid).order_by(Draft.id)
            )
        ]


def job_count(app: Flask, article_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count()).select_from(Job).where(Job.article_id == article_id)
            )
            or 0
        )


def queue_job(app: Flask, article_id: int, provider: str | None = None) -> int:
    """A pre-translation queued and not running yet (as when the workers are busy)."""
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        job = pretranslating.create_job(
            db.session, article, provider=provider, author="Tom Translator"
        )
        db.session.commit()
        return job.id


def pretranslate(client: Client, article_id: int, *, hx: bool = True, **form: str) -> TestResponse:
    data = {"form_key": form.pop("form_key", "")} if "form_key" in form else {}
    data.update(form)
    return client.post(f"/articles/{article_id}/pretranslate", data, hx=hx)


def words(tag: Tag | BeautifulSoup | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ", strip=True).split())


def job_block(page: BeautifulSoup, article_id: int) -> Tag:
    block = page.select_one(f"div.job#job-{article_id}")
    assert block is not None, page
    return block


def row(client: Client, pid: int) -> Tag:
    response = client.get(f"/paragraphs/{pid}", hx=True)
    assert response.status_code == 200
    found = soup(response).select_one(f"div.row#p-{pid}")
    assert found is not None
    return found


def mark_of(tag: Tag) -> str | None:
    mark = tag.select_one(".fill-mark")
    return words(mark) if mark is not None else None


MEMORY_MARK = "◆ From memory, 100 % — check it"
MACHINE_MARK = "◇ Machine draft — check it"


# ---------------------------------------------------------------- from the memory


def test_a_100_match_fills_an_empty_paragraph_and_nothing_else_changes(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    with app.app_context():
        # The fuzzy paragraph really is a fuzzy match: offered in a row, never filled.
        [near] = memory.lookup(db.session, FUZZY, limit=1)
        assert 50 <= near.score < 100
    before_typed = stored(app, b.typed)

    response = pretranslate(client, b.article)

    assert response.status_code == 200
    block = job_block(soup(response), b.article)
    assert block["data-state"] == "done"
    assert words(block).startswith(
        "Filled 1 of 3 empty paragraphs: 1 from memory · 2 left as they were"
    )
    assert stored(app, b.shared) == Stored(SHARED_EN, "new", 1, "memory")
    assert stored(app, b.typed) == before_typed == Stored(TYPED_BY_PERSON, "new", 1, None)
    assert stored(app, b.other) == Stored("", "new", 0, None)
    assert stored(app, b.fuzzy) == Stored("", "new", 0, None)
    tom = ensure_user(app, "tom")
    assert revisions_of(app, b.shared) == [
        StoredRevision(
            "memory", "Pre-translation by Tom Translator", tom.id, FINISHED_TITLE, SHARED_EN
        )
    ]
    assert [r.origin for r in revisions_of(app, b.typed)] == ["edit"]
    assert fake_mt.requests == 0
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.article_id == b.article)).one()
        assert (job.kind, job.provider, job.state) == ("pretranslate", "memory", "done")
        # The typed paragraph was never part of the job: it had English.
        assert (job.total, job.done, job.from_memory, job.skipped, job.failed) == (3, 1, 1, 2, 0)
    # The filled row comes with the answer, whole, marked.
    swapped = soup(response).select_one(f"div.row#p-{b.shared}")
    assert swapped is not None and swapped.get("hx-swap-oob") == "true"
    assert mark_of(swapped) == MEMORY_MARK
    assert swapped.select_one("textarea").get_text() == SHARED_EN  # type: ignore[union-attr]
    assert soup(response).select_one(f"div.row#p-{b.typed}") is None


def test_the_memory_is_not_filled_from_unconfirmed_english(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    """Pre-translated English is unconfirmed: it fills no other paragraph."""
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    pretranslate(client, b.article)
    third = create_article(client, [SHARED, OTHER], title="三本目")
    shared, other = paragraph_ids(app, third)
    # The text came from article A's finished paragraph, not from article B's fill.
    pretranslate(client, third)
    assert revisions_of(app, shared)[0].detail == FINISHED_TITLE
    assert stored(app, other).text == ""


def test_the_row_shows_the_mark_until_a_person_edits_or_confirms(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    finished = create_article(client, [SHARED, TYPED_SOURCE], title=FINISHED_TITLE)
    for pid, text in zip(paragraph_ids(app, finished), [SHARED_EN, TYPED_MEMORY], strict=True):
        save(client, pid, text, 0, mark="translated")
    article = create_article(client, [SHARED, TYPED_SOURCE])
    confirm, edit = paragraph_ids(app, article)
    pretranslate(client, article)

    page = soup(client.get(f"/articles/{article}"))
    for pid in (confirm, edit):
        shown = page.select_one(f"div.row#p-{pid}")
        assert shown is not None and mark_of(shown) == MEMORY_MARK
        # The mark replaces the plain "not marked translated" hint.
        assert shown.select_one(".unconfirmed-hint") is None
    # History: where the text came from, and who started the job.
    history = soup(client.get(f"/paragraphs/{confirm}/history", hx=True))
    head = words(history.select_one(".revision .revision-head"))
    assert head.startswith(f"from memory (100 %) , {FINISHED_TITLE} Pre-translation by Tom")

    # Confirming the text as it stands (Ctrl+Enter) takes the mark away.
    answer = save(client, confirm, SHARED_EN, 1, mark="translated")
    assert mark_of(soup(answer)) is None
    assert stored(app, confirm) == Stored(SHARED_EN, "translated", 1, None)
    assert mark_of(row(client, confirm)) is None
    # So does an edit (the text stays unconfirmed, but a person has read it).
    answer = save(client, edit, TYPED_MEMORY + " Again.", 1)
    assert mark_of(soup(answer)) is None
    assert stored(app, edit) == Stored(TYPED_MEMORY + " Again.", "new", 2, None)
    after = row(client, edit)
    assert mark_of(after) is None
    assert words(after.select_one(".unconfirmed-hint")) == "English not marked translated"


def test_a_persons_save_after_the_version_was_read_wins(mt_app: AppFactory) -> None:
    """The fill names the version the job read, as an editor's page does: English a
    person saved since is never overwritten, and no conflict is left behind."""
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    read_version = stored(app, b.shared).version
    save(client, b.shared, "A person's English.", read_version)  # meanwhile

    with app.app_context():
        filled = pretranslating.fill(
            db.session,
            b.shared,
            SHARED_EN,
            base_version=read_version,
            origin="memory",
            author="Pre-translation by Tom Translator",
            author_id=None,
            detail=FINISHED_TITLE,
        )
        db.session.commit()

    assert filled is False
    assert stored(app, b.shared) == Stored("A person's English.", "new", 1, None)
    assert [r.origin for r in revisions_of(app, b.shared)] == ["edit"]


def test_a_persons_save_during_the_job_wins_and_is_counted_skipped(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    finished = create_article(client, [SHARED, TYPED_SOURCE], title=FINISHED_TITLE)
    for pid, text in zip(paragraph_ids(app, finished), [SHARED_EN, TYPED_MEMORY], strict=True):
        save(client, pid, text, 0, mark="translated")
    article = create_article(client, [SHARED, TYPED_SOURCE])
    first, second = paragraph_ids(app, article)
    job_id = queue_job(app, article)
    with app.app_context():
        engine = db.engine
    typed: list[int] = []

    def person_types(job: Job) -> None:
        # After the job read every version and filled the first paragraph, a person
        # saves English into the second one (from another thread, as a request).
        if not typed:
            typed.append(1)
            worker = threading.Thread(target=lambda: save(client, second, TYPED_BY_PERSON, 0))
            worker.start()
            worker.join()

    result = pretranslating.run_job(
        engine, job_id, jobs.provider_settings(app), on_progress=person_types
    )

    assert result.as_dict() == {"memory": 1, "machine": 0, "skipped": 1, "failed": 0}
    assert stored(app, first) == Stored(SHARED_EN, "new", 1, "memory")
    assert stored(app, second) == Stored(TYPED_BY_PERSON, "new", 1, None)
    assert [r.origin for r in revisions_of(app, second)] == ["edit"]


# ---------------------------------------------------------------- then from machine drafts


def test_the_machine_option_fills_the_rest_from_drafts(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)

    response = pretranslate(client, b.article, machine="1", provider=LIBRE)

    assert response.status_code == 200
    block = job_block(soup(response), b.article)
    assert words(block).startswith(
        "Filled 3 of 3 empty paragraphs: 1 from memory, 2 from machine drafts"
    )
    assert stored(app, b.shared) == Stored(SHARED_EN, "new", 1, "memory")
    assert stored(app, b.typed).text == TYPED_BY_PERSON
    for pid, source in ((b.other, OTHER), (b.fuzzy, FUZZY)):
        # A draft is kept beside the row as drafting keeps it, and used as the English.
        assert drafts_of(app, pid) == [(echo(source), None)]
        assert stored(app, pid) == Stored(echo(source), "drafted", 1, "machine")
        assert revisions_of(app, pid)[-1].origin == "machine"
        assert revisions_of(app, pid)[-1].detail == "LibreTranslate"
        assert revisions_of(app, pid)[-1].author == "Pre-translation by Tom Translator"
    assert sorted(fake_mt.texts) == sorted([OTHER, FUZZY])  # the memory's needed no request
    swapped = soup(response).select_one(f"div.row#p-{b.other}")
    assert swapped is not None and mark_of(swapped) == MACHINE_MARK
    history = soup(client.get(f"/paragraphs/{b.other}/history", hx=True))
    assert words(history.select_one(".revision .revision-head")).startswith(
        "machine draft , LibreTranslate Pre-translation by Tom Translator"
    )


def test_an_existing_draft_of_the_same_japanese_is_used_without_a_request(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    drafted = client.post(
        f"/paragraphs/{b.other}/redraft", {"provider": LIBRE}, hx=True
    )  # a person asked for this draft earlier
    assert drafted.status_code == 200
    assert fake_mt.requests == 1

    pretranslate(client, b.article, machine="1", provider=LIBRE)

    assert stored(app, b.other) == Stored(echo(OTHER), "drafted", 1, "machine")
    assert drafts_of(app, b.other) == [(echo(OTHER), None)]  # no second draft
    assert fake_mt.texts == [OTHER, FUZZY]


def test_a_failing_provider_is_counted_and_shown_and_writes_no_english(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    fake_mt.set_mode("500", fail_when_contains="声明")  # only the OTHER paragraph

    response = pretranslate(client, b.article, machine="1", provider=LIBRE)

    block = job_block(soup(response), b.article)
    assert "1 failed" in words(block)
    assert words(block).startswith(
        "Filled 2 of 3 empty paragraphs: 1 from memory, 1 from machine drafts"
    )
    assert stored(app, b.other) == Stored("", "new", 0, None)
    assert revisions_of(app, b.other) == []
    [(text, error)] = drafts_of(app, b.other)
    assert text == "" and error is not None and "HTTP 500" in error
    # The row's draft cell says why, with a Retry, as after drafting.
    cell = row(client, b.other).select_one(f"#draft-{b.other}")
    assert cell is not None and "HTTP 500" in words(cell) and "Retry" in words(cell)
    assert stored(app, b.fuzzy).filled_from == "machine"


def test_a_provider_that_is_not_set_up_fails_every_machine_paragraph(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(DEEPL_KEY=None, DEEPL_SERVER_URL=fake_mt.url)
    client = signed_in(app, "tom")
    b = two_articles(app, client)

    response = pretranslate(client, b.article, machine="1", provider="deepl")

    assert "2 failed" in words(job_block(soup(response), b.article))
    assert stored(app, b.shared).filled_from == "memory"
    assert drafts_of(app, b.other) == [("", "Set WORKBENCH_DEEPL_KEY to use DeepL.")]
    assert fake_mt.requests == 0


# ---------------------------------------------------------------- the action


def test_the_editor_header_offers_pre_translation_beside_draft_all(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)

    page = assert_full_page(client.get(f"/articles/{b.article}"))
    block = job_block(page, b.article)
    form = block.select_one("form.pretranslate")
    assert form is not None
    assert form["action"] == f"/articles/{b.article}/pretranslate"
    assert [words(x) for x in form.select("button")] == ["Pre-translate"]
    box = form.select_one("input[type=checkbox][name=machine]")
    assert box is not None and not box.has_attr("checked")
    assert words(box.find_parent("label")) == "then fill the rest from machine drafts"
    assert form.select_one("input[name=csrf_token]") is not None
    assert len(str(form.select_one("input[name=form_key]")["value"])) == 32  # type: ignore[index]
    assert block.select_one("form.draft-all") is not None

    # The hx answer is the job block alone, plus the rows it filled, out of band.
    answer = pretranslate(client, b.article)
    assert "<html" not in answer.get_data(as_text=True).lower()
    top = [child for child in soup(answer).children if isinstance(child, Tag)]
    assert top[0]["id"] == f"job-{b.article}"
    assert [t["id"] for t in top[1:]] == [f"p-{b.shared}"]
    assert all(t["hx-swap-oob"] == "true" for t in top[1:])


def test_without_scripts_the_form_answers_with_the_editor(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    response = pretranslate(client, b.article, hx=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{b.article}")
    assert stored(app, b.shared).filled_from == "memory"


def test_a_double_submit_starts_one_job(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    key = "k" * 32

    first = pretranslate(client, b.article, form_key=key, machine="1", provider=LIBRE)
    second = pretranslate(client, b.article, form_key=key, machine="1", provider=LIBRE)
    plain = pretranslate(client, b.article, hx=False, form_key=key, machine="1", provider=LIBRE)

    assert [first.status_code, second.status_code, plain.status_code] == [200, 200, 303]
    assert job_count(app, b.article) == 1
    assert fake_mt.requests == 2
    assert [r.origin for r in revisions_of(app, b.other)] == ["machine"]
    assert words(job_block(soup(second), b.article)).startswith(
        "Filled 3 of 3 empty paragraphs: 1 from memory, 2 from machine drafts"
    )


def test_a_second_job_is_refused_while_one_is_queued(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    queue_job(app, b.article)

    busy = pretranslate(client, b.article, form_key="a" * 32)
    assert busy.status_code == 409
    message = job_block(soup(busy), b.article).select_one("p.error")
    assert words(message) == (
        "Pre-translation is already running for this article; wait for it or cancel it."
    )
    drafting = client.post(f"/articles/{b.article}/draft", {"provider": LIBRE}, hx=True)
    assert drafting.status_code == 409
    plain = pretranslate(client, b.article, hx=False)
    assert plain.status_code == 409
    assert job_count(app, b.article) == 1
    assert stored(app, b.shared).text == ""


def test_the_progress_bar_shows_a_running_pre_translation_and_its_rows_arrive(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    job_id = queue_job(app, b.article)

    page = soup(client.get(f"/articles/{b.article}"))
    block = job_block(page, b.article)
    assert block["data-state"] == "queued"
    assert "Pre-translating 0/3 from the memory" in words(block.select_one(".job-text"))
    progress = block.select_one("progress")
    assert progress is not None and progress["max"] == "3"
    poll = str(block["hx-get"])
    assert "filled=" in poll and block.get("hx-trigger") == "every 1s"
    assert "Cancel" in words(block)

    with app.app_context():
        engine = db.engine
    pretranslating.run_job(engine, job_id, jobs.provider_settings(app))

    polled = client.get(poll, hx=True)
    finished = job_block(soup(polled), b.article)
    assert finished["data-state"] == "done"
    assert finished.get("hx-trigger") is None  # no more polling
    swapped = soup(polled).select_one(f"div.row#p-{b.shared}")
    assert swapped is not None and swapped.get("hx-swap-oob") == "true"
    assert mark_of(swapped) == MEMORY_MARK
    # Reloaded, the page shows the same summary and the same marks.
    again = soup(client.get(f"/articles/{b.article}"))
    assert words(job_block(again, b.article)).startswith(
        "Filled 1 of 3 empty paragraphs: 1 from memory"
    )
    assert mark_of(again.select_one(f"div.row#p-{b.shared}")) == MEMORY_MARK  # type: ignore[arg-type]


def test_cancel_stops_a_queued_pre_translation(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    job_id = queue_job(app, b.article)
    cancelled = client.post(f"/jobs/{job_id}/cancel", {"after": "0", "filled": "0"}, hx=True)
    assert cancelled.status_code == 200
    assert words(job_block(soup(cancelled), b.article)).startswith("Cancelled at 0/3")
    with app.app_context():
        engine = db.engine
    result = pretranslating.run_job(engine, job_id, jobs.provider_settings(app))
    assert result.state == "cancelled"
    assert stored(app, b.shared).text == ""


def test_an_unknown_provider_is_refused_and_starts_nothing(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    refused = pretranslate(client, b.article, machine="1", provider="babelfish")
    assert refused.status_code == 422
    assert "There is no machine-translation provider called 'babelfish'" in words(soup(refused))
    assert job_count(app, b.article) == 0
    assert stored(app, b.shared).text == ""


def test_an_unknown_article_is_404_with_a_sentence(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    response = pretranslate(client, 987654)
    assert response.status_code == 404
    assert "There is no article 987654." in words(soup(response))


@pytest.mark.parametrize("name", ["tom", "rita", "ada"])
def test_every_role_may_pre_translate(mt_app: AppFactory, name: str) -> None:
    app = mt_app()
    b = two_articles(app, signed_in(app, "tom"))
    client = signed_in(app, name)
    assert pretranslate(client, b.article).status_code == 200
    display = {"tom": "Tom Translator", "rita": "Rita Reviewer", "ada": "Ada Admin"}[name]
    assert revisions_of(app, b.shared)[0].author == f"Pre-translation by {display}"


def test_anonymous_visitors_cannot_pre_translate(mt_app: AppFactory) -> None:
    app = mt_app()
    b = two_articles(app, signed_in(app, "tom"))
    visitor = Client(app.test_client(), app)
    assert pretranslate(visitor, b.article).status_code == 401
    redirected = pretranslate(visitor, b.article, hx=False)
    assert redirected.status_code == 303 and "/login" in redirected.headers["Location"]
    assert job_count(app, b.article) == 0
    assert stored(app, b.shared).text == ""


# ---------------------------------------------------------------- queries


def _statements_for(app: Flask, client: Client, url: str) -> int:
    seen: list[str] = []

    def listener(*args: Any) -> None:
        seen.append(str(args[2]))

    with app.app_context():
        engine = db.engine
    client.get(url, hx=True)  # warm up: connections, caches
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(url, hx=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    return len(seen)


def test_the_poll_that_brings_filled_rows_does_not_grow_with_them(mt_app: AppFactory) -> None:
    """The job block asks every second; the rows it brings cost the same queries
    whether a pre-translation filled three of them or thirty."""
    app = mt_app()
    client = signed_in(app, "tom")
    sources = [f"第{i}段落の本文です。" for i in range(1, 31)]
    finished = create_article(client, sources, title=FINISHED_TITLE)
    for pid, i in zip(paragraph_ids(app, finished), range(1, 31), strict=True):
        save(client, pid, f"Paragraph {i}.", 0, mark="translated")
    small = create_article(client, sources[:3], title="小")
    large = create_article(client, sources, title="大")
    counts = {}
    for article_id, size in ((small, 3), (large, 30)):
        job_id = queue_job(app, article_id)
        with app.app_context():
            engine = db.engine
        result = pretranslating.run_job(engine, job_id, jobs.provider_settings(app))
        assert result.memory == size
        url = f"/articles/{article_id}/job?after=0&filled=0"
        assert len(soup(client.get(url, hx=True)).select("div.row .fill-mark")) == size
        counts[size] = _statements_for(app, client, url)
    assert counts[3] == counts[30], counts


def test_a_request_without_the_pages_token_is_refused(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    refused = client.post(f"/articles/{b.article}/pretranslate", {}, hx=True, csrf=False)
    assert refused.status_code == 400
    assert job_count(app, b.article) == 0
    assert stored(app, b.shared).text == ""


def test_cancel_stops_a_machine_request_in_flight(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    # A minute of deadline: only Cancel can end this job soon.
    app = mt_app(MT_TIMEOUT=60)
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    job_id = queue_job(app, b.article, provider=LIBRE)
    fake_mt.set_mode("drip")
    with app.app_context():
        engine = db.engine
    outcome: list[pretranslating.Result] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            pretranslating.run_job(
                engine, job_id, jobs.provider_settings(app), concurrency=1, retries=0
            )
        )
    )
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while fake_mt.requests < 1:
            assert time.monotonic() < deadline, "the machine request never started"
            time.sleep(0.02)
        cancelled = client.post(f"/jobs/{job_id}/cancel", hx=True)
        assert cancelled.status_code == 200
    finally:
        worker.join(timeout=30)
    assert not worker.is_alive(), "the job went on after Cancel"

    assert outcome and outcome[0].state == "cancelled"
    assert outcome[0].as_dict() == {"memory": 1, "machine": 0, "skipped": 0, "failed": 0}
    assert fake_mt.requests == 1
    assert stored(app, b.shared).filled_from == "memory"  # filled before Cancel
    assert stored(app, b.other) == Stored("", "new", 0, None)
    assert drafts_of(app, b.other) == []  # abandoned half-way: no draft, no failure
    assert stored(app, b.fuzzy) == Stored("", "new", 0, None)


def test_a_fill_for_japanese_corrected_meanwhile_is_not_stored(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    b = two_articles(app, client)
    corrected = client.post(f"/paragraphs/{b.shared}/source", {"text": FUZZY, "base": "0"}, hx=True)
    assert corrected.status_code == 200, corrected.get_data(as_text=True)[:300]

    with app.app_context():
        filled = pretranslating.fill(
            db.session,
            b.shared,
            SHARED_EN,
            base_version=0,
            origin="memory",
            author="Pre-translation by Tom Translator",
            author_id=None,
            detail=FINISHED_TITLE,
            source=SHARED,  # what the job matched
        )
        db.session.commit()

    assert filled is False
    assert stored(app, b.shared) == Stored("", "new", 0, None)
