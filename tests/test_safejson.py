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
    _within,
    loads,
    numbers_only,
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


_SMALL = Limits(max_bytes=1 << 20, max_depth=4, max_items=3)
_LEAF = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                  st.integers(10**300, 10**310), st.booleans(), st.none(), st.text(max_size=2))
_TREE = st.recursive(_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=2), inner, max_size=4)),
    max_leaves=40)


def within_by_walk(value: object, limits: Limits, depth: int = 1) -> bool:
    """The limits as their definition says, one value at a time."""
    if not isinstance(value, (dict, list)):
        return True
    if depth > limits.max_depth or len(value) > limits.max_items:
        return False
    children = value.values() if isinstance(value, dict) else value
    return all(within_by_walk(child, limits, depth + 1) for child in children)


@settings(max_examples=500)
@given(st.one_of(st.lists(_TREE, max_size=4), st.dictionaries(st.text(max_size=2), _TREE,
                                                               max_size=4)))
def test_the_level_walk_with_its_sums_finds_what_a_walk_of_each_value_finds(value):
    """`_within` passes lists of numbers by adding them up: never past a list or an object."""
    assert _within(value, _SMALL) == within_by_walk(value, _SMALL)


@given(st.lists(_LEAF, max_size=8))
def test_numbers_are_known_by_their_sum_and_nothing_else_is(values):
    if numbers_only(values):
        assert all(type(v) in (int, float, bool) for v in values)
    elif all(type(v) in (int, float) and abs(v) < 1e300 for v in values):
        raise AssertionError(f"{values!r} not known as numbers")
    assert not numbers_only([*values, [1]]) and not numbers_only([{"a": 1}, *values])
