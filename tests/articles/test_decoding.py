from __future__ import annotations

import codecs

import pytest

from tests.support.samples import sample_text
from workbench.articles.decoding import (
    EUC_JP,
    ISO_2022_JP,
    SHIFT_JIS,
    UTF8,
    UTF8_BOM,
    UTF16,
    UndecodableError,
    decode_bytes,
)

ONE_LINE = (
    "北朝鮮の金正恩国務委員長に対する米国のドナルド・トランプ大統領の「露骨な求愛」が尋常ではない。"
)


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-8", UTF8),
        ("utf-8-sig", UTF8_BOM),
        ("cp932", SHIFT_JIS),
        ("shift_jis", SHIFT_JIS),
        ("euc_jp", EUC_JP),
        ("iso2022_jp", ISO_2022_JP),
        ("utf-16", UTF16),
    ],
)
def test_sample_decodes_identically_in_every_encoding(codec: str, label: str) -> None:
    text = sample_text()
    assert decode_bytes(text.encode(codec)) == (text, label)


@pytest.mark.parametrize(
    ("codec", "label"),
    [("utf-8", UTF8), ("utf-8-sig", UTF8_BOM), ("cp932", SHIFT_JIS), ("euc_jp", EUC_JP)],
)
@pytest.mark.parametrize(
    "text",
    [
        ONE_LINE,
        "北朝鮮",
        "こんにちは。",
        "トランプ大統領",
        "米国",
        "2025年",
        "金委員長\n",
        "ワシントン・ポスト(WP)は報じた。",
        "ＧＷＩＫＳ主催のフォーラム",
    ],
)
def test_short_japanese_is_recognised(text: str, codec: str, label: str) -> None:
    # Detection libraries guess wrong on inputs this short; these must not.
    assert decode_bytes(text.encode(codec)) == (text, label)


def test_every_sample_line_decodes_on_its_own() -> None:
    for line in sample_text().splitlines():
        if not line.strip():
            continue
        for codec, label in (("cp932", SHIFT_JIS), ("euc_jp", EUC_JP)):
            assert decode_bytes(line.encode(codec)) == (line, label)


def test_cp932_extensions() -> None:
    # NEC special characters exist only in cp932, not in plain Shift_JIS.
    assert decode_bytes("①②㈱の会見".encode("cp932")) == ("①②㈱の会見", SHIFT_JIS)


def test_bom_is_stripped() -> None:
    text, label = decode_bytes(codecs.BOM_UTF8 + "見出し\n本文。".encode())
    assert (text, label) == ("見出し\n本文。", UTF8_BOM)
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ("", UTF8)),
        (b"plain ASCII text\n", ("plain ASCII text\n", UTF8)),
        ("café au lait".encode(), ("café au lait", UTF8)),
    ],
)
def test_plain_utf8(data: bytes, expected: tuple[str, str]) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Word or Excel"),
        ("北朝鮮".encode() + b"\x00\x00abc", "NUL bytes"),
        (b"text\x00with\x00nuls", "NUL bytes"),
        (bytes(range(1, 9)) * 20 + b"some text", "control characters"),
    ],
)
def test_binary_files_are_rejected(data: bytes, fragment: str) -> None:
    with pytest.raises(UndecodableError, match="looks binary") as caught:
        decode_bytes(data)
    message = str(caught.value)
    assert fragment in message
    assert "Upload a .txt, .md or .html file." in message


@pytest.mark.parametrize(
    "data",
    [
        b"\x81\x82\x83\xff\xfe\xfd" * 5,
        bytes(range(0x80, 0x100)) * 3,
    ],
)
def test_unrecognised_encoding_is_rejected(data: bytes) -> None:
    with pytest.raises(
        UndecodableError, match="could not be recognised as UTF-8, Shift_JIS or EUC-JP"
    ):
        decode_bytes(data)


def test_broken_utf8_after_bom_is_rejected() -> None:
    with pytest.raises(UndecodableError, match="UTF-8"):
        decode_bytes(codecs.BOM_UTF8 + "本文".encode() + b"\xff\xfe")


def test_undecodable_error_is_a_value_error() -> None:
    assert issubclass(UndecodableError, ValueError)
