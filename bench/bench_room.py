"""Ten seats on one PostgreSQL database: a command in one seen by the others, presence, memory.

Ten seat processes (the console's models, not windows) follow one PostgreSQL database: each runs
the real :class:`~console.sync.feed.ChangeFeed` and, for every event that arrives, refreshes its
model (the incident's summary, or the room's instructions), then records the time; each also
joins the room and listens on ``fds_presence``. One more seat, the commander, issues 10 commands a
second (plan-log notes on an incident and instructions to everyone, alternately) and records when
each was acknowledged; then it changes what it views ten times, and every seat records when it
saw the change. Latency = seen − acknowledged, same machine clock.

Targets (issue #13): command → visible in the others p95 ≤ 250 ms; presence change ≤ 2 s.
Also reported: the resident memory (RSS) of one seat process, i.e. what each extra seat costs.

Run: ``python -m bench room`` (needs PostgreSQL at 127.0.0.1:5432; skipped otherwise).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEATS = 10  # following seats (processes)
COMMANDS = 100  # at RATE a second
RATE = 10.0
MOVES = 10  # presence changes, 0.5 s apart
PG_ADMIN = "host=127.0.0.1 port=5432 user=root dbname=test connect_timeout=3"
STOP = "STOP-BENCH"


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def seat(url: str, index: int) -> None:
    """One following seat: prints {"seq", "t"} per event refreshed, {"viewing", "t"} per presence
    change seen, and {"rss"} at the end."""
    from console.app import Console
    from console.room.presence import PresenceListener
    from console.store.db import open_database
    from console.store.eventlog import EventLog
    from console.sync.feed import ChangeFeed

    db = open_database(url)
    console = Console(db)
    console.room.presence.join(f"seat{index}", "group_staff", host=f"bench-{index}")
    seen_views: set[str] = set()
    lock = threading.Lock()

    def presence() -> None:
        t = time.time()
        for s in console.room.presence.seats():
            v = s.viewing
            if s.username == "commander" and v and v.startswith("P-") and v not in seen_views:
                with lock:
                    seen_views.add(v)
                print(json.dumps({"viewing": v, "t": t}), flush=True)

    listener = PresenceListener(db)
    threading.Thread(target=listener.run, args=(presence,), kwargs={"timeout": 0.5}, daemon=True).start()
    feed = ChangeFeed(db, after_seq=EventLog(db).head()[0], heartbeat=1.0)

    def refresh(events: list[Any]) -> None:
        for stream in {e.stream for e in events}:
            if stream == "room":
                console.room.instructions.list()  # the room panel's model
            else:
                console.incidents.summary(stream)  # the incident list's model
        t = time.time()
        for e in events:
            print(json.dumps({"seq": e.seq, "t": t}), flush=True)
        if any((e.payload.get("data") or {}).get("text") == STOP for e in events):
            feed.stop()

    print(json.dumps({"ready": True}), flush=True)
    asyncio.run(feed.run(refresh))
    listener.stop()
    print(json.dumps({"rss": _rss_kib()}), flush=True)
    db.close()


def _measure(url: str) -> dict[str, Any]:
    from console.app import Console
    from console.store.db import open_database

    db = open_database(url)
    console = Console(db)
    iid = console.incidents.open(ROOT / "plans" / "food-municipal.yaml", title="十席位测试事件", actor="commander",
                                 role="commander", facts={"cases": 3}).incident_id
    me = console.room.presence.join("commander", "commander", host="bench-commander")
    procs = [subprocess.Popen([sys.executable, "-m", "bench.bench_room", "seat", url, str(i)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for i in range(SEATS)]
    for p in procs:
        assert p.stdout is not None
        json.loads(p.stdout.readline())  # ready
    time.sleep(2.0)  # every seat listening
    acked: dict[int, float] = {}
    start = time.time()
    for i in range(COMMANDS):
        if i % 2:
            console.room.instructions.send(f"指令 {i}", actor="commander", role="commander")
            seq = console.log.head()[0]  # the only writer: its event is the head
        else:
            seq = console.incidents.command(iid, "note", {"text": f"值守记录 {i}"}, actor="commander",
                                            role="commander").events[-1].seq
        acked[seq] = time.time()
        time.sleep(max(0.0, start + (i + 1) / RATE - time.time()))
    moved: dict[str, float] = {}
    for k in range(MOVES):
        marker = f"P-{k}"
        moved[marker] = time.time()  # before the write: its NOTIFY may wake a seat before the call returns
        me.viewing(marker)
        time.sleep(0.5)
    time.sleep(1.0)
    console.incidents.command(iid, "note", {"text": STOP}, actor="commander", role="commander")
    latencies: list[float] = []
    presence: list[float] = []
    rss: list[int] = []
    for p in procs:
        assert p.stdout is not None
        for line in p.stdout:
            d = json.loads(line)
            if "seq" in d and d["seq"] in acked:
                latencies.append((d["t"] - acked[d["seq"]]) * 1000)
            elif "viewing" in d and d["viewing"] in moved:
                presence.append((d["t"] - moved[d["viewing"]]) * 1000)
            elif "rss" in d:
                rss.append(d["rss"])
        p.wait(timeout=60)
    me.leave()
    db.close()
    return {"latencies": latencies, "presence": presence, "rss": rss}


def _pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))] if v else float("nan")


def run() -> list[dict[str, Any]]:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            name = f"fds_bench_room_{uuid.uuid4().hex[:8]}"
            admin.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as exc:
        return [{"name": f"room: PostgreSQL not reachable ({exc.__class__.__name__}); skipped", "value": 0,
                 "unit": "", "target": "", "met": None}]
    try:
        m = _measure(f"postgresql://root@127.0.0.1:5432/{name}")
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    lat, pres, rss = m["latencies"], m["presence"], m["rss"]
    want = SEATS * COMMANDS
    p95 = _pct(lat, 95)
    return [
        {"name": f"room, {SEATS} seats, {RATE:g} commands/s: command → seen in the others, p95 ({len(lat)}/{want})",
         "value": p95, "unit": "ms", "target": "≤ 250 ms", "met": p95 <= 250 and len(lat) == want},
        {"name": "room: command → seen, median", "value": statistics.median(lat), "unit": "ms", "target": None,
         "met": None},
        {"name": "room: command → seen, max", "value": max(lat), "unit": "ms", "target": None, "met": None},
        {"name": f"room: presence change → seen by the others, max ({len(pres)}/{SEATS * MOVES})",
         "value": max(pres) if pres else float("nan"), "unit": "ms", "target": "≤ 2000 ms",
         "met": bool(pres) and max(pres) <= 2000 and len(pres) == SEATS * MOVES},
        {"name": "room: presence change → seen, median", "value": statistics.median(pres) if pres else float("nan"),
         "unit": "ms", "target": None, "met": None},
        {"name": "room: memory per extra seat (RSS of one seat process, median)",
         "value": statistics.median(rss) / 1024 if rss else float("nan"), "unit": "MiB", "target": None, "met": None},
    ]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seat":
        seat(sys.argv[2], int(sys.argv[3]))
    else:
        print(datetime.now(UTC).isoformat())
        for row in run():
            print(row)
