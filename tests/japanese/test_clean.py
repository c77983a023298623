from __future__ import annotations

import pytest

from tests.support.samples import sample_body_lines, sample_text
from workbench.japanese.clean import (
    REASON_COMMENTS,
    REASON_COPYRIGHT,
    REASON_FURNITURE,
    REASON_RELATED,
    REASON_SHARE,
    REASON_URL,
    Line,
    clean_text,
    default_title,
    display_width,
    paragraphs,
)

LONG_BODY = (
    "トランプ大統領は政権2期目就任以降、一貫して金委員長との会談の意向を示してきた。"
    "彼は再選後初のアジア歴訪期間中、金委員長との会談の可能性について言及した。"
)


def hard_wrap(text: str, width: int) -> str:
    """Break a paragraph every ``width`` characters, as a plain-text mailer would."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


# --- the sample ---------------------------------------------------------------


def test_sample_cleans_to_14_paragraphs() -> None:
    kept = paragraphs(sample_text())
    assert len(kept) == 14
    assert not any("コメント" in p for p in kept)
    assert kept == sample_body_lines()[:14]


def test_sample_character_count() -> None:
    kept = paragraphs(sample_text())
    # 2,774 characters of text; the figure 2,787 in the docs counts the 13
    # newlines between the 14 paragraphs as well.
    assert sum(len(p) for p in kept) == 2774
    assert len("\n".join(kept)) == 2787


def test_sample_drops_only_the_comment_counter() -> None:
    lines = clean_text(sample_text())
    dropped = [line for line in lines if not line.keep]
    assert dropped == [Line("コメント0", False, REASON_COMMENTS)]
    # Dropped lines stay in their original position: the counter comes last.
    assert lines[-1] == dropped[0]
    # The blank lines and the line of spaces before it are not returned at all.
    assert len(lines) == 15


def test_sample_title() -> None:
    assert default_title(paragraphs(sample_text())) == (
        "北朝鮮の金正恩国務委員長に対する米国の"
        "ドナルド・トランプ大統領の「露骨な求愛」が尋常ではない。"
    )


# --- newlines and whitespace ----------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_every_newline_kind_splits_paragraphs(newline: str) -> None:
    text = newline.join(["一つ目の段落。", "二つ目の段落。", "", "三つ目の段落。"])
    assert paragraphs(text) == ["一つ目の段落。", "二つ目の段落。", "三つ目の段落。"]


@pytest.mark.parametrize(
    "blank",
    ["", " ", "\u3000", "\u00a0", "\u3000\u3000 \u00a0\t", " " * 12],
)
def test_whitespace_only_lines_are_left_out(blank: str) -> None:
    text = f"一つ目の段落。\n{blank}\n二つ目の段落。\n{blank}"
    assert clean_text(text) == [Line("一つ目の段落。", True), Line("二つ目の段落。", True)]


def test_lines_are_stripped_of_ideographic_space_and_nbsp() -> None:
    assert paragraphs("\u3000\u3000字下げの段落。\u00a0\n\u00a0二つ目。\u3000") == [
        "字下げの段落。",
        "二つ目。",
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "\u3000\n\u00a0\n  "])
def test_empty_input(text: str) -> None:
    assert clean_text(text) == []
    assert default_title(paragraphs(text)) == "Untitled"


# --- joining hard-wrapped lines ---------------------------------------------------


@pytest.mark.parametrize("width", [20, 33, 40])
def test_hard_wrapped_sample_paragraph_is_joined(width: int) -> None:
    original = sample_body_lines()[2]
    wrapped = hard_wrap(original, width)
    assert "\n" in wrapped
    assert paragraphs(wrapped) == [original]


def test_hard_wrapped_sample_is_rejoined_into_its_paragraphs() -> None:
    # Blank lines between paragraphs, each paragraph wrapped at 35 characters.
    body = sample_body_lines()[:14]
    wrapped = "\n\n".join(hard_wrap(p, 35) for p in body)
    assert paragraphs(wrapped) == body


def test_unwrapped_sample_lines_ending_in_sentences_are_never_joined() -> None:
    # The sample's block of 13 paragraphs without blank lines between them:
    # some lines are as wide as the widest, but all of them end a sentence.
    text = "\n".join(sample_body_lines()[1:14])
    assert paragraphs(text) == sample_body_lines()[1:14]


def test_wrap_falling_after_a_sentence_end_in_a_wrapped_block() -> None:
    body = "一文目はここで終わる。二文目も続いているがまだ終わらない文章だ。三文目で段落は終わる。"
    # Wrapped at 11 characters the first line ends exactly on 。.
    wrapped = hard_wrap(body, 11)
    assert wrapped.split("\n")[0].endswith("。")
    assert paragraphs(wrapped) == [body]


@pytest.mark.parametrize("width", [24, 32, 38])
def test_wrapped_paragraphs_without_blank_lines(width: int) -> None:
    body = sample_body_lines()[:3]
    wrapped = "\n".join(hard_wrap(p, width) for p in body)
    # Each paragraph's last line is short at these widths, so the breaks survive.
    assert paragraphs(wrapped) == body


def test_full_last_line_without_blank_line_merges_paragraphs() -> None:
    # The known limit of the rule: at 30 characters the first paragraph's last
    # line is 27 characters, as full as a wrapped line, and without a blank
    # line nothing tells it apart. No text is lost; the editor splits it.
    body = sample_body_lines()[:3]
    wrapped = "\n".join(hard_wrap(p, 30) for p in body)
    assert paragraphs(wrapped) == [body[0] + body[1], body[2]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English prose wrapped at a space: the space comes back.
        (
            "国連安全保障理事会の決議について米国務省は声明で the United\nNations と述べた。",
            "国連安全保障理事会の決議について米国務省は声明で the United Nations と述べた。",
        ),
        # A single word cut by a character-count wrapper: no space.
        (
            "当時トランプ大統領の「Twitte\nr(現在のX)提案」に金委員長が応じた。",
            "当時トランプ大統領の「Twitter(現在のX)提案」に金委員長が応じた。",
        ),
        # Japanese on either side: no space.
        (
            "ジョージ・ワシントン大学韓国学研究所が10月\n28日に主催したフォーラムで述べた。",
            "ジョージ・ワシントン大学韓国学研究所が10月28日に主催したフォーラムで述べた。",
        ),
    ],
)
def test_glue_between_wrapped_lines(text: str, expected: str) -> None:
    assert paragraphs(text) == [expected]


def test_heading_does_not_swallow_the_paragraph_after_it() -> None:
    text = f"北朝鮮情勢\n{LONG_BODY}"
    assert paragraphs(text) == ["北朝鮮情勢", LONG_BODY]


def test_heading_before_hard_wrapped_body() -> None:
    text = "米朝首脳会談の行方\n" + hard_wrap(LONG_BODY, 30)
    assert paragraphs(text) == ["米朝首脳会談の行方", LONG_BODY]


def test_short_lines_without_terminators_stay_apart() -> None:
    text = "出席者\nトランプ大統領\n金正恩国務委員長\n文在寅前大統領"
    assert paragraphs(text) == ["出席者", "トランプ大統領", "金正恩国務委員長", "文在寅前大統領"]


@pytest.mark.parametrize("tail", ["。", "。」", "…。", "！？"])
def test_punctuation_pushed_to_its_own_line_is_rejoined(tail: str) -> None:
    assert paragraphs(f"会談は実現しなかった\n{tail}\n次の段落。") == [
        f"会談は実現しなかった{tail}",
        "次の段落。",
    ]


def test_line_ending_in_comma_continues() -> None:
    assert paragraphs("彼は、\n会談に応じると述べた。") == ["彼は、会談に応じると述べた。"]


@pytest.mark.parametrize(
    "second",
    [
        "\u3000新しい段落はここから始まる。",  # indented: a new paragraph
        "・箇条書きの項目",
        "(1)番号付きの項目",
        "①丸数字の項目",
    ],
)
def test_indented_and_list_lines_start_new_paragraphs(second: str) -> None:
    first = "これは折り返された行のように長いが次の行は新しい段落や箇条書きの始まりである"
    assert paragraphs(f"{first}\n{second}") == [first, second.strip()]


def test_blank_line_stops_joining() -> None:
    first = "これは長い行で文の途中で終わっているように見えるが空行が続くので段落の区切りである"
    assert paragraphs(f"{first}\n\n続きの段落。") == [first, "続きの段落。"]


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("日本語") == 6
    assert display_width("ｱｲｳ") == 3
    assert display_width("G20首脳") == 7


# --- page furniture -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("コメント0", REASON_COMMENTS),
        ("コメント(12)", REASON_COMMENTS),
        ("コメント（１２）", REASON_COMMENTS),
        ("コメント 3件", REASON_COMMENTS),
        ("12件のコメント", REASON_COMMENTS),
        ("5 comments", REASON_COMMENTS),
        ("シェア", REASON_SHARE),
        ("ツイート", REASON_SHARE),
        ("Facebookでシェア", REASON_SHARE),
        ("LINEで送る", REASON_SHARE),
        ("はてなブックマーク", REASON_SHARE),
        ("シェア 12 | ツイート | LINE | B!", REASON_SHARE),
        ("この記事をシェアする", REASON_SHARE),
        ("Copyright © 2025 Example News. All rights reserved.", REASON_COPYRIGHT),
        ("© 東亜新聞社", REASON_COPYRIGHT),
        ("(c) 2025 Toa News", REASON_COPYRIGHT),
        ("記事の無断転載を禁じます。", REASON_COPYRIGHT),
        ("ALL RIGHTS RESERVED", REASON_COPYRIGHT),
        ("https://example.com/news/2025/10/30/123.html", REASON_URL),
        ("http://example.com", REASON_URL),
        ("www.example.co.jp/news", REASON_URL),
        ("<https://example.com/x>", REASON_URL),
        ("ＨＴＴＰＳ://ＥＸＡＭＰＬＥ.ＣＯＭ", REASON_URL),
        ("ホーム > 国際 > アジア", REASON_FURNITURE),
        ("続きを読む", REASON_FURNITURE),
        ("【広告】", REASON_FURNITURE),
        ("1 2 3 次へ", REASON_FURNITURE),
        ("（全5枚）", REASON_FURNITURE),
        ("――――", REASON_FURNITURE),
        ("＊＊＊", REASON_FURNITURE),
    ],
)
def test_furniture_lines_are_dropped_with_a_reason(line: str, reason: str) -> None:
    lines = clean_text(f"本文の段落です。\n{line}\n次の段落です。")
    assert lines == [
        Line("本文の段落です。", True),
        Line(line, False, reason),
        Line("次の段落です。", True),
    ]


@pytest.mark.parametrize(
    "line",
    [
        # Mentions of the same words inside real sentences are news, not furniture.
        "トランプ大統領はSNSでコメントを出し、会談への意欲をシェアした。",
        "同社は記事の無断転載が相次いでいるとして、法的措置を検討していると明らかにした。"
        "関係者によれば、被害は数百件に上り、著作権侵害の訴えを複数の裁判所に起こす方針だという。",
        "詳細は https://example.com で公開されている。",
        "コメントは控えたい",
        "2025",
    ],
)
def test_body_text_is_kept(line: str) -> None:
    assert clean_text(line) == [Line(line, True)]


RELATED_BLOCK = """本文の最後の段落である。

関連記事
トランプ氏、金正恩氏との会談に改めて意欲
https://example.com/world/1
米朝首脳会談、実現の可能性は？専門家に聞く
https://example.com/world/2

2025/10/30 12:00 配信
"""


def test_related_article_block_is_dropped_to_its_end() -> None:
    lines = clean_text(RELATED_BLOCK)
    assert lines[0] == Line("本文の最後の段落である。", True)
    assert all(not line.keep and line.reason == REASON_RELATED for line in lines[1:])
    assert [line.text for line in lines[1:]] == [
        "関連記事",
        "トランプ氏、金正恩氏との会談に改めて意欲",
        "https://example.com/world/1",
        "米朝首脳会談、実現の可能性は？専門家に聞く",
        "https://example.com/world/2",
        "2025/10/30 12:00 配信",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "関連記事",
        "【関連記事】",
        "■関連ニュース",
        "▼あわせて読みたい",
        "関連記事：",
        "［関連記事］",
    ],
)
def test_related_block_ends_at_body_text(heading: str) -> None:
    text = (
        f"前の段落。\n{heading}\n見出し一つ目\nhttps://example.com/1\n見出し二つ目\n"
        "本文はここから再び始まる。\nコメント0"
    )
    assert clean_text(text) == [
        Line("前の段落。", True),
        Line(heading, False, REASON_RELATED),
        Line("見出し一つ目", False, REASON_RELATED),
        Line("https://example.com/1", False, REASON_RELATED),
        Line("見出し二つ目", False, REASON_RELATED),
        Line("本文はここから再び始まる。", True),
        Line("コメント0", False, REASON_COMMENTS),
    ]


def test_inline_related_headline_line() -> None:
    text = "本文。\n【関連記事】トランプ氏、会談に意欲\n本文の続き。"
    assert clean_text(text) == [
        Line("本文。", True),
        Line("【関連記事】トランプ氏、会談に意欲", False, REASON_RELATED),
        Line("本文の続き。", True),
    ]


def test_furniture_after_related_block_keeps_its_own_reason() -> None:
    text = "本文。\n関連記事\n見出し\nCopyright 2025 Example\nシェア"
    assert [line.reason for line in clean_text(text)] == [
        None,
        REASON_RELATED,
        REASON_RELATED,
        REASON_COPYRIGHT,
        REASON_SHARE,
    ]


def test_sample_with_typical_furniture_added() -> None:
    noisy = (
        "シェア\nツイート\n"
        + sample_text()
        + "\n\n関連記事\nトランプ氏、会談に意欲\nhttps://example.com/1\n"
        + "Copyright © 2025 Example. All rights reserved.\n"
    )
    assert paragraphs(noisy) == sample_body_lines()[:14]


# --- titles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "limit", "expected"),
    [
        ([], 60, "Untitled"),
        (["", "  "], 60, "Untitled"),
        (["見出しだけ"], 60, "見出しだけ"),
        (["一文目。二文目。"], 60, "一文目。"),
        (["「引用。」と述べた。次。"], 60, "「引用。」と述べた。"),
        (["あ" * 80 + "。"], 60, "あ" * 59 + "…"),
        (["一二三四五六七八九十。"], 5, "一二三四…"),
        (["", "二つ目の段落が最初。"], 60, "二つ目の段落が最初。"),
    ],
)
def test_default_title(texts: list[str], limit: int, expected: str) -> None:
    assert default_title(texts, limit) == expected
