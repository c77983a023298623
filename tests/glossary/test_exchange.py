from __future__ import annotations

import codecs
import csv
import io

import pytest
from translate.storage.tbx import tbxfile

from workbench.glossary.exchange import (
    CSV_COLUMNS,
    KINDS,
    STATUSES,
    ExchangeError,
    TermRecord,
    detect_format,
    read_csv,
    read_tbx,
    write_csv,
    write_tbx,
)

RECORDS = [
    TermRecord(
        source="金正恩",
        target="Kim Jong Un",
        alternatives=["Kim Jong-un", "Chairman Kim"],
        reading="きむじょんうん",
        kind="person",
        note='North Korean leader; "Chairman" since 2016, not "President".',
        status="approved",
        forbidden=["Kim Jong Eun", "Kim Jung Un"],
        variants=["金正恩氏", "金委員長"],
        case_sensitive=False,
        created_by="aiko",
        reviewed_by="ben",
        created_at="2024-05-01T09:30:00+09:00",
        reviewed_at="2024-05-02",
    ),
    TermRecord(
        source="朝鮮労働党",
        target="Workers' Party of Korea",
        alternatives=["WPK"],
        reading="ちょうせんろうどうとう",
        kind="organization",
        note='Commas, "quotes", a | pipe,\nand a second line\r\nand a third.',
        status="proposed",
        forbidden=["Korean Workers Party"],
        variants=[],
        case_sensitive=True,
        created_by="aiko",
    ),
    TermRecord(
        source="板門店",
        target="Panmunjom",
        reading="はんもんてん",
        kind="place",
        note="- starts like a formula\n= and so does this line",
        status="rejected",
        forbidden=["Panmunjeom"],
        variants=["パンムンジョム"],
        reviewed_by="ben",
        reviewed_at="2024-06-30T23:59:59Z",
    ),
    TermRecord(
        source="国務委員長",
        target="Chairman of the State Affairs Commission",
        alternatives=["State Affairs chair | SAC chair", "back\\slash", "+1 option"],
        reading="こくむいいんちょう",
        kind="title",
        status="approved",
        variants=["委員長"],
        case_sensitive=False,
    ),
    TermRecord(
        source="NHK",
        target="NHK",
        reading="えぬえいちけー",
        kind="term",
        note="'quoted from a memo'",
        status="proposed",
        case_sensitive=True,
    ),
    # Only the required fields: every optional one empty.
    TermRecord(source="非核化", target="denuclearization"),
]


def test_the_table_covers_every_kind_and_status() -> None:
    assert {record.kind for record in RECORDS} == set(KINDS)
    assert {record.status for record in RECORDS} == set(STATUSES)


# --- CSV ---------------------------------------------------------------------------


def test_csv_round_trip_keeps_every_field() -> None:
    assert read_csv(write_csv(RECORDS)) == RECORDS


@pytest.mark.parametrize("record", RECORDS, ids=[r.source for r in RECORDS])
def test_csv_round_trip_of_each_record(record: TermRecord) -> None:
    assert read_csv(write_csv([record])) == [record]


def test_csv_starts_with_the_bom_and_opens_in_a_spreadsheet_reader() -> None:
    data = write_csv(RECORDS)
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == len(RECORDS)
    first = rows[0]
    assert first["source"] == "金正恩"
    assert first["alternatives"] == "Kim Jong-un | Chairman Kim"
    assert first["case_sensitive"] == "no"
    assert rows[1]["case_sensitive"] == "yes"
    assert rows[1]["note"] == RECORDS[1].note  # newlines and quotes survive the quoting
    # Cells that a spreadsheet would run as a formula are kept as text.
    assert rows[2]["note"].startswith("'- starts")
    assert (
        rows[3]["alternatives"] == "State Affairs chair \\| SAC chair | back\\\\slash | +1 option"
    )


def test_csv_header_only_is_an_empty_glossary() -> None:
    assert read_csv(write_csv([])) == []


def test_csv_columns_in_any_order_and_optional_columns_missing() -> None:
    data = "target,Source,Kind\nTokyo,東京,place\n\nOsaka,大阪,\n".encode()
    assert read_csv(data) == [
        TermRecord(source="東京", target="Tokyo", kind="place"),
        TermRecord(source="大阪", target="Osaka"),
    ]


def test_csv_list_cells_typed_by_hand() -> None:
    data = "source,target,forbidden,variants\n東京,Tokyo, Tokio |Tokyo-to|| ,C:\\tmp | a\\|b\n"
    [record] = read_csv(data.encode())
    assert record.forbidden == ["Tokio", "Tokyo-to"]
    assert record.variants == ["C:\\tmp", "a|b"]


def test_csv_an_apostrophe_typed_by_hand_stays() -> None:
    [record] = read_csv("source,target,note\n年代,the '90s,'90s slang\n".encode())
    assert record.note == "'90s slang"
    assert record.target == "the '90s"


def test_csv_without_bom_and_in_cp932_and_utf16() -> None:
    text = "source,target,kind,case_sensitive\r\n金正恩,Kim Jong Un,PERSON,TRUE\r\n"
    expected = [TermRecord("金正恩", "Kim Jong Un", kind="person", case_sensitive=True)]
    assert read_csv(text.encode("utf-8")) == expected
    assert read_csv(text.encode("cp932")) == expected
    # Excel's "Unicode text" is UTF-16 with tabs between the cells.
    assert read_csv(text.replace(",", "\t").encode("utf-16")) == expected
    # European spreadsheets use semicolons and may announce them on a first line.
    assert read_csv(("sep=;\r\n" + text.replace(",", ";")).encode()) == expected


def write_lines(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8-sig")


HEADER = "source,target,kind,status,case_sensitive,note"


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (
            write_lines(HEADER, "東京,Tokyo,place,approved,no,", "金正恩,Kim,persn,approved,no,"),
            3,
            "Line 3: the kind 'persn' is not one of person, organization, place, title, term.",
        ),
        (
            write_lines(HEADER, "東京,,place,approved,no,"),
            2,
            "Line 2: the target is empty; every term needs one.",
        ),
        (
            write_lines(HEADER, "東京,Tokyo,place,done,no,"),
            2,
            "Line 2: the status 'done' is not one of proposed, approved, rejected.",
        ),
        (
            write_lines(HEADER, "東京,Tokyo,place,approved,maybe,"),
            2,
            "Line 2: case_sensitive must be yes or no, not 'maybe'.",
        ),
        (
            # A note over three physical lines: the bad row after it is on line 5.
            write_lines(HEADER, '東京,Tokyo,place,approved,no,"one', "two", 'three"', "大阪,,,,,"),
            5,
            "Line 5: the target is empty",
        ),
        (
            write_lines(HEADER, '東京,"Tokyo"x,place,approved,no,'),
            2,
            "Line 2: the quoting is broken",
        ),
        (
            write_lines(HEADER, "東京,Tokyo,place,approved,no,", '大阪,"Osaka,term,,,', "名古屋"),
            3,
            "Line 3: the quoting is broken",
        ),
        (
            write_lines("source,kind", "東京,place"),
            1,
            "Line 1: the header row has no target column",
        ),
        (write_lines("source,target,colour", "東京,Tokyo,red"), 1, "the column 'colour' is not"),
        (
            write_lines("東京,Tokyo", "大阪,Osaka"),
            1,
            "Line 1: the header row has no source or target",
        ),
        (write_lines("source,target", "東京,Tokyo,extra"), 2, "cell 3 has a value but no column"),
        (write_lines("source,target,created_at", "東京,Tokyo,5/1/2024"), 2, "is not an ISO 8601"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "binary data"),
        (bytes(range(256)), 1, "binary data"),
        (b"\xff\xfe\x00\xd8", 1, "neither UTF-8"),
        (b"source,target\n\xe9t\xe9,summer\n", 2, "neither UTF-8"),
    ],
)
def test_csv_malformed_files_are_rejected_with_their_line(
    data: bytes, line: int | None, message: str
) -> None:
    with pytest.raises(ExchangeError) as caught:
        read_csv(data)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).endswith(".")


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b" \r\n"])
def test_csv_an_empty_file_is_an_error(data: bytes) -> None:
    with pytest.raises(ExchangeError, match="empty|no header"):
        read_csv(data)


def test_csv_a_workbook_saved_under_a_csv_name_is_explained() -> None:
    with pytest.raises(ExchangeError, match="Save As › CSV UTF-8"):
        read_csv(b"PK\x03\x04\x14\x00\x06\x00")


# --- TBX ---------------------------------------------------------------------------


def test_tbx_round_trip_keeps_every_field() -> None:
    assert read_tbx(write_tbx(RECORDS)) == RECORDS


@pytest.mark.parametrize("record", RECORDS, ids=[r.source for r in RECORDS])
def test_tbx_round_trip_of_each_record(record: TermRecord) -> None:
    assert read_tbx(write_tbx([record])) == [record]


def test_tbx_is_readable_as_a_plain_translate_toolkit_glossary() -> None:
    store = tbxfile.parsestring(write_tbx(RECORDS), sourcelanguage="ja", targetlanguage="en")
    assert [(unit.source, unit.target) for unit in store.units] == [
        (record.source, record.target) for record in RECORDS
    ]
    first = store.units[0]
    assert [term.text for term in first.get_source_terms()] == ["金正恩", "金正恩氏", "金委員長"]
    terms = first.get_target_terms()
    assert [term.text for term in terms if term.deprecated] == ["Kim Jong Eun", "Kim Jung Un"]
    assert terms[0].administrative_status == "preferredTerm-admn-sts"
    assert terms[1].administrative_status == "admittedTerm-admn-sts"
    # A rejected term's target is deprecated as a whole.
    assert store.units[2].get_target_terms()[0].deprecated


def test_tbx_uses_the_languages_it_is_given() -> None:
    data = write_tbx(RECORDS[:1], source_lang="ja-JP", target_lang="en-GB")
    assert b'xml:lang="ja-JP"' in data and b'xml:lang="en-GB"' in data
    assert read_tbx(data) == RECORDS[:1]


FOREIGN_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader>
    <fileDesc><sourceDesc><p>Exported from another terminology tool</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="c1">
        <descrip type="subjectField">diplomacy</descrip>
        <langSet xml:lang="ja-JP">
          <tig>
            <term>首脳会談</term>
            <termNote type="partOfSpeech">noun</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="en-US">
          <descrip type="definition">A meeting of heads of state.</descrip>
          <tig>
            <term>summit</term>
            <termNote type="partOfSpeech">noun</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>summit meeting</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>top-level talks</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </tig>
        </langSet>
      </termEntry>
      <termEntry id="c2">
        <transacGrp>
          <transac type="transactionType">origination</transac>
          <transacNote type="responsibility">Terminology team</transacNote>
          <date>2023-10-01</date>
        </transacGrp>
        <note>Imported from the style guide.</note>
        <langSet xml:lang="ja"><tig><term>制裁</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>sanctions</term></tig></langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""


def test_tbx_written_by_another_tool_imports() -> None:
    assert read_tbx(FOREIGN_TBX.encode()) == [
        TermRecord(
            source="首脳会談",
            target="summit",
            alternatives=["summit meeting"],
            note="subjectField: diplomacy\nA meeting of heads of state.",
            status="approved",
            forbidden=["top-level talks"],
        ),
        TermRecord(
            source="制裁",
            target="sanctions",
            note="Imported from the style guide.",
            created_by="Terminology team",
            created_at="2023-10-01",
        ),
    ]


def tbx_entry(entry: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n<martif type="TBX">\n<text>\n<body>\n'
        f"{entry}\n</body>\n</text>\n</martif>\n"
    ).encode()


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (write_tbx(RECORDS)[:900], None, "is not well-formed XML"),
        (b'<?xml version="1.0"?>\n<martif>\n<text>\n<body>\n<termEntry>', 5, "not well-formed"),
        (tbx_entry(""), 4, "Line 4: the TBX file has no termEntry"),
        (b'<martif type="TBX"><text/></martif>', 1, "no termEntry"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not well-formed XML"),
        (
            tbx_entry(
                '<termEntry>\n<descrip type="entityType">persn</descrip>\n'
                '<langSet xml:lang="ja"><tig><term>金</term></tig></langSet>\n'
                '<langSet xml:lang="en"><tig><term>Kim</term></tig></langSet>\n</termEntry>'
            ),
            6,
            "Line 6: the kind 'persn' is not one of person, organization, place, title, term.",
        ),
        (
            tbx_entry(
                '\n<termEntry>\n<langSet xml:lang="ja"><tig><term>金</term></tig></langSet>\n'
                "</termEntry>"
            ),
            6,
            "Line 6: this termEntry has no en term.",
        ),
        (
            tbx_entry(
                '<termEntry>\n<langSet xml:lang="ja"><tig><term>金</term></tig></langSet>\n'
                '<langSet xml:lang="en"><tig><term>Kim</term>'
                '<termNote type="administrativeStatus">maybe</termNote></tig></langSet>\n'
                "</termEntry>"
            ),
            5,
            "the administrativeStatus 'maybe' of the term 'Kim' is not one of",
        ),
        (
            tbx_entry(
                '<termEntry>\n<admin type="caseSensitive">sometimes</admin>\n'
                '<langSet xml:lang="ja"><tig><term>金</term></tig></langSet>\n'
                '<langSet xml:lang="en"><tig><term>Kim</term></tig></langSet>\n</termEntry>'
            ),
            6,
            "caseSensitive must be yes or no",
        ),
        (
            b'<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"><text/></tbx>',
            1,
            "only TBX 2 / TBX-Basic files",
        ),
    ],
)
def test_tbx_malformed_files_are_rejected_with_their_line(
    data: bytes, line: int | None, message: str
) -> None:
    with pytest.raises(ExchangeError) as caught:
        read_tbx(data)
    if line is None:  # a truncated file fails at its last line
        line = data.count(b"\n") + 1
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).endswith(".")


def test_tbx_an_empty_file_is_an_error() -> None:
    with pytest.raises(ExchangeError, match="empty") as caught:
        read_tbx(b"  \n")
    assert caught.value.line is None


# --- formats and errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "fmt"),
    [("glossary.csv", "csv"), ("Glossary.CSV", "csv"), ("terms.tbx", "tbx"), ("basic.xml", "tbx")],
)
def test_detect_format_by_extension(filename: str, fmt: str) -> None:
    assert detect_format(filename) == fmt


@pytest.mark.parametrize("filename", ["glossary.xlsx", "glossary", "notes.txt"])
def test_detect_format_rejects_other_files(filename: str) -> None:
    with pytest.raises(ExchangeError, match="use a .csv or a .tbx") as caught:
        detect_format(filename)
    assert caught.value.line is None
    assert str(caught.value)[0].isupper()
