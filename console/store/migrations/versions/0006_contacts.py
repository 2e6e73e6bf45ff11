"""Contacts: the directory of units and people with their numbers, and the notification log.

Who was called or messaged, when, the answer. Owned by console/contacts.

Written by hand; mirrors console/contacts/models.py.

- ``contacts``: one unit, 带班领导, person or member unit (成员单位) per 编号, with 办公电话、手机、
  传真, the duty role, the unit's responsibilities and the plan units it stands for. Experts
  are not copied here: the directory reads them from ``experts``.
- ``notifications``: one call or message about an incident (from a task, a plan notice or a
  report): whom, the number used, how, when, the answer and the text prepared; each row is a
  ``contacts.notified`` event of the centre's ``contacts`` stream (``event_version``).

Revision ID: 0006_contacts
Revises: 0005_trust
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_contacts"
down_revision = "0005_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("organisation", sa.String(100), nullable=False),
        sa.Column("position", sa.String(100), nullable=False),
        sa.Column("office_phone", sa.String(30), nullable=False),
        sa.Column("mobile", sa.String(30), nullable=False),
        sa.Column("fax", sa.String(30), nullable=False),
        sa.Column("duties", sa.Text(), nullable=False),
        sa.Column("plan_units", sa.String(200), nullable=False),
        sa.Column("region", sa.String(50), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_contacts"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_ref", sa.String(120), nullable=False),
        sa.Column("contact_code", sa.String(40), nullable=False),
        sa.Column("contact_name", sa.String(100), nullable=False),
        sa.Column("organisation", sa.String(100), nullable=False),
        sa.Column("number", sa.String(30), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("at_us", sa.BigInteger(), nullable=False),
        sa.Column("recorded_us", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("role", sa.String(50), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
    )
    op.create_index("ix_notifications_incident_id", "notifications", ["incident_id"])
    op.create_index("ix_notifications_at_us", "notifications", ["at_us"])


def downgrade() -> None:
    op.drop_index("ix_notifications_at_us", "notifications")
    op.drop_index("ix_notifications_incident_id", "notifications")
    op.drop_table("notifications")
    op.drop_table("contacts")
