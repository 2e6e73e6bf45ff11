"""Stock alerts: below minimum, expiring soon, expired — pure functions of stock and a date.

Pure on purpose: the ledger, the daily report and a drill all ask the same question
for a given reference date, and must get the same answer (no wall clock in here).
"有效期至 2026-06-30" means usable through that day: expired from 2026-07-01.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from console.reserves.catalogue import Catalogue

__all__ = ["Alert", "AlertKind", "StockLine", "all_alerts", "below_minimum", "expired", "expiring"]


class StockLine(Protocol):
    """One lot of one item at one depot (``importing.StockRecord`` fits)."""

    @property
    def depot(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def lot(self) -> str: ...
    @property
    def qty(self) -> int: ...
    @property
    def expiry(self) -> date | None: ...


class AlertKind(StrEnum):
    BELOW_MINIMUM = "below_minimum"
    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Alert:
    kind: AlertKind
    depot: str
    item: str
    qty: int  # usable quantity (below minimum) or the lot's quantity
    message: str
    lot: str | None = None
    expiry: date | None = None
    days_left: int | None = None  # negative when expired
    minimum: int | None = None


def _label(catalogue: Catalogue | None, item: str) -> tuple[str, str]:
    it = catalogue.resolve(item) if catalogue is not None else None
    return (it.label, it.unit) if it else (item, "单位")


def expired(
    stock: Iterable[StockLine], as_of: date, catalogue: Catalogue | None = None
) -> list[Alert]:
    """Lots past their 有效期至 on ``as_of`` that still hold stock: must not be issued."""
    out = []
    for s in stock:
        if s.qty > 0 and s.expiry is not None and s.expiry < as_of:
            label, unit = _label(catalogue, s.item)
            days = (s.expiry - as_of).days
            out.append(Alert(
                AlertKind.EXPIRED, s.depot, s.item, s.qty,
                f"{s.depot}：{label} 批号 {s.lot or '—'} 已于 {s.expiry} 过期（{-days} 天），"
                f"{s.qty} {unit}不得调拨，请按规定报废并补充",
                s.lot, s.expiry, days,
            ))
    return _sorted(out)


def expiring(
    stock: Iterable[StockLine], as_of: date, within_days: int = 30,
    catalogue: Catalogue | None = None,
) -> list[Alert]:
    """Lots whose 有效期至 falls within ``within_days`` of ``as_of`` (inclusive)."""
    horizon = as_of + timedelta(days=within_days)
    out = []
    for s in stock:
        if s.qty > 0 and s.expiry is not None and as_of <= s.expiry <= horizon:
            label, unit = _label(catalogue, s.item)
            days = (s.expiry - as_of).days
            out.append(Alert(
                AlertKind.EXPIRING, s.depot, s.item, s.qty,
                f"{s.depot}：{label} 批号 {s.lot or '—'} 将于 {s.expiry} 到期（剩 {days} 天），"
                f"{s.qty} {unit}请优先使用或安排轮换",
                s.lot, s.expiry, days,
            ))
    return _sorted(out)


def below_minimum(
    stock: Iterable[StockLine],
    catalogue: Catalogue,
    as_of: date | None = None,
    depots: Iterable[str] | None = None,
    minimums: Mapping[str | tuple[str, str], int] | None = None,
) -> list[Alert]:
    """(depot, item) pairs whose usable stock is below the minimum.

    Usable = quantity in lots not expired on ``as_of``. Pairs checked: those in
    ``stock``, plus — for each depot in ``depots`` — every item with a minimum,
    so an item the depot has run out of entirely is reported too. ``minimums``
    overrides the catalogue per item id or per (depot, item id).
    """
    usable: dict[tuple[str, str], int] = defaultdict(int)
    for s in stock:
        item = catalogue.get(s.item).id
        ok = as_of is None or s.expiry is None or s.expiry >= as_of
        usable[(s.depot, item)] += s.qty if ok else 0
    pairs = set(usable)
    for d in depots or ():
        pairs.update((d, it.id) for it in catalogue if it.min_stock > 0)
        if minimums:
            pairs.update((d, k) for k in minimums if isinstance(k, str))
    over: dict[object, int] = {k: v for k, v in (minimums or {}).items()}
    out = []
    for depot, item in pairs:
        it = catalogue.get(item)
        minimum = over.get((depot, it.id), over.get(it.id, it.min_stock))
        have = usable.get((depot, it.id), 0)
        if have < minimum:
            out.append(Alert(
                AlertKind.BELOW_MINIMUM, depot, it.id, have,
                f"{depot}：{it.label} 可用库存 {have} {it.unit}，低于最低储备 {minimum} {it.unit}，"
                f"请补充 {minimum - have} {it.unit}",
                minimum=minimum,
            ))
    return _sorted(out)


def all_alerts(
    stock: Iterable[StockLine], catalogue: Catalogue, as_of: date, within_days: int = 30,
    depots: Iterable[str] | None = None,
) -> list[Alert]:
    """Everything a depot keeper should look at today, expired first."""
    rows = list(stock)
    return (
        expired(rows, as_of, catalogue)
        + expiring(rows, as_of, within_days, catalogue)
        + below_minimum(rows, catalogue, as_of, depots)
    )


def _sorted(alerts: list[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (a.depot, a.item, a.expiry or date.max, a.lot or ""))
