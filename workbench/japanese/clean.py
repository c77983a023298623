"""Turn pasted or scraped Japanese text into paragraphs, marking page furniture.

:func:`clean_text` returns every candidate paragraph in order, including the
ones it drops (``keep=False`` with a short reason), so an import preview can
show the editor what was kept and what was struck out before anything is
stored.

Hard-wrapped lines are joined back into one paragraph when all of these hold:

* both lines are kept body text in the same block (no blank line between them);
* the first line does not end a sentence or a clause that introduces a list
  (。．！？!?, a closing bracket or quote, or a colon);
* the second line does not start a new paragraph (it is not indented with a
  leading space or U+3000, and it is not a list item);
* the first line either ends with a comma (、，,), which never ends a
  paragraph, or is *full*: at least 20 columns wide and within 85% of the
  widest line of its block, measured both in display columns and in
  characters (wrappers count one or the other).

A line made only of closing punctuation (。」！？…) always continues the line
before it: a naive wrapper pushed it there, and it cannot start a paragraph.

In a block that is plainly hard-wrapped (most of its full lines, last line
aside, stop mid-sentence) a full line also continues when it happens to end
in 。 or a closing bracket: the wrap point merely fell after one. Blocks of
unwrapped paragraphs, one per line, have full lines that all end sentences,
so they are never joined this way.

Lines are glued without a space, as Japanese has none, except inside an
English phrase: when the first line ends in a run of ASCII text containing
a space ("... the United" + "Nations"). A break inside a single ASCII word
("「Twitte" + "r(現在のX)") is a character-count wrap and gets no space.

A heading or short title line is never full next to the body it introduces,
so it keeps its own paragraph. The rule cannot tell a heading from a wrapped
line when the heading happens to be as wide as the wrap width, nor, in a
hard-wrapped block without blank lines between paragraphs, a paragraph whose
last line happens to be full from a wrapped line; the preview shows both
cases to the editor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workbench.japanese.split import CLOSING_BRACKETS, split_sentences
from workbench.japanese.split import shorten as _shorten

REASON_COMMENTS = "comment counter"
REASON_SHARE = "share line"
REASON_RELATED = "related-article block"
REASON_COPYRIGHT = "copyright line"
REASON_URL = "bare URL"
REASON_FURNITURE = "page furniture"

UNTITLED = "Untitled"

# Joining thresholds; see the module docstring.
MIN_WRAP_COLUMNS = 20
FULL_LINE_RATIO = 0.85
# Share of a block's full lines that must stop mid-sentence for the block to
# count as hard-wrapped.
WRAPPED_BLOCK_RATIO = 0.6
# A line this long is body text even without a final 。 (ends a related block).
LONG_LINE_CHARS = 80
# Copyright notices are short; a long paragraph that mentions 無断転載 is news.
MAX_COPYRIGHT_CHARS = 120
# Generic furniture words only count on short lines.
MAX_FURNITURE_CHARS = 40


@dataclass(frozen=True)
class Line:
    """One candidate paragraph of an import."""

    text: str
    keep: bool
    reason: str | None = None


@dataclass(frozen=True)
class _Raw:
    """A non-blank source line with the layout facts the joining rule needs."""

    text: str  # stripped
    indented: bool
    block: int  # index of the blank-line-separated block it sits in
    reason: str | None


_SENTENCE_END = frozenset("。．！？!?:：") | CLOSING_BRACKETS | frozenset("’")
_CLAUSE_COMMA = frozenset("、，,")
# A line made only of these is the tail of a wrapped line (a naive wrapper
# pushed the 。 to the next line); it can never start a paragraph.
_TRAILING_PUNCTUATION = _SENTENCE_END | _CLAUSE_COMMA | frozenset("…‥")
_LIST_MARKER = re.compile(r"^(?:[・•‣∙◦●○◆◇■□▪▫▶▷►※＊*\-–—]|\(?\d{1,2}[.)）]|[①-⑳])")

# Matched against NFKC-folded, casefolded text, so full-width forms need no
# alternatives: （１２） arrives as (12).
_COMMENT_COUNTER = re.compile(
    r"^(?:コメント|comments?)\s*:?\s*\(?\s*\d+\s*件?\s*\)?$"
    r"|^\d+\s*(?:件の)?\s*(?:コメント|comments?)$"
)
# Japanese notices prohibit (禁) reproduction; a sentence that only mentions
# 無断転載 is news.
_COPYRIGHT = re.compile(
    r"copyright|©|^\(c\)|\(c\)\s*\d{4}|all rights reserved"
    r"|禁無断転載|無断(?:で)?(?:転載|複製|転用|使用)[^。]{0,20}?禁|転載[をは]?禁"
)
_BARE_URL = re.compile(r"^[<(\[]?(?:https?://|www\.)\S+?[>)\]]?$")
_BREADCRUMB = re.compile(r"^(?:ホーム|トップ|home|top)\s*[>›»/]")
_PAGER = re.compile(r"^(?:[<«‹]\s*)?(?:前へ\s*)?\d+(?:\s+\d+)+(?:\s*次へ)?(?:\s*[>»›])?$")
_FURNITURE_WORDS = frozenset(
    {
        "広告",
        "pr",
        "advertisement",
        "sponsored",
        "スポンサーリンク",
        "続きを読む",
        "もっと見る",
        "もっと読む",
        "記事を読む",
        "全文を読む",
        "次のページ",
        "前のページ",
        "次へ",
        "前へ",
        "ページの先頭へ",
        "ページトップへ",
        "トップへ戻る",
        "先頭へ戻る",
        "写真を拡大",
        "画像を拡大",
        "拡大する",
        "この記事の写真を見る",
        "写真を見る",
        "コメントを書く",
        "コメントする",
        "コメントを見る",
        "コメント一覧",
        "ログイン",
        "会員登録",
    }
)
_PHOTO_COUNT = re.compile(r"^\(?全\d+枚\)?$")

_SHARE_WORDS = frozenset(
    {
        "シェア",
        "シェアする",
        "この記事をシェア",
        "この記事をシェアする",
        "記事をシェア",
        "ツイート",
        "tweet",
        "share",
        "ポスト",
        "post",
        "facebook",
        "facebookでシェア",
        "facebookでシェアする",
        "twitter",
        "twitterでシェア",
        "x",
        "xでポスト",
        "xでシェア",
        "line",
        "lineで送る",
        "lineでシェア",
        "はてなブックマーク",
        "はてなブックマークに追加",
        "はてブ",
        "b!",
        "pocket",
        "いいね",
        "いいね!",
        "ブックマーク",
        "印刷",
        "印刷する",
        "メール",
        "メールで送る",
        "リンクをコピー",
        "urlをコピー",
        "コピー",
        "threads",
        "bluesky",
    }
)
_SHARE_SEPARATORS = re.compile(r"[\s|/,、]+")

_RELATED_HEADINGS = (
    "関連記事",
    "関連ニュース",
    "関連リンク",
    "あわせて読みたい",
    "合わせて読みたい",
    "併せて読みたい",
    "こちらもおすすめ",
    "おすすめ記事",
    "related articles",
    "related stories",
    "related news",
)
# Decoration around a heading: 【関連記事】, ■関連記事, ▼あわせて読みたい, 関連記事：
_DECORATION = "【】[]〔〕<>〈〉《》«»■□◆◇●○▼▽▲△▶▷►>:=*・|-—―─ "
_RELATED_PREFIX = re.compile(
    r"^[" + re.escape(_DECORATION) + r"]*(?:" + "|".join(_RELATED_HEADINGS) + r")"
    r"[" + re.escape(_DECORATION) + r"]+\S"
)


def clean_text(text: str) -> list[Line]:
    """Split an import into candidate paragraphs, marking page furniture.

    Newlines of every kind are normalised, each line is stripped (which also
    removes U+3000 and NBSP) and whitespace-only lines are left out entirely.
    Hard-wrapped lines are joined (see the module docstring). Dropped lines
    come back in their original position with ``keep=False`` and a reason.
    """
    return _join_wrapped(_classify(_raw_lines(text)))


def paragraphs(text: str) -> list[str]:
    """The texts of the paragraphs :func:`clean_text` keeps."""
    return [line.text for line in clean_text(text) if line.keep]


def default_title(paragraph_texts: list[str], limit: int = 60) -> str:
    """The first sentence of the first non-blank paragraph, shortened; "Untitled" if none."""
    for text in paragraph_texts:
        if text.strip():
            first = split_sentences(text.strip())[0]
            return _shorten(first, limit) or UNTITLED
    return UNTITLED


def display_width(text: str) -> int:
    """Width in terminal columns: wide, full-width and ambiguous characters count 2.

    Ambiguous ones (…, ○, Ⅰ) are drawn wide in Japanese fonts.
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1
    return width


def _raw_lines(text: str) -> list[_Raw]:
    # splitlines() breaks on \r\n, \r, \n, U+2028, U+2029 and NEL alike.
    lines: list[_Raw] = []
    block = 0
    previous_blank = False
    for source in text.splitlines():
        stripped = source.strip()
        if not stripped:
            previous_blank = True
            continue
        if previous_blank and lines:
            block += 1
        previous_blank = False
        lines.append(_Raw(stripped, source[:1].isspace(), block, None))
    return lines


def _classify(lines: list[_Raw]) -> list[_Raw]:
    """Attach a drop reason to furniture lines, following related-article blocks."""
    out: list[_Raw] = []
    in_related = False
    for line in lines:
        folded = _fold(line.text)
        reason = _standalone_reason(folded, line.text)
        if _is_related_heading(folded):
            in_related = True
            reason = REASON_RELATED
        elif in_related:
            if reason == REASON_URL or (reason is None and not _looks_like_body(line.text)):
                reason = REASON_RELATED
            else:
                # Body text or a different kind of furniture closes the block.
                in_related = False
        out.append(_Raw(line.text, line.indented, line.block, reason))
    return out


def _standalone_reason(folded: str, text: str) -> str | None:
    if _COMMENT_COUNTER.match(folded):
        return REASON_COMMENTS
    if _is_share_line(folded):
        return REASON_SHARE
    if len(text) <= MAX_COPYRIGHT_CHARS and _COPYRIGHT.search(folded):
        return REASON_COPYRIGHT
    if _BARE_URL.match(folded):
        return REASON_URL
    if _is_page_furniture(folded, text):
        return REASON_FURNITURE
    return None


def _is_related_heading(folded: str) -> bool:
    return folded.strip(_DECORATION) in _RELATED_HEADINGS or bool(_RELATED_PREFIX.match(folded))


def _is_share_line(folded: str) -> bool:
    words = [w for w in _SHARE_SEPARATORS.split(folded) if w]
    # Counters sit next to the buttons ("シェア 12"); a line of bare numbers is not a share line.
    return any(w in _SHARE_WORDS for w in words) and all(
        w in _SHARE_WORDS or w.isdigit() for w in words
    )


def _is_page_furniture(folded: str, text: str) -> bool:
    if _is_trailing_punctuation(text):
        return False
    if not any(ch.isalnum() for ch in text):
        return True  # rules and ornaments: nothing to translate
    if len(text) > MAX_FURNITURE_CHARS:
        return False
    return bool(
        folded.strip(_DECORATION) in _FURNITURE_WORDS
        or _PHOTO_COUNT.match(folded)
        or _BREADCRUMB.match(folded)
        or _PAGER.match(folded)
    )


def _is_trailing_punctuation(text: str) -> bool:
    return all(ch in _TRAILING_PUNCTUATION for ch in text)


def _looks_like_body(text: str) -> bool:
    """Whether a line reads as article text rather than a headline in a link list."""
    core = text.rstrip("".join(CLOSING_BRACKETS))
    return core.endswith(("。", "．")) or len(text) > LONG_LINE_CHARS


@dataclass(frozen=True)
class _BlockShape:
    """Line-length facts about one blank-line-separated block of body lines."""

    widest_columns: int
    widest_chars: int
    wrapped: bool


def _block_shapes(lines: list[_Raw]) -> dict[int, _BlockShape]:
    body: dict[int, list[str]] = {}
    for line in lines:
        if line.reason is None:
            body.setdefault(line.block, []).append(line.text)
    shapes: dict[int, _BlockShape] = {}
    for block, texts in body.items():
        columns = max(display_width(t) for t in texts)
        chars = max(len(t) for t in texts)
        # The last line of a block is a paragraph end, whatever its width.
        full = [t for t in texts[:-1] if _is_full(t, columns, chars)]
        open_ended = [t for t in full if t[-1] not in _SENTENCE_END]
        wrapped = bool(full) and len(open_ended) >= WRAPPED_BLOCK_RATIO * len(full)
        shapes[block] = _BlockShape(columns, chars, wrapped)
    return shapes


def _is_full(text: str, widest_columns: int, widest_chars: int) -> bool:
    columns = display_width(text)
    if columns < MIN_WRAP_COLUMNS:
        return False
    return (
        columns >= FULL_LINE_RATIO * widest_columns or len(text) >= FULL_LINE_RATIO * widest_chars
    )


def _join_wrapped(lines: list[_Raw]) -> list[Line]:
    shapes = _block_shapes(lines)
    result: list[Line] = []
    pending: str | None = None  # kept paragraph still open for continuation lines
    previous: _Raw | None = None
    for line in lines:
        if line.reason is not None:
            if pending is not None:
                result.append(Line(pending, True))
                pending = None
            result.append(Line(line.text, False, line.reason))
        elif pending is not None and previous is not None and _continues(previous, line, shapes):
            pending += _glue(previous.text, line.text) + line.text
        else:
            if pending is not None:
                result.append(Line(pending, True))
            pending = line.text
        previous = line
    if pending is not None:
        result.append(Line(pending, True))
    return result


def _continues(first: _Raw, second: _Raw, shapes: dict[int, _BlockShape]) -> bool:
    if first.reason is not None or second.reason is not None or first.block != second.block:
        return False
    if _is_trailing_punctuation(second.text):
        return True
    if second.indented or _LIST_MARKER.match(second.text):
        return False
    last = first.text[-1]
    if last in ":：":
        return False  # introduces what follows: a list or a quotation
    shape = shapes[first.block]
    full = _is_full(first.text, shape.widest_columns, shape.widest_chars)
    if last in _SENTENCE_END:
        return full and shape.wrapped
    return last in _CLAUSE_COMMA or full


def _glue(before: str, after: str) -> str:
    if not (after[0].isascii() and after[0].isalnum()):
        return ""
    tail = len(before)
    while tail > 0 and before[tail - 1].isascii():
        tail -= 1
    ascii_run = before[tail:]
    # A space inside the trailing ASCII run means English prose, wrapped at a
    # space the wrapper dropped; a lone ASCII word was cut mid-word.
    return " " if " " in ascii_run.strip() else ""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()
