"""Machine drafts from the editor: drafting an article, the job's progress,
the drafts in each row, the cache, failures and retries, long and wordless
paragraphs, an offline service, cancelling, concurrency and who may do what.

Every provider request goes to the loopback fake in tests/support/fake_mt.py.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.support.accounts import ensure_user
from tests.support.app import AppFactory, app_builder
from tests.support.client import Client, signed_in
from tests.support.fake_mt import FakeMT, echo, libretranslate_config
from tests.support.pages import soup
from tests.support.samples import SAMPLE_PATH, sample_body_lines
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph, Revision
from workbench.extensions import db
from workbench.machine import drafting, jobs
from workbench.machine.models import Draft, Job
from workbench.machine.providers import PROVIDERS

# The fixture, under the name the tests ask for.

SAMPLE_PARAGRAPHS = sample_body_lines()[:-1]  # the comment counter is dropped on import
LIBRE = "libretranslate"
REFUSED = "refused the connection: is the server running?"


# ---------------------------------------------------------------- apps


@pytest.fixture
def mt_app(app: Flask, database_url: str, tmp_path: Path, fake_mt: FakeMT) -> Iterator[AppFactory]:
    """Apps whose LibreTranslate is the fake, retried twice as drafting jobs are."""
    config = libretranslate_config(fake_mt, MT_RETRIES=2)
    with app_builder(app, database_url, tmp_path, **config) as build:
        yield build


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Stored:
    text: str
    status: str
    version: int


@dataclass(frozen=True)
class StoredDraft:
    id: int
    provider: str
    text: str
    error: str | None
    cached: bool


def import_sample(app: Flask) -> tuple[int, list[int]]:
    """The sample article, imported as an upload would be; its id and paragraph ids."""
    prepared = prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())
    return store_article(app, prepared.kept, title=prepared.title)


def store_article(
    app: Flask, paragraphs: list[str], title: str = "テスト"
) -> tuple[int, list[int]]:
    with app.app_context():
        article = create_article(db.session, title=title, paragraphs=paragraphs)
        db.session.commit()
        ids = list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article.id)
                .order_by(Paragraph.position)
            )
        )
        return article.id, ids


def sources(app: Flask, pids: list[int]) -> list[str]:
    with app.app_context():
        return [db.session.get(Paragraph, pid).source_text for pid in pids]  # type: ignore[union-attr]


def stored(app: Flask, pid: int) -> Stored:
    with app.app_context():
        p = db.session.get(Paragraph, pid)
        assert p is not None
        return Stored(p.target_text, p.status, p.version)


def drafts_of(app: Flask, pid: int) -> list[StoredDraft]:
    """The paragraph's drafts, oldest first."""
    with app.app_context():
        return [
            StoredDraft(d.id, d.provider, d.text, d.error, d.cached)
            for d in db.session.scalars(
                select(Draft).where(Draft.paragraph_id == pid).order_by(Draft.id)
            )
        ]


def draft_count(app: Flask, article_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count())
                .select_from(Draft)
                .join(Paragraph, Paragraph.id == Draft.paragraph_id)
                .where(Paragraph.article_id == article_id)
            )
            or 0
        )


def job_count(app: Flask, article_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count()).select_from(Job).where(Job.article_id == article_id)
            )
            or 0
        )


def job_state(app: Flask, job_id: int) -> str:
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        return job.state


def queue_job(app: Flask, article_id: int, scope: drafting.Scope = "untranslated") -> int:
    """A job that is queued and not running yet (as when a worker is busy)."""
    with app.app_context():
        from workbench.articles.models import Article

        article = db.session.get(Article, article_id)
        assert article is not None
        job = drafting.create_job(db.session, article, provider=LIBRE, scope=scope)
        db.session.commit()
        return job.id


# ---------------------------------------------------------------- pages


def words(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ", strip=True).split())


def job_block(page: BeautifulSoup, article_id: int) -> Tag:
    block = page.select_one(f"div.job#job-{article_id}")
    assert block is not None, page
    return block


def page_text(response: TestResponse) -> str:
    return words(soup(response))


def buttons(tag: Tag) -> list[str]:
    return [words(b) for b in tag.select("button")]


def draft_all(client: Client, article_id: int, **form: str) -> TestResponse:
    data = {"provider": LIBRE, "scope": "untranslated", **form}
    return client.post(f"/articles/{article_id}/draft", data, hx=True)


def redraft(client: Client, pid: int, provider: str = LIBRE) -> TestResponse:
    return client.post(f"/paragraphs/{pid}/redraft", {"provider": provider}, hx=True)


def translate(client: Client, pid: int, text: str) -> None:
    """Save a translation and mark it translated, as Ctrl+Enter does."""
    response = client.post(
        f"/paragraphs/{pid}", {"text": text, "version": "0", "mark": "translated"}, hx=True
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def row(client: Client, pid: int) -> Tag:
    response = client.get(f"/paragraphs/{pid}", hx=True)
    assert response.status_code == 200
    found = soup(response).select_one(f"div.row#p-{pid}")
    assert found is not None
    return found


def draft_cell(tag: Tag | BeautifulSoup, pid: int) -> Tag:
    cell = tag.select_one(f"div#draft-{pid}")
    assert cell is not None
    return cell


def assert_redrafted(block: Tag) -> None:
    """The job block after a one-paragraph redraft that worked."""
    assert block["data-state"] == "done"
    assert "failed" not in words(block).lower()
    assert "Draft all" in buttons(block)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait until ``condition`` holds (not a timing assertion: a generous bound)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


# ---------------------------------------------------------------- drafting an article


def test_draft_all_drafts_every_paragraph(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    assert sources(app, pids) == SAMPLE_PARAGRAPHS

    response = draft_all(client, article_id)

    assert response.status_code == 200
    assert response.headers.get("HX-Retarget") == f"#job-{article_id}"
    block = job_block(soup(response), article_id)
    assert block["data-state"] == "done"
    assert "Drafted 14/14" in words(block)
    assert "failed" not in words(block)
    assert "Draft all" in buttons(block)  # the form is back for the next run

    assert fake_mt.requests == 14
    assert sorted(fake_mt.texts) == sorted(SAMPLE_PARAGRAPHS)
    assert draft_count(app, article_id) == 14
    for pid, source in zip(pids, SAMPLE_PARAGRAPHS, strict=True):
        [draft] = drafts_of(app, pid)
        assert (draft.provider, draft.text, draft.error, draft.cached) == (
            LIBRE,
            echo(source),
            None,
            False,
        )
        # The draft sits beside the paragraph: the translation stays empty.
        assert stored(app, pid) == Stored("", "drafted", 0)


def test_a_translated_paragraph_is_left_alone_by_default(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    done = pids[2]
    translate(client, done, "He already surprised the world in June 2019.")
    before = stored(app, done)
    assert before == Stored("He already surprised the world in June 2019.", "translated", 1)

    response = draft_all(client, article_id)

    assert "Drafted 13/13" in words(job_block(soup(response), article_id))
    assert fake_mt.requests == 13
    assert SAMPLE_PARAGRAPHS[2] not in fake_mt.texts
    assert drafts_of(app, done) == []
    assert stored(app, done) == before
    assert all(stored(app, pid).status == "drafted" for pid in pids if pid != done)


def test_scope_all_drafts_a_translated_paragraph_but_keeps_its_translation(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    done = pids[2]
    translate(client, done, "He already surprised the world in June 2019.")
    before = stored(app, done)
    with app.app_context():
        revisions_before = db.session.scalar(
            select(func.count()).select_from(Revision).where(Revision.paragraph_id == done)
        )

    response = draft_all(client, article_id, scope="all")

    assert "Drafted 14/14" in words(job_block(soup(response), article_id))
    assert fake_mt.requests == 14
    [draft] = drafts_of(app, done)
    assert draft.text == echo(SAMPLE_PARAGRAPHS[2])
    assert stored(app, done) == before
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Revision).where(Revision.paragraph_id == done)
            )
            == revisions_before
        )
    # The editor shows the draft beside the unchanged translation.
    textarea = row(client, done).select_one(f"textarea#text-{done}")
    assert textarea is not None and textarea.get_text() == before.text
    assert words(draft_cell(row(client, done), done).select_one("p.draft-text")) == echo(
        SAMPLE_PARAGRAPHS[2]
    )


# ---------------------------------------------------------------- the editor page


def test_the_editor_shows_each_draft_and_use_draft_copies_it(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    draft_all(client, article_id)

    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    document = soup(page)
    for pid, source in zip(pids, SAMPLE_PARAGRAPHS, strict=True):
        cell = draft_cell(document, pid)
        assert words(cell.select_one("p.draft-text")) == echo(source)
        assert "Use draft" in buttons(cell)
        assert "· cached" not in words(cell)
        assert cell.get("hx-swap-oob") is None  # in place on the page, not out of band

    pid = pids[0]
    [draft] = drafts_of(app, pid)
    use_form = draft_cell(document, pid).find(
        "form", action=f"/paragraphs/{pid}/use-draft/{draft.id}"
    )
    assert isinstance(use_form, Tag) and "Use draft" in buttons(use_form)

    used = client.post(f"/paragraphs/{pid}/use-draft/{draft.id}", {"version": "0"}, hx=True)

    assert used.status_code == 200, used.get_data(as_text=True)
    textarea = soup(used).select_one(f"textarea#text-{pid}")
    assert textarea is not None and textarea.get_text() == echo(SAMPLE_PARAGRAPHS[0])
    after = stored(app, pid)
    assert (after.text, after.version) == (echo(SAMPLE_PARAGRAPHS[0]), 1)
    with app.app_context():
        [revision] = db.session.scalars(select(Revision).where(Revision.paragraph_id == pid))
        assert (revision.origin, revision.text) == ("draft", echo(SAMPLE_PARAGRAPHS[0]))
    # Using a draft leaves the draft where it was, and the other rows alone.
    assert drafts_of(app, pid) == [draft]
    assert stored(app, pids[1]).text == ""


def test_the_job_poll_sends_only_the_drafts_that_arrived_since(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    draft_all(client, article_id)
    ids = sorted(d.id for pid in pids for d in drafts_of(app, pid))
    newest = {d.id: pid for pid in pids for d in drafts_of(app, pid)}

    def poll(after: int) -> BeautifulSoup:
        response = client.get(f"/articles/{article_id}/job?after={after}", hx=True)
        assert response.status_code == 200
        return soup(response)

    everything = poll(0)
    block = job_block(everything, article_id)
    assert "Drafted 14/14" in words(block)
    cells = everything.select("div.draft[id^=draft-]")
    assert sorted(cell["id"] for cell in cells) == sorted(f"draft-{pid}" for pid in pids)
    assert all(cell.get("hx-swap-oob") == "true" for cell in cells)
    for cell in cells:
        pid = int(str(cell["id"]).removeprefix("draft-"))
        assert words(cell.select_one("p.draft-text")) == echo(SAMPLE_PARAGRAPHS[pids.index(pid)])

    last_one = poll(ids[-2])
    [cell] = last_one.select("div[hx-swap-oob]")
    assert cell["id"] == f"draft-{newest[ids[-1]]}"
    assert cell["hx-swap-oob"] == "true"

    assert poll(ids[-1]).select("div[hx-swap-oob]") == []

    # The full page carries the same job block (without the out-of-band cells).
    page = soup(client.get(f"/articles/{article_id}"))
    on_page = job_block(page, article_id)
    assert words(on_page) == words(block)
    assert on_page["data-state"] == block["data-state"] == "done"
    # Without htmx the poll address leads to the editor.
    plain = client.get(f"/articles/{article_id}/job")
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/articles/{article_id}")


def test_the_answer_to_draft_all_brings_the_drafts_of_a_finished_job(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    """A job can end before its answer is written (always when jobs run inside the
    request, and with a quick worker). The answer then stops polling, so it must
    carry the drafts to their rows itself."""
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)

    answer = soup(draft_all(client, article_id))

    assert job_block(answer, article_id)["data-state"] == "done"
    assert job_block(answer, article_id).get("hx-trigger") is None  # no poll will follow
    cells = answer.select("div[hx-swap-oob]")
    assert sorted(str(cell["id"]) for cell in cells) == sorted(f"draft-{pid}" for pid in pids)


def test_the_answer_to_a_retry_brings_the_new_draft_into_its_row(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(MT_RETRIES=0)
    client = signed_in(app, "tom")
    article_id, [pid] = store_article(app, ["今日は晴れです。"])
    fake_mt.set_mode("500")
    draft_all(client, article_id)
    fake_mt.set_mode("ok")

    answer = soup(redraft(client, pid))

    assert job_block(answer, article_id)["data-state"] == "done"
    cell = answer.select_one(f"div#draft-{pid}[hx-swap-oob]")
    assert cell is not None, "the row keeps its error until the page is reloaded"
    assert words(cell.select_one("p.draft-text")) == echo("今日は晴れです。")
    assert cell.select_one("p.draft-error") is None


# ---------------------------------------------------------------- the cache


def test_drafting_again_uses_the_cache_and_a_redraft_bypasses_it(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    draft_all(client, article_id)
    assert fake_mt.requests == 14

    again = draft_all(client, article_id, scope="all")

    assert "Drafted 14/14" in words(job_block(soup(again), article_id))
    assert fake_mt.requests == 14  # no request at all
    for pid, source in zip(pids, SAMPLE_PARAGRAPHS, strict=True):
        first, second = drafts_of(app, pid)
        assert (first.cached, second.cached) == (False, True)
        assert second.text == echo(source)
    page = soup(client.get(f"/articles/{article_id}"))
    assert "· cached" in words(draft_cell(page, pids[0]).select_one(".draft-provider"))

    response = redraft(client, pids[3])

    assert response.status_code == 200
    assert response.headers.get("HX-Retarget") == f"#job-{article_id}"
    assert_redrafted(job_block(soup(response), article_id))
    assert fake_mt.requests == 15
    assert fake_mt.texts[-1] == SAMPLE_PARAGRAPHS[3]
    newest = drafts_of(app, pids[3])[-1]
    assert (newest.text, newest.cached, newest.error) == (echo(SAMPLE_PARAGRAPHS[3]), False, None)
    cell = draft_cell(row(client, pids[3]), pids[3])
    assert "· cached" not in words(cell)


# ---------------------------------------------------------------- failures


@dataclass(frozen=True)
class Failure:
    mode: str
    sentence: str
    requests_per_paragraph: int
    retries: int = 0


FAILURES = {
    "rate limited": Failure(
        "429", "LibreTranslate is rate-limiting requests (HTTP 429); retry in 0 s.", 3, retries=2
    ),
    "server error": Failure("500", "LibreTranslate had a server error (HTTP 500)", 1),
    "invalid JSON": Failure(
        "invalid_json", "LibreTranslate sent an answer that could not be read", 1
    ),
    "hang": Failure("hang", "LibreTranslate did not answer within 1 s.", 1),
    # One byte a second: the answer never ends, the deadline ends the request.
    "drip": Failure(
        "drip",
        "LibreTranslate was still sending its answer after 2 s; it was abandoned and "
        "nothing was stored.",
        1,
    ),
    "huge": Failure(
        "huge", "The answer from LibreTranslate was too large (over 1 MB); nothing was stored.", 1
    ),
    "refused": Failure("refused", f"LibreTranslate at http://127.0.0.1:{{port}} {REFUSED}", 0),
    "unauthorised": Failure(
        "401",
        "LibreTranslate refused the API key (HTTP 401). Check WORKBENCH_LIBRETRANSLATE_KEY.",
        1,
    ),
}


@pytest.mark.parametrize("failure", FAILURES.values(), ids=list(FAILURES))
def test_a_failed_draft_says_why_and_can_be_retried(
    mt_app: AppFactory, fake_mt: FakeMT, failure: Failure
) -> None:
    sentence = failure.sentence.replace("{port}", fake_mt.refused_url.rsplit(":", 1)[1])
    if failure.mode == "refused":
        app = mt_app(LIBRETRANSLATE_URL=fake_mt.refused_url + "/", MT_RETRIES=failure.retries)
    else:
        # A 2 s deadline outlasts the drip's one byte a second, so no read timeout ends it.
        timeout = 2 if failure.mode == "drip" else 1
        app = mt_app(MT_RETRIES=failure.retries, MT_TIMEOUT=timeout)
        fake_mt.set_mode(failure.mode, retry_after=0 if failure.mode == "429" else None)
    client = signed_in(app, "tom")
    article_id, pids = store_article(app, ["今日は晴れです。", "明日は雨が降るでしょう。"])
    done, fresh = pids
    translate(client, done, "It is sunny today.")
    before = {pid: stored(app, pid) for pid in pids}

    response = draft_all(client, article_id, scope="all")

    assert response.status_code == 200
    assert "2 failed" in words(job_block(soup(response), article_id))
    assert fake_mt.requests == 2 * failure.requests_per_paragraph
    # Nothing the editors wrote changed, and the untranslated paragraph is still new.
    assert {pid: stored(app, pid) for pid in pids} == before
    assert before[fresh] == Stored("", "new", 0)
    for pid in pids:
        [draft] = drafts_of(app, pid)
        assert draft.text == ""
        assert draft.error is not None and sentence in draft.error
        cell = draft_cell(row(client, pid), pid)
        assert sentence in words(cell.select_one("p.draft-error"))
        assert "Retry" in buttons(cell)
        assert "Use draft" not in buttons(cell)
    if failure.mode == "drip":
        # The job gave up on both answers; it did not wait for the fake to stop.
        wait_for(lambda: fake_mt.abandoned == 2, "the job to hang up on both answers")

    # The service is back: the retry drafts the paragraph.
    if failure.mode == "refused":
        app = mt_app()  # the same database, with the address of a server that answers
        client = signed_in(app, "tom")
    fake_mt.set_mode("ok")
    retried = redraft(client, fresh)

    assert retried.status_code == 200
    assert_redrafted(job_block(soup(retried), article_id))
    newest = drafts_of(app, fresh)[-1]
    assert (newest.text, newest.error) == (echo("明日は雨が降るでしょう。"), None)
    cell = draft_cell(row(client, fresh), fresh)
    assert words(cell.select_one("p.draft-text")) == echo("明日は雨が降るでしょう。")
    assert cell.select_one("p.draft-error") is None
    assert "Use draft" in buttons(cell)
    assert stored(app, fresh) == Stored("", "drafted", 0)
    assert stored(app, done) == before[done]


def test_a_provider_that_is_not_set_up_says_what_is_missing(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(DEEPL_KEY=None, DEEPL_SERVER_URL=fake_mt.url)
    client = signed_in(app, "tom")
    article_id, pids = store_article(app, ["今日は晴れです。", "明日は雨が降るでしょう。"])

    response = draft_all(client, article_id, provider="deepl")

    assert response.status_code == 200
    assert "2 failed" in words(job_block(soup(response), article_id))
    assert fake_mt.requests == 0
    for pid in pids:
        [draft] = drafts_of(app, pid)
        assert (draft.provider, draft.error) == ("deepl", "Set WORKBENCH_DEEPL_KEY to use DeepL.")
        cell = draft_cell(row(client, pid), pid)
        assert "Set WORKBENCH_DEEPL_KEY to use DeepL." in words(cell.select_one("p.draft-error"))
        assert stored(app, pid) == Stored("", "new", 0)


def test_a_draft_succeeds_after_two_rate_limits(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app(MT_RETRIES=3)
    client = signed_in(app, "tom")
    article_id, [pid] = store_article(app, ["今日は晴れです。"])
    fake_mt.set_mode("429", fail_times=2, retry_after=0)

    response = draft_all(client, article_id)

    assert "Drafted 1/1" in words(job_block(soup(response), article_id))
    assert "failed" not in words(job_block(soup(response), article_id))
    assert fake_mt.requests == 3
    [draft] = drafts_of(app, pid)
    assert (draft.text, draft.error) == (echo("今日は晴れです。"), None)


# ---------------------------------------------------------------- long and wordless text


def long_paragraph(size: int = 12_000) -> str:
    """Whole sentences of the sample, over and over, up to ``size`` characters."""
    sentences = [s + "。" for p in SAMPLE_PARAGRAPHS for s in p.split("。") if s]
    text = ""
    while True:
        for sentence in sentences:
            if len(text) + len(sentence) > size:
                return text
            text += sentence


def test_a_long_paragraph_is_sent_in_pieces_and_joined_in_order(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    text = long_paragraph()
    assert 11_800 < len(text) <= 12_000
    article_id, [pid] = store_article(app, [text])
    limit = PROVIDERS[LIBRE].max_chars

    response = draft_all(client, article_id)

    assert "Drafted 1/1" in words(job_block(soup(response), article_id))
    assert fake_mt.requests == len(fake_mt.texts) >= len(text) // limit + 1
    assert all(0 < len(piece) <= limit for piece in fake_mt.texts)
    assert "".join(fake_mt.texts) == text  # nothing lost, nothing repeated, in order
    [draft] = drafts_of(app, pid)
    assert draft.error is None
    assert draft.text == " ".join(echo(piece) for piece in fake_mt.texts)
    assert draft.text.startswith(echo(fake_mt.texts[0]))
    assert words(draft_cell(row(client, pid), pid).select_one("p.draft-text")) == " ".join(
        draft.text.split()
    )


@pytest.mark.parametrize("text", ["２０２５。", "1-2-3", "（３）――"])
def test_a_paragraph_without_words_is_copied_without_a_request(
    mt_app: AppFactory, fake_mt: FakeMT, text: str
) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, [numbers, words_pid] = store_article(app, [text, "今日は晴れです。"])

    response = draft_all(client, article_id)

    assert "Drafted 2/2" in words(job_block(soup(response), article_id))
    assert fake_mt.texts == ["今日は晴れです。"]
    [draft] = drafts_of(app, numbers)
    assert (draft.text, draft.error) == (text, None)
    assert stored(app, numbers) == Stored("", "drafted", 0)
    assert drafts_of(app, words_pid)[0].text == echo("今日は晴れです。")
    cell = draft_cell(row(client, numbers), numbers)
    assert words(cell.select_one("p.draft-text")) == text
    assert "Use draft" in buttons(cell)


# ---------------------------------------------------------------- offline


def test_offline_the_job_ends_quickly_and_the_editor_still_works(
    mt_app: AppFactory, fake_mt: FakeMT, monkeypatch: pytest.MonkeyPatch
) -> None:
    retries = 2
    app = mt_app(LIBRETRANSLATE_URL=fake_mt.refused_url + "/", MT_RETRIES=retries)
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    # Count the attempts (each one a refused connection) by wrapping the real provider.
    provider = PROVIDERS[LIBRE]
    attempts: list[str] = []
    real_translate = provider.translate

    def counting(text: str, *args: Any, **kwargs: Any) -> str:
        attempts.append(text)
        return real_translate(text, *args, **kwargs)

    monkeypatch.setattr(provider, "translate", counting)

    response = draft_all(client, article_id)

    assert response.status_code == 200
    block = job_block(soup(response), article_id)
    assert block["data-state"] == "done"
    assert "14 failed" in words(block)
    assert fake_mt.requests == 0
    # The breaker failed the rest at once instead of trying each paragraph in turn.
    assert 0 < len(attempts) < 14 * (retries + 1)
    for pid in pids:
        [draft] = drafts_of(app, pid)
        assert draft.error is not None and REFUSED in draft.error
        assert stored(app, pid) == Stored("", "new", 0)

    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    cell = draft_cell(soup(page), pids[0])
    assert REFUSED in words(cell.select_one("p.draft-error"))
    saved = client.post(
        f"/paragraphs/{pids[0]}", {"text": "Written by hand.", "version": "0"}, hx=True
    )
    assert saved.status_code == 200
    assert stored(app, pids[0]).text == "Written by hand."


# ---------------------------------------------------------------- progress, cancel, concurrency


def test_progress_shows_while_drafting_and_cancel_stops_the_job(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(MT_CONCURRENCY=2)
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    job_id = queue_job(app, article_id)
    fake_mt.set_mode("latency", latency=0.2)
    with app.app_context():
        engine = db.engine
    settings = jobs.provider_settings(app)
    outcome: list[drafting.Result] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            drafting.run_job(engine, job_id, settings, concurrency=2, retries=0)
        )
    )
    worker.start()
    try:
        wait_for(lambda: job_state(app, job_id) == "running", "the job to start")

        polled = client.get(f"/articles/{article_id}/job?after=0", hx=True)
        block = job_block(soup(polled), article_id)
        assert block["data-state"] == "running"
        shown = re.search(r"Drafting (\d+)/14", words(block))
        assert shown is not None and int(shown.group(1)) < 14
        progress = block.select_one("progress")
        assert progress is not None and progress["max"] == "14"
        assert "Cancel" in buttons(block)
        assert "Draft all" not in buttons(block)
        assert block.get("hx-trigger") == "every 1s"  # the page keeps asking

        # A second job for the same article is refused while this one runs.
        busy = draft_all(client, article_id)
        assert busy.status_code == 409
        assert "already running" in words(soup(busy).select_one("p.error"))

        cancelled = client.post(f"/jobs/{job_id}/cancel", hx=True)
        assert cancelled.status_code == 200
        assert "Cancelling" in words(job_block(soup(cancelled), article_id))
    finally:
        worker.join(timeout=60)
    assert not worker.is_alive()

    assert outcome and outcome[0].state == "cancelled"
    assert job_state(app, job_id) == "cancelled"
    drafted = draft_count(app, article_id)
    assert 0 < drafted < 14
    # The requests in flight when Cancel came were abandoned, and nothing was stored for them.
    assert drafted <= fake_mt.requests <= drafted + 2
    assert job_count(app, article_id) == 1  # the refused second job was never stored
    finished = job_block(
        soup(client.get(f"/articles/{article_id}/job?after=0", hx=True)), article_id
    )
    assert finished["data-state"] == "cancelled"
    assert f"Cancelled at {drafted}/14" in words(finished)
    assert "Draft all" in buttons(finished)
    assert finished.get("hx-trigger") is None  # no more polling
    page_block = job_block(soup(client.get(f"/articles/{article_id}")), article_id)
    assert f"Cancelled at {drafted}/14" in words(page_block)


def test_cancel_stops_a_request_in_flight(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    # A minute of deadline: only Cancel can end this job soon.
    app = mt_app(MT_TIMEOUT=60, MT_RETRIES=3, MT_CONCURRENCY=1)
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    job_id = queue_job(app, article_id)
    fake_mt.set_mode("drip")
    with app.app_context():
        engine = db.engine
    settings = jobs.provider_settings(app)
    outcome: list[drafting.Result] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            drafting.run_job(engine, job_id, settings, concurrency=1, retries=3)
        )
    )
    worker.start()
    try:
        wait_for(lambda: fake_mt.requests == 1, "the first request to start dripping")

        cancelled = client.post(f"/jobs/{job_id}/cancel", hx=True)
        assert cancelled.status_code == 200
        assert "Cancelling" in words(job_block(soup(cancelled), article_id))
    finally:
        worker.join(timeout=30)
    assert not worker.is_alive(), "the job went on after Cancel"

    assert outcome and outcome[0].state == "cancelled"
    assert job_state(app, job_id) == "cancelled"
    # The paragraph in flight was abandoned, not stored as a failure, and no other was started.
    assert fake_mt.requests == 1
    assert draft_count(app, article_id) == 0
    assert all(stored(app, pid) == Stored("", "new", 0) for pid in pids)
    wait_for(lambda: fake_mt.abandoned == 1, "the job to hang up on the answer")
    finished = job_block(
        soup(client.get(f"/articles/{article_id}/job?after=0", hx=True)), article_id
    )
    assert finished["data-state"] == "cancelled"
    assert "Cancelled at 0/14" in words(finished)


def test_drafting_sends_up_to_the_configured_number_of_requests_at_once(
    mt_app: AppFactory, fake_mt: FakeMT, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = mt_app(MT_CONCURRENCY=4)
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    fake_mt.set_mode("latency", latency=0.2)
    # Count the requests the fake is answering at the same moment.
    lock = threading.Lock()
    in_flight = [0]
    most = [0]
    real_wait = fake_mt._wait

    def counting_wait(seconds: float) -> None:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        try:
            real_wait(seconds)
        finally:
            with lock:
                in_flight[0] -= 1

    monkeypatch.setattr(fake_mt, "_wait", counting_wait)

    response = draft_all(client, article_id)

    assert "Drafted 14/14" in words(job_block(soup(response), article_id))
    assert fake_mt.requests == 14
    assert most[0] == 4
    assert all(
        drafts_of(app, pid)[0].text == echo(src)
        for pid, src in zip(pids, SAMPLE_PARAGRAPHS, strict=True)
    )


# ---------------------------------------------------------------- refusals and rights


def test_a_second_job_is_refused_while_one_is_queued(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)
    queue_job(app, article_id)

    htmx_answer = draft_all(client, article_id)
    assert htmx_answer.status_code == 409
    message = words(job_block(soup(htmx_answer), article_id).select_one("p.error"))
    assert message == (
        "A drafting job is already running for this article; wait for it or cancel it."
    )
    plain = client.post(f"/articles/{article_id}/draft", {"provider": LIBRE})
    assert plain.status_code == 409
    assert "already running" in page_text(plain)
    assert redraft(client, pids[0]).status_code == 409
    assert job_count(app, article_id) == 1
    assert fake_mt.requests == 0


def test_an_unknown_provider_or_scope_is_refused(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    article_id, pids = import_sample(app)

    unknown = draft_all(client, article_id, provider="babelfish")
    assert unknown.status_code == 422
    assert "There is no machine-translation provider called 'babelfish'" in page_text(unknown)
    bad_scope = draft_all(client, article_id, scope="some")
    assert bad_scope.status_code == 422
    assert "untranslated paragraphs or all of them" in page_text(bad_scope)
    assert redraft(client, pids[0], provider="babelfish").status_code == 422
    assert job_count(app, article_id) == 0
    assert draft_count(app, article_id) == 0
    assert fake_mt.requests == 0


def test_unknown_ids_are_404_with_a_sentence(mt_app: AppFactory) -> None:
    app = mt_app()
    client = signed_in(app, "tom")
    import_sample(app)
    answers = {
        "There is no article 987654.": client.post("/articles/987654/draft", {"provider": LIBRE}),
        "There is no article 987655.": client.get("/articles/987655/job?after=0", hx=True),
        "There is no paragraph 987656.": client.post("/paragraphs/987656/redraft"),
        "There is no drafting job 987657.": client.post("/jobs/987657/cancel", hx=True),
    }
    for sentence, response in answers.items():
        assert response.status_code == 404, sentence
        assert sentence in page_text(response)


@pytest.mark.parametrize("name", ["tom", "rita", "ada"])
def test_every_role_may_draft_and_cancel(mt_app: AppFactory, fake_mt: FakeMT, name: str) -> None:
    app = mt_app()
    client = signed_in(app, name)
    article_id, pids = import_sample(app)

    assert draft_all(client, article_id).status_code == 200
    assert draft_count(app, article_id) == 14
    job_id = queue_job(app, article_id, scope="all")
    cancelled = client.post(f"/jobs/{job_id}/cancel", hx=True)
    assert cancelled.status_code == 200
    assert job_state(app, job_id) == "cancelled"
    assert "Cancelled at 0/14" in words(job_block(soup(cancelled), article_id))


def test_anonymous_visitors_cannot_draft(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    ensure_user(app, "ada")  # the workbench is set up; the visitor is not signed in
    article_id, pids = import_sample(app)
    job_id = queue_job(app, article_id)
    visitor = Client(app.test_client(), app)

    refused = [
        visitor.post(f"/articles/{article_id}/draft", {"provider": LIBRE}, hx=True),
        visitor.post(f"/paragraphs/{pids[0]}/redraft", {"provider": LIBRE}, hx=True),
        visitor.post(f"/jobs/{job_id}/cancel", hx=True),
        visitor.get(f"/articles/{article_id}/job?after=0", hx=True),
    ]
    assert [r.status_code for r in refused] == [401, 401, 401, 401]
    redirected = visitor.post(f"/articles/{article_id}/draft", {"provider": LIBRE})
    assert redirected.status_code == 303
    assert "/login" in redirected.headers["Location"]
    assert job_state(app, job_id) == "queued"
    assert job_count(app, article_id) == 1
    assert draft_count(app, article_id) == 0
    assert fake_mt.requests == 0
