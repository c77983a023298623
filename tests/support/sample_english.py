"""An English translation of the sample article, paragraph by paragraph, for the checks."""

from __future__ import annotations

from tests.support.samples import sample_body_lines

ENGLISH = [
    "U.S. President Donald Trump's \u201cblatant courtship\u201d of North Korean leader Kim "
    "Jong-un, chairman of the State Affairs Commission, is out of the ordinary. In the autumn "
    "of 2025, Trump says he would very much like to talk with him. Is his intention of not "
    "ruling out an extension of his Asia tour mere diplomatic rhetoric, or a move with a "
    "strategic calculation behind it? What political aim does Trump have in reaching out to "
    "North Korea?",
    "Since taking office for his second term, Trump has consistently signalled that he wants "
    "to meet Chairman Kim. During his first Asia tour since his re-election, asked about a "
    "possible meeting with Kim, he said \u201cit would be really good to meet him.\u201d He "
    "repeatedly sent a \u201clove call,\u201d saying he could meet Kim right away if Kim "
    "wished, especially while he was in South Korea. It showed a determination stronger "
    "than diplomatic rhetoric. The key is whether Trump's improvised diplomacy can come true "
    "once again.",
    "He already stunned the world with an \u201cunpredictable summit\u201d in June 2019, "
    "during his first term. Kim responded to Trump's \u201cproposal on Twitter (now X),\u201d "
    "and the meeting came together quickly. After the Group of 20 (G20) summit in Osaka, "
    "Trump posted on Twitter that he could meet him (Kim) in the demilitarized zone (DMZ) "
    "and shake hands and say hello; North Korea's foreign ministry replied that it was "
    "\u201can interesting proposal,\u201d and the historic meeting took place. The meeting "
    "was held at Panmunjom 36 hours after the post on Twitter. Trump became the first U.S. "
    "president to set foot on North Korean soil.",
    "But the media and experts share the view that the situation has changed greatly since "
    "then. The Washington Post (WP) said Trump's latest courtship, seeking a meeting with "
    "Kim, would be an important test of his signature improvised diplomacy, and stressed "
    "that North Korea is different from the time of Trump's first term. The reading is that, "
    "unlike in 2019, various circumstances that could obstruct a U.S.-North Korea summit "
    "must be taken into account.",
    "Bruce Klingner, a senior fellow at the Maureen and Mike Mansfield Foundation, a "
    "well-known Korea expert formerly of the Heritage Foundation, the think tank that "
    "represents American conservatives, also thinks a meeting is unlikely. His analysis is "
    "that North Korea has few incentives to agree to talks, so a meeting is unlikely.",
    "At a forum hosted on Oct. 28 (local time) by the Institute for Korean Studies at George "
    "Washington University (GWIKS), Klingner said: \u201cIn 2019 the meeting took place in "
    "the Joint Security Area (JSA) 32 hours after Trump posted on Twitter, but this time is "
    "different.\u201d He added: \u201cNorth Korea has far stronger military power than it did "
    "then and receives stronger support from Russia and China, so I think the chances (of a "
    "meeting) are very low.\u201d",
    "North Korea no longer urgently demands sanctions relief, and has instead gained "
    "confidence through \u201calternative diplomatic axes,\u201d he said. In other words, "
    "North Korea does not think it badly needs sanctions relief or benefits as it did in "
    "2019, and its ties with Russia and China have raised its confidence.",
    "Why does Trump keep pressing for a meeting despite the great change in the outside "
    "environment? According to major U.S. think tanks, whatever the merits of his "
    "improvised diplomatic style, it is a gesture to strengthen his image as a leader and "
    "show his presence on the international stage. Trump aims to restore his image as "
    "\u201ca leader who brings peace\u201d and \u201cthe man who leads Northeast Asian "
    "affairs,\u201d and, with the experience of leading three U.S.-North Korea summits in "
    "his first term behind him, he is strongly sending the message that it is possible "
    "again.",
    "In short, it is a strategy to raise his international standing through diplomacy with "
    "North Korea, whatever his political position at home. The Washington Post analyses that "
    "the goal is not the meeting itself but the chance to use the \u201cimage of success\u201d "
    "of having held one strategically in domestic politics. Trump now faces several criminal "
    "indictments and political disputes at home, and he is thought to be acting on the "
    "calculation that a diplomatic success could work as \u201ca card to break the "
    "deadlock.\u201d",
    "Some also argue that Trump is again aiming for the Nobel Peace Prize through a meeting "
    "with Kim. Right after the 2018 summit he said he deserved the Nobel Prize, and early in "
    "2025 he complained that it was unfair he had not won it. Le Monde read Trump's "
    "obsession with the Nobel Prize as a desire for honour rather than an effort towards "
    "diplomatic results.",
    "In fact, while longing for a meeting with Kim, Trump answered the question \u201cwhat "
    "could you offer if you met Kim?\u201d by saying \u201cwe have sanctions on North "
    "Korea\u201d and \u201cthere is probably nothing bigger than that.\u201d This is read "
    "as meaning he can use the sanctions on the North as a bargaining chip with Kim. Given "
    "that he also said North Korea is a nuclear power and that he could go to North Korea "
    "if Kim wished, it is read as showing a will to use \u201csanctions relief\u201d as a "
    "bargaining chip to bring about a meeting and, through it, achieve a diplomatic feat "
    "worthy of a \u201cNobel Prize.\u201d",
    "Meanwhile, some experts are deeply cynical about Trump's approach. Although Trump is "
    "proposing a meeting, there is in fact no \u201cpreparation\u201d and no serious "
    "\u201cwill to negotiate,\u201d they say. The George W. Bush Institute points out that a "
    "U.S.-North Korea summit is no longer a negotiation with results but is becoming closer "
    "to a political show. Joseph Kim, a fellow at the institute, said: \u201cTrump is "
    "signalling his wish to meet again, but Kim can now secure economic and political "
    "support from authoritarian allies such as Russia and China without making concessions "
    "to the United States,\u201d adding: \u201cAmerica's leverage in securing a potential "
    "summit has completely changed since Trump's first term.\u201d",
    "Such criticism gains strength from the fact that Trump, while proposing a meeting, has "
    "not presented a concrete agenda or terms of negotiation. North Korea too is holding "
    "back its response, and there is no movement at the working level. In the end, even if "
    "Trump and Kim meet again, what matters is the substance and the results.",
    "Many experts criticise it with one voice: if another summit leaves only a "
    "\u201chistoric scene\u201d as in the past, it will benefit only North Korea. They agree "
    "that a meeting must not end as just another \u201ccommemorative photo.\u201d Will "
    "Trump's repeated \u201clove calls to Chairman Kim\u201d end as a political gamble, or "
    "will they be the beacon that restarts a real peace process?",
]


def sample_pairs() -> list[tuple[str, str]]:
    """The sample's 14 paragraphs, each with its English."""
    japanese = sample_body_lines()[:-1]  # the last line is the comment counter
    assert len(japanese) == len(ENGLISH)
    return list(zip(japanese, ENGLISH, strict=True))
