"""TMX files in and out of the translation memory.

Pure: bytes in, entries out (and entries in, bytes out); no database, no Flask,
except the two doors at the end, which hand the entries to the memory's service.

Reading. The file comes from outside, so it is parsed first with a parser that
expands no entities, loads no DTD and opens no connection, and refused when it
declares or uses entities at all (no file of the machine is ever read through
an external entity, no "billion laughs" expansion). Only then does
translate-toolkit read its units. The toolkit picks a unit's source variant by
one language ("en" unless told), so the variants are chosen here by their
``xml:lang``: the first Japanese one (ja, ja-JP, JA, jpn...) and the first
English one (en, en-US, en-GB, eng...), whichever the file calls its source.
A unit without both is skipped and counted; a file in which no unit has both
is refused with the languages it does have.

Writing. TMX 1.4 through translate-toolkit, Japanese source, English target;
each unit keeps its entry's dates and author as TMX attributes and its status,
origin and article as ``<prop>`` (``x-`` types, user-defined in TMX), the
same conventions as the article export in `workbench/exports/tmx.py`.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from lxml import etree
from sqlalchemy.orm import Session
from translate.lang.data import languages
from translate.misc.xml_helpers import getXMLlang, valid_chars_only
from translate.storage.tmx import tmxfile, tmxunit

from workbench.database import utcnow
from workbench.exports.base import present
from workbench.memory import service
from workbench.memory.service import NewEntry
from workbench.typed_text import tidy

JAPANESE = frozenset({"ja", "jpn"})
ENGLISH = frozenset({"en", "eng"})
TMX_DATE = "%Y%m%dT%H%M%SZ"
# The properties a written unit carries ("x-" marks a user-defined type).
STATUS_PROP = "x-status"
ORIGIN_PROP = "x-origin"
ARTICLE_PROP = "x-article"
UNIT_PROP = "x-unit"
_EXPECTED = "a TMX file (a translation memory exported from a translation tool)"
# Inline elements whose text is the markup of the original document (a tag, a
# placeholder), not words: left out of the entry's text, their tails kept.
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


class MemoryFileError(ValueError):
    """The file cannot be taken in; the message is a sentence for the user."""


@dataclass(frozen=True)
class ReadMemory:
    """What a TMX file offers: its complete units, and how many lacked a side."""

    entries: list[NewEntry]
    incomplete: int  # units without Japanese or without English text


def quoted(filename: str) -> str:
    return f"“{filename}”" if filename else "The file"


# ---------------------------------------------------------------- reading


def read_tmx(data: bytes, filename: str = "", *, max_bytes: int | None = None) -> ReadMemory:
    """The Japanese → English units of a TMX file, as entries from ``filename``.

    Raises `MemoryFileError` with a sentence for the user when the file is too
    large, not TMX, not well-formed, declares entities, has no units, or has no
    unit with both Japanese and English.
    """
    name = quoted(filename)
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large(filename, max_bytes)
    root = _parse_safely(data, name)
    if not isinstance(root.tag, str) or etree.QName(root).localname != "tmx":
        shown = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise MemoryFileError(
            f"{name} is an XML file but not TMX (its root element is <{shown}>); "
            f"choose {_EXPECTED}."
        )
    if next(root.iter("{*}tu", "tu"), None) is None:
        raise MemoryFileError(f"{name} has no translation units, so there is nothing to import.")
    try:
        store = tmxfile(io.BytesIO(data))
        units = list(store.units)
    except (ValueError, AssertionError, etree.LxmlError) as error:
        raise MemoryFileError(f"{name} is not a valid TMX file and could not be read.") from error
    # A browser may send the folder too (C:\memories\a.tmx): the name is enough.
    origin = tidy(re.split(r"[\\/]", filename)[-1])[:300]
    entries: list[NewEntry] = []
    incomplete = 0
    seen_languages: Counter[str] = Counter()
    for unit in units:
        japanese, english = _sides(unit, seen_languages)
        if not japanese or not english:
            incomplete += 1
            continue
        entries.append(
            NewEntry(
                source=japanese,
                target=english,
                origin=origin,
                author=_author(unit),
                created_at=_created(unit),
            )
        )
    if not entries:
        raise MemoryFileError(_wrong_languages(name, store, seen_languages))
    return ReadMemory(entries, incomplete)


def too_large(filename: str, max_bytes: int) -> MemoryFileError:
    return MemoryFileError(
        f"{quoted(filename)} is larger than {max_bytes / (1024 * 1024):g} MB, the most the "
        "workbench takes in one file; export the memory in parts from your translation tool."
    )


def _parser() -> etree.XMLParser:
    # No entity is expanded, no DTD loaded, nothing fetched: a hostile file can
    # neither blow up memory (billion laughs) nor read local files (XXE).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _parse_safely(data: bytes, name: str) -> etree._Element:
    if not data.strip():
        raise MemoryFileError(f"{name} is empty; choose {_EXPECTED}.")
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        raise MemoryFileError(f"{name} is a zip archive, not {_EXPECTED}.")
    if head.startswith(b"%PDF"):
        raise MemoryFileError(f"{name} is a PDF document, not {_EXPECTED}.")
    # UTF-16 text has NUL bytes too, but starts with a byte order mark.
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MemoryFileError(f"{name} holds binary data, not {_EXPECTED}.")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise _syntax_error(name, head, error) from error
    if root is None:
        raise MemoryFileError(f"{name} is not {_EXPECTED}.")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_error(name)
    # An entity reference can remain when the DOCTYPE points at an external DTD
    # that was not loaded; it is refused the same way.
    if any(True for _ in root.iter(etree.Entity)):
        raise _entities_error(name)
    return root


def _syntax_error(name: str, head: bytes, error: etree.XMLSyntaxError) -> MemoryFileError:
    message = error.msg or str(error)
    lowered = message.lower()
    if "entity" in lowered and "amplification" in lowered:
        return _entities_error(name)
    if "invalid bytes in character encoding" in lowered or "not proper utf-8" in lowered:
        return MemoryFileError(
            f"{name} is not in the encoding it declares (UTF-8 unless it says otherwise); "
            "save it as UTF-8 in your translation tool and import it again."
        )
    unsupported = re.search(r"unsupported encoding:?\s*([^\s,]+)", message, re.IGNORECASE)
    if unsupported:
        return MemoryFileError(
            f"{name} declares the encoding “{unsupported.group(1)[:40]}”, which the workbench "
            "cannot read; save it as UTF-8 and import it again."
        )
    lowered_head = head.lower()
    if b"<!doctype html" in lowered_head or b"<html" in lowered_head:
        return MemoryFileError(f"{name} is an HTML page, not {_EXPECTED}.")
    line = error.lineno or (error.position[0] if error.position else 0)
    reason = re.sub(r",? line \d+, column \d+$", "", message).strip()
    return MemoryFileError(
        f"{name} is not well-formed XML: the error is on line {line} ({reason}); "
        f"choose {_EXPECTED}."
    )


def _entities_error(name: str) -> MemoryFileError:
    return MemoryFileError(
        f"{name} declares or uses XML entities, which translation memories do not need; "
        "for safety it was not read."
    )


def _language(node: etree._Element) -> str:
    """A variant's language, lower case, without its region: "ja" for "ja-JP"."""
    # TMX 1.1 wrote "lang" where 1.4 writes "xml:lang".
    value = getXMLlang(node) or node.get("lang") or ""
    return value.strip().replace("_", "-").lower().split("-", 1)[0]


def _sides(unit: tmxunit, seen: Counter[str]) -> tuple[str, str]:
    """The unit's Japanese and English text ("" for a side it lacks)."""
    japanese = english = ""
    for node in unit.getlanguageNodes():
        language = _language(node)
        if language:
            seen[language] += 1
        if language in JAPANESE and not japanese:
            japanese = _variant_text(node)
        elif language in ENGLISH and not english:
            english = _variant_text(node)
    return japanese, english


def _variant_text(node: etree._Element) -> str:
    seg = next((child for child in node if _local(child) == "seg"), None)
    if seg is None:
        return ""
    return tidy(_plain_text(seg))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _plain_text(element: etree._Element) -> str:
    """The words of a <seg>: its text and that of <hi> and <sub>, without the
    original document's markup that <bpt>, <ph> and the like carry."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _local(child) not in _CODES:
            parts.append(_plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _attribute(unit: tmxunit, *names: str) -> str:
    """The first of ``names`` set on the unit, else on one of its variants."""
    elements = [unit.xmlelement, *unit.getlanguageNodes()]
    for element in elements:
        for attribute in names:
            value = (element.get(attribute) or "").strip()
            if value:
                return value
    return ""


def _author(unit: tmxunit) -> str:
    return tidy(_attribute(unit, "creationid", "changeid"))[:120]


def _created(unit: tmxunit) -> datetime | None:
    value = _attribute(unit, "creationdate", "changedate")
    try:
        return datetime.strptime(value, TMX_DATE).replace(tzinfo=UTC)
    except ValueError:
        return None


def language_name(code: str) -> str:
    """ "French" for "fr"; a language the toolkit knows only by region ("zh_CN")
    is named without it; an unknown code stands for itself."""
    found = languages.get(code)
    if found:
        return found[0]
    regional = next(
        (name for key, (name, *_) in languages.items() if key.split("_")[0] == code), ""
    )
    return regional.split(" (", 1)[0] or code


def _wrong_languages(name: str, store: tmxfile, seen: Counter[str]) -> str:
    if not seen:
        return (
            f"{name} names no language on its units (xml:lang), so the workbench cannot tell "
            "Japanese from English in it."
        )
    header = store.document.getroot().find(store.namespaced("header"))
    source = (header.get("srclang") if header is not None else "") or ""
    source = source.strip().replace("_", "-").lower().split("-", 1)[0]
    ordered = [language for language, _ in seen.most_common()]
    if source in ordered:
        ordered.remove(source)
        ordered.insert(0, source)
    names = [language_name(code) for code in ordered]
    takes = "the workbench takes Japanese → English."
    if seen.keys() & JAPANESE and seen.keys() & ENGLISH:
        return (
            f"{name} has no unit with both Japanese and English text, so there is nothing "
            "to import."
        )
    if len(names) == 1:
        return f"{name} holds only {names[0]} text; {takes}"
    return f"{name} is a {names[0]} → {', '.join(names[1:])} memory; {takes}"


# ---------------------------------------------------------------- writing


class ExportedEntry(Protocol):
    """What a written unit is made of (a MemoryEntry has all of it)."""

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


def _tmx_date(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(TMX_DATE)


def write_tmx(entries: Iterable[ExportedEntry], *, exported_at: datetime) -> tuple[bytes, int]:
    """The entries as TMX 1.4 (Japanese source, English target); the bytes and the
    number of units written."""
    store = tmxfile(sourcelanguage="ja", targetlanguage="en")
    header = present(store.document.getroot().find(store.namespaced("header")), "<header>")
    header.set("creationdate", _tmx_date(exported_at))
    # Entries are whole paragraphs, sentences of them, or units taken in from
    # files; each sentence unit says so with its own segtype.
    header.set("segtype", "paragraph")
    count = 0
    for entry in entries:
        _unit(store, entry)
        count += 1
    return bytes(store), count


def _unit(store: tmxfile, entry: ExportedEntry) -> None:
    # Every text goes through valid_chars_only: a control character is not
    # allowed in XML 1.0 and lxml would refuse the export.
    unit: tmxunit = store.addsourceunit(valid_chars_only(entry.source), "ja")
    unit.settarget(valid_chars_only(entry.target), "en", append=True)
    element = unit.xmlelement
    element.set("tuid", f"m{entry.id}")
    if entry.unit == "sentence":
        element.set("segtype", "sentence")
    element.set("creationdate", _tmx_date(entry.created_at))
    element.set("changedate", _tmx_date(entry.updated_at))
    if entry.author:
        element.set("creationid", valid_chars_only(entry.author))
    # TMX 1.4 wants props before the variants.
    first_variant = present(element.find(store.namespaced("tuv")), "<tuv>")
    props = [(UNIT_PROP, entry.unit), (STATUS_PROP, entry.status)]
    if entry.origin:
        props.append((ORIGIN_PROP, entry.origin))
    if entry.article_id is not None:
        props.append((ARTICLE_PROP, str(entry.article_id)))
    for kind, text in props:
        prop = etree.Element(store.namespaced("prop"), type=kind)
        prop.text = valid_chars_only(text)
        first_variant.addprevious(prop)


# ---------------------------------------------------------------- into and out of a memory


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


@dataclass(frozen=True)
class Imported:
    """What an import did: units added, units the memory held already, units
    without both sides (``skipped`` counts the last two)."""

    added: int
    known: int
    incomplete: int

    @property
    def skipped(self) -> int:
        return self.known + self.incomplete

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "skipped": self.skipped}

    def sentence(self) -> str:
        reasons = []
        if self.known:
            reasons.append(f"{self.known} already in the memory")
        if self.incomplete:
            reasons.append(f"{self.incomplete} without both Japanese and English")
        added = f"Added {_entries(self.added)}"
        return f"{added}, skipped {' and '.join(reasons)}." if reasons else f"{added}."


def import_tmx(
    session: Session, data: bytes, filename: str, *, max_bytes: int | None = None
) -> Imported:
    """Read a TMX file and add its new entries to the memory (the caller commits).
    A refused file raises `MemoryFileError` before anything is added."""
    read = read_tmx(data, filename, max_bytes=max_bytes)
    added, known = service.add_entries(session, read.entries)
    return Imported(added, known, read.incomplete)


def export_tmx(session: Session, *, exported_at: datetime | None = None) -> tuple[bytes, int]:
    """Every live entry of the memory as TMX; the bytes and the number of units."""
    return write_tmx(service.live_entries(session), exported_at=exported_at or utcnow())
