"""The JSON reader's numbers: read by json itself when no number can pass a limit, through the
limit-checking hooks otherwise — the same values and the same refusals either way."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberdesk.files.safejson import (
    JsonLimitError,
    Limits,
    _decimal,
    _integer,
    _numbers_within,
    _refuse_constant,
    loads,
)

LIMITS = Limits(max_bytes=1 << 20)
NUMBER = st.from_regex(r"-?(0|[1-9][0-9]{0,24})(\.[0-9]{1,25})?([eE][-+]?[0-9]{1,4})?",
                       fullmatch=True)
TEXT = st.text(alphabet="0123456789.eE+-xabf あ", max_size=30).map(json.dumps)  # hashes too


def outcome(text: str, hooks: bool) -> tuple[str, str]:
    try:
        if hooks:
            value = json.loads(text, parse_int=_integer(LIMITS), parse_float=_decimal(LIMITS),
                               parse_constant=_refuse_constant)
        else:
            value = loads(text, LIMITS)
    except ValueError as error:  # JsonLimitError is one
        return type(error).__name__, str(error)
    return "ok", repr(value)  # repr: 1 and 1.0, 0.0 and -0.0 told apart


@settings(max_examples=500)
@given(st.lists(st.one_of(NUMBER, TEXT), max_size=12))
def test_numbers_read_without_the_hooks_are_the_values_the_hooks_give(items):
    text = "[" + ",".join(items) + "]"
    assert outcome(text, hooks=False) == outcome(text, hooks=True)


def test_a_signature_s_points_skip_the_hooks_and_an_overlong_number_does_not():
    points = json.dumps([[round(100 + 30 * math.cos(i / 7), 1), round(50 + i / 3, 1), 0.5]
                         for i in range(800)])
    assert _numbers_within(points.encode(), LIMITS)
    assert loads(points, LIMITS) == json.loads(points)
    for beyond in ("[1" + "0" * 20 + "]", "[1e999]", "[-1" + "0" * 20 + "]"):
        assert not _numbers_within(beyond.encode(), LIMITS)
        try:
            loads(beyond, LIMITS)
        except JsonLimitError:
            continue
        raise AssertionError(f"{beyond[:30]} read")
