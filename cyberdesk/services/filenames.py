"""File names that every system a bundle passes through accepts: the agent's Windows or macOS
laptop, a network share, a company cloud drive, head office's Linux scripts.

Whatever the company is called, the name keeps its readable Japanese (NFC, as macOS and Windows
show it) and loses only what some system refuses: the characters `<>:"/\\|?*`, control and
invisible format characters (a right-to-left override could disguise `.exe` as `.zip`), trailing
dots and blanks, Windows' device names (CON, NUL, COM1...), and bytes beyond what a file system
or a 260-character Windows path leaves room for.
"""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = frozenset('<>:"/\\|?*')
# Windows' device names, reserved whatever the extension (CON.zip opens the console).
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")]
)
MAX_NAME_BYTES = 200  # below 255 (ext4, APFS, NTFS) with room for a temporary name's decoration
_BLANKS = re.compile(r"[\s\u3000]+")
_REPEATS = re.compile(r"_{2,}")


def _allowed(ch: str) -> str:
    if ch in FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "_"
    return ch


def truncate_utf8(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut between characters and never before a combining mark."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    while len(cut) < len(text) and cut and unicodedata.combining(text[len(cut)]):
        cut = cut[:-1]
    return cut


def safe_component(text: str, max_bytes: int, fallback: str = "_") -> str:
    """One part of a file name: readable, and safe on every file system."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(_allowed(ch) for ch in _BLANKS.sub("_", text))
    text = _REPEATS.sub("_", text).strip("._ ")
    text = truncate_utf8(text, max_bytes).rstrip("._ ")
    return text or fallback


def safe_filename(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A whole file name (with its extension) made safe; a device name gets a `_` appended."""
    stem, dot, suffix = unicodedata.normalize("NFC", name).rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    suffix = safe_component(suffix, 16, fallback="") if suffix else ""
    ending = f".{suffix}" if suffix else ""
    stem = safe_component(stem, max_bytes - len(ending.encode("utf-8")) - 1)
    head, dot, rest = stem.partition(".")
    if head.upper() in RESERVED:  # Windows reads "CON.tar.gz" as the console too
        stem = f"{head}_{dot}{rest}"
    return stem + ending
