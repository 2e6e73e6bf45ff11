"""Contacts: the directory of units and people with their numbers, and the notification log (who was called or messaged, when, the answer). Owned by console/contacts.

Revision ID: 0006_contacts
Revises: 0005_trust
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0006_contacts"
down_revision = "0005_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
