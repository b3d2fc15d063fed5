"""Signed bundles: the register of agents' keys, and who signed each revision taken in.

`agent_keys` holds the laptops' Ed25519 key fingerprints head office registered, each with its
agency (and the agent, for people); a revoked key signs nothing head office takes in any more.
`interviews` gains the signer's fingerprint, the audit trail as received, and whether the initial
wishes were recorded before any plan was shown (null: no plan was shown in the wizard).

Revision ID: office_0002
Revises: office_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "office_0002"
down_revision = "office_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_keys",
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("agent_name", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("fingerprint", name="pk_agent_keys"),
    )
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("signer", sa.String(64), nullable=True))
        batch.add_column(sa.Column("audit", sa.Text(), nullable=True))
        batch.add_column(sa.Column("wishes_before_plans", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("wishes_before_plans")
        batch.drop_column("audit")
        batch.drop_column("signer")
    op.drop_table("agent_keys")
