"""The bundled Japanese TrueType font, registered with reportlab once per process.

Only TrueType outlines can be embedded (and subset) by reportlab; the built-in CID fonts and the
base-14 Helvetica are never embedded, so every style and the canvas use these two names.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts

from cyberdesk.japanese.glyphs import printed_form
from cyberdesk.resources import resource
from cyberdesk.services.pdf.fontcache import load_font

REGULAR = "BIZUDPGothic"
BOLD = "BIZUDPGothic-Bold"
_FILES = {REGULAR: "BIZUDPGothic-Regular.ttf", BOLD: "BIZUDPGothic-Bold.ttf"}


def _utf16_hex(code: int) -> str:
    """A character as a ToUnicode CMap names it: UTF-16BE in hex (a surrogate pair beyond U+FFFF)."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as surrogate pairs: its
    own writes five hex digits (𡈽 U+2123D as <2123D>), which readers take as U+2123 ℣ — copy,
    search and head office's text extraction then get the wrong character."""
    text: str = ttfonts._cyberdesk_original_cmap(fontname, subset)
    if max(subset, default=0) <= 0xFFFF:  # reportlab's <%04X> is UTF-16 already: most subsets
        return text
    cmap = text.split("\n")
    start = cmap.index(f"{len(subset)} beginbfchar") + 1
    cmap[start:start + len(subset)] = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    return "\n".join(cmap)


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces once per process (parsed ~100 ms each, read back from
    the font cache in a fraction of that); returns their names."""
    if not hasattr(ttfonts, "_cyberdesk_original_cmap"):
        ttfonts._cyberdesk_original_cmap = ttfonts.makeToUnicodeCMap
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
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
    """NFC (never NFKC: it would turn ① into 1); what the font lacks as
    `cyberdesk.japanese.glyphs.printed_form` shows it (𠮷 → 吉, an emoji as its code point —
    never an empty box, never 〓); tabs become spaces and other control characters are dropped.
    Finalizing asks the agent to accept every such substitute (or correct the text)."""
    text = unicodedata.normalize("NFC", text)
    if set(text) <= _drawable():
        return text
    return "".join(" " if ch == "\t" else "" if unicodedata.category(ch)[0] == "C" and ch != "\n"
                   else ch for ch in printed_form(text))
