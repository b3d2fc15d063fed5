"""The 禁則 line breaker: no forbidden character at a line's start or end, no amount split."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberdesk.services.pdf.kinsoku import NOT_AT_END, NOT_AT_START, boxes, break_lines

SEED_SENTENCE = (
    "(注)措置は、記名被保険者が情報セキュリティ事故の発生を知った日に始まり、引受保険会社が事故の"
    "通知(遅滞なく書面により通知いただきます。)を受領した日の翌日から起算して一定期間(ベーシック"
    "プラン:180日間、ワイドプラン:1年間)が経過するまでに実際に講じられた処置に限ります。"
)


def chars(text: str) -> float:
    """A monospaced measure: every character is one unit wide."""
    return float(len(text))


def test_amounts_dates_and_codes_are_single_boxes():
    parts = boxes("売上高は12,345千円、2026年11月25日に〒105-0011 (03-1234-5678)")
    assert "12,345千円、" in parts
    assert "2026年11月25日" in parts
    assert "〒105-0011" in parts
    assert "(03-1234-5678)" in parts


def test_brackets_stick_to_their_neighbours():
    assert boxes("「重要」です！？") == ["「重", "要」", "で", "す！？"]


@pytest.mark.parametrize("width", range(6, 40))
def test_seed_sentence_at_every_width(width):
    lines = break_lines(SEED_SENTENCE, width, chars)
    assert "".join(lines) == SEED_SENTENCE
    for line in lines:
        assert len(line) <= width
        assert line[0] not in NOT_AT_START, line
        assert line[-1] not in NOT_AT_END, line
    # 180日間 and 1年間 are never cut
    assert any("180日間" in line for line in lines)
    assert any("1年間" in line for line in lines)


@pytest.mark.parametrize("width", range(12, 30))
def test_an_amount_is_never_split(width):
    text = "直近会計年度の売上高は1,234,567千円で、従業員数は1,200名です。"
    lines = break_lines(text, width, chars)
    assert any("1,234,567千円" in line for line in lines)
    assert any("1,200名" in line for line in lines)


def test_explicit_line_breaks_and_blank_lines_are_kept():
    assert break_lines("一行目\n\n三行目", 20, chars) == ["一行目", "", "三行目"]


def test_spaces_vanish_at_a_break_but_stay_inside_a_line():
    assert break_lines("alpha beta gamma", 10, chars) == ["alpha beta", "gamma"]


def test_a_box_wider_than_the_line_is_cut():
    address = "a-very-long-mailbox-name@example.co.jp"
    lines = break_lines(address, 10, chars)
    assert "".join(lines) == address
    assert all(len(line) <= 10 for line in lines)


japanese = st.text(
    alphabet=st.sampled_from(list("あいうえおカキクケコ漢字情報補償、。」）！？「（0123456789,千円年月日 ")),
    min_size=1, max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(text=japanese, width=st.integers(min_value=6, max_value=40))
def test_no_forbidden_character_at_either_end(text, width):
    lines = break_lines(text, width, chars)
    assert re.sub(" +", "", "".join(lines)) == re.sub(" +", "", text)
    if any(len(box) > width for box in boxes(text)):
        return  # a box wider than the line has to be cut somewhere
    for index, line in enumerate(lines):
        if index and line:
            assert line[0] not in NOT_AT_START, lines
        if index < len(lines) - 1 and line:
            assert line[-1] not in NOT_AT_END, lines
