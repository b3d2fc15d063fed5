"""The one JSON reader for everything that comes from outside: interview files, bundle manifests,
catalogue files. Python's `json` has no limits of its own (a deep file raises RecursionError, a
5,000-digit number ValueError, a duplicate key silently keeps the last value): here every file is
measured before it is parsed and refused, fast and with one reason, beyond limits that no real
file reaches. The limits are documented in docs/limits.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, compress
from typing import Any

from cyberdesk.i18n import _


@dataclass(frozen=True)
class Limits:
    """How large a document may be; each kind of file has its own (see docs/limits.md)."""

    max_bytes: int
    max_depth: int = 16  # objects and lists inside each other
    max_items: int = 1_000  # entries of any one object or list
    max_digits: int = 20  # digits of an integer (SQLite's integers have 19)


class JsonLimitError(ValueError):
    """The document is not JSON, or is beyond its limits; the message is the user's."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise JsonLimitError(_("the key \"{key}\" appears twice").format(key=key[:40]))
            seen.add(key)
    return result


def _refuse_constant(name: str) -> Any:
    raise JsonLimitError(_("{value} is not a JSON number").format(value=name))


_CONTAINERS = (dict, list)
_CONTAINERS_SET, _LISTS = frozenset(_CONTAINERS), frozenset((list,))


def measure(data: Any, limits: Limits) -> None:
    """Depth and lengths of a parsed document, walked without recursion (texts are bounded by
    the size of the file, numbers by the parse hooks); JsonLimitError naming the first limit
    passed. `loads` does it, unless a caller measures what it does not check itself."""
    if type(data) not in _CONTAINERS or _within(data, limits):
        return
    # Beyond a limit: walked depth first, to name the first thing beyond it.
    max_depth, max_items = limits.max_depth, limits.max_items
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise JsonLimitError(_("nested more than {limit} levels deep")
                                 .format(limit=max_depth))
        if len(value) > max_items:
            raise JsonLimitError(_("a list or object has more than {limit} entries")
                                 .format(limit=max_items))
        children = value.values() if type(value) is dict else value
        depth += 1
        stack += [(child, depth) for child in children if type(child) in _CONTAINERS]


def _within(data: dict[str, Any] | list[Any], limits: Limits) -> bool:
    """True when no list or object is nested too deep or too long: one level at a time, each in
    one comprehension (a signature's thousands of points would each cost a step of `measure`'s
    walk, which is kept to say which limit is passed first)."""
    level: list[Any] = [data]
    for _depth in range(limits.max_depth):
        if max(map(len, level)) > limits.max_items:
            return False
        if _LISTS.issuperset(map(type, level)):  # a signature's strokes and points: all in C
            if numbers_only(chain.from_iterable(level)):  # points: nothing nested below them
                return True
            children = list(chain.from_iterable(level))
            level = list(compress(children, map(_CONTAINERS_SET.__contains__, map(type, children))))
        else:
            level = [child for value in level
                     for child in (value.values() if type(value) is dict else value)
                     if type(child) in _CONTAINERS]
        if not level:
            return True
    return False


def numbers_only(values: Iterable[Any]) -> bool:
    """True when every one of `values` is a number (or a boolean), found by adding them up in
    C — a signature's thousands of points, where a type test of each costs several times as
    much: a list, an object, a text or null stops the sum. False when that is not known (null,
    or a sum too large): the caller then looks at the types."""
    try:
        return type(sum(values)) in _SUMS
    except (TypeError, OverflowError):
        return False


_SUMS = frozenset((int, float))  # another type of sum: values that are not JSON's numbers


# The parse hooks run for every number (a signature has thousands): their limits are bound once.

def _integer(limits: Limits) -> Callable[[str], int]:
    digits = limits.max_digits

    def parse(text: str) -> int:
        if len(text.lstrip("-")) > digits:
            raise JsonLimitError(_("a number has more than {limit} digits").format(limit=digits))
        return int(text)
    return parse


def _decimal(limits: Limits) -> Callable[[str], float]:
    longest, isfinite = limits.max_digits * 2, math.isfinite

    def parse(text: str) -> float:
        if len(text) > longest:
            raise JsonLimitError(_("a number has more than {limit} digits").format(limit=longest))
        number = float(text)
        if not isfinite(number):
            raise JsonLimitError(_("a number is too large"))
        return number
    return parse


def _number_classes() -> bytes:
    """A byte table for `_numbers_within`: a number's digits and point → 0, the exponent's
    letter → e, signs → s, the other letters of hexadecimal → h, a quote → q, anything else (a
    delimiter) → a blank."""
    table = bytearray(b" " * 256)
    for classes, to in ((b"0123456789.", b"0"), (b"eE", b"e"), (b"+-", b"s"),
                        (b"abcdfABCDF", b"h"), (b'"', b"q")):
        for byte in classes:
            table[byte] = to[0]
    return bytes(table)


_CLASSES = _number_classes()


def _numbers_within(raw: bytes, limits: Limits) -> bool:
    """True when no number in `raw` can pass the parse hooks' limits, so that json's own number
    parsing (in C) gives the very values the hooks would: a signature's thousands of points
    cost ~1.5 ms through a Python hook per number. Not so when a run of digits and points is
    longer than an integer may be, or a number has an exponent (`1e999` is infinite): then the
    hooks decide (a text holding such a run only takes that slower way). Byte classes and
    substring searches: ~0.1 ms for a 40 KB interview file, where a regular expression took
    1.3 ms. (Invalid JSON is refused either way, perhaps for another of its faults.)"""
    classes = raw.translate(_CLASSES)
    if b"0" * (limits.max_digits + 1) in classes:
        return False
    at = classes.find(b"0e")
    while at != -1:  # a hash's hexadecimal has a few; a number from a file of ours, none
        if _is_exponent(classes, at):
            return False
        at = classes.find(b"0e", at + 2)
    return True


def _is_exponent(classes: bytes, at: int) -> bool:
    """Whether the `0e` at `at` is a number's exponent: digits after it (a sign between) up to a
    delimiter, and before it digits that follow a delimiter or a sign, not letters or a quote."""
    after = at + 2 + (classes[at + 2:at + 3] == b"s")
    end = len(classes) - len(classes[after:].lstrip(b"0")) if after < len(classes) else after
    if end == after or classes[end:end + 1] not in (b"", b" ", b"s"):
        return False
    start = len(classes[:at].rstrip(b"0"))
    return start == 0 or classes[start - 1:start] in (b" ", b"s")


def loads(raw: bytes | str, limits: Limits, measured: bool = True) -> Any:
    """The document in `raw` (UTF-8, a byte-order mark allowed), or JsonLimitError saying why not.
    `measured=False`: the caller measures it (`measure`) — only the numbers' limits are checked."""
    if len(raw) > limits.max_bytes:
        raise JsonLimitError(_("larger than {limit} KiB").format(limit=limits.max_bytes // 1024))
    try:
        # utf-8-sig, without looking that codec up (a module import) in every process
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8") if isinstance(raw, bytes) else raw
        if _numbers_within(raw if isinstance(raw, bytes) else raw.encode("utf-8"), limits):
            data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_refuse_constant)
        else:
            data = json.loads(text, object_pairs_hook=_pairs, parse_int=_integer(limits),
                              parse_float=_decimal(limits), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise JsonLimitError(_("not valid UTF-8")) from None
    except json.JSONDecodeError as error:
        raise JsonLimitError(_("not valid JSON (line {line}, column {column})")
                             .format(line=error.lineno, column=error.colno)) from None
    except RecursionError:
        raise JsonLimitError(_("nested more than {limit} levels deep")
                             .format(limit=limits.max_depth)) from None
    if measured:
        measure(data, limits)
    return data
