"""Importing an article through the pages: paste or upload, preview, create.
Bad input is refused with a sentence and stores nothing."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.support.app import make_app
from tests.support.client import Client, signed_in
from tests.support.pages import html, soup
from tests.support.samples import sample_body_lines, sample_text, wrap_sample_in_html
from workbench.articles.importing import STAGE_LIFETIME
from workbench.articles.models import Article, ImportStage, Paragraph
from workbench.database import utcnow
from workbench.extensions import db

SAMPLE_PARAGRAPHS = sample_body_lines()[:-1]
COUNTER = sample_body_lines()[-1]

# ---------------------------------------------------------------- helpers


def counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        s = db.session
        return (
            int(s.scalar(select(func.count()).select_from(Article)) or 0),
            int(s.scalar(select(func.count()).select_from(Paragraph)) or 0),
        )


def stored_paragraphs(app: Flask, article_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Paragraph.source_text)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
        )


def stored_article(app: Flask, article_id: int) -> Article:
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        db.session.expunge(article)
        return article


def article_id_from(response: TestResponse) -> int:
    assert response.status_code == 303, html(response)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def preview_paste(client: Client, text: str, **fields: str) -> TestResponse:
    return client.post("/articles/preview", {"text": text, **fields})


def preview_upload(client: Client, name: str, data: bytes, **fields: str) -> TestResponse:
    return client.post(
        "/articles/preview",
        {"file": (io.BytesIO(data), name), "text": "", **fields},
        content_type="multipart/form-data",
    )


def preview_lines(page: BeautifulSoup) -> list[Tag]:
    return page.select("ol.preview-lines li.preview-line")


def submit_preview(
    client: Client,
    page: BeautifulSoup,
    *,
    toggle: Callable[[int, bool], bool] | None = None,
    hx: bool = False,
    **fields: str,
) -> TestResponse:
    """Submit the preview form as a browser would; ``toggle(index, checked)`` may change a tick."""
    form = page.select_one("form.preview-form")
    assert form is not None
    data: dict[str, object] = {}
    for field in form.select("input[type=hidden], input:not([type])"):
        data[field["name"]] = field.get("value", "")
    for field in form.select("input[type=url]"):
        data[field["name"]] = field.get("value", "")
    lines = form.select_one("textarea[name=lines]")
    if lines is not None:
        data["lines"] = lines.get_text()
    keep = []
    for box in form.select("input[type=checkbox][name=keep]"):
        checked = box.has_attr("checked")
        if toggle is not None:
            checked = toggle(int(box["value"]), checked)
        if checked:
            keep.append(box["value"])
    data["keep"] = keep
    data.update(fields)
    data.pop("csrf_token", None)
    return client.post(form["action"], data, hx=hx)


def assert_refused(
    response: TestResponse, app: Flask, before: tuple[int, int], status: int = 422
) -> str:
    """The answer is a page with a sentence for a person, and nothing was stored."""
    assert response.status_code == status, html(response)[:500]
    body = html(response)
    assert "<html" in body.lower()
    assert "Traceback" not in body
    error = soup(response).select_one(".error, .error-box p")
    assert error is not None, body[:2000]
    sentence = error.get_text().strip()
    assert len(sentence.split()) >= 4 and sentence.endswith((".", "。")), sentence
    assert counts(app) == before
    return sentence


# ---------------------------------------------------------------- the sample, pasted


def test_import_page_has_the_form(client: Client) -> None:
    page = soup(client.get("/articles/new"))
    form = page.select_one("form[action='/articles/preview']")
    assert form is not None
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one("textarea[name=text]") is not None
    assert form.select_one("input[type=file][name=file]") is not None


def test_pasted_sample_preview_keeps_14_and_drops_the_comment_counter(
    app: Flask, client: Client
) -> None:
    response = preview_paste(client, sample_text())
    assert response.status_code == 200
    page = soup(response)
    lines = preview_lines(page)
    kept = [li for li in lines if li.select_one("input[name=keep]").has_attr("checked")]
    dropped = [li for li in lines if not li.select_one("input[name=keep]").has_attr("checked")]
    assert [li.select_one(".line-text").get_text() for li in kept] == SAMPLE_PARAGRAPHS
    assert len(kept) == 14
    assert [li.select_one(".line-text").get_text() for li in dropped] == [COUNTER]
    reason = dropped[0].select_one(".reason")
    assert reason is not None and reason.get_text().startswith("dropped:")
    assert len(reason.get_text()) > len("dropped: ")
    hint = " ".join(page.select_one("p.hint").get_text().split())
    assert "14 paragraphs kept, 1 line dropped" in hint
    # The default title is the first sentence; nothing is stored yet.
    assert page.select_one("input[name=title]")["value"].startswith("北朝鮮の金正恩")
    assert counts(app) == (0, 0)


def test_creating_the_previewed_sample_stores_exactly_14_paragraphs(
    app: Flask, client: Client
) -> None:
    page = soup(preview_paste(client, sample_text(), source_url="https://example.com/a/1"))
    response = submit_preview(client, page, title="米朝首脳会談", byline="東亜ニュース")
    article_id = article_id_from(response)
    assert response.headers["Location"].endswith(f"/articles/{article_id}")
    paragraphs = stored_paragraphs(app, article_id)
    assert paragraphs == SAMPLE_PARAGRAPHS
    assert not any("コメント" in p for p in paragraphs)
    article = stored_article(app, article_id)
    assert (article.title, article.byline, article.source_url) == (
        "米朝首脳会談",
        "東亜ニュース",
        "https://example.com/a/1",
    )
    editor = soup(client.get(f"/articles/{article_id}"))
    assert len(editor.select("div.row")) == 14
    assert editor.select_one("h1.article-title").get_text() == "米朝首脳会談"


def test_unticking_a_kept_line_and_ticking_a_dropped_one_is_honoured(
    app: Flask, client: Client
) -> None:
    page = soup(preview_paste(client, sample_text()))
    # Index 2 is the third kept paragraph; index 14 is the comment counter.
    response = submit_preview(
        client, page, toggle=lambda i, checked: not checked if i in (2, 14) else checked
    )
    paragraphs = stored_paragraphs(app, article_id_from(response))
    expected = SAMPLE_PARAGRAPHS[:2] + SAMPLE_PARAGRAPHS[3:] + [COUNTER]
    assert paragraphs == expected


def test_unticking_every_line_is_refused(app: Flask, client: Client) -> None:
    page = soup(preview_paste(client, sample_text()))
    response = submit_preview(client, page, toggle=lambda _i, _checked: False)
    sentence = assert_refused(response, app, (0, 0))
    assert "at least one paragraph" in sentence
    # The preview comes back so that the editor can tick lines again.
    assert len(preview_lines(soup(response))) == 15


# ---------------------------------------------------------------- the sample, uploaded


@pytest.mark.parametrize(
    ("codec", "label"),
    [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf-8", "UTF-8")],
)
def test_uploaded_sample_in_a_japanese_encoding_gives_the_same_14(
    app: Flask, client: Client, codec: str, label: str
) -> None:
    data = sample_text().encode(codec)
    response = preview_upload(client, "article.txt", data)
    assert response.status_code == 200
    page = soup(response)
    encoding = page.select_one("strong.encoding")
    assert encoding is not None and label in encoding.get_text()
    assert "article.txt" in page.select_one("p.hint").get_text()
    article_id = article_id_from(submit_preview(client, page))
    assert stored_paragraphs(app, article_id) == SAMPLE_PARAGRAPHS
    assert label in (stored_article(app, article_id).source_encoding or "")


def test_uploaded_news_page_gives_the_same_14_and_its_headline(app: Flask, client: Client) -> None:
    headline = "トランプ氏、金正恩氏に「露骨な求愛」"
    data = wrap_sample_in_html(headline).encode("utf-8")
    response = preview_upload(client, "news.html", data)
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("input[name=title]")["value"] == headline
    article_id = article_id_from(submit_preview(client, page))
    assert stored_paragraphs(app, article_id) == SAMPLE_PARAGRAPHS
    assert stored_article(app, article_id).title == headline


def test_uploaded_news_page_in_shift_jis(app: Flask, client: Client) -> None:
    headline = "米朝会談の行方"
    data = (
        wrap_sample_in_html(headline)
        .replace('charset="utf-8"', 'charset="Shift_JIS"')
        .replace("©", "(c)")  # not in Shift_JIS
    )
    response = preview_upload(client, "news.htm", data.encode("cp932"))
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("input[name=title]")["value"] == headline
    article_id = article_id_from(submit_preview(client, page))
    assert stored_paragraphs(app, article_id) == SAMPLE_PARAGRAPHS


def test_title_typed_before_the_preview_wins_over_the_headline(client: Client) -> None:
    data = wrap_sample_in_html("ページの見出し").encode("utf-8")
    page = soup(preview_upload(client, "news.html", data, title="自分の題"))
    assert page.select_one("input[name=title]")["value"] == "自分の題"


# ---------------------------------------------------------------- long articles


def long_lines(count: int) -> list[list[object]]:
    return [[f"第{i}段落。これは長い記事の本文です。", True, None] for i in range(1, count + 1)]


def test_article_of_2000_paragraphs_is_created_by_one_post(app: Flask, client: Client) -> None:
    lines = long_lines(2000)
    response = client.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(len(lines))],
            "title": "長い記事",
        },
    )
    article_id = article_id_from(response)
    paragraphs = stored_paragraphs(app, article_id)
    assert len(paragraphs) == 2000
    assert paragraphs[0] == "第1段落。これは長い記事の本文です。"
    assert paragraphs[-1] == "第2000段落。これは長い記事の本文です。"
    assert counts(app) == (1, 2000)


def test_failure_part_way_through_a_long_article_stores_no_article(
    app: Flask, client: Client
) -> None:
    lines = long_lines(2000)
    lines[1499][0] = "長" * 20_001
    response = client.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(len(lines))],
            "title": "長い記事",
        },
    )
    sentence = assert_refused(response, app, (0, 0))
    assert "1,500" in sentence or "1500" in sentence


def test_article_over_the_paragraph_limit_is_refused(app: Flask, client: Client) -> None:
    lines = [[f"第{i}段落。", True, None] for i in range(10_001)]
    response = client.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(len(lines))],
            "title": "長すぎる記事",
        },
    )
    assert_refused(response, app, (0, 0))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t", "\u3000\u3000\n\u3000", "\xa0\xa0\n\xa0", " \u3000\xa0\r\n"],
    ids=["empty", "spaces", "ideographic-space", "nbsp", "mixed"],
)
def test_empty_paste_is_refused(app: Flask, client: Client, text: str) -> None:
    before = counts(app)
    response = preview_paste(client, text)
    sentence = assert_refused(response, app, before)
    assert "no text" in sentence.lower()


def test_paste_of_only_page_furniture_is_refused(app: Flask, client: Client) -> None:
    response = preview_paste(client, "\n\nコメント0\n")
    assert_refused(response, app, (0, 0))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        ("notes.txt", "本文です。".encode() + b"\x00\x01\x02\x03" * 64 + "続き。".encode()),
        ("empty.txt", b""),
    ],
    ids=["png-named-txt", "nul-bytes", "empty-file"],
)
def test_binary_or_empty_upload_is_refused(
    app: Flask, client: Client, name: str, data: bytes
) -> None:
    before = counts(app)
    assert_refused(preview_upload(client, name, data), app, before)


@pytest.mark.parametrize("name", ["setup.exe", "article.pdf", "article", "archive.zip"])
def test_upload_with_a_wrong_file_type_is_refused(app: Flask, client: Client, name: str) -> None:
    data = sample_text().encode("utf-8")
    sentence = assert_refused(preview_upload(client, name, data), app, (0, 0))
    assert ".txt" in sentence


@pytest.mark.parametrize(
    ("name", "html"),
    [
        (
            "empty.html",
            "<!doctype html><html><head><title>x</title></head><body>"
            "<nav><ul><li>ホーム</li><li>ニュース</li></ul></nav>"
            "<footer>Copyright © 2025</footer><script>track()</script></body></html>",
        ),
        ("blank.htm", "<html><body></body></html>"),
    ],
)
def test_html_without_article_text_is_refused(
    app: Flask, client: Client, name: str, html: str
) -> None:
    sentence = assert_refused(preview_upload(client, name, html.encode()), app, (0, 0))
    assert "No article text" in sentence


def test_pasted_html_without_article_text_is_refused(app: Flask, client: Client) -> None:
    page = "<!doctype html><html><body><script>x()</script><nav>メニュー</nav></body></html>"
    assert_refused(preview_paste(client, page), app, (0, 0))


@pytest.mark.parametrize(
    "lines",
    ["[[", "not json", "5", "null", '[["only text"]]', "[null]", '{"a": 1}', '"text"'],
)
def test_damaged_preview_lines_are_refused(app: Flask, client: Client, lines: str) -> None:
    response = client.post("/articles", {"lines": lines, "keep": "0", "title": "題"})
    sentence = assert_refused(response, app, (0, 0))
    assert "damaged" in sentence


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "ftp://example.com/a",
        "http://",
        "example.com/article",
    ],
)
def test_source_url_that_is_not_a_web_address_is_refused(
    app: Flask, client: Client, url: str
) -> None:
    page = soup(preview_paste(client, sample_text()))
    response = submit_preview(client, page, source_url=url)
    sentence = assert_refused(response, app, (0, 0))
    assert "http" in sentence
    # The preview comes back with the ticks and the article's details, to be corrected.
    again = soup(response)
    assert len(preview_lines(again)) == 15
    assert "<script>x" not in html(response)


def test_overlong_title_is_refused(app: Flask, client: Client) -> None:
    page = soup(preview_paste(client, sample_text()))
    assert_refused(submit_preview(client, page, title="題" * 301), app, (0, 0))


def test_pasted_text_with_a_nul_character_is_refused_or_cleaned(app: Flask, client: Client) -> None:
    """A NUL from a damaged copy must not reach the database (PostgreSQL refuses it)."""
    response = preview_paste(client, "一段落目です。\x00壊れた文字。\n二段落目です。")
    if response.status_code == 422:
        assert_refused(response, app, (0, 0))
        return
    assert response.status_code == 200
    created = submit_preview(client, soup(response))
    assert created.status_code in (303, 422), html(created)[:500]
    if created.status_code == 303:
        paragraphs = stored_paragraphs(app, article_id_from(created))
        assert not any("\x00" in p for p in paragraphs)
    else:
        assert counts(app) == (0, 0)


def test_tampered_lines_with_a_nul_character_store_no_nul(app: Flask, client: Client) -> None:
    lines = [["一段落目です。\x00", True, None], ["二段落目です。", True, "理由\x00"]]
    response = client.post(
        "/articles",
        {"lines": json.dumps(lines), "keep": ["0", "1"], "title": "題\x00", "encoding": "x\x00"},
    )
    assert response.status_code in (303, 422), html(response)[:500]
    if response.status_code == 303:
        article_id = article_id_from(response)
        assert not any("\x00" in p for p in stored_paragraphs(app, article_id))
        assert "\x00" not in stored_article(app, article_id).title
    else:
        assert counts(app) == (0, 0)


# ---------------------------------------------------------------- the upload limit


@pytest.fixture
def small_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app that takes uploads of 1 MB at most, on the same database as ``app``."""
    small = make_app(database_url, tmp_path, MAX_UPLOAD_MB=1)
    yield small
    with small.app_context():
        db.engine.dispose()


def japanese_text_of(size: int) -> bytes:
    line = "北朝鮮の金正恩国務委員長に対する米国の大統領の求愛が尋常ではない。\n".encode()
    return line * (size // len(line) + 1)


def test_upload_over_the_limit_is_refused_with_a_page(app: Flask, small_app: Flask) -> None:
    client = signed_in(small_app, "ada")
    data = japanese_text_of(1536 * 1024)
    response = client.post(
        "/articles/preview",
        {"file": (io.BytesIO(data), "big.txt")},
        content_type="multipart/form-data",
    )
    sentence = assert_refused(response, app, (0, 0), status=413)
    assert "1 MB" in sentence
    assert "Request Entity Too Large" not in html(response)


def test_upload_just_over_the_limit_is_refused(app: Flask, small_app: Flask) -> None:
    """1.1 MB is over a 1 MB limit, even though the request may carry a few form fields."""
    client = signed_in(small_app, "ada")
    data = japanese_text_of(1126 * 1024)
    response = client.post(
        "/articles/preview",
        {"file": (io.BytesIO(data), "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (413, 422), response.status_code
    assert "1 MB" in html(response)
    assert counts(app) == (0, 0)


def test_upload_under_the_limit_is_previewed(app: Flask, small_app: Flask) -> None:
    client = signed_in(small_app, "ada")
    response = client.post(
        "/articles/preview",
        {"file": (io.BytesIO(sample_text().encode("cp932")), "article.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert len(preview_lines(soup(response))) == 15


# ---------------------------------------------------------------- large files


def sample_of(size: int, codec: str = "utf-8") -> bytes:
    """The sample article repeated, in ``codec``, cut at a line end just under ``size`` bytes."""
    unit = sample_text().encode(codec)
    data = unit * (size // len(unit))
    for line in sample_text().splitlines(keepends=True):
        encoded = line.encode(codec)
        if len(data) + len(encoded) > size:
            break
        data += encoded
    assert size - 1024 < len(data) <= size
    return data


def kept_texts(page: BeautifulSoup) -> list[str]:
    return [
        li.select_one(".line-text").get_text()
        for li in preview_lines(page)
        if li.select_one("input[name=keep]").has_attr("checked")
    ]


def import_file(app: Flask, client: Client, name: str, data: bytes) -> None:
    """Upload, preview and create as a browser would: every kept line is stored."""
    preview = preview_upload(client, name, data)
    assert preview.status_code == 200, html(preview)[:500]
    page = soup(preview)
    kept = kept_texts(page)
    assert len(kept) > 1000
    article_id = article_id_from(submit_preview(client, page))
    assert stored_paragraphs(app, article_id) == kept
    assert counts(app) == (1, len(kept))


@pytest.mark.parametrize("codec", ["utf-8", "cp932"])
def test_a_file_of_1_8_mb_is_created_under_the_5_mb_limit(
    app: Flask, client: Client, codec: str
) -> None:
    assert app.config["MAX_UPLOAD_BYTES"] == 5 * 1024 * 1024
    import_file(app, client, f"big-{codec}.txt", sample_of(1843 * 1024, codec))


@pytest.mark.parametrize("codec", ["utf-8", "cp932"])
def test_a_file_just_under_the_limit_is_created(app: Flask, small_app: Flask, codec: str) -> None:
    client = signed_in(small_app, "ada")
    data = sample_of(small_app.config["MAX_UPLOAD_BYTES"], codec)
    import_file(small_app, client, "just-under.txt", data)


def test_the_preview_form_does_not_post_the_text_back(client: Client) -> None:
    """The create step carries a key to the text kept since the preview, not the text."""
    page = soup(preview_paste(client, sample_text()))
    form = page.select_one("form.preview-form")
    assert form is not None
    assert form.select_one("[name=lines]") is None
    assert SAMPLE_PARAGRAPHS[0] not in str(form.select("input, textarea"))


def test_an_unknown_preview_key_is_refused(app: Flask, client: Client) -> None:
    response = client.post("/articles", {"form_key": "x" * 32, "keep": "0", "title": "題"})
    sentence = assert_refused(response, app, (0, 0))
    assert "again" in sentence


def test_another_users_preview_cannot_be_created(app: Flask, client: Client) -> None:
    page = soup(preview_paste(client, sample_text()))
    response = submit_preview(signed_in(app, "rita"), page)
    assert_refused(response, app, (0, 0))
    # The owner still can.
    assert stored_paragraphs(app, article_id_from(submit_preview(client, page)))


def test_a_text_over_the_paragraph_limit_is_refused_at_the_preview(
    app: Flask, client: Client
) -> None:
    """The preview never offers what "Create article" would then refuse."""
    text = "\n\n".join(f"第{i}段落。" for i in range(1, 10_002))
    sentence = assert_refused(preview_paste(client, text), app, (0, 0))
    assert "10,001 paragraphs" in sentence


def test_a_preview_older_than_its_lifetime_is_refused_and_cleared(
    app: Flask, client: Client
) -> None:
    page = soup(preview_paste(client, sample_text()))
    with app.app_context():
        stage = db.session.scalars(select(ImportStage)).one()
        stage.created_at = utcnow() - STAGE_LIFETIME - timedelta(minutes=1)
        db.session.commit()
    sentence = assert_refused(submit_preview(client, page), app, (0, 0))
    assert "no longer kept" in sentence
    # The next preview clears it.
    preview_paste(client, "新しい記事です。")
    with app.app_context():
        assert len(db.session.scalars(select(ImportStage)).all()) == 1


# ---------------------------------------------------------------- double submits


def test_submitting_the_same_preview_twice_creates_one_article(app: Flask, client: Client) -> None:
    page = soup(preview_paste(client, sample_text()))
    first = article_id_from(submit_preview(client, page, title="一度だけ"))
    second = article_id_from(submit_preview(client, page, title="一度だけ"))
    assert second == first
    assert counts(app) == (1, 14)


def test_the_same_preview_submitted_at_once_creates_one_article(app: Flask) -> None:
    clients = [signed_in(app, "ada") for _ in range(4)]
    page = soup(preview_paste(clients[0], sample_text()))
    for c in clients:  # fetch each client's token before the race
        assert c.token
    start = threading.Barrier(len(clients))

    def submit(c: Client) -> TestResponse:
        start.wait()
        return submit_preview(c, page)

    with ThreadPoolExecutor(len(clients)) as pool:
        answers = list(pool.map(submit, clients))
    ids = {article_id_from(answer) for answer in answers}
    assert len(ids) == 1
    assert counts(app) == (1, 14)


def test_a_refused_create_can_be_corrected_and_then_creates_one(app: Flask, client: Client) -> None:
    page = soup(preview_paste(client, sample_text()))
    refused = submit_preview(client, page, source_url="ftp://example.com/a")
    assert_refused(refused, app, (0, 0))
    again = soup(refused)
    first = article_id_from(submit_preview(client, again, source_url="https://example.com/a"))
    assert article_id_from(submit_preview(client, page)) == first
    assert counts(app) == (1, 14)


# ---------------------------------------------------------------- what an HTML page drops


def dropped_lines(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(text, reason) of every unticked line of the preview, in order."""
    out = []
    for li in preview_lines(page):
        if not li.select_one("input[name=keep]").has_attr("checked"):
            reason = li.select_one(".reason")
            out.append(
                (li.select_one(".line-text").get_text(), reason.get_text() if reason else "")
            )
    return out


def test_html_preview_lists_the_dropped_page_chrome_with_its_reasons(
    app: Flask, client: Client
) -> None:
    headline = "トランプ氏、金正恩氏に「露骨な求愛」"
    page = soup(preview_upload(client, "news.html", wrap_sample_in_html(headline).encode()))
    assert kept_texts(page) == SAMPLE_PARAGRAPHS
    dropped = dropped_lines(page)
    # A menu's items are listed on one line.
    reasons = {item: reason for text, reason in dropped for item in text.split(" · ")}
    assert "ホーム · ニュース · ランキング" in dict(dropped)
    assert "navigation" in reasons["ホーム"]
    assert "aside" in reasons["関連記事"]
    assert "aside" in reasons["トランプ氏、金正恩氏との会談に改めて意欲"]
    assert "footer" in reasons["Copyright © 2025 Toa News. All rights reserved."]
    assert "footer" in reasons["記事の無断転載を禁じます。"]
    assert "site header" in reasons["政治"]
    assert "advertisement" in reasons["広告"]
    assert "comment" in reasons[COUNTER]
    assert "title" in reasons[headline]
    assert all(reason.startswith("dropped: ") for _text, reason in dropped)
    # Scripts, styles and frames are not text: they are not listed at all.
    listed = " ".join(text for text, _reason in dropped)
    assert "追跡" not in listed and "loadAd" not in listed and "font-family" not in listed
    # In document order: the navigation before the article, the footer last.
    texts = [li.select_one(".line-text").get_text() for li in preview_lines(page)]
    assert texts.index("ホーム · ニュース · ランキング") < texts.index(SAMPLE_PARAGRAPHS[0])
    assert texts.index("広告") == texts.index(SAMPLE_PARAGRAPHS[6]) + 1
    assert texts[-1] == "記事の無断転載を禁じます。"
    hint = " ".join(page.select_one("p.hint").get_text().split())
    assert f"14 paragraphs kept, {len(dropped)} lines dropped" in hint


def test_a_dropped_html_block_can_be_ticked_back_in(app: Flask, client: Client) -> None:
    page = soup(preview_upload(client, "news.html", wrap_sample_in_html("見出し").encode()))
    texts = [li.select_one(".line-text").get_text() for li in preview_lines(page)]
    wanted = texts.index("記事の無断転載を禁じます。")
    response = submit_preview(client, page, toggle=lambda i, checked: checked or i == wanted)
    stored = stored_paragraphs(app, article_id_from(response))
    assert stored == [*SAMPLE_PARAGRAPHS, "記事の無断転載を禁じます。"]
