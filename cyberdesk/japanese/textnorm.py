"""Normalising what the agent types through a Japanese IME.

Text is kept in NFC, never NFKC: NFKC would turn ① into 1 and alter the seed's wording. Only
fields that are really numbers, codes, phone numbers or e-mail addresses have their full-width
forms folded to ASCII.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

from cyberdesk.japanese.formatting import ERAS

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


_SEVEN_DIGITS = re.compile(r"[0-9]{7}")


def clean_postal(value: str) -> str:
    """A postal code as people write it (「〒１５０－０００２」, 1500002): the 〒 mark dropped,
    digits and dash folded to ASCII, seven bare digits given their dash (150-0002)."""
    code = clean_code(value).removeprefix("〒").lstrip(_WHITESPACE)
    return f"{code[:3]}-{code[3:]}" if _SEVEN_DIGITS.fullmatch(code) else code


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


class AmountError(ValueError):
    """What was typed is not a number we can be sure of; the message gives an example that works."""


_UNITS = {"千": 1_000, "万": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}
_TERM = re.compile(r"([0-9]+(?:\.[0-9]+)?)([千万億兆]*)")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_TERMS = re.compile(rf"(?:{_TERM.pattern})+")
_COUNTERS = ("名", "人")


def _spoken_number(text: str) -> str:
    """The typed text in ASCII, blanks dropped; commas checked to group thousands and dropped."""
    text = re.sub(r"[\s_]", "", to_ascii(unicodedata.normalize("NFC", text))).replace("、", ",")
    for number in re.findall(r"[0-9][0-9,.]*", text):
        if "," in number and not _GROUPED.fullmatch(number.rstrip(",")):
            raise AmountError(number)
    return text.replace(",", "")


def parse_yen(text: str, unit: int = 1) -> int | None:
    """An amount as people say it, counted in `unit` yen: 「4,800万」「4.8億」「1億2000万円」
    「480000円」「12,345千円」, full-width digits too; a bare number is already in `unit`.
    None when blank. Raises AmountError when it is not a whole number of `unit` yen or is
    written in a way we cannot be sure of (a decimal without 万/億, units out of order)."""
    text = _spoken_number(text)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)  # a bare number: already counted in `unit`
    body = text.removesuffix("円")
    if not _TERMS.fullmatch(body):
        raise AmountError(text)
    # Only the wizard reads amounts; every `cyberdesk render` imports this module, and decimal
    # (~3 ms to import) is otherwise never used there.
    # lazy: decimal only when an amount is read
    from decimal import Decimal

    yen, last = Decimal(0), None
    for number, units in _TERM.findall(body):
        scale = math.prod(_UNITS[mark] for mark in units)
        if (last is not None and scale >= last) or ("." in number and scale == 1):
            raise AmountError(text)  # 「5万3億」, or 「4.8」 with nothing to say what it counts
        yen, last = yen + Decimal(number) * scale, scale
    if yen % unit:
        raise AmountError(text)
    return int(yen // unit)


def parse_count(text: str) -> int | None:
    """A number of people: 「42」「４２名」「42人」; None when blank. Raises AmountError otherwise."""
    value = _spoken_number(text)
    for counter in _COUNTERS:
        value = value.removesuffix(counter)
    if not value:
        if value != _spoken_number(text):
            raise AmountError(text)  # 「名」 alone
        return None
    if not value.isascii() or not value.isdigit():
        raise AmountError(text)
    return int(value)


class DateError(ValueError):
    """What was typed is not a date we can be sure of."""


# The date patterns are compiled on first use (`re` keeps them): only the wizard parses dates,
# and every `cyberdesk render` imports this module.
_SEIREKI = r"([0-9]{4})(?:年|/|-|\.)([0-9]{1,2})(?:月|/|-|\.)([0-9]{1,2})日?"
_WAREKI = r"(\D{1,2}?)\.?(元|[0-9]{1,2})(?:年|/|-|\.)([0-9]{1,2})(?:月|/|-|\.)([0-9]{1,2})日?"
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}


_SHORT = r"([0-9]{1,2})(?:月|/|-|\.)([0-9]{1,2})日?|([0-9]{2})([0-9]{2})"
SHORT_DATE_YEARS = 8  # the next 2月29日 can be 8 years away (2096 → 2104)


def parse_date(text: str, on_or_after: date | None = None) -> date | None:
    """A date as people write it: 「2027-01-01」「2027/1/1」「2027年1月1日」「令和9年1月1日」
    「令和元年5月1日」「R9.1.1」, full-width digits too; None when blank. Raises DateError for
    anything else (no such day, a year beyond its era, an unknown era).

    Given `on_or_after`, a month and day alone (「12/3」「12月3日」「1203」) is the first such day
    on or after it: typed short where the year cannot be in doubt (a policy period starts on
    or after the interview), and shown back in full. Without it a year is always needed."""
    value = re.sub(r"\s", "", to_ascii(unicodedata.normalize("NFC", text))).upper()
    if not value:
        return None
    if on_or_after is not None and (match := re.fullmatch(_SHORT, value)):
        short_month, short_day = (int(part) for part in match.groups() if part is not None)
        return _next_day(short_month, short_day, on_or_after, text)
    try:
        if match := re.fullmatch(_SEIREKI, value):
            return date(*map(int, match.groups()))
        if match := re.fullmatch(_WAREKI, value):
            era, year, month, day = match.groups()
            era = _ERA_LETTERS.get(era, era)
            starts = [start for start, name in ERAS if name == era]
            if not starts:
                raise DateError(text)
            start = starts[0]
            result = date(start.year + (1 if year == "元" else int(year)) - 1, int(month), int(day))
            later = [s for s, _name in ERAS if s > start]
            if result < start or (later and result >= min(later)):
                raise DateError(text)  # 平成32年 is 令和2年: a year its era never had
            return result
    except ValueError:
        raise DateError(text) from None
    raise DateError(text)


def _next_day(month: int, day: int, on_or_after: date, text: str) -> date:
    """The first `month`/`day` on or after `on_or_after`; DateError if the calendar has none."""
    for year in range(on_or_after.year, on_or_after.year + SHORT_DATE_YEARS + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue  # 2月29日 of a common year, or no such day at all (13/45)
        if found >= on_or_after:
            return found
    raise DateError(text)


_HONORIFICS = ("御中", "さま", "様", "殿")


def without_honorific(name: str) -> str:
    """A name as stored (NFC, trimmed), without a trailing 様, さま, 殿 or 御中 (the print adds the
    right one)."""
    name = clean_text(name)
    for honorific in _HONORIFICS:
        if name.endswith(honorific) and len(name) > len(honorific):
            return name[: -len(honorific)].rstrip(_WHITESPACE)
    return name


# Controls, line separators and the bidirectional overrides and isolates (which reorder what a
# terminal shows: a file name with U+202E reads backwards, hiding its real end).
_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085\u061c\u200e\u200f"
                            r"\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """`text` safe to print as one line of a terminal or a tab-separated listing: control
    characters, line separators and bidirectional controls (which a file may carry in any text)
    are shown escaped."""
    return _LINE_BREAKERS.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
