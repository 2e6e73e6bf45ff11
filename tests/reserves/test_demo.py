"""Demo reserves: real places inside the real boundaries, seeded through the import path."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.geo.boundaries import contains, county_at
from console.reserves.demo import PLACES, depots_for_map, seed_reserves
from console.reserves.ledger import Ledger
from console.reserves.readiness import ledger_alerts
from console.store import open_database

NOW = datetime(2027, 3, 5, 2, 0, tzinfo=UTC)  # any day: the files' dates are shifted to it
PUYANG_COUNTIES = {"410902", "410922", "410923", "410926", "410927", "410928"}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_demo_seeds_depots_stock_and_alerts(place: str, tmp_path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    seed_reserves(db, place, NOW)
    seed_reserves(db, place, NOW)  # second call: nothing doubled
    lg = Ledger(db)
    depots = lg.depots()
    code = PLACES[place]
    for d in depots:
        assert contains(code, d.lat, d.lon), d
        assert county_at(d.lat, d.lon, within=code) == d.region, d
        assert d.custodian and d.source in ("政府储备", "协议储备", "企业代储")
    tiers = [d.tier for d in depots]
    if place == "puyang":
        assert tiers.count("市级储备中心") == 1 and tiers.count("县级储备库") == 6
        assert tiers.count("乡镇储备点") >= 12
        assert {d.region for d in depots if d.tier == "县级储备库"} == PUYANG_COUNTIES
    else:
        assert tiers.count("县级储备库") == 1 and tiers.count("乡镇储备点") >= 5
    assert lg.verify() == []
    kinds = {a.kind.value for a in ledger_alerts(lg, NOW.date(), 30)}
    assert kinds == {"expired", "expiring", "below_minimum"}
    assert len({m.kind for m in lg.movements()}) >= 3  # receipts and some history
    rows = depots_for_map(db)
    assert len(rows) == len(depots) and all(r["stock"] > 0 and r["items"] for r in rows)
    assert set(rows[0]) == {"id", "name", "lat", "lon", "stock", "items"}
    db.close()
