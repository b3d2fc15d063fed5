"""Bundles: what was exported for head office, and when and where each one was delivered.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bundles",
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("lineage_id", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("synced_at", sa.String(32), nullable=True),
        sa.Column("synced_to", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interviews.id"], name="fk_bundles_interview_id_interviews"
        ),
        sa.PrimaryKeyConstraint("interview_id", name="pk_bundles"),
        sa.UniqueConstraint("file_name", name="uq_bundles_file_name"),
    )
    op.create_index("ix_bundles_synced_at", "bundles", ["synced_at"])


def downgrade() -> None:
    op.drop_index("ix_bundles_synced_at", "bundles")
    op.drop_table("bundles")
