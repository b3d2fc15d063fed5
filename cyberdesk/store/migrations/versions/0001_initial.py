"""Interviews and settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("lineage_id", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=False),
        sa.Column("company_kana", sa.Text(), nullable=False),
        sa.Column("interview_date", sa.String(10), nullable=False),
        sa.Column("plan", sa.String(32), nullable=True),
        sa.Column("catalogue_id", sa.String(64), nullable=False),
        sa.Column("catalogue_version", sa.String(32), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("trashed_at", sa.String(32), nullable=True),
        sa.Column("wizard_step", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["interviews.id"], name="fk_interviews_previous_id_interviews"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_interviews"),
        sa.UniqueConstraint("lineage_id", "revision", name="uq_interviews_lineage_id"),
    )
    op.create_index("ix_interviews_lineage_id", "interviews", ["lineage_id"])
    op.create_index("ix_interviews_status", "interviews", ["status"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_interviews_status", "interviews")
    op.drop_index("ix_interviews_lineage_id", "interviews")
    op.drop_table("interviews")
