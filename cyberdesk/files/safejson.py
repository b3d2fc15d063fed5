"""The one JSON reader for everything that comes from outside: interview files, bundle manifests,
catalogue files. Python's `json` has no limits of its own (a deep file raises RecursionError, a
5,000-digit number ValueError, a duplicate key silently keeps the last value): here every file is
measured before it is parsed and refused, fast and with one reason, beyond limits that no real
file reaches. The limits are documented in docs/limits.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
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


def _measure(data: Any, limits: Limits) -> None:
    """Depth and lengths of a parsed document, walked without recursion (texts are bounded by
    the size of the file, numbers by the parse hooks)."""
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
    one comprehension (a signature's thousands of points would each cost a step of `_measure`'s
    walk, which is kept to say which limit is passed first)."""
    level: list[Any] = [data]
    for _depth in range(limits.max_depth):
        if max(map(len, level)) > limits.max_items:
            return False
        level = [child for value in level
                 for child in (value.values() if type(value) is dict else value)
                 if type(child) in _CONTAINERS]
        if not level:
            return True
    return False


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


def loads(raw: bytes | str, limits: Limits) -> Any:
    """The document in `raw` (UTF-8, a byte-order mark allowed), or JsonLimitError saying why not."""
    if len(raw) > limits.max_bytes:
        raise JsonLimitError(_("larger than {limit} KiB").format(limit=limits.max_bytes // 1024))
    try:
        # utf-8-sig, without looking that codec up (a module import) in every process
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8") if isinstance(raw, bytes) else raw
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
    _measure(data, limits)
    return data
