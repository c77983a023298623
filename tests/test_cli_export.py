"""`workbench export`, as scripts call it: one file per run, one JSON line when asked."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from bs4 import BeautifulSoup
from click.testing import Result
from conftest import Client
from flask import Flask
from lxml import etree
from sqlalchemy import select
from translate.storage.tmx import tmxfile
from translate.storage.xliff import Xliff1File
from translate.storage.xliff2 import Xliff2File

from workbench.articles.models import Paragraph
from workbench.extensions import db

TITLE = "米朝首脳会談/速報"
FILE_TITLE = "米朝首脳会談 速報"  # a slash cannot be in a file name
SOURCES = ["両首脳は板門店で会談した。", "会談は二時間続いた。", "詳細は明らかにされなかった。"]
ENGLISH = ["The two leaders met at Panmunjom.", "The talks lasted two hours."]
MARK = "[Untranslated]"
CITATION_BODY = "The truce village in the DMZ."
QUERY_BODY = "Two hours, or three?"

FORMATS = [
    "html",
    "docx",
    "docx-en",
    "md",
    "md-bilingual",
    "txt",
    "txt-bilingual",
    "xliff",
    "xliff12",
    "tmx",
    "json",
]
ENDINGS = {
    "html": ".html",
    "docx": ".docx",
    "docx-en": ".en.docx",
    "md": ".md",
    "md-bilingual": ".bilingual.md",
    "txt": ".txt",
    "txt-bilingual": ".bilingual.txt",
    "xliff": ".xlf",
    "xliff12": ".xliff12.xlf",
    "tmx": ".tmx",
    "json": ".json",
}


def run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def one_json_object(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    payload = json.loads(lines[0])
    assert isinstance(payload, dict)
    return payload


def today() -> str:
    return datetime.now(UTC).date().isoformat()


@pytest.fixture
def article(app: Flask, client: Client) -> tuple[int, list[int]]:
    """Three paragraphs: the first reviewed, the second translated, the third not;
    a source citation on 板門店 in the first, an open query on the second."""
    lines = [[text, True, None] for text in SOURCES]
    response = client.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(len(SOURCES))],
            "title": TITLE,
        },
    )
    assert response.status_code == 303
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        pids = list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
        )
    for pid, text, mark in zip(pids, ENGLISH, ["reviewed", "translated"], strict=False):
        saved = client.post(
            f"/paragraphs/{pid}", {"text": text, "version": "0", "mark": mark}, hx=True
        )
        assert saved.status_code == 200
    notes = [
        {"paragraph": str(pids[0]), "kind": "source", "body": CITATION_BODY, "quote": "板門店"},
        {"paragraph": str(pids[1]), "kind": "query", "body": QUERY_BODY},
    ]
    for note in notes:
        assert client.post("/notes", note, hx=True).status_code == 200
    return article_id, pids


def html_english(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [cell.get_text() for cell in soup.select("table.parallel tbody tr td.en")]


def test_writes_the_file_where_o_says(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    path = tmp_path / "out" / "article.html"
    path.parent.mkdir()

    payload = one_json_object(
        run(app, "export", str(article_id), "--format", "html", "-o", str(path), "--json")
    )

    assert payload == {"format": "html", "path": str(path), "paragraphs": 3}
    assert html_english(path) == [*ENGLISH, MARK]
    assert list(tmp_path.rglob("*.*")) == [path]


def test_the_default_file_name_is_in_the_current_directory(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id, _ = article
    monkeypatch.chdir(tmp_path)

    payload = one_json_object(run(app, "export", str(article_id), "--format", "docx", "--json"))

    expected = f"{FILE_TITLE}.ja-en.{today()}.docx"
    assert payload["format"] == "docx"
    assert payload["paragraphs"] == 3
    written = Path(payload["path"])
    assert written.name == expected
    assert (tmp_path / expected).is_file()
    assert [p.name for p in tmp_path.iterdir()] == [expected]
    document = docx.Document(io.BytesIO((tmp_path / expected).read_bytes()))
    rows = document.tables[0].rows[1:]
    assert [row.cells[1].text for row in rows] == SOURCES


def test_the_text_output_says_what_was_written(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    path = tmp_path / "article.md"
    result = run(app, "export", str(article_id), "--format", "md", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Wrote 3 paragraphs as Markdown (English) to {path}."
    assert path.is_file()


def read_back(fmt: str, data: bytes) -> list[str]:
    """The English (or, for exchange formats, the targets) in a written file."""
    if fmt == "html":
        soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
        return [cell.get_text() for cell in soup.select("table.parallel tbody tr td.en")]
    if fmt == "docx":
        table = docx.Document(io.BytesIO(data)).tables[0]
        return [row.cells[2].text for row in table.rows[1:]]
    if fmt == "docx-en":
        texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        return [text for text in texts if text.startswith(("The ", MARK))]
    if fmt in ("md", "md-bilingual", "txt", "txt-bilingual"):
        text = data.decode("utf-8")
        return [line for line in text.splitlines() if line.startswith(("The ", "\\[Untr", MARK))]
    if fmt == "xliff":
        return [unit.target or "" for unit in Xliff2File.parsestring(data).units]
    if fmt == "xliff12":
        return [unit.target or "" for unit in Xliff1File(io.BytesIO(data)).units]
    if fmt == "tmx":
        return [unit.target or "" for unit in tmxfile(io.BytesIO(data)).units]
    if fmt == "json":
        return [p["shown_target"] for p in json.loads(data)["paragraphs"]]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_name_is_accepted(
    app: Flask,
    article: tuple[int, list[int]],
    tmp_path: Path,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article_id, _ = article
    monkeypatch.chdir(tmp_path)

    payload = one_json_object(
        run(app, "export", str(article_id), "--format", fmt, "--json", "--no-notes")
    )

    assert payload["format"] == fmt
    assert payload["paragraphs"] == 3
    path = tmp_path / payload["path"]
    assert path.name == f"{FILE_TITLE}.ja-en.{today()}{ENDINGS[fmt]}"
    data = path.read_bytes()
    found = read_back(fmt, data)
    if fmt in ("xliff", "xliff12"):
        assert found == [*ENGLISH, ""]
    elif fmt == "tmx":
        assert found == ENGLISH  # a memory holds translated paragraphs only
    elif fmt in ("md", "md-bilingual"):
        assert found == [*ENGLISH, "\\[Untranslated\\]"]
    else:
        assert found == [*ENGLISH, MARK]


def note_bodies(fmt: str, data: bytes) -> list[str]:
    if fmt == "json":
        return [n["body"] for p in json.loads(data)["paragraphs"] for n in p["notes"]]
    if fmt == "xliff":
        root = etree.fromstring(data)
        return [
            note.text or ""
            for note in root.iter("{urn:oasis:names:tc:xliff:document:2.0}note")
            if note.get("category") in ("source", "query")
        ]
    text = data.decode("utf-8")
    return [body for body in (CITATION_BODY, QUERY_BODY) if body in text]


@pytest.mark.parametrize("fmt", ["json", "xliff", "html", "txt"])
def test_no_notes_leaves_the_notes_out(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, fmt: str
) -> None:
    article_id, _ = article
    with_notes = tmp_path / f"with.{fmt}"
    without = tmp_path / f"without.{fmt}"
    one_json_object(
        run(app, "export", str(article_id), "--format", fmt, "-o", str(with_notes), "--json")
    )
    one_json_object(
        run(
            app,
            "export",
            str(article_id),
            "--format",
            fmt,
            "-o",
            str(without),
            "--no-notes",
            "--json",
        )
    )

    assert len(note_bodies(fmt, with_notes.read_bytes())) == 2
    assert note_bodies(fmt, without.read_bytes()) == []
    if fmt == "json":
        assert json.loads(without.read_bytes())["options"]["notes"] is False


def test_which_and_untranslated_choose_the_paragraphs(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    cases = {
        ("--which", "reviewed"): (1, ENGLISH[:1]),
        ("--which", "done"): (2, ENGLISH),
        ("--untranslated", "omit"): (2, ENGLISH),
        ("--untranslated", "source"): (3, [*ENGLISH, SOURCES[2]]),
        ("--untranslated", "mark"): (3, [*ENGLISH, MARK]),
    }
    for (option, value), (count, english) in cases.items():
        path = tmp_path / f"{value}.json"
        payload = one_json_object(
            run(
                app,
                "export",
                str(article_id),
                "--format",
                "json",
                option,
                value,
                "-o",
                str(path),
                "--json",
            )
        )
        assert payload["paragraphs"] == count, (option, value)
        assert read_back("json", path.read_bytes()) == english, (option, value)


def test_an_unknown_format_fails_with_a_sentence(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id, _ = article
    monkeypatch.chdir(tmp_path)
    result = run(app, "export", str(article_id), "--format", "pdf", "--json")
    assert result.exit_code != 0
    assert "There is no export format 'pdf'" in result.output
    assert "html" in result.output and "xliff12" in result.output  # the formats there are
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_article_fails_with_a_sentence(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(app, "export", "987654", "--format", "html", "--json")
    assert result.exit_code != 0
    assert "There is no article 987654." in result.output
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_option_value_is_a_usage_error(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id, _ = article
    monkeypatch.chdir(tmp_path)
    result = run(app, "export", str(article_id), "--format", "html", "--which", "some")
    assert result.exit_code == 2
    assert "--which" in result.output
    missing = run(app, "export", str(article_id))
    assert missing.exit_code == 2
    assert "--format" in missing.output
    assert list(tmp_path.iterdir()) == []
