"""The tables. The interview's answers are kept whole as its file-format document (so the
store and the file can never disagree); the columns beside it are what lists, search and the
lifecycle need without decoding every document.

Changing a table here needs a new migration under `migrations/versions/`.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class InterviewRow(Base):
    __tablename__ = "interviews"
    __table_args__ = (UniqueConstraint("lineage_id", "revision"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lineage_id: Mapped[str] = mapped_column(String(32), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[str | None] = mapped_column(ForeignKey("interviews.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    company_name: Mapped[str] = mapped_column(Text, default="")
    company_kana: Mapped[str] = mapped_column(Text, default="")
    interview_date: Mapped[str] = mapped_column(String(10))
    plan: Mapped[str | None] = mapped_column(String(32))
    catalogue_id: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    trashed_at: Mapped[str | None] = mapped_column(String(32))
    wizard_step: Mapped[int] = mapped_column(Integer, default=0)
    # 1, 2, 3 … in the order interviews were locked: exports and syncs follow it (never ties).
    finalized_seq: Mapped[int | None] = mapped_column(Integer, unique=True, index=True)
    # Set when the interview was purged after head office's receipt: the row is a tombstone.
    purged_at: Mapped[str | None] = mapped_column(String(32))
    document: Mapped[str] = mapped_column(Text)


class SettingRow(Base):
    """Agent profile, language, sync folder: small JSON values by key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class BundleRow(Base):
    """A head-office bundle in the outbox: one per finalized revision, synced once delivered."""

    __tablename__ = "bundles"

    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id"), primary_key=True)
    lineage_id: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text, unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(32))
    synced_at: Mapped[str | None] = mapped_column(String(32), index=True)
    synced_to: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[str | None] = mapped_column(String(32))  # head office's receipt arrived


class AuditRow(Base):
    """One event of an interview's audit trail (cyberdesk.trust.audit): appended, never changed."""

    __tablename__ = "audit_events"

    interview_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    agent: Mapped[str] = mapped_column(Text)
    event: Mapped[str] = mapped_column(String(32))
    fields: Mapped[str] = mapped_column(Text)  # JSON list of field names
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
