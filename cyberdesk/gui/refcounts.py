"""Keeping PySide6 6.12 from freeing Python's None, True and False on Python 3.11.

Every call of a Qt method that returns nothing (setText, setVisible, QTimer.start …) hands back
None without the reference it owes, and every Python-side `signal.emit()` does the same with
True or False. Each call takes one reference away: after some ten thousand calls — minutes of
typing in the wizard — Python aborts with "Fatal Python error: none_dealloc". Python 3.12 made
these objects immortal (PEP 683) and the bug harmless; on 3.11 we do what 3.12 does and give the
three singletons a reference count no session can use up. This is the one mechanism: emits and
void calls alike are covered by it, so the code calls Qt the ordinary way.
"""

from __future__ import annotations

import ctypes
import sys

BALLAST = 1 << 40  # a million calls a second for twelve days
PROBE_REFERENCES = 8

_protected = False


def needed() -> bool:
    """Only CPython before 3.12 has mortal singletons."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def refcount_is_first_field() -> bool:
    """Whether an object's reference count sits at its address, as in every release build of
    CPython (a debug build with Py_TRACE_REFS puts two pointers before it): checked by watching
    the word there move with references we add, so the ballast is never written elsewhere."""
    cell = ctypes.c_ssize_t.from_address(id(None))
    before = cell.value
    probe = [None] * PROBE_REFERENCES
    moved = cell.value - before
    del probe
    return moved == PROBE_REFERENCES


def protect_singletons() -> bool:
    """Add the ballast once per process where it is needed and safe; True if it is in place."""
    global _protected
    if not _protected and needed() and refcount_is_first_field():
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += BALLAST
        _protected = True
    return _protected
