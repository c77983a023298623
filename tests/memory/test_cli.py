"""`workbench tm import`, `export` and `lookup`, as scripts call them."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from sqlalchemy import delete, select

from tests.support.articles import count_rows, create_article, paragraph_ids
from tests.support.cli import one_json_object, run
from tests.support.client import Client
from workbench.extensions import db
from workbench.memory.models import MemoryEntry

UNITS = [
    ("東京駅", "Tokyo Station"),
    ("大阪城は桜の名所だ。", "Osaka Castle is famous for its cherry blossoms."),
    ("京都", "Kyoto"),
]


def memory_file(path: Path, units: list[tuple[str, str]], extra: str = "") -> Path:
    body = "".join(
        f'<tu creationid="KATO" creationdate="20240102T030405Z"><tuv xml:lang="ja-JP">'
        f'<seg>{ja}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
        for ja, en in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ja-JP" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" '
        f'creationtoolversion="1"/><body>{body}{extra}</body></tmx>',
        encoding="utf-8",
    )
    return path


def entries(app: Flask) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        return [
            (e.source, e.target, e.origin, e.author)
            for e in db.session.scalars(select(MemoryEntry).order_by(MemoryEntry.id))
        ]


def test_import_reports_added_then_skipped_for_the_same_file(app: Flask, tmp_path: Path) -> None:
    path = memory_file(
        tmp_path / "kansai.tmx", UNITS, extra="<tu><tuv xml:lang='ja'><seg>奈良</seg></tuv></tu>"
    )
    assert one_json_object(run(app, "tm", "import", str(path), "--json")) == {
        "added": 3,
        "skipped": 1,
    }
    assert entries(app) == [(ja, en, "kansai.tmx", "KATO") for ja, en in UNITS]
    again = one_json_object(run(app, "tm", "import", str(path), "--json"))
    assert again == {"added": 0, "skipped": 4}
    plain = run(app, "tm", "import", str(path))
    assert plain.exit_code == 0
    assert plain.stdout.strip() == (
        "Added 0 entries, skipped 3 already in the memory and 1 without both Japanese and English."
    )
    assert count_rows(app, MemoryEntry) == 3


def test_a_refused_file_exits_1_with_a_sentence_and_stores_nothing(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "fr-de.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>Bonjour'
        '</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    result = run(app, "tm", "import", str(path), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "“fr-de.tmx” is a French → German memory; the workbench takes Japanese → English." in (
        result.stderr
    )
    assert "Nothing was imported." in result.stderr
    broken = tmp_path / "broken.tmx"
    broken.write_bytes(memory_file(tmp_path / "x.tmx", UNITS).read_bytes()[:-20])
    result = run(app, "tm", "import", str(broken))
    assert result.exit_code == 1 and "not well-formed XML" in result.stderr
    assert count_rows(app, MemoryEntry) == 0


def test_a_file_over_the_upload_limit_is_refused(app: Flask, tmp_path: Path) -> None:
    path = memory_file(tmp_path / "big.tmx", UNITS)
    limit = app.config["MAX_UPLOAD_BYTES"]
    with path.open("ab") as handle:
        handle.write(b" " * limit)
    result = run(app, "tm", "import", str(path))
    assert result.exit_code == 1
    assert "is larger than 5 MB" in result.stderr
    assert count_rows(app, MemoryEntry) == 0


def test_export_then_import_into_an_emptied_memory_round_trips(
    app: Flask, client: Client, tmp_path: Path
) -> None:
    memory_file(tmp_path / "kansai.tmx", UNITS)
    one_json_object(run(app, "tm", "import", str(tmp_path / "kansai.tmx"), "--json"))
    finish_a_paragraph(client, "米朝首脳会談がハノイで開かれた。", "The summit was held in Hanoi.")
    before = [(ja, en, author) for ja, en, _origin, author in entries(app)]
    assert len(before) == 4
    out = tmp_path / "memory.tmx"
    assert one_json_object(run(app, "tm", "export", str(out), "--json")) == {
        "path": str(out),
        "entries": 4,
    }
    with app.app_context():
        db.session.execute(delete(MemoryEntry))
        db.session.commit()
    assert one_json_object(run(app, "tm", "import", str(out), "--json")) == {
        "added": 4,
        "skipped": 0,
    }
    assert [(ja, en, author) for ja, en, _origin, author in entries(app)] == before


def finish_a_paragraph(client: Client, source: str, target: str) -> None:
    assert client.app is not None
    (pid,) = paragraph_ids(client.app, create_article(client, [source], title="会談"))
    response = client.post(
        f"/paragraphs/{pid}", {"text": target, "version": "0", "mark": "translated"}, hx=True
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def test_lookup_finds_a_finished_paragraph_at_100(app: Flask, client: Client) -> None:
    finish_a_paragraph(client, "米朝首脳会談がハノイで開かれた。", "The summit was held in Hanoi.")
    found = one_json_object(run(app, "tm", "lookup", "米朝首脳会談がハノイで開かれた。", "--json"))
    assert [(m["score"], m["source"], m["target"], m["origin"]) for m in found["matches"]] == [
        (100, "米朝首脳会談がハノイで開かれた。", "The summit was held in Hanoi.", "会談")
    ]
    fuzzy = one_json_object(
        run(app, "tm", "lookup", "米朝首脳会談が昨日ハノイで開かれた。", "--json", "--limit", "1")
    )
    assert len(fuzzy["matches"]) == 1 and 50 <= fuzzy["matches"][0]["score"] < 100
    plain = run(app, "tm", "lookup", "米朝首脳会談がハノイで開かれた。")
    assert plain.exit_code == 0
    assert "100%  米朝首脳会談がハノイで開かれた。" in plain.stdout
    assert "The summit was held in Hanoi." in plain.stdout
    nothing = run(app, "tm", "lookup", "まったく別の文章です", "--json")
    assert json.loads(nothing.stdout) == {"matches": []}
    assert "No match in the memory." in run(app, "tm", "lookup", "まったく別の文章です").stdout
