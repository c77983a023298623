r"""Unicode direction controls in people's text: where they are removed, where shown.

The embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
invisible and make the text after them display in another order than it is stored:
"Invoice\u202eslx.exe" shows as "Invoiceexe.xls". Japanese–English news never needs
them; pasted from a web page or typed on purpose, they make a title, a name or a file
name say something it does not. The rule:

* What people type about the work (article titles and bylines, display names,
  glossary entries, notes and replies) loses them when it is saved (`strip_controls`):
  there, such a control is never wanted.
* The work's own text (a paragraph's Japanese, its drafts and its translation) is kept
  as it came: the workbench never changes an article's text behind anyone's back.
* Wherever any of these texts is shown on a page, each control is shown as a visible
  marker, ⟨U+202E⟩ (`mark_controls`, the template filter ``bidi``): nothing on a page
  reads in another order than it is stored, and rows saved before this rule are safe
  too. In a paragraph's source cell, where selections are counted in characters of
  the stored text, the marker is an element that the page counts as the one character
  it stands for (`mark_controls_html`, ``bidi_html``). Text fields (a translation being
  edited) hold the text exactly as stored, so saving a form never changes it.
* A download's file name loses them, and every other invisible control or format
  character (exports/base.py): a file name is shown by other programs, with no markers.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# The nine controls that open or close an embedding, override or isolate.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Finding none is the common case: a regular expression says so in C, where
# str.translate with a table would look up every character of every text on a page.
_ANY = re.compile("[\u202a-\u202e\u2066-\u2069]")
_STRIP = str.maketrans(dict.fromkeys(BIDI_CONTROLS))
_MARK = str.maketrans({c: f"⟨U+{ord(c):04X}⟩" for c in BIDI_CONTROLS})
_MARK_HTML = str.maketrans(
    {
        c: f'<span class="bidi-mark" data-char="&#x{ord(c):04X};" '
        f'title="U+{ord(c):04X}, an invisible direction control">⟨U+{ord(c):04X}⟩</span>'
        for c in BIDI_CONTROLS
    }
)


def strip_controls(text: str) -> str:
    """``text`` without the direction controls (for what people type about the work)."""
    return text.translate(_STRIP) if _ANY.search(text) else text


def mark_controls(text: object) -> str:
    """``text`` with each direction control shown as a visible marker, ⟨U+202E⟩.

    Plain text in, plain text out: the template escapes it as any other value, so it
    serves in elements and attributes alike. Markup stays Markup (a marker holds
    nothing to escape). None (an empty field) shows as nothing."""
    if text is None:
        return ""
    if isinstance(text, Markup):
        return Markup(str.translate(text, _MARK)) if _ANY.search(text) else text
    text = str(text)
    return text.translate(_MARK) if _ANY.search(text) else text


def mark_controls_html(text: str | None) -> Markup:
    """``text`` escaped, each direction control as a marker element that carries the
    character it stands for (``data-char``). For element content only, never inside an
    attribute."""
    escaped = str(escape(text or ""))
    return Markup(escaped.translate(_MARK_HTML) if _ANY.search(escaped) else escaped)
