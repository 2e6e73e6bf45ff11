"""Files in and out of the ledger: depots and stock counts in, ledger / stock / 盘点表 out.

All or nothing: the file is parsed and checked completely (``importing``), then checked
against the ledger (a lot already registered with another 有效期至 is a row problem),
and only then written — in one transaction, in bulk. Any problem → ``ImportRejected``
with every row listed, nothing committed.

A stock file is a *count*: a lot not yet in the ledger is received (入库) with the
counted quantity; a known lot gets a 盘点调整 movement for the difference, with the file
and row as its reason. So quantities always stay derived from the ledger.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.documents.cells import neutralise_row
from console.reserves.catalogue import Catalogue
from console.reserves.importing import (
    DepotRecord,
    StockRecord,
    import_depots,
    import_items,
    import_stock,
    write_depots,
    write_stock,
    write_stocktaking_xlsx,
    write_table,
)
from console.reserves.ledger import NO_JURISDICTION, DepotInfo, Ledger, LedgerError, depot_names
from console.reserves.models import KIND_NAMES

__all__ = [
    "check_items_file",
    "export_depots",
    "export_items",
    "export_ledger",
    "export_stock",
    "export_stocktake",
    "import_depots_file",
    "import_stock_file",
]


def import_depots_file(ledger: Ledger, path: str | Path) -> list[DepotInfo]:
    """Register (or update) the depots of a file; positions are checked against the jurisdiction
    (none set: refused, 「请先设置辖区」)."""
    if not ledger.jurisdiction:
        raise LedgerError(NO_JURISDICTION)
    inside: Callable[[float, float], bool] = ledger.inside
    rows = import_depots(path, inside=inside).rows
    depots = [DepotInfo(r.id, r.name, r.level, r.lat, r.lon, None, r.custodian, r.phone, r.mode) for r in rows]
    with ledger.transaction() as conn:
        ledger.upsert_depots(conn, depots)
    return depots


def import_stock_file(ledger: Ledger, path: str | Path, *, actor: str) -> dict[str, int]:
    """Post a stock count: returns {"received": n, "adjusted": n, "unchanged": n, "rows": n}."""
    actor = ledger.check_actor(actor)
    known = {d.id for d in ledger.depots()}
    result = import_stock(path, ledger.catalogue, depots=known)
    return ledger.import_count(result.rows, actor=actor, source=Path(path).name)


# ---------------------------------------------------------------- export


def _stock_records(ledger: Ledger, depot: str | None = None, *, active_only: bool = False) -> list[StockRecord]:
    cat = ledger.catalogue
    off = ledger.inactive_depots() if active_only else set()
    return [StockRecord(b.depot, b.item, cat.get(b.item).code, b.lot, b.qty, b.expiry, b.produced)
            for b in ledger.balances(depot=depot) if b.depot not in off]


def export_stock(ledger: Ledger, path: str | Path, depot: str | None = None) -> Path:
    """Current balances per lot, in the layout ``import_stock`` reads back."""
    return write_stock(_stock_records(ledger, depot), path)


def export_depots(ledger: Ledger, path: str | Path) -> Path:
    return write_depots([DepotRecord(d.id, d.name, d.tier, d.lat, d.lon, d.custodian, d.phone, d.source)
                         for d in ledger.depots()], path)


def export_stocktake(ledger: Ledger, path: str | Path, depot: str | None = None) -> Path:
    """盘点表 (XLSX): book quantities per lot, an empty 实盘数量 column and a 差异 formula."""
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise LedgerError("盘点表请导出为 .xlsx（含差异公式）")
    names = depot_names(ledger)
    title = "应急物资盘点表" + (f"（{names.get(depot, depot)}）" if depot else "")
    if depot is not None and depot in ledger.inactive_depots():
        raise LedgerError(f"储备库「{names.get(depot, depot)}」已停用，不再盘点：如需盘点请先启用")
    # a deactivated depot is not counted (its history stays in the ledger)
    return write_stocktaking_xlsx(_stock_records(ledger, depot, active_only=True), p, ledger.catalogue, names,
                                  title)


ITEM_HEADERS = ("物资编码", "短编号", "物资名称", "规格", "单位", "保质期", "最低库存")


def export_items(catalogue: Catalogue, path: str | Path) -> Path:
    """The catalogue as an item list, in the layout ``import_items`` reads (保质期 in days)."""
    rows = [[it.code, it.id, it.name, it.spec, it.unit, it.shelf_life.days if it.shelf_life else "", it.min_stock]
            for it in catalogue]
    return write_table(path, ITEM_HEADERS, rows, "物资目录")


def check_items_file(catalogue: Catalogue, path: str | Path) -> list[str]:
    """Check an item list against the catalogue (all rows valid, or ``ImportRejected``).

    The catalogue itself is reference data (resources/catalogue/catalogue.yaml, reviewed
    like a plan), so an item file is not written anywhere: this says what differs.
    """
    out = []
    for r in import_items(path, catalogue).rows:
        it = catalogue.resolve(r.code)
        if it is None:
            out.append(f"第 {r.row} 行：{r.code} {r.id} {r.name} 是目录中没有的新物资")
            continue
        for label, mine, theirs in (("短编号", it.id, r.id), ("名称", it.name, r.name), ("单位", it.unit, r.unit)):
            if mine != theirs:
                out.append(f"第 {r.row} 行：{r.code} 的{label}为「{theirs}」，目录中为「{mine}」")
    return out


LEDGER_HEADERS = ("流水号", "时间", "储备库编号", "储备库名称", "物资编码", "短编号", "物资名称", "批号",
                  "有效期至", "类型", "数量", "单位", "经办人", "事件编号", "申请编号", "关联号", "原因")


def export_ledger(ledger: Ledger, path: str | Path, *, depot: str | None = None,
                  incident_id: str | None = None) -> Path:
    """出入库台账: every movement (signed quantity), in CSV (UTF-8 BOM) or XLSX."""
    from console.clock import CHINA_TZ

    names = depot_names(ledger)
    cat = ledger.catalogue
    rows: list[list[Any]] = []
    for m in ledger.movements(depot=depot, incident_id=incident_id):
        it = cat.get(m.item)
        rows.append(neutralise_row([m.seq, m.occurred_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"), m.depot,
                     names.get(m.depot, ""), it.code, it.id, it.name, m.lot,
                     m.expiry.isoformat() if m.expiry else "", KIND_NAMES.get(m.kind, m.kind), m.qty, it.unit,
                     m.actor, m.incident_id or "", m.request_id or "", m.ref or "", m.reason or ""]))
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(LEDGER_HEADERS)
            w.writerows(rows)
        return p
    if suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("出入库台账")
        ws.append(list(LEDGER_HEADERS))
        for r in rows:
            ws.append(r)
        wb.save(p)
        return p
    raise LedgerError(f"不支持导出为 {p.suffix or '（无扩展名）'}：请使用 .csv 或 .xlsx")
