"""Head office's database: an SQLAlchemy URL (SQLite for a small agency, PostgreSQL for an insurer),
migrated to this version's schema when opened.

`--db` wins, then `CYBERDESK_OFFICE_DB`, then `office.sqlite3` in the data folder. Several
workers may open the same database at once: migrations run under a database lock (SQLite's write
lock, PostgreSQL's advisory lock), never a lock file. Messages name the database without its
password and never carry SQL or its parameters (customer data).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from cyberdesk.files import paths
from cyberdesk.i18n import _

ENV = "CYBERDESK_OFFICE_DB"
HEAD = "office_0007"
KNOWN_REVISIONS = ("office_0001", "office_0002", "office_0003", "office_0004", "office_0005",
                   "office_0006", "office_0007")
VERSION_TABLE = "office_alembic_version"
PAGE_SIZE = 65_536  # SQLite's largest
BUSY_TIMEOUT_MS = 60_000  # SQLite: another worker's write is waited for, not an error
MIGRATION_LOCK = 0x0FF1CE  # PostgreSQL advisory lock key: one migrating worker at a time


class OfficeDbError(Exception):
    """The database cannot be used; one line naming it (password hidden) and why."""


class BadUrl(OfficeDbError):
    """`--db` is not a database URL this CyberDesk can use (the user's input: exit 2)."""


def url_from(given: str | None) -> str:
    """The database to use: `--db`, else the environment, else the default SQLite file."""
    return given or os.environ.get(ENV) or f"sqlite:///{paths.home() / 'office.sqlite3'}"


def shown(url: str) -> str:
    """The URL as messages show it: without a password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "?"


def reason(error: BaseException) -> str:
    """The first line of the driver's own words, without SQL or parameters."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # 64 KiB pages for a new database (an existing one keeps its own): a summary PDF of
        # ~200 KB is 4 pages, not 50, so storing 500 of them takes ~2,000 writes, not ~29,000
        # (about 0.15 s less of the system's CPU per 500 bundles).
        cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        # A rollback journal, not WAL: intake's writes are mostly summary PDFs, which WAL writes
        # twice (log, then checkpoint): 500 PDFs took 0.81–0.90 s in WAL, 0.36–0.41 s here. A
        # database another worker holds open in WAL stays in WAL until the last one closes.
        with contextlib.suppress(sqlite3.OperationalError):
            cursor.execute("PRAGMA journal_mode = TRUNCATE")
        cursor.execute("PRAGMA synchronous = FULL")  # a receipt is written only after a durable commit
        cursor.execute("PRAGMA foreign_keys = ON")
        # Statement journals and temporary tables in memory: an intake batch's inserts wrote
        # ~7 MB to temporary files (29 MB per 500 bundles, a quarter on top of the database's
        # own 113 MB), read back only should a statement fail. Peak memory: +1-4 MB.
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(url: str) -> Engine:
    """A migrated engine for `url`; BadUrl or OfficeDbError with one line when it cannot be."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise BadUrl(_("--db {url}: use an sqlite:/// or postgresql+psycopg:// URL")
                         .format(url=shown(url)))
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = create_engine(parsed, hide_parameters=True, pool_pre_ping=True,
                               **({"isolation_level": None} if parsed.get_backend_name() == "sqlite"
                                  else {}))
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError):
        raise BadUrl(_("--db {url}: not a database URL this CyberDesk can use")
                     .format(url=shown(url))) from None
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    else:
        # lazy: the schema only once the database is known (it needs the dialect loaded)
        from cyberdesk.office.schema import add_postgresql_options

        add_postgresql_options()
    try:
        _migrate(engine)
    except OfficeDbError:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        raise OfficeDbError(_("{db}: cannot be opened ({reason})")
                            .format(db=shown(url), reason=reason(error))) from None
    return engine


def _migrate(engine: Engine) -> None:
    """Upgrade to HEAD; refuse a database written by a newer version. On SQLite the foreign keys
    are off while a migration runs (a column added or dropped copies the table, which the tables
    referring to it would stop) and checked whole before it commits."""
    with engine.connect() as outer:
        driver = outer.connection.driver_connection if outer.dialect.name == "sqlite" else None
        if driver is not None:  # only outside a transaction does SQLite take this
            driver.execute("PRAGMA foreign_keys = OFF")
        try:
            _migrate_on(outer, engine)
        finally:
            if driver is not None:
                driver.execute("PRAGMA foreign_keys = ON")


def _migrate_on(connection: Connection, engine: Engine) -> None:
    with connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        if inspect(connection).has_table(VERSION_TABLE):
            current = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
            if current is not None and current not in KNOWN_REVISIONS:
                raise OfficeDbError(_("{db} was written by a newer version of CyberDesk. Update "
                                      "CyberDesk to use it.").format(db=shown(str(engine.url))))
            if current == HEAD:
                return
        # lazy: alembic (120–180 ms of imports) only when a migration is due
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if connection.dialect.name == "sqlite" \
                and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
            raise OfficeDbError(_("{db}: the migration would break the links between its tables; "
                                  "nothing was changed").format(db=shown(str(engine.url))))
