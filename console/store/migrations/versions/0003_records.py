"""Expert registry, information reports, consultations and the duty log.

Revision ID: 0003_records
Revises: 0002_reserves
Create Date: 2026-11-22
"""

from __future__ import annotations

revision = "0003_records"
down_revision = "0002_reserves"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
