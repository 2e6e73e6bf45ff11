"""Reference data at a city's size: the register of regulated entities of a city like 濮阳
(30,987 entities, the 规划's count) imported from CSV into an empty SQLite database (every row
checked, positions against the jurisdiction, one event per row), re-imported unchanged, and read
back for the map's entity layer.

Targets: a first import ≤ 60 s, an unchanged re-import ≤ 30 s, the map rows ≤ 2 s.
"""

from __future__ import annotations

import csv
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

N = 30_987
CITY = "410900"  # the demo's 濮阳市: its entity points are inside by construction


def _file(path: Path) -> None:
    from console.demo import entities

    rows = entities("puyang")[:N]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["许可证号", "类别", "名称", "区县代码", "纬度", "经度", "风险等级"])
        cats = {"food_production": "食品生产", "food_operation": "食品经营", "catering": "餐饮服务",
                "drug_production": "药品生产", "drug_operation": "药品经营", "drug_use": "药品使用",
                "device": "医疗器械经营", "cosmetics": "化妆品经营"}
        for i, e in enumerate(rows):
            w.writerow([f"BENCH{e['id']}", cats[e["category"]], e["name"], e["county"], e["lat"], e["lon"],
                        "ABCD"[i % 4]])


def run() -> list[dict[str, Any]]:
    from console.app import Console
    from console.clock import ManualClock
    from console.store import open_database

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "entities.csv"
        _file(path)
        db = open_database(f"sqlite:///{Path(tmp) / 'ref.sqlite3'}")
        try:
            app = Console(db, ManualClock(datetime(2026, 12, 4, tzinfo=UTC)), jurisdiction=CITY)
            t = time.perf_counter()
            first = app.reference.import_entities(path, actor="bench")
            t_first = time.perf_counter() - t
            assert first.added == N, first
            t = time.perf_counter()
            again = app.reference.import_entities(path, actor="bench")
            t_again = time.perf_counter() - t
            assert again.unchanged == N
            t = time.perf_counter()
            rows = list(app.reference.iter_map_entities())
            t_read = time.perf_counter() - t
            assert len(rows) == N
        finally:
            db.close()
    return [
        {"name": f"reference: import {N:,} entities (CSV, SQLite, one event per row)", "value": t_first,
         "unit": "s", "target": "≤ 60", "met": t_first <= 60},
        {"name": f"reference: re-import {N:,} unchanged entities (no event)", "value": t_again, "unit": "s",
         "target": "≤ 30", "met": t_again <= 30},
        {"name": f"reference: {N:,} entities read for the map layer", "value": t_read, "unit": "s",
         "target": "≤ 2", "met": t_read <= 2},
    ]
