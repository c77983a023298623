"""Reading a translated XLIFF or TMX file back: paragraph id → English.

The exporters name every unit ``p<paragraph id>`` and the file
``article-<article id>`` (XLIFF) or give the header an ``x-article`` property
(TMX). This module only reads: which paragraphs to update, and whether the
article matches, is for the caller to decide.

The file comes from outside, so it is parsed first with a parser that expands
no entities, loads no DTD and opens no connection, and refused when it declares
entities at all. Only then is it handed to translate-toolkit for the units.

Each unit's paragraph version (see `xliff.py` and `tmx.py`) and the file's
export time are read too. A version that is missing or not a number of the
column is unknown, never guessed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree
from translate.storage.tmx import tmxfile
from translate.storage.xliff import Xliff1File, Xliff1Unit
from translate.storage.xliff2 import SEGMENT_SEPARATOR, Xliff2File, Xliff2Unit

from workbench.exports.tmx import VERSION_PROP
from workbench.exports.xliff import (
    CONTEXT_GROUP,
    METADATA_CATEGORY,
    METADATA_NAMESPACE,
    VERSION_CONTEXT,
    VERSION_META,
)
from workbench.lookup import column_int

UNIT_ID = re.compile(r"p([0-9]+)")
ARTICLE_ID = re.compile(r"article-([0-9]+)")
ARTICLE_PROP = "x-article"
XLIFF_NAMESPACE_PREFIX = "urn:oasis:names:tc:xliff:document:"
# The order of XLIFF 2.0 states, for the state of a unit split into segments.
XLIFF20_STATE_ORDER = ("initial", "translated", "reviewed", "final")


class TakeBackError(ValueError):
    """The file cannot be read back; the message is a sentence for the user."""


@dataclass(frozen=True)
class TakenBack:
    format: str  # "xliff", "xliff12" or "tmx"
    article_id: int | None  # from the file id/original ("article-12") or the TMX header
    targets: dict[int, str]  # paragraph id -> target text, for units with a non-empty target
    sources: dict[int, str]  # paragraph id -> source text as in the file
    states: dict[int, str]  # paragraph id -> the file's state for the target ("" if none)
    skipped: int  # units whose id is not of the form p<digits>
    # paragraph id -> the paragraph's version when the file was exported, for the
    # units that say it (files of older exports do not)
    versions: dict[int, int] = field(default_factory=dict)
    exported_at: datetime | None = None  # as the file says, when it says


@dataclass(frozen=True)
class _Unit:
    id: str
    source: str
    target: str
    state: str
    version: int | None = None


def read_translations(data: bytes, filename: str = "") -> TakenBack:
    """The translations in an XLIFF 2.0, XLIFF 1.2 or TMX file, by paragraph id.

    Raises `TakeBackError` with a sentence for the user when the file is not
    one of those, is not well-formed, or holds more than one article.
    """
    name = f"“{filename}”" if filename else "The file"
    root = _parse_safely(data, name)
    kind = _kind(root, name)
    if next(root.iter(f"{{*}}{_UNIT_TAGS[kind]}"), None) is None:
        raise TakeBackError(f"{name} has no translation units, so there is nothing to take back.")
    try:
        if kind == "tmx":
            units, article_ids, exported_at = _tmx_units(data)
        elif kind == "xliff":
            units, article_ids, exported_at = _xliff20_units(data)
        else:
            units, article_ids, exported_at = _xliff12_units(data)
    except (ValueError, AssertionError, StopIteration, etree.LxmlError) as error:
        # The toolkit refuses some structures the safe parse let through
        # (an XLIFF 1.2 without <file>, for instance).
        detail = f" ({error})" if str(error) else ""
        raise TakeBackError(
            f"{name} is not a valid {_LABELS[kind]} file and could not be read{detail}."
        ) from error
    if not units:
        raise TakeBackError(f"{name} has no translation units, so there is nothing to take back.")
    article_id = _one_article(article_ids, name)

    targets: dict[int, str] = {}
    sources: dict[int, str] = {}
    states: dict[int, str] = {}
    versions: dict[int, int] = {}
    skipped = 0
    for unit in units:
        match = UNIT_ID.fullmatch(unit.id)
        if match is None:
            skipped += 1
            continue
        paragraph_id = int(match.group(1))
        # A paragraph that occurs twice keeps its first unit: the exporter never
        # writes a second one, so a copy is the tool's, not the translator's.
        if paragraph_id in sources:
            continue
        sources[paragraph_id] = unit.source
        states[paragraph_id] = unit.state
        if unit.version is not None:
            versions[paragraph_id] = unit.version
        if unit.target.strip():
            targets[paragraph_id] = unit.target
    return TakenBack(
        format=kind,
        article_id=article_id,
        targets=targets,
        sources=sources,
        states=states,
        skipped=skipped,
        versions=versions,
        exported_at=exported_at,
    )


def _version(text: str | None) -> int | None:
    # The same parser as every number of a request: a version the column cannot
    # hold (or no number at all) is unknown.
    return column_int((text or "").strip())


def _moment(text: str | None, formats: tuple[str, ...] = ()) -> datetime | None:
    """A time written by an export (ISO 8601, or one of ``formats``), in UTC; None
    when there is none or it cannot be read."""
    value = (text or "").strip()
    if not value:
        return None
    moment: datetime | None = None
    for form in formats:
        try:
            moment = datetime.strptime(value, form)
            break
        except ValueError:
            continue
    if moment is None:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_LABELS = {"xliff": "XLIFF 2.0", "xliff12": "XLIFF 1.2", "tmx": "TMX"}
# The element the toolkit reads as one unit, per format.
_UNIT_TAGS = {"xliff": "segment", "xliff12": "trans-unit", "tmx": "tu"}
_EXPECTED = "an XLIFF (1.2 or 2.0) or TMX file exported from the workbench"


def _parser() -> etree.XMLParser:
    # No entity is expanded, no DTD loaded, nothing fetched: a hostile file can
    # neither blow up memory (billion laughs) nor read local files (XXE).
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def _parse_safely(data: bytes, name: str) -> etree._Element:
    if not data.strip():
        raise TakeBackError(f"{name} is empty; choose {_EXPECTED}.")
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        raise TakeBackError(
            f"{name} is a zip archive (a Word .docx, for instance), not {_EXPECTED}."
        )
    if head.startswith(b"%PDF"):
        raise TakeBackError(f"{name} is a PDF document, not {_EXPECTED}.")
    # UTF-16 text has NUL bytes too, but starts with a byte order mark.
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TakeBackError(f"{name} holds binary data, not {_EXPECTED}.")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        message = error.msg or str(error)
        if "entity" in message.lower() and "amplification" in message.lower():
            raise _entities_error(name) from error
        if _looks_like_html(head):
            raise TakeBackError(f"{name} is an HTML page, not {_EXPECTED}.") from error
        line = error.lineno or (error.position[0] if error.position else 0)
        reason = re.sub(r",? line \d+, column \d+$", "", message).strip()
        raise TakeBackError(
            f"{name} is not well-formed XML: the error is on line {line} ({reason})."
        ) from error
    if root is None:
        raise TakeBackError(f"{name} is not {_EXPECTED}.")
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_error(name)
    # An entity reference can remain when the DOCTYPE points at an external DTD
    # that was not loaded; the toolkit would read its text in unpredictable ways.
    if any(True for _ in root.iter(etree.Entity)):
        raise _entities_error(name)
    return root


def _entities_error(name: str) -> TakeBackError:
    return TakeBackError(
        f"{name} declares or uses XML entities, which translation files do not need; "
        "for safety it was not read."
    )


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lower()
    return b"<!doctype html" in lowered or b"<html" in lowered


def _kind(root: etree._Element, name: str) -> str:
    if not isinstance(root.tag, str):
        raise TakeBackError(f"{name} is not {_EXPECTED}.")
    qname = etree.QName(root)
    if qname.localname.lower() == "html":
        raise TakeBackError(f"{name} is an HTML page, not {_EXPECTED}.")
    if qname.localname == "tmx":
        return "tmx"
    if qname.localname != "xliff" or not (
        qname.namespace is None or qname.namespace.startswith(XLIFF_NAMESPACE_PREFIX)
    ):
        raise TakeBackError(
            f"{name} is an XML file but neither XLIFF nor TMX (its root element is "
            f"<{qname.localname}>); choose {_EXPECTED}."
        )
    version = (root.get("version") or "").strip()
    if version == "2.0":
        return "xliff"
    if version == "1.2":
        return "xliff12"
    if not version:
        raise TakeBackError(
            f"{name} is an XLIFF file without a version; the workbench reads XLIFF 1.2 and 2.0."
        )
    raise TakeBackError(
        f"{name} is XLIFF version {version}; the workbench reads back XLIFF 1.2 and 2.0 only. "
        "Save it as one of those in your translation tool."
    )


def _article_ids(values: Iterable[str | None]) -> set[int]:
    found: set[int] = set()
    for value in values:
        match = ARTICLE_ID.fullmatch((value or "").strip())
        if match is not None:
            found.add(int(match.group(1)))
    return found


def _one_article(article_ids: set[int], name: str) -> int | None:
    if len(article_ids) > 1:
        listed = ", ".join(str(article_id) for article_id in sorted(article_ids))
        raise TakeBackError(
            f"{name} holds more than one article (ids {listed}); "
            "take back one article's file at a time."
        )
    return next(iter(article_ids), None)


_Read = tuple[list[_Unit], set[int], datetime | None]


def _xliff20_units(data: bytes) -> _Read:
    store = Xliff2File(io.BytesIO(data))
    root = store.document.getroot()
    files = list(root.iterchildren(store.namespaced("file")))
    article_ids = _article_ids(element.get("id") for element in files)
    exported_at = next(
        (
            _moment(note.text)
            for file in files
            for note in file.iterfind(f"{store.namespaced('notes')}/{store.namespaced('note')}")
            if note.get("category") == "exported"
        ),
        None,
    )
    # The toolkit gives one unit per <segment>; a CAT tool may have split a
    # paragraph's unit into several segments, so they are joined back per <unit>.
    by_unit: dict[etree._Element, list[Xliff2Unit]] = {}
    for segment in store.units:
        by_unit.setdefault(segment.getunitelement(), []).append(segment)
    units = [_join_segments(store, element, segments) for element, segments in by_unit.items()]
    return units, article_ids, exported_at


def _xliff20_version(element: etree._Element) -> int | None:
    """The version in the unit's own <mda:metadata> (not a nested group's)."""
    mda = f"{{{METADATA_NAMESPACE}}}"
    for metadata in element.iterchildren(f"{mda}metadata"):
        for group in metadata.iter(f"{mda}metaGroup"):
            if group.get("category") != METADATA_CATEGORY:
                continue
            for meta in group.iterchildren(f"{mda}meta"):
                if meta.get("type") == VERSION_META:
                    return _version(meta.text)
    return None


def _join_segments(store: Xliff2File, element: etree._Element, segments: list[Xliff2Unit]) -> _Unit:
    unit_id = element.get("id") or (segments[0].getid() or "").partition(SEGMENT_SEPARATOR)[0]
    version = _xliff20_version(element)
    if len(segments) == 1:
        only = segments[0]
        return _Unit(
            unit_id,
            only.source or "",
            only.target or "",
            only.xmlelement.get("state", ""),
            version,
        )
    sources: list[str] = []
    targets: list[str] = []
    complete = True
    states: list[str] = []
    for child in element:
        if child.tag not in (store.namespaced("segment"), store.namespaced("ignorable")):
            continue
        part = Xliff2Unit.createfromxmlElement(child)
        part.namespace = store.namespace
        source = part.source or ""
        target = part.target
        sources.append(source)
        if child.tag == store.namespaced("ignorable"):
            # Text between segments (spaces, mostly) stands for itself when untranslated.
            targets.append(source if target is None else target)
            continue
        states.append(child.get("state", ""))
        if target or not source.strip():
            targets.append(target or "")
        else:
            complete = False
    # Half a paragraph in English would read as finished; only a paragraph
    # with every segment translated counts as having a target.
    target_text = "".join(targets) if complete else ""
    return _Unit(unit_id, "".join(sources), target_text, _least_state(states), version)


def _least_state(states: list[str]) -> str:
    if len(set(states)) == 1:
        return states[0]

    def rank(state: str) -> int:
        return XLIFF20_STATE_ORDER.index(state) if state in XLIFF20_STATE_ORDER else 0

    return min(states, key=rank) if states else ""


def _xliff12_units(data: bytes) -> _Read:
    # Xliff1File directly, not parsestring, which switches to the gettext
    # flavour for some files and reads their units differently.
    store: Xliff1File[Xliff1Unit] = Xliff1File(io.BytesIO(data))
    root = store.document.getroot()
    files = list(root.iterchildren(store.namespaced("file")))
    article_ids = _article_ids(element.get("original") for element in files)
    exported_at = next((_moment(file.get("date")) for file in files if file.get("date")), None)
    units: list[_Unit] = []
    for unit in store.units:
        target_node = unit.get_target_dom()
        state = target_node.get("state", "") if target_node is not None else ""
        unit_id = unit.xmlelement.get("id") or ""
        versions = [
            text
            for group in unit.getcontextgroups(f"{CONTEXT_GROUP}-{unit_id}")
            for kind, text in group
            if kind == VERSION_CONTEXT
        ]
        units.append(
            _Unit(
                unit_id,
                unit.source or "",
                unit.target or "",
                state,
                _version(versions[0]) if versions else None,
            )
        )
    return units, article_ids, exported_at


def _tmx_units(data: bytes) -> _Read:
    store = tmxfile(io.BytesIO(data))
    root = store.document.getroot()
    article_ids: set[int] = set()
    exported_at: datetime | None = None
    for header in root.iterchildren(store.namespaced("header")):
        exported_at = exported_at or _moment(header.get("creationdate"), ("%Y%m%dT%H%M%SZ",))
        for prop in header.iterchildren(store.namespaced("prop")):
            text = (prop.text or "").strip()
            if prop.get("type") == ARTICLE_PROP and re.fullmatch(r"[0-9]+", text):
                article_ids.add(int(text))
    units: list[_Unit] = []
    for unit in store.units:
        version = next(
            (
                _version(prop.text)
                for prop in unit.xmlelement.iterchildren(store.namespaced("prop"))
                if prop.get("type") == VERSION_PROP
            ),
            None,
        )
        units.append(
            _Unit(
                unit.xmlelement.get("tuid") or "", unit.source or "", unit.target or "", "", version
            )
        )
    return units, article_ids, exported_at
