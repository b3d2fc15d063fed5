"""Head office's tables. One row per interview revision taken in, with the interview file and
the manifest kept whole as received; the columns beside them are what the report and the
constraints need. The summary PDFs are in their own table so that listing never reads them.

The constraints are what keeps several intake workers honest: a revision is stored once
(primary key, and one row per lineage and revision), a bundle's bytes once, and a revision
only after the one it replaces.

Changing a table here needs a new migration under `migrations/versions/`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cyberdesk.store.schema import NAMING  # one naming convention for both databases


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class InterviewRow(Base):
    """An interview revision as head office received it."""

    __tablename__ = "interviews"
    __table_args__ = (
        UniqueConstraint("lineage_id", "revision"),
        # The review desk's queue, read backwards: exceptions first, then the newest; of every
        # revision (office_0005), and of the current ones alone and behind the filters that
        # keep few rows (office_0006: partial indexes, so that a page and a count of what a
        # filter keeps read the index alone); the text search's indexes (trigram on
        # PostgreSQL, where pg_trgm can be created). Their PostgreSQL-only options are in
        # POSTGRESQL_OPTIONS below.
        Index("ix_interviews_queue", "flagged", "received_at", "id"),
        *(Index(name, *first, "flagged", "received_at", "id", sqlite_where=text("superseded IS 0"))
          for name, first in (("ix_interviews_current", ()),
                              ("ix_interviews_current_state", ("review_state",)),
                              ("ix_interviews_current_agency", ("agency_code",)),
                              ("ix_interviews_current_agent", ("agent_name",)))),
        *(Index(f"ix_interviews_{column}_trgm", column)
          for column in ("company_name", "document_number")),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lineage_id: Mapped[str] = mapped_column(String(32), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[str | None] = mapped_column(ForeignKey("interviews.id"))
    revision_reason: Mapped[str] = mapped_column(Text)
    document_number: Mapped[str] = mapped_column(String(96))
    agency_code: Mapped[str] = mapped_column(String(64), index=True)
    agency_name: Mapped[str] = mapped_column(Text)
    agent_name: Mapped[str] = mapped_column(Text)
    agent_email: Mapped[str] = mapped_column(Text)
    company_name: Mapped[str] = mapped_column(Text)
    interview_date: Mapped[date] = mapped_column(Date, index=True)
    plan: Mapped[str | None] = mapped_column(String(32))
    catalogue_id: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    finalized_at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601 (as in the manifest)
    received_at: Mapped[str] = mapped_column(String(32))
    bundle_name: Mapped[str] = mapped_column(Text, index=True)  # office_0007: intake's hint
    bundle_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    manifest: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)  # interview.json as received
    signer: Mapped[str | None] = mapped_column(String(64))  # the laptop key's fingerprint
    audit: Mapped[str | None] = mapped_column(Text)  # audit.json as received (chain verified)
    wishes_before_plans: Mapped[bool | None] = mapped_column(Boolean)  # None: no plan shown
    reply_folder: Mapped[str | None] = mapped_column(Text)  # where that laptop's messages go
    signature: Mapped[str | None] = mapped_column(Text)  # signature.json as received
    manifest_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # What the review desk sorts and filters on, set on intake (see office/compliance.py and
    # office/review.py): the exception codes (`;`-separated), whether there are any, whether a
    # later revision is held, and the last decision (the decision log is the record).
    exceptions: Mapped[str] = mapped_column(Text, default="")
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    review_state: Mapped[str] = mapped_column(String(16), default="unreviewed")
    reviewed_at: Mapped[str | None] = mapped_column(String(32))
    review_note: Mapped[str] = mapped_column(Text, default="")


class ReviewLogRow(Base):
    """One decision of a reviewer on a revision: appended, never changed or deleted (the database
    refuses UPDATE and DELETE with a trigger; on PostgreSQL it also writes the reviewer as the
    role that connected)."""

    __tablename__ = "review_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # approved / returned / on_hold
    note: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601


class SummaryPdfRow(Base):
    """The coverage summary (補償内容のご案内) the customer received, byte for byte."""

    __tablename__ = "summary_pdfs"

    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class WaitingRow(Base):
    """A revision that arrived before the one it replaces: kept out of `interviews` (and so never
    current) until its predecessor is taken in; listed by the report."""

    __tablename__ = "waiting"

    interview_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lineage_id: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[str] = mapped_column(String(32))
    agency_code: Mapped[str] = mapped_column(String(64))
    agent_name: Mapped[str] = mapped_column(Text)
    company_name: Mapped[str] = mapped_column(Text)
    bundle_path: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(String(32))


class AgentKeyRow(Base):
    """A laptop's signing key head office registered (by the fingerprint the agent read out)."""

    __tablename__ = "agent_keys"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(64))
    agent_name: Mapped[str] = mapped_column(Text)
    registered_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))


class AgentKeyEventRow(Base):
    """One change to the register of laptop keys (added, revoked, moved), with who and when:
    rows are only ever added."""

    __tablename__ = "agent_key_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    agency_code: Mapped[str] = mapped_column(String(64))
    agent_name: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(32))


class OpenRevisionRow(Base):
    """A revision an agent started on a delivered interview (the laptop's notice), until head
    office holds it or the notice is withdrawn; the report lists those not held."""

    __tablename__ = "open_revisions"

    interview_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lineage_id: Mapped[str] = mapped_column(String(32), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    started_at: Mapped[str] = mapped_column(String(32))
    notice_path: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(String(32))


# The indexes' PostgreSQL-only options, by index name: given to `Index(...)` above they would
# make SQLAlchemy load its whole PostgreSQL dialect (to check their names) in every command on
# SQLite too; `add_postgresql_options` adds them when a PostgreSQL database is opened.
POSTGRESQL_OPTIONS: dict[str, dict[str, object]] = {
    **{name: {"postgresql_where": text("superseded IS false")}
       for name in ("ix_interviews_current", "ix_interviews_current_state",
                    "ix_interviews_current_agency", "ix_interviews_current_agent")},
    **{f"ix_interviews_{column}_trgm": {"postgresql_using": "gin",
                                        "postgresql_ops": {column: "gin_trgm_ops"}}
       for column in ("company_name", "document_number")},
}


def add_postgresql_options() -> None:
    """Give the indexes their PostgreSQL-only options (the dialect is loaded by then); once is
    enough, again changes nothing."""
    for index in Base.metadata.tables[InterviewRow.__tablename__].indexes:
        for key, value in POSTGRESQL_OPTIONS.get(str(index.name), {}).items():
            index.dialect_kwargs[key] = value
