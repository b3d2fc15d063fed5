"""Head office's tests run against SQLite and a real PostgreSQL: `office_url` gives each test a
fresh database of each kind. PostgreSQL is a throwaway cluster that scripts/pg starts (installing
it from Debian's packages if needed) once per test process.

tests/conftest.py registers these fixtures for every test module (`pytest_plugins`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="session")
def pg_server():
    """The URL of the cluster's `postgres` database; stopped and deleted after the session."""
    folder = Path(tempfile.mkdtemp(prefix="cyberdesk-pg-"))
    env = {**os.environ, "PG_EXTRA": "-c fsync=off"}  # tests need no durability
    started = subprocess.run([str(ROOT / "scripts" / "pg"), "start", str(folder)], env=env,
                             capture_output=True, text=True, timeout=600)
    assert started.returncode == 0, started.stderr  # never skipped: CI must run these
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg"), "stop", str(folder)], capture_output=True,
                       timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def new_pg_database(server_url: str) -> str:
    """A new, empty database on the cluster; its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=url.query["host"], port=int(url.query["port"]), user="postgres",
                         dbname="postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return url.set(database=name).render_as_string(hide_password=False)


AGENCY = "A1234-567"  # the examples' agency


def register_laptop(url: str, agency: str = AGENCY) -> str:
    """Head office registers this test's laptop key (as `office agents --add` does); its
    fingerprint."""
    from cyberdesk.office.store import OfficeStore
    from cyberdesk.trust.keys import laptop_key

    fingerprint = laptop_key().fingerprint
    with OfficeStore.open(url) as office:
        assert office.register_key(fingerprint, agency, "佐藤 恵美", "2026-11-27T00:00:00+00:00")
    return fingerprint


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def office_url(request, tmp_path) -> str:
    """A fresh head-office database that knows this test's laptop key."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    else:
        url = new_pg_database(request.getfixturevalue("pg_server"))
    register_laptop(url)
    return url
