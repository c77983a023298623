"""Reading and writing TMX for the memory, as plain tables: no database, no Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench.memory import exchange
from workbench.memory.exchange import MemoryFileError, read_tmx, write_tmx
from workbench.memory.service import NewEntry


def tmx(units: str, *, srclang: str = "ja", head: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'{head}<tmx version="1.4"><header srclang="{srclang}" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="test" creationtool="test" '
        f'creationtoolversion="1"/><body>{units}</body></tmx>'
    ).encode()


def tu(*variants: tuple[str, str], attrs: str = "") -> str:
    inner = "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in variants)
    return f"<tu{(' ' + attrs) if attrs else ''}>{inner}</tu>"


GOOD = tmx(
    tu(
        ("ja", "東京駅"),
        ("en-US", "Tokyo Station"),
        attrs='creationid="KATO" creationdate="20240102T030405Z"',
    )
    + tu(("EN-GB", "Osaka Castle"), ("JA-jp", "大阪城"), attrs='changeid="SATO"')
    # A TMX 1.1 file writes "lang"; inline codes are the document's markup, not words.
    + '<tu><tuv lang="ja_JP"><seg>京都\u202e</seg></tuv><tuv xml:lang="en">'
    '<seg><bpt i="1">&lt;b&gt;</bpt>Kyoto<ept i="1">&lt;/b&gt;</ept> <hi>city</hi></seg>'
    "</tuv></tu>",
    srclang="en-US",
)


def test_a_good_file_gives_its_three_units_whichever_side_it_calls_the_source() -> None:
    read = read_tmx(GOOD, "memories/kansai.tmx")
    assert read.incomplete == 0
    assert read.entries == [
        NewEntry(
            "東京駅",
            "Tokyo Station",
            origin="kansai.tmx",
            author="KATO",
            created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        ),
        NewEntry("大阪城", "Osaka Castle", origin="kansai.tmx", author="SATO"),
        # The direction control is dropped like in any typed text.
        NewEntry("京都", "Kyoto city", origin="kansai.tmx"),
    ]


def test_units_lacking_a_side_are_counted_and_left_out() -> None:
    data = tmx(
        tu(("ja", "東京"), ("en", "Tokyo"))
        + tu(("ja", "大阪"))
        + tu(("ja", "名古屋"), ("en", "   "))
        + tu(("ja", "京都"), ("fr", "Kyoto"))
    )
    read = read_tmx(data, "a.tmx")
    assert [(e.source, e.target) for e in read.entries] == [("東京", "Tokyo")]
    assert read.incomplete == 3


def refusal(data: bytes, name: str = "mem.tmx", **options: int) -> str:
    with pytest.raises(MemoryFileError) as caught:
        read_tmx(data, name, **options)
    return str(caught.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "“mem.tmx” is empty"),
        (b"   \n", "“mem.tmx” is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"Tokyo,\xe6\x9d\xb1\xe4\xba\xac\n", "not well-formed XML: the error is on line 1"),
        (b'<tmx version="1.4"><body><tu>', "not well-formed XML"),
        (b"<!DOCTYPE html><html><body><p>hello", "HTML page"),
        (b"<martif><text/></martif>", "not TMX (its root element is <martif>)"),
        (tmx(""), "has no translation units"),
        (
            '<?xml version="1.0" encoding="UTF-8"?><tmx><body><tu><tuv xml:lang="ja">'
            "<seg>東京</seg></tuv></tu></body></tmx>".encode("shift_jis"),
            "not in the encoding it declares",
        ),
        (b'<?xml version="1.0" encoding="x-unknown"?><tmx/>', "declares the encoding “x-unknown”"),
        (
            tmx(tu(("fr", "Bonjour"), ("de", "Hallo"))),
            "“mem.tmx” is a French → German memory; the workbench takes Japanese → English.",
        ),
        (
            tmx(tu(("ja-JP", "東京"), ("zh-CN", "东京"), ("ko", "도쿄")), srclang="ja-JP"),
            "is a Japanese → Chinese, Korean memory",
        ),
        (tmx(tu(("en", "Hello"))), "holds only English text"),
        (
            tmx(tu(("ja", "東京")) + tu(("en", "Tokyo"))),
            "has no unit with both Japanese and English text",
        ),
        (tmx("<tu><tuv><seg>東京</seg></tuv></tu>"), "names no language on its units"),
    ],
)
def test_a_file_that_cannot_be_taken_in_is_refused_with_a_sentence(data: bytes, words: str) -> None:
    assert words in refusal(data)


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    message = refusal(GOOD, max_bytes=len(GOOD) - 1)
    assert "larger than" in message and "MB" in message
    assert read_tmx(GOOD, "mem.tmx", max_bytes=len(GOOD)).entries


SECRET = "SECRET-PASSWORD-7f3a"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize(
    "build",
    [
        # An external entity in the internal subset.
        lambda uri: tmx(
            tu(("ja", "&xxe;"), ("en", "Tokyo")),
            head=f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{uri}">]>\n',
        ),
        # A parameter entity, expanded inside the DTD itself.
        lambda uri: tmx(
            tu(("ja", "東京"), ("en", "Tokyo")),
            head=f'<!DOCTYPE tmx [<!ENTITY % p SYSTEM "{uri}"> %p;]>\n',
        ),
        # An external DTD that would define the entity.
        lambda uri: tmx(
            tu(("ja", "&xxe;"), ("en", "Tokyo")), head=f'<!DOCTYPE tmx SYSTEM "{uri}">\n'
        ),
    ],
)
def test_an_external_entity_is_never_read(secret_file: Path, build: object) -> None:
    data = build(secret_file.as_uri())  # type: ignore[operator]
    message = refusal(data)
    assert "entities" in message and "not read" in message
    assert SECRET not in message


def test_billion_laughs_is_refused_without_expanding() -> None:
    laughs = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    data = tmx(
        tu(("ja", "&lol9;"), ("en", "laugh")),
        head=f"<!DOCTYPE tmx [{''.join(laughs)}]>\n",
    )
    assert "declares or uses XML entities" in refusal(data)


def test_a_doctype_without_entities_is_fine() -> None:
    # What translation tools (and the workbench) write.
    data = tmx(tu(("ja", "東京"), ("en", "Tokyo")), head='<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    assert [e.target for e in read_tmx(data, "a.tmx").entries] == ["Tokyo"]


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    text = GOOD.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert len(read_tmx(text.encode("utf-16"), "a.tmx").entries) == 3


@dataclass
class Entry:
    id: int
    source: str
    target: str
    unit: str
    status: str
    origin: str
    author: str
    article_id: int | None
    created_at: datetime
    updated_at: datetime


def test_written_entries_read_back_with_their_text_author_and_date() -> None:
    when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    entries = [
        Entry(1, "東京駅に着いた。", "We reached Tokyo Station.", "sentence", "reviewed",
              "会談 <記事>", "Rita", 7, when, when),
        Entry(2, "大阪\x07", "Osaka & <Kansai>", "imported", "imported", "a.tmx", "", None,
              when, when),
    ]  # fmt: skip
    data, count = write_tmx(entries, exported_at=when)
    assert count == 2
    text = data.decode()
    assert 'srclang="ja"' in text and '<tuv xml:lang="en">' in text
    assert '<prop type="x-status">reviewed</prop>' in text
    assert '<prop type="x-origin">会談 &lt;記事&gt;</prop>' in text
    assert '<prop type="x-article">7</prop>' in text
    assert 'segtype="sentence"' in text
    read = read_tmx(data, "back.tmx")
    assert read.entries == [
        NewEntry("東京駅に着いた。", "We reached Tokyo Station.", "back.tmx", "Rita", when),
        NewEntry("大阪", "Osaka & <Kansai>", "back.tmx", "", when),
    ]


def test_the_sentence_of_an_import() -> None:
    assert exchange.Imported(12, 3, 0).sentence() == (
        "Added 12 entries, skipped 3 already in the memory."
    )
    assert exchange.Imported(1, 0, 2).sentence() == (
        "Added 1 entry, skipped 2 without both Japanese and English."
    )
    assert exchange.Imported(0, 0, 0).sentence() == "Added 0 entries."
    assert exchange.Imported(2, 1, 1).as_dict() == {"added": 2, "skipped": 2}
