"""Glossary matching on the sample article with a 50,000-term glossary.

Prints the automaton build time, then times ``Matcher.find`` over the sample's
14 paragraphs (normalization, offset map, leftmost-longest choice and Match
objects included) against a bare ``automaton.iter`` scan of the same
normalized paragraphs with the same automaton.

Target: find / raw scan at most 2 (the Python around the C scan costs no more
than the scan itself).
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from workbench.glossary.matcher import Matcher, TermEntry
from workbench.japanese.clean import paragraphs
from workbench.japanese.normalize import normalize_for_matching

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "trump-kim-talks.ja.txt"
TERMS = 50_000
REPEAT = 51
TARGET = 2.0
REAL_NAMES = (
    "金正恩",
    "金委員長",
    "トランプ",
    "トランプ大統領",
    "ドナルド・トランプ",
    "北朝鮮",
    "ワシントン・ポスト",
    "ヘリテージ財団",
    "ブルース・クリングナー",
    "板門店",
    "非武装地帯",
    "共同警備区域",
    "ル・モンド",
    "ノーベル平和賞",
    "ジョセフ・キム",
    "GWIKS",
    "DMZ",
    "G20",
    "JSA",
    "WP",
    "Twitter",
)
KATAKANA = [chr(c) for c in range(0x30A1, 0x30FB)] + ["ー"]
LATIN = [chr(c) for c in range(0x41, 0x5B)] + [chr(c) for c in range(0x61, 0x7B)]


def _kanji(text: str) -> list[str]:
    # Kanji drawn from the article itself, so random terms do hit it (a worst case
    # for the work done per match, unlike kanji from the whole CJK block).
    return sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})


def synthetic_glossary(text: str, size: int = TERMS, seed: int = 20) -> list[TermEntry]:
    rng = random.Random(seed)
    alphabets = (KATAKANA, _kanji(text), LATIN)
    sources: dict[str, None] = dict.fromkeys(REAL_NAMES)
    while len(sources) < size:
        alphabet = rng.choice(alphabets)
        sources["".join(rng.choices(alphabet, k=rng.randint(2, 8)))] = None
    return [
        TermEntry(id=i, source=source, case_sensitive=source.isupper())
        for i, source in enumerate(sources, start=1)
    ]


def _median(action, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> bool:
    text = SAMPLE.read_text(encoding="utf-8")
    paras = paragraphs(text)
    entries = synthetic_glossary(text)

    start = time.perf_counter()
    matcher = Matcher.build(entries)
    build = time.perf_counter() - start
    automaton = matcher.automaton
    assert automaton is not None

    keys = [normalize_for_matching(p)[0] for p in paras]

    def raw_scan() -> None:
        for key in keys:
            for _ in automaton.iter(key):
                pass

    def find_all() -> None:
        for paragraph in paras:
            matcher.find(paragraph)

    raw_scan(), find_all()  # warm up
    raw = _median(raw_scan)
    found = _median(find_all)
    hits = sum(1 for key in keys for _ in automaton.iter(key))
    matches = sum(len(matcher.find(p)) for p in paras)
    ratio = found / raw

    print(f"terms {len(entries):,}, {len(paras)} paragraphs, {sum(map(len, paras)):,} characters")
    print(f"automaton build: {build * 1000:.0f} ms")
    print(f"raw automaton.iter scan: {raw * 1000:.3f} ms ({hits} hits)")
    print(f"Matcher.find: {found * 1000:.3f} ms ({matches} matches, leftmost-longest)")
    print(f"find / raw = {ratio:.2f} (target at most {TARGET:g})")
    return ratio <= TARGET
