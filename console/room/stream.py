"""The centre's ``room`` stream: every instruction, receipt, assignment and alarm acknowledgement
is a ``room.*`` event written in the same transaction as its row (retried when another seat
wrote to the room meanwhile).

Room events never go into an incident's own stream: a 签收 or an alarm acknowledgement must not
make the incident's version move under a commander who is about to click (a stale command is
refused). An event about an incident names it in its payload (``incident``), and the incident's
timeline shows it (:func:`console.room.instructions.timeline_items`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from console.auth.roles import role_title
from console.errors import RecordError
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent

STREAM = "room"
ATTEMPTS = 20


class RoomRefused(RecordError):
    """A room action refused (Chinese reason)."""


def append(log: EventLog, type_: str, at: datetime, actor: str, role: str, payload: dict[str, Any], mode: str,
           write: Callable[[Connection, list[StoredEvent]], None]) -> StoredEvent:
    """Append one ``room.*`` event with its row (``write``) in one transaction."""
    event = NewEvent(type_, at, actor, role or "duty_officer", payload, mode)
    for _ in range(ATTEMPTS):
        try:
            return log.append(STREAM, log.stream_version(STREAM), [event], in_transaction=write)[0]
        except StaleAppend:
            continue
    raise RoomRefused("值守席位正被其他指挥台频繁写入，本次操作未保存，请稍后重试")


def display_names(db: Any) -> dict[str, str]:
    """Account → display name (empty on a database without accounts)."""
    from console.auth.models import users_table

    try:
        with db.reading() as conn:
            return {r.username: r.display_name for r in conn.execute(
                select(users_table.c.username, users_table.c.display_name))}
    except Exception:  # noqa: BLE001 — an old schema without accounts: names as typed
        return {}


def who(name: str, role: str, names: dict[str, str] | None = None) -> str:
    """「张指挥（指挥长）」: a person as the room shows them."""
    shown = (names or {}).get(name) or name
    return f"{shown}（{role_title(role)}）" if role else shown
