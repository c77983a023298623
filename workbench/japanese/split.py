"""Bracket-aware Japanese sentence splitting.

The pieces returned by :func:`split_sentences` concatenate back to the input
exactly, so a caller can turn them into character offsets (see
:func:`sentence_spans`) and highlight the original text.
"""

from __future__ import annotations

import unicodedata

from workbench.japanese.normalize import HALF_WIDTH_VOICING

# Opening bracket -> its closing partner. A terminator inside any of these
# belongs to a quotation or an aside, not to the sentence around it.
BRACKET_PAIRS: dict[str, str] = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "〈": "〉",
    "《": "》",
    "“": "”",
}
CLOSING_BRACKETS: frozenset[str] = frozenset(BRACKET_PAIRS.values())
TERMINATORS: frozenset[str] = frozenset("。！？!?．")

# The characters str.splitlines() breaks on. A line break always ends a
# sentence: headings and list items carry no terminator of their own.
LINE_BREAKS: frozenset[str] = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence; together they tile ``text``.

    A sentence ends at a terminator (。！？!?．) outside brackets, after any
    closing brackets and further terminators that follow it (``！？``, ``。」``),
    or at a line break. Whitespace after the cut stays with the sentence that
    precedes it, so every piece after the first starts with visible text.
    """
    n = len(text)
    if n == 0:
        return []
    paired = _paired_brackets(text)
    spans: list[tuple[int, int]] = []
    start = 0
    depth = 0
    has_content = False  # text[start:i] holds something besides whitespace
    i = 0
    while i < n:
        ch = text[i]
        if not ch.isspace():
            has_content = True
        if i in paired:
            depth += 1 if ch in BRACKET_PAIRS else -1
            i += 1
            continue
        cut_from: int | None = None
        if depth == 0:
            if ch in LINE_BREAKS and has_content:
                cut_from = i
            elif _is_terminator(text, i):
                cut_from = _skip_closers(text, i + 1)
        if cut_from is None:
            i += 1
            continue
        end = _skip_whitespace(text, cut_from)
        spans.append((start, end))
        start = i = end
        has_content = False
    if start < n:
        spans.append((start, n))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split Japanese text into sentences; ``"".join(result) == text``."""
    return [text[start:end] for start, end in sentence_spans(text)]


def shorten(text: str, limit: int = 60) -> str:
    """Collapse whitespace to single spaces and cut to ``limit`` characters with "…".

    The cut never separates a character from a combining mark, variation
    selector or half-width sound mark that belongs to it.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = limit - 1  # leave room for the ellipsis
    while cut > 0 and _attaches_to_previous(flat[cut]):
        cut -= 1
    return flat[:cut].rstrip() + "…"


def _paired_brackets(text: str) -> frozenset[int]:
    """Indices of brackets that have a partner on the same line.

    Only paired brackets count towards the nesting depth: a stray 「 that is
    never closed (common in scraped text) would otherwise swallow every
    sentence after it. Brackets never pair across a line break for the same
    reason.
    """
    paired: set[int] = set()
    stack: list[tuple[str, int]] = []  # (expected closer, index of the opener)
    for i, ch in enumerate(text):
        if ch in LINE_BREAKS:
            stack.clear()
        elif ch in BRACKET_PAIRS:
            stack.append((BRACKET_PAIRS[ch], i))
        elif ch in CLOSING_BRACKETS:
            for level in range(len(stack) - 1, -1, -1):
                if stack[level][0] == ch:
                    paired.add(stack[level][1])
                    paired.add(i)
                    # Openers above the match were never closed; they stay unpaired.
                    del stack[level:]
                    break
    return frozenset(paired)


def _is_terminator(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in TERMINATORS:
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if ch == "．" and before.isdigit() and after.isdigit():
        return False  # a decimal point: ３．５
    # "?id=3" in a URL, "Yahoo!JAPAN": ASCII marks glued to ASCII words.
    return not (ch in "!?" and after.isascii() and (after.isalnum() or after in "=&/_-"))


def _skip_closers(text: str, i: int) -> int:
    while i < len(text) and (text[i] in CLOSING_BRACKETS or text[i] in TERMINATORS):
        i += 1
    return i


def _skip_whitespace(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _attaches_to_previous(ch: str) -> bool:
    """Whether ``ch`` draws on top of (or joins onto) the character before it;
    cutting in front of one would leave a bare base or a stray mark."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me")
        or ch in HALF_WIDTH_VOICING
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF  # ideographic variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tones
        or ch == "\u200d"  # zero-width joiner
    )
