"""Reports and attachments: the approval step of information reports (拟稿 → 审核 → 签发) and
files attached to incidents, reports and tasks, kept with their sha256. Owned by console/reports
and console/attachments.

Written by hand; mirrors console/reports/models.py (the approval columns of ``reports``) and
console/attachments/models.py (``attachments``).

- ``reports.reviewed_us`` / ``reviewed_by``: when and by whom the report was reviewed (审核).
- ``reports.signed_us`` / ``signed_by``: when and by whom it was signed (签发); only a signed
  report can be submitted (报送).
- ``attachments``: a photo, lab sheet or scanned 签报 attached to an incident, a report or a
  task — the bytes, their size, type (recognised from the content) and SHA-256, which is also in
  the incident's log (``log.attachment_added``, at ``event_version``).

Revision ID: 0007_attachments
Revises: 0006_contacts
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_attachments"
down_revision = "0006_contacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as b:
        b.add_column(sa.Column("reviewed_us", sa.BigInteger(), nullable=True))
        b.add_column(sa.Column("reviewed_by", sa.String(100), nullable=True))
        b.add_column(sa.Column("signed_us", sa.BigInteger(), nullable=True))
        b.add_column(sa.Column("signed_by", sa.String(100), nullable=True))
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("owner_kind", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.String(120), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("note", sa.String(200), nullable=True),
        sa.Column("added_us", sa.BigInteger(), nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
    )
    op.create_index("ix_attachments_incident_id_owner_kind_owner_id", "attachments",
                    ["incident_id", "owner_kind", "owner_id"])


def downgrade() -> None:
    op.drop_index("ix_attachments_incident_id_owner_kind_owner_id", "attachments")
    op.drop_table("attachments")
    with op.batch_alter_table("reports") as b:
        b.drop_column("signed_by")
        b.drop_column("signed_us")
        b.drop_column("reviewed_by")
        b.drop_column("reviewed_us")
