"""The order in which interviews were finalized: a number that never ties.

Finalization times are whole seconds, so two interviews finalized in the same second had no
order of their own, and exports and syncs went in an order that depended on their random ids.
`finalized_seq` numbers the locked interviews 1, 2, 3 … as they are finalized (or imported
locked); bundles are exported and delivered in that order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("interviews", sa.Column("finalized_seq", sa.Integer(), nullable=True))
    # Existing locked interviews keep the order they had (last change, then insertion).
    op.execute(
        "UPDATE interviews SET finalized_seq = (SELECT n FROM (SELECT id, row_number() OVER "
        "(ORDER BY updated_at, rowid) AS n FROM interviews WHERE status != 'draft') AS ranked "
        "WHERE ranked.id = interviews.id) WHERE status != 'draft'"
    )
    op.create_index("ix_interviews_finalized_seq", "interviews", ["finalized_seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_interviews_finalized_seq", "interviews")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("finalized_seq")
