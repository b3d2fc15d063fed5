"""How dates, money and addressees are written for a Japanese reader, in one place.

Dates are stored as ISO dates and printed as 2026年11月25日, with the Japanese era (和暦,
令和8年11月25日) beside them where a form expects it. Money is stored as integers and printed
comma-grouped (12,345千円) or in 万円/億円. A company gets 御中, a person 様 — never both.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

# Every moment is shown and printed in Japan time, labelled, whatever zone the laptop's clock is
# set to: the screen, the PDF and head office then read the same time.
from cyberdesk.clock import JST

# (first day, era name), newest first. Babel has no Japanese era calendar.
ERAS = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 10, 23), "明治"),
)


def seireki(day: date) -> str:
    """2026年11月25日"""
    return f"{day.year}年{day.month}月{day.day}日"


def wareki(day: date) -> str:
    """令和8年11月25日 (the first year of an era is 元年)."""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return seireki(day)


def date_with_era(day: date) -> str:
    """2026年11月25日（令和8年11月25日）: full-width brackets, as in the rest of the document."""
    return f"{seireki(day)}（{wareki(day)}）"


def moment(value: datetime, iso_date: bool = False, seconds: bool = False) -> str:
    """A recorded moment in Japan time, labelled: 2026年11月25日 10:32 JST (2026-11-25 10:32 JST;
    10:32:05 with `seconds`, where the last second typed matters)."""
    local = value.astimezone(JST)
    day = local.date().isoformat() if iso_date else seireki(local.date())
    return f"{day} {local.strftime('%H:%M:%S' if seconds else '%H:%M')} JST"


def clock(value: datetime) -> str:
    """The time of day of a moment in Japan time, labelled: 10:32:05 JST."""
    return f"{value.astimezone(JST):%H:%M:%S} JST"


def grouped(amount: int) -> str:
    """12,345"""
    return f"{amount:,}"


def thousand_yen(amount: int) -> str:
    """An amount kept in thousands of yen: 12,345千円."""
    return f"{grouped(amount)}千円"


_UNITS = ((10**12, "兆"), (10**8, "億"), (10**4, "万"))  # what parse_yen reads back


def yen_in_man_oku(yen: int) -> str:
    """A yen amount the way it is said: 1兆2億円, 1億2,345万円, 500万円, 3,000円 (each unit
    holds up to 9,999 of the next; never 「10,000億円」)."""
    parts = []
    rest = yen
    for size, unit in _UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{grouped(count)}{unit}")
    if rest or not parts:
        parts.append(grouped(rest))
    return "".join(parts) + "円"


def addressee(company: str, person: str = "") -> str:
    """「株式会社○○ 御中」 for the company, 「株式会社○○ △△様」 for a person there."""
    company, person = company.strip(), person.strip()
    if person:
        return f"{company} {person}様" if company else f"{person}様"
    return f"{company} 御中" if company else ""


# Numbers whose split the numbering plan fixes whatever the digits after the prefix: the only
# two-digit area codes (03 東京, 06 大阪), mobiles, IP phones and free-dial numbers. Any other
# landline's area code is 2 to 5 digits long, found only in the area-code table: left as typed.
_PHONE_SPLITS = (  # longest prefix first: 0800 (free dial) is not an 080 mobile
    ("0120", 10, (4, 3, 3)), ("0570", 10, (4, 3, 3)), ("0800", 11, (4, 3, 4)),
    ("070", 11, (3, 4, 4)), ("080", 11, (3, 4, 4)), ("090", 11, (3, 4, 4)), ("050", 11, (3, 4, 4)),
    ("03", 10, (2, 4, 4)), ("06", 10, (2, 4, 4)),
)


def phone_with_hyphens(number: str) -> str:
    """A phone number typed as digits alone, hyphenated where the split is certain
    (「0398765432」 → 「03-9876-5432」, 「09012345678」 → 「090-1234-5678」); anything else as given."""
    if not number.isascii() or not number.isdigit():
        return number
    for prefix, length, parts in _PHONE_SPLITS:
        if number.startswith(prefix) and len(number) == length:
            cuts = [sum(parts[:index]) for index in range(len(parts) + 1)]
            return "-".join(number[start:end] for start, end in itertools.pairwise(cuts))
    return number
