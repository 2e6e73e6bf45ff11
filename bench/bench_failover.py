"""Fail-over: how long a console needs to write again, and another to catch up, after the primary
dies and its standby is promoted.

A private primary with a synchronous streaming standby (tests/store/_private_pg.py: initdb,
pg_basebackup, its own ports), one console writing duty notes every 20 ms on the multi-host URL
and another following with the window's ChangeFeed settings (heartbeat 2 s, reconnect back-off up
to 5 s). The primary is stopped ``-m immediate`` and the standby promoted (``pg_ctl promote -w``);
from the moment the primary is killed (so the figures include the promotion itself) we measure

- *reconnect*: until the writer's next write is acknowledged by the new primary;
- *catch-up*: until the follower has reconnected, read every event it had not seen and reported
  「数据库已切换到备用服务器 …，已补齐 N 条事件」.

Target (issue #15): ≤ 5 s. Needs the PostgreSQL server binaries; skipped otherwise.
Run: ``python -m bench failover``.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from typing import Any

ROUNDS = 3
TARGET_S = 5.0


def _round() -> tuple[float, float, float, int]:
    from console.app import Console
    from console.errors import Refused
    from console.store import open_database
    from console.sync.feed import ChangeFeed, Switchover
    from tests.store._private_pg import ReplicatedPair

    pair = ReplicatedPair()
    try:
        console = Console(open_database(pair.url))
        acks: list[tuple[float, str]] = []
        stop = threading.Event()

        def write() -> None:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    console.duty.note(f"第{i}条", actor="甲席")
                    acks.append((time.monotonic(), console.db.server()))
                except Refused:
                    pass
                time.sleep(0.02)

        switches: list[tuple[float, Switchover]] = []
        feed = ChangeFeed(open_database(pair.url), after_seq=0,
                          on_switch=lambda s: switches.append((time.monotonic(), s)))
        loop = asyncio.new_event_loop()
        follower = threading.Thread(target=lambda: loop.run_until_complete(feed.run(lambda evs: None)), daemon=True)
        follower.start()
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        while len(acks) < 20 or feed.server is None:
            time.sleep(0.02)
        killed = time.monotonic()
        pair.fail_over()
        promoted = time.monotonic()
        standby = pair.standby.address
        end = promoted + 60
        while time.monotonic() < end and not (any(s == standby for _, s in acks) and switches):
            time.sleep(0.01)
        stop.set()
        writer.join(timeout=30)
        loop.call_soon_threadsafe(feed.stop)
        follower.join(timeout=15)
        first_ack = next(t for t, s in acks if s == standby)
        caught_at, switch = switches[0]
        return promoted - killed, first_ack - killed, caught_at - killed, switch.caught_up
    finally:
        pair.close()


def run() -> list[dict[str, Any]]:
    try:
        rounds = [_round() for _ in range(ROUNDS)]
    except (RuntimeError, OSError) as exc:
        return [{"name": f"failover: no private primary + standby ({exc}); skipped", "value": 0, "unit": "",
                 "target": "", "met": None}]
    promote = [r[0] for r in rounds]
    reconnect = [r[1] for r in rounds]
    catch_up = [r[2] for r in rounds]
    worst = max(max(reconnect), max(catch_up))
    return [
        {"name": f"failover: kill primary + promote standby (pg_ctl), median of {ROUNDS}",
         "value": statistics.median(promote), "unit": "s", "target": None, "met": None},
        {"name": "failover: primary killed → writer's next write acknowledged (new primary), worst",
         "value": max(reconnect), "unit": "s", "target": f"≤ {TARGET_S:g} s", "met": max(reconnect) <= TARGET_S},
        {"name": "failover: primary killed → follower re-subscribed and caught up, worst", "value": max(catch_up),
         "unit": "s", "target": f"≤ {TARGET_S:g} s", "met": max(catch_up) <= TARGET_S},
        {"name": "failover: events caught up by the follower (per round)",
         "value": ",".join(str(r[3]) for r in rounds), "unit": "", "target": None, "met": worst <= TARGET_S},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
