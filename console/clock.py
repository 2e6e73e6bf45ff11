"""Clocks are injected: the engine never reads the wall clock.

``SystemClock`` is for the live console; ``ManualClock`` is for tests, replays and
the drill clock (which builds on it to pause and run faster than real time).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

__all__ = ["CHINA_TZ", "UTC", "Clock", "ManualClock", "SystemClock"]
from typing import Protocol

CHINA_TZ = timezone(timedelta(hours=8), "CST")


def local_time(text: str) -> datetime:
    """A time as a person types it — 「2026-12-06 08:15」 or ISO-8601 with a zone; without a zone it is
    China time. ValueError when it is not a time."""
    when = datetime.fromisoformat(text.strip())
    return when if when.tzinfo is not None else when.replace(tzinfo=CHINA_TZ)


class Clock(Protocol):
    def now(self) -> datetime:  # always timezone-aware
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("time must be timezone-aware")
        self._now = when
