"""Keeping PySide6 6.12 from freeing Python's None, True and False on Python 3.11.

Every call of a Qt method that returns nothing (setText, setVisible, QTimer.start …) hands back
None without the reference it owes, and every Python-side `signal.emit()` does the same with
True or False. Each call takes one reference away: after some ten thousand calls — minutes of
typing in the wizard — Python aborts with "Fatal Python error: none_dealloc". Python 3.12 made
these objects immortal (PEP 683) and the bug harmless; on 3.11 we do what 3.12 does and give the
three singletons a reference count no session can use up.
"""

from __future__ import annotations

import ctypes
import sys

BALLAST = 1 << 40  # a million calls a second for twelve days

_protected = False


def protect_singletons() -> None:
    """Add the ballast once per process (a no-op on Python 3.12+, where they are immortal)."""
    global _protected
    if _protected or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += BALLAST  # ob_refcnt comes first
    _protected = True
