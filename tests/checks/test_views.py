"""QA findings where people meet them: the row after a save, dismissing one with a
reason (kept in the history, open again when the text changes), the article's QA
page, the export warnings and ``workbench check``."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select

from tests.support.client import Client
from workbench.articles.importing import create_article
from workbench.articles.models import Paragraph
from workbench.checks.models import Dismissal
from workbench.extensions import db
from workbench.glossary import service as glossary_service

SOURCES = ["金委員長は板門店で演説した。", "両首脳は会談した。"]


def soup(response_text: str) -> BeautifulSoup:
    return BeautifulSoup(response_text, "html.parser")


@pytest.fixture
def article(app: Flask) -> tuple[int, list[int]]:
    """Two paragraphs; 金委員長 approved as Chairman Kim, with "Chairman Gim" forbidden."""
    with app.app_context():
        term = glossary_service.propose(
            db.session,
            glossary_service.TermForm(
                source="金委員長", target="Chairman Kim", forbidden=["Chairman Gim"]
            ),
            author="Test",
            author_id=None,
        )
        glossary_service.review(db.session, [term], "approved", author="Test", author_id=None)
        created = create_article(db.session, title="記事", paragraphs=SOURCES)
        db.session.commit()
        ids = list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == created.id)
                .order_by(Paragraph.position)
            )
        )
        return created.id, ids


def save(client: Client, pid: int, text: str) -> BeautifulSoup:
    version = current_version(client.app, pid)
    response = client.post(f"/paragraphs/{pid}", {"text": text, "version": version}, hx=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    return soup(response.get_data(as_text=True))


def current_version(app: Flask | None, pid: int) -> int:
    assert app is not None
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.version


def dismissals(app: Flask) -> list[Dismissal]:
    with app.app_context():
        rows = list(db.session.scalars(select(Dismissal).order_by(Dismissal.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def dismiss_link(page: BeautifulSoup, pid: int) -> str:
    links = page.select(f"#checks-{pid} a.dismiss-finding")
    assert len(links) == 1, links
    return str(links[0]["href"])


def test_a_save_answers_with_the_findings_of_the_saved_text(
    client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    answer = save(client, pid, "Chairman Gim spoke at Panmunjom.")
    badges = answer.select(f"#checks-{pid} .badge")
    assert [b["data-check"] for b in badges] == ["glossary", "glossary"]
    assert {b["class"][1] for b in badges} == {"badge-warning", "badge-error"}
    error = answer.select_one(f"#checks-{pid} .badge-error")
    assert error is not None and "Chairman Gim" in error.get_text()

    fixed = save(client, pid, "Chairman Kim spoke at Panmunjom.")
    assert fixed.select(f"#checks-{pid} .badge") == []


def test_a_reviewer_dismisses_a_finding_with_a_reason_kept_in_the_history(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (pid, _) = article
    answer = save(client, pid, "Kim spoke at Panmunjom.")  # the approved target is missing
    url = dismiss_link(answer, pid)

    form = client.get(url, hx=True)
    assert form.status_code == 200
    panel = soup(form.get_data(as_text=True))
    assert "Chairman Kim" in panel.select_one(".dismiss-panel .badge").get_text()
    action = panel.select_one("form")["hx-post"]

    done = client.post(action, {"reason": "The quote names him without his title."}, hx=True)
    assert done.status_code == 200
    body = soup(done.get_data(as_text=True))
    assert "Dismissed" in body.select_one(".dismiss-done").get_text()
    checks = body.select_one(f"#checks-{pid}")
    assert checks["hx-swap-oob"] == "true"
    assert checks.select(".badge") == []
    assert "1 dismissed" in checks.select_one(".dismissed-findings summary").get_text()
    assert "without his title" in checks.get_text()

    [stored] = dismissals(app)
    assert stored.reason == "The quote names him without his title."
    assert stored.dismissed_by and stored.check_id == "glossary"

    # The page shows it dismissed; so does the history, with who and why.
    page = soup(client.get(f"/articles/{article_id}").get_data(as_text=True))
    assert page.select(f"#checks-{pid} .badge") == []
    assert page.select(f"#checks-{pid} .finding-dismissed")
    history = soup(client.get(f"/paragraphs/{pid}/history", hx=True).get_data(as_text=True))
    entry = history.select_one(".dismissals .dismissal")
    assert "without his title" in entry.get_text()
    assert "dismissal-lapsed" not in entry["class"]


def test_a_dismissal_lapses_when_the_text_changes_and_the_history_says_so(
    client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    answer = save(client, pid, "Kim spoke at Panmunjom.")
    client.post(dismiss_link(answer, pid), {"reason": "Fine here."}, hx=True)

    changed = save(client, pid, "Kim spoke at the truce village.")
    # Still missing the approved target: the finding is open again.
    assert len(changed.select(f"#checks-{pid} .badge-warning")) == 1
    assert changed.select(f"#checks-{pid} .dismissed-findings") == []
    history = soup(client.get(f"/paragraphs/{pid}/history", hx=True).get_data(as_text=True))
    entry = history.select_one(".dismissals .dismissal")
    assert "dismissal-lapsed" in entry["class"]
    assert "Open again: the text changed since." in entry.get_text()


def test_a_reviewer_can_reopen_a_dismissed_finding(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    answer = save(client, pid, "Kim spoke at Panmunjom.")
    link = dismiss_link(answer, pid)
    key = link.split("/")[-2]
    client.post(link, {"reason": "Fine here."}, hx=True)

    reopened = client.post(f"/paragraphs/{pid}/findings/{key}/reopen", hx=True)
    assert reopened.status_code == 200
    checks = soup(reopened.get_data(as_text=True)).select_one(f"#checks-{pid}")
    assert len(checks.select(".badge-warning")) == 1
    [row] = dismissals(app)
    assert row.reopened_at is not None and row.reopened_by
    history = soup(client.get(f"/paragraphs/{pid}/history", hx=True).get_data(as_text=True))
    assert "Reopened by" in history.select_one(".dismissals").get_text()


def test_an_empty_or_too_long_reason_is_refused_and_nothing_is_stored(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    for reason in ("", "   ", "x" * 2001):
        refused = client.post(link, {"reason": reason}, hx=True)
        assert refused.status_code == 422
        form = soup(refused.get_data(as_text=True))
        assert form.select_one(".error[role=alert]").get_text()
        assert form.select_one("textarea").get_text() == reason  # what was typed stays
    assert dismissals(app) == []


def test_a_second_submit_of_the_same_dismissal_stores_one(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    for _ in range(2):
        assert client.post(link, {"reason": "Fine here."}, hx=True).status_code == 200
    assert len(dismissals(app)) == 1


def test_a_finding_the_text_no_longer_has_cannot_be_dismissed(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    save(client, pid, "Chairman Kim spoke at Panmunjom.")  # fixed in another tab
    stale = client.post(link, {"reason": "Fine here."}, hx=True)
    assert stale.status_code == 404
    assert "no longer found" in stale.get_data(as_text=True)
    assert dismissals(app) == []


@pytest.mark.parametrize("key", ["0" * 32, "not-a-key", "A" * 32])
def test_unknown_findings_and_paragraphs_are_404(
    client: Client, article: tuple[int, list[int]], key: str
) -> None:
    _, (pid, _) = article
    save(client, pid, "Kim spoke at Panmunjom.")
    assert client.get(f"/paragraphs/{pid}/findings/{key}/dismiss").status_code == 404
    answer = client.post(f"/paragraphs/{pid}/findings/{key}/dismiss", {"reason": "x"})
    assert answer.status_code == 404
    assert client.get(f"/paragraphs/2147483647/findings/{'0' * 32}/dismiss").status_code == 404


def test_a_translator_sees_findings_but_cannot_dismiss_them(
    app: Flask,
    client: Client,
    translator_client: Client,
    article: tuple[int, list[int]],
) -> None:
    _, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    row = soup(translator_client.get(f"/paragraphs/{pid}", hx=True).get_data(as_text=True))
    assert len(row.select(f"#checks-{pid} .badge-warning")) == 1
    assert row.select(f"#checks-{pid} a.dismiss-finding") == []
    assert translator_client.post(link, {"reason": "Fine."}, hx=True).status_code == 403
    assert dismissals(app) == []


def test_the_reason_is_shown_escaped(client: Client, article: tuple[int, list[int]]) -> None:
    article_id, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    client.post(link, {"reason": "<script>alert(1)</script> ok"}, hx=True)
    for url in (f"/articles/{article_id}", f"/articles/{article_id}/qa?dismissed=1"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; ok" in html


def test_without_javascript_the_dismiss_form_is_a_page_and_its_post_leads_back(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    page = client.get(link)
    assert page.status_code == 200
    html = soup(page.get_data(as_text=True))
    assert html.select_one("html") is not None and html.select_one("form textarea[name=reason]")
    answer = client.post(link, {"reason": "Fine here."})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/articles/{article_id}#p-{pid}")
    assert len(dismissals(app)) == 1


# ---------------------------------------------------------------- the QA page


def test_the_qa_page_lists_findings_by_paragraph_with_links_into_the_editor(
    client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, second) = article
    save(client, first, "Chairman Gim spoke at Panmunjom.")
    page = client.get(f"/articles/{article_id}/qa")
    assert page.status_code == 200
    html = soup(page.get_data(as_text=True))
    rows = html.select("#qa-results tr.qa-item")
    assert len(rows) == 2
    for row in rows:
        link = row.select_one("td.num a")
        assert link["href"] == f"/articles/{article_id}#p-{first}"
        assert link.get_text() == "1"
    counts = html.select_one(".qa-counts").get_text(" ", strip=True)
    assert "✖ 1 error" in counts and "⚠ 1 warning" in counts

    errors = soup(client.get(f"/articles/{article_id}/qa?severity=error").get_data(as_text=True))
    assert [r["class"][1] for r in errors.select("tr.qa-item")] == ["severity-error"]


def test_the_qa_page_answers_htmx_with_its_results_alone(
    client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, _) = article
    save(client, first, "Chairman Kim spoke at Panmunjom.")
    answer = client.get(f"/articles/{article_id}/qa?check=glossary", hx=True)
    assert answer.status_code == 200
    html = soup(answer.get_data(as_text=True))
    assert html.select_one("html") is None
    assert html.select_one("#qa-results .all-clear") is not None


def test_unknown_filters_show_everything_and_an_unknown_article_is_404(
    client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, _) = article
    save(client, first, "Chairman Gim spoke at Panmunjom.")
    html = soup(
        client.get(f"/articles/{article_id}/qa?check=<b>&severity=9").get_data(as_text=True)
    )
    assert len(html.select("tr.qa-item")) == 2
    assert client.get("/articles/2147483647/qa").status_code == 404


def test_export_warnings_leave_dismissed_findings_out(
    client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, _) = article
    link = dismiss_link(save(client, first, "Kim spoke at Panmunjom."), first)
    warned = soup(client.get(f"/articles/{article_id}/export").get_data(as_text=True))
    assert warned.select_one(".failing-checks") is not None
    client.post(link, {"reason": "Fine here."}, hx=True)
    clear = soup(client.get(f"/articles/{article_id}/export").get_data(as_text=True))
    assert clear.select_one(".failing-checks") is None


# ---------------------------------------------------------------- workbench check


def run_check(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["check", *args])


def test_check_prints_the_findings_as_json_and_exits_1_on_an_error(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, _) = article
    save(client, first, "Chairman Gim spoke at Panmunjom.")
    result = run_check(app, str(article_id), "--json")
    assert result.exit_code == 1
    [line] = result.stdout.strip().splitlines()
    payload = json.loads(line)
    assert set(payload) == {"findings", "counts"}
    assert {f["severity"] for f in payload["findings"]} == {"error", "warning"}
    for finding in payload["findings"]:
        assert set(finding) == {"paragraph", "check", "severity", "message"}
        assert finding["paragraph"] == 1 and finding["check"] == "glossary"
    assert payload["counts"]["error"] == 1 and payload["counts"]["warning"] == 1
    assert payload["counts"]["checks"]["glossary"] == 2


def test_check_exits_0_with_warnings_only_and_leaves_dismissed_findings_out(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, _) = article
    link = dismiss_link(save(client, first, "Kim spoke at Panmunjom."), first)
    result = run_check(app, str(article_id), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["counts"]["warning"] == 1
    client.post(link, {"reason": "Fine here."}, hx=True)
    payload = json.loads(run_check(app, str(article_id), "--json").stdout)
    assert payload["findings"] == []
    assert payload["counts"]["dismissed"] == 1
    text = run_check(app, str(article_id))
    assert text.exit_code == 0 and "0 errors, 0 warnings, 1 dismissed." in text.stdout


@pytest.mark.parametrize("ident", ["2147483647", "abc", str(2**64)])
def test_check_refuses_an_unknown_article_with_a_sentence(app: Flask, ident: str) -> None:
    result = run_check(app, ident, "--json")
    assert result.exit_code != 0
    assert result.stdout == "" or "Error" in result.output
    assert "article" in result.output


def test_the_glossary_refresh_redraws_every_row_s_findings(
    client: Client, article: tuple[int, list[int]]
) -> None:
    article_id, (first, _) = article
    save(client, first, "Chairman Gim spoke at Panmunjom.")
    answer = client.get(f"/articles/{article_id}/glossary", hx=True)
    assert answer.status_code == 200
    checks = soup(answer.get_data(as_text=True)).select_one(f"#checks-{first}")
    assert checks["hx-swap-oob"] == "true"
    assert [b["data-check"] for b in checks.select(".badge-error")] == ["glossary"]


def test_a_reason_with_a_nul_or_windows_line_breaks_is_stored_clean(
    app: Flask, client: Client, article: tuple[int, list[int]]
) -> None:
    _, (pid, _) = article
    link = dismiss_link(save(client, pid, "Kim spoke at Panmunjom."), pid)
    answer = client.post(link, {"reason": "Quoted\x00 as\r\nsaid."}, hx=True)
    assert answer.status_code == 200
    [stored] = dismissals(app)
    assert stored.reason == "Quoted as\nsaid."
