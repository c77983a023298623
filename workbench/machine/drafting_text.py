"""Drafting one paragraph: skip what needs no machine, split, retry, rejoin.

Pure text logic plus the retry loop; the provider does the one request.
``sleep`` and ``rng`` are injectable so tests never wait.
"""

from __future__ import annotations

import random
import threading
import time
import unicodedata
from collections.abc import Callable

from workbench.japanese.normalize import HALF_WIDTH_VOICING
from workbench.japanese.split import split_sentences
from workbench.machine.errors import MachineError
from workbench.machine.providers import Provider, ProviderSettings

BACKOFF_BASE = 1.0  # seconds before the first retry (before jitter)
BACKOFF_FACTOR = 2.0
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 60.0  # never sleep longer than this on a server's say-so

# A long sentence is cut after one of these before falling back to spaces.
_CLAUSE_BREAKS = frozenset("、，,;；")


def needs_no_request(text: str) -> bool:
    """True when ``text`` holds no words: only digits, punctuation, symbols, spaces.

    Such text (「１２３」, "2024.", "――", "") is copied as it is: the services
    either reject it or echo it back, and either way a request is wasted.
    """
    return all(
        ch.isspace() or unicodedata.category(ch)[0] in "NPSZ" or unicodedata.category(ch) == "Cf"
        for ch in text
    )


def chunks(text: str, max_chars: int) -> list[str]:
    """Split ``text`` into pieces of at most ``max_chars``; ``"".join(...) == text``.

    Whole sentences are packed together; a sentence longer than the limit is
    cut after 、 or a space, and only as a last resort in the middle of a run.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if not text:
        return []
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        parts = _split_long(sentence, max_chars) if len(sentence) > max_chars else [sentence]
        for part in parts:
            if current and len(current) + len(part) > max_chars:
                pieces.append(current)
                current = ""
            current += part
    if current:
        pieces.append(current)
    return pieces


def _split_long(sentence: str, max_chars: int) -> list[str]:
    parts: list[str] = []
    rest = sentence
    while len(rest) > max_chars:
        cut = _cut_point(rest, max_chars)
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts


def _cut_point(text: str, max_chars: int) -> int:
    """Where to cut ``text`` so the first piece has at most ``max_chars``."""
    window = text[:max_chars]
    # After the last clause break, together with any spaces that follow it.
    for i in range(len(window) - 1, 0, -1):
        if window[i] in _CLAUSE_BREAKS:
            end = i + 1
            while end < max_chars and text[end : end + 1].isspace():
                end += 1
            return end
    # After the last run of spaces (so the next piece starts with a word).
    for i in range(len(window) - 1, 0, -1):
        if window[i].isspace():
            return i + 1
    # Hard cut, but never between a character and a mark that belongs to it.
    cut = max_chars
    while cut > 1 and _attaches_to_previous(text[cut]):
        cut -= 1
    return cut


def _attaches_to_previous(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me")
        or ch in HALF_WIDTH_VOICING
        or ch == "\u200d"  # zero-width joiner
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tones
    )


def join(pieces: list[str]) -> str:
    """Join translated chunks with one space between them."""
    return " ".join(stripped for piece in pieces if (stripped := piece.strip()))


def backoff_delay(error: MachineError, attempt: int, rng: Callable[[], float]) -> float:
    """Seconds to wait before retry number ``attempt`` (0 for the first retry).

    The server's Retry-After wins when given (capped); otherwise exponential
    backoff with full jitter, so that parallel workers do not retry in step.
    """
    if error.retry_after is not None:
        return min(error.retry_after, RETRY_AFTER_CAP)
    return rng() * min(BACKOFF_CAP, BACKOFF_BASE * BACKOFF_FACTOR**attempt)


def translate_text(
    provider: Provider,
    text: str,
    settings: ProviderSettings,
    *,
    source: str = "ja",
    target: str = "en",
    retries: int = 3,
    sleep: Callable[[float], object] | None = None,
    rng: Callable[[], float] = random.random,
    stop: threading.Event | None = None,
) -> str:
    """Translate a paragraph of any length; raise the last MachineError on failure.

    Each chunk gets up to ``retries`` retries for retryable errors. A paragraph
    is all or nothing: a half-translated draft would read as a finished one.
    Setting ``stop`` ends the work within a moment, in a request or in a wait
    before a retry, with a MachineError of kind "cancelled".
    """
    if needs_no_request(text):
        return text
    if sleep is None:
        # Waiting on the stop switch is sleeping that a cancel cuts short.
        sleep = stop.wait if stop is not None else time.sleep
    pieces: list[str] = []
    for chunk in chunks(text, provider.max_chars):
        if needs_no_request(chunk):
            pieces.append(chunk)
            continue
        attempt = 0
        while True:
            try:
                pieces.append(provider.translate(chunk, settings, source, target, stop=stop))
                break
            except MachineError as error:
                if not error.retryable or attempt >= retries:
                    raise
                sleep(backoff_delay(error, attempt, rng))
                attempt += 1
    return join(pieces)
