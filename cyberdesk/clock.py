"""The one clock: "now" and "today" as the business sees them, in Japan time.

The agent, the customer and head office all work in Japan, whatever zone a laptop or a CI machine
is set to: between 15:00 and 24:00 UTC "today" in Japan is already tomorrow on a UTC clock. Every
business date and timestamp comes from here (a test checks that nothing else reads the machine's
clock for them), and tests move the clock with `frozen()` instead of the machine's.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone

# Japan Standard Time: the business's zone (no daylight saving since 1951).
JST = timezone(timedelta(hours=9), "JST")


def _system() -> datetime:
    return datetime.fromtimestamp(time.time(), UTC)


_source: Callable[[], datetime] = _system


def now() -> datetime:
    """This moment, in UTC, to the second (files and the database then agree exactly)."""
    return _source().astimezone(UTC).replace(microsecond=0)


def now_jst() -> datetime:
    """This moment in Japan time, to the second."""
    return now().astimezone(JST)


def today() -> date:
    """Today's date in Japan (the date the customer and the agent would write)."""
    return now_jst().date()


def local_date(moment: datetime) -> date:
    """The Japanese calendar date of a recorded moment (naive moments are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(JST).date()


def stamp() -> str:
    """A compact JST timestamp for file names: 20261201T053000."""
    return now_jst().strftime("%Y%m%dT%H%M%S")


@contextlib.contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Within the block the clock reads `at` (an aware moment); for tests and benches."""
    global _source
    if at.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    previous, _source = _source, (lambda: at)
    try:
        yield
    finally:
        _source = previous


@contextlib.contextmanager
def shifted(by: timedelta) -> Iterator[None]:
    """Within the block the clock runs `by` ahead of the machine's (retention tests)."""
    global _source
    previous = _source
    _source = lambda: previous() + by  # noqa: E731 - a one-line clock source
    try:
        yield
    finally:
        _source = previous
