"""Word-level differences between two translation texts, for the history panel."""

from __future__ import annotations

import difflib
import re
from typing import Literal

Op = Literal["same", "added", "removed"]
# A word with the spaces after it: removed and added runs then read as phrases.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+", re.UNICODE)


def diff_words(old: str, new: str) -> list[tuple[Op, str]]:
    """Segments that rebuild ``new`` (same + added) and ``old`` (same + removed)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[tuple[Op, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("added", "".join(b[j1:j2])))
    return segments
