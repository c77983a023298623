"""Decode an uploaded text file, with Japanese encodings in mind.

Japanese text files come in UTF-8 (with or without a byte order mark),
Shift_JIS (in practice Microsoft's cp932), EUC-JP or, from old mail
archives, ISO-2022-JP. Generic detection guesses wrong on short inputs: a
line of EUC-JP also decodes as cp932, into half-width katakana and odd
kanji. So those encodings are tried first, strictly, and scored on how
Japanese the result reads; charset-normalizer only breaks ties and names
files that are not Japanese at all.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
UTF16 = "UTF-16"
SHIFT_JIS = "Shift_JIS (cp932)"
EUC_JP = "EUC-JP"
ISO_2022_JP = "ISO-2022-JP"

NOT_RECOGNISED = "The file's encoding could not be recognised as UTF-8, Shift_JIS or EUC-JP."

# (codec, label), in the order ties are settled when nothing else decides.
_JAPANESE_CODECS: tuple[tuple[str, str], ...] = (
    ("cp932", SHIFT_JIS),
    ("euc_jp", EUC_JP),
    # JIS X 0213 supersets, for the rare file the classic tables reject.
    ("shift_jis_2004", SHIFT_JIS),
    ("euc_jis_2004", EUC_JP),
)
_ISO_2022_CODECS = ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext", "iso2022_jp_2004")
# Designations that only ISO-2022-JP text carries: ESC $ @, ESC $ B, ESC $ ( Q ...
_ISO_2022_ESCAPES = (b"\x1b$@", b"\x1b$B", b"\x1b$(Q", b"\x1b$(D", b"\x1b$A")

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, or a .docx/.xlsx/.epub file"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document"),
)
# Bytes that text files (any of the encodings above) do not contain. ESC is
# left out: ISO-2022-JP is made of escape sequences.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x7F}
_MAX_CONTROL_RATIO = 0.01
_SNIFF_BYTES = 65536
# Non-Japanese text accepted from charset-normalizer: Western text has a few
# accented letters, not mostly high bytes (which would be damaged Japanese).
_MAX_HIGH_BYTE_RATIO = 0.2
_MAX_CHAOS = 0.2


class UndecodableError(ValueError):
    """The upload is not a text file this application can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode an uploaded file; return ``(text, encoding label for the user)``.

    Raises :class:`UndecodableError` for binary files and for text whose
    encoding cannot be recognised.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as error:
            raise UndecodableError(
                "The file starts with a UTF-8 marker but is not valid UTF-8 "
                f"(bad byte at position {error.start + len(codecs.BOM_UTF8)}). "
                "Save it again as UTF-8 and upload it again."
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode": full of NUL bytes, so it must be settled before the binary check.
        try:
            return data.decode("utf-16"), UTF16
        except UnicodeDecodeError as error:
            raise UndecodableError(NOT_RECOGNISED) from error

    _reject_binary(data)

    if _has_iso_2022_escapes(data):
        for codec in _ISO_2022_CODECS:
            text = _strict(data, codec)
            if text is not None:
                return text, ISO_2022_JP

    guess = _best_japanese(data)
    text = _strict(data, "utf-8")
    if text is not None:
        if guess is not None and _utf8_is_implausible(text, guess[0]):
            return guess
        return text, UTF8
    if guess is not None:
        return guess
    return _non_japanese(data)


def contains_japanese(text: str) -> bool:
    """Whether the text has kana, kanji or Japanese punctuation."""
    return any(_is_japanese(ch) for ch in text)


def _utf8_is_implausible(utf8_text: str, japanese_text: str) -> bool:
    """Whether a strict UTF-8 decoding is really a short EUC-JP text in disguise.

    EUC-JP pairs with a lead byte C2-EF and a trail byte A1-BF are also valid
    UTF-8, so "2025年" in EUC-JP reads as UTF-8 "2025ǯ". Only short inputs do
    this (hiragana never survive it), and their UTF-8 reading has no Japanese
    and lands outside the Latin-1 letters and punctuation of Western text.
    """
    if contains_japanese(utf8_text):
        return False
    foreign = [ch for ch in utf8_text if not ch.isascii()]
    if all(0xA0 <= ord(ch) <= 0xFF or 0x2000 <= ord(ch) <= 0x206F for ch in foreign):
        return False
    return _japanese_score(japanese_text) >= 1.0


def _reject_binary(data: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise UndecodableError(_binary_message(kind))
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise UndecodableError(_binary_message("it contains NUL bytes"))
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if head and controls / len(head) > _MAX_CONTROL_RATIO:
        raise UndecodableError(_binary_message("it contains control characters"))


def _binary_message(kind: str) -> str:
    return f"This file looks binary ({kind}), not text. Upload a .txt, .md or .html file."


def _has_iso_2022_escapes(data: bytes) -> bool:
    return data.isascii() and any(escape in data for escape in _ISO_2022_ESCAPES)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _best_japanese(data: bytes) -> tuple[str, str] | None:
    """The Japanese encoding that decodes strictly and reads most like Japanese."""
    candidates: dict[str, tuple[str, str]] = {}  # label -> (text, label), first codec wins
    for codec, label in _JAPANESE_CODECS:
        if label in candidates:
            continue
        text = _strict(data, codec)
        if text is not None and contains_japanese(text):
            candidates[label] = (text, label)
    if not candidates:
        return None
    scored = sorted(candidates.values(), key=lambda item: _japanese_score(item[0]), reverse=True)
    if len(scored) > 1 and _japanese_score(scored[0][0]) == _japanese_score(scored[1][0]):
        preferred = _normalizer_choice(data, [label for _, label in scored])
        if preferred is not None:
            return candidates[preferred]
    return scored[0]


def _japanese_score(text: str) -> float:
    """How much a decoding reads like real Japanese, per non-ASCII character.

    Real text is full of hiragana and 。、; a wrong guess between cp932 and
    EUC-JP turns hiragana into pairs of half-width katakana and lands in
    private-use or rarely used code points.
    """
    score = 0
    counted = 0
    for ch in text:
        if ch.isascii():
            continue  # identical in every candidate; would only dilute the score
        counted += 1
        code = ord(ch)
        if 0x3041 <= code <= 0x309F or ch in "。、「」ー":
            score += 2
        elif 0x30A0 <= code <= 0x30FF or 0x4E00 <= code <= 0x9FFF:
            score += 1
        elif 0xFF61 <= code <= 0xFF9F:  # half-width katakana: rare in real files
            score -= 2
        elif 0xE000 <= code <= 0xF8FF or unicodedata.category(ch) in ("Co", "Cn", "Cc"):
            score -= 4
    return score / counted if counted else 0.0


def _normalizer_choice(data: bytes, labels: list[str]) -> str | None:
    codec_for = {SHIFT_JIS: "cp932", EUC_JP: "euc_jp"}
    isolation = [codec_for[label] for label in labels if label in codec_for]
    best = from_bytes(data, cp_isolation=isolation).best()
    if best is None:
        return None
    for label, codec in codec_for.items():
        if codecs.lookup(best.encoding).name == codecs.lookup(codec).name and label in labels:
            return label
    return None


def _non_japanese(data: bytes) -> tuple[str, str]:
    """Accept a Western text file that charset-normalizer recognises with confidence."""
    high = sum(1 for byte in data if byte >= 0x80)
    if high / len(data) > _MAX_HIGH_BYTE_RATIO:
        raise UndecodableError(NOT_RECOGNISED)
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise UndecodableError(NOT_RECOGNISED)
    text = _strict(data, best.encoding)
    if text is None:
        raise UndecodableError(NOT_RECOGNISED)
    return text, _label(best.encoding)


def _label(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    if name.startswith("cp") and name[2:].isdigit():
        return f"Windows-{name[2:]}"
    return name.upper().replace("_", "-")


def _is_japanese(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x2460 <= code <= 0x24FF  # circled numbers ①, common in cp932 files
        or 0x3200 <= code <= 0x33FF  # enclosed and squared CJK: ㈱ ㌔
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF01 <= code <= 0xFF9F  # full-width forms, half-width katakana
        or 0x20000 <= code <= 0x2FA1F  # supplementary ideographs
    )
