"""The timeline panel with a 100,000-event incident, offscreen.

* model: the incident's log replayed into lanes and deadline windows (Qt-free), from events in memory
  and, separately, read from a real SQLite file through the incident service;
* first paint: ``set_timeline`` + a forced render (``QWidget.grab``) of the panel; and from the
  database, ``set_incident`` (which paints a sketch of a long log at once and builds the details in
  the background) + ``grab``, and the time until the details are in place;
* pan/zoom frame: ``show_range`` at spans from 5 minutes to 4 weeks, each followed by a forced render
  of the plot (``grab``), timed with ``perf_counter``; the median and the 95th percentile.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
N = 100_000
SPAN_DAYS = 14


@dataclass(frozen=True)
class _Ev:  # the fields of a StoredEvent that the timeline reads
    type: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    role: str
    version: int
    payload: dict[str, Any]
    mode: str = "real"


def synthetic_events(n: int = N) -> list[_Ev]:
    """A long incident: opened, verified, responding, then notes, fact updates, drill injects,
    expert opinions and daily reports, spread over two weeks."""
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    step_s = SPAN_DAYS * 86400 / n
    evs = [_Ev("open", t0, t0, "值班员", "duty_officer", 1,
               {"data": {"title": "压力测试事件", "facts": {"cases": 46, "setting": "school"}}})]
    fixed = [("fire", {"event": "dispatch"}, "duty_officer"), ("fire", {"event": "verified"}, "duty_officer"),
             ("consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
             ("decide_level", {"level": "III", "reason": "专家核定"}, "commander"),
             ("fire", {"event": "respond"}, "commander")]
    for k, (t, d, role) in enumerate(fixed):
        at = t0 + timedelta(minutes=10 * (k + 1))
        evs.append(_Ev(t, at, at, "指挥长", role, len(evs) + 1, {"data": d}))
    base = evs[-1].occurred_at
    kinds = [("note", lambda i: {"text": f"值守记录 {i}"}), ("facts", lambda i: {"facts": {"cases": 46 + i // 50}}),
             ("log.inject", lambda i: {"title": f"注入 {i}"}), ("note", lambda i: {"text": f"巡查 {i}"}),
             ("log.consult_opinion", lambda i: {"name": "专家", "recommend": "approve"})]
    for i in range(n - len(evs)):
        at = base + timedelta(seconds=step_s * (i + 1))
        if i % 2000 == 0:
            t, d = "submit_report", {"kind": "progress"}
        else:
            t, mk = kinds[i % len(kinds)]
            d = mk(i)
        rec = at + timedelta(minutes=30) if i % 97 == 0 else at  # a few back-filled entries
        evs.append(_Ev(t, at, rec, f"值班员{i % 7}", "duty_officer", len(evs) + 1, {"data": d}))
    return evs


def _db_timeline(n: int, panel: Any, app: Any) -> tuple[float, float, float, int]:
    """From a real SQLite file: (full model build, first paint via the panel's sketch, time until the
    full timeline is in place in the panel, items)."""
    from console.clock import ManualClock
    from console.incidents import IncidentService
    from console.store.db import open_database
    from console.store.eventlog import NewEvent
    from console.timeline.model import load_timeline

    evs = synthetic_events(n)
    with tempfile.TemporaryDirectory() as d:
        db = open_database(f"sqlite:///{Path(d) / 'bench.sqlite3'}")
        svc = IncidentService(db, ManualClock(evs[0].occurred_at))
        r = svc.open(ROOT / "plans" / "food-municipal.yaml", title="压力测试事件", actor="值班员", role="duty_officer",
                     facts={"cases": 46, "setting": "school"}, received_at=evs[0].occurred_at)
        version = 1
        for i in range(1, len(evs), 5000):
            chunk = [NewEvent(e.type, e.occurred_at, e.actor, e.role, e.payload) for e in evs[i:i + 5000]]
            svc.log.append(r.incident_id, version, chunk)
            version += len(chunk)
        svc.rebuild()  # the projection (its version = the log's length) as the service keeps it
        t = time.perf_counter()
        tl = load_timeline(svc, r.incident_id)
        model = time.perf_counter() - t
        loaded: list[float] = []
        panel.sig_loaded.connect(lambda _id: loaded.append(time.perf_counter()))
        t = time.perf_counter()
        panel.set_incident(svc, r.incident_id)  # sketch + background build
        panel.grab()
        first = time.perf_counter() - t
        while not loaded and time.perf_counter() - t < 120:
            app.processEvents()
            time.sleep(0.005)
        full = (loaded[0] - t) if loaded else float("nan")
        panel.wait_loaded()
        db.close()
    return model, first, full, len(tl.items)


def run() -> list[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from console.plan.loader import load_plan
    from console.timeline.model import build_timeline
    from ui.timeline.panel import TimelinePanel

    app = QApplication.instance() or QApplication([])
    plan = load_plan(ROOT / "plans" / "food-municipal.yaml")
    evs = synthetic_events()
    t = time.perf_counter()
    tl = build_timeline(plan, evs, incident_id="B-001")
    build_s = time.perf_counter() - t

    panel = TimelinePanel()
    panel.resize(1600, 700)
    panel.show()
    app.processEvents()
    t = time.perf_counter()
    panel.set_timeline(tl)
    panel.grab()
    first_paint = time.perf_counter() - t

    start = tl.start.timestamp()
    spans = [300, 3600, 6 * 3600, 86400, 7 * 86400, 28 * 86400]
    frames = []
    for k in range(120):
        span = spans[k % len(spans)]
        x0 = start + (k * 7919 % (SPAN_DAYS * 86400 - min(span, SPAN_DAYS * 86400 - 1)))
        t = time.perf_counter()
        panel.show_range(x0, x0 + span)
        panel.plot.grab()
        frames.append(time.perf_counter() - t)
    frames_ms = sorted(f * 1000 for f in frames)
    db_s, db_first, db_full, db_items = _db_timeline(N, panel, app)
    panel.close()
    panel.deleteLater()
    app.processEvents()
    median = statistics.median(frames_ms)
    p95 = frames_ms[int(len(frames_ms) * 0.95)]
    return [
        {"name": f"timeline model from {N:,} events in memory (replay + lanes)", "value": build_s, "unit": "s",
         "target": None, "met": None},
        {"name": f"timeline model read from SQLite ({N:,} events, {db_items:,} items)", "value": db_s, "unit": "s",
         "target": None, "met": None},
        {"name": "timeline first paint from SQLite (sketch, set_incident + grab)", "value": db_first, "unit": "s",
         "target": "≤ 0.5 s", "met": db_first <= 0.5},
        {"name": "timeline full details in place from SQLite (background build)", "value": db_full, "unit": "s",
         "target": None, "met": None},
        {"name": f"timeline first paint, {len(tl.items):,} items (set + grab)", "value": first_paint, "unit": "s",
         "target": "≤ 0.5 s", "met": first_paint <= 0.5},
        {"name": "timeline pan/zoom frame median (5 min … 4 weeks, grab)", "value": median, "unit": "ms",
         "target": "≤ 16 ms", "met": median <= 16},
        {"name": "timeline pan/zoom frame p95", "value": p95, "unit": "ms", "target": None, "met": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
