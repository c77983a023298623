"""Saving translations: versions, revisions, conflicts, late and repeated
saves, resolving, restoring, machine drafts and statuses."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.support.accounts import add_user
from tests.support.articles import create_article
from tests.support.client import Client
from tests.support.pages import html
from workbench.accounts.models import User
from workbench.articles.models import Paragraph, Revision
from workbench.extensions import db
from workbench.machine.models import Draft

# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Stored:
    text: str
    version: int
    status: str
    updated_by: str | None


@dataclass(frozen=True)
class Rev:
    text: str
    origin: str
    author: str
    version: int | None


def first_paragraph(app: Flask, client: Client, count: int = 1) -> list[int]:
    article_id = create_article(client, [f"第{i}段落です。" for i in range(1, count + 1)])
    with app.app_context():
        return list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
        )


@pytest.fixture
def pid(app: Flask, client: Client) -> int:
    return first_paragraph(app, client)[0]


def stored(app: Flask, pid: int) -> Stored:
    with app.app_context():
        p = db.session.get(Paragraph, pid)
        assert p is not None
        return Stored(p.target_text, p.version, p.status, p.updated_by)


def revisions(app: Flask, pid: int) -> list[Rev]:
    with app.app_context():
        rows = db.session.scalars(
            select(Revision).where(Revision.paragraph_id == pid).order_by(Revision.id)
        )
        return [Rev(r.text, r.origin, r.author, r.version) for r in rows]


def revision_id(app: Flask, pid: int, text: str) -> int:
    with app.app_context():
        rid = db.session.scalar(
            select(Revision.id).where(Revision.paragraph_id == pid, Revision.text == text)
        )
        assert rid is not None
        return rid


def add_draft(app: Flask, pid: int, text: str, error: str | None = None) -> int:
    with app.app_context():
        draft = Draft(paragraph_id=pid, provider="fake", text=text, error=error)
        db.session.add(draft)
        db.session.commit()
        return draft.id


def fragment(response: TestResponse, root_selector: str) -> Tag:
    """The answer is the partial alone, with ``root_selector`` as its one top element."""
    body = html(response)
    assert "<html" not in body.lower()
    assert "<header" not in body.lower()
    parsed = BeautifulSoup(body, "html.parser")
    top = [child for child in parsed.children if isinstance(child, Tag)]
    assert len(top) == 1, body[:300]
    assert any(tag is top[0] for tag in parsed.select(root_selector)), body[:300]
    return top[0]


def row_in_editor(client: Client, pid: int) -> Tag:
    page = client.get(f"/paragraphs/{pid}")
    assert page.status_code == 303
    editor = client.get(page.headers["Location"].split("#")[0])
    assert "<html" in html(editor).lower()
    row = BeautifulSoup(html(editor), "html.parser").select_one(f"div.row#p-{pid}")
    assert row is not None
    return row


def save(
    who: Client, pid: int, text: str, version: int, /, *, hx: bool = True, **extra: str
) -> TestResponse:
    """Save as a page does; ``extra`` may carry ``client`` (the page id), ``seq`` and ``mark``."""
    data = {"text": text, "version": str(version), **extra}
    return who.post(f"/paragraphs/{pid}", data, hx=hx)


def set_name(client: Client, name: str) -> None:
    """The signed-in user changes their display name on their account page."""
    response = client.post("/account", {"action": "display_name", "display_name": name})
    assert response.status_code == 200


def triggers(response: TestResponse) -> dict[str, object]:
    return json.loads(response.headers.get("HX-Trigger", "{}"))


# ---------------------------------------------------------------- saving


def test_save_answers_the_meta_partial_and_the_page_shows_it(
    app: Flask, client: Client, pid: int
) -> None:
    set_name(client, "Aiko Tanaka")
    response = save(client, pid, "The first paragraph.", 0)
    assert response.status_code == 200
    meta = fragment(response, "div.meta")
    assert meta.select_one(f"input#version-{pid}")["value"] == "1"
    assert "Saved" in meta.select_one("span.save-state").get_text()
    assert "paragraph-saved" in triggers(response)

    row = row_in_editor(client, pid)
    assert row.select_one(f"textarea#text-{pid}").get_text() == "The first paragraph."
    page_meta = row.select_one(f"form#form-{pid} div.meta")
    assert page_meta.select_one(f"input#version-{pid}")["value"] == "1"
    assert "by Aiko Tanaka" in page_meta.select_one("span.save-state").get_text()


def test_save_without_htmx_redirects_to_the_row(app: Flask, client: Client, pid: int) -> None:
    response = save(client, pid, "Plain post.", 0, hx=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#p-{pid}")
    assert stored(app, pid).text == "Plain post."


def test_every_save_increments_the_version_and_is_a_revision(
    app: Flask, client: Client, pid: int
) -> None:
    set_name(client, "Aiko Tanaka")
    for version, text in enumerate(["One.", "One, two.", "One, two, three."]):
        response = save(client, pid, text, version)
        assert response.status_code == 200
        assert fragment(response, "div.meta").select_one("input")["value"] == str(version + 1)
    assert stored(app, pid) == Stored("One, two, three.", 3, "new", "Aiko Tanaka")
    assert revisions(app, pid) == [
        Rev("One.", "edit", "Aiko Tanaka", 1),
        Rev("One, two.", "edit", "Aiko Tanaka", 2),
        Rev("One, two, three.", "edit", "Aiko Tanaka", 3),
    ]


def test_the_author_is_the_signed_in_user(app: Flask, client: Client, pid: int) -> None:
    assert save(client, pid, "Who wrote this?", 0).status_code == 200
    revision = revisions(app, pid)[0]
    assert revision.author == "Ada Admin"
    with app.app_context():
        stored_revision = db.session.scalars(select(Revision)).one()
        user = db.session.get(User, stored_revision.author_id)
        assert user is not None and user.name == "ada"


def test_save_without_a_version_is_refused(app: Flask, client: Client, pid: int) -> None:
    response = client.post(f"/paragraphs/{pid}", {"text": "No version."}, hx=True)
    assert response.status_code == 422
    assert "did not say which version it edited" in response.get_data(as_text=True)
    assert stored(app, pid).version == 0
    assert revisions(app, pid) == []


def test_stale_save_from_another_editor_is_a_conflict_that_keeps_both_texts(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    set_name(client, "Aiko Tanaka")
    set_name(other_client, "Ben Suzuki")
    assert save(client, pid, "Aiko's text.", 0, client="page-a", seq="1").status_code == 200

    response = save(other_client, pid, "Ben's text.", 0, client="page-b", seq="1")
    assert response.status_code == 409
    assert response.headers.get("HX-Retarget") == f"#conflict-{pid}"
    section = fragment(response, "section.conflict")
    assert section.select_one(".conflict-theirs").get_text() == "Aiko's text."
    assert section.select_one(".conflict-mine").get_text() == "Ben's text."
    assert "Aiko Tanaka" in section.select_one("h4").get_text()
    assert section.select_one("input[name=version]")["value"] == "1"
    assert {b["value"] for b in section.select("button[name=choice]")} == {
        "theirs",
        "mine",
        "merge",
    }

    assert stored(app, pid) == Stored("Aiko's text.", 1, "new", "Aiko Tanaka")
    assert revisions(app, pid) == [
        Rev("Aiko's text.", "edit", "Aiko Tanaka", 1),
        Rev("Ben's text.", "conflict", "Ben Suzuki", None),
    ]
    history = fragment(client.get(f"/paragraphs/{pid}/history", hx=True), "section.history")
    assert "not applied (conflict)" in history.get_text()
    assert "Ben's text." in history.get_text()


def test_stale_save_without_client_ids_is_a_conflict(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    assert save(client, pid, "First.", 0).status_code == 200
    assert save(other_client, pid, "Second.", 0).status_code == 409
    assert stored(app, pid).text == "First."


def test_conflict_without_htmx_is_a_full_page(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    assert save(client, pid, "Theirs.", 0).status_code == 200
    response = save(other_client, pid, "Mine.", 0, hx=False)
    assert response.status_code == 409
    page = BeautifulSoup(html(response), "html.parser")
    assert "<html" in html(response).lower()
    section = page.select_one("section.conflict")
    assert section is not None
    assert section.select_one(".conflict-theirs").get_text() == "Theirs."
    assert section.select_one(".conflict-mine").get_text() == "Mine."
    assert page.select_one(".row-source").get_text() == "第1段落です。"


def test_double_submit_is_accepted_once(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    first = save(client, pid, "Same text.", 0, client="page-a", seq="1")
    again = save(client, pid, "Same text.", 0, client="page-a", seq="1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert fragment(again, "div.meta").select_one("input")["value"] == "1"
    # Another editor who happened to type the same words is no conflict either.
    assert save(other_client, pid, "Same text.", 0).status_code == 200
    assert stored(app, pid).version == 1
    assert len(revisions(app, pid)) == 1


def test_late_autosave_from_the_same_page_changes_nothing(
    app: Flask, client: Client, pid: int
) -> None:
    newer = save(client, pid, "Typed later.", 0, client="page-a", seq="2")
    assert newer.status_code == 200
    older = save(client, pid, "Typed ear", 0, client="page-a", seq="1")
    assert older.status_code == 200
    assert fragment(older, "div.meta").select_one("input")["value"] == "1"
    assert stored(app, pid).text == "Typed later."
    assert stored(app, pid).version == 1
    assert [r.text for r in revisions(app, pid)] == ["Typed later."]


def test_newer_save_after_a_lost_answer_is_applied(app: Flask, client: Client, pid: int) -> None:
    # The answer to seq 1 never reached the page, so seq 2 still names version 0.
    assert save(client, pid, "First draft.", 0, client="page-a", seq="1").status_code == 200
    response = save(client, pid, "First draft, improved.", 0, client="page-a", seq="2")
    assert response.status_code == 200
    assert fragment(response, "div.meta").select_one("input")["value"] == "2"
    assert stored(app, pid).text == "First draft, improved."
    assert [(r.text, r.origin, r.version) for r in revisions(app, pid)] == [
        ("First draft.", "edit", 1),
        ("First draft, improved.", "edit", 2),
    ]


def test_same_page_retry_is_a_conflict_once_another_editor_saved(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    assert save(client, pid, "A1.", 0, client="page-a", seq="1").status_code == 200
    assert save(other_client, pid, "B1.", 1, client="page-b", seq="1").status_code == 200
    response = save(client, pid, "A2.", 0, client="page-a", seq="2")
    assert response.status_code == 409
    assert stored(app, pid).text == "B1."


# ---------------------------------------------------------------- resolving a conflict


@pytest.fixture
def conflicted(app: Flask, client: Client, other_client: Client, pid: int) -> int:
    """Aiko saved "Theirs." (version 1); Ben's stale "Mine." was refused."""
    set_name(client, "Aiko Tanaka")
    set_name(other_client, "Ben Suzuki")
    assert save(client, pid, "Theirs.", 0).status_code == 200
    assert save(other_client, pid, "Mine.", 0).status_code == 409
    return pid


def resolve(
    client: Client, pid: int, choice: str, *, hx: bool = True, **extra: str
) -> TestResponse:
    data = {"choice": choice, "version": "1", "mine": "Mine.", **extra}
    return client.post(f"/paragraphs/{pid}/resolve", data, hx=hx)


def test_resolve_theirs_keeps_their_text_and_adds_nothing(
    app: Flask, other_client: Client, conflicted: int
) -> None:
    before = revisions(app, conflicted)
    response = resolve(other_client, conflicted, "theirs")
    assert response.status_code == 200
    row = fragment(response, f"div.row#p-{conflicted}")
    assert row.select_one("textarea").get_text() == "Theirs."
    assert "paragraph-saved" in triggers(response)
    assert stored(app, conflicted).text == "Theirs."
    assert stored(app, conflicted).version == 1
    assert revisions(app, conflicted) == before


def test_resolve_mine_makes_mine_current(app: Flask, other_client: Client, conflicted: int) -> None:
    response = resolve(other_client, conflicted, "mine")
    assert response.status_code == 200
    row = fragment(response, f"div.row#p-{conflicted}")
    assert row.select_one("textarea").get_text() == "Mine."
    assert row.select_one(f"input#version-{conflicted}")["value"] == "2"
    assert stored(app, conflicted) == Stored("Mine.", 2, "new", "Ben Suzuki")
    assert revisions(app, conflicted)[-1] == Rev("Mine.", "edit", "Ben Suzuki", 2)


def test_resolve_merge_stores_the_merged_text(
    app: Flask, other_client: Client, conflicted: int
) -> None:
    response = resolve(other_client, conflicted, "merge", text="Theirs. Mine.")
    assert response.status_code == 200
    assert fragment(response, f"div.row#p-{conflicted}").select_one("textarea").get_text() == (
        "Theirs. Mine."
    )
    assert stored(app, conflicted).text == "Theirs. Mine."
    assert revisions(app, conflicted)[-1] == Rev("Theirs. Mine.", "merge", "Ben Suzuki", 2)


def test_resolve_without_htmx_redirects(app: Flask, other_client: Client, conflicted: int) -> None:
    response = resolve(other_client, conflicted, "mine", hx=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#p-{conflicted}")
    assert stored(app, conflicted).text == "Mine."


def test_resolve_against_a_newer_save_is_another_conflict(
    app: Flask, client: Client, other_client: Client, conflicted: int
) -> None:
    assert save(client, conflicted, "Theirs, again.", 1).status_code == 200
    response = resolve(other_client, conflicted, "mine")
    assert response.status_code == 409
    section = fragment(response, "section.conflict")
    assert section.select_one(".conflict-theirs").get_text() == "Theirs, again."
    assert stored(app, conflicted).text == "Theirs, again."


def test_resolve_with_an_unknown_choice_is_refused(
    app: Flask, other_client: Client, conflicted: int
) -> None:
    assert resolve(other_client, conflicted, "both").status_code == 400
    assert stored(app, conflicted).text == "Theirs."


# ---------------------------------------------------------------- restoring a revision


def test_restore_brings_an_old_text_back_as_a_new_revision(
    app: Flask, client: Client, pid: int
) -> None:
    set_name(client, "Aiko Tanaka")
    assert save(client, pid, "Old wording.", 0).status_code == 200
    assert save(client, pid, "New wording.", 1).status_code == 200
    rid = revision_id(app, pid, "Old wording.")
    history = fragment(client.get(f"/paragraphs/{pid}/history", hx=True), "section.history")
    action = f"/paragraphs/{pid}/revisions/{rid}/restore"
    assert history.select_one(f"form[action='{action}']") is not None

    response = client.post(action, {"version": "2"}, hx=True)
    assert response.status_code == 200
    row = fragment(response, f"div.row#p-{pid}")
    assert row.select_one("textarea").get_text() == "Old wording."
    assert row.select_one(f"input#version-{pid}")["value"] == "3"
    assert "paragraph-saved" in triggers(response)
    assert stored(app, pid).text == "Old wording."
    assert revisions(app, pid)[-1] == Rev("Old wording.", "restore", "Aiko Tanaka", 3)


def test_restore_without_htmx_redirects(app: Flask, client: Client, pid: int) -> None:
    assert save(client, pid, "Old.", 0).status_code == 200
    assert save(client, pid, "New.", 1).status_code == 200
    rid = revision_id(app, pid, "Old.")
    response = client.post(f"/paragraphs/{pid}/revisions/{rid}/restore", {"version": "2"})
    assert response.status_code == 303
    assert stored(app, pid).text == "Old."


def test_restore_of_another_paragraphs_revision_is_404(app: Flask, client: Client) -> None:
    first, second = first_paragraph(app, client, 2)
    assert save(client, first, "First's text.", 0).status_code == 200
    rid = revision_id(app, first, "First's text.")
    response = client.post(f"/paragraphs/{second}/revisions/{rid}/restore", {"version": "0"})
    assert response.status_code == 404
    assert stored(app, second).text == ""


def test_restore_over_a_stale_version_is_a_conflict(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    assert save(client, pid, "Old.", 0).status_code == 200
    assert save(client, pid, "New.", 1).status_code == 200
    rid = revision_id(app, pid, "Old.")
    assert save(other_client, pid, "Newest.", 2).status_code == 200
    response = client.post(f"/paragraphs/{pid}/revisions/{rid}/restore", {"version": "2"}, hx=True)
    assert response.status_code == 409
    assert stored(app, pid).text == "Newest."


# ---------------------------------------------------------------- machine drafts


def test_use_draft_copies_the_draft_into_the_translation(
    app: Flask, client: Client, pid: int
) -> None:
    set_name(client, "Aiko Tanaka")
    draft_id = add_draft(app, pid, "A machine draft.")
    row = row_in_editor(client, pid)
    action = f"/paragraphs/{pid}/use-draft/{draft_id}"
    assert row.select_one(f"form[action='{action}']") is not None

    response = client.post(action, {"version": "0"}, hx=True)
    assert response.status_code == 200
    row = fragment(response, f"div.row#p-{pid}")
    assert row.select_one("textarea").get_text() == "A machine draft."
    assert "paragraph-saved" in triggers(response)
    assert stored(app, pid).text == "A machine draft."
    assert revisions(app, pid) == [Rev("A machine draft.", "draft", "Aiko Tanaka", 1)]


def test_use_draft_without_htmx_redirects(app: Flask, client: Client, pid: int) -> None:
    draft_id = add_draft(app, pid, "Draft.")
    response = client.post(f"/paragraphs/{pid}/use-draft/{draft_id}", {"version": "0"})
    assert response.status_code == 303
    assert stored(app, pid).text == "Draft."


def test_use_draft_of_another_paragraph_is_404(app: Flask, client: Client) -> None:
    first, second = first_paragraph(app, client, 2)
    draft_id = add_draft(app, first, "The first paragraph's draft.")
    response = client.post(f"/paragraphs/{second}/use-draft/{draft_id}", {"version": "0"}, hx=True)
    assert response.status_code == 404
    assert stored(app, second).text == ""
    assert revisions(app, second) == []


def test_failed_draft_cannot_be_used(app: Flask, client: Client, pid: int) -> None:
    draft_id = add_draft(app, pid, "", error="network unreachable, retry in 30 s")
    response = client.post(f"/paragraphs/{pid}/use-draft/{draft_id}", {"version": "0"}, hx=True)
    assert response.status_code == 404
    assert revisions(app, pid) == []


def test_use_draft_over_someone_elses_save_is_a_conflict(
    app: Flask, client: Client, other_client: Client, pid: int
) -> None:
    draft_id = add_draft(app, pid, "Draft.")
    assert save(other_client, pid, "Human text.", 0).status_code == 200
    response = client.post(f"/paragraphs/{pid}/use-draft/{draft_id}", {"version": "0"}, hx=True)
    assert response.status_code == 409
    assert stored(app, pid).text == "Human text."


# ---------------------------------------------------------------- status


def test_ctrl_enter_save_marks_translated(app: Flask, client: Client, pid: int) -> None:
    response = save(client, pid, "Finished.", 0, mark="translated")
    assert response.status_code == 200
    meta = fragment(response, "div.meta")
    assert meta["data-status"] == "translated"
    assert meta.select_one("option[selected]")["value"] == "translated"
    assert stored(app, pid).status == "translated"


def test_marking_an_already_saved_text_translated(app: Flask, client: Client, pid: int) -> None:
    assert save(client, pid, "Finished.", 0).status_code == 200
    # Ctrl+Enter on a text that the autosave already stored.
    response = save(client, pid, "Finished.", 1, mark="translated")
    assert response.status_code == 200
    assert stored(app, pid) == Stored("Finished.", 1, "translated", "Ada Admin")
    assert len(revisions(app, pid)) == 1


@pytest.mark.parametrize("text", ["", "   ", "\u3000\n"])
def test_marking_an_empty_translation_is_refused(
    app: Flask, client: Client, pid: int, text: str
) -> None:
    response = save(client, pid, text, 0, mark="translated")
    assert response.status_code == 422
    meta = fragment(response, "div.meta")
    assert "cannot be marked translated" in meta.select_one("span.save-state").get_text()
    assert stored(app, pid) == Stored("", 0, "new", None)
    assert revisions(app, pid) == []


def test_editing_a_reviewed_text_sends_it_back_to_translated(
    app: Flask, client: Client, pid: int
) -> None:
    assert save(client, pid, "Reviewed text.", 0).status_code == 200
    assert (
        client.post(f"/paragraphs/{pid}/status", {"status": "reviewed"}, hx=True).status_code == 200
    )
    assert stored(app, pid).status == "reviewed"
    response = save(client, pid, "Reviewed text, changed.", 1)
    assert response.status_code == 200
    assert fragment(response, "div.meta")["data-status"] == "translated"
    assert stored(app, pid).status == "translated"


def test_status_answers_the_meta_partial_and_the_page_shows_it(
    app: Flask, client: Client, pid: int
) -> None:
    assert save(client, pid, "Some text.", 0).status_code == 200
    response = client.post(f"/paragraphs/{pid}/status", {"status": "translated"}, hx=True)
    assert response.status_code == 200
    meta = fragment(response, "div.meta")
    assert meta.select_one("option[selected]")["value"] == "translated"
    assert "paragraph-saved" in triggers(response)
    row = row_in_editor(client, pid)
    assert row.select_one("div.meta option[selected]")["value"] == "translated"
    assert stored(app, pid).version == 1


def test_status_without_htmx_redirects(app: Flask, client: Client, pid: int) -> None:
    response = client.post(f"/paragraphs/{pid}/status", {"status": "drafted"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#p-{pid}")
    assert stored(app, pid).status == "drafted"


@pytest.mark.parametrize("status", ["translated", "reviewed", "done", ""])
def test_bad_status_is_refused_with_a_sentence(
    app: Flask, client: Client, pid: int, status: str
) -> None:
    response = client.post(f"/paragraphs/{pid}/status", {"status": status}, hx=True)
    assert response.status_code == 422
    meta = fragment(response, "div.meta")
    assert meta.select_one("span.save-state").get_text().startswith("Not saved:")
    assert meta.select_one("option[selected]")["value"] == "new"
    assert stored(app, pid).status == "new"


def test_typed_english_is_not_marked_translated_and_the_row_says_so(
    app: Flask, client: Client, pid: int
) -> None:
    response = save(client, pid, "Typed, not confirmed.", 0)
    assert response.status_code == 200
    meta = fragment(response, "div.meta")
    # Typing stores the English; only Ctrl+Enter (or the status) confirms it.
    assert meta["data-status"] == "new"
    hint = meta.select_one(".unconfirmed-hint")
    assert hint is not None and hint.get_text(" ", strip=True) == "English not marked translated"
    assert row_in_editor(client, pid).select_one("div.meta .unconfirmed-hint") is not None

    confirmed = save(client, pid, "Typed, not confirmed.", 1, mark="translated")
    assert fragment(confirmed, "div.meta").select_one(".unconfirmed-hint") is None
    assert row_in_editor(client, pid).select_one("div.meta .unconfirmed-hint") is None


def test_an_empty_row_has_no_unconfirmed_hint(client: Client, pid: int) -> None:
    assert row_in_editor(client, pid).select_one("div.meta .unconfirmed-hint") is None


@pytest.mark.parametrize(("draft", "status"), [(False, "new"), (True, "drafted")])
def test_emptying_a_translated_paragraph_takes_back_its_status(
    app: Flask, client: Client, pid: int, draft: bool, status: str
) -> None:
    """A paragraph with no English is not translated, whatever it was: it counts as
    untranslated again (drafted when a machine draft waits beside it)."""
    if draft:
        add_draft(app, pid, "A machine draft.")
    assert save(client, pid, "Finished.", 0, mark="translated").status_code == 200
    assert client.post(
        f"/paragraphs/{pid}/status", {"status": "reviewed"}, hx=True
    ).status_code == (200)

    response = save(client, pid, "  ", 1)

    assert response.status_code == 200
    assert fragment(response, "div.meta")["data-status"] == status
    assert stored(app, pid) == Stored("  ", 2, status, "Ada Admin")
    assert revisions(app, pid)[-1] == Rev("  ", "edit", "Ada Admin", 2)


# ---------------------------------------------------------------- limits


def test_overlong_translation_is_refused_and_nothing_stored(
    app: Flask, client: Client, pid: int
) -> None:
    response = save(client, pid, "x" * 60_000, 0)
    assert response.status_code == 422
    meta = fragment(response, "div.meta")
    assert "60,000 characters" in meta.select_one("span.save-state").get_text()
    assert stored(app, pid) == Stored("", 0, "new", None)
    assert revisions(app, pid) == []


def test_overlong_translation_without_htmx_is_a_page(app: Flask, client: Client, pid: int) -> None:
    response = save(client, pid, "x" * 60_000, 0, hx=False)
    assert response.status_code == 422
    assert "<html" in html(response).lower()
    assert "60,000 characters" in html(response)
    assert revisions(app, pid) == []


def test_translation_with_a_nul_character_is_refused(app: Flask, client: Client, pid: int) -> None:
    response = save(client, pid, "Broken\x00text.", 0)
    assert response.status_code == 422
    assert revisions(app, pid) == []


def test_line_breaks_are_stored_as_newlines(app: Flask, client: Client, pid: int) -> None:
    assert save(client, pid, "Line one.\r\nLine two.", 0).status_code == 200
    assert stored(app, pid).text == "Line one.\nLine two."


@pytest.mark.parametrize(
    "fields",
    [
        {"version": "99999999999999999999"},
        {"version": "0", "client": "page-a", "seq": "99999999999999999999"},
        {"version": "0", "client": "page-a", "seq": "3000000000"},
        {"version": "0", "client": "p" * 200, "seq": "2"},
    ],
    ids=["huge-version", "huge-seq", "seq-over-32-bits", "long-client-id"],
)
def test_tampered_save_fields_are_refused_not_a_crash(
    app: Flask, client: Client, other_client: Client, pid: int, fields: dict[str, str]
) -> None:
    """A stale save whose version, seq or page id no page would send gets a 4xx."""
    assert save(other_client, pid, "Someone's text.", 0).status_code == 200
    response = client.post(f"/paragraphs/{pid}", {"text": "Tampered.", **fields}, hx=True)
    assert 400 <= response.status_code < 500, response.status_code
    assert stored(app, pid).text == "Someone's text."


def test_simultaneous_saves_of_one_version_let_exactly_one_win(app: Flask, pid: int) -> None:
    """Editors who all edited version 0 press save at once: one text wins, and
    every other text is kept as a refused revision; none is lost."""
    editors = [
        Client(app.test_client(), app).sign_in_as(add_user(app, f"editor{n}", "translator"))
        for n in range(6)
    ]
    for n, editor in enumerate(editors):
        set_name(editor, f"Editor {n}")
    start = threading.Barrier(len(editors))
    answers: dict[int, int] = {}

    def press_save(n: int) -> None:
        start.wait()
        answers[n] = save(editors[n], pid, f"Text by editor {n}.", 0).status_code

    threads = [threading.Thread(target=press_save, args=(n,)) for n in range(len(editors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers.values()) == [200] + [409] * (len(editors) - 1)
    winner = next(n for n, status in answers.items() if status == 200)
    assert stored(app, pid).text == f"Text by editor {winner}."
    assert stored(app, pid).version == 1
    kept = revisions(app, pid)
    assert sorted(r.text for r in kept) == sorted(f"Text by editor {n}." for n in answers)
    assert [r.origin for r in kept].count("edit") == 1
    assert [r.origin for r in kept].count("conflict") == len(editors) - 1
