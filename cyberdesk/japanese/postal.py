"""Postal code → address, offline, from Japan Post's data (built by scripts/build_postal.py).

The file (0.8 MB, 6 MB once decompressed, sorted by code) is decompressed once and kept as bytes,
each lookup a binary search for its line: `warm()` decompresses it on a background thread (the
decompression lets other threads run) when the customer step is shown, so the agent's first
lookup does not wait ~0.1 s. Kept as bytes rather than a dict of 140,000 entries, which took
~0.1 s more with the interpreter's lock held, the window waiting. No Qt, no network.
"""

from __future__ import annotations

import functools
import lzma
import re
import threading

from cyberdesk.japanese.textnorm import clean_postal
from cyberdesk.resources import resource

POSTAL_FILE = "postal/postal.tsv.xz"
_CODE = re.compile(r"[0-9]{3}-[0-9]{4}")


@functools.cache
def _table() -> bytes:
    """The table's lines ("1600023\t東京都新宿区西新宿\n"), after a line break of its own."""
    return b"\n" + lzma.decompress(resource(POSTAL_FILE).read_bytes())


def warm() -> None:
    """Read the table on a background thread now, before the first lookup needs it."""
    threading.Thread(target=_table, name="cyberdesk-postal", daemon=True).start()


def well_formed(postal_code: str) -> bool:
    """Seven digits, however typed (「〒１６０－００２３」, 160-0023, 1600023)."""
    return bool(_CODE.fullmatch(clean_postal(postal_code)))


def address_for(postal_code: str) -> str:
    """The address of a postal code typed in any width (「〒１６０－００２３」, 160-0023, 1600023);
    "" when it is not a known code."""
    code = clean_postal(postal_code)
    if not _CODE.fullmatch(code):
        return ""
    return _search(_table(), code.replace("-", "").encode("ascii"))


def _search(table: bytes, code: bytes) -> str:
    """Binary search of the sorted lines for `code`: ~17 steps, each finding a line's start."""
    low, high = 0, len(table)
    while low < high:
        start = table.rfind(b"\n", 0, (low + high) // 2) + 1  # the line holding the middle
        end = table.find(b"\n", start)
        end = len(table) if end < 0 else end
        found = table[start:start + len(code)]
        if found < code:
            low = end + 1
        elif found > code:
            high = start
        else:
            return table[start + len(code) + 1:end].decode("utf-8")
    return ""
