"""Numbers as people say them: amounts with 万/億/円/千円 and full-width digits, head counts with
名/人; what could be read two ways is refused, never guessed. No Qt here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberdesk.japanese.formatting import yen_in_man_oku
from cyberdesk.japanese.textnorm import AmountError, parse_count, parse_yen


@pytest.mark.parametrize(("typed", "thousand_yen"), [
    ("４８万", 480), ("4.8億", 480_000), ("480000円", 480), ("12,345千円", 12_345),
    ("1億2000万円", 120_000), ("4,800万", 48_000), ("4千万", 40_000), ("１２，３４５", 12_345),
    ("12345", 12_345), ("48,000", 48_000), ("480,000円", 480), ("１．５億円", 150_000),
    ("  ", None), ("", None),
])
def test_sales_in_thousand_yen_as_people_say_them(typed, thousand_yen):
    assert parse_yen(typed, 1000) == thousand_yen


@pytest.mark.parametrize("typed", [
    "4.8",  # a decimal with nothing to say what it counts
    "480001円",  # not a whole number of 千円
    "1.2345万",  # 12,345円: the same
    "5万3億",  # units out of order
    "12,34",  # commas that do not group thousands
    "四千八百万", "abc", "48万円円", "-48万", "万",
])
def test_what_could_be_read_two_ways_is_refused(typed):
    with pytest.raises(AmountError):
        parse_yen(typed, 1000)


@pytest.mark.parametrize(("typed", "people"), [
    ("42", 42), ("４２名", 42), ("42人", 42), ("1,200名", 1200), ("", None),
])
def test_head_counts(typed, people):
    assert parse_count(typed) == people


@pytest.mark.parametrize("typed", ["名", "4.2名", "四十二名", "42万", "約42名"])
def test_head_counts_refused(typed):
    with pytest.raises(AmountError):
        parse_count(typed)


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=10**12))
def test_the_readback_is_read_back_as_the_same_amount(thousand_yen):
    """What the field shows under it (「4,800万円」) means exactly what was stored."""
    assert parse_yen(yen_in_man_oku(thousand_yen * 1000), 1000) == thousand_yen


@pytest.mark.parametrize(("yen", "said"), [
    (10**12, "1兆円"), (10**12 + 2 * 10**8, "1兆2億円"), (12_345 * 10**8, "1兆2,345億円"),
    (9_999 * 10**8, "9,999億円"), (480_000_000, "4億8,000万円"), (3_000, "3,000円"), (0, "0円"),
])
def test_large_amounts_are_said_in_cho_oku_man(yen, said):
    assert yen_in_man_oku(yen) == said  # 1兆 was 「10,000億円」
