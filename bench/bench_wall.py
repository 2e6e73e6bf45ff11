"""The wall display (指挥大屏): refresh after an event, and the memory it adds to the console.

On a copy of the 濮阳市 demo database (9 open incidents), offscreen, with the real map page:

* ``refresh``: a command is recorded (a duty note on an incident), then the wall reads its
  snapshot again and redraws (``WallWindow.refresh``) — the median of 20, in ms;
* ``event → shown``: the same command, until the wall shows it in its ticker, through the change
  bus and the wall's coalescing delay (``REFRESH_DELAY_MS``) — the median of 10, in ms;
* memory: the resident memory (RSS) of the console process and its QtWebEngine processes with
  the main window open, then again with the wall open too — the difference, in MB.

Run: ``python -m bench wall``. ``run()`` returns rows for bench/__main__.py.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")  # as main.py runs the console
if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses root without it
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")


def _row(name: str, value: float, unit: str, target: str = "", met: bool | None = None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def _tree_rss_mb(root: int) -> float:
    """RSS of ``root`` and every process descended from it (QtWebEngine's renderers), in MB."""
    from bench.bench_idle import rss_mb

    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {p for p, pp in parents.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss_mb(p) for p in tree)


def _settle(app: Any, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.02)


def run() -> list[dict[str, Any]]:
    from PySide6.QtWidgets import QApplication

    import ui.map.view  # noqa: F401 — QtWebEngineWidgets before the QApplication

    app = QApplication.instance() or QApplication([])
    from console.app import Console
    from console.clock import ManualClock, SystemClock
    from console.demo import open_demo
    from ui.bus import bus_for
    from ui.settings import ConsoleSettings
    from ui.wall.window import WallWindow
    from ui.wiring import build_window

    tmp = Path(tempfile.mkdtemp(prefix="bench-wall-"))
    now = SystemClock().now()
    db = open_demo(now, f"sqlite:///{tmp / 'demo.sqlite3'}")
    console = Console(db, ManualClock(now), jurisdiction="410900")
    win = build_window(console, settings=ConsoleSettings(tmp / "console.ini"), jurisdiction="410900", live=False)
    win.resize(1920, 1080)
    win.show()
    win.load_map_data()
    if win.map is not None:
        win.map.wait_painted(timeout_ms=30000)
    _settle(app, 3.0)
    before = _tree_rss_mb(os.getpid())
    wall = WallWindow(console, jurisdiction="410900")
    wall.resize(1920, 1080)
    wall.show()
    end = time.perf_counter() + 30
    while not wall.map.is_ready and time.perf_counter() < end:
        _settle(app, 0.1)
    wall.map.wait_painted(timeout_ms=30000)
    _settle(app, 3.0)
    after = _tree_rss_mb(os.getpid())

    iid = wall.snapshot.incidents[-1].id if wall.snapshot else ""
    refresh: list[float] = []
    for n in range(20):
        console.clock.advance(timedelta(seconds=30))  # type: ignore[attr-defined]
        console.incidents.command(iid, "note", {"text": f"测量 {n}"}, actor="值班员", role="duty_officer")
        bus_for(console).flush()
        t0 = time.perf_counter()
        wall.refresh()
        refresh.append((time.perf_counter() - t0) * 1000)
    from console.wall.snapshot import read_snapshot

    reads: list[float] = []
    for _ in range(10):
        t0 = time.perf_counter()
        read_snapshot(console, console.clock.now(), mode=console.mode)
        reads.append((time.perf_counter() - t0) * 1000)
    shown: list[float] = []
    for n in range(10):
        console.clock.advance(timedelta(seconds=30))  # type: ignore[attr-defined]
        text = f"值守记录：端到端 {n}"
        t0 = time.perf_counter()
        console.incidents.command(iid, "note", {"text": text[5:]}, actor="值班员", role="duty_officer")
        while not any(text in line for line in wall.ticker.items) and time.perf_counter() - t0 < 10:
            app.processEvents()
            time.sleep(0.001)
        shown.append((time.perf_counter() - t0) * 1000)
    wall.close()
    wall.deleteLater()
    win.close()
    win.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    db.close()
    return [
        _row("wall: read snapshot + redraw after an event (median of 20)", statistics.median(refresh), "ms",
             "≤ 250", statistics.median(refresh) <= 250),
        _row("wall: of which reading the snapshot (median of 10)", statistics.median(reads), "ms"),
        _row("wall: command → shown in the ticker, incl. 150 ms coalescing (median of 10)",
             statistics.median(shown), "ms", "≤ 1000", statistics.median(shown) <= 1000),
        _row("wall: memory on top of the console window (RSS, with QtWebEngine)", after - before, "MB"),
        _row("console window alone (RSS, with QtWebEngine)", before, "MB"),
    ]


if __name__ == "__main__":
    for r in run():
        print(r)
