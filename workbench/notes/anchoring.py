"""Where a note sits in a paragraph, and how it finds its words again after an edit.

An anchor stores what the W3C Web Annotation model calls a TextQuoteSelector
(the quoted words with some context before and after them) and a
TextPositionSelector (start and end offsets). Offsets alone break as soon as
anything before the span is edited, and a quote alone is ambiguous when the
same words occur twice, so both are kept and used together by `relocate`.

Everything here is pure: strings in, values out, no Flask and no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

# Characters of context kept on each side of the quote. Japanese has no spaces,
# so context cannot be counted in words; 32 characters is about a clause of a
# news sentence, enough to tell apart repeated short names such as 金委員長,
# yet short enough that an edit elsewhere in the paragraph leaves it alone. It
# is also the length Hypothesis uses, so exported selectors look familiar.
CONTEXT = 32

# Context agreement (0-100, rapidfuzz ratio averaged over prefix and suffix)
# that an exact occurrence of the quote needs to be chosen when the quote
# occurs more than once. Replacing a third of the context characters still
# scores about 65, while the other occurrences of 金委員長 in the sample's
# second paragraph score 8-19 against each other's context: 60 leaves a wide
# gap on both sides.
CONTEXT_THRESHOLD = 60.0

# An edited quote is only re-found when it is still nearly the same text and
# its surroundings clearly agree: one changed character in a ten-character
# quote scores 90, while a four-character name with one character changed
# (75) is too likely to be a different thing and is left detached. An edited
# quote is weaker evidence than an intact one, so its context must agree more
# (75: at most about a quarter of the context characters replaced).
QUOTE_THRESHOLD = 85.0
FUZZY_CONTEXT_THRESHOLD = 75.0

# An edited quote is looked for in windows this many characters shorter or
# longer than it, which covers a few inserted or deleted characters.
LENGTH_SLACK = 3

# At most this many points are taken off for being far from the old offsets:
# enough to break ties between equally good contexts, never enough to beat a
# clearly better context.
DISTANCE_WEIGHT = 10.0


class AnchorError(ValueError):
    """A selection that cannot be turned into an anchor; the message is for the user."""


@dataclass(frozen=True)
class Anchor:
    """The quoted words of a note with their context and offsets.

    A note on the whole paragraph has an empty quote and start = end = 0.
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def whole_paragraph(cls) -> Anchor:
        return cls(exact="", prefix="", suffix="", start=0, end=0)

    @property
    def whole(self) -> bool:
        """Whether the note is on the whole paragraph rather than a span."""
        return self.exact == ""

    def to_selectors(self) -> list[dict[str, Any]]:
        """The W3C TextQuoteSelector and TextPositionSelector, for exports.

        A whole-paragraph note has no selector: in the W3C model its target is
        the paragraph itself.
        """
        if self.whole:
            return []
        return [
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            },
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]

    @classmethod
    def from_selectors(cls, selectors: Iterable[Mapping[str, Any]]) -> Anchor:
        """Read back what `to_selectors` wrote; no selector means the whole paragraph."""
        by_type = {selector.get("type"): selector for selector in selectors}
        quote = by_type.get("TextQuoteSelector")
        position = by_type.get("TextPositionSelector")
        if quote is None:
            if position is None:
                return cls.whole_paragraph()
            # Offsets without the words cannot be re-anchored after an edit.
            raise AnchorError("The anchor has no quoted text.")
        exact = str(quote.get("exact", ""))
        if not exact:
            raise AnchorError("Select at least one character.")
        # Prefix and suffix are optional in the W3C model.
        prefix = str(quote.get("prefix", ""))
        suffix = str(quote.get("suffix", ""))
        if position is None:
            start, end = 0, len(exact)
        else:
            start, end = int(position["start"]), int(position["end"])
            if not 0 <= start < end or end - start != len(exact):
                raise AnchorError("The selection is outside the paragraph.")
        return cls(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor for text[start:end], with its context taken from the text."""
    if start < 0 or end > len(text) or start > end:
        raise AnchorError("The selection is outside the paragraph.")
    if start == end:
        raise AnchorError("Select at least one character.")
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
    )


@dataclass(frozen=True)
class Placement:
    """Where an anchor landed in the new text.

    exact: the placed text is the stored quote, character for character (as
    opposed to an approximate match of an edited quote). moved: the offsets
    differ from the stored ones. score: 0-100, how well the surroundings (and,
    for an edited quote, the quote) agree; 100 when nothing changed.
    """

    start: int
    end: int
    exact: bool
    moved: bool
    score: float


def context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How well the text around text[start:end] matches the stored prefix and suffix.

    Each side is compared with the same number of characters nearest the span
    (the end of the prefix, the start of the suffix), since those are the
    characters that identify the span; an empty side on both counts as agreeing.
    """
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return (fuzz.ratio(anchor.prefix, before) + fuzz.ratio(anchor.suffix, after)) / 2


def _distance_penalty(anchor: Anchor, text: str, start: int) -> float:
    return DISTANCE_WEIGHT * abs(start - anchor.start) / max(len(text), 1)


def _occurrences(text: str, quote: str) -> list[int]:
    """Every start of quote in text, overlapping ones included."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _place(anchor: Anchor, start: int, end: int, exact: bool, score: float) -> Placement:
    moved = (start, end) != (anchor.start, anchor.end)
    return Placement(start=start, end=end, exact=exact, moved=moved, score=round(score, 1))


def relocate(anchor: Anchor, new_text: str) -> Placement | None:
    """Re-anchor after the paragraph changed; None means the note is detached.

    A detached note keeps its anchor (and so its old quote) and is shown as
    such: it is never moved to a doubtful place and never dropped.
    """
    if anchor.whole:
        return Placement(start=0, end=0, exact=True, moved=False, score=100.0)

    quote = anchor.exact
    length = len(quote)
    starts = _occurrences(new_text, quote)

    # 1. The quote is still at its offsets. With a repeated quote an edit can
    # shift a different occurrence onto the old offsets, so then the context
    # must agree too.
    if anchor.start in starts:
        score = context_score(anchor, new_text, anchor.start, anchor.end)
        if len(starts) == 1 or score >= CONTEXT_THRESHOLD:
            return _place(anchor, anchor.start, anchor.end, True, score)

    # 2. The quote is intact but elsewhere: choose the occurrence whose
    # surroundings match best, nearer the old offsets breaking ties.
    if starts:
        scored = [(context_score(anchor, new_text, s, s + length), s) for s in starts]
        score, best = max(
            scored, key=lambda pair: pair[0] - _distance_penalty(anchor, new_text, pair[1])
        )
        if len(starts) == 1 or score >= CONTEXT_THRESHOLD:
            return _place(anchor, best, best + length, True, score)

    # 3. The quote itself was edited: look at every window of about its length
    # and accept only a near-identical one whose surroundings agree.
    spans = [
        (s, s + size)
        for size in range(max(1, length - LENGTH_SLACK), length + LENGTH_SLACK + 1)
        for s in range(0, len(new_text) - size + 1)
    ]
    matches = process.extract(
        quote,
        [new_text[s:e] for s, e in spans],
        scorer=fuzz.ratio,
        score_cutoff=QUOTE_THRESHOLD,
        limit=None,
    )
    best_key = float("-inf")
    found: tuple[int, int, float] | None = None
    for _text, quote_score, index in matches:
        s, e = spans[index]
        agreement = context_score(anchor, new_text, s, e)
        if agreement < FUZZY_CONTEXT_THRESHOLD:
            continue
        key = quote_score + agreement - _distance_penalty(anchor, new_text, s)
        if key > best_key:
            best_key, found = key, (s, e, (quote_score + agreement) / 2)
    if found is not None:
        s, e, score = found
        return _place(anchor, s, e, new_text[s:e] == quote, score)

    # 4. Nowhere to go: detached.
    return None


def relocate_all(anchors: Mapping[int, Anchor], new_text: str) -> dict[int, Placement | None]:
    """Re-anchor every note of a paragraph (by note id) after its text changed."""
    return {note_id: relocate(anchor, new_text) for note_id, anchor in anchors.items()}
