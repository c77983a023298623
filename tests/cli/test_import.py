"""The ``workbench import`` command, as scripts call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from tests.support.cli import one_json_object, run
from tests.support.samples import SAMPLE_PATH, sample_body_lines, sample_text, wrap_sample_in_html
from workbench.articles.models import Article, Paragraph
from workbench.cli import main
from workbench.extensions import db

SAMPLE_PARAGRAPHS = sample_body_lines()[:-1]


def counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        s = db.session
        return (
            int(s.scalar(select(func.count()).select_from(Article)) or 0),
            int(s.scalar(select(func.count()).select_from(Paragraph)) or 0),
        )


def stored(app: Flask, article_id: int) -> tuple[Article, list[str]]:
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        db.session.expunge(article)
        paragraphs = list(
            db.session.scalars(
                select(Paragraph.source_text)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
        )
        return article, paragraphs


def test_import_json_prints_one_object(app: Flask) -> None:
    payload = one_json_object(run(app, "import", str(SAMPLE_PATH), "--json"))
    assert set(payload) == {"id", "paragraphs", "dropped"}
    assert payload["paragraphs"] == 14
    assert payload["dropped"] == 1
    assert isinstance(payload["id"], int)
    article, paragraphs = stored(app, payload["id"])
    assert paragraphs == SAMPLE_PARAGRAPHS
    assert not any("コメント" in p for p in paragraphs)
    assert article.title.startswith("北朝鮮の金正恩")


def test_import_stores_title_and_url(app: Flask) -> None:
    result = run(
        app,
        "import",
        str(SAMPLE_PATH),
        "--title",
        "米朝首脳会談の行方",
        "--url",
        "https://example.com/news/123",
        "--json",
    )
    payload = one_json_object(result)
    article, _ = stored(app, int(payload["id"]))
    assert article.title == "米朝首脳会談の行方"
    assert article.source_url == "https://example.com/news/123"


def test_import_without_json_says_what_it_did(app: Flask) -> None:
    result = run(app, "import", str(SAMPLE_PATH))
    assert result.exit_code == 0, result.output
    assert "14 paragraphs" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)
    assert counts(app) == (1, 14)


@pytest.mark.parametrize("codec", ["cp932", "euc_jp"])
def test_import_of_a_japanese_encoded_file(app: Flask, tmp_path: Path, codec: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(sample_text().encode(codec))
    payload = one_json_object(run(app, "import", str(path), "--json"))
    assert payload["paragraphs"] == 14
    _, paragraphs = stored(app, int(payload["id"]))
    assert paragraphs == SAMPLE_PARAGRAPHS


def test_import_of_a_news_page_uses_its_headline(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(wrap_sample_in_html("米朝会談の行方"), encoding="utf-8")
    payload = one_json_object(run(app, "import", str(path), "--json"))
    assert payload["paragraphs"] == 14
    article, paragraphs = stored(app, int(payload["id"]))
    assert article.title == "米朝会談の行方"
    assert paragraphs == SAMPLE_PARAGRAPHS


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        ("notes.txt", "本文です。".encode() + b"\x00\x01\x02" * 50),
        ("setup.exe", sample_text().encode()),
        ("empty.txt", b""),
    ],
    ids=["png", "nul-bytes", "exe", "empty"],
)
def test_import_of_a_bad_file_fails_with_a_sentence_and_stores_nothing(
    app: Flask, tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = run(app, "import", str(path), "--json")
    assert result.exit_code != 0
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("Error: ")
    assert len(message.split()) >= 5
    assert "Traceback" not in result.output
    assert counts(app) == (0, 0)


def test_import_with_a_bad_url_stores_nothing(app: Flask) -> None:
    result = run(app, "import", str(SAMPLE_PATH), "--url", "javascript:alert(1)", "--json")
    assert result.exit_code != 0
    assert "http" in result.stderr
    assert counts(app) == (0, 0)


def test_import_of_a_missing_file_fails(app: Flask, tmp_path: Path) -> None:
    result = run(app, "import", str(tmp_path / "missing.txt"), "--json")
    assert result.exit_code != 0
    assert "does not exist" in result.stderr
    assert counts(app) == (0, 0)


def test_workbench_command_reads_the_database_from_the_environment(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    """The installed ``workbench`` command, pointed at the test database."""
    runner = CliRunner()
    env = {"WORKBENCH_DATABASE_URL": database_url, "WORKBENCH_INSTANCE": str(tmp_path)}
    result = runner.invoke(main, ["import", str(SAMPLE_PATH), "--json"], env=env)
    payload = one_json_object(result)
    assert payload["paragraphs"] == 14
    _, paragraphs = stored(app, int(payload["id"]))
    assert paragraphs == SAMPLE_PARAGRAPHS
