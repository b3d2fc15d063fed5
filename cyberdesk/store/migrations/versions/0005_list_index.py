"""A covering index for the interview list.

The list (and every search keystroke) reads the summary columns of the interviews not in the
trash, newest change first. Without this index SQLite reads every row whole, decrypting each
interview's document (most of the table's bytes) only to skip it; with it the list is read from
the index alone, already in order.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# What the list selects (cyberdesk.store.store.SUMMARY_COLUMNS), after its filter and its order.
_SUMMARY = ["id", "lineage_id", "revision", "status", "company_name", "company_kana",
            "interview_date", "plan", "wizard_step", "catalogue_id", "catalogue_version",
            "purged_at"]


def upgrade() -> None:
    op.create_index("ix_interviews_summary", "interviews",
                    ["trashed_at", sa.text("updated_at DESC"), *_SUMMARY])


def downgrade() -> None:
    op.drop_index("ix_interviews_summary", "interviews")
