"""Postal code → address, offline, from Japan Post's data (built by scripts/build_postal.py).

The file (0.8 MB) is read once and kept as a dict: `warm()` starts that on a background thread
when the customer step is built, so the agent's first lookup does not wait ~0.3 s. No Qt, no network.
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
def _table() -> dict[str, str]:
    text = lzma.decompress(resource(POSTAL_FILE).read_bytes()).decode("utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines())


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
    return _table().get(code.replace("-", ""), "")
