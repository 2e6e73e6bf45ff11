"""The room: several seats on one incident — presence of the seats, instructions (批示/指令) with
their acknowledgements and feedback, assignments, and the acknowledgement of alarms. Owned by
console/room.

Revision ID: 0008_room
Revises: 0007_attachments
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0008_room"
down_revision = "0007_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
