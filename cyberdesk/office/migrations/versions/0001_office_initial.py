"""Head office's first schema: interviews as received, their summary PDFs, waiting revisions,
revisions started on the laptops.

Revision ID: office_0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "office_0001"
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
        sa.Column("revision_reason", sa.Text(), nullable=False),
        sa.Column("document_number", sa.String(32), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("agency_name", sa.Text(), nullable=False),
        sa.Column("agent_name", sa.Text(), nullable=False),
        sa.Column("agent_email", sa.Text(), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=False),
        sa.Column("interview_date", sa.Date(), nullable=False),
        sa.Column("plan", sa.String(32), nullable=True),
        sa.Column("catalogue_id", sa.String(64), nullable=False),
        sa.Column("catalogue_version", sa.String(32), nullable=False),
        sa.Column("finalized_at", sa.String(32), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("bundle_name", sa.Text(), nullable=False),
        sa.Column("bundle_sha256", sa.String(64), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["previous_id"], ["interviews.id"],
                                name="fk_interviews_previous_id_interviews"),
        sa.PrimaryKeyConstraint("id", name="pk_interviews"),
        sa.UniqueConstraint("lineage_id", "revision", name="uq_interviews_lineage_id"),
        sa.UniqueConstraint("bundle_sha256", name="uq_interviews_bundle_sha256"),
    )
    op.create_index("ix_interviews_lineage_id", "interviews", ["lineage_id"])
    op.create_index("ix_interviews_agency_code", "interviews", ["agency_code"])
    op.create_index("ix_interviews_interview_date", "interviews", ["interview_date"])
    op.create_table(
        "summary_pdfs",
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"],
                                name="fk_summary_pdfs_interview_id_interviews"),
        sa.PrimaryKeyConstraint("interview_id", name="pk_summary_pdfs"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # A PDF is compressed already: compressing it again costs PostgreSQL time for nothing.
        op.execute("ALTER TABLE summary_pdfs ALTER COLUMN data SET STORAGE EXTERNAL")
    op.create_table(
        "waiting",
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("lineage_id", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.String(32), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("agent_name", sa.Text(), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=False),
        sa.Column("bundle_path", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("interview_id", name="pk_waiting"),
    )
    op.create_table(
        "open_revisions",
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("lineage_id", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("notice_path", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("interview_id", name="pk_open_revisions"),
    )
    op.create_index("ix_open_revisions_lineage_id", "open_revisions", ["lineage_id"])


def downgrade() -> None:
    op.drop_index("ix_open_revisions_lineage_id", table_name="open_revisions")
    op.drop_table("open_revisions")
    op.drop_table("waiting")
    op.drop_table("summary_pdfs")
    op.drop_index("ix_interviews_interview_date", table_name="interviews")
    op.drop_index("ix_interviews_agency_code", table_name="interviews")
    op.drop_index("ix_interviews_lineage_id", table_name="interviews")
    op.drop_table("interviews")
