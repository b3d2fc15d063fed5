"""The one way to the laptop's database: a single DB-API connection (sqlcipher3) that every read
and write of the store goes through, writes in explicit transactions.

One connection rather than one per call: opening a keyed connection costs a key check, and the
open connection keeps reading (and, on close, saves everything) when the write-ahead log is
deleted under it. The GUI thread and the wizard's saver thread share it under one lock, each
call or transaction whole. A transaction starts with BEGIN IMMEDIATE, which takes SQLite's write
lock at once: two writers (the app and a command) wait for each other for `busy_s` instead of
failing halfway, and whatever is read inside it cannot change before the COMMIT.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from cyberdesk.store.database import DB_ERRORS, StoreError, connect, explain

Parameters = Sequence[Any]
Row = tuple[Any, ...]


class Transaction:
    """Reads and writes inside one BEGIN IMMEDIATE … COMMIT (see Repository.transaction)."""

    def __init__(self, connection: sqlcipher3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Parameters = ()) -> int:
        """Run one statement; the number of rows it changed."""
        cursor = self._connection.execute(sql, tuple(parameters))
        return int(cursor.rowcount)

    def rows(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        rows: list[Row] = self._connection.execute(sql, tuple(parameters)).fetchall()
        return rows  # tuples already: the connection has no row factory

    def row(self, sql: str, parameters: Parameters = ()) -> Row | None:
        found: Row | None = self._connection.execute(sql, tuple(parameters)).fetchone()
        return found


class Repository:
    """The store's connection, its lock and its error translation."""

    def __init__(self, path: Path, key: bytes, busy_s: float) -> None:
        self.path = path
        self._key, self._busy_s = key, busy_s
        self._closed = False
        self._lock = threading.RLock()
        try:
            self._connection = connect(path, key, timeout=busy_s, check_same_thread=False)
            self._connection.isolation_level = None  # autocommit: BEGIN and COMMIT are ours
            self._connection.execute("PRAGMA synchronous = FULL")  # committed = on the disk
            self._connection.execute("PRAGMA foreign_keys = ON")
        except DB_ERRORS as error:
            raise StoreError(explain(error, path)) from None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._connection.close()

    def rows(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        """The rows of one read (autocommit: it sees every committed write)."""
        with self._reading() as reading:
            return reading.rows(sql, parameters)

    def row(self, sql: str, parameters: Parameters = ()) -> Row | None:
        with self._reading() as reading:
            return reading.row(sql, parameters)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Transaction]:
        """The connection to read on. Once closed, a read-only one for the read alone: windows
        that are closing after the store still repaint (and retranslate) from it."""
        with self._lock, self._explained():
            if not self._closed:
                yield Transaction(self._connection)
                return
            late = connect(f"{self.path.as_uri()}?mode=ro", self._key, uri=True,
                           timeout=self._busy_s)
            try:
                yield Transaction(late)
            finally:
                late.close()

    @contextlib.contextmanager
    def transaction(self, durable: bool = True) -> Iterator[Transaction]:
        """BEGIN IMMEDIATE … COMMIT around the block; ROLLBACK when it raises (nothing half
        written), the database's own failures told as StoreError. Not `durable`: the commit
        does not wait for the disk (synchronous = NORMAL, for this transaction only). A killed
        app keeps it all the same (it is in the log); only a power cut before the next durable
        commit, which flushes the log with it, can lose it."""
        with self._lock, self._explained():
            if self._closed:
                raise RuntimeError("a write after the store was closed")  # a bug, not the user's
            if not durable:
                self._connection.execute("PRAGMA synchronous = NORMAL")
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield Transaction(self._connection)
                except BaseException:
                    if self._connection.in_transaction:
                        self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
            finally:
                if not durable:
                    self._connection.execute("PRAGMA synchronous = FULL")

    def maintain(self, *statements: str) -> None:
        """Statements that must run outside a transaction (VACUUM, a checkpoint)."""
        with self._lock, self._explained():
            for statement in statements:
                self._connection.execute(statement)

    @contextlib.contextmanager
    def _explained(self) -> Iterator[None]:
        """The user gets what a failure means and which file, never the SQL or its parameters."""
        try:
            yield
        except DB_ERRORS as error:
            if not self._closed and self._connection.in_transaction:
                with contextlib.suppress(*DB_ERRORS):
                    self._connection.execute("ROLLBACK")
            raise StoreError(explain(error, self.path)) from None
