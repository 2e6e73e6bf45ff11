"""A day on duty compressed: the window open while another console issues 10,000 commands.

Run: ``python -m bench soak``. Starts ``main.py --demo`` on a SQLite copy of the demo in a
subprocess (offscreen, its own settings), waits until it is up, samples the resident memory
of the console process and of its whole tree (QtWebEngine's helpers), then a writer process
on the same file issues :data:`N_COMMANDS` commands through the real services — facts updates
(病例数), duty notes on the incident (值守记录) and centre-level (值班日志), task completions
and re-openings on the open incidents — :data:`RATE` a second (a day's traffic of a busy
centre in minutes; every one reaches the window through live sync and redraws its views).
RSS is sampled again after the writer is done and the window has drawn the last change.
Target (build 5): growth of the console process ≤ 20 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_idle import console_env, descendants, exited, rss_mb, seed_demo, settle, start_window, stop

ROOT = Path(__file__).resolve().parents[1]
N_COMMANDS = int(os.environ.get("FDS_BENCH_SOAK_N", "10000"))
RATE = float(os.environ.get("FDS_BENCH_SOAK_RATE", "50"))  # commands a second


def writer(url: str, n: int, rate: float) -> None:
    """Another console: ``n`` commands on the open incidents, ``rate`` a second. Prints the count."""
    from console.app import Console
    from console.clock import SystemClock
    from console.errors import Refused
    from console.store.db import open_database

    db = open_database(url)
    console = Console(db, SystemClock())
    svc = console.incidents
    ids = [s.id for s in svc.list(status="open")]
    done = refused = 0
    gap = 1.0 / rate if rate > 0 else 0.0
    t_next = time.monotonic()
    for i in range(n):
        iid = ids[i % len(ids)]
        kind = i % 4
        try:
            if kind == 0:
                svc.command(iid, "facts", {"facts": {"cases": 5 + i % 40}}, actor="值班员乙", role="duty_officer")
            elif kind == 1:
                svc.command(iid, "note", {"text": f"值守记录 {i}"}, actor="值班员乙", role="duty_officer")
            elif kind == 2:
                console.duty.note(f"值班日志 {i}", actor="值班员乙")
            else:
                tasks = list(svc.state(iid).tasks.values())
                done_t = next((t for t in tasks if t["status"] == "done"), None)
                open_t = next((t for t in tasks if t["status"] == "open"), None)
                if open_t is not None and (i // 4) % 2 == 0:
                    svc.command(iid, "complete_task", {"task": open_t["id"], "note": "已完成"}, actor="值班员乙",
                                role="duty_officer")
                elif done_t is not None:
                    svc.command(iid, "reopen_task", {"task": done_t["id"], "reason": "复核未完成"},
                                actor="值班员乙", role="duty_officer")
                else:
                    svc.command(iid, "note", {"text": f"值守记录 {i}"}, actor="值班员乙", role="duty_officer")
            done += 1
        except Refused:
            refused += 1
        t_next += gap
        pause = t_next - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    print(done, refused, flush=True)
    db.close()


def _tree_rss(pid: int) -> float:
    return sum(rss_mb(p) for p in [pid, *descendants(pid)])


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as d:
        tmp = Path(d)
        url = seed_demo(tmp)
        proc = start_window(tmp, url)
        try:
            settle(proc)
            before, before_tree = rss_mb(proc.pid), _tree_rss(proc.pid)
            t0 = time.monotonic()
            w = subprocess.run([sys.executable, "-m", "bench.bench_soak", "writer", url, str(N_COMMANDS), str(RATE)],
                               cwd=ROOT, env=console_env(tmp), capture_output=True, text=True, timeout=6 * 3600)
            took = time.monotonic() - t0
            if w.returncode != 0:
                raise RuntimeError(w.stderr[-2000:])
            done, refused = (int(x) for x in w.stdout.split())
            if proc.poll() is not None:
                raise RuntimeError(exited(proc, tmp))
            time.sleep(15)  # the window catches up (live sync) and redraws
            mid, mid_tree = rss_mb(proc.pid), _tree_rss(proc.pid)
            time.sleep(15)
            after, after_tree = rss_mb(proc.pid), _tree_rss(proc.pid)
            alive = proc.poll() is None
        finally:
            stop(proc)
        from console.health.errorlog import read_errors

        errors = read_errors(tmp / "errors.log", 100_000)
    growth = after - before
    return [
        {"name": f"soak: {done:,} commands from another process in {took:.0f} s ({refused} refused)",
         "value": done, "unit": "cmds", "target": f"{N_COMMANDS:,}", "met": done + refused == N_COMMANDS and alive},
        {"name": "  console RSS before", "value": before, "unit": "MB", "target": "", "met": None},
        {"name": "  console RSS after (+15 s / +30 s)", "value": after, "unit": "MB", "target": "",
         "met": None, "mid": mid},
        {"name": "  console RSS growth", "value": growth, "unit": "MB", "target": "≤ 20 MB", "met": growth <= 20},
        {"name": "  whole tree RSS growth (console + QtWebEngine)", "value": after_tree - before_tree, "unit": "MB",
         "target": "", "met": None, "mid": mid_tree},
        {"name": "  records in the console's error log after the soak", "value": len(errors), "unit": "", "target": "",
         "met": None},
    ]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "writer":
        writer(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        from bench.bench_map import print_table

        print_table(run())
