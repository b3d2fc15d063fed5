"""Search words as an agent says them, without Qt: dates in any common form, names and readings."""

from __future__ import annotations

from datetime import date

import pytest

from cyberdesk.model.search import DateWord, date_word, parse_query, searchable

DAY = date(2026, 11, 27)


@pytest.mark.parametrize(("word", "expected"), [
    ("2026年11月", DateWord(2026, 11, None)), ("2026年11月27日", DateWord(2026, 11, 27)),
    ("11/27", DateWord(None, 11, 27)), ("2026/11/27", DateWord(2026, 11, 27)),
    ("2026-11", DateWord(2026, 11, None)), ("R8", DateWord(2026, None, None)),
    ("r8.11", DateWord(2026, 11, None)), ("令和8年11月27日", DateWord(2026, 11, 27)),
    ("令和元年", DateWord(2019, None, None)), ("H31", DateWord(2019, None, None)),
    ("１１月", DateWord(None, 11, None)), ("11月27日", DateWord(None, 11, 27)),
    ("13/40", None), ("サンプル", None), ("2026年13月", None),
])
def test_dates_said_any_way(word, expected):
    assert date_word(word) == expected


def test_every_word_must_match_name_reading_or_date():
    text = searchable("株式会社サンプルシステムズ", "サンプルシステムズ", "ワイド", "下書き",
                      DAY.isoformat())
    assert parse_query("さんぷる 11/27").matches(text, DAY)  # hiragana finds the katakana reading
    assert parse_query("ワイド R8").matches(text, DAY)
    assert parse_query("2026").matches(text, DAY)  # a bare year is in the ISO date
    assert not parse_query("ワイド 11/26").matches(text, DAY)
    assert not parse_query("ベーシック").matches(text, DAY)
    assert not parse_query("   ")
