"""`workbench glossary import` and `export`, as scripts call them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.support.cli import one_json_object, run
from workbench.extensions import db
from workbench.glossary import service
from workbench.glossary.models import Term

FIELDS = (
    "source",
    "target",
    "alternatives",
    "variants",
    "forbidden",
    "reading",
    "kind",
    "note",
    "status",
    "case_sensitive",
    "created_by",
    "reviewed_by",
    "created_at",
    "reviewed_at",
)


def seed(app: Flask) -> None:
    with app.app_context():
        s = db.session
        kim = service.propose(
            s,
            service.TermForm(
                source="金委員長",
                target="Chairman Kim",
                alternatives=["Kim", "Chairman Kim Jong Un"],
                reading="きむいいんちょう",
                kind="person",
                note='Leader of North Korea; "quoted", with | and =formula',
                forbidden=["Leader Kim"],
                variants=["金正恩委員長", "金総書記"],
                case_sensitive=True,
            ),
            author="Tom Translator",
            author_id=None,
        )
        service.propose(
            s, service.TermForm(source="GWIKS", target="GWIKS"), author="Tom", author_id=None
        )
        service.review(s, [kim], "approved", author="Rita Reviewer", author_id=None)
        s.commit()


def snapshot(app: Flask) -> list[dict[str, Any]]:
    with app.app_context():
        return [
            {name: getattr(record, name) for name in FIELDS}
            for record in service.export_records(db.session)
        ]


def term_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Term)) or 0)


def clear(app: Flask) -> None:
    with app.app_context():
        db.session.execute(Term.__table__.delete())
        db.session.commit()


@pytest.mark.parametrize("suffix", ["csv", "tbx"])
def test_export_then_import_keeps_every_field(app: Flask, tmp_path: Path, suffix: str) -> None:
    seed(app)
    before = snapshot(app)
    path = tmp_path / f"glossary.{suffix}"
    exported = one_json_object(run(app, "glossary", "export", str(path), "--json"))
    assert exported == {"format": suffix, "path": str(path), "terms": 2}
    if suffix == "csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    # The same file again: nothing changes.
    again = one_json_object(run(app, "glossary", "import", str(path), "--json"))
    assert again == {"added": 0, "updated": 0, "skipped": 2}
    clear(app)
    added = one_json_object(run(app, "glossary", "import", str(path), "--json"))
    assert added == {"added": 2, "updated": 0, "skipped": 0}
    assert snapshot(app) == before


def test_import_reports_updates(app: Flask, tmp_path: Path) -> None:
    seed(app)
    path = tmp_path / "glossary.csv"
    one_json_object(run(app, "glossary", "export", str(path), "--json"))
    text = path.read_text(encoding="utf-8-sig").replace("Chairman Kim,", "Chairman Kim Jong Un,")
    path.write_text(text, encoding="utf-8-sig")
    assert one_json_object(run(app, "glossary", "import", str(path), "--json")) == {
        "added": 0,
        "updated": 1,
        "skipped": 1,
    }
    plain = run(app, "glossary", "import", str(path))
    assert plain.exit_code == 0
    assert "Added 0, updated 0, skipped 2." in plain.stdout


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        (
            "bad.csv",
            "source,target,kind\r\n東京,Tokyo,place\r\n大阪,Osaka,city\r\n".encode("utf-8-sig"),
            "Line 3",
        ),
        (
            "bad.tbx",
            b'<?xml version="1.0"?>\n<martif type="TBX">\n<text><body>\n<termEntry>\n</body>',
            "Line ",
        ),
    ],
)
def test_a_malformed_file_fails_with_its_line_and_stores_nothing(
    app: Flask, tmp_path: Path, name: str, data: bytes, line: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = run(app, "glossary", "import", str(path), "--json")
    assert result.exit_code != 0
    assert line in result.output
    assert "Nothing was imported." in result.output
    assert result.stdout.strip() == "" or not result.stdout.strip().startswith("{")
    assert term_count(app) == 0


def test_an_unknown_extension_is_refused(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "glossary.xlsx"
    path.write_bytes(b"x")
    assert run(app, "glossary", "import", str(path)).exit_code != 0
    assert run(app, "glossary", "export", str(tmp_path / "out.xlsx")).exit_code != 0
    assert not (tmp_path / "out.xlsx").exists()
