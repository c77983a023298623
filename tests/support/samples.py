"""Sample article and a realistic noisy news page built around it, for tests."""

from __future__ import annotations

import html
from pathlib import Path

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "samples" / "trump-kim-talks.ja.txt"


def sample_text() -> str:
    """The scraped sample article, exactly as stored (UTF-8, trailing furniture included)."""
    return SAMPLE_PATH.read_text(encoding="utf-8")


def sample_body_lines() -> list[str]:
    """The sample's non-blank lines, stripped; the last one is its comment counter."""
    return [line.strip() for line in sample_text().splitlines() if line.strip()]


def wrap_sample_in_html(title: str) -> str:
    """A news page with the sample as its article, surrounded by typical page chrome.

    It has a site header with a logo <h1> and a menu, navigation, scripts and
    styles, an article header with a date and share buttons, an ad slot, a
    related-articles aside and list, a comments section (holding the sample's
    comment counter), a footer with a copyright line and a tracking iframe.
    """
    *paragraphs, counter = sample_body_lines()
    e = html.escape
    body = "\n".join(f"      <p>{e(p)}</p>" for p in paragraphs[:7])
    rest = "\n".join(f"      <p>{e(p)}</p>" for p in paragraphs[7:])
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
  <meta charset="utf-8">
  <title>{e(title)} - 東亜ニュース</title>
  <meta property="og:title" content="{e(title)} | 東亜ニュース">
  <style>body {{ font-family: sans-serif; }} .ad-slot {{ height: 250px; }}</style>
  <script>window.dataLayer = [{{"page": "article", "text": "追跡用のスクリプト。"}}];</script>
</head>
<body class="page-article has-nav">
  <header class="site-header">
    <h1 class="logo"><a href="/">東亜ニュース</a></h1>
    <ul class="global-menu">
      <li><a href="/politics">政治</a></li><li><a href="/world">国際</a></li>
      <li><a href="/economy">経済</a></li><li><a href="/login">ログイン</a></li>
    </ul>
  </header>
  <nav class="gnav"><ul><li>ホーム</li><li>ニュース</li><li>ランキング</li></ul></nav>
  <div class="breadcrumb"><a href="/">ホーム</a> &gt; <a href="/world">国際</a> &gt; 北朝鮮</div>
  <main id="content">
    <article class="article">
      <header class="article-header">
        <h1 class="article-title">{e(title)}</h1>
        <time datetime="2025-10-30T12:00:00+09:00">2025年10月30日 12:00</time>
        <div class="share-buttons">
          <a href="#">Facebookでシェア</a> <a href="#">ツイート</a> <a href="#">LINEで送る</a>
        </div>
      </header>
      <div class="article-body" itemprop="articleBody">
{body}
      <div class="ad-slot"><span>広告</span><script>loadAd("slot-1");</script></div>
{rest}
      </div>
      <div class="sns-follow">東亜ニュースをフォローする</div>
      <section id="comments" class="comment-area">
        <h2>コメント</h2>
        <p class="count">{e(counter)}</p>
        <form action="/comments"><textarea name="body"></textarea><button>投稿する</button></form>
      </section>
    </article>
    <aside class="related-articles">
      <h2>関連記事</h2>
      <ul>
        <li><a href="/world/1">トランプ氏、金正恩氏との会談に改めて意欲</a></li>
        <li><a href="/world/2">米朝首脳会談、実現の可能性は？専門家に聞く</a></li>
      </ul>
    </aside>
    <div class="ranking-box"><h2>アクセスランキング</h2><ol><li>記事タイトル一</li></ol></div>
  </main>
  <footer class="site-footer">
    <p>Copyright © 2025 Toa News. All rights reserved.</p>
    <p>記事の無断転載を禁じます。</p>
  </footer>
  <noscript><img src="/pixel.gif" alt="追跡"></noscript>
  <iframe src="https://ads.example.com/frame"></iframe>
  <script src="/static/app.js"></script>
</body>
</html>
"""
