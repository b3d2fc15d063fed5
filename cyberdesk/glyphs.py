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


def _format_12(table: bytes, offset: int) -> list[tuple[int, int]]:
    groups = struct.unpack_from(">I", table, offset + 12)[0]
    return [struct.unpack_from(">II", table, offset + 16 + 12 * i) for i in range(groups)]


@cache
def _ranges() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The font's characters as sorted (starts, ends), from its full-Unicode (format 12) cmap."""
    data = resource("fonts", FONT_FILE).read_bytes()
    tables = struct.unpack_from(">H", data, 4)[0]
    cmap = next(struct.unpack_from(">I", data, 12 + 16 * i + 8)[0] for i in range(tables)
                if data[12 + 16 * i:16 + 16 * i] == b"cmap")
    subtables = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + offset
    ranges = sorted((start, end) for start, end, *_glyph in _format_12(data, subtables[(3, 10)]))
    return tuple(r[0] for r in ranges), tuple(r[1] for r in ranges)


def printable_char(ch: str) -> bool:
    """True if the font draws `ch` (controls and line breaks are the layout's business)."""
    if ch in "\n\t" or unicodedata.category(ch)[0] == "C":
        return True
    starts, ends = _ranges()
    index = bisect_right(starts, ord(ch)) - 1
    return index >= 0 and ord(ch) <= ends[index]


def unprintable(text: str) -> list[str]:
    """The characters of `text` (after NFC) the printed record cannot show, each once, in order."""
    text = unicodedata.normalize("NFC", text)
    return list(dict.fromkeys(ch for ch in text if not printable_char(ch)))
