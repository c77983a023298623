"""Numbers a request carries (versions, counters, offsets, ids in forms and query
strings): whatever arrives, huge, negative, not a number or empty, the answer is a
4xx with a sentence a person can act on, never a 500, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.support.client import Client
from workbench.articles import editing, importing
from workbench.articles.models import Paragraph, Revision
from workbench.database import Base
from workbench.extensions import db
from workbench.glossary import service as glossary_service
from workbench.machine.models import Draft, Job

BAD_NUMBERS = [str(2**63), str(2**64), "-1", "abc", "", str(10**30)]
BAD_IDS = ["2**63", "2**64", "-1", "abc", "empty", "10**30"]


@dataclass(frozen=True)
class World:
    article_id: int
    pid: int  # two saved versions
    first_revision: int  # version 1 of pid
    draft_id: int
    job_id: int  # running
    term_id: int  # proposed


@pytest.fixture
def world(app: Flask, client: Client) -> World:
    with app.app_context():
        s = db.session
        article = importing.create_article(
            s, title="数の記事", paragraphs=["最初の段落です。", "二番目の段落です。"]
        )
        s.flush()
        p, other = s.scalars(
            select(Paragraph).where(Paragraph.article_id == article.id).order_by(Paragraph.position)
        ).all()
        editing.save_translation(s, p, "First.", base_version=0, author="Ada Admin")
        editing.save_translation(s, p, "Second.", base_version=1, author="Ada Admin")
        draft = Draft(paragraph_id=p.id, provider="test", text="A machine draft.")
        job = Job(article_id=article.id, provider="google", state="running", total=1)
        s.add_all([draft, job])
        term = glossary_service.propose(
            s,
            glossary_service.TermForm(source="段落", target="paragraph"),
            author="Ada Admin",
            author_id=None,
        )
        s.commit()
        first = s.scalars(
            select(Revision.id).where(Revision.paragraph_id == p.id, Revision.version == 1)
        ).one()
        return World(article.id, p.id, first, draft.id, job.id, term.id)


@dataclass(frozen=True)
class Endpoint:
    """One place a number comes in: ``send`` makes the request with ``value`` in it."""

    send: Callable[[Client, World, str, bool], TestResponse]
    # A value that may be sent empty on purpose ("not known"): then it is no error.
    empty_means_unknown: bool = False


def _get(path: Callable[[World], str], name: str) -> Callable[..., TestResponse]:
    def send(client: Client, w: World, value: str, hx: bool) -> TestResponse:
        return client.get(path(w), query_string={name: value}, hx=hx)

    return send


def _post(
    path: Callable[[World], str], form: Callable[[World, str], dict[str, Any]]
) -> Callable[..., TestResponse]:
    def send(client: Client, w: World, value: str, hx: bool) -> TestResponse:
        return client.post(path(w), form(w, value), hx=hx)

    return send


def _note(w: World, **fields: str) -> dict[str, str]:
    return {"paragraph": str(w.pid), "kind": "explanation", "body": "A typed note.", **fields}


ENDPOINTS: dict[str, Endpoint] = {
    "job poll: after": Endpoint(_get(lambda w: f"/articles/{w.article_id}/job", "after")),
    "cancel job: after": Endpoint(
        _post(lambda w: f"/jobs/{w.job_id}/cancel", lambda w, v: {"after": v})
    ),
    "glossary suggestions: added": Endpoint(_get(lambda w: "/glossary/suggestions", "added")),
    "glossary bulk: ids": Endpoint(
        _post(
            lambda w: "/glossary/bulk",
            lambda w, v: {"action": "approve", "ids": [str(w.term_id), v]},
        )
    ),
    "save: version": Endpoint(
        _post(lambda w: f"/paragraphs/{w.pid}", lambda w, v: {"text": "Typed.", "version": v})
    ),
    "save: seq": Endpoint(
        _post(
            lambda w: f"/paragraphs/{w.pid}",
            lambda w, v: {"text": "Typed.", "version": "2", "client": "tab-1", "seq": v},
        )
    ),
    "resolve: version": Endpoint(
        _post(
            lambda w: f"/paragraphs/{w.pid}/resolve",
            lambda w, v: {"choice": "merge", "text": "Merged.", "version": v},
        )
    ),
    "use draft: version": Endpoint(
        _post(lambda w: f"/paragraphs/{w.pid}/use-draft/{w.draft_id}", lambda w, v: {"version": v})
    ),
    "restore: version": Endpoint(
        _post(
            lambda w: f"/paragraphs/{w.pid}/revisions/{w.first_revision}/restore",
            lambda w, v: {"version": v},
        )
    ),
    "note: paragraph": Endpoint(_post(lambda w: "/notes", lambda w, v: _note(w, paragraph=v))),
    "note: start": Endpoint(_post(lambda w: "/notes", lambda w, v: _note(w, start=v, end="3"))),
    "note: end": Endpoint(_post(lambda w: "/notes", lambda w, v: _note(w, start="0", end=v))),
    "note: source_version": Endpoint(
        _post(lambda w: "/notes", lambda w, v: _note(w, source_version=v)),
        empty_means_unknown=True,
    ),
    "correct source: base": Endpoint(
        _post(
            lambda w: f"/paragraphs/{w.pid}/source",
            lambda w, v: {"text": "新しい段落。", "base": v},
        )
    ),
}


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table, to tell that a refused request stored nothing."""
    with app.app_context():
        tables = {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in Base.metadata.sorted_tables
        }
        db.session.rollback()
        return tables


# Where the workbench puts a refusal's sentence: the error page or partial, a form's
# alert, a row's save state.
MESSAGE_PLACES = ".error-box p, [role=alert], .save-state.state-failed"


def sentences(response: TestResponse) -> list[str]:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    texts = [" ".join(node.get_text().split()) for node in page.select(MESSAGE_PLACES)]
    return [t for t in texts if len(t.split()) >= 4 and t.endswith(".")]


@pytest.mark.parametrize("hx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("value", BAD_NUMBERS, ids=BAD_IDS)
@pytest.mark.parametrize("where", list(ENDPOINTS))
def test_a_bad_number_gets_a_4xx_with_a_sentence_and_stores_nothing(
    app: Flask, client: Client, world: World, where: str, value: str, hx: bool
) -> None:
    endpoint = ENDPOINTS[where]
    before = snapshot(app)
    response = endpoint.send(client, world, value, hx)
    body = response.get_data(as_text=True)
    if value == "" and endpoint.empty_means_unknown:
        assert response.status_code in (200, 303), body[:800]
        return
    assert 400 <= response.status_code < 500, f"{response.status_code}: {body[:800]}"
    assert sentences(response), body[:800]
    assert snapshot(app) == before


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=BAD_IDS)
def test_a_typed_translation_is_kept_in_the_page_when_its_version_is_bad(
    app: Flask, client: Client, world: World, value: str
) -> None:
    """The autosave's answer replaces only the row's save state: the typed text stays
    in its field, and the row says why it was not saved."""
    response = ENDPOINTS["save: version"].send(client, world, value, True)
    assert response.status_code == 422
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("div.meta") is not None
    state = " ".join(page.select_one(".save-state.state-failed").get_text().split())
    assert state.startswith("Not saved:") and "reload" in state
    # The row's other forms (a draft, a restore, a conflict's choice) target the whole
    # row: their refusal is sent to the same save state, not over the row.
    for where in ("use draft: version", "restore: version", "resolve: version"):
        refused = ENDPOINTS[where].send(client, world, value, True)
        assert refused.status_code == 422, where
        assert refused.headers["HX-Retarget"] == f"#form-{world.pid} .meta", where
        assert refused.headers["HX-Reswap"] == "outerHTML", where


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=BAD_IDS)
def test_a_correction_with_a_bad_base_keeps_the_typed_japanese(
    client: Client, world: World, value: str
) -> None:
    response = ENDPOINTS["correct source: base"].send(client, world, value, True)
    assert response.status_code == 422
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("textarea[name=text]").get_text() == "新しい段落。"


@pytest.mark.parametrize("value", [str(2**63), str(10**30), "-1", "abc", ""])
def test_the_command_line_refuses_a_bad_article_number_with_a_sentence(
    app: Flask, value: str
) -> None:
    for command in (["export", "--format", "json", "--", value], ["draft", "--", value]):
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 2, (command, result.output, result.exception)
        assert "article number" in result.output, result.output
