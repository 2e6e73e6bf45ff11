"""The room: seats, instructions, assignments and alarms (值守席位)."""

from __future__ import annotations

from typing import Any

from console.app import Console
from ui.room.panel import RoomPanel

__all__ = ["RoomPanel", "escalate_minutes", "make_room_panel"]

SETTING = "room/escalate_minutes"  # 超时未签收的时限（分钟）, in the console's settings file


def escalate_minutes(settings: Any) -> int | None:
    """The escalation time of instructions this seat sends (settings ``room/escalate_minutes``,
    1–240; None: the default of 10 minutes)."""
    qs = getattr(settings, "qs", None)
    raw = qs.value(SETTING) if qs is not None else None
    try:
        value = int(str(raw))
    except ValueError:
        return None
    return value if 1 <= value <= 240 else None


def make_room_panel(console: Console, win: Any) -> RoomPanel:
    """This window's seat: the panel, joined to the room under the logged-in account."""
    return RoomPanel(console, actor=win.user, role=win.role, join=True,
                     escalate_minutes=escalate_minutes(getattr(win, "settings", None)))
