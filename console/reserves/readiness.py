"""Alerts and readiness over the ledger, and the depots as the map draws them.

Readiness of a (depot, item) pair = min(1, usable ÷ minimum); a depot's (or a
category's) readiness is the mean over its pairs that have a minimum. Minimums are the
per-depot ones (``reserve_minimums``) where set, else the catalogue default — applied to
the items a depot holds or has a minimum for, so a township station is not judged on
the city centre's full list.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from console.reserves.alerts import Alert, below_minimum, expired, expiring
from console.reserves.ledger import Ledger, LotBalance

__all__ = ["Readiness", "depots_for_map", "ledger_alerts", "readiness"]


def _lines(ledger: Ledger) -> tuple[list[LotBalance], dict[tuple[str, str], int]]:
    off = ledger.inactive_depots()  # a deactivated depot raises no alerts and has no readiness
    lines = [b for b in ledger.balances(include_zero=True) if b.depot not in off]  # a lot at 0 still counts as held
    mins = {k: v for k, v in ledger.minimums().items() if k[0] not in off}
    held = {(b.depot, b.item) for b in lines}
    lines += [LotBalance(0, d, it, "", 0, None) for (d, it) in mins if (d, it) not in held]
    return lines, mins


def ledger_alerts(ledger: Ledger, as_of: date | None = None, within_days: int = 30) -> list[Alert]:
    """Expired, expiring within ``within_days``, below minimum — messages name the depot."""
    as_of = as_of or ledger.today()
    lines, mins = _lines(ledger)
    cat = ledger.catalogue
    found = (expired(lines, as_of, cat) + expiring(lines, as_of, within_days, cat)
             + below_minimum(lines, cat, as_of, minimums={k: v for k, v in mins.items()}))
    names = {d.id: d.name for d in ledger.depots()}
    return [dataclasses.replace(a, message=names.get(a.depot, a.depot) + a.message[len(a.depot):])
            if a.message.startswith(a.depot + "：") else a for a in found]


@dataclass(frozen=True)
class Readiness:
    by_depot: list[tuple[str, str, float]]  # (depot id, name, 0..1)
    by_category: list[tuple[str, str, float]]  # (category code, name, 0..1)
    pairs: dict[tuple[str, str], tuple[int, int]]  # (depot, item) → (usable, minimum)


def readiness(ledger: Ledger, as_of: date | None = None) -> Readiness:
    as_of = as_of or ledger.today()
    cat = ledger.catalogue
    lines, mins = _lines(ledger)
    usable: dict[tuple[str, str], int] = defaultdict(int)
    for b in lines:
        ok = b.expiry is None or b.expiry >= as_of
        usable[(b.depot, b.item)] += b.qty if ok else 0
    pairs: dict[tuple[str, str], tuple[int, int]] = {}
    for key, have in usable.items():
        minimum = mins.get(key, cat.get(key[1]).min_stock)
        if minimum > 0:
            pairs[key] = (have, minimum)
    per_depot: dict[str, list[float]] = defaultdict(list)
    per_cat: dict[str, list[float]] = defaultdict(list)
    for (depot, item), (have, minimum) in pairs.items():
        r = min(1.0, have / minimum)
        per_depot[depot].append(r)
        per_cat[cat.get(item).category].append(r)
    depots = ledger.depots(active=True)
    by_depot = [(d.id, d.name, sum(per_depot[d.id]) / len(per_depot[d.id]) if per_depot[d.id] else 1.0)
                for d in depots]
    by_cat = [(c.code, c.name, sum(per_cat[c.code]) / len(per_cat[c.code]) if per_cat[c.code] else 1.0)
              for c in cat.categories.values()]
    return Readiness(by_depot, by_cat, pairs)


def depots_for_map(ledger: Ledger, as_of: date | None = None) -> list[dict[str, Any]]:
    """Depots in ``MapView.set_depots`` form: {id, name, lat, lon, stock, items: [{name, qty, unit}]}."""
    stock = ledger.stock_by_depot(as_of)
    cat = ledger.catalogue
    out = []
    for d in ledger.depots(active=True):  # a deactivated depot is not drawn
        items = sorted(stock.get(d.id, {}).items())
        out.append({
            "id": d.id, "name": f"{d.name}（{d.tier}）", "lat": d.lat, "lon": d.lon,
            "stock": sum(q for _, q in items),
            "items": [{"name": cat.get(i).name, "qty": q, "unit": cat.get(i).unit} for i, q in items if q > 0],
        })
    return out
