"""Ledger tests run on a real SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from console.clock import CHINA_TZ, ManualClock
from console.reserves.ledger import DepotInfo, Ledger
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (shared real-database fixtures)

ROOT = Path(__file__).resolve().parents[2]
MUNICIPAL = ROOT / "plans" / "food-municipal.yaml"
T0 = datetime(2026, 11, 22, 16, 0, tzinfo=CHINA_TZ)
TODAY = date(2026, 11, 22)

# Real places in 濮阳市 (GCJ-02): the city centre in 华龙区 and two county stores.
DEPOTS = [
    DepotInfo("PY-SJ", "濮阳市应急物资储备中心", "市级储备中心", 35.7620, 115.0290, None, "王建国", "0393-8888001",
              "政府储备"),
    DepotInfo("QF-XJ", "清丰县应急物资储备库", "县级储备库", 35.8860, 115.1070, None, "李红", "0393-7222001",
              "政府储备"),
    DepotInfo("FX-XJ", "范县应急物资储备库", "县级储备库", 35.8520, 115.5050, None, "赵强", "0393-5222001", "协议储备"),
]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def ledger(db, clock) -> Ledger:  # noqa: F811
    lg = Ledger(db, clock, jurisdiction="410900")
    for d in DEPOTS:
        lg.add_depot(d)
    return lg
