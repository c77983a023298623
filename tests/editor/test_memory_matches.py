"""Memory matches in the editor rows: each row's matches cell loads its best matches
from the memory (score, differences, English, origin), in a fixed number of queries."""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup, Tag
from flask import Flask
from werkzeug.test import TestResponse

from tests.memory.test_align import JOINED
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client
from tests.web.test_sql_counts import statements
from workbench.extensions import db
from workbench.memory import service

SOURCE = "米朝首脳会談がハノイで開かれた。トランプ氏は成果を強調した。"
TARGET = "The US-North Korea summit was held in Hanoi. Trump stressed its results."
FUZZY = "米朝首脳会談がハノイで開かれた。バイデン氏は成果を強調した。"


def finish(client: Client, pid: int, text: str) -> None:
    """Type the English and mark it translated, as Ctrl+Enter does."""
    response = client.post(
        f"/paragraphs/{pid}", {"text": text, "version": "0", "mark": "translated"}, hx=True
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def finished_article(client: Client) -> int:
    """Article A with its one paragraph finished; its paragraph id."""
    (pid,) = paragraph_ids(client.app, create_article(client, [SOURCE], title="会談の記事"))  # type: ignore[arg-type]
    finish(client, pid, TARGET)
    return pid


def matches(client: Client, pid: int) -> Tag:
    response = client.get(f"/paragraphs/{pid}/matches", hx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    # The fragment alone: no page around it.
    assert "<html" not in body and "<header" not in body
    found = BeautifulSoup(body, "html.parser").select_one(f"#memory-matches-{pid}")
    assert found is not None, body[:300]
    return found


def listed(fragment: Tag) -> list[Tag]:
    return fragment.select("li.match")


def test_a_shared_paragraph_shows_a_100_match_with_its_origin(app: Flask, client: Client) -> None:
    source_pid = finished_article(client)
    article_b = create_article(client, ["前置きの段落です。", SOURCE], title="別の記事")
    _, shared = paragraph_ids(app, article_b)

    # The paragraph first; its sentences, each a part of it, follow as fuzzy matches.
    match, *parts = listed(matches(client, shared))
    assert all("match-fuzzy" in (part.get("class") or []) for part in parts)
    assert "match-exact" in (match.get("class") or [])
    assert match.select_one(".match-score").get_text(strip=True) == "100 %"  # type: ignore[union-attr]
    assert match.select_one(".match-target").get_text(strip=True) == TARGET  # type: ignore[union-attr]
    # Nothing differs: no marks in the Japanese.
    assert match.select_one(".match-source").get_text() == SOURCE  # type: ignore[union-attr]
    assert not match.select(".match-source del, .match-source ins")
    origin = match.select_one(".match-origin")
    assert origin is not None
    assert "会談の記事" in origin.get_text() and "Ada Admin" in origin.get_text()
    link = origin.select_one("a")
    assert link is not None and link["href"].endswith(f"#p-{source_pid}")
    assert re.search(r"\d{4}-\d\d-\d\d", origin.get_text())
    button = match.select_one("button.match-insert")
    assert button is not None
    assert button["data-insert"] == TARGET
    assert button["data-for"] == f"text-{shared}"
    assert button["aria-keyshortcuts"] == "Control+Alt+1"


def test_a_fuzzy_match_shows_its_percentage_and_what_differs(app: Flask, client: Client) -> None:
    finished_article(client)
    (pid,) = paragraph_ids(app, create_article(client, [FUZZY], title="続報"))

    match = listed(matches(client, pid))[0]
    assert "match-fuzzy" in (match.get("class") or [])
    score = match.select_one(".match-score").get_text(strip=True)  # type: ignore[union-attr]
    number = int(score.removesuffix(" %"))
    assert 50 <= number < 100, score
    source = match.select_one(".match-source")
    assert source is not None
    # The match has トランプ where this paragraph has バイデン.
    assert [d.get_text() for d in source.select("del")] == ["トランプ"]
    assert [i.get_text() for i in source.select("ins")] == ["バイデン"]
    assert match.select_one(".match-target").get_text(strip=True) == TARGET  # type: ignore[union-attr]


def test_a_paragraph_is_not_its_own_match(app: Flask, client: Client) -> None:
    pid = finished_article(client)
    fragment = matches(client, pid)
    assert listed(fragment) == []
    assert "No memory matches" in fragment.get_text()


def test_memory_text_is_escaped(app: Flask, client: Client) -> None:
    with app.app_context():
        service.add_entries(
            db.session,
            [
                service.NewEntry(
                    "<script>alert(1)</script>速報が入りました。",
                    "<script>alert('x')</script> Breaking news.",
                    origin="<b>news</b>.tmx",
                    author="<i>Eve</i>",
                )
            ],
        )
        db.session.commit()
    (pid,) = paragraph_ids(
        app, create_article(client, ["<script>alert(2)</script>速報が入りました。"])
    )
    body = client.get(f"/paragraphs/{pid}/matches", hx=True).get_data(as_text=True)
    assert "<script>" not in body and "<b>news" not in body and "<i>Eve" not in body
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Breaking news." in body
    assert "&lt;b&gt;news&lt;/b&gt;.tmx" in body
    (match,) = listed(matches(client, pid))
    # The English to insert is the text itself, carried in an attribute.
    button = match.select_one("button.match-insert")
    assert (
        button is not None and button["data-insert"] == "<script>alert('x')</script> Breaking news."
    )


def test_an_unknown_paragraph_is_404(client: Client) -> None:
    for hx in (True, False):
        response = client.get("/paragraphs/999999/matches", hx=hx)
        assert response.status_code == 404
        assert "paragraph" in response.get_data(as_text=True).lower()


def test_the_page_has_a_lazy_matches_cell_per_row_and_the_full_page_holds_the_partial(
    app: Flask, client: Client
) -> None:
    finished_article(client)
    article_b = create_article(client, ["前置きの段落です。", SOURCE, "結びの段落です。"])
    pids = paragraph_ids(app, article_b)
    page = BeautifulSoup(client.get(f"/articles/{article_b}").get_data(as_text=True), "html.parser")
    loaders = page.select(".row .cell.matches a.matches-loader")
    assert len(loaders) == len(pids)
    for pid, loader in zip(pids, loaders, strict=True):
        url = f"/paragraphs/{pid}/matches"
        assert loader["href"] == url and loader["hx-get"] == url
        assert "once" in loader["hx-trigger"] and "near" in loader["hx-trigger"]
        cell = loader.parent
        assert cell is not None and cell.get("hx-preserve") == "true"
        assert cell["id"] == f"matches-{pid}"
    # The page itself looks nothing up: no match is in it.
    assert not page.select(".memory-matches") and TARGET not in str(page)

    # Without htmx the link opens a page with the row's Japanese and the same partial.
    full = client.get(f"/paragraphs/{pids[1]}/matches")
    assert full.status_code == 200
    body = full.get_data(as_text=True)
    assert "<html" in body
    soup = BeautifulSoup(body, "html.parser")
    assert soup.select_one(".row-source").get_text() == SOURCE  # type: ignore[union-attr]
    match = soup.select(f"#memory-matches-{pids[1]} li.match")[0]
    # No editor textarea here: the match is used with a form that saves it.
    form = match.select_one("form")
    assert form is not None and form["action"] == f"/paragraphs/{pids[1]}"
    assert form.select_one("input[name=text]")["value"] == TARGET  # type: ignore[index]
    assert not match.select("button.match-insert")


def test_using_a_match_from_its_page_saves_it_as_the_translation(
    app: Flask, client: Client
) -> None:
    finished_article(client)
    (pid,) = paragraph_ids(app, create_article(client, [SOURCE]))
    response = client.post(f"/paragraphs/{pid}", {"text": TARGET, "version": "0"})
    assert response.status_code == 303
    row = client.get(f"/paragraphs/{pid}", hx=True).get_data(as_text=True)
    assert TARGET in row


def _memory(app: Flask, size: int) -> None:
    """``size`` entries, among them near ones for every paragraph made by _article."""
    with app.app_context():
        service.add_entries(
            db.session,
            [
                service.NewEntry(
                    f"第{i}段落。本文ですね。", f"Paragraph {i}. The body.", "memory.tmx"
                )
                for i in range(1, size + 1)
            ],
        )
        db.session.commit()


def _article(client: Client, size: int) -> int:
    return create_article(client, [f"第{i}段落。本文です。" for i in range(1, size + 1)])


def _count(app: Flask, client: Client, pid: int) -> int:
    url = f"/paragraphs/{pid}/matches"
    client.get(url, hx=True)  # warm up: the index catches up with the memory
    with statements(app) as seen:
        response = client.get(url, hx=True)
    assert response.status_code == 200
    assert 'li class="match' in response.get_data(as_text=True)
    return len(seen)


def test_the_matches_queries_do_not_grow_with_the_memory_or_the_article(
    app: Flask, client: Client
) -> None:
    _memory(app, 10)
    small = paragraph_ids(app, _article(client, 15))
    large = paragraph_ids(app, _article(client, 150))
    counts = {"small memory, small article": _count(app, client, small[5])}
    counts["small memory, large article"] = _count(app, client, large[5])
    with app.app_context():
        service.add_entries(
            db.session,
            [
                service.NewEntry(
                    f"第{i}段落。本文ですね。", f"Paragraph {i}. The body.", "more.tmx"
                )
                for i in range(11, 1001)
            ],
        )
        db.session.commit()
    counts["large memory, small article"] = _count(app, client, small[5])
    counts["large memory, large article"] = _count(app, client, large[120])
    assert len(set(counts.values())) == 1, counts
    # the user, the paragraph, the memory's state, the matched entries
    assert next(iter(counts.values())) <= 5, counts


def triggered(response: TestResponse) -> dict[str, Any]:
    header = response.headers.get("HX-Trigger", "")
    return json.loads(header) if header else {}


def test_a_save_that_changes_the_memory_tells_the_page(app: Flask, client: Client) -> None:
    """The page refetches a row's matches only after the memory changed: finishing or
    correcting English does change it; typing English not yet marked translated does not."""
    (typed, finished) = paragraph_ids(
        client.app,  # type: ignore[arg-type]
        create_article(client, ["前置きの段落です。", SOURCE], title="会談の記事"),
    )
    saved = client.post(f"/paragraphs/{typed}", {"text": "A preface.", "version": "0"}, hx=True)
    assert saved.status_code == 200
    assert "paragraph-saved" in triggered(saved)
    assert "memory-changed" not in triggered(saved)

    done = client.post(
        f"/paragraphs/{finished}", {"text": TARGET, "version": "0", "mark": "translated"}, hx=True
    )
    assert triggered(done)["memory-changed"] == {"id": finished}
    # The same English confirmed again changes nothing in the memory.
    again = client.post(
        f"/paragraphs/{finished}", {"text": TARGET, "version": "1", "mark": "translated"}, hx=True
    )
    assert again.status_code == 200
    assert "memory-changed" not in triggered(again)

    # Back to "drafted" takes the pair out: the other rows' matches are stale.
    back = client.post(f"/paragraphs/{finished}/status", {"status": "drafted"}, hx=True)
    assert back.status_code == 200
    assert "memory-changed" in triggered(back)


def test_correcting_the_japanese_under_finished_english_tells_the_page(
    app: Flask, client: Client
) -> None:
    pid = finished_article(client)
    fixed = client.post(f"/paragraphs/{pid}/source", {"text": FUZZY, "base": "0"}, hx=True)
    assert fixed.status_code == 200, fixed.get_data(as_text=True)[:300]
    events = triggered(fixed)
    assert "notes-changed" in events and events["memory-changed"] == {"id": pid}


def test_sentences_an_editor_joined_match_as_two_sentences_of_a_paragraph(
    app: Flask, client: Client
) -> None:
    (pid,) = paragraph_ids(app, create_article(client, [JOINED[0]], title="求愛の記事"))
    finish(client, pid, JOINED[1])
    joined_ja = (
        "特に韓国滞在中なら、金委員長が望めばすぐに会える、と何度も「ラブコール」を送った。"
        "外交的な修辞以上の強い意志を示したわけだ。"
    )
    alone_ja = (
        "鍵を握るのは、トランプ大統領のこうした即興的な外交方式がまた一度現実化できるかどうかだ。"
    )
    joined, alone = paragraph_ids(app, create_article(client, [joined_ja, alone_ja]))

    best = listed(matches(client, joined))[0]
    assert best.select_one(".match-score").get_text(strip=True) == "100 %"  # type: ignore[union-attr]
    target = best.select_one(".match-target").get_text(strip=True)  # type: ignore[union-attr]
    assert target.startswith('He sent repeated "love calls"')
    assert target.endswith("went beyond diplomatic rhetoric.")
    assert "2 sentences of a paragraph" in best.select_one(".match-origin").get_text()  # type: ignore[union-attr]

    best = listed(matches(client, alone))[0]
    assert best.select_one(".match-score").get_text(strip=True) == "100 %"  # type: ignore[union-attr]
    assert best.select_one(".match-target").get_text(strip=True) == (  # type: ignore[union-attr]
        "The key question is whether Trump's improvised style of diplomacy can come off once again."
    )
    assert "one sentence of a paragraph" in best.select_one(".match-origin").get_text()  # type: ignore[union-attr]
