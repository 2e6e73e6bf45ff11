"""Demo reserves for 濮阳市 and 连江县, seeded through the real import path.

``resources/demo/<place>/reserves/depots.csv`` and ``stock.csv`` are ordinary import
files (a 市级储备中心, county stores and township stations at real places). Their dates
were written for :data:`REFERENCE_DATE`; seeding shifts every date by the days between
that and ``now`` (into a temporary copy of the file), so "expiring soon" and "expired"
lots stay so whenever the demo is opened. A few movements over the past three months
(a drill's consumption, a receipt, a transfer) give the stock-history plot a shape.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from console.clock import CHINA_TZ, ManualClock
from console.paths import resources_dir
from console.reserves.files import import_depots_file, import_stock_file
from console.reserves.ledger import Ledger, LedgerError
from console.reserves.readiness import depots_for_map as _depots_for_map
from console.reserves.requests import Waypoint
from console.store.db import Database

DEMO_DIR = resources_dir() / "demo"
REFERENCE_DATE = date(2026, 11, 22)
PLACES = {"puyang": "410900", "lianjiang": "350122"}
KEEPER = "储备库保管员（演示）"

__all__ = ["PLACES", "demo_files", "depots_for_map", "seed_reserves", "township_waypoints"]


def demo_files(place: str) -> tuple[Path, Path]:
    if place not in PLACES:
        raise ValueError(f"没有「{place}」的演示物资数据：可选 {'、'.join(PLACES)}")
    d = DEMO_DIR / place / "reserves"
    return d / "depots.csv", d / "stock.csv"


def _shifted(stock: Path, days: int, out: Path) -> Path:
    with stock.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    cols = [head.index(c) for c in ("有效期至", "生产日期") if c in head]
    for r in body:
        for c in cols:
            if r[c]:
                r[c] = (date.fromisoformat(r[c]) + timedelta(days=days)).isoformat()
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([head, *body])
    return out


def seed_reserves(db: Database, place: str, now: datetime) -> None:
    """Depots and stock for ``place`` ("puyang" or "lianjiang"); does nothing if depots exist."""
    depots_csv, stock_csv = demo_files(place)
    start = now - timedelta(days=90)
    clock = ManualClock(start)
    ledger = Ledger(db, clock, jurisdiction=PLACES[place])
    if ledger.depots():
        return
    import_depots_file(ledger, depots_csv)
    days = (now.astimezone(CHINA_TZ).date() - REFERENCE_DATE).days
    with tempfile.TemporaryDirectory(prefix="fds-demo-") as tmp:
        import_stock_file(ledger, _shifted(stock_csv, days, Path(tmp) / "stock.csv"), actor=KEEPER)
    _history(ledger, clock, start)


def _history(ledger: Ledger, clock: ManualClock, start: datetime) -> None:
    """A little life in the ledger: drill use, a top-up receipt, a transfer downwards."""
    depots = ledger.depots()
    centre = next((d for d in depots if d.tier == "市级储备中心"), None) or next(
        d for d in depots if d.tier == "县级储备库")
    counties = [d for d in depots if d.tier == "县级储备库" and d.id != centre.id] or [
        d for d in depots if d.tier == "乡镇储备点"]
    steps: list[tuple[int, Any]] = [
        (20, lambda: ledger.consume(centre.id, "FH-001", 30, actor="培训科（演示）", reason="应急演练消耗")),
        (35, lambda: ledger.consume(centre.id, "CY-005", 120, actor="培训科（演示）", reason="应急演练消耗")),
        (50, lambda: ledger.receive(centre.id, "FH-001", f"{start:%Y%m}-补充", 200, actor=KEEPER,
                                    produced=(start + timedelta(days=40)).date(), reason="年度补充采购")),
    ]
    for k, d in enumerate(counties[:3]):
        steps.append((60 + 8 * k, lambda d=d: ledger.transfer(centre.id, d.id, "FH-001", 40, actor="物资保障组（演示）",
                                                              reason="充实下级储备")))
        steps.append((64 + 8 * k, lambda d=d: ledger.consume(d.id, "CY-005", 30, actor=KEEPER, reason="日常抽检使用")))
    for day, act in sorted(steps, key=lambda s: s[0]):
        clock.set(start + timedelta(days=day))
        try:
            act()
        except LedgerError:
            continue  # a demo file edited by hand may lack an item: skip that step


def township_waypoints(place: str) -> list[Waypoint]:
    """The place's townships (``resources/demo/<place>/townships.csv``) as road-graph waypoints,
    so dispatch routes run town to town (``Requests(..., waypoints=…)``)."""
    path = DEMO_DIR / place / "townships.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [Waypoint(r["code"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)]


def depots_for_map(db: Database) -> list[dict[str, Any]]:
    """The depots in ``MapView.set_depots`` form (usable stock today)."""
    return _depots_for_map(Ledger(db))
