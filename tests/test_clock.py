"""One clock for business dates: Japan's, whatever zone the machine is set to.

These run in CI again under faketime at 23:30 UTC and 00:30 JST, with the machine's zone at UTC,
Asia/Tokyo and America/Los_Angeles (scripts/test's clock tier), and here with the zone and the
clock moved in-process."""

from __future__ import annotations

import ast
import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import ROOT

from cyberdesk import clock
from cyberdesk.model.interview import Interview

pytestmark = pytest.mark.dates

ZONES = ("UTC", "Asia/Tokyo", "America/Los_Angeles")
# 23:30 UTC is already tomorrow in Japan; 00:30 JST is still yesterday in UTC.
EVENING_UTC = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
AFTER_MIDNIGHT_JST = datetime(2026, 12, 2, 0, 30, tzinfo=clock.JST)


@pytest.fixture(params=ZONES)
def machine_zone(request):
    """The machine's local zone set to each of ZONES for the test (restored after)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize("moment", [EVENING_UTC, AFTER_MIDNIGHT_JST], ids=["23:30UTC", "00:30JST"])
def test_today_is_japans_whatever_the_machine_says(machine_zone, moment):
    with clock.frozen(moment):
        assert clock.today() == date(2026, 12, 2)
        assert clock.now() == moment.astimezone(UTC)
        assert clock.now().tzinfo is UTC
        assert Interview().interview_date == date(2026, 12, 2)
        assert Interview().duplicate().interview_date == date(2026, 12, 2)


def test_a_recorded_moment_has_its_japanese_date(machine_zone):
    assert clock.local_date(EVENING_UTC) == date(2026, 12, 2)
    assert clock.local_date(EVENING_UTC.replace(tzinfo=None)) == date(2026, 12, 2)  # naive = UTC
    assert clock.local_date(datetime(2026, 12, 1, 14, 59, tzinfo=UTC)) == date(2026, 12, 1)


def test_the_catalogue_in_force_is_chosen_by_japans_date(machine_zone):
    from cyberdesk.catalogue import installed

    with clock.frozen(EVENING_UTC):
        assert installed().current() == installed().current(date(2026, 12, 2))


def test_purge_days_count_in_japan(machine_zone, tmp_path):
    """Received at 23:30 UTC on 1 December is received on 2 December in Japan: its purge day is
    counted from there, not from the machine's date."""
    from cyberdesk.services.purge import schedule

    class Received:
        interview_id, document_number, purged_at = "a" * 32, "CD-AAAAAAAA-01", None
        received_at = EVENING_UTC.isoformat()

    class OneReceived:
        def received(self):
            return [Received()]

        def summaries(self):
            return []

        def setting(self, _key, default=None):
            return default

    [planned] = schedule(OneReceived(), 30, after="receipt")  # type: ignore[arg-type]
    assert planned.received_on == date(2026, 12, 2)
    assert planned.purge_on == date(2027, 1, 1)


def test_frozen_and_shifted_move_only_the_apps_clock():
    real = datetime.now(UTC)
    with clock.shifted(timedelta(days=400)):
        assert clock.now() - real > timedelta(days=399)
    assert abs(clock.now() - real) < timedelta(minutes=1)
    with pytest.raises(ValueError), clock.frozen(datetime(2026, 12, 1)):  # naive: no zone, refused
        pass


# Calls that read the machine's clock or zone; only cyberdesk/clock.py may make them.
MACHINE_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                 ("time", "time"), ("time", "localtime"), ("time", "strftime"), ("QDate", "currentDate"),
                 ("QDateTime", "currentDateTime"), ("QDateTime", "currentSecsSinceEpoch")}


def test_nothing_but_the_clock_reads_the_machines_clock():
    found = []
    for path in sorted((ROOT / "cyberdesk").rglob("*.py")):
        if path == ROOT / "cyberdesk" / "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if not isinstance(func, ast.Attribute):
                continue
            value = func.value
            owner = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", "")
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if (owner, func.attr) in MACHINE_CLOCK:
                found.append(f"{where} {owner}.{func.attr}()")
            elif func.attr == "astimezone" and not node.args:  # the machine's zone
                found.append(f"{where} .astimezone()")
    assert found == [], "business dates must come from cyberdesk.clock:\n" + "\n".join(found)


def test_the_clock_tier_really_moved_the_machines_clock():
    """Under scripts/test's clock tier the machine's clock is where the tier put it (faketime took
    effect), so the other tests here ran at that hour."""
    expected = os.environ.get("CYBERDESK_TEST_CLOCK")
    if not expected:
        pytest.skip("only in scripts/test's clock tier")
    assert abs(time.time() - int(expected)) < 900
