"""Normalising IME input is stable: cleaning what was cleaned changes nothing, which is what makes
import then export lossless. Amounts are read in any width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberdesk.japanese.reading import ReadingCapture
from cyberdesk.japanese.textnorm import (
    clean_code,
    clean_email,
    clean_kana,
    clean_postal,
    clean_text,
    one_line,
    parse_amount,
)

KANA_AND_FRIENDS = st.text(alphabet=st.sampled_from(
    "あがぱゔアガパヴｱｶﾞﾊﾟｳﾞﾞﾟｰー－\u3099\u309a\u3000 \tＡ1１①"), max_size=30)


@settings(max_examples=300)
@given(st.one_of(st.text(), KANA_AND_FRIENDS))
def test_every_cleaner_is_idempotent(text):
    for clean in (clean_text, clean_code, clean_postal, clean_email, clean_kana):
        once = clean(text)
        assert clean(once) == once, clean.__name__


@given(KANA_AND_FRIENDS)
def test_the_reading_has_no_half_width_kana_and_no_hiragana(text):
    cleaned = clean_kana(text)
    assert not any("\uff65" <= ch <= "\uff9f" for ch in cleaned)
    assert not any("\u3041" <= ch <= "\u3096" for ch in cleaned)


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@given(st.integers(0, 10**15))
def test_amounts_are_read_in_any_width_with_separators(number):
    for typed in (str(number), f"{number:,}", _full_width(f"{number:,}"), f" {number:_} "):
        assert parse_amount(typed) == number
    assert parse_amount(number) == number


@given(st.text())
def test_one_line_never_breaks_a_line(text):
    assert len(one_line(text + "x").splitlines()) == 1


def test_the_reading_is_the_kana_the_input_method_showed_before_converting():
    name = ReadingCapture()
    for shown in ("か", "かぶしき", "かぶしきがいしゃ", "株式会社"):  # typed, then Space converts
        name.composing(shown)
    name.committed("株式会社")
    name.composing("さんぷるしすてむず")
    name.composing("サンプルシステムズ")  # F7
    name.committed("サンプルシステムズ")
    assert name.reading == "カブシキガイシャサンプルシステムズ"
    name.committed("ホールディングス")  # kana committed as they are: their own reading
    assert name.reading == "カブシキガイシャサンプルシステムズホールディングス"


def test_a_reading_not_seen_whole_is_not_given():
    pasted = ReadingCapture()
    pasted.committed("株式会社")  # converted from nothing we saw (a dictionary word, a paste)
    assert pasted.reading is None
    corrected = ReadingCapture()
    corrected.composing("さんぷる")
    corrected.committed("サンプル")
    corrected.typed()  # Backspace outside the input method
    assert corrected.reading is None
    cancelled = ReadingCapture()
    cancelled.composing("かぶ")
    cancelled.composing("")  # Esc
    cancelled.committed("株")
    assert cancelled.reading is None
    assert ReadingCapture().reading is None
    loaded = ReadingCapture(known=False)  # a name typed in an earlier session
    loaded.composing("かぶ")
    loaded.committed("株")
    assert loaded.reading is None
