"""Qt's dates as Python's: PySide6 types `QDate.toPython()` as `object`, so the conversion is
spelled out once, typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def day_of(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
