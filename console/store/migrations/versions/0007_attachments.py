"""Reports and attachments: the approval step of information reports (拟稿 → 审核 → 签发) and files attached to incidents, reports and tasks, kept with their sha256. Owned by console/reports and console/attachments.

Revision ID: 0007_attachments
Revises: 0006_contacts
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0007_attachments"
down_revision = "0006_contacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
