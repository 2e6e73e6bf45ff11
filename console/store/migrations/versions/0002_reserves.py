"""Reserve materials: depots, lots and the stock ledger (filled in by the reserves work).

Revision ID: 0002_reserves
Revises: 0001_initial
Create Date: 2026-11-22
"""

from __future__ import annotations

revision = "0002_reserves"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
