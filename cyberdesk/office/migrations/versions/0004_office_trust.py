"""Trust both ways: where to answer each laptop, the proof kept per revision, the register's log.

`interviews` gains `reply_folder` (the folder the bundle was taken in from: head office's signed
messages to that laptop go to its `from-head-office/`), `signature` (`signature.json` as received,
so `office verify-record` re-checks a revision from the database alone) and `manifest_sha256` (a
resend of the same signed content is recognised by it, whatever its encryption). `agent_key_events`
records every change to the register of laptop keys, with who made it and when; rows are only
ever added.

Revision ID: office_0004
Revises: office_0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "office_0004"
down_revision = "office_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("reply_folder", sa.Text(), nullable=True))
        batch.add_column(sa.Column("signature", sa.Text(), nullable=True))
        batch.add_column(sa.Column("manifest_sha256", sa.String(64), nullable=True))
        batch.create_index("ix_interviews_manifest_sha256", ["manifest_sha256"])
    op.create_table(
        "agent_key_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("agent_name", sa.Text(), nullable=False),
        sa.Column("operator", sa.Text(), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agent_key_events"),
    )
    op.create_index("ix_agent_key_events_fingerprint", "agent_key_events", ["fingerprint"])


def downgrade() -> None:
    op.drop_index("ix_agent_key_events_fingerprint", table_name="agent_key_events")
    op.drop_table("agent_key_events")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_index("ix_interviews_manifest_sha256")
        batch.drop_column("manifest_sha256")
        batch.drop_column("signature")
        batch.drop_column("reply_folder")
