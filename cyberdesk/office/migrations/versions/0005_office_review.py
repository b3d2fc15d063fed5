"""Review: a state per revision and an append-only decision log.

`interviews` gains what the review desk sorts and filters on (the exception codes, whether there
are any, whether a later revision is held) and the last decision; `review_log` keeps every
decision (who, when, what, why). The database refuses UPDATE and DELETE on the log (a trigger on
both SQLite and PostgreSQL); on PostgreSQL an INSERT trigger also writes the reviewer as the role
that connected, so nobody decides under another reviewer's name.

Revision ID: office_0005
Revises: office_0004
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "office_0005"
down_revision = "office_0004"
branch_labels = None
depends_on = None

REFUSE = "review_log is append-only"
QUEUE_INDEXES = {"ix_interviews_queue": [], "ix_interviews_queue_state": ["review_state"],
                 "ix_interviews_queue_agency": ["agency_code"],
                 "ix_interviews_queue_agent": ["agent_name"]}


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("exceptions", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("flagged", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("superseded", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("review_state", sa.String(16), nullable=False,
                                   server_default="unreviewed"))
        batch.add_column(sa.Column("reviewed_at", sa.String(32), nullable=True))
        batch.add_column(sa.Column("review_note", sa.Text(), nullable=False, server_default=""))
    _fill()
    # The desk's queue: exceptions first, then the newest, a page at a time (the index read
    # backwards); the same order behind the filters that keep few rows, so a page is an index
    # range, not a scan.
    for name, first in QUEUE_INDEXES.items():
        op.create_index(name, "interviews", [*first, "flagged", "received_at", "id"])
    op.create_table(
        "review_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"],
                                name="fk_review_log_interview_id_interviews"),
        sa.PrimaryKeyConstraint("seq", name="pk_review_log"),
    )
    op.create_index("ix_review_log_interview_id", "review_log", ["interview_id"])
    _text_search_indexes()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION review_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{REFUSE}'; END $$""")
        op.execute("""
            CREATE FUNCTION review_log_reviewer() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.reviewer := current_user; RETURN NEW; END $$""")
        op.execute("CREATE TRIGGER review_log_append_only BEFORE UPDATE OR DELETE ON review_log "
                   "FOR EACH ROW EXECUTE FUNCTION review_log_refuse()")
        op.execute("CREATE TRIGGER review_log_no_truncate BEFORE TRUNCATE ON review_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION review_log_refuse()")
        op.execute("CREATE TRIGGER review_log_who BEFORE INSERT ON review_log "
                   "FOR EACH ROW EXECUTE FUNCTION review_log_reviewer()")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER review_log_no_{action.lower()} BEFORE {action} ON "
                       f"review_log BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END")


def _text_search_indexes() -> None:
    """The desk's search finds part of a company name or document number: trigram indexes
    (pg_trgm, a trusted extension the database's owner may create) keep it fast on 100,000
    revisions. Without the extension (and on SQLite) the same names index the columns plainly,
    and the search scans."""
    bind = op.get_bind()
    trigram = False
    if bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            trigram = True
        except sa.exc.DBAPIError:
            trigram = False
    for column in ("company_name", "document_number"):
        if trigram:
            op.execute(f"CREATE INDEX ix_interviews_{column}_trgm ON interviews "
                       f"USING gin ({column} gin_trgm_ops)")
        else:
            op.create_index(f"ix_interviews_{column}_trgm", "interviews", [column])


def _fill() -> None:
    """The exception codes of the revisions already held, and which of them are superseded."""
    from cyberdesk.office.compliance import codes_of

    bind = op.get_bind()
    table = sa.table("interviews", sa.column("id"), sa.column("document"),
                     sa.column("wishes_before_plans"), sa.column("exceptions"),
                     sa.column("flagged"), sa.column("previous_id"), sa.column("superseded"),
                     sa.column("audit"))
    rows = bind.execute(sa.select(table.c.id, table.c.document, table.c.wishes_before_plans,
                                  table.c.audit)).all()
    for row in rows:
        codes = codes_of(json.loads(row.document), row.wishes_before_plans, _events(row.audit))
        bind.execute(table.update().where(table.c.id == row.id).values(
            exceptions=codes, flagged=bool(codes)))
    later = sa.select(table.c.previous_id).where(table.c.previous_id.is_not(None))
    bind.execute(table.update().where(table.c.id.in_(later.scalar_subquery()))
                 .values(superseded=True))


def _events(trail: str | None) -> int:
    """How many events a stored audit trail holds (0: none kept, or not a trail), which is
    what the exception codes ask of it; its chain was checked when it was taken in."""
    try:
        events = json.loads(trail or "")["events"]
    except (ValueError, TypeError, KeyError):
        return 0
    return len(events) if isinstance(events, list) else 0


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE review_log")
        op.execute("DROP FUNCTION review_log_refuse()")
        op.execute("DROP FUNCTION review_log_reviewer()")
    else:
        op.drop_table("review_log")
    for name in (*QUEUE_INDEXES, "ix_interviews_company_name_trgm",
                 "ix_interviews_document_number_trgm"):
        op.drop_index(name, table_name="interviews")
    # Dropped in place (SQLite ≥ 3.35), never by copying the table: the tables that refer to
    # `interviews` would stop a copy under foreign_keys = ON.
    with op.batch_alter_table("interviews", recreate="never") as batch:
        for column in ("review_note", "reviewed_at", "review_state", "superseded", "flagged",
                       "exceptions"):
            batch.drop_column(column)
