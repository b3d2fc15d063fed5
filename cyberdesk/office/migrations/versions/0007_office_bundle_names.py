"""Bundles held, found by the name they were taken in under.

A laptop's sync folder keeps every bundle it sent, so each intake meets the bundles held
already again. Their names tell the verification workers which bytes head office holds under
that name: bytes that hash to them are not verified again (only hashed, and answered as held),
any other bytes are verified as new. A hint, never trusted: the bytes decide.

Revision ID: office_0007
Revises: office_0006
Create Date: 2026-12-02
"""

from alembic import op

revision = "office_0007"
down_revision = "office_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interviews_bundle_name", "interviews", ["bundle_name"])


def downgrade() -> None:
    op.drop_index("ix_interviews_bundle_name", table_name="interviews")
