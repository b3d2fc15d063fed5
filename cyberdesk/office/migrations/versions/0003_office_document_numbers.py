"""Document numbers from the whole lineage id (CD-1A2B3C4D-5E6F7A8B-9C0D1E2F-3A4B5C6D-01): the
column that held the first eight characters' form (CD-1A2B3C4D-01) is widened; numbers already
stored keep their old form.

Revision ID: office_0003
Revises: office_0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "office_0003"
down_revision = "office_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.alter_column("document_number", existing_type=sa.String(32), type_=sa.String(96),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.alter_column("document_number", existing_type=sa.String(96), type_=sa.String(32),
                           existing_nullable=False)
