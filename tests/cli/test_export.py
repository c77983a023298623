"""`workbench export`, as scripts call it: one file per run, one JSON line when asked."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from click.testing import Result
from flask import Flask
from lxml import etree
from sqlalchemy import select
from translate.storage.tmx import tmxfile
from translate.storage.xliff import Xliff1File
from translate.storage.xliff2 import Xliff2File

from tests.support.cli import one_json_object, run
from tests.support.client import Client
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
    assert [row.cells[0].text for row in rows] == SOURCES
    # No one is signed in on the command line: the file names the program as its author.
    assert document.core_properties.author == "Workbench"


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
        return [row.cells[1].text for row in table.rows[1:]]
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
    # A translation memory holds the translated paragraphs only, and says so.
    assert payload["paragraphs"] == (2 if fmt == "tmx" else 3)
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
            body
            for note in root.iter("{urn:oasis:names:tc:xliff:document:2.0}note")
            if note.get("category") in ("source", "query")
            for body in (CITATION_BODY, QUERY_BODY)
            if body in (note.text or "")
        ]
    text = data.decode("utf-8")
    return [body for body in (CITATION_BODY, QUERY_BODY) if body in text]


def export_to(app: Flask, article_id: int, fmt: str, path: Path, *options: str) -> bytes:
    """Run the export with ``options`` into ``path``; the bytes written."""
    args = ["export", str(article_id), "--format", fmt, "-o", str(path), *options, "--json"]
    one_json_object(run(app, *args))
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "xliff", "html", "txt"])
def test_no_notes_leaves_the_notes_out(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, fmt: str
) -> None:
    article_id, _ = article
    with_notes = export_to(app, article_id, fmt, tmp_path / f"with.{fmt}", "--queries")
    without = export_to(app, article_id, fmt, tmp_path / f"without.{fmt}", "--no-notes")
    # --queries cannot bring back notes that --no-notes leaves out.
    both = export_to(app, article_id, fmt, tmp_path / f"both.{fmt}", "--no-notes", "--queries")

    assert note_bodies(fmt, with_notes) == [CITATION_BODY, QUERY_BODY]
    assert note_bodies(fmt, without) == []
    assert note_bodies(fmt, both) == []
    if fmt == "json":
        assert json.loads(without)["options"]["notes"] is False


@pytest.mark.parametrize("fmt", ["json", "xliff", "html", "txt"])
def test_the_query_is_left_out_unless_queries_is_given(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, fmt: str
) -> None:
    article_id, _ = article
    default = export_to(app, article_id, fmt, tmp_path / f"default.{fmt}")
    asked = export_to(app, article_id, fmt, tmp_path / f"asked.{fmt}", "--queries")

    assert note_bodies(fmt, default) == [CITATION_BODY]
    assert note_bodies(fmt, asked) == [CITATION_BODY, QUERY_BODY]
    if fmt == "json":
        assert json.loads(default)["options"]["queries"] is False
        assert json.loads(asked)["options"]["queries"] is True
        # Numbered again: the citation is note 1 either way, the query 2 when there.
        numbers = [
            (n["kind"], n["number"]) for p in json.loads(asked)["paragraphs"] for n in p["notes"]
        ]
        assert numbers == [("source", 1), ("query", 2)]


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


# ---------------------------------------------------------------- what the report counts


def test_tmx_reports_the_units_it_wrote(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    cases = {
        (): 2,  # the reviewed and the translated paragraph; the third has no translation
        ("--which", "reviewed"): 1,
        ("--untranslated", "source"): 2,  # Japanese in its place is no translation
    }
    for options, expected in cases.items():
        path = tmp_path / f"memory{len(options)}{expected}.tmx"
        payload = one_json_object(
            run(
                app,
                "export",
                str(article_id),
                "--format",
                "tmx",
                "-o",
                str(path),
                *options,
                "--json",
            )
        )
        units = tmxfile(io.BytesIO(path.read_bytes())).units
        assert payload["paragraphs"] == len(units) == expected, options

    text = run(app, "export", str(article_id), "--format", "tmx", "-o", str(tmp_path / "m.tmx"))
    assert text.exit_code == 0, text.output
    assert text.stdout.strip() == (
        f"Wrote 2 paragraphs as TMX 1.4 (translation memory) to {tmp_path / 'm.tmx'}."
    )


# ---------------------------------------------------------------- writing the file


def test_an_existing_file_is_replaced_and_no_partial_file_is_left(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    path = tmp_path / "article.html"
    path.write_text("an older export", encoding="utf-8")

    one_json_object(
        run(app, "export", str(article_id), "--format", "html", "-o", str(path), "--json")
    )

    assert html_english(path) == [*ENGLISH, MARK]
    assert [p.name for p in tmp_path.iterdir()] == ["article.html"]


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for the test, as a shell's ``umask`` would."""
    before = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(before)


@pytest.mark.parametrize(
    ("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)], ids=["022", "002", "077"]
)
@pytest.mark.parametrize("default_name", [False, True], ids=["-o", "default-name"])
def test_a_new_file_has_the_mode_the_umask_gives(
    app: Flask,
    article: tuple[int, list[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    umask: Callable[[int], None],
    mask: int,
    mode: int,
    default_name: bool,
) -> None:
    article_id, _ = article
    monkeypatch.chdir(tmp_path)
    umask(mask)
    output = [] if default_name else ["-o", str(tmp_path / "article.md")]

    payload = one_json_object(
        run(app, "export", str(article_id), "--format", "md", *output, "--json")
    )

    # As any program that creates a file (cp, a text editor, a shell redirect) does.
    assert stat.S_IMODE(Path(payload["path"]).stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, umask: Callable[[int], None]
) -> None:
    article_id, _ = article
    path = tmp_path / "article.html"
    path.write_text("an older export", encoding="utf-8")
    path.chmod(0o640)
    umask(0o022)

    one_json_object(
        run(app, "export", str(article_id), "--format", "html", "-o", str(path), "--json")
    )

    assert html_english(path) == [*ENGLISH, MARK]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def assert_failed_cleanly(result: Result, *words: str) -> None:
    """A non-zero exit with a sentence, no traceback and nothing on standard output."""
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "Traceback" not in result.output
    # An error the command reports ends in SystemExit; anything else escaped it.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    for word in words:
        assert word in result.output, result.output


def test_a_missing_directory_is_a_message_not_a_traceback(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    path = tmp_path / "no such folder" / "article.html"

    result = run(app, "export", str(article_id), "--format", "html", "-o", str(path), "--json")

    assert_failed_cleanly(result, f"Cannot write {path}: No such file or directory.")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_as_output_is_refused_and_left_alone(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    folder = tmp_path / "exports"
    folder.mkdir()

    result = run(app, "export", str(article_id), "--format", "html", "-o", str(folder))

    assert_failed_cleanly(result, "is a directory")
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]
    assert list(folder.iterdir()) == []


def test_a_directory_with_the_default_name_is_refused_and_left_alone(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id, _ = article
    monkeypatch.chdir(tmp_path)
    name = f"{FILE_TITLE}.ja-en.{today()}.md"
    (tmp_path / name).mkdir()

    result = run(app, "export", str(article_id), "--format", "md", "--json")

    assert_failed_cleanly(result, f"Cannot write {name}: Is a directory.")
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert list((tmp_path / name).iterdir()) == []


def test_a_failed_write_keeps_the_old_file_and_leaves_no_half_file(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id, _ = article
    path = tmp_path / "article.json"
    path.write_text("the export of yesterday", encoding="utf-8")

    def disk_full(source: str, target: str) -> None:
        # The temporary file is written; the disk fills before it takes the name.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(os, "replace", disk_full)
    result = run(app, "export", str(article_id), "--format", "json", "-o", str(path), "--json")

    assert_failed_cleanly(result, f"Cannot write {path}: {os.strerror(errno.ENOSPC)}.")
    assert path.read_text(encoding="utf-8") == "the export of yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["article.json"]


def article_titled(client: Client, title: str) -> int:
    lines = [[SOURCES[0], True, None]]
    response = client.post(
        "/articles",
        {"lines": json.dumps(lines, ensure_ascii=False), "keep": ["0"], "title": title},
    )
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_path_through_a_file_is_a_message_not_a_traceback(
    app: Flask, article: tuple[int, list[int]], tmp_path: Path
) -> None:
    article_id, _ = article
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    path = tmp_path / "notes.txt" / "article.html"

    result = run(app, "export", str(article_id), "--format", "html", "-o", str(path), "--json")

    assert_failed_cleanly(result, f"Cannot write {path}: Not a directory.")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_title_too_long_for_a_file_name_is_cut_to_fit(
    app: Flask, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 80 characters of Japanese are 240 bytes, 262 with ".ja-en.<date>.html": more
    # than the 255 a file name may have, so the title is cut to what fits.
    article_id = article_titled(client, "北" * 80)
    monkeypatch.chdir(tmp_path)

    payload = one_json_object(run(app, "export", str(article_id), "--format", "html", "--json"))

    name = str(payload["path"])
    assert name.endswith(f".ja-en.{today()}.html")
    assert name.startswith("北" * 70)
    assert len(name.encode("utf-8")) <= 255
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_long_japanese_title_that_fits_a_file_name_is_written(
    app: Flask, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = ("北朝鮮外務省報道官談話" * 7)[:75]
    article_id = article_titled(client, title)
    monkeypatch.chdir(tmp_path)
    name = f"{title}.ja-en.{today()}.html"
    assert len(name.encode("utf-8")) == 247  # a valid file name (at most 255 bytes)

    payload = one_json_object(run(app, "export", str(article_id), "--format", "html", "--json"))

    assert payload["path"] == name
    assert [p.name for p in tmp_path.iterdir()] == [name]
