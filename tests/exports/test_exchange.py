"""XLIFF 2.0, XLIFF 1.2 and TMX exports, and reading a translated file back."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from lxml import etree
from translate.storage.tmx import tmxfile
from translate.storage.xliff import Xliff1File
from translate.storage.xliff2 import Xliff2File

from workbench.exports.base import Exporter
from workbench.exports.document import (
    ExportDocument,
    ExportNote,
    ExportOptions,
    ExportParagraph,
    ExportReply,
    ExportTerm,
    apply_options,
)
from workbench.exports.footnotes import note_text
from workbench.exports.takeback import TakeBackError, read_translations
from workbench.exports.tmx import TmxExporter
from workbench.exports.xliff import Xliff12Exporter, Xliff20Exporter

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SCRIPT = "<script>alert(1)</script>"
UNIT_ELEMENTS = ("unit", "trans-unit", "tu")


def _note(
    id: int,
    kind: str,
    body: str,
    *,
    exact: str = "",
    start: int = 0,
    detached: bool = False,
    replies: tuple[ExportReply, ...] = (),
    url: str | None = None,
    read_on: date | None = None,
    status: str = "open",
    author: str = "aiko",
) -> ExportNote:
    return ExportNote(
        id=id,
        number=0,
        kind=kind,
        body=body,
        url=url,
        read_on=read_on,
        status=status,
        author=author,
        created_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
        exact=exact,
        prefix="",
        suffix="",
        start=start,
        end=start + len(exact),
        detached=detached,
        replies=replies,
    )


def make_document(*, queries: bool = False) -> ExportDocument:
    """An article with every case the exchange formats must carry (the detached
    query on paragraph 2 only when ``queries``, as the export options say)."""
    panmunjom = ExportParagraph(
        id=101,
        position=1,
        source="両首脳は板門店で会談した。",
        target="The two leaders met at Panmunjom.",
        status="reviewed",
        notes=(
            _note(
                11,
                "source",
                "The truce village on the border.",
                exact="板門店",
                start=4,
                url="https://example.org/panmunjom",
                read_on=date(2024, 5, 1),
            ),
            _note(12, "translator", "Kept the past tense of the wire copy.", author="ben"),
        ),
        terms=(
            ExportTerm(source="板門店", target="Panmunjom", kind="place", reading="はんもんてん"),
        ),
    )
    detached = ExportParagraph(
        id=102,
        position=2,
        source="会談は二時間に及んだ。",
        target="The talks  lasted two hours.",  # two spaces: whitespace must survive
        status="translated",
        notes=(
            _note(
                13,
                "query",
                "Was it three hours?",
                exact="三時間",
                start=3,
                detached=True,
                status="resolved",
                replies=(
                    ExportReply(
                        author="ben",
                        created_at=datetime(2024, 5, 2, 10, 0, tzinfo=UTC),
                        body="Two, per the ministry.",
                    ),
                ),
            ),
        ),
    )
    script = ExportParagraph(
        id=103,
        position=3,
        source=f"「{SCRIPT}」と書かれていた。",
        target=f"It read “{SCRIPT}”.",
        status="drafted",
        notes=(_note(14, "explanation", f"Literal markup {SCRIPT} & an ampersand."),),
    )
    untranslated = ExportParagraph(
        id=104, position=4, source="詳細は明らかにされていない。", target="", status="new"
    )
    document = ExportDocument(
        article_id=42,
        title="南北首脳会談 <b>速報</b>",
        source_lang="ja",
        target_lang="en",
        source_url="https://news.example.jp/a/1",
        byline="共同通信",
        imported_at=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        exported_at=datetime(2024, 5, 3, 12, 30, tzinfo=UTC),
        paragraphs=(panmunjom, detached, script, untranslated),
    )
    return apply_options(
        document, ExportOptions(which="all", untranslated="mark", notes=True, queries=queries)
    )


def expected_note_text(note: ExportNote) -> str:
    lines = [note_text(note)]
    lines.extend(
        f"  {reply.author} ({reply.created_at.date().isoformat()}): {reply.body}"
        for reply in note.replies
    )
    return "\n".join(lines)


XLIFF20_STATES = {
    "new": "initial",
    "drafted": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
}
XLIFF12_STATES = {
    "new": "needs-review-translation",
    "drafted": "needs-review-translation",
    "translated": "translated",
    "reviewed": "signed-off",
}


def test_exporter_attributes() -> None:
    assert (Xliff20Exporter.name, Xliff20Exporter.extension) == ("xliff", "xlf")
    assert Xliff20Exporter.label == "XLIFF 2.0"
    assert Xliff20Exporter.media_type == "application/xliff+xml"
    assert (Xliff12Exporter.name, Xliff12Exporter.extension) == ("xliff12", "xlf")
    assert Xliff12Exporter.label == "XLIFF 1.2"
    assert Xliff12Exporter.media_type == "application/x-xliff+xml"
    assert (TmxExporter.name, TmxExporter.extension) == ("tmx", "tmx")
    assert TmxExporter.label == "TMX 1.4 (translation memory)"
    assert TmxExporter.media_type == "application/x-tmx+xml"
    for exporter in (Xliff20Exporter, Xliff12Exporter, TmxExporter):
        assert issubclass(exporter, Exporter)
        assert exporter.exchange is True


def test_xliff20_export() -> None:
    document = make_document(queries=True)
    data = Xliff20Exporter().render(document)

    store = Xliff2File.parsestring(data)
    assert [unit.getid() for unit in store.units] == [f"p{p.id}" for p in document.paragraphs]
    assert [unit.source for unit in store.units] == [p.source for p in document.paragraphs]
    assert [unit.target or "" for unit in store.units] == [p.target for p in document.paragraphs]
    assert store.units[0].source == "両首脳は板門店で会談した。"
    assert store.units[1].target == "The talks  lasted two hours."
    assert store.units[2].source == f"「{SCRIPT}」と書かれていた。"

    root = etree.fromstring(data)
    assert root.tag == f"{{{X2}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "ja", "en")
    files = root.findall(f"{{{X2}}}file")
    assert [file.get("id") for file in files] == ["article-42"]
    file_notes = {
        note.get("category"): note.text for note in files[0].iterfind(f"{{{X2}}}notes/{{{X2}}}note")
    }
    assert file_notes["title"] == document.title
    assert file_notes["source-url"] == "https://news.example.jp/a/1"
    assert file_notes["byline"] == "共同通信"
    units = files[0].findall(f"{{{X2}}}unit")
    assert [unit.get("name") for unit in units] == ["1", "2", "3", "4"]
    for unit, paragraph in zip(units, document.paragraphs, strict=True):
        segments = unit.findall(f"{{{X2}}}segment")
        assert len(segments) == 1
        segment = segments[0]
        assert segment.get("state") == XLIFF20_STATES[paragraph.status]
        assert segment.get(XML_SPACE) is None  # not allowed on <segment>
        assert unit.get(XML_SPACE) == "preserve"
        has_target = segment.find(f"{{{X2}}}target") is not None
        assert has_target == bool(paragraph.target)
        # Notes belong to the unit, before its segment, never inside it.
        assert segment.find(f"{{{X2}}}notes") is None
        notes = unit.findall(f"{{{X2}}}notes/{{{X2}}}note")
        assert [(n.get("id"), n.get("category"), n.text) for n in notes] == [
            (f"n{note.id}", note.kind, expected_note_text(note)) for note in paragraph.notes
        ]
        if paragraph.notes:
            assert list(unit).index(unit.find(f"{{{X2}}}notes")) < list(unit).index(segment)

    first_notes = units[0].findall(f"{{{X2}}}notes/{{{X2}}}note")
    assert first_notes[0].text.startswith("Source citation: “板門店” — The truce village")
    detached = units[1].find(f"{{{X2}}}notes/{{{X2}}}note").text
    assert "(detached: the quoted words are no longer in the source)" in detached
    assert "(resolved)" in detached
    assert "\n  ben (2024-05-02): Two, per the ministry." in detached
    script_note = units[2].find(f"{{{X2}}}notes/{{{X2}}}note").text
    assert f"Literal markup {SCRIPT} & an ampersand." in script_note
    # Escaped by the serializer, so no element named script exists.
    assert b"<script>" not in data
    assert root.find(f".//{{{X2}}}script") is None and root.find(".//script") is None


def test_xliff12_export() -> None:
    document = make_document(queries=True)
    data = Xliff12Exporter().render(document)

    store = Xliff1File.parsestring(data)
    assert [unit.xmlelement.get("id") for unit in store.units] == [
        f"p{p.id}" for p in document.paragraphs
    ]
    assert [unit.source for unit in store.units] == [p.source for p in document.paragraphs]
    assert [unit.target or "" for unit in store.units] == [p.target for p in document.paragraphs]
    assert store.units[1].target == "The talks  lasted two hours."
    assert store.units[0].getnotes(origin="ben") == expected_note_text(
        document.paragraphs[0].notes[1]
    )
    assert store.units[1].getnotes() == expected_note_text(document.paragraphs[1].notes[0])

    root = etree.fromstring(data)
    assert root.tag == f"{{{X12}}}xliff"
    assert root.get("version") == "1.2"
    # No stray XLIFF 1.1 declarations left by the toolkit's default namespace.
    assert b"document:1.1" not in data
    files = root.findall(f"{{{X12}}}file")
    assert len(files) == 1
    file = files[0]
    assert file.get("original") == "article-42"
    assert (file.get("source-language"), file.get("target-language")) == ("ja", "en")
    assert file.get("datatype") == "plaintext"
    assert [child.tag for child in file] == [f"{{{X12}}}header", f"{{{X12}}}body"]
    header_notes = [note.text for note in file.iterfind(f"{{{X12}}}header/{{{X12}}}note")]
    assert header_notes == [
        f"Title: {document.title}",
        "Source: https://news.example.jp/a/1",
        "Byline: 共同通信",
    ]
    units = file.findall(f"{{{X12}}}body/{{{X12}}}trans-unit")
    assert [unit.get("resname") for unit in units] == ["1", "2", "3", "4"]
    for unit, paragraph in zip(units, document.paragraphs, strict=True):
        target = unit.find(f"{{{X12}}}target")
        if paragraph.target:
            assert target is not None
            assert target.get("state") == XLIFF12_STATES[paragraph.status]
        else:
            assert target is None
        assert (unit.get("approved") == "yes") == (paragraph.status == "reviewed")
        notes = unit.findall(f"{{{X12}}}note")
        assert [(n.get("from"), n.text) for n in notes] == [
            (note.author, expected_note_text(note)) for note in paragraph.notes
        ]


def test_tmx_export() -> None:
    document = make_document(queries=True)
    data = TmxExporter().render(document)
    # Every paragraph with English goes in, a drafted one too (its status says it
    # is not confirmed); the one without English stays out.
    translated = [p for p in document.paragraphs if p.has_english]
    assert [p.status for p in translated] == ["reviewed", "translated", "drafted"]
    assert [p.id for p in document.paragraphs if not p.has_english] == [104]

    store = tmxfile.parsestring(data)
    assert [unit.getid() for unit in store.units] == [f"p{p.id}" for p in translated]
    assert [unit.source for unit in store.units] == [p.source for p in translated]
    assert [unit.target for unit in store.units] == [p.target for p in translated]
    assert [unit.getnotes() for unit in store.units] == [
        "\n".join(expected_note_text(note) for note in p.notes) for p in translated
    ]

    root = etree.fromstring(data)
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "ja"
    assert header.get("creationdate") == "20240503T123000Z"
    props = [(prop.get("type"), prop.text) for prop in header.findall("prop")]
    assert props == [("x-article", "42")]
    assert f"Title: {document.title}" in [note.text for note in header.findall("note")]
    for tu, paragraph in zip(root.iterfind("body/tu"), translated, strict=True):
        assert tu.get("tuid") == f"p{paragraph.id}"
        props = [(prop.get("type"), prop.text) for prop in tu.findall("prop")]
        assert props == [
            ("x-status", paragraph.status),
            ("x-paragraph-version", str(paragraph.version)),
        ]
        # TMX 1.4: a unit's notes and props come before its <tuv>s.
        assert [child.tag for child in tu][-2:] == ["tuv", "tuv"]
        langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu]
        assert [lang for lang in langs if lang] == ["ja", "en"]
        assert [note.text for note in tu.findall("note")] == [
            expected_note_text(note) for note in paragraph.notes
        ]
    assert b"<script>" not in data


def unit_notes(exporter: Exporter, data: bytes) -> dict[str, list[str]]:
    """Each unit's id and the texts of its notes, as a translation tool reads them."""
    root = etree.fromstring(data)
    found: dict[str, list[str]] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname in UNIT_ELEMENTS:
            unit_id = element.get("id") or element.get("tuid") or ""
            found[unit_id] = [note.text or "" for note in element.iter("{*}note", "note")]
    return found


@pytest.mark.parametrize("exporter", [Xliff20Exporter(), Xliff12Exporter(), TmxExporter()])
def test_the_query_stays_out_unless_asked_for(exporter: Exporter) -> None:
    data = exporter.render(make_document())
    notes = unit_notes(exporter, data)
    # Paragraph 2 is still there (translated), without its query.
    assert notes["p102"] == []
    assert b"Was it three hours?" not in data and b"Two, per the ministry." not in data
    assert [text.split(":")[0] for text in notes["p101"]] == [
        "Source citation",
        "Translator's note",
    ]
    asked = unit_notes(exporter, exporter.render(make_document(queries=True)))
    assert len(asked["p102"]) == 1
    assert asked["p102"][0].startswith("Query: “三時間” — Was it three hours?")


def test_tmx_counts_the_units_it_writes() -> None:
    document = make_document()
    assert [p.status for p in document.paragraphs] == ["reviewed", "translated", "drafted", "new"]
    written = len(tmxfile.parsestring(TmxExporter().render(document)).units)
    assert TmxExporter().count(document) == written == 3
    reviewed = apply_options(document, ExportOptions(which="reviewed"))
    assert TmxExporter().count(reviewed) == 1
    # The other formats hold every paragraph of the document.
    for exporter in (Xliff20Exporter(), Xliff12Exporter()):
        assert exporter.count(document) == len(document.paragraphs) == 4


@pytest.mark.parametrize("exporter", [Xliff20Exporter(), Xliff12Exporter(), TmxExporter()])
def test_without_notes_units_have_no_notes(exporter: Exporter) -> None:
    document = apply_options(make_document(), ExportOptions(notes=False))
    root = etree.fromstring(exporter.render(document))
    units = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in UNIT_ELEMENTS
    ]
    assert units
    assert [note for unit in units for note in unit.iter("{*}note")] == []


@pytest.mark.parametrize(
    ("exporter", "kind", "states"),
    [
        (Xliff20Exporter(), "xliff", XLIFF20_STATES),
        (Xliff12Exporter(), "xliff12", XLIFF12_STATES),
        (TmxExporter(), "tmx", None),
    ],
)
def test_round_trip(exporter: Exporter, kind: str, states: dict[str, str] | None) -> None:
    document = make_document()
    taken = read_translations(exporter.render(document), f"article.{exporter.extension}")
    assert taken.format == kind
    assert taken.article_id == 42
    assert taken.skipped == 0
    written = (
        document.paragraphs if kind != "tmx" else [p for p in document.paragraphs if p.has_english]
    )
    assert list(taken.sources) == [p.id for p in written]
    assert taken.sources == {p.id: p.source for p in written}
    assert taken.targets == {p.id: p.target for p in written if p.target}
    assert list(taken.targets) == [p.id for p in written if p.target]
    if kind != "tmx":
        assert taken.targets[103] == f"It read “{SCRIPT}”."
    if states is None:
        assert set(taken.states.values()) == {""}
    else:
        # An XLIFF 1.2 unit without a target has no state to read.
        assert taken.states == {
            p.id: states[p.status] if p.target or kind == "xliff" else "" for p in written
        }


def _change_targets(data: bytes, namespace: str, unit_tag: str, changes: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{namespace}}}{unit_tag}"):
        if unit.get("id") not in changes:
            continue
        holder = unit.find(f"{{{namespace}}}segment") if unit_tag == "unit" else unit
        target = holder.find(f"{{{namespace}}}target")
        if target is None:
            target = etree.SubElement(holder, f"{{{namespace}}}target")
        target.text = changes[unit.get("id")]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_changed_targets_in_xliff20_are_read() -> None:
    data = Xliff20Exporter().render(make_document())
    changed = _change_targets(
        data,
        X2,
        "unit",
        {"p101": "Both leaders met at Panmunjom.", "p104": f"Details were not given {SCRIPT}."},
    )
    taken = read_translations(changed, "back.xlf")
    assert taken.targets[101] == "Both leaders met at Panmunjom."
    assert taken.targets[104] == f"Details were not given {SCRIPT}."
    assert taken.targets[102] == "The talks  lasted two hours."


def test_changed_targets_in_xliff12_are_read() -> None:
    data = Xliff12Exporter().render(make_document())
    changed = _change_targets(
        data,
        X12,
        "trans-unit",
        {"p102": "The talks lasted three hours.", "p104": "No details were given."},
    )
    taken = read_translations(changed, "back.xlf")
    assert taken.format == "xliff12"
    assert taken.targets[102] == "The talks lasted three hours."
    assert taken.targets[104] == "No details were given."
    assert taken.targets[101] == "The two leaders met at Panmunjom."


def test_split_segments_are_joined_per_unit() -> None:
    data = Xliff20Exporter().render(make_document())
    root = etree.fromstring(data)
    unit = next(u for u in root.iter(f"{{{X2}}}unit") if u.get("id") == "p101")
    segment = unit.find(f"{{{X2}}}segment")
    unit.remove(segment)
    parts = [("segment", "両首脳は", "The two leaders", "reviewed"), ("ignorable", " ", None, None)]
    parts.append(("segment", "板門店で会談した。", "met at Panmunjom.", "translated"))
    for tag, source, target, state in parts:
        element = etree.SubElement(unit, f"{{{X2}}}{tag}")
        if state:
            element.set("state", state)
        etree.SubElement(element, f"{{{X2}}}source").text = source
        if target is not None:
            etree.SubElement(element, f"{{{X2}}}target").text = target
    taken = read_translations(etree.tostring(root), "split.xlf")
    assert taken.sources[101] == "両首脳は 板門店で会談した。"
    assert taken.targets[101] == "The two leaders met at Panmunjom."
    assert taken.states[101] == "translated"


def test_units_with_other_ids_are_counted_as_skipped() -> None:
    data = Xliff20Exporter().render(make_document())
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X2}}}unit"):
        if unit.get("id") == "p103":
            unit.set("id", "intro")
    taken = read_translations(etree.tostring(root))
    assert taken.skipped == 1
    assert 103 not in taken.sources


def test_tmx_without_article_prop_has_no_article_id() -> None:
    root = etree.fromstring(TmxExporter().render(make_document()))
    header = root.find("header")
    for prop in header.findall("prop"):
        header.remove(prop)
    taken = read_translations(etree.tostring(root), "memory.tmx")
    assert taken.article_id is None
    assert taken.targets[101] == "The two leaders met at Panmunjom."


def _refusal(data: bytes, filename: str = "upload.xlf") -> str:
    with pytest.raises(TakeBackError) as caught:
        read_translations(data, filename)
    message = str(caught.value)
    assert message.endswith(".")
    return message


def test_refuses_empty_file() -> None:
    assert "empty" in _refusal(b"")
    assert "empty" in _refusal(b"  \n ")


def test_refuses_malformed_xml_naming_the_line() -> None:
    data = Xliff20Exporter().render(make_document())
    lines = data.decode().splitlines()
    # Break the closing tag of the first <target> on its own line.
    index = next(i for i, line in enumerate(lines) if "</target>" in line)
    lines[index] = lines[index].replace("</target>", "</targt>")
    message = _refusal("\n".join(lines).encode())
    assert "not well-formed XML" in message
    assert f"line {index + 1}" in message


def test_refuses_not_xml_text() -> None:
    assert "not well-formed XML" in _refusal("ただのテキストです。".encode(), "notes.txt")


def test_refuses_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    message = _refusal(buffer.getvalue(), "article.docx")
    assert "zip archive" in message
    assert "article.docx" in message


def test_refuses_binary_blob() -> None:
    assert "binary data" in _refusal(bytes(range(256)) * 4, "blob.bin")


def test_refuses_html() -> None:
    page = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>x</title></head>"
    page += b"<body><p>Hello<br></p></body></html>"
    assert "HTML page" in _refusal(page, "page.xlf")
    xhtml = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body></html>'
    assert "HTML page" in _refusal(xhtml, "page.xhtml")


def test_refuses_other_xml() -> None:
    message = _refusal(b'<?xml version="1.0"?><martif type="TBX"><text/></martif>', "terms.tbx")
    assert "neither XLIFF nor TMX" in message
    assert "<martif>" in message


def test_refuses_xliff_11() -> None:
    data = (
        b'<?xml version="1.0"?>'
        b'<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">'
        b'<file original="article-42" source-language="ja" datatype="plaintext"><body>'
        b'<trans-unit id="p1"><source>x</source><target>y</target></trans-unit>'
        b"</body></file></xliff>"
    )
    message = _refusal(data)
    assert "version 1.1" in message
    assert "1.2 and 2.0" in message


@pytest.mark.parametrize(
    ("exporter", "attribute"), [(Xliff20Exporter(), "id"), (Xliff12Exporter(), "original")]
)
def test_refuses_two_articles(exporter: Exporter, attribute: str) -> None:
    first = etree.fromstring(exporter.render(make_document()))
    other = replace(make_document(), article_id=43)
    second = etree.fromstring(exporter.render(other))
    first.append(second.find("{*}file"))
    assert [file.get(attribute) for file in first.iterfind("{*}file")] == [
        "article-42",
        "article-43",
    ]
    message = _refusal(etree.tostring(first))
    assert "more than one article" in message
    assert "42, 43" in message


def test_refuses_two_article_props_in_tmx() -> None:
    root = etree.fromstring(TmxExporter().render(make_document()))
    prop = etree.SubElement(root.find("header"), "prop", type="x-article")
    prop.text = "7"
    assert "more than one article" in _refusal(etree.tostring(root), "memory.tmx")


def test_refuses_file_without_units() -> None:
    empty = replace(make_document(), paragraphs=())
    for exporter in (Xliff20Exporter(), Xliff12Exporter(), TmxExporter()):
        assert "no translation units" in _refusal(exporter.render(empty))


def _billion_laughs(levels: int) -> bytes:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, levels)]
    return (
        '<?xml version="1.0"?>'
        f"<!DOCTYPE xliff [{''.join(entities)}]>"
        f'<xliff xmlns="{X2}" version="2.0" srcLang="ja" trgLang="en">'
        '<file id="article-42"><unit id="p1"><segment>'
        f"<source>&lol{levels - 1};</source><target>&lol{levels - 1};</target>"
        "</segment></unit></file></xliff>"
    ).encode()


@pytest.mark.parametrize("levels", [10, 5])
def test_refuses_entity_expansion(levels: int) -> None:
    # Ten levels is the classic billion laughs; five stays under libxml2's own
    # amplification limit and would otherwise expand to 30,000 characters.
    started = time.perf_counter()
    message = _refusal(_billion_laughs(levels))
    assert time.perf_counter() - started < 1.0
    assert "entities" in message


def test_refuses_external_entity() -> None:
    data = (
        '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<xliff xmlns="{X2}" version="2.0" srcLang="ja" trgLang="en">'
        '<file id="article-42"><unit id="p1"><segment>'
        "<source>x</source><target>&xxe;</target></segment></unit></file></xliff>"
    ).encode()
    assert "entities" in _refusal(data)


def test_tmx_doctype_without_entities_is_read() -> None:
    # The toolkit writes <!DOCTYPE tmx SYSTEM "tmx14.dtd">; that is not a reason to refuse.
    data = TmxExporter().render(make_document())
    assert b"<!DOCTYPE tmx" in data
    assert read_translations(data).article_id == 42


def test_script_text_round_trips_literally() -> None:
    document = make_document()
    # Confirmed, so that the TMX (which holds confirmed translations only) has it too.
    document = replace(
        document,
        paragraphs=tuple(
            replace(p, status="translated") if p.id == 103 else p for p in document.paragraphs
        ),
    )
    for exporter in (Xliff20Exporter(), Xliff12Exporter(), TmxExporter()):
        taken = read_translations(exporter.render(document))
        assert taken.sources[103] == f"「{SCRIPT}」と書かれていた。"
        assert taken.targets[103] == f"It read “{SCRIPT}”."


# -- each unit carries the version of its paragraph, so a stale file can be told


MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
VERSIONS = {101: 7, 102: 3, 103: 1, 104: 0}


def versioned_document() -> ExportDocument:
    document = make_document()
    return replace(
        document,
        paragraphs=tuple(replace(p, version=VERSIONS[p.id]) for p in document.paragraphs),
    )


def test_xliff20_units_carry_their_version_in_the_metadata_module() -> None:
    data = Xliff20Exporter().render(versioned_document())
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X2}}}unit"):
        # The Metadata module's element, first in the unit (the schema's place for
        # other namespaces, before <notes> and the segments).
        first = unit[0]
        assert first.tag == f"{{{MDA}}}metadata"
        [group] = first.findall(f"{{{MDA}}}metaGroup")
        assert group.get("category") == "workbench"
        metas = [(meta.get("type"), meta.text) for meta in group.findall(f"{{{MDA}}}meta")]
        assert metas == [("paragraph-version", str(VERSIONS[int(unit.get("id")[1:])]))]
    # Declared once, at the top, not on every unit.
    assert data.count(f'xmlns:mda="{MDA}"'.encode()) == 1
    # The toolkit still reads every unit as before.
    store = Xliff2File.parsestring(data)
    assert [unit.getid() for unit in store.units] == ["p101", "p102", "p103", "p104"]


def test_xliff12_units_carry_their_version_in_a_context_group() -> None:
    data = Xliff12Exporter().render(versioned_document())
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X12}}}trans-unit"):
        children = [etree.QName(child).localname for child in unit]
        # XLIFF 1.2: source, target, then context groups and notes in any order.
        assert children[0] == "source"
        groups = unit.findall(f"{{{X12}}}context-group")
        # Named after the unit: a group's name is unique in its <file>.
        assert [(g.get("name"), g.get("purpose")) for g in groups] == [
            (f"workbench-{unit.get('id')}", "location")
        ]
        contexts = [(c.get("context-type"), c.text) for c in groups[0]]
        assert contexts == [("x-paragraph-version", str(VERSIONS[int(unit.get("id")[1:])]))]
        if unit.find(f"{{{X12}}}target") is not None:
            assert children.index("target") < children.index("context-group")
    # Nothing outside the XLIFF namespace: the strict schema accepts no foreign attribute.
    for element in root.iter():
        assert etree.QName(element).namespace == X12
        assert all(not name.startswith("{") or "XML/1998" in name for name in element.attrib)


def test_tmx_units_carry_their_version_as_a_prop_and_say_they_are_paragraphs() -> None:
    data = TmxExporter().render(versioned_document())
    root = etree.fromstring(data)
    # Each unit is a whole paragraph, not a sentence.
    assert root.find("header").get("segtype") == "paragraph"
    tus = root.findall("body/tu")
    document = versioned_document()
    assert [tu.get("tuid") for tu in tus] == [
        f"p{p.id}" for p in document.paragraphs if p.has_english
    ]
    for tu in tus:
        props = [(prop.get("type"), prop.text) for prop in tu.findall("prop")]
        assert dict(props)["x-paragraph-version"] == str(VERSIONS[int(tu.get("tuid")[1:])])
        # TMX 1.4: notes and props come before the variants.
        tags = [child.tag for child in tu]
        first_variant = tags.index("tuv")
        assert all(i < first_variant for i, tag in enumerate(tags) if tag in ("note", "prop"))
        assert tags[first_variant:] == ["tuv", "tuv"]


@pytest.mark.parametrize("exporter", [Xliff20Exporter(), Xliff12Exporter(), TmxExporter()])
def test_the_versions_and_the_export_time_are_read_back(exporter: Exporter) -> None:
    document = versioned_document()
    taken = read_translations(exporter.render(document))
    written = [p for p in document.paragraphs if exporter.name != "tmx" or p.has_english]
    assert taken.versions == {p.id: VERSIONS[p.id] for p in written}
    assert taken.exported_at == datetime(2024, 5, 3, 12, 30, tzinfo=UTC)


def _strip(data: bytes, *, versions: bool = True, time: bool = False) -> bytes:
    """The file as an older export (no versions) or a tool that dropped them wrote it."""
    root = etree.fromstring(data)
    doomed = []
    if versions:
        doomed += list(root.iter(f"{{{MDA}}}metadata", f"{{{X12}}}context-group"))
        doomed += [p for p in root.iter("prop") if p.get("type") == "x-paragraph-version"]
    if time:
        doomed += [n for n in root.iter(f"{{{X2}}}note") if n.get("category") == "exported"]
        for element in root.iter(f"{{{X12}}}file", "header"):
            element.attrib.pop("date", None)
            element.attrib.pop("creationdate", None)
    for element in doomed:
        element.getparent().remove(element)
    return etree.tostring(root)


@pytest.mark.parametrize("exporter", [Xliff20Exporter(), Xliff12Exporter(), TmxExporter()])
def test_a_file_without_versions_reads_as_unknown(exporter: Exporter) -> None:
    data = exporter.render(versioned_document())
    taken = read_translations(_strip(data))
    assert taken.versions == {}
    assert taken.exported_at == datetime(2024, 5, 3, 12, 30, tzinfo=UTC)
    assert taken.targets[101] == "The two leaders met at Panmunjom."
    bare = read_translations(_strip(data, time=True))
    assert (bare.versions, bare.exported_at) == ({}, None)


@pytest.mark.parametrize("bad", ["9223372036854775808", "-1", "3.0", "three", ""])
def test_a_version_that_is_no_version_reads_as_unknown(bad: str) -> None:
    root = etree.fromstring(Xliff20Exporter().render(versioned_document()))
    for meta in root.iter(f"{{{MDA}}}meta"):
        meta.text = bad
    taken = read_translations(etree.tostring(root))
    assert taken.versions == {}
    assert taken.targets[101] == "The two leaders met at Panmunjom."
