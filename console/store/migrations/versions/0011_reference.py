"""Reference data a centre owns: townships, the register of regulated entities, expert specialties and their synonyms, depot status and minimum stock. Owned by console/reference.

Revision ID: 0011_reference
Revises: 0010_plan_library
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0011_reference"
down_revision = "0010_plan_library"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
