"""Glossary interchange: CSV and TBX files to and from plain term records.

Pure functions over :class:`TermRecord`; mapping records to the database and
deciding what counts as added, updated or skipped belongs to the caller. Every
reader validates the whole file before returning, so a caller that stores
nothing until a reader returns stores nothing from a malformed file.

CSV is written with Python's :mod:`csv` module rather than translate-toolkit's
``csvfile``: that store knows a fixed set of columns (location, source, target,
id, fuzzy, context, comments) and silently drops any other column, which would
lose reading, kind, status, forbidden targets and the rest. Its default
dialect also escapes with backslashes, which spreadsheets do not understand.

CSV layout: UTF-8 with a byte order mark (Excel otherwise opens UTF-8 as
cp932), one header row naming the columns in :data:`CSV_COLUMNS`, ``\\r\\n``
row ends, quotes only where needed. List columns (alternatives, forbidden,
variants) join their items with ``" | "``; inside an item a backslash escapes a
literal ``|`` or ``\\`` (``\\|``, ``\\\\``); any other backslash is literal, so
a hand-typed ``C:\\path`` survives. Items are trimmed and empty items dropped.
Booleans are ``yes``/``no``. A cell that starts with ``= + - @``, a tab or a
carriage return (or with an apostrophe) is written behind one extra
apostrophe so that a spreadsheet shows it as text instead of running it as a
formula; the reader removes exactly that apostrophe again.

TBX is TBX 2 / TBX-Basic (root ``<martif>``) through translate-toolkit's
``tbxfile`` store. Per ``<termEntry>``:

* ``<langSet xml:lang="ja">``: the source as the first ``<tig>``, then one
  ``<tig>`` per variant; the reading is ``<termNote type="pronunciation">`` on
  the source's ``<tig>``.
* ``<langSet xml:lang="en">``: the target first, then alternatives, then
  forbidden targets; each carries ``<termNote type="administrativeStatus">``:
  the target ``preferredTerm-admn-sts`` (approved), ``admittedTerm-admn-sts``
  (proposed) or ``deprecatedTerm-admn-sts`` (rejected), alternatives
  ``admittedTerm-admn-sts``, forbidden targets ``deprecatedTerm-admn-sts``.
* On the entry itself: ``<descrip type="entityType">`` for the kind,
  ``<admin type="caseSensitive">yes|no</admin>``, ``<note>`` for the note and
  one ``<transacGrp>`` each for creation (``origination``) and review
  (``check``), with ``<transacNote type="responsibility">`` and ``<date>``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Literal

from lxml import etree
from translate.misc.xml_helpers import getXMLlang, parse_xml, safely_set_text
from translate.storage.tbx import TBXNote, TBXTerm, tbxfile, tbxunit

from workbench.glossary.models import KINDS, STATUSES, TermKind, TermStatus

DEFAULT_KIND = TermKind.TERM
# A term that arrives from a file has not been reviewed here yet.
DEFAULT_STATUS = TermStatus.PROPOSED


@dataclass
class TermRecord:
    """One glossary term as it travels through a file."""

    source: str
    target: str
    alternatives: list[str] = field(default_factory=list)
    reading: str = ""
    kind: str = DEFAULT_KIND
    note: str = ""
    status: str = DEFAULT_STATUS
    forbidden: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    case_sensitive: bool = False
    created_by: str = ""
    reviewed_by: str = ""
    created_at: str = ""
    reviewed_at: str = ""


class ExchangeError(ValueError):
    """A file that cannot be imported, with the line to look at when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"Line {line}: {reason}" if line is not None else _capitalize(reason))


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def detect_format(filename: str) -> Literal["csv", "tbx"]:
    """Tell the glossary format from a file name's extension."""
    suffix = PurePath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".tbx", ".xml"}:
        return "tbx"
    raise ExchangeError(
        f"the file '{filename}' is not a glossary file this workbench reads: "
        "use a .csv or a .tbx (TBX-Basic .xml also works) file."
    )


# --- shared field validation ---------------------------------------------------

_YES = frozenset({"yes", "y", "true", "1", "はい"})
_NO = frozenset({"no", "n", "false", "0", "いいえ", ""})


def _kind(value: str, line: int | None) -> str:
    kind = value.strip().lower() or DEFAULT_KIND
    if kind not in KINDS:
        raise ExchangeError(f"the kind '{value.strip()}' is not one of {', '.join(KINDS)}.", line)
    return kind


def _status(value: str, line: int | None) -> str:
    status = value.strip().lower() or DEFAULT_STATUS
    if status not in STATUSES:
        raise ExchangeError(
            f"the status '{value.strip()}' is not one of {', '.join(STATUSES)}.", line
        )
    return status


def _boolean(value: str, column: str, line: int | None) -> bool:
    word = value.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ExchangeError(f"{column} must be yes or no, not '{value.strip()}'.", line)


def _timestamp(value: str, column: str, line: int | None) -> str:
    # Kept as written: re-formatting would change a file on every round trip.
    text = value.strip()
    if text:
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ExchangeError(
                f"{column} '{text}' is not an ISO 8601 date such as 2024-05-01 "
                "or 2024-05-01T09:30:00+09:00.",
                line,
            ) from None
    return text


def _required(value: str, what: str, line: int | None) -> str:
    text = value.strip()
    if not text:
        raise ExchangeError(f"the {what} is empty; every term needs one.", line)
    return text


# --- CSV -----------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "alternatives",
    "reading",
    "kind",
    "note",
    "status",
    "forbidden",
    "variants",
    "case_sensitive",
    "created_by",
    "reviewed_by",
    "created_at",
    "reviewed_at",
)
_LIST_COLUMNS = frozenset({"alternatives", "forbidden", "variants"})
# Header spellings people type in a spreadsheet, after lower-casing and
# turning spaces and hyphens into underscores.
_COLUMN_ALIASES = {
    "forbidden_targets": "forbidden",
    "source_variants": "variants",
    "notes": "note",
    "case": "case_sensitive",
}
_LIST_SEPARATOR = " | "
# What OWASP lists as starting a spreadsheet formula ("CSV injection").
_FORMULA_STARTS = frozenset("=+-@\t\r")
_DELIMITERS = (",", "\t", ";")  # Excel: comma; "Unicode text": tab; European locales: ;


def write_csv(records: Iterable[TermRecord]) -> bytes:
    """Write records as a UTF-8 CSV with a byte order mark and a header row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_protect_formula(_csv_cell(record, column)) for column in CSV_COLUMNS])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def _csv_cell(record: TermRecord, column: str) -> str:
    value = getattr(record, column)
    if column in _LIST_COLUMNS:
        return _join_list(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _join_list(items: Sequence[str]) -> str:
    escaped = (item.strip().replace("\\", "\\\\").replace("|", "\\|") for item in items)
    return _LIST_SEPARATOR.join(item for item in escaped if item)


def _split_list(cell: str) -> list[str]:
    items: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(cell):
        char = cell[index]
        if char == "\\" and cell[index + 1 : index + 2] in ("\\", "|"):
            current.append(cell[index + 1])
            index += 2
            continue
        # Any other backslash is text: a hand-typed path, or a yen sign that
        # cp932 decodes as a backslash.
        if char == "|":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _protect_formula(cell: str) -> str:
    if cell[:1] in _FORMULA_STARTS or cell[:1] == "'":
        return "'" + cell
    return cell


def _unprotect_formula(cell: str) -> str:
    # Only the apostrophe write_csv adds is removed: it is always followed by a
    # formula character or by another apostrophe. "'90s" stays as typed.
    if cell[:1] == "'" and cell[1:2] and (cell[1] in _FORMULA_STARTS or cell[1] == "'"):
        return cell[1:]
    return cell


def read_csv(data: bytes) -> list[TermRecord]:
    """Read a glossary CSV; raise :class:`ExchangeError` at the first bad line."""
    text = _decode_csv(data)
    lines = text.splitlines(keepends=True)
    skipped = 0
    delimiter = None
    # Excel writes a "sep=;" line before the header when asked to; honour it.
    if lines and re.fullmatch(r"sep=(.)\r?\n?", lines[0]):
        delimiter = lines[0][4]
        skipped = 1
    body = "".join(lines[skipped:])
    if not body.strip():
        raise ExchangeError(
            "the file has no header row; the first line must name the columns, "
            "at least source and target.",
            skipped + 1,
        )
    delimiter = delimiter or _sniff_delimiter(body)
    rows = _numbered_rows(body, delimiter, skipped)
    header_line, header = next(rows)
    columns = _header_columns(header, header_line)
    records = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets leave blank rows behind
        records.append(_csv_record(columns, row, line))
    return records


def _decode_csv(data: bytes) -> str:
    if not data.strip():
        raise ExchangeError(
            "the file is empty; a glossary CSV needs a header row with at least source and target."
        )
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ExchangeError(
            "this is a spreadsheet workbook, not a CSV file; in the spreadsheet "
            "choose Save As › CSV UTF-8 and import that file."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts: tuple[str, ...] = ("utf-16",)
    elif (line := _control_line(data.decode("latin-1"))) is not None:
        # Checked on the bytes, before any decoding guess: a control byte is
        # the same character in ASCII, UTF-8 and cp932 (whose multibyte
        # sequences only use bytes from 0x40 up).
        raise _binary_data(line)
    elif data.startswith(codecs.BOM_UTF8):
        attempts = ("utf-8-sig",)
    else:
        # Japanese Excel saves "CSV" as cp932. UTF-8 goes first: cp932 text
        # is practically never valid UTF-8, so a clean UTF-8 decode is right.
        attempts = ("utf-8", "cp932")
    failure: UnicodeDecodeError | None = None
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
            continue
        if (line := _control_line(text)) is not None:
            raise _binary_data(line)
        return text
    line = data[: failure.start].count(b"\n") + 1 if failure else None
    raise ExchangeError(
        "the file is neither UTF-8 nor Shift_JIS (cp932) text; save it as CSV UTF-8.", line
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _control_line(text: str) -> int | None:
    """The line of the first control character, which no text file contains."""
    found = _CONTROL.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _binary_data(line: int) -> ExchangeError:
    return ExchangeError(
        "the file contains binary data, not CSV text; export the glossary "
        "as CSV UTF-8 and import that file.",
        line,
    )


def _sniff_delimiter(body: str) -> str:
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
        try:
            header = next(reader, [])
        except csv.Error:
            continue
        names = {_column_name(cell) for cell in header}
        if {"source", "target"} <= names:
            return delimiter
    return ","


def _numbered_rows(body: str, delimiter: str, offset: int) -> Iterator[tuple[int, list[str]]]:
    """Yield (first physical line, cells), so a cell with newlines names its first line."""
    # strict: a stray quote is an error to report, not text to guess around.
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1 + offset
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ExchangeError(
                f"the quoting is broken ({error}); a quoted cell must end with a "
                'quote, and a quote inside a cell is written twice ("").',
                start,
            ) from None
        yield start, row


def _column_name(cell: str) -> str:
    name = re.sub(r"[\s\-]+", "_", cell.strip().lower())
    return _COLUMN_ALIASES.get(name, name)


def _header_columns(header: list[str], line: int) -> list[str]:
    columns = [_column_name(cell) for cell in header]
    named = [column for column in columns if column]
    # Checked first: a file without a header row fails here, not on its first term.
    missing = [column for column in ("source", "target") if column not in named]
    if missing:
        raise ExchangeError(
            f"the header row has no {' or '.join(missing)} column; the first line "
            "must name the columns, at least source and target.",
            line,
        )
    for column in named:
        if column not in CSV_COLUMNS:
            raise ExchangeError(
                f"the column '{column}' is not a glossary column; the columns are "
                f"{', '.join(CSV_COLUMNS)}.",
                line,
            )
        if named.count(column) > 1:
            raise ExchangeError(f"the column '{column}' appears twice in the header.", line)
    return columns


def _csv_record(columns: list[str], row: list[str], line: int) -> TermRecord:
    values: dict[str, str] = {}
    for index, cell in enumerate(row):
        column = columns[index] if index < len(columns) else ""
        if column:
            values[column] = _unprotect_formula(cell)
        elif cell.strip():
            # Data outside a named column would be lost without a word.
            raise ExchangeError(
                f"cell {index + 1} has a value but no column name in the header.", line
            )

    def text(column: str) -> str:
        return values.get(column, "")

    return TermRecord(
        source=_required(text("source"), "source", line),
        target=_required(text("target"), "target", line),
        alternatives=_split_list(text("alternatives")),
        reading=text("reading").strip(),
        kind=_kind(text("kind"), line),
        note=text("note"),
        status=_status(text("status"), line),
        forbidden=_split_list(text("forbidden")),
        variants=_split_list(text("variants")),
        case_sensitive=_boolean(text("case_sensitive"), "case_sensitive", line),
        created_by=text("created_by").strip(),
        reviewed_by=text("reviewed_by").strip(),
        created_at=_timestamp(text("created_at"), "created_at", line),
        reviewed_at=_timestamp(text("reviewed_at"), "reviewed_at", line),
    )


# --- TBX -----------------------------------------------------------------------

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_TARGET_STATUS: dict[str, str] = {
    TermStatus.APPROVED: PREFERRED,
    TermStatus.PROPOSED: ADMITTED,
    TermStatus.REJECTED: DEPRECATED,
}
# administrativeStatus values (ISO 12620 / TBX-Basic, with or without the
# "-admn-sts" suffix) grouped by what they mean for a workbench term.
_PREFERRED_VALUES = frozenset({"preferredterm", "standardizedterm", "legalterm", "regulatedterm"})
_ADMITTED_VALUES = frozenset({"admittedterm"})
_DEPRECATED_VALUES = frozenset({"deprecatedterm", "supersededterm", "deprecated", "superseded"})
_KIND_TYPE = "entityType"
_CASE_TYPE = "caseSensitive"
_READING_TYPE = "pronunciation"
_CREATED = "origination"
_REVIEWED = "check"
_REVIEW_TRANSACTIONS = frozenset({"check", "approval", "proofreading"})


def write_tbx(
    records: Iterable[TermRecord], source_lang: str = "ja", target_lang: str = "en"
) -> bytes:
    """Write records as a TBX (martif) document through translate-toolkit."""
    store = tbxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    header = store.document.getroot().find(".//sourceDesc/p")
    if header is not None:
        header.text = "Workbench glossary"
    for number, record in enumerate(records, start=1):
        unit = store.addsourceunit(record.source)
        unit.setid(f"term-{number}")
        unit.set_source_terms(_present([record.source, *record.variants]), source_lang)
        targets = _present([record.target, *record.alternatives])
        forbidden = _present(record.forbidden)
        unit.set_target_terms(targets + forbidden, target_lang)
        _annotate_terms(unit, record, len(targets))
        _add_entry_metadata(unit, record)
    return bytes(store)


def _present(items: Sequence[str]) -> list[str]:
    return [item.strip() for item in items if item.strip()]


def _sub(parent: etree._Element, unit: tbxunit, tag: str, text: str, kind: str) -> None:
    node = etree.SubElement(parent, unit.namespaced(tag), type=kind)
    safely_set_text(node, text)


def _annotate_terms(unit: tbxunit, record: TermRecord, usable: int) -> None:
    source = unit.source_dom
    source_tigs = source.findall(unit.namespaced("tig")) if source is not None else []
    if source_tigs and record.reading.strip():
        # DTD order inside <tig>: the term, then its termNotes.
        _sub(source_tigs[0], unit, "termNote", record.reading.strip(), _READING_TYPE)
    target = unit.target_dom
    target_tigs = target.findall(unit.namespaced("tig")) if target is not None else []
    for index, tig in enumerate(target_tigs):
        if index == 0:
            status = _TARGET_STATUS.get(record.status, ADMITTED)
        else:
            status = ADMITTED if index < usable else DEPRECATED
        _sub(tig, unit, "termNote", status, "administrativeStatus")


def _add_entry_metadata(unit: tbxunit, record: TermRecord) -> None:
    entry = unit.xmlelement
    nodes: list[etree._Element] = []

    def node(tag: str, text: str, kind: str | None = None) -> etree._Element:
        element = etree.Element(unit.namespaced(tag))
        if kind is not None:
            element.set("type", kind)
        safely_set_text(element, text)
        return element

    nodes.append(node("descrip", record.kind, _KIND_TYPE))
    nodes.append(node("admin", "yes" if record.case_sensitive else "no", _CASE_TYPE))
    if record.note:
        nodes.append(node("note", record.note))
    for transaction, who, when in (
        (_CREATED, record.created_by, record.created_at),
        (_REVIEWED, record.reviewed_by, record.reviewed_at),
    ):
        if who or when:
            group = etree.Element(unit.namespaced("transacGrp"))
            group.append(node("transac", transaction, "transactionType"))
            if who:
                group.append(node("transacNote", who, "responsibility"))
            if when:
                group.append(node("date", when))
            nodes.append(group)
    # The TBX DTD puts entry-level information before the first langSet.
    first_language = entry.find(unit.namespaced("langSet"))
    for element in nodes:
        if first_language is not None:
            first_language.addprevious(element)
        else:
            entry.append(element)


def read_tbx(data: bytes, source_lang: str = "ja", target_lang: str = "en") -> list[TermRecord]:
    """Read a TBX (martif) glossary; raise :class:`ExchangeError` at the first bad entry."""
    if not data.strip():
        raise ExchangeError("the file is empty; a TBX glossary is an XML document.")
    try:
        # Parsed once here, with the toolkit's safe parser, to report syntax
        # errors and a wrong root with a line number; the store asserts instead.
        root = parse_xml(data)
    except etree.XMLSyntaxError as error:
        reason = re.sub(r", line \d+, column \d+$", "", error.msg or "syntax error")
        raise ExchangeError(
            f"the file is not well-formed XML ({reason}); it may be truncated or not a TBX file.",
            error.lineno or 1,
        ) from None
    if etree.QName(root).localname != "martif":
        raise ExchangeError(
            f"the root element is <{etree.QName(root).localname}>, not <martif>; only "
            "TBX 2 / TBX-Basic files can be imported (TBX 3 <tbx> files are not supported).",
            root.sourceline,
        )
    store = tbxfile.parsestring(data, sourcelanguage=source_lang, targetlanguage=target_lang)
    if not store.units:
        body = store.document.getroot().find(f".//{store.namespaced('body')}")
        line = body.sourceline if body is not None else root.sourceline
        raise ExchangeError("the TBX file has no termEntry, so there is no term to import.", line)
    return [_tbx_record(unit, source_lang, target_lang) for unit in store.units]


def _terms(unit: tbxunit, lang: str) -> list[TBXTerm]:
    """Terms of every langSet in the language (ja, ja-JP, JA ...), in document order."""
    wanted = lang.replace("_", "-").lower()
    seen: set[str] = set()
    terms: list[TBXTerm] = []
    for node in unit.getlanguageNodes():
        tag = (getXMLlang(node) or "").replace("_", "-").lower()
        if (tag == wanted or tag.startswith(wanted + "-")) and tag not in seen:
            seen.add(tag)
            terms.extend(t for t in unit.get_target_terms(lang=tag) if t.text.strip())
    return terms


def _status_class(term: TBXTerm, line: int | None) -> str:
    raw = (term.administrative_status or "").strip()
    value = raw.lower().removesuffix("-admn-sts").removesuffix("admnsts")
    if not value:
        return ""
    if value in _PREFERRED_VALUES:
        return "preferred"
    if value in _ADMITTED_VALUES:
        return "admitted"
    if value in _DEPRECATED_VALUES:
        return "deprecated"
    raise ExchangeError(
        f"the administrativeStatus '{raw}' of the term '{term.text.strip()}' is not one of "
        f"{PREFERRED}, {ADMITTED}, {DEPRECATED} or supersededTerm-admn-sts.",
        line,
    )


def _main_index(classes: list[str]) -> int:
    # The preferred term is the entry's term; without one, the first term is.
    return classes.index("preferred") if "preferred" in classes else 0


def _tbx_record(unit: tbxunit, source_lang: str, target_lang: str) -> TermRecord:
    entry = unit.xmlelement
    line = entry.sourceline
    sources = _terms(unit, source_lang)
    targets = _terms(unit, target_lang)
    if not sources:
        raise ExchangeError(f"this termEntry has no {source_lang} term.", line)
    if not targets:
        raise ExchangeError(f"this termEntry has no {target_lang} term.", line)

    source_index = _main_index([_status_class(term, line) for term in sources])
    source = sources[source_index]
    classes = [_status_class(term, line) for term in targets]
    target_index = _main_index(classes)
    target = targets[target_index]
    status = {"preferred": TermStatus.APPROVED, "deprecated": TermStatus.REJECTED}.get(
        classes[target_index], TermStatus.PROPOSED
    )
    others = [
        (term, kind)
        for i, (term, kind) in enumerate(zip(targets, classes, strict=True))
        if i != target_index
    ]

    kind_node = _entry_child(unit, "descrip", _KIND_TYPE)
    case_node = _entry_child(unit, "admin", _CASE_TYPE)
    created = _transaction(unit, {_CREATED})
    reviewed = _transaction(unit, _REVIEW_TRANSACTIONS)
    return TermRecord(
        source=source.text.strip(),
        target=target.text.strip(),
        alternatives=[term.text.strip() for term, kind in others if kind != "deprecated"],
        reading=next(
            (
                n.text.strip()
                for n in source.notes
                if n.scope == "term" and n.category == _READING_TYPE
            ),
            "",
        ),
        kind=_kind(_text(kind_node), _line(kind_node, line)),
        note=_tbx_note(source, target),
        status=status,
        forbidden=[term.text.strip() for term, kind in others if kind == "deprecated"],
        variants=[term.text.strip() for i, term in enumerate(sources) if i != source_index],
        case_sensitive=_boolean(_text(case_node), "caseSensitive", _line(case_node, line)),
        created_by=created[0],
        created_at=_timestamp(created[1], "the creation date", created[2] or line),
        reviewed_by=reviewed[0],
        reviewed_at=_timestamp(reviewed[1], "the review date", reviewed[2] or line),
    )


def _text(node: etree._Element | None) -> str:
    return "".join(node.itertext()) if node is not None else ""


def _line(node: etree._Element | None, default: int | None) -> int | None:
    return node.sourceline if node is not None else default


def _entry_child(unit: tbxunit, tag: str, kind: str) -> etree._Element | None:
    for child in unit.xmlelement.iterchildren(unit.namespaced(tag)):
        if child.get("type") == kind:
            return child
    return None


def _transaction(unit: tbxunit, kinds: frozenset[str] | set[str]) -> tuple[str, str, int | None]:
    """(responsibility, date, line) of the entry's first transaction of these kinds."""
    for group in unit.xmlelement.iter(unit.namespaced("transacGrp")):
        transac = group.find(unit.namespaced("transac"))
        if transac is None or _text(transac).strip() not in kinds:
            continue
        who = next(
            (
                _text(n).strip()
                for n in group.iter(unit.namespaced("transacNote"))
                if n.get("type") == "responsibility"
            ),
            "",
        )
        date = group.find(unit.namespaced("date"))
        return who, _text(date), _line(date, group.sourceline)
    return "", "", None


def _tbx_note(source: TBXTerm, target: TBXTerm) -> str:
    """The entry's notes and descriptions, which other tools spread over three levels."""
    notes: list[TBXNote] = [n for n in source.notes if n.scope in ("concept", "language", "term")]
    notes += [n for n in target.notes if n.scope in ("language", "term")]
    parts: list[str] = []
    for note in notes:
        if note.origin == "pos" or note.category == _KIND_TYPE:
            continue  # termNotes (reading, part of speech) and the kind are fields of their own
        text = note.text
        if note.origin == "definition" and note.category not in (None, "definition"):
            text = f"{note.category}: {text.strip()}"
        if text.strip() and text not in parts:
            parts.append(text)
    return "\n".join(parts)
