"""The shape every exporter has, and the file name an export downloads as."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import ClassVar

from lxml import etree

from workbench.exports.document import ExportDocument


def present(element: etree._Element | None, what: str) -> etree._Element:
    """An element the toolkit's own skeleton always has (its body, a unit's first variant)."""
    if element is None:
        raise RuntimeError(f"the file being written has no {what}")
    return element


def utc(moment: datetime) -> datetime:
    """A time in UTC; a naive value is taken as UTC (times are stored in UTC), never
    as the local time of whoever opens the file."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class Exporter:
    """One format. Subclasses set the class attributes and implement `render`."""

    name: ClassVar[str]  # the key in EXPORTERS and the --format value, e.g. "docx"
    label: ClassVar[str]  # what the export page shows, e.g. "Word (bilingual table)"
    extension: ClassVar[str]  # without the dot
    media_type: ClassVar[str]
    # Whether the file is for people (print, read) or for other tools (exchange).
    exchange: ClassVar[bool] = False
    # What tells this file from another format's with the same extension in a file
    # name ("en" for "docx-en"); by default the part of the name after a dash.
    variant: ClassVar[str | None] = None

    def render(self, document: ExportDocument) -> bytes:
        raise NotImplementedError

    def count(self, document: ExportDocument) -> int:
        """How many paragraphs the file holds."""
        return len(document.paragraphs)


# Characters that are unsafe in file names on some system, or confusing in them.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]+')


def _visible(text: str) -> str:
    r"""``text`` without invisible format characters (Unicode Cf): the direction
    controls and marks that make "Invoice\u202eslx.exe" show as "Invoiceexe.xls",
    zero-width spaces and joiners, a byte-order mark. A file name is shown by other
    programs, which mark none of them (see workbench/bidi.py); control characters
    (Cc) become spaces with the other unsafe ones."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def filename(document: ExportDocument, exporter: Exporter) -> str:
    """``<title>.<ja-en>.<yyyy-mm-dd>[.<variant>].<ext>``; the title keeps its Japanese.

    This is the RFC 5987 ``filename*`` browsers use; `ascii_filename` is the
    plain fallback beside it.
    """
    title = unicodedata.normalize("NFC", document.title)
    title = _UNSAFE.sub(" ", _visible(title))
    title = " ".join(title.split()).strip(" .") or f"article-{document.article_id}"
    tail = _tail(document, exporter)
    # File systems limit names to 255 bytes, not characters: a Japanese character
    # takes three, so the title is also cut to what fits beside the tail in UTF-8.
    room = 255 - len(tail.encode("utf-8")) - 1
    title = title[:80].encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return f"{title}.{tail}"


def ascii_filename(document: ExportDocument, exporter: Exporter) -> str:
    """The name for programs that only read the plain ``filename=`` (curl -OJ):
    the title's ASCII letters, or ``article-<id>`` when a Japanese title has none."""
    title = unicodedata.normalize("NFKD", document.title).encode("ascii", "ignore").decode()
    title = " ".join(re.sub(r"[^A-Za-z0-9 ._-]+", " ", title).split()).strip(" .-")
    if not re.search(r"[A-Za-z0-9]", title):
        title = f"article-{document.article_id}"
    return f"{title[:80].rstrip(' .-')}.{_tail(document, exporter)}"


def _tail(document: ExportDocument, exporter: Exporter) -> str:
    pair = f"{document.source_lang}-{document.target_lang}"
    day = document.exported_at.date().isoformat()
    variant = exporter.variant or exporter.name.partition("-")[2]
    middle = f".{variant}" if variant else ""
    return f"{pair}.{day}{middle}.{exporter.extension}"
