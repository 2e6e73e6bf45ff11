"""Import into the ledger (all or nothing, per-row problems) and export of ledger / stock / 盘点表."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from console.reserves.files import (
    export_depots,
    export_ledger,
    export_stock,
    export_stocktake,
    import_depots_file,
    import_stock_file,
)
from console.reserves.importing import ImportRejected
from console.reserves.ledger import Ledger

HEAD = "储备库编号,物资编码,批号,数量,有效期至,生产日期\n"


def _write(tmp_path: Path, name: str, body: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(body.encode(encoding))
    return p


def test_stock_file_is_posted_as_receipts_then_counts_as_adjustments(ledger: Ledger, tmp_path: Path) -> None:
    f = _write(tmp_path, "stock.csv", HEAD + "PY-SJ,CY-001,B1,20,2027-06-01,\nQF-XJ,2640101,P1,300,2028-01-01,\n",
               "gbk")
    assert import_stock_file(ledger, f, actor="保管员") == {"rows": 2, "received": 2, "adjusted": 0, "unchanged": 0}
    assert {(b.depot, b.item, b.qty) for b in ledger.balances()} == {("PY-SJ", "CY-001", 20), ("QF-XJ", "FH-001", 300)}
    f2 = _write(tmp_path, "count.csv", HEAD + "PY-SJ,CY-001,B1,18,2027-06-01,\nQF-XJ,FH-001,P1,300,2028-01-01,\n")
    assert import_stock_file(ledger, f2, actor="保管员")["adjusted"] == 1
    adj = [m for m in ledger.movements() if m.kind == "adjust"]
    assert [(m.qty, m.actor) for m in adj] == [(-2, "保管员")] and "count.csv 第 2 行" in (adj[0].reason or "")
    assert ledger.verify() == []


def test_bad_rows_are_all_reported_and_nothing_is_committed(ledger: Ledger, tmp_path: Path) -> None:
    ledger.receive("PY-SJ", "CY-001", "B1", 5, actor="a", expiry=date(2027, 6, 1))
    body = HEAD + (
        "PY-SJ,CY-002,N1,10,2027-01-01,\n"      # fine on its own
        "PY-SJ,CY-002,N2,-4,2027-01-01,\n"      # negative
        "PY-SJ,CY-002,N3,十,2027-01-01,\n"      # not a number
        "PY-SJ,ZZ-001,N4,1,2027-01-01,\n"       # unknown item
        "PY-SJ,CY-002,N1,3,2027-01-01,\n"       # duplicate lot
        "XX-KU,CY-002,N5,3,2027-01-01,\n"       # unknown depot
    )
    with pytest.raises(ImportRejected) as e:
        import_stock_file(ledger, _write(tmp_path, "bad.csv", body), actor="a")
    where = {(p.row, p.column) for p in e.value.problems}
    assert {(3, "数量"), (4, "数量"), (5, "物资编码"), (6, "批号"), (7, "储备库编号")} <= where
    assert "未导入任何数据" in str(e.value)
    assert len(ledger.movements()) == 1 and len(ledger.balances()) == 1
    # a lot the ledger knows with another expiry is a row problem too
    with pytest.raises(ImportRejected) as e2:
        import_stock_file(ledger, _write(tmp_path, "b2.csv", HEAD + "PY-SJ,CY-002,N1,10,2027-01-01,\n"
                                         "PY-SJ,CY-001,B1,5,2027-07-01,\n"), actor="a")
    assert [(p.row, p.column) for p in e2.value.problems] == [(3, "有效期至")]
    assert len(ledger.movements()) == 1


def test_missing_column_and_wrong_encoding(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as e:
        import_stock_file(ledger, _write(tmp_path, "m.csv",
                                         "储备库编号,物资编码,数量,有效期至\nPY-SJ,CY-001,1,2027-01-01\n"),
                          actor="a")
    assert any(p.column == "批号" and "缺少" in p.message for p in e.value.problems)
    with pytest.raises(ImportRejected, match="编码无法识别"):
        import_stock_file(ledger, _write(tmp_path, "u16.csv", HEAD, "utf-16"), actor="a")
    assert ledger.movements() == []


def test_depot_file_checks_the_jurisdiction(ledger: Ledger, tmp_path: Path) -> None:
    good = ("编号,名称,级别,纬度,经度,保管人,联系电话,储备方式\n"
            "NL-XJ,南乐县应急物资储备库,县级储备库,36.0700,115.2050,周敏,0393-6222001,政府储备\n")
    bad = good + "ZZ-1,郑州某库,县级储备库,34.75,113.62,,,\n"
    with pytest.raises(ImportRejected) as e:
        import_depots_file(ledger, _write(tmp_path, "d.csv", bad))
    assert [(p.row, p.column) for p in e.value.problems] == [(3, "纬度/经度")]
    assert "NL-XJ" not in {d.id for d in ledger.depots()}
    import_depots_file(ledger, _write(tmp_path, "d.csv", good))
    nl = {d.id: d for d in ledger.depots()}["NL-XJ"]
    assert (nl.region, nl.source, nl.custodian) == ("410923", "政府储备", "周敏")


def test_exports_round_trip_and_stocktaking_sheet(ledger: Ledger, tmp_path: Path) -> None:
    ledger.receive("PY-SJ", "CY-001", "B1", 20, actor="王建国", expiry=date(2027, 6, 1))
    ledger.issue("PY-SJ", "CY-001", 5, actor="李四")
    rows = list(csv.reader(export_ledger(ledger, tmp_path / "l.csv").open(encoding="utf-8-sig")))
    assert rows[0][:4] == ["流水号", "时间", "储备库编号", "储备库名称"]
    assert [(r[9], r[10], r[12]) for r in rows[1:]] == [("入库", "20", "王建国"), ("出库调拨", "-5", "李四")]
    wb = load_workbook(export_ledger(ledger, tmp_path / "l.xlsx"))
    assert wb.active.max_row == 3
    stock = export_stock(ledger, tmp_path / "s.csv")
    export_depots(ledger, tmp_path / "d.xlsx")
    # re-importing the exported stock is a count with nothing to change
    assert import_stock_file(ledger, stock, actor="a") == {"rows": 1, "received": 0, "adjusted": 0, "unchanged": 1}
    ws = load_workbook(export_stocktake(ledger, tmp_path / "pd.xlsx", depot="PY-SJ")).active
    assert "濮阳市应急物资储备中心" in ws.cell(1, 1).value
    assert [c.value for c in ws[3]][:4] == ["PY-SJ", "濮阳市应急物资储备中心", "2620101", "CY-001"]
    assert ws.cell(3, 10).value == 15 and ws.cell(3, 12).value.startswith("=IF(")


def test_item_list_round_trip_and_check(ledger: Ledger, tmp_path: Path) -> None:
    from console.reserves.files import check_items_file, export_items

    cat = ledger.catalogue
    for suffix in ("csv", "xlsx"):
        assert check_items_file(cat, export_items(cat, tmp_path / f"items.{suffix}")) == []
    f = tmp_path / "items.csv"
    text = f.read_text(encoding="utf-8-sig").replace("无菌采样袋", "采样袋")
    f.write_text(text + "2629901,CY-099,新型采样器,,个,,0\n", encoding="utf-8")
    diff = check_items_file(cat, f)
    assert any("名称为「采样袋」" in d for d in diff) and any("CY-099" in d and "新物资" in d for d in diff)
    f.write_text(text + "2629901,CY-099,新型采样器,,个,-5天,0\n", encoding="utf-8")
    with pytest.raises(ImportRejected):
        check_items_file(cat, f)
