"""Emitting a Qt signal from Python without PySide6 6.12's reference-count bug.

`signal.emit()` called from Python returns a bool whose reference PySide does not own, so every
call takes one reference from Python's `True`/`False`; on Python 3.11 (bools are not yet
immortal) a few thousand emits — an hour of typing in the wizard — end in "Fatal Python error:
bool_dealloc". `QMetaObject.invokeMethod` reaches the same signal without that bug, and from a
worker thread it is queued to the receiver's thread like any cross-thread emit.
"""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject


def emit(sender: QObject, signal: str) -> None:
    """Emit the argument-less signal `signal` of `sender` (the receivers run as for emit())."""
    if not QMetaObject.invokeMethod(sender, signal):
        raise AttributeError(f"{type(sender).__name__} has no argument-less signal {signal}")
