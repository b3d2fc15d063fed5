"""The bundled Japanese TrueType font, registered with reportlab once per process.

Only TrueType outlines can be embedded (and subset) by reportlab; the built-in CID fonts and the
base-14 Helvetica are never embedded, so every style and the canvas use these two names.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from cyberdesk.resources import resource

REGULAR = "BIZUDPGothic"
BOLD = "BIZUDPGothic-Bold"
_FILES = {REGULAR: "BIZUDPGothic-Regular.ttf", BOLD: "BIZUDPGothic-Bold.ttf"}
MISSING_GLYPH = "〓"  # the geta mark: how Japanese print marks a character the font lacks


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces (about 30 ms each, so only once); returns their names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


@cache
def _glyphs() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def printable(text: str) -> str:
    """NFC (never NFKC: it would turn ① into 1), with characters the font lacks shown as 〓
    instead of an empty box, and control characters other than line breaks dropped."""
    glyphs = _glyphs()
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch == "\n":
            out.append(ch)
        elif ch in "\t\r":
            out.append(" " if ch == "\t" else "")
        elif unicodedata.category(ch)[0] == "C":
            continue
        else:
            out.append(ch if ord(ch) in glyphs or ch == " " else MISSING_GLYPH)
    return "".join(out)
