"""Normalising what the agent types through a Japanese IME.

Text is kept in NFC, never NFKC: NFKC would turn ① into 1 and alter the seed's wording. Only
fields that are really numbers, codes, phone numbers or e-mail addresses have their full-width
forms folded to ASCII.
"""

from __future__ import annotations

import re
import unicodedata

_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TO_ASCII[0x3000] = 0x20  # ideographic space
_DASHES = dict.fromkeys(map(ord, "ー－―‐‑–—−ｰ"), ord("-"))
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_WHITESPACE = " \t\r\n\u3000\u00a0"


def clean_text(value: str) -> str:
    """NFC, with surrounding blanks (full-width ones included) removed."""
    return unicodedata.normalize("NFC", value).strip(_WHITESPACE)


def to_ascii(value: str) -> str:
    """Fold full-width ASCII letters, digits, signs and the ideographic space to ASCII."""
    return value.translate(_FULLWIDTH_TO_ASCII)


def clean_code(value: str) -> str:
    """A code typed in any width: postal codes, phone numbers (dashes of every kind become '-')."""
    return clean_text(to_ascii(value).translate(_DASHES))


def clean_email(value: str) -> str:
    return clean_text(to_ascii(value))


def clean_kana(value: str) -> str:
    """フリガナ: half-width katakana widened (NFKC on kana only), hiragana turned to katakana."""
    widened = "".join(
        unicodedata.normalize("NFKC", ch) if "\uff65" <= ch <= "\uff9f" else ch for ch in value
    )
    return clean_text(unicodedata.normalize("NFC", widened).translate(_HIRAGANA_TO_KATAKANA))


_NUMBER_BLANKS = re.compile(r"[\s,_]")


def parse_amount(value: str | int | None) -> int | None:
    """Read a non-negative whole number typed as '１２，３４５' or '12,345'; None when blank.

    Raises ValueError for anything else (a sign, decimals, letters).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(value)
        return value
    text = _NUMBER_BLANKS.sub("", to_ascii(unicodedata.normalize("NFC", value)))
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise ValueError(value)
    return int(text)


_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")


def one_line(text: str) -> str:
    """`text` safe to print as one line of a terminal or a tab-separated listing: control
    characters and line separators (which a file may carry in any text) are shown escaped."""
    return _LINE_BREAKERS.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
