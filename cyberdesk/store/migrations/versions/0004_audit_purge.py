"""The audit trail, and what purging after head office's receipt needs.

`audit_events` holds each interview's hash-chained events (cyberdesk.trust.audit); `bundles.received_at`
is when head office's receipt arrived (the retention days count from it); `interviews.purged_at`
marks a tombstone: an interview whose customer details were removed after the retention days.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("agent", sa.Text(), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("interview_id", "seq", name="pk_audit_events"),
    )
    op.add_column("bundles", sa.Column("received_at", sa.String(32), nullable=True))
    op.add_column("interviews", sa.Column("purged_at", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("purged_at")
    with op.batch_alter_table("bundles") as batch:
        batch.drop_column("received_at")
    op.drop_table("audit_events")
