"""The bundled Japanese TrueType font, registered with reportlab once per process.

Only TrueType outlines can be embedded (and subset) by reportlab; the built-in CID fonts and the
base-14 Helvetica are never embedded, so every style and the canvas use these two names.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from cyberdesk.japanese.glyphs import SUBSTITUTES
from cyberdesk.resources import resource
from cyberdesk.services.pdf.fontcache import load_font

REGULAR = "BIZUDPGothic"
BOLD = "BIZUDPGothic-Bold"
_FILES = {REGULAR: "BIZUDPGothic-Regular.ttf", BOLD: "BIZUDPGothic-Bold.ttf"}
MISSING_GLYPH = "〓"  # the geta mark: how Japanese print marks a character the font lacks


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces once per process (parsed ~100 ms each, read back from
    the font cache in a fraction of that); returns their names."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(load_font(name, resource("fonts", file)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


@cache
def _drawable() -> frozenset[str]:
    """The characters the font has, less the control characters (line breaks are handled apart)."""
    register_fonts()
    controls = set(map(chr, (*range(0x20), *range(0x7F, 0xA0))))
    return frozenset(map(chr, pdfmetrics.getFont(REGULAR).face.charToGlyph)) - controls | {" ", "\n"}


def printable(text: str) -> str:
    """NFC (never NFKC: it would turn ① into 1); a character the font lacks becomes its usual
    substitute (𠮷 → 吉), or 〓 where there is none — never an empty box; tabs become spaces and
    other control characters are dropped. `cyberdesk.japanese.glyphs` warns of both when text is typed."""
    text = unicodedata.normalize("NFC", text)
    odd = set(text) - _drawable()
    if not odd:
        return text
    return text.translate({
        ord(ch): " " if ch == "\t" else None if unicodedata.category(ch)[0] == "C"
        else SUBSTITUTES.get(ch, MISSING_GLYPH)
        for ch in odd
    })
