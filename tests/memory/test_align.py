"""Sentence pairs of finished paragraphs, aligned by length: one to one, and where an
editor joined two sentences or split one.

The news paragraphs are from the project's sample article, with English as a desk
would write it: close to the Japanese, but joining and splitting sentences."""

from __future__ import annotations

import pytest

from workbench.memory.align import english_sentences, sentence_beads, sentence_pairs


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Mr. Kim met Mr. Trump. They talked.", ["Mr. Kim met Mr. Trump.", "They talked."]),
        ("The U.S. side agreed. So did Seoul.", ["The U.S. side agreed.", "So did Seoul."]),
        ('"It went well," he said. Talks ended.', ['"It went well," he said.', "Talks ended."]),
        ('He asked, "Why?" Nobody answered.', ['He asked, "Why?"', "Nobody answered."]),
        ("It ended at 3 p.m. Tuesday.", ["It ended at 3 p.m. Tuesday."]),
        ("Growth was 2.5 percent. Prices rose.", ["Growth was 2.5 percent.", "Prices rose."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("", []),
        ("J. Smith said so. Yes.", ["J. Smith said so.", "Yes."]),
    ],
)
def test_english_sentences(text: str, sentences: list[str]) -> None:
    assert english_sentences(text) == sentences


def test_equal_counts_pair_by_position() -> None:
    assert sentence_pairs("会談した。成果があった。", "They met. It went well.") == [
        ("会談した。", "They met."),
        ("成果があった。", "It went well."),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("会談した。", "They met."),  # one sentence: the paragraph entry is enough
        # Joined or split so that one pair would be the whole paragraph again.
        ("会談した。成果があった。", "They met and it went well."),
        ("会談した。", "They met. It went well."),
        ("「会談した。成果があった」と述べた。", "He said they met. It went well."),
    ],
)
def test_unequal_or_single_sentences_give_no_more_than_the_paragraph(
    source: str, target: str
) -> None:
    assert sentence_pairs(source, target) == []


JOINED = (
    "トランプ大統領は政権2期目就任以降、一貫して金委員長との会談の意向を示してきた。"
    "彼は再選後初のアジア歴訪期間中、金委員長との会談の可能性について「彼に会えば本当に良いだろう」と述べた。"
    "特に韓国滞在中なら、金委員長が望めばすぐに会える、と何度も「ラブコール」を送った。"
    "外交的な修辞以上の強い意志を示したわけだ。"
    "鍵を握るのは、トランプ大統領のこうした即興的な外交方式がまた一度現実化できるかどうかだ。",
    "Since starting his second term, President Trump has consistently signalled that he"
    " wants to meet Chairman Kim. During his first Asian tour since his re-election, asked"
    ' about a possible meeting with Kim, he said, "It would be really good to meet him."'
    ' He sent repeated "love calls", saying he could meet Kim at once if Kim wished,'
    " especially while he was in South Korea, a show of will that went beyond diplomatic"
    " rhetoric. The key question is whether Trump's improvised style of diplomacy can"
    " come off once again.",
)


def test_two_japanese_sentences_joined_in_english_are_one_pair_and_the_rest_pair_alone() -> None:
    pairs = sentence_pairs(*JOINED)
    assert [(ja[:12], en[:24]) for ja, en in pairs] == [
        ("トランプ大統領は政権2期", "Since starting his secon"),
        ("彼は再選後初のアジア歴訪", "During his first Asian t"),
        ("特に韓国滞在中なら、金委", 'He sent repeated "love c'),
        ("鍵を握るのは、トランプ大", "The key question is whet"),
    ]
    # The joined pair holds both Japanese sentences, whole, and the one English one.
    ja, en = pairs[2]
    assert ja == (
        "特に韓国滞在中なら、金委員長が望めばすぐに会える、と何度も「ラブコール」を送った。"
        "外交的な修辞以上の強い意志を示したわけだ。"
    )
    assert en.endswith("a show of will that went beyond diplomatic rhetoric.")
    assert [bead.sentences for bead in sentence_beads(*JOINED)] == [1, 1, 2, 1]


def test_one_japanese_sentence_split_in_english_is_one_pair() -> None:
    source = (
        "米国保守派を代表するシンクタンク、ヘリテージ財団出身で代表的な知韓派である"
        "ブルース・クリングナー・モーリーン・アンド・マイク・マンスフィールド財団上級研究員も、"
        "会談実現の可能性を低いと考えている。"
        "北朝鮮が会談に応じる誘因が多くないため、会談実現の可能性が低いという分析である。"
    )
    target = (
        "Bruce Klingner, a senior fellow at the Maureen and Mike Mansfield Foundation, also"
        " thinks a meeting is unlikely. A well-known Korea hand, he came from the Heritage"
        " Foundation, the leading think tank of American conservatives. His reasoning is"
        " that North Korea has little incentive to agree to talks."
    )
    (first_ja, first_en), (second_ja, second_en) = sentence_pairs(source, target)
    assert first_ja.endswith("会談実現の可能性を低いと考えている。")
    assert first_en.startswith("Bruce Klingner") and first_en.endswith("conservatives.")
    assert second_ja.startswith("北朝鮮が会談に応じる")
    assert second_en.startswith("His reasoning")


def test_four_sentences_condensed_into_two_give_two_pairs_of_two() -> None:
    source = (
        "多くの専門家は、もう一度の会談が過去のように「歴史的な場面」だけを残すなら、"
        "これは北朝鮮にのみ利益になるだけだと口を揃えて批判する。"
        "会談が単にもう一枚の「記念写真」で終わってはならないという点で意見を同じくしている。"
        "トランプ大統領による繰り返される「金委員長へのラブコール」は、政治的な賭けに終わるのか。"
        "それとも、実質的な平和プロセス再始動の狼煙になるのか。"
    )
    target = (
        'Many experts say with one voice that if another summit leaves only a "historic'
        ' scene", as before, it will benefit North Korea alone; they agree that a meeting'
        ' must not end as just one more "commemorative photo". Will Trump\'s repeated "love'
        ' calls to Chairman Kim" end as a political gamble, or will they signal a real'
        " restart of the peace process?"
    )
    beads = sentence_beads(source, target)
    assert [bead.sentences for bead in beads] == [2, 2]
    assert target[slice(*beads[1].target)].startswith("Will Trump")
    assert source[slice(*beads[1].source)].startswith("トランプ大統領による")


def test_sentences_in_another_order_give_no_pairs() -> None:
    # Lengths that cannot be one to one in this order: no pair is safer than a wrong one.
    source = (
        "会談した。" + "両首脳は非核化と制裁緩和、連絡事務所の設置について長時間にわたり協議した。"
    )
    target = (
        "The two leaders spent hours on denuclearization, the easing of sanctions, the"
        " opening of liaison offices in both capitals and a formal end to the war."
        " They met."
    )
    assert sentence_pairs(source, target) == []


def test_a_long_sentence_left_untranslated_gives_no_pairs() -> None:
    # The English leaves out the long middle sentence: the paragraph is much shorter
    # than a close translation, and which words went where is a guess.
    source = (
        "首脳会談は二日間の日程で行われ、両首脳は共同声明に署名した。"
        "会談では北朝鮮の非核化の進め方、制裁の緩和、人道支援の再開、離散家族の再会事業などが"
        "議題となり、双方は実務協議を続けることで一致したと伝えられている。"
        "次の会談の日程は決まっていない。"
    )
    target = (
        "The summit ran for two days, and the two leaders signed a joint statement."
        " No date has been set for the next meeting."
    )
    assert sentence_pairs(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A denial left out: by position or by length it would be paired with the
        # accusation after it; its lengths say so (short Japanese, long English).
        (
            "警視庁は１２日、特殊詐欺グループの指示役とみられる男を詐欺の疑いで逮捕した。"
            "男は容疑を否認している。"
            "被害総額は約３億円に上るとみられる。"
            "警視庁は余罪を調べている。",
            "Tokyo police on the 12th arrested a man on suspicion of fraud."
            " He is believed to have directed a phone-scam ring."
            " The losses are thought to total about 300 million yen.",
        ),
        # The lead left out: joined to the next sentence by length, but its numbers
        # (１０号, ２９日) are nowhere in that English.
        (
            "台風１０号は２９日午前、鹿児島県に上陸した。"
            "気象庁によると、中心気圧は９３５ヘクトパスカルで、非常に強い勢力を保っている。"
            "九州南部では記録的な大雨となる恐れがある。",
            "According to the Meteorological Agency, its central pressure is 935"
            " hectopascals and it remains very strong. Southern Kyushu could see record"
            " rainfall.",
        ),
        # As many sentences, but one left out and one added: every pair after the
        # omission is shifted, and the yen's 150 shows it.
        (
            "日本銀行は１９日、金融政策決定会合で大規模緩和の維持を決めた。"
            "植田和男総裁は会見で物価の先行きに慎重な見方を示した。"
            "円相場は一時１ドル＝１５０円台まで下落した。",
            "The Bank of Japan decided on the 19th to keep its large-scale easing."
            " The yen fell to the 150 range against the dollar at one point."
            " A weaker yen raises the cost of imports such as energy and food.",
        ),
        # The first sentence split and the second left out: 115 trillion yen moves.
        (
            "政府は２０２５年度予算案を閣議決定し、一般会計の総額は過去最大の１１５兆円となった。"
            "社会保障費の伸びが主な要因だ。"
            "国債の新規発行額は２８兆円に上る。",
            "The cabinet approved the budget for fiscal 2025. General-account spending"
            " reaches a record 115 trillion yen. New government bond issuance will amount"
            " to 28 trillion yen.",
        ),
        # An explanation added: far wordier than a close translation.
        (
            "日銀はマイナス金利を解除した。１７年ぶりの利上げとなる。",
            "The Bank of Japan ended its negative interest rate. The policy, introduced in"
            " 2016, had charged banks for some of the reserves they parked at the central"
            " bank. It is the first rate rise in 17 years.",
        ),
    ],
)
def test_a_sentence_left_out_or_added_gives_no_pairs_rather_than_shifted_ones(
    source: str, target: str
) -> None:
    assert sentence_pairs(source, target) == []


def test_numbers_in_the_right_pairs_are_read_as_the_qa_checks_read_them() -> None:
    # 約３億円 is "about 300 million yen", ２９日 "the 29th": the pairs stand.
    pairs = sentence_pairs(
        "被害総額は約３億円に上るとみられる。警視庁は２９日、男を再逮捕した。",
        "The losses are thought to total about 300 million yen."
        " Police rearrested the man on the 29th.",
    )
    assert [en for _, en in pairs] == [
        "The losses are thought to total about 300 million yen.",
        "Police rearrested the man on the 29th.",
    ]


def test_a_run_of_thousands_of_full_stops_is_one_piece() -> None:
    # Read once, not once from each of its marks (which took seconds a save).
    assert english_sentences("Wait" + "." * 50_000) == ["Wait" + "." * 50_000]
    assert english_sentences("Yes" + "!" * 30_000 + " No.") == ["Yes" + "!" * 30_000, "No."]


def test_very_long_paragraphs_are_left_to_the_paragraph_entry() -> None:
    source = "会談した。" * 81
    target = "They met. " * 81
    assert sentence_pairs(source, target) == []
    assert len(sentence_pairs("会談した。" * 80, "They met. " * 80)) == 80
