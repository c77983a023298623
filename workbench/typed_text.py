"""Text a person typed into a multi-line field, made safe to store.

Browsers send line breaks as CRLF; a NUL cannot be stored in PostgreSQL text;
direction controls never belong in what people write (workbench/bidi.py).
"""

from __future__ import annotations

from workbench.bidi import strip_controls


def tidy(text: str) -> str:
    """``text`` with LF line breaks, no NUL, no direction controls, and no
    surrounding whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return strip_controls(text).strip()
