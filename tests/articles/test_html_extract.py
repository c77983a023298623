from __future__ import annotations

import pytest

from tests.support.samples import sample_body_lines, wrap_sample_in_html
from workbench.articles.html_extract import (
    Block,
    NoArticleTextError,
    extract_article,
    extract_blocks,
)
from workbench.japanese.clean import clean_text, default_title, paragraphs

TITLE = "トランプ氏の「求愛」、金正恩氏は応じるか"


def test_noisy_page_gives_the_sample_paragraphs_and_headline() -> None:
    headline, body = extract_article(wrap_sample_in_html(TITLE))
    assert headline == TITLE
    lines = clean_text(body)
    kept = [line.text for line in lines if line.keep]
    assert kept == sample_body_lines()[:14]
    assert len(kept) == 14
    # Nothing of the chrome reaches the text, not even as dropped lines.
    assert all(line.keep for line in lines)
    for chrome in (
        "東亜ニュース",
        "ログイン",
        "Facebookでシェア",
        "広告",
        "関連記事",
        "コメント",
        "Copyright",
        "無断転載",
        "追跡",
        "loadAd",
        "ランキング",
        "2025年10月30日 12:00",
        "フォロー",
    ):
        assert chrome not in body


def test_headline_becomes_the_title() -> None:
    headline, body = extract_article(wrap_sample_in_html(TITLE))
    assert (headline or default_title(paragraphs(body))) == TITLE


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "headline"),
    [
        # h1 inside the container wins over a site logo h1 elsewhere.
        (
            page(
                "<div class='logo'><h1>サイト名</h1></div>"
                "<article><h1>記事見出し</h1><p>本文。</p></article>"
            ),
            "記事見出し",
        ),
        # An article header keeps its h1 even though headers are chrome.
        (
            page(
                "<article><header><h1>見出し</h1><time>昨日</time></header><p>本文。</p></article>"
            ),
            "見出し",
        ),
        # No h1 in the container: the first h1 in the page.
        (page("<h1>外の見出し</h1><main><p>本文。</p></main>"), "外の見出し"),
        # No h1 at all: og:title, then <title>, without the site name.
        (
            page(
                "<article><p>本文。</p></article>",
                "<title>タイトル - サイト</title>"
                "<meta property='og:title' content='OGの見出し | サイト'>",
            ),
            "OGの見出し",
        ),
        (
            page(
                "<article><p>本文。</p></article>", "<title>米朝会談の行方 - 東亜ニュース</title>"
            ),
            "米朝会談の行方",
        ),
        (
            page("<article><p>本文。</p></article>", "<title>米朝会談の行方｜東亜ニュース</title>"),
            "米朝会談の行方",
        ),
        (
            page("<article><p>本文。</p></article>", "<title>米朝会談の行方 | 国際 | 東亜</title>"),
            "米朝会談の行方 | 国際",
        ),
        (page("<article><p>本文。</p></article>"), None),
    ],
)
def test_headline_sources(html: str, headline: str | None) -> None:
    assert extract_article(html)[0] == headline


def test_headline_is_not_repeated_in_the_body() -> None:
    headline, body = extract_article(page("<article><h1>見出し</h1><p>本文。</p></article>"))
    assert (headline, body) == ("見出し", "本文。")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # <article> is preferred over everything else.
        ("<div><p>周りの文。</p></div><article><p>記事の文。</p></article>", "記事の文。"),
        # Then <main>.
        ("<div><p>周りの文。</p></div><main><p>主要な文。</p></main>", "主要な文。"),
        # Then itemprop=articleBody.
        (
            "<div><p>周りの文。</p></div><div itemprop='articleBody'><p>本文の文。</p></div>",
            "本文の文。",
        ),
        # Then the element with the most Japanese text in direct <p> children.
        (
            "<div id='a'><p>短い。</p></div><div id='b'><p>こちらの方がずっと長い本文である。</p>"
            "<p>二段落目も長い。</p></div>",
            "こちらの方がずっと長い本文である。\n二段落目も長い。",
        ),
        # Then the body.
        ("<div>ただの文。</div><span>続き。</span>", "ただの文。\n続き。"),
    ],
)
def test_container_choice(body: str, expected: str) -> None:
    assert extract_article(page(body))[1] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>一行目<br>二行目<br/>三行目</p>", "一行目\n二行目\n三行目"),
        (
            "<ul><li>項目一</li><li>項目二</li></ul><blockquote>引用文。</blockquote>",
            "項目一\n項目二\n引用文。",
        ),
        ("<h2>小見出し</h2><p>本文。</p><h3>次</h3><h4>更に</h4>", "小見出し\n本文。\n次\n更に"),
        # Text directly in a div, around nested blocks.
        ("<div>前の文。<div>中の文。</div>後の文。</div>", "前の文。\n中の文。\n後の文。"),
        ("<p>太字の<b>強調</b>と<a href='#'>リンク</a>。</p>", "太字の強調とリンク。"),
        # A source line break between Japanese characters is not a space.
        ("<p>北朝鮮の金正恩\n  国務委員長は述べた。</p>", "北朝鮮の金正恩国務委員長は述べた。"),
        ("<p>the United\n  Nations と述べた。</p>", "the United Nations と述べた。"),
        (
            "<p>ruby: <ruby>金正恩<rp>(</rp><rt>キム・ジョンウン</rt><rp>)</rp></ruby>氏</p>",
            "ruby: 金正恩氏",
        ),
        ("<p>本文&amp;記号&lt;だ&gt;。</p><!-- コメント --><p>次。</p>", "本文&記号<だ>。\n次。"),
    ],
)
def test_paragraph_text(body: str, expected: str) -> None:
    assert extract_article(page(f"<article>{body}</article>"))[1] == expected


@pytest.mark.parametrize(
    "chrome",
    [
        "<nav><p>ナビ</p></nav>",
        "<header><p>サイトの見出し</p></header>",
        "<footer><p>フッター</p></footer>",
        "<aside><p>余談</p></aside>",
        "<form><p>検索</p></form>",
        "<script>var s = 'スクリプト';</script>",
        "<style>p::before { content: 'スタイル'; }</style>",
        "<noscript>ノースクリプト</noscript>",
        "<template><p>テンプレート</p></template>",
        "<iframe>埋め込み</iframe>",
        "<div class='related-articles'><p>関連</p></div>",
        "<div class='relatedNews'><p>関連</p></div>",
        "<section id='comments'><p>読者の声</p></section>",
        "<div class='share_buttons'><p>共有</p></div>",
        "<div class='sns'><p>共有</p></div>",
        "<div class='ad-slot'><p>宣伝</p></div>",
        "<div class='ads'><p>宣伝</p></div>",
        "<div class='breadcrumb'><p>ホーム</p></div>",
        "<ul class='menu'><li>メニュー</li></ul>",
        "<div class='global-nav'><p>ナビ</p></div>",
        "<div class='ranking'><p>順位</p></div>",
        "<div class='recommend-box'><p>おすすめ</p></div>",
        "<div class='site-footer'><p>フッター</p></div>",
        "<div role='navigation'><p>ナビ</p></div>",
        "<div hidden><p>隠し</p></div>",
        "<div style='display: none'><p>隠し</p></div>",
    ],
)
def test_chrome_is_removed(chrome: str) -> None:
    html = page(f"<article><p>本文の一段落目。</p>{chrome}<p>本文の二段落目。</p></article>")
    assert extract_article(html)[1] == "本文の一段落目。\n本文の二段落目。"


@pytest.mark.parametrize(
    "kept",
    [
        # Class words are compared whole: these are not ads, menus or navigation.
        "<div class='headline-lead'><p>リード文。</p></div>",
        "<div class='downloads'><p>資料。</p></div>",
        "<div class='commentary'><p>解説。</p></div>",
        "<div class='unavailable'><p>注記。</p></div>",
    ],
)
def test_lookalike_classes_are_kept(kept: str) -> None:
    html = page(f"<article>{kept}</article>")
    assert extract_article(html)[1].endswith("。")


def test_body_class_does_not_remove_the_page() -> None:
    html = "<html><body class='has-nav menu-open'><p>本文。</p></body></html>"
    assert extract_article(html) == (None, "本文。")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><head><title>空</title></head><body></body></html>",
        page("<nav><p>ナビだけ</p></nav><script>x()</script><footer>フッター</footer>"),
        page("<article><h1>見出しだけ</h1></article>"),
    ],
)
def test_no_article_text(html: str) -> None:
    with pytest.raises(NoArticleTextError):
        extract_article(html)


# ---------------------------------------------------------------- what is dropped, and why


def test_dropped_blocks_come_back_in_document_order_with_their_reasons() -> None:
    html = page(
        "<header><p>サイト名</p></header>"
        "<nav><ul><li>ホーム</li><li>国際</li></ul></nav>"
        "<article><h1>見出し</h1><p>一段落目。</p>"
        "<div class='ad-slot'>広告</div><p>二段落目。</p>"
        "<section class='comments'><p>コメント3件</p></section></article>"
        "<aside><p>関連の話。</p></aside>"
        "<div>外の文。</div>"
        "<footer><p>著作権表示</p></footer>"
        "<script>var hidden = 'スクリプト';</script>"
    )
    extracted = extract_blocks(html)
    assert extracted.headline == "見出し"
    assert extracted.blocks == [
        Block("サイト名", "site header"),
        Block("ホーム · 国際", "navigation"),
        Block("見出し", "headline, used as the title"),
        Block("一段落目。"),
        Block("広告", "advertisement"),
        Block("二段落目。"),
        Block("コメント3件", "comments"),
        Block("関連の話。", "aside"),
        Block("外の文。", "outside the article"),
        Block("著作権表示", "footer"),
    ]


@pytest.mark.parametrize(
    ("chrome", "reason"),
    [
        ("<div role='navigation'><p>ナビ</p></div>", "navigation"),
        ("<div class='breadcrumb'><p>ホーム</p></div>", "navigation"),
        ("<div class='site-footer'><p>フッター</p></div>", "footer"),
        ("<div role='complementary'><p>余談</p></div>", "aside"),
        ("<div class='relatedNews'><p>関連</p></div>", "related links"),
        ("<div class='share_buttons'><p>共有</p></div>", "share buttons"),
        ("<div hidden><p>隠し</p></div>", "hidden on the page"),
        ("<form><p>検索</p></form>", "form or button"),
        ("<div role='search'><p>検索</p></div>", "search box"),
        (
            "<header><h1>題</h1><time>昨日</time></header>",
            "article header (date, buttons)",
        ),
    ],
)
def test_each_kind_of_chrome_says_why_it_was_dropped(chrome: str, reason: str) -> None:
    blocks = extract_blocks(page(f"<article>{chrome}<p>本文。</p></article>")).blocks
    dropped = [b for b in blocks if not b.kept and b.reason != "headline, used as the title"]
    assert dropped and {b.reason for b in dropped} == {reason}
    assert [b.text for b in blocks if b.kept] == ["本文。"]


def test_an_inline_button_inside_a_sentence_leaves_the_sentence_whole() -> None:
    html = page(
        "<article><p>本文の<span class='share'>シェア</span>続き。</p><p>次。</p></article>"
    )
    assert extract_blocks(html).blocks == [
        Block("本文の続き。"),
        Block("シェア", "share buttons"),
        Block("次。"),
    ]


def test_a_dropped_menu_is_one_line_and_dropped_paragraphs_stay_apart() -> None:
    html = page(
        "<ul class='menu'><li>政治</li><li>国際</li><li>経済</li></ul>"
        "<article><p>本文。</p></article>"
        "<aside><p>余談の一段落目は長めに書かれた文章である。</p><p>二段落目。</p></aside>"
    )
    assert [b for b in extract_blocks(html).blocks if not b.kept] == [
        Block("政治 · 国際 · 経済", "navigation"),
        Block("余談の一段落目は長めに書かれた文章である。", "aside"),
        Block("二段落目。", "aside"),
    ]


def test_scripts_styles_and_frames_are_not_listed() -> None:
    html = page(
        "<article><p>本文。</p><script>x('スクリプト')</script><style>p{}</style>"
        "<iframe>枠</iframe><noscript>なし</noscript><template><p>型</p></template></article>",
        "<title>題 - サイト</title>",
    )
    assert extract_blocks(html).blocks == [Block("本文。")]
