"""The shape every exporter has, and the file name an export downloads as."""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from workbench.exports.document import ExportDocument


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


# Characters that are unsafe in file names on some system, or confusing in them.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def filename(document: ExportDocument, exporter: Exporter) -> str:
    """``<title>.<ja-en>.<yyyy-mm-dd>[.<variant>].<ext>``; the title keeps its Japanese.

    Werkzeug's send_file turns a non-ASCII name into an RFC 5987 ``filename*``
    with an ASCII fallback, so the name here is the one a person should see.
    """
    title = unicodedata.normalize("NFC", document.title)
    title = _UNSAFE.sub(" ", title)
    title = " ".join(title.split()).strip(" .") or f"article-{document.article_id}"
    title = title[:80].rstrip(" .")
    pair = f"{document.source_lang}-{document.target_lang}"
    day = document.exported_at.date().isoformat()
    variant = exporter.variant or exporter.name.partition("-")[2]
    middle = f".{variant}" if variant else ""
    return f"{title}.{pair}.{day}{middle}.{exporter.extension}"
