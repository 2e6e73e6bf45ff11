"""Reserve-materials benchmarks: allocation size and stock-file import speed.

Run: ``python -m bench.bench_reserves`` (or ``python -m bench reserves``).
``run()`` returns rows for bench/__main__.py. Single-threaded. Each figure is the
*minimum* wall-clock time of a few runs: on a shared machine the minimum is the run
least disturbed by other processes (the load average is printed alongside).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from console.reserves.allocation import DemandPoint, Depot, allocate
from console.reserves.catalogue import load_catalogue
from console.reserves.importing import StockRecord, import_stock, write_stock
from console.reserves.roads import build_road_graph

N_ROWS = 100_000


def _row(name: str, value: float, unit: str, target: str, met: bool | None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def _instance(
    nd: int, nm: int, ni: int, seed: int, p_stock: float, p_req: float, scale: int = 1
) -> tuple[list[Depot], list[DemandPoint]]:
    rng = random.Random(seed)
    items = [f"I{k:02d}" for k in range(ni)]
    depots = [
        Depot(f"D{i}", 35.4 + rng.random() * 0.6, 114.7 + rng.random() * 1.0,
              {it: rng.randint(0, 60) * scale for it in items if rng.random() < p_stock})
        for i in range(nd)
    ]
    demands = [
        DemandPoint(f"T{j}", 35.4 + rng.random() * 0.6, 114.7 + rng.random() * 1.0,
                    {it: rng.randint(0, 30) for it in items if rng.random() < p_req})
        for j in range(nm)
    ]
    return depots, demands


def _time(fn: Any, repeat: int = 3) -> float:
    return _times(fn, repeat)[0]


def _times(fn: Any, repeat: int = 3) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest run; CPU time shows what contention hides."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - start, time.process_time() - cpu))
    return best


def _stock_rows(n: int, seed: int = 1) -> list[StockRecord]:
    cat = load_catalogue()
    rng = random.Random(seed)
    items = list(cat)
    base = date(2026, 1, 1)
    rows = []
    for k in range(n):
        it = items[k % len(items)]
        expiry = base + timedelta(days=rng.randint(0, 1000))
        rows.append(StockRecord(f"D{k // 1000:03d}", it.id, it.code, f"L{k:06d}", rng.randint(0, 500),
                                expiry, expiry - timedelta(days=365)))
    return rows


def run() -> list[dict[str, Any]]:
    """Measure and return one row per figure."""
    rows: list[dict[str, Any]] = []

    # 1. Allocation, 100 depots × 200 demand points × 40 items.
    #    Stock per depot U(0, 60), request per point U(0, 30): supply ≈ demand, the
    #    hardest case; "ample" multiplies stock by 20 (a well-stocked county).
    for label, p_stock, p_req, scale in (
        ("every item stocked and requested", 1.0, 1.0, 1),
        ("60% stocked, 50% requested", 0.6, 0.5, 1),
        ("every item, ample stock (×20)", 1.0, 1.0, 20),
    ):
        depots, demands = _instance(100, 200, 40, 6, p_stock, p_req, scale)
        build = _time(lambda d=depots, m=demands: build_road_graph([*d, *m]))
        roads = build_road_graph([*depots, *demands])
        t, cpu = _times(lambda d=depots, m=demands, r=roads: allocate(d, m, r))
        rows.append(_row(f"allocate 100×200×40, {label}", t, "s", "<= 1 s", t <= 1.0))
        rows.append(_row("  CPU time of that run", cpu, "s", "-", None))
        total = _time(lambda d=depots, m=demands: allocate(d, m))
        rows.append(_row(f"  same incl. building the road graph ({build:.2f} s)", total, "s", "-", None))

    # 2. Import 100,000 stock rows (parse + validate), CSV and XLSX.
    cat = load_catalogue()
    stock = _stock_rows(N_ROWS)
    depot_ids = {r.depot for r in stock}
    with tempfile.TemporaryDirectory(prefix="bench-reserves-") as tmp:
        csv_path = write_stock(stock, Path(tmp) / "stock.csv")
        t = _time(lambda: import_stock(csv_path, cat, depot_ids))
        assert len(import_stock(csv_path, cat, depot_ids).rows) == N_ROWS
        rows.append(_row("import 100,000 stock rows, CSV (UTF-8 BOM)", t, "s", "<= 5 s", t <= 5.0))
        gbk_path = Path(tmp) / "stock-gbk.csv"
        gbk_path.write_bytes(csv_path.read_text(encoding="utf-8-sig").encode("gbk"))
        t = _time(lambda: import_stock(gbk_path, cat, depot_ids), repeat=1)
        rows.append(_row("import 100,000 stock rows, CSV (GBK)", t, "s", "<= 5 s", t <= 5.0))
        start = time.perf_counter()
        xlsx_path = write_stock(stock, Path(tmp) / "stock.xlsx")
        rows.append(_row("export 100,000 stock rows, XLSX", time.perf_counter() - start, "s", "-", None))
        t = _time(lambda: import_stock(xlsx_path, cat, depot_ids), repeat=1)
        rows.append(_row("import 100,000 stock rows, XLSX (read-only openpyxl)", t, "s", "-", None))
        # 3. The same file posted into the ledger (SQLite file, WAL, synchronous=FULL):
        #    parse + validate + 100,000 lots + 100,000 receipt movements, committed.
        best = (float("inf"), float("inf"))
        for _ in range(3):
            _ledger_import(csv_path, Path(tmp), depot_ids)
            best = min(best, (_TIMER.wall, _TIMER.cpu))
        t, cpu = best
        rows.append(_row("import 100,000 stock rows into the ledger, committed (SQLite)", t, "s", "<= 5 s",
                         t <= 5.0))
        rows.append(_row("  CPU time of that run", cpu, "s", "-", None))
    return rows


def _ledger_import(csv_path: Path, tmp: Path, depot_ids: set[str]) -> None:
    """A fresh SQLite ledger with the depots registered, then the timed import."""
    from datetime import UTC, datetime

    from console.clock import ManualClock
    from console.reserves.files import import_stock_file
    from console.reserves.ledger import DepotInfo, Ledger
    from console.store import open_database

    path = tmp / f"ledger-{time.perf_counter_ns()}.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        ledger = Ledger(db, ManualClock(datetime(2026, 11, 22, tzinfo=UTC)))
        with db.connect() as conn:
            ledger.upsert_depots(conn, [DepotInfo(d, d, "县级储备库", 35.7, 115.0, "410902")
                                         for d in sorted(depot_ids)])
        _TIMER.start()
        result = import_stock_file(ledger, csv_path, actor="bench")
        _TIMER.stop()
        assert result["received"] + result["unchanged"] == N_ROWS
    finally:
        db.close()


class _Timer:
    """Times only the import inside _ledger_import (not creating the database)."""

    def start(self) -> None:
        self.t0, self.c0 = time.perf_counter(), time.process_time()

    def stop(self) -> None:
        self.wall, self.cpu = time.perf_counter() - self.t0, time.process_time() - self.c0


_TIMER = _Timer()


if __name__ == "__main__":
    print("load average: " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"{'benchmark':<62} {'value':>9} {'unit':<5} {'target':<8} met")
    for r in run():
        met = {True: "yes", False: "NO", None: "—"}[r["met"]]
        print(f"{r['name']:<62} {r['value']:>9.3f} {r['unit']:<5} {r['target']:<8} {met}")
