"""Pull the headline and body text out of a saved news page.

Page chrome (navigation, site header, related links, comments, share
buttons, ads) is removed first, then the element that holds the article is
chosen and its block elements are read one paragraph per line.
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

# Never article text, wherever they appear.
_REMOVED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "canvas",
    "button",
    "select",
    "textarea",
    "object",
    "embed",
    "rt",  # ruby readings would be read twice: 漢字(かんじ)
    "rp",
)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
# class/id words that mark chrome. Compared word by word ("ad-slot" -> ad, slot),
# so "head" or "download" are not mistaken for ads.
_NOISE_PREFIXES = (
    "related",
    "comment",
    "share",
    "sns",
    "social",
    "breadcrumb",
    "menu",
    "nav",
    "footer",
    "ranking",
    "recommend",
)
_NOISE_WORDS = frozenset(
    {"ad", "ads", "adsbygoogle", "advert", "advertisement", "sponsor", "sponsored"}
)
# Words that start like a noise prefix but name article content.
_CONTENT_WORDS = frozenset({"commentary", "commentator"})
# Containers are never dropped for their class: <body class="has-nav"> is common.
_PROTECTED_TAGS = frozenset({"html", "body", "main"})

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


def extract_article(html: str) -> tuple[str | None, str]:
    """Return ``(headline or None, body text with one paragraph per line)``.

    Raises :class:`NoArticleTextError` when no body text remains.
    """
    soup = BeautifulSoup(html, "html.parser")
    meta_title = _meta_title(soup)
    _remove_chrome(soup)
    container = _choose_container(soup)
    h1 = container.find("h1") or soup.find("h1")
    headline: str | None = None
    if isinstance(h1, Tag):
        headline = _inline_text(h1).strip() or None
        # The headline is the title, not the first paragraph.
        h1.decompose()
    if headline is None:
        headline = meta_title
    body = "\n".join(_paragraphs(container))
    if not body.strip():
        raise NoArticleTextError(
            "No article text was found in this page. Paste the article text instead."
        )
    return headline, body


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


def _remove_chrome(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(["head", "title", "meta", "link", *_REMOVED_TAGS]):
        tag.decompose()
    for header in soup.find_all("header"):
        if header.decomposed:
            continue
        h1 = header.find("h1")
        if isinstance(h1, Tag) and header.find_parent("article") is not None:
            # An article's own header: keep its headline, drop byline, dates and buttons.
            header.replace_with(h1.extract())
        else:
            header.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _PROTECTED_TAGS or tag.get("itemprop") == "articleBody":
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    style = tag.get("style")
    if isinstance(style, str) and re.search(r"display\s*:\s*none", style, re.IGNORECASE):
        return True
    if tag.get("role") in _CHROME_ROLES:
        return True
    return any(_is_noise_word(word) for word in _class_and_id_words(tag))


def _class_and_id_words(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
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


def _is_noise_word(word: str) -> bool:
    if word in _CONTENT_WORDS:
        return False
    return word in _NOISE_WORDS or word.startswith(_NOISE_PREFIXES)


def _choose_container(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    articles = [a for a in soup.find_all("article") if _text_length(a)]
    if articles:
        return max(articles, key=_text_length)
    for candidate in (soup.find("main"), soup.find(attrs={"itemprop": "articleBody"})):
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


def _paragraphs(container: Tag | BeautifulSoup) -> list[str]:
    """Read block elements in document order; text between blocks is its own paragraph.

    A <br> ends a line inside the paragraph; source line breaks do not.
    """
    paragraphs: list[str] = []
    lines: list[list[str]] = [[]]

    def flush() -> None:
        for pieces in lines:
            text = _collapse("".join(pieces)).strip()
            if text:
                paragraphs.append(text)
        lines.clear()
        lines.append([])

    def walk(node: Tag | BeautifulSoup) -> None:
        for child in node.children:
            if isinstance(child, _IGNORED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                lines[-1].append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    lines.append([])
                elif child.name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(container)
    flush()
    return paragraphs


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
