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


def test_a_query_narrows_the_last_one_only_when_all_it_finds_the_last_one_found_too():
    assert parse_query("サンプル1").narrows(parse_query("サンプル"))
    assert parse_query("さんぷる1").narrows(parse_query("さんぷる"))  # as typed and as katakana
    assert parse_query("サンプル ワイド").narrows(parse_query("サンプル"))
    assert parse_query("R8 サンプル").narrows(parse_query("R8"))
    assert not parse_query("サンプル").narrows(parse_query("サンプル1"))  # a letter deleted
    assert not parse_query("プル").narrows(parse_query("サンプル"))
    assert not parse_query("ワイド サンプル").narrows(parse_query("サンプル"))  # another word first
    assert not parse_query("11/27").narrows(parse_query("11/2"))  # another date


def test_searching_within_the_last_matches_finds_what_a_full_search_finds():
    entries = [(searchable(f"株式会社サンプル{n}", "サンプル", "ワイド" if n % 3 else "ベーシック",
                           DAY.isoformat()), DAY) for n in range(300)]
    typed = "株式会社サンプル12 ワイド"
    last = None
    for length in range(1, len(typed) + 1):
        query = parse_query(typed[:length])
        within = last[1] if last is not None and query.narrows(last[0]) else None
        found = query.filter(entries, within)
        assert found == query.filter(entries)
        last = (query, found)
    assert found == [n for n in range(300) if str(n).startswith("12") and n % 3]
