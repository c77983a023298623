"""A synthetic newsroom memory: Japanese whose words follow Zipf's law, as text does.

A handful of words (particles, 政府, 首相) is in most sentences and most words
are rare: the distribution that makes common bigrams' lists long and a memory
index worth having. Seeded, so every run measures the same memory and queries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_KANJI = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
_KATAKANA = [chr(c) for c in range(0x30A2, 0x30F3)]
_PARTICLES = ("は", "が", "を", "に", "で", "と", "の", "も", "へ", "から")
_ENDINGS = (
    "した。",
    "している。",
    "と述べた。",
    "する方針だ。",
    "を明らかにした。",
    "とみられる。",
)


@dataclass(frozen=True)
class Memory:
    entries: list[tuple[str, str]]  # (Japanese, English)
    queries: list[str]  # paragraphs to look up: edited, repeated and new ones


class _Words:
    def __init__(self, rng: random.Random, size: int = 30_000) -> None:
        self.rng = rng
        self.vocabulary = [self._word() for _ in range(size)]
        self.weights = [1 / (rank + 1) for rank in range(size)]

    def _word(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return "".join(rng.choice(_KATAKANA) for _ in range(rng.randint(3, 6)))
        return "".join(rng.choice(_KANJI) for _ in range(rng.randint(2, 3)))

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.vocabulary, self.weights, k=rng.randint(4, 12))
        parts: list[str] = []
        for i, word in enumerate(words):
            parts.append(word)
            parts.append(rng.choice(_PARTICLES) if i % 3 != 2 else "、")
        return "".join(parts[:-1]) + rng.choice(_ENDINGS)

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def edit(self, text: str) -> str:
        """The text with one to three words' worth of it rewritten."""
        rng = self.rng
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            chars[at : at + 2] = list(rng.choice(self.vocabulary))
        return "".join(chars)


def memory(size: int = 100_000, queries: int = 200, seed: int = 14) -> Memory:
    """``size`` entries, a third of them paragraphs and the rest sentences; queries
    are half edited paragraphs of the memory, a quarter repeated ones, a quarter new."""
    rng = random.Random(seed)
    words = _Words(rng)
    entries: list[tuple[str, str]] = []
    paragraphs: list[str] = []
    for i in range(size):
        if i % 3 == 0:
            text = words.paragraph()
            paragraphs.append(text)
        else:
            text = words.sentence()
        entries.append((text, f"English of entry {i}."))
    edited = [words.edit(rng.choice(paragraphs)) for _ in range(queries // 2)]
    repeated = [rng.choice(paragraphs) for _ in range(queries // 4)]
    new = [words.paragraph() for _ in range(queries - len(edited) - len(repeated))]
    mixed = edited + repeated + new
    rng.shuffle(mixed)
    return Memory(entries, mixed)
