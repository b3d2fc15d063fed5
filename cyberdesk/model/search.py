"""Finding an interview the way an agent remembers it: by a name or reading, a date said any way
(「2026年11月」「11/27」「R8」「令和8年11月」), the plan or the status.

Every word of the query must match (in any order). A word that reads as a date matches the
interview date; any other word is looked for in the entry's text (name, reading, plan, status).
Pure Python: the list filters 10,000 entries per keystroke by plain substring tests on text
prepared once per refresh, and a keystroke that narrows the previous query searches only what the
previous one found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cyberdesk.japanese.textnorm import clean_kana, clean_text, to_ascii

_ERAS = {"r": 2018, "令和": 2018, "h": 1988, "平成": 1988, "s": 1925, "昭和": 1925}
_ERA = r"(?P<era>r|h|s|令和|平成|昭和)(?P<era_year>\d{1,2}|元)"
_PATTERNS = (
    re.compile(r"(?P<year>\d{4})年(?:(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日?)?)?"),
    re.compile(r"(?P<year>\d{4})[/.-](?P<month>\d{1,2})(?:[/.-](?P<day>\d{1,2}))?"),
    re.compile(_ERA + r"(?:年|[/.-])?(?:(?P<month>\d{1,2})(?:月|[/.-])?(?:(?P<day>\d{1,2})日?)?)?"),
    re.compile(r"(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日?)?"),
    re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})"),
)


@dataclass(frozen=True)
class DateWord:
    """A date as said: any of year, month, day may be left out (「11/27」 is every year's)."""

    year: int | None
    month: int | None
    day: int | None

    def matches(self, day: date) -> bool:
        return ((self.year is None or day.year == self.year)
                and (self.month is None or day.month == self.month)
                and (self.day is None or day.day == self.day))


def date_word(word: str) -> DateWord | None:
    """The date a query word says, or None if it is not a date."""
    text = to_ascii(word).casefold()
    for pattern in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        year = int(parts["year"]) if parts.get("year") else None
        if parts.get("era"):
            era_year = parts["era_year"]
            year = _ERAS[parts["era"]] + (1 if era_year == "元" else int(era_year))
        month = int(parts["month"]) if parts.get("month") else None
        day = int(parts["day"]) if parts.get("day") else None
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            return None
        return DateWord(year, month, day)
    return None


def searchable(*texts: str) -> str:
    """The text a query is looked for in (stored texts are already clean: this is cheap enough
    for 10,000 interviews in a few milliseconds)."""
    return to_ascii("\n".join(texts)).casefold()


@dataclass(frozen=True)
class Query:
    dates: tuple[DateWord, ...]
    words: tuple[tuple[str, str], ...]  # each word as typed and as katakana (みどり finds ミドリ)

    def __bool__(self) -> bool:
        return bool(self.dates or self.words)

    def matches(self, text: str, day: date) -> bool:
        """`text` from `searchable()`; `day` the interview date."""
        return (all(word in text or kana in text for word, kana in self.words)
                and all(when.matches(day) for when in self.dates))

    def narrows(self, other: Query) -> bool:
        """True when every entry this query matches, `other` matches too: each of `other`'s
        words is within this query's word at the same place (as typed and as katakana: a word
        holding 「サンプル1」 holds 「サンプル」), and `other`'s dates come first here unchanged.
        Typing a word on narrows the previous keystroke's query: only its matches are searched."""
        return (len(self.words) >= len(other.words) and len(self.dates) >= len(other.dates)
                and self.dates[:len(other.dates)] == other.dates
                and all(word in new_word and kana in new_kana for (word, kana), (new_word, new_kana)
                        in zip(other.words, self.words, strict=False)))

    def filter(self, entries: list[tuple[str, date]], within: list[int] | None = None) -> list[int]:
        """The indexes of the matching `(text, day)` entries (of those at `within`, when given,
        in its order): one pass per word, no call per entry."""
        indexes = list(range(len(entries))) if within is None else within
        for word, kana in self.words:
            indexes = [i for i in indexes if word in entries[i][0] or kana in entries[i][0]]
        for when in self.dates:
            indexes = [i for i in indexes if when.matches(entries[i][1])]
        return indexes


def parse_query(text: str) -> Query:
    """The words of a search box; a 4-digit number alone is a year or part of a name."""
    dates: list[DateWord] = []
    words: list[tuple[str, str]] = []
    for word in clean_text(to_ascii(text)).split():
        when = date_word(word)
        if when is not None and not word.isdigit():
            dates.append(when)
        else:
            folded = word.casefold()
            words.append((folded, clean_kana(folded)))
    return Query(tuple(dates), tuple(words))
