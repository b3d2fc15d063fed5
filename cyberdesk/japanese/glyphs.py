"""Which characters the printed record can show: those the bundled font has.

The font (BIZ UDPGothic) lacks a few characters agents do meet — 𠮷 in company names such as
𠮷野家, emoji pasted from an e-mail. Read here from the font's own character map (a few
milliseconds, no reportlab), so the wizard and `cyberdesk validate` can say so when the text is
typed, naming the usual substitute, instead of the agent finding 〓 on paper.
"""

from __future__ import annotations

import struct
import unicodedata
from bisect import bisect_right
from functools import cache
from typing import BinaryIO

from cyberdesk.resources import resource

FONT_FILE = "BIZUDPGothic-Regular.ttf"

# The usual substitute for a character the font lacks (異体字 → 通用字体, symbols → their like).
SUBSTITUTES = {
    "𠮷": "吉",
    "𣘷": "橋",
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2009": " ",  # thin space
    "⸺": "——",
    "✔": "✓",
    "☑": "✓",
    "☐": "□",
    "⭐": "★",
}


def _read(handle: BinaryIO, offset: int, size: int) -> bytes:
    handle.seek(offset)
    return handle.read(size)


@cache
def _ranges() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The font's characters as sorted (starts, ends), from its full-Unicode (format 12) cmap.
    Only the table directory and the cmap are read, not the 5 MB of outlines."""
    with resource("fonts", FONT_FILE).open("rb") as handle:
        tables = struct.unpack(">H", _read(handle, 4, 2))[0]
        directory = _read(handle, 12, 16 * tables)
        offset, length = next(struct.unpack_from(">II", directory, 16 * i + 8) for i in range(tables)
                               if directory[16 * i:16 * i + 4] == b"cmap")
        cmap = _read(handle, offset, length)
    subtables = {}
    for i in range(struct.unpack_from(">H", cmap, 2)[0]):
        platform, encoding, at = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        subtables[(platform, encoding)] = at
    at = subtables[(3, 10)]
    groups = struct.unpack_from(">I", cmap, at + 12)[0]
    flat = struct.unpack_from(f">{3 * groups}I", cmap, at + 16)  # start, end, glyph; sorted
    return flat[0::3], flat[1::3]


# Characters found printable so far: a text made only of them is checked by one set operation
# in C instead of a bisection per character (validating 500 bundles spent 0.55 s of CPU here).
_PRINTABLE: set[str] = set("\n\t")


def printable_char(ch: str) -> bool:
    """True if the font draws `ch` (controls and line breaks are the layout's business)."""
    if ch in _PRINTABLE:
        return True
    if unicodedata.category(ch)[0] == "C":
        _PRINTABLE.add(ch)
        return True
    starts, ends = _ranges()
    index = bisect_right(starts, ord(ch)) - 1
    if index >= 0 and ord(ch) <= ends[index]:
        _PRINTABLE.add(ch)
        return True
    return False


def _shown(ch: str) -> str:
    """How the print shows a character the font lacks: its usual substitute, or — where there is
    none (an emoji) — its code point, never the geta mark 〓 that would pass for a character."""
    return SUBSTITUTES.get(ch) or f"[U+{ord(ch):04X}]"


def _lacking(text: str) -> list[str]:
    """The characters of `text` the font lacks, each once, in order. Each distinct character is
    looked up once, and ASCII text not at all: the font has all of printable ASCII (a test
    holds it to that) and controls are the layout's business — most fields are one of these."""
    if text.isascii() or _PRINTABLE.issuperset(text):
        return []
    return [ch for ch in dict.fromkeys(text) if not printable_char(ch)]


def printed_form(text: str) -> str:
    """`text` (after NFC) with each character the font lacks shown as `_shown` gives it (line
    breaks and other control characters are the layout's business and kept)."""
    text = unicodedata.normalize("NFC", text)
    lacking = _lacking(text)
    if not lacking:
        return text
    return "".join(_shown(ch) if ch in lacking else ch for ch in text)


def prints_as_stored(text: str) -> bool:
    """True when `printed_form(text)` is `text` itself (already NFC, every character in the font),
    found by two calls into C instead of rebuilding the text."""
    return text.isascii() or (unicodedata.is_normalized("NFC", text) and not _lacking(text))


def unprintable_without_substitute(text: str) -> list[str]:
    """The characters of `text` the print can show neither as themselves nor as a substitute."""
    return [ch for ch in unprintable(text) if ch not in SUBSTITUTES]


def unprintable(text: str) -> list[str]:
    """The characters of `text` (after NFC) the printed record cannot show, each once, in order."""
    return _lacking(unicodedata.normalize("NFC", text))
