"""The room: several seats on one incident — presence of the seats, instructions (批示/指令) with
their acknowledgements and feedback, assignments, and the acknowledgement of alarms. Owned by
console/room.

Written by hand; mirrors console/room/models.py. Seats are ephemeral (heartbeats, not in the
chain); instructions, receipts, assignments and alarm acknowledgements are each written with
their event of the centre's ``room`` stream (``room verify`` checks them).

Revision ID: 0008_room
Revises: 0007_attachments
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_room"
down_revision = "0007_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room_seats",
        sa.Column("seat_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(100), nullable=True),
        sa.Column("host", sa.String(100), nullable=False),
        sa.Column("started_us", sa.BigInteger(), nullable=False),
        sa.Column("heartbeat_us", sa.BigInteger(), nullable=False),
        sa.Column("viewing", sa.String(64), nullable=True),
        sa.Column("editing_kind", sa.String(40), nullable=True),
        sa.Column("editing_id", sa.String(100), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("seat_id", name="pk_room_seats"),
    )
    op.create_index("ix_room_seats_username", "room_seats", ["username"])
    op.create_table(
        "room_instructions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("sender", sa.String(100), nullable=False),
        sa.Column("sender_role", sa.String(40), nullable=False),
        sa.Column("target_kind", sa.String(20), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_us", sa.BigInteger(), nullable=False),
        sa.Column("escalate_s", sa.Integer(), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_room_instructions"),
    )
    op.create_index("ix_room_instructions_incident_id", "room_instructions", ["incident_id"])
    op.create_table(
        "room_receipts",
        sa.Column("instruction_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("acked_us", sa.BigInteger(), nullable=True),
        sa.Column("ack_version", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("feedback_us", sa.BigInteger(), nullable=True),
        sa.Column("feedback_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("instruction_id", "username", name="pk_room_receipts"),
    )
    op.create_table(
        "room_assignments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref", sa.String(100), nullable=False),
        sa.Column("assignee", sa.String(100), nullable=False),
        sa.Column("assigned_by", sa.String(100), nullable=False),
        sa.Column("assigned_us", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("closed_us", sa.BigInteger(), nullable=True),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.Column("closed_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_room_assignments"),
    )
    op.create_index("ix_room_assignments_incident_id", "room_assignments", ["incident_id"])
    op.create_index("ix_room_assignments_assignee", "room_assignments", ["assignee"])
    op.create_table(
        "room_alarm_acks",
        sa.Column("alarm_key", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("acked_by", sa.String(100), nullable=False),
        sa.Column("acked_us", sa.BigInteger(), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("alarm_key", name="pk_room_alarm_acks"),
    )


def downgrade() -> None:
    op.drop_table("room_alarm_acks")
    op.drop_index("ix_room_assignments_assignee", "room_assignments")
    op.drop_index("ix_room_assignments_incident_id", "room_assignments")
    op.drop_table("room_assignments")
    op.drop_table("room_receipts")
    op.drop_index("ix_room_instructions_incident_id", "room_instructions")
    op.drop_table("room_instructions")
    op.drop_index("ix_room_seats_username", "room_seats")
    op.drop_table("room_seats")
