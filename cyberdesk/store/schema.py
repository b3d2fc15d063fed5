"""The tables as SQLAlchemy Core knows them: what the migrations under `migrations/versions/`
build, kept here for alembic (`target_metadata`, so `alembic revision --autogenerate` can compare)
and for head office's naming convention. The app itself never imports this module: it reads and
writes through cyberdesk.store.repository, and SQLAlchemy loads only when a migration is due.

The interview's answers are kept whole as its file-format document (so the store and the file
can never disagree); the columns beside it are what lists, search and the lifecycle need
without decoding every document.

Changing a table here needs a new migration under `migrations/versions/`.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

interviews = Table(
    "interviews", metadata,
    Column("id", String(32), primary_key=True),
    Column("lineage_id", String(32), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("previous_id", ForeignKey("interviews.id")),
    Column("status", String(16), nullable=False, index=True),
    Column("company_name", Text, nullable=False, default=""),
    Column("company_kana", Text, nullable=False, default=""),
    Column("interview_date", String(10), nullable=False),
    Column("plan", String(32)),
    Column("catalogue_id", String(64), nullable=False),
    Column("catalogue_version", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("trashed_at", String(32)),
    Column("wizard_step", Integer, nullable=False, default=0),
    # 1, 2, 3 … in the order interviews were locked: exports and syncs follow it (never ties).
    Column("finalized_seq", Integer, unique=True, index=True),
    # Set when the interview was purged after head office's receipt: the row is a tombstone.
    Column("purged_at", String(32)),
    Column("document", Text, nullable=False),
    UniqueConstraint("lineage_id", "revision"),
)

# The list's covering index (migration 0005): its filter, its order, then what it selects.
Index("ix_interviews_summary", interviews.c.trashed_at, interviews.c.updated_at.desc(),
      *(interviews.c[name] for name in (
          "id", "lineage_id", "revision", "status", "company_name", "company_kana",
          "interview_date", "plan", "wizard_step", "catalogue_id", "catalogue_version",
          "purged_at")))

# Agent profile, language, sync folder: small JSON values by key.
settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# A head-office bundle in the outbox: one per finalized revision, synced once delivered.
bundles = Table(
    "bundles", metadata,
    Column("interview_id", ForeignKey("interviews.id"), primary_key=True),
    Column("lineage_id", String(32), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("file_name", Text, nullable=False, unique=True),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("synced_at", String(32), index=True),
    Column("synced_to", Text),
    Column("received_at", String(32)),  # head office's receipt arrived
)

# One event of an interview's audit trail (cyberdesk.trust.audit): appended, never changed.
audit_events = Table(
    "audit_events", metadata,
    Column("interview_id", String(32), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("agent", Text, nullable=False),
    Column("event", String(32), nullable=False),
    Column("fields", Text, nullable=False),  # JSON list of field names
    Column("prev", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
