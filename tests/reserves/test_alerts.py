from __future__ import annotations

from datetime import date

import pytest

from console.reserves.alerts import AlertKind, all_alerts, below_minimum, expired, expiring
from console.reserves.catalogue import load_catalogue
from console.reserves.importing import StockRecord

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def rec(depot, item, lot, qty, expiry=None):
    return StockRecord(depot, item, "", lot, qty, expiry)


STOCK = [
    rec("XJ01", "KJ-004", "old", 8, date(2026, 5, 31)),    # expired yesterday
    rec("XJ01", "KJ-004", "soon", 5, date(2026, 6, 30)),   # 29 days left
    rec("XJ01", "KJ-004", "edge", 4, date(2026, 7, 1)),    # 30 days left: inside the window
    rec("XJ01", "KJ-004", "later", 6, date(2026, 7, 2)),   # 31 days: outside
    rec("XJ01", "KJ-004", "today", 1, date(2026, 6, 1)),   # last usable day
    rec("XJ01", "TX-001", "", 3),
    rec("XJ01", "FH-001", "empty", 0, date(2020, 1, 1)),   # nothing left: no expiry alert
]


def test_expired(cat):
    (a,) = expired(STOCK, TODAY, cat)
    assert (a.kind, a.lot, a.qty, a.days_left) == (AlertKind.EXPIRED, "old", 8, -1)
    assert "已于 2026-05-31 过期" in a.message


def test_expiring_window_inclusive(cat):
    lots = [a.lot for a in expiring(STOCK, TODAY, 30, cat)]
    assert lots == ["today", "soon", "edge"]
    assert [a.lot for a in expiring(STOCK, TODAY, 0)] == ["today"]


def test_below_minimum_counts_only_usable_stock(cat):
    # KJ-004 min 20: usable 5 + 4 + 6 + 1 = 16 (the expired 8 do not count)
    alerts = {(a.depot, a.item): a for a in below_minimum(STOCK, cat, TODAY)}
    a = alerts[("XJ01", "KJ-004")]
    assert (a.qty, a.minimum) == (16, 20) and "请补充 4 盒" in a.message
    assert ("XJ01", "TX-001") not in alerts  # 3 ≥ 1
    assert alerts[("XJ01", "FH-001")].qty == 0


def test_below_minimum_for_listed_depots_includes_missing_items(cat):
    alerts = below_minimum([], cat, TODAY, depots=["XZ01"])
    assert {a.item for a in alerts} == {i.id for i in cat if i.min_stock > 0}


def test_minimum_overrides(cat):
    ov = {"TX-001": 5, ("XJ01", "KJ-004"): 10}
    alerts = {a.item: a for a in below_minimum(STOCK, cat, TODAY, minimums=ov)}
    assert alerts["TX-001"].minimum == 5
    assert "KJ-004" not in alerts  # 16 ≥ 10


def test_all_alerts_is_pure(cat):
    first = all_alerts(STOCK, cat, TODAY)
    assert first == all_alerts(list(STOCK), cat, TODAY)
    assert [a.kind for a in first][:1] == [AlertKind.EXPIRED]
