"""Pull the headline and body text out of a saved news page.

Page chrome (navigation, site header, related links, comments, share
buttons, ads) is set aside first, then the element that holds the article is
chosen and the page's block elements are read one paragraph per line, in
document order. Every block that is not article text comes back too, with the
reason it was left out, so that the import preview can show it struck
through; scripts, styles and frames are not text and are not shown at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

REASON_NAVIGATION = "navigation"
REASON_SITE_HEADER = "site header"
REASON_ARTICLE_HEADER = "article header (date, buttons)"
REASON_FOOTER = "footer"
REASON_ASIDE = "aside"
REASON_FORM = "form or button"
REASON_SEARCH = "search box"
REASON_HIDDEN = "hidden on the page"
REASON_RELATED = "related links"
REASON_COMMENTS = "comments"
REASON_SHARE = "share buttons"
REASON_AD = "advertisement"
REASON_OUTSIDE = "outside the article"
REASON_HEADLINE = "headline, used as the title"

# Never text a reader sees: removed without a trace.
_INVISIBLE_TAGS = (
    "head",
    "title",
    "meta",
    "link",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "rt",  # ruby readings would be read twice: 漢字(かんじ)
    "rp",
)
# Never article text, wherever they appear; shown as dropped.
_CHROME_TAGS = {
    "nav": REASON_NAVIGATION,
    "footer": REASON_FOOTER,
    "aside": REASON_ASIDE,
    "form": REASON_FORM,
    "button": REASON_FORM,
    "select": REASON_FORM,
    "textarea": REASON_FORM,
}
_CHROME_ROLES = {
    "navigation": REASON_NAVIGATION,
    "banner": REASON_SITE_HEADER,
    "contentinfo": REASON_FOOTER,
    "complementary": REASON_ASIDE,
    "search": REASON_SEARCH,
}
# class/id words that mark chrome. Compared word by word ("ad-slot" -> ad, slot),
# so "head" or "download" are not mistaken for ads.
_NOISE_PREFIXES = (
    ("related", REASON_RELATED),
    ("recommend", REASON_RELATED),
    ("ranking", REASON_RELATED),
    ("comment", REASON_COMMENTS),
    ("share", REASON_SHARE),
    ("sns", REASON_SHARE),
    ("social", REASON_SHARE),
    ("breadcrumb", REASON_NAVIGATION),
    ("menu", REASON_NAVIGATION),
    ("nav", REASON_NAVIGATION),
    ("footer", REASON_FOOTER),
)
_NOISE_WORDS = frozenset(
    {"ad", "ads", "adsbygoogle", "advert", "advertisement", "sponsor", "sponsored"}
)
# Words that start like a noise prefix but name article content.
_CONTENT_WORDS = frozenset({"commentary", "commentator"})
# Containers are never dropped for their class: <body class="has-nav"> is common.
_PROTECTED_TAGS = frozenset({"html", "body", "main"})
# A dropped element whose paragraphs are all this short is a menu: shown on one line.
MENU_ITEM_CHARS = 20
MENU_SEPARATOR = " · "
# Chrome elements that are blocks of their own (the others sit inside a line).
_CHROME_BLOCKS = frozenset({"nav", "footer", "aside", "form", "header"})
# Stands where a dropped element was, so that it is listed in its place.
_PLACEHOLDER = "workbench-dropped"

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_IGNORED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)

# " - Site name", " | Site", "｜Site" at the end of a <title>.
_TITLE_SUFFIX = re.compile(r"(?:\s+[-|–—]\s+|\s*[｜│]\s*)[^-|–—｜│]{1,40}$")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class NoArticleTextError(ValueError):
    """The page holds no article text once navigation and chrome are removed."""


@dataclass(frozen=True)
class Block:
    """One paragraph of the page; ``reason`` says why it is not article text."""

    text: str
    reason: str | None = None

    @property
    def kept(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class Extracted:
    headline: str | None
    blocks: list[Block]


def extract_article(html: str) -> tuple[str | None, str]:
    """Return ``(headline or None, body text with one paragraph per line)``.

    Raises :class:`NoArticleTextError` when no body text remains.
    """
    extracted = extract_blocks(html)
    return extracted.headline, "\n".join(b.text for b in extracted.blocks if b.kept)


def extract_blocks(html: str) -> Extracted:
    """The headline and every paragraph of the page in document order, the
    article's own with no reason, the others with the reason they were dropped.

    Raises :class:`NoArticleTextError` when no article text remains.
    """
    soup = BeautifulSoup(html, "html.parser")
    meta_title = _meta_title(soup)
    for tag in soup.find_all(_INVISIBLE_TAGS):
        tag.decompose()
    dropped: list[tuple[Tag, str]] = []
    _set_aside_chrome(soup, soup, dropped)
    container = _choose_container(soup)
    h1 = container.find("h1") or soup.find("h1")
    headline: str | None = None
    if isinstance(h1, Tag):
        headline = _inline_text(h1).strip() or None
        # The headline is the title, not the first paragraph.
        _set_aside(soup, h1, REASON_HEADLINE, dropped)
    if headline is None:
        headline = meta_title
    blocks = _Reader(container, dropped).read(soup)
    if not any(block.kept for block in blocks):
        raise NoArticleTextError(
            "No article text was found in this page. Paste the article text instead."
        )
    return Extracted(headline, blocks)


def _meta_title(soup: BeautifulSoup) -> str | None:
    og = soup.find("meta", attrs={"property": "og:title"})
    if isinstance(og, Tag):
        content = og.get("content")
        if isinstance(content, str) and content.strip():
            return _strip_site_name(_collapse(content))
    if soup.title is not None and soup.title.string:
        title = _strip_site_name(_collapse(soup.title.string))
        return title or None
    return None


def _strip_site_name(title: str) -> str:
    title = title.strip()
    shorter = _TITLE_SUFFIX.sub("", title).strip()
    return shorter or title


def _set_aside(soup: BeautifulSoup, tag: Tag, reason: str, dropped: list[tuple[Tag, str]]) -> None:
    """Take ``tag`` out of the page, leaving a placeholder where it stood."""
    placeholder = soup.new_tag(_PLACEHOLDER, attrs={"data-index": str(len(dropped))})
    tag.replace_with(placeholder)
    dropped.append((tag, reason))


def _set_aside_chrome(
    soup: BeautifulSoup, node: Tag | BeautifulSoup, dropped: list[tuple[Tag, str]]
) -> None:
    """Set aside every outermost chrome element under ``node``, in document order."""
    for child in list(node.children):
        if not isinstance(child, Tag):
            continue
        if child.name == "header":
            h1 = child.find("h1")
            if isinstance(h1, Tag) and child.find_parent("article") is not None:
                # An article's own header: keep its headline, drop byline, dates and buttons.
                child.insert_before(h1.extract())
                _set_aside(soup, child, REASON_ARTICLE_HEADER, dropped)
            else:
                _set_aside(soup, child, REASON_SITE_HEADER, dropped)
            continue
        reason = _chrome_reason(child)
        if reason is not None:
            _set_aside(soup, child, reason, dropped)
        else:
            _set_aside_chrome(soup, child, dropped)


def _chrome_reason(tag: Tag) -> str | None:
    if tag.name in _PROTECTED_TAGS or tag.get("itemprop") == "articleBody":
        return None
    if tag.name in _CHROME_TAGS:
        return _CHROME_TAGS[tag.name]
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return REASON_HIDDEN
    style = tag.get("style")
    if isinstance(style, str) and re.search(r"display\s*:\s*none", style, re.IGNORECASE):
        return REASON_HIDDEN
    role = tag.get("role")
    if isinstance(role, str) and role in _CHROME_ROLES:
        return _CHROME_ROLES[role]
    for word in _class_and_id_words(tag):
        reason = _noise_reason(word)
        if reason is not None:
            return reason
    return None


def _class_and_id_words(tag: Tag) -> list[str]:
    classes: str | list[str] = tag.get("class") or []
    names = [classes] if isinstance(classes, str) else list(classes)
    tag_id = tag.get("id")
    if isinstance(tag_id, str):
        names.append(tag_id)
    words: list[str] = []
    for name in names:
        # camelCase and kebab/snake case alike: "relatedNews", "related-news", "related_news".
        spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
        words.extend(w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w)
    return words


def _noise_reason(word: str) -> str | None:
    if word in _CONTENT_WORDS:
        return None
    if word in _NOISE_WORDS:
        return REASON_AD
    return next((reason for prefix, reason in _NOISE_PREFIXES if word.startswith(prefix)), None)


def _choose_container(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    articles = [a for a in soup.find_all("article") if _text_length(a)]
    if articles:
        return max(articles, key=_text_length)
    for candidate in (soup.find("main"), soup.find(itemprop="articleBody")):
        if isinstance(candidate, Tag) and _text_length(candidate):
            return candidate
    best: Tag | None = None
    best_score = 0
    for tag in soup.find_all(True):
        score = sum(_japanese_count(p.get_text()) for p in tag.find_all("p", recursive=False))
        if score > best_score:
            best, best_score = tag, score
    if best is not None:
        return best
    body = soup.find("body")
    return body if isinstance(body, Tag) else soup


def _text_length(tag: Tag) -> int:
    return len(tag.get_text(strip=True))


def _japanese_count(text: str) -> int:
    return sum(
        1
        for ch in text
        if 0x3040 <= ord(ch) <= 0x30FF or unicodedata.name(ch, "").startswith("CJK UNIFIED")
    )


class _Reader:
    """Reads the page's block elements in document order into paragraphs.

    Text between blocks is its own paragraph; a <br> ends a line inside the
    paragraph, source line breaks do not. Text inside the container is the
    article's; a placeholder is read as the element it stands for, with that
    element's reason; any other text is outside the article.
    """

    def __init__(self, container: Tag | BeautifulSoup, dropped: list[tuple[Tag, str]]) -> None:
        self.container = container
        self.dropped = dropped
        self.blocks: list[Block] = []
        self.lines: list[list[str]] = [[]]
        self.reason: str | None = None
        # Dropped inline elements of the paragraph being read, listed after it.
        self.after: list[Block] = []

    def read(self, soup: BeautifulSoup) -> list[Block]:
        if self.container is soup:
            self._walk(soup, None)
        else:
            self._walk(soup, REASON_OUTSIDE)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        for pieces in self.lines:
            text = _collapse("".join(pieces)).strip()
            if text:
                self.blocks.append(Block(text, self.reason))
        self.lines = [[]]
        self.blocks.extend(self.after)
        self.after = []

    def _walk(self, node: Tag | BeautifulSoup, reason: str | None) -> None:
        for child in node.children:
            if isinstance(child, _IGNORED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                self.reason = reason
                self.lines[-1].append(str(child))
            elif isinstance(child, Tag):
                self._tag(child, reason)

    def _tag(self, tag: Tag, reason: str | None) -> None:
        if tag.name == "br":
            self.lines.append([])
        elif tag is self.container:
            self._block(tag, None)
        elif tag.name == _PLACEHOLDER:
            element, why = self.dropped[int(str(tag["data-index"]))]
            inner = _Reader(self.container, self.dropped)
            inner._block(element, why)
            blocks = _as_menu(inner.blocks)
            if element.name in _BLOCK_TAGS or element.name in _CHROME_BLOCKS:
                self._flush()
                self.blocks.extend(blocks)
            else:
                # A share link or an ad inside a sentence: the sentence stays whole.
                self.after.extend(blocks)
        elif tag.name in _BLOCK_TAGS:
            self._block(tag, reason)
        else:
            self._walk(tag, reason)

    def _block(self, tag: Tag, reason: str | None) -> None:
        self._flush()
        self._walk(tag, reason)
        self._flush()


def _as_menu(blocks: list[Block]) -> list[Block]:
    """A dropped element made only of short items (a menu, a list of links) as
    one line, so that a site's navigation does not fill the preview."""
    if len(blocks) > 1 and all(len(b.text) <= MENU_ITEM_CHARS for b in blocks):
        return [Block(MENU_SEPARATOR.join(b.text for b in blocks), blocks[0].reason)]
    return blocks


def _inline_text(tag: Tag) -> str:
    return _collapse(tag.get_text())


def _collapse(text: str) -> str:
    """Collapse HTML whitespace the way a Japanese reader's browser shows it.

    A source line break between two Japanese characters disappears (Japanese
    has no spaces between words); any other run of whitespace becomes one
    space.
    """

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if ("\n" in run or "\r" in run) and _is_wide(before) and _is_wide(after):
            return ""
        return " "

    return _HTML_SPACE.sub(replace, text)


def _is_wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")
