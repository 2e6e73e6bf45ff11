"""A year of history: 2,000 incidents and ~400,000 events, most closed, opened side by side with the demo.

Run: ``python -m bench history``. Builds (once, cached in ``$TMPDIR/fds-bench-history/``) a
SQLite database with :data:`N_INCIDENTS` incidents spread over the past year, each received
(接报) through the real incident service, dispatched (派员核实), its 接报登记 task completed,
then given a plan log of duty notes — the first through the service's ``note`` command, the
rest appended as the same event type in one batch per incident through the event log (a valid
hash chain; the incident's projection is then rebuilt from its log) — and, for all but
:data:`N_OPEN`, dismissed (不予立案, closed). ``log verify`` runs on the result and must pass.

Then ``main.py --exit-when-shown`` starts on that database and on the 濮阳市 demo, alternately,
:data:`RUNS` times each; the row is the ratio of the medians (target ≤ 1.5×).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
N_INCIDENTS = int(os.environ.get("FDS_BENCH_HISTORY_N", "2000"))
EVENTS_EACH = 200
N_OPEN = 12
RUNS = int(os.environ.get("FDS_BENCH_HISTORY_RUNS", "3"))
PLAN = ROOT / "plans" / "food-municipal.yaml"
CACHE = Path(tempfile.gettempdir()) / "fds-bench-history"


def build(path: Path, n: int = N_INCIDENTS, events_each: int = EVENTS_EACH, n_open: int = N_OPEN,
          now: datetime | None = None) -> int:
    """Write the history database at ``path``; returns the number of events in the log."""
    from console.app import Console
    from console.clock import ManualClock
    from console.store.db import open_database
    from console.store.eventlog import EventLog, NewEvent

    now = now or datetime.now(UTC)
    start = now - timedelta(days=365)
    clock = ManualClock(start)
    db = open_database(f"sqlite:///{path}")
    console = Console(db, clock, jurisdiction="410900")
    svc = console.incidents
    log = EventLog(db, clock)
    step = (now - start - timedelta(hours=2)) / n
    for i in range(n):
        t0 = start + step * i
        clock.set(t0)
        is_open = i >= n - n_open
        iid = svc.open(PLAN, title=f"历史事件 {i + 1:04d}：某单位集体就餐后腹泻", actor="值班员（历史）",
                       role="duty_officer", facts={"cases": 3 + i % 20, "setting": "canteen"},
                       lat=35.76 + (i % 40) * 0.005, lon=115.03 + (i % 37) * 0.005, place="濮阳市华龙区",
                       outside_ok=True).incident_id
        clock.set(t0 + timedelta(minutes=5))
        svc.command(iid, "fire", {"event": "dispatch"}, actor="值班员（历史）", role="duty_officer")
        for t in list(svc.state(iid).tasks.values()):
            if t["status"] == "open" and t["state"] == "received":
                svc.command(iid, "complete_task", {"task": t["id"], "note": "已完成"}, actor="值班员（历史）",
                            role="duty_officer")
        clock.set(t0 + timedelta(minutes=10))
        first = svc.command(iid, "note", {"text": "值守记录 1"}, actor="值班员（历史）", role="duty_officer").events[-1]
        version = log.stream_version(iid)
        pad = events_each - version - (0 if is_open else 1)
        if pad > 0:
            data = first.payload.get("data", {})
            batch = [NewEvent(first.type, t0 + timedelta(minutes=10, seconds=k), first.actor, first.role,
                              {**first.payload, "data": {**data, "text": f"值守记录 {k + 2}"}})
                     for k in range(pad)]
            clock.set(t0 + timedelta(minutes=11))
            log.append(iid, version, batch)
            svc.rebuild_incident(iid)  # the projection from its log, as `rebuild` does
        if not is_open:
            clock.set(t0 + timedelta(minutes=30))
            svc.command(iid, "fire", {"event": "dismiss"}, actor="值班员（历史）", role="duty_officer")
    head = log.head()[0]
    db.close()
    return head


def cached_history() -> tuple[str, int]:
    """The history database (built on first use), and its number of events."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"history-{N_INCIDENTS}.sqlite3"
    done = path.with_suffix(".done")
    if not done.exists():
        for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            f.unlink(missing_ok=True)
        events = build(path)
        done.write_text(str(events))
    return f"sqlite:///{path}", int(done.read_text())


def _env(settings: Path) -> dict[str, str]:
    env = dict(os.environ, FDS_CONSOLE_SETTINGS=str(settings), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    return env


def _shown(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    t0 = time.time()
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True)
    stamps = dict(line.split() for line in r.stdout.splitlines() if line.startswith(("shown ", "docked ")))
    return float(stamps["shown"]) - t0, float(stamps["docked"]) - t0


def run() -> list[dict[str, Any]]:
    t_build = time.perf_counter()
    url, events = cached_history()
    built = time.perf_counter() - t_build
    verify = subprocess.run([sys.executable, "-m", "console", "--db", url, "log", "verify"], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-history-") as d:
        tmp = Path(d)
        demo_url = f"sqlite:///{tmp / 'demo.sqlite3'}"
        env = _env(tmp / "console.ini")
        main = [sys.executable, str(ROOT / "main.py")]
        demo_cmd = [*main, "--demo", "--db", demo_url, "--exit-when-shown"]
        hist_cmd = [*main, "--db", url, "--jurisdiction", "410900", "--exit-when-shown"]
        subprocess.run(demo_cmd, cwd=ROOT, env=env, capture_output=True, timeout=300, check=True)  # seed + cache
        subprocess.run(hist_cmd, cwd=ROOT, env=env, capture_output=True, timeout=300, check=True)  # warm
        demo, hist, demo_d, hist_d = [], [], [], []
        for _ in range(RUNS):
            s, dk = _shown(demo_cmd, env)
            demo.append(s)
            demo_d.append(dk)
            s, dk = _shown(hist_cmd, env)
            hist.append(s)
            hist_d.append(dk)
    md, mh = statistics.median(demo), statistics.median(hist)
    ratio = mh / md
    rows += [
        {"name": f"history database: {N_INCIDENTS:,} incidents ({N_OPEN} open), {events:,} events"
                 + (f", built in {built:.0f} s" if built > 5 else " (cached)"),
         "value": events, "unit": "events", "target": "", "met": None},
        {"name": "  log verify on it", "value": verify.returncode, "unit": "exit", "target": "0",
         "met": verify.returncode == 0},
        {"name": f"start to shown window, demo (median of {RUNS})", "value": md, "unit": "s", "target": "",
         "met": None},
        {"name": f"start to shown window, a year of history (median of {RUNS})", "value": mh, "unit": "s",
         "target": "", "met": None},
        {"name": "  history ÷ demo, side by side", "value": ratio, "unit": "×", "target": "≤ 1.5×",
         "met": ratio <= 1.5},
        {"name": "  … every panel docked: history ÷ demo (medians)", "value": statistics.median(hist_d)
         / statistics.median(demo_d), "unit": "×", "target": "", "met": None},
    ]
    return rows


if __name__ == "__main__":
    from bench.bench_map import print_table

    print_table(run())
