"""The notes service against a real database: adding notes (span, quote, whole
paragraph) and refusing bad ones, replies and status, counting open queries,
and correcting a paragraph's Japanese with its notes re-anchored."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.support.samples import SAMPLE_PATH
from workbench import formkeys
from workbench.articles.editing import SourceConflict, source_revisions
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph, SourceRevision
from workbench.database import utcnow
from workbench.extensions import db
from workbench.notes import service
from workbench.notes.anchoring import CONTEXT
from workbench.notes.models import Note, NoteReply
from workbench.notes.service import NoteError, NoteForm

AUTHOR = "Test Author"

# A paragraph naming 金委員長 twice, in clearly different surroundings.
TWICE = (
    "トランプ大統領は記者団に対し、金委員長との会談を近く実現したいと改めて強調した。"
    "これに対して北朝鮮の外務省報道官は談話を発表し、金委員長が応じる考えはないと明言した。"
)


def sample_paragraphs() -> list[str]:
    prepared = prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())
    return [line.text for line in prepared.lines if line.keep]


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        yield db.session


def seed(session: Session, paragraphs: list[str] | None = None, title: str = "Sample") -> int:
    article = create_article(session, title=title, paragraphs=paragraphs or sample_paragraphs())
    session.commit()
    return article.id


def rows(session: Session, article_id: int) -> list[Paragraph]:
    return list(
        session.scalars(
            select(Paragraph).where(Paragraph.article_id == article_id).order_by(Paragraph.position)
        )
    )


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of quote in text."""
    at = -1
    for _ in range(nth + 1):
        at = text.find(quote, at + 1)
        assert at != -1, f"{quote!r} occurs fewer than {nth + 1} times"
    return at, at + len(quote)


def count(session: Session, model: type[Note] | type[NoteReply] | type[SourceRevision]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def note(
    session: Session,
    paragraph: Paragraph,
    body: str = "A note.",
    kind: str = "explanation",
    **kw: Any,
) -> Note:
    added = service.add_note(
        session, paragraph, NoteForm(kind=kind, body=body, **kw), author=AUTHOR
    )
    session.commit()
    return added


@pytest.fixture
def p3(session: Session) -> Paragraph:
    """The sample's third paragraph: 板門店 once, 金委員長 twice."""
    paragraph = rows(session, seed(session))[2]
    assert paragraph.source_text.count("板門店") == 1
    assert paragraph.source_text.count("金委員長") == 2
    return paragraph


# ---------------------------------------------------------------- adding notes


def test_a_note_on_offsets_stores_quote_context_and_offsets(
    session: Session, p3: Paragraph
) -> None:
    text = p3.source_text
    start, end = span(text, "板門店")
    added = note(
        session,
        p3,
        "  See the\r\nreport.  ",
        kind="source",
        start=start,
        end=end,
        url="https://example.org/report",
        read_on="2025-10-30",
    )
    session.expire_all()
    stored = session.get(Note, added.id)
    assert stored is not None
    assert (stored.exact, stored.start, stored.end) == ("板門店", start, end)
    assert stored.prefix == text[start - CONTEXT : start]
    assert stored.suffix == text[end : end + CONTEXT]
    assert stored.body == "See the\nreport."
    assert stored.url == "https://example.org/report"
    assert stored.read_on is not None and stored.read_on.isoformat() == "2025-10-30"
    assert stored.kind == "source" and stored.status == "open" and not stored.detached
    assert stored.author == AUTHOR and stored.created_at is not None
    assert stored.paragraph_id == p3.id and stored.article_id == p3.article_id
    assert not stored.whole


def test_offsets_with_the_words_seen_must_agree(session: Session, p3: Paragraph) -> None:
    start, end = span(p3.source_text, "板門店")
    agreed = note(session, p3, start=start, end=end, quote="板門店")
    assert agreed.exact == "板門店"
    with pytest.raises(NoteError, match="no longer at that place"):
        service.add_note(
            session,
            p3,
            NoteForm(kind="explanation", body="x", start=start + 1, end=end + 1, quote="板門店"),
            author=AUTHOR,
        )


def test_a_quote_found_once_is_placed_at_its_offsets(session: Session, p3: Paragraph) -> None:
    added = note(session, p3, quote=" 板門店 ")  # typed by hand, spaces around
    assert (added.start, added.end) == span(p3.source_text, "板門店")
    assert added.exact == "板門店"


def test_a_quote_found_twice_is_refused(session: Session, p3: Paragraph) -> None:
    with pytest.raises(NoteError, match="2 times"):
        service.add_note(
            session, p3, NoteForm(kind="query", body="Who?", quote="金委員長"), author=AUTHOR
        )
    assert count(session, Note) == 0


def test_a_quote_that_is_not_in_the_paragraph_is_refused(session: Session, p3: Paragraph) -> None:
    with pytest.raises(NoteError, match="not in the paragraph"):
        service.add_note(
            session, p3, NoteForm(kind="query", body="Who?", quote="平壌"), author=AUTHOR
        )
    assert count(session, Note) == 0


def test_no_span_means_the_whole_paragraph(session: Session, p3: Paragraph) -> None:
    added = note(session, p3)
    assert added.whole and (added.exact, added.start, added.end) == ("", 0, 0)


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 10_000), (-1, 3), (5, 5), (10, 5), (267, 268)],
    ids=["past-the-end", "negative", "empty", "reversed", "just-after"],
)
def test_a_span_outside_the_paragraph_is_refused(
    session: Session, p3: Paragraph, start: int, end: int
) -> None:
    assert len(p3.source_text) == 267
    with pytest.raises(NoteError):
        service.add_note(
            session, p3, NoteForm(kind="query", body="Q?", start=start, end=end), author=AUTHOR
        )
    assert count(session, Note) == 0


@pytest.mark.parametrize("body", ["", "   ", "\n\t \r\n", "\x00"], ids=repr)
def test_an_empty_body_is_refused(session: Session, p3: Paragraph, body: str) -> None:
    with pytest.raises(NoteError, match="Write something"):
        service.add_note(session, p3, NoteForm(kind="query", body=body), author=AUTHOR)
    assert count(session, Note) == 0


def test_an_overlong_body_and_an_unknown_kind_are_refused(session: Session, p3: Paragraph) -> None:
    with pytest.raises(NoteError, match="at most"):
        service.add_note(session, p3, NoteForm(kind="query", body="あ" * 10_001), author=AUTHOR)
    with pytest.raises(NoteError, match="kind"):
        service.add_note(session, p3, NoteForm(kind="rumour", body="Hm."), author=AUTHOR)
    assert count(session, Note) == 0


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "  javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/report.pdf",
        "mailto:someone@example.org",
        "http://",
        "https://",
        "http:/example.org",
        "//example.org/report",
        "example.org/report",
        "https://example.org/a report",
        "https://exa mple.org/",
        "https://example.org/\treport",
        "https://example.org/" + "a" * 2000,
    ],
)
def test_an_address_that_is_not_http_is_refused(session: Session, p3: Paragraph, url: str) -> None:
    with pytest.raises(NoteError):
        service.add_note(
            session, p3, NoteForm(kind="source", body="Cited.", url=url), author=AUTHOR
        )
    assert count(session, Note) == 0


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1&c=2#d", "http://example.org", "HTTPS://EXAMPLE.ORG/X"]
)
def test_an_http_address_is_kept(session: Session, p3: Paragraph, url: str) -> None:
    assert note(session, p3, kind="source", url=f" {url} ").url == url


def test_the_date_read_cannot_be_in_the_future(session: Session, p3: Paragraph) -> None:
    today = utcnow().date()
    tomorrow = today + timedelta(days=1)
    with pytest.raises(NoteError, match="future"):
        service.add_note(
            session,
            p3,
            NoteForm(kind="source", body="Cited.", read_on=tomorrow.isoformat()),
            author=AUTHOR,
        )
    assert note(session, p3, kind="source", read_on=today.isoformat()).read_on == today


@pytest.mark.parametrize(
    "read_on", ["2025-13-01", "2025-02-30", "30/10/2025", "yesterday", "2025-10", "1899-12-31"]
)
def test_a_bad_date_is_refused(session: Session, p3: Paragraph, read_on: str) -> None:
    with pytest.raises(NoteError):
        service.add_note(
            session, p3, NoteForm(kind="source", body="Cited.", read_on=read_on), author=AUTHOR
        )
    assert count(session, Note) == 0


# ---------------------------------------------------------------- replies and status


def test_replies_make_a_thread_and_empty_ones_are_refused(session: Session, p3: Paragraph) -> None:
    added = note(session, p3, kind="query", body="Which village?")
    service.add_reply(session, added, "Panmunjom.", author="Rita")
    service.add_reply(session, added, "  Agreed.\r\n ", author="Tom")
    session.commit()
    with pytest.raises(NoteError, match="reply"):
        service.add_reply(session, added, " \n ", author="Tom")
    session.expire_all()
    stored = session.get(Note, added.id)
    assert stored is not None
    assert [(r.body, r.author) for r in stored.replies] == [
        ("Panmunjom.", "Rita"),
        ("Agreed.", "Tom"),
    ]


def test_resolving_and_reopening(session: Session, p3: Paragraph) -> None:
    added = note(session, p3, kind="query", body="Which village?")
    service.set_status(session, added, "resolved", by="Rita")
    session.commit()
    assert added.status == "resolved" and added.resolved_by == "Rita"
    first = added.resolved_at
    assert first is not None
    # The same change again (a double click) changes nothing.
    service.set_status(session, added, "resolved", by="Ada")
    session.commit()
    assert added.resolved_by == "Rita" and added.resolved_at == first
    service.set_status(session, added, "open", by="Rita")
    session.commit()
    assert added.status == "open" and added.resolved_by is None and added.resolved_at is None
    with pytest.raises(NoteError):
        service.set_status(session, added, "deleted", by="Rita")
    assert added.status == "open"


# ---------------------------------------------------------------- reading


def test_open_queries_are_counted_per_article(session: Session) -> None:
    article = seed(session)
    other = seed(session, ["別の記事の段落。"], title="Other")
    paragraphs = rows(session, article)
    p1, p2, p3, p5 = paragraphs[0], paragraphs[1], paragraphs[2], paragraphs[4]
    assert service.open_queries(session, article) == 0
    assert service.open_queries_by_paragraph(service.article_notes(session, article)) == {}

    note(session, p1, kind="query", body="Q1?")
    note(session, p3, kind="query", body="Q3a?")
    q3b = note(session, p3, kind="query", body="Q3b?")
    note(session, p2, kind="explanation", body="Not a query.")
    note(session, p2, kind="translator", body="Not a query either.")
    q5 = note(session, p5, kind="query", body="Q5?")
    note(session, rows(session, other)[0], kind="query", body="Elsewhere?")
    service.set_status(session, q5, "resolved", by="Rita")
    session.commit()

    assert service.open_queries(session, article) == 3
    assert service.open_queries_by_paragraph(service.article_notes(session, article)) == {
        p1.id: 1,
        p3.id: 2,
    }
    assert service.open_queries(session, other) == 1

    service.set_status(session, q3b, "resolved", by="Rita")
    session.commit()
    assert service.open_queries(session, article) == 2
    assert service.open_queries_by_paragraph(service.article_notes(session, article)) == {
        p1.id: 1,
        p3.id: 1,
    }

    service.set_status(session, q5, "open", by="Rita")
    session.commit()
    assert service.open_queries(session, article) == 3
    assert service.open_queries_by_paragraph(service.article_notes(session, article)) == {
        p1.id: 1,
        p3.id: 1,
        p5.id: 1,
    }


def test_article_notes_are_in_reading_order_then_whole_then_detached(
    session: Session, p3: Paragraph
) -> None:
    text = p3.source_text
    doomed = note(session, p3, body="Will lose its words.", quote="板門店")
    whole = note(session, p3, body="On everything.")
    late = note(session, p3, body="Late.", quote="北朝鮮の地を踏んだ")
    early = note(session, p3, body="Early.", start=0, end=2)
    longer_early = note(session, p3, body="Early, longer.", start=0, end=5)
    other_row = note(session, rows(session, p3.article_id)[0], body="Another row.")
    service.add_reply(session, late, "A reply.", author="Rita")
    service.edit_source(
        session,
        p3,
        text.replace("板門店", "南北の境界"),
        base_version=p3.source_version,
        author=AUTHOR,
    )
    session.commit()
    session.expire_all()

    found = service.article_notes(session, p3.article_id)
    assert set(found) == {p3.id, other_row.paragraph_id}
    order = [n.id for n in found[p3.id]]
    assert order == [early.id, longer_early.id, late.id, whole.id, doomed.id]
    assert found[p3.id][-1].detached
    assert [r.body for r in found[p3.id][2].replies] == ["A reply."]
    # The editor's per-row reading gives the same order.
    assert [n.id for n in service.notes_by_paragraph(session, [p3.id])[p3.id]] == order
    assert service.notes_by_paragraph(session, []) == {}


# ---------------------------------------------------------------- numbers and keys


def test_each_paragraph_numbers_its_notes_from_one_as_they_are_written(
    session: Session, p3: Paragraph
) -> None:
    first = rows(session, p3.article_id)[0]
    late = note(session, p3, quote="北朝鮮の地を踏んだ")
    whole = note(session, p3)
    elsewhere = note(session, first)
    early = note(session, p3, start=0, end=2)
    assert [late.number, whole.number, early.number] == [1, 2, 3]
    assert elsewhere.number == 1
    # Losing its words and finding them again changes no number.
    text = p3.source_text
    correct(session, p3, text.replace("北朝鮮の地を踏んだ", "北朝鮮に入った"))
    correct(session, p3, text)
    session.expire_all()
    assert [n.number for n in service.notes_by_paragraph(session, [p3.id])[p3.id]] == [3, 1, 2]


def test_notes_written_at_once_in_one_paragraph_get_different_numbers(
    app: Flask, session: Session, p3: Paragraph
) -> None:
    """The second writer waits for the first one's number instead of taking it too."""
    pid = p3.id
    service.add_note(session, p3, NoteForm(kind="explanation", body="First."), author=AUTHOR)
    failures: list[BaseException] = []

    def second_writer() -> None:
        try:
            with app.app_context():
                paragraph = db.session.get(Paragraph, pid)
                assert paragraph is not None
                form = NoteForm(kind="explanation", body="Second.")
                service.add_note(db.session, paragraph, form, author=AUTHOR)
                db.session.commit()
        except BaseException as error:  # reported by the test's thread
            failures.append(error)

    writer = threading.Thread(target=second_writer)
    writer.start()
    _until_waiting(session, writer)
    session.commit()
    writer.join(timeout=30)
    assert not writer.is_alive() and failures == []
    session.expire_all()
    found = service.notes_by_paragraph(session, [pid])[pid]
    assert sorted((n.body, n.number) for n in found) == [("First.", 1), ("Second.", 2)]


def _until_waiting(session: Session, writer: threading.Thread) -> None:
    """Until the other writer is blocked behind this session's open transaction."""
    if session.get_bind().dialect.name != "postgresql":
        # SQLite: one writer at a time; the other one waits in its busy handler,
        # which cannot be watched. Give it the moment it needs to get there.
        writer.join(timeout=0.3)
        return
    deadline = time.monotonic() + 20
    with session.get_bind().connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            )
            if waiting:
                return
            watcher.rollback()
            writer.join(timeout=0.05)
    pytest.fail("the second writer never waited for the first")


def test_a_key_already_stored_gives_back_its_note_and_reply(
    session: Session, p3: Paragraph
) -> None:
    key = formkeys.new_key()
    assert formkeys.clean_key(f" {key} ") == key
    assert formkeys.clean_key("") is None
    assert formkeys.clean_key("<script>") is None
    stored = note(session, p3, body="Once.", request_key=key)
    again = note(session, p3, body="Once, edited meanwhile.", request_key=key)
    assert again.id == stored.id and count(session, Note) == 1
    reply_key = formkeys.new_key()
    first = service.add_reply(session, stored, "Yes.", author=AUTHOR, request_key=reply_key)
    second = service.add_reply(session, stored, "Yes.", author=AUTHOR, request_key=reply_key)
    session.commit()
    assert first.id == second.id and count(session, NoteReply) == 1
    # Without a key every submit is a note of its own, as before.
    note(session, p3, body="Twice.")
    note(session, p3, body="Twice.")
    assert count(session, Note) == 3


# ---------------------------------------------------------------- correcting the source


def correct(session: Session, paragraph: Paragraph, text: str) -> service.Reanchored:
    outcome = service.edit_source(
        session, paragraph, text, base_version=paragraph.source_version, author=AUTHOR
    )
    session.commit()
    return outcome


def placed_on(paragraph: Paragraph, added: Note) -> str:
    return paragraph.source_text[added.start : added.end]


def test_a_note_stays_when_its_words_and_offsets_are_unchanged(
    session: Session, p3: Paragraph
) -> None:
    added = note(session, p3, quote="板門店")
    before = (added.start, added.end, added.prefix, added.suffix)
    outcome = correct(session, p3, p3.source_text + "追記。")
    assert outcome == service.Reanchored(moved=0, detached=0, reattached=0)
    assert (added.start, added.end, added.prefix, added.suffix) == before
    assert placed_on(p3, added) == "板門店" and not added.detached


def test_an_insertion_before_the_quote_shifts_the_note(session: Session, p3: Paragraph) -> None:
    added = note(session, p3, quote="板門店")
    old_start = added.start
    outcome = correct(session, p3, "【更新】" + p3.source_text)
    assert outcome.moved == 1 and outcome.detached == 0
    assert added.start == old_start + 4 and added.end == old_start + 7
    assert placed_on(p3, added) == "板門店" and not added.detached


def test_edited_context_with_the_quote_intact_still_places_the_note(
    session: Session, p3: Paragraph
) -> None:
    added = note(session, p3, quote="板門店")
    text = p3.source_text
    assert "36時間後に板門店で会談が行われた" in text
    outcome = correct(
        session,
        p3,
        text.replace("36時間後に板門店で会談が", "一日半後に南北境界の板門店で首脳会談が"),
    )
    assert outcome.detached == 0 and outcome.moved == 1
    assert placed_on(p3, added) == "板門店" and not added.detached
    assert added.prefix.endswith("南北境界の") and added.suffix.startswith("で首脳会談が")


def twice(session: Session) -> Paragraph:
    paragraph = rows(session, seed(session, [TWICE], title="Twice"))[0]
    assert paragraph.source_text.count("金委員長") == 2
    return paragraph


@pytest.mark.parametrize("aligned", [False, True], ids=["shifted", "onto-the-old-offsets"])
def test_of_a_repeated_quote_the_noted_occurrence_is_chosen(
    session: Session, aligned: bool
) -> None:
    paragraph = twice(session)
    first, _ = span(TWICE, "金委員長", 0)
    second, second_end = span(TWICE, "金委員長", 1)
    added = note(session, paragraph, body="The second one.", start=second, end=second_end)
    # Aligned: the insertion is exactly as long as the distance between the two,
    # so the *first* occurrence lands on the note's old offsets.
    inserted = "【速】" if not aligned else ("挿" * (second - first))
    outcome = correct(session, paragraph, inserted + TWICE)
    new_second = span(paragraph.source_text, "金委員長", 1)
    assert (added.start, added.end) == new_second
    assert outcome.moved == 1 and not added.detached
    assert added.suffix.startswith("が応じる考えはない")


def test_a_note_whose_words_are_deleted_is_detached_and_kept(
    session: Session, p3: Paragraph
) -> None:
    added = note(session, p3, quote="板門店", body="The truce village.")
    whole = note(session, p3, body="Whole paragraph.")
    old = (added.exact, added.prefix, added.suffix, added.start, added.end)
    text = p3.source_text
    outcome = correct(session, p3, text.replace("36時間後に板門店で", "36時間後に"))
    assert outcome == service.Reanchored(moved=0, detached=1, reattached=0)
    session.expire_all()
    stored = session.get(Note, added.id)
    assert stored is not None and stored.detached
    assert (stored.exact, stored.prefix, stored.suffix, stored.start, stored.end) == old
    listed = service.notes_by_paragraph(session, [p3.id])[p3.id]
    assert [n.id for n in listed] == [whole.id, added.id]
    assert not listed[0].detached  # a whole-paragraph note cannot lose its words


def test_a_detached_note_comes_back_when_its_words_are_restored(
    session: Session, p3: Paragraph
) -> None:
    text = p3.source_text
    added = note(session, p3, quote="板門店")
    place = (added.start, added.end)
    assert correct(session, p3, text.replace("板門店", "")).detached == 1
    assert added.detached
    # Another edit elsewhere leaves it detached (and does not count it again).
    again = correct(session, p3, "【更新】" + p3.source_text)
    assert again == service.Reanchored(moved=0, detached=0, reattached=0)
    assert added.detached
    outcome = correct(session, p3, text)
    assert outcome == service.Reanchored(moved=0, detached=0, reattached=1)
    assert not added.detached and (added.start, added.end) == place
    assert placed_on(p3, added) == "板門店"


def test_each_correction_is_kept_as_a_source_revision(session: Session, p3: Paragraph) -> None:
    original = p3.source_text
    assert p3.source_version == 0
    correct(session, p3, "【更新】" + original)
    correct(session, p3, " 【更新】\n" + original + "\r\n ")  # joined as one line: no change
    correct(session, p3, original)
    assert p3.source_version == 2 and p3.source_text == original
    revisions = source_revisions(session, p3.id)
    assert [(r.previous_text, r.text, r.version) for r in revisions] == [
        ("【更新】" + original, original, 2),
        (original, "【更新】" + original, 1),
    ]
    assert all(r.author == AUTHOR and r.created_at is not None for r in revisions)


def test_a_stale_base_version_raises_and_changes_nothing(session: Session, p3: Paragraph) -> None:
    original = p3.source_text
    added = note(session, p3, quote="板門店")
    correct(session, p3, "【一】" + original)
    place = (added.start, added.end)
    with pytest.raises(SourceConflict):
        service.edit_source(
            session, p3, "【二】" + original.replace("板門店", ""), base_version=0, author="Late"
        )
    session.rollback()
    session.expire_all()
    assert p3.source_text == "【一】" + original and p3.source_version == 1
    assert count(session, SourceRevision) == 1
    stored = session.get(Note, added.id)
    assert stored is not None and not stored.detached and (stored.start, stored.end) == place


def test_an_empty_correction_is_refused(session: Session, p3: Paragraph) -> None:
    original = p3.source_text
    with pytest.raises(NoteError, match="cannot be empty"):
        service.edit_source(session, p3, " \r\n\t ", base_version=0, author=AUTHOR)
    session.rollback()
    assert p3.source_text == original and p3.source_version == 0
    assert count(session, SourceRevision) == 0


# ---------------------------------------------------------------- words chosen in an older text


def test_words_selected_before_a_correction_are_refused(session: Session, p3: Paragraph) -> None:
    old = p3.source_text
    start, end = span(old, "板門店")
    correct(session, p3, "【更新】" + old)
    assert p3.source_version == 1
    with pytest.raises(service.StaleSelection) as refused:
        service.add_note(
            session,
            p3,
            NoteForm(kind="source", body="Cited.", start=start, end=end, source_version=0),
            author=AUTHOR,
        )
    assert isinstance(refused.value, NoteError)  # refused like any other bad note
    assert str(refused.value) == (
        "The Japanese of this paragraph was corrected after you selected the words; "
        "it is shown again now: select them once more. Your note is kept below."
    )
    session.rollback()
    assert count(session, Note) == 0


def test_words_selected_in_the_current_text_or_of_no_known_version_are_placed(
    session: Session, p3: Paragraph
) -> None:
    correct(session, p3, "【更新】" + p3.source_text)
    start, end = span(p3.source_text, "板門店")
    current = note(session, p3, start=start, end=end, source_version=1)
    assert (current.exact, current.start, current.end) == ("板門店", start, end)
    # A form that does not say which text it saw is treated as before.
    unknown = note(session, p3, quote="板門店", source_version=None)
    assert (unknown.start, unknown.end) == (start, end)
    assert count(session, Note) == 2


# ---------------------------------------------------------------- a correction and the review


def reviewed_paragraph(session: Session, paragraph: Paragraph, status: str) -> Paragraph:
    paragraph.target_text = "The talks came 36 hours after a tweet."
    paragraph.status = status
    session.commit()
    return paragraph


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("reviewed", "translated"),
        ("translated", "translated"),
        ("drafted", "drafted"),
        ("new", "new"),
    ],
)
def test_a_correction_sends_a_reviewed_paragraph_back_for_review(
    session: Session, p3: Paragraph, before: str, after: str
) -> None:
    paragraph = reviewed_paragraph(session, p3, before)
    correct(session, paragraph, paragraph.source_text + "追記。")
    session.expire_all()
    stored = session.get(Paragraph, paragraph.id)
    assert stored is not None
    assert stored.status == after
    assert stored.target_text == "The talks came 36 hours after a tweet."


def test_a_correction_that_changes_nothing_keeps_the_review(
    session: Session, p3: Paragraph
) -> None:
    paragraph = reviewed_paragraph(session, p3, "reviewed")
    # The same line once joined: no correction at all.
    correct(session, paragraph, " " + paragraph.source_text + "\r\n")
    assert paragraph.source_version == 0
    # A correction refused as stale writes nothing, the status neither.
    with pytest.raises(SourceConflict):
        service.edit_source(session, paragraph, "別の文。", base_version=5, author="Late")
    session.rollback()
    session.expire_all()
    stored = session.get(Paragraph, paragraph.id)
    assert stored is not None and stored.status == "reviewed"


# ---------------------------------------------------------------- notes that follow edited words


WORDS = "北朝鮮の地を踏んだ"


def test_a_note_on_edited_words_remembers_the_words_it_was_on(
    session: Session, p3: Paragraph
) -> None:
    added = note(session, p3, quote=WORDS, body="The first US president to do so.")
    assert added.reanchored_from is None
    text = p3.source_text

    outcome = correct(session, p3, text.replace(WORDS, "北朝鮮の土地を踏んだ"))

    assert outcome == service.Reanchored(moved=1, detached=0, reattached=0)
    session.expire_all()
    stored = session.get(Note, added.id)
    assert stored is not None and not stored.detached
    assert placed_on(p3, stored) == stored.exact == "北朝鮮の土地を踏んだ"
    assert stored.reanchored_from == WORDS

    # Edited again, it still names the words it was first written on.
    outcome = correct(session, p3, p3.source_text.replace("北朝鮮の土地", "北朝鮮の国土"))
    assert outcome.moved == 1
    session.expire_all()
    stored = session.get(Note, added.id)
    assert stored is not None
    assert stored.exact == "北朝鮮の国土を踏んだ" and stored.reanchored_from == WORDS


def test_a_note_whose_words_only_shifted_or_were_lost_records_no_edit(
    session: Session, p3: Paragraph
) -> None:
    shifted = note(session, p3, quote=WORDS)
    lost = note(session, p3, quote="板門店")
    outcome = correct(session, p3, p3.source_text.replace("板門店で", ""))
    assert outcome == service.Reanchored(moved=1, detached=1, reattached=0)
    session.expire_all()
    first, second = session.get(Note, shifted.id), session.get(Note, lost.id)
    assert first is not None and second is not None
    assert first.exact == WORDS and first.reanchored_from is None
    # A detached note keeps its own quote, so it did not follow other words.
    assert second.detached and second.exact == "板門店" and second.reanchored_from is None


@pytest.mark.parametrize(
    ("outcome", "sentence"),
    [
        (service.Reanchored(0, 0, 0), ""),
        (service.Reanchored(1, 0, 0), "1 note followed its words."),
        (service.Reanchored(2, 0, 0), "2 notes followed their words."),
        (service.Reanchored(0, 1, 0), "1 note lost its words (detached)."),
        (service.Reanchored(0, 0, 3), "3 notes found their words again."),
        (
            service.Reanchored(2, 1, 1),
            "2 notes followed their words; 1 note found its words again; "
            "1 note lost its words (detached).",
        ),
    ],
)
def test_what_a_correction_did_to_the_notes_in_a_sentence(
    outcome: service.Reanchored, sentence: str
) -> None:
    assert outcome.sentence == sentence
