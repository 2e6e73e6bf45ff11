"""The drill clock: drill time = start + (wall time running) × speed, with pause and resume.

The engine never reads it directly: the incident service is given this clock, so every event
a drill writes carries drill time. Wall time comes from an injected monotonic function and
sleeping from an injected ``sleep``; ``virtual=True`` makes ``sleep_until`` jump straight to
the target (headless runs and tests that need no real waiting).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from console.errors import Refused

INTERACTIVE_SPEEDS = (1, 2, 5, 10, 30, 60)
MAX_INTERACTIVE_SPEED = 60
MAX_HEADLESS_SPEED = 3600


class DrillClockError(Refused, ValueError):
    """A clock operation that makes no sense now (the message is shown to the trainer)."""


class DrillClock:
    def __init__(self, start: datetime, speed: float = 1.0, *, max_speed: float = MAX_INTERACTIVE_SPEED,
                 wall: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 virtual: bool = False):
        if start.tzinfo is None:
            raise ValueError("DrillClock needs a timezone-aware start time")
        self.max_speed = max_speed
        self._check_speed(speed)
        self._wall = wall
        self._sleep = sleep
        self.virtual = virtual
        self._lock = threading.Lock()
        self._base_drill = start
        self._base_wall = wall()
        self._speed = float(speed)
        self.running = False
        self.started = False
        self.ended = False

    def _check_speed(self, speed: float) -> None:
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 1 <= speed <= self.max_speed:
            raise DrillClockError(f"演练倍速应在 ×1 到 ×{self.max_speed:g} 之间，而不是 {speed!r}")

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> datetime:
        with self._lock:
            if not self.running or self.virtual:
                return self._base_drill
            return self._base_drill + timedelta(seconds=(self._wall() - self._base_wall) * self._speed)

    def _rebase(self) -> None:
        now = self.now()
        with self._lock:
            self._base_drill = now
            self._base_wall = self._wall()

    def start(self) -> None:
        if self.started:
            raise DrillClockError("演练已经开始")
        self.started = self.running = True
        self._base_wall = self._wall()

    def pause(self) -> None:
        if not self.running:
            raise DrillClockError("演练未在进行，无法暂停")
        self._rebase()
        self.running = False

    def resume(self) -> None:
        if self.ended or not self.started:
            raise DrillClockError("演练尚未开始或已结束，无法继续")
        if self.running:
            raise DrillClockError("演练正在进行，无需继续")
        self._base_wall = self._wall()
        self.running = True

    def set_speed(self, speed: float) -> None:
        self._check_speed(speed)
        self._rebase()
        self._speed = float(speed)

    def advance(self, delta: timedelta) -> datetime:
        """时间压缩: move drill time forward by ``delta`` at once (running, paused or virtual);
        the speed and the running/paused state stay as they were. Returns the new drill time."""
        if not isinstance(delta, timedelta) or delta <= timedelta(0):
            what = f"{delta.total_seconds():g} 秒" if isinstance(delta, timedelta) else repr(delta)
            raise DrillClockError(f"时间压缩只能向前跳过一段大于零的时长（如 P2D），而不是 {what}")
        if self.ended:
            raise DrillClockError("演练已结束，不能再跳过时间")
        with self._lock:
            self._base_drill += delta
        return self.now()

    def stop(self) -> datetime:
        if self.running:
            self._rebase()
        self.running = False
        self.ended = True
        return self._base_drill

    def wall_seconds_until(self, at: datetime) -> float:
        """Wall seconds until the drill clock reads ``at`` (infinite while paused)."""
        if not self.running:
            return float("inf")
        return max((at - self.now()).total_seconds() / self._speed, 0.0)

    def sleep_until(self, at: datetime, *, max_wall: float | None = None) -> None:
        """Wait until drill time ``at`` (virtual: jump there at once)."""
        if not self.running:
            return
        if self.virtual:
            with self._lock:
                if at > self._base_drill:
                    self._base_drill = at
            return
        secs = self.wall_seconds_until(at)
        if max_wall is not None:
            secs = min(secs, max_wall)
        if secs > 0:
            self._sleep(secs)
