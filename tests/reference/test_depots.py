"""Depots against the jurisdiction, deactivated by an event (kept, not used), and minimum stock
per depot and item imported from a file driving the low-stock warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from console.app import Console
from console.reference.registers import ReferenceError
from console.reserves.files import export_stocktake, import_depots_file
from console.reserves.importing import ImportRejected
from console.reserves.ledger import DepotInfo, LedgerError
from console.reserves.readiness import depots_for_map, ledger_alerts
from tests.reference.conftest import SAMPLES, write

ZZ = DepotInfo("ZZ-SJ", "郑州市应急物资储备中心", "市级储备中心", 34.775, 113.70, None, "张明", "0371-60000001",
               "政府储备")
JS = DepotInfo("JS-XJ", "金水区应急物资储备库", "县级储备库", 34.80, 113.67, None, "李华", "0371-60000002", "政府储备")


def _stocked(console: Console) -> Console:
    for d in (ZZ, JS):
        console.ledger.add_depot(d)
    console.ledger.receive("ZZ-SJ", "FH-001", "L1", 100, actor="保管员", expiry=date(2028, 6, 30))
    console.ledger.receive("JS-XJ", "FH-001", "L2", 100, actor="保管员", expiry=date(2028, 6, 30))
    return console


def test_a_depot_outside_the_jurisdiction_is_refused(console: Console, tmp_path: Path) -> None:
    puyang = DepotInfo("PY-SJ", "濮阳市应急物资储备中心", "市级储备中心", 35.762, 115.029)
    with pytest.raises(LedgerError, match=r"^储备库「濮阳市应急物资储备中心」的坐标 \(35.762, 115.029\) 不在本辖区内"):
        console.ledger.add_depot(puyang)
    f = write(tmp_path, "d.csv", "编号,名称,级别,纬度,经度\nZZ-SJ,郑州市应急物资储备中心,市级储备中心,34.775,113.70\n"
                                 "PY-SJ,濮阳市应急物资储备中心,市级储备中心,35.762,115.029\n")
    with pytest.raises(ImportRejected, match="第 3 行「纬度/经度」：坐标 \\(35.762, 115.029\\) 不在本辖区内"):
        import_depots_file(console.ledger, f)
    assert console.ledger.depots() == []  # the good row was not written either


def test_with_no_jurisdiction_a_depot_is_refused_until_one_is_set(db, clock, tmp_path: Path) -> None:  # noqa: ANN001
    bare = Console(db, clock)
    with pytest.raises(LedgerError, match="^请先设置辖区"):
        bare.ledger.add_depot(ZZ)
    with pytest.raises(LedgerError, match="^请先设置辖区"):
        import_depots_file(bare.ledger, SAMPLES / "depots.csv")
    assert bare.ledger.depots() == []
    city = Console(db, clock, jurisdiction="410100")
    assert len(import_depots_file(city.ledger, SAMPLES / "depots.csv")) == 3


def test_a_deactivated_depot_keeps_its_history_and_is_left_out_of_allocation(console: Console, tmp_path: Path
                                                                             ) -> None:
    _stocked(console)
    with pytest.raises(ReferenceError, match="^停用储备库必须说明原因"):
        console.reference.set_depot_active("JS-XJ", False, actor="管理员")
    console.reference.set_depot_active("JS-XJ", False, reason="库房改造", actor="管理员", role="admin")
    (ev,) = [e for e in console.log.read("reference")]
    assert (ev.type, ev.payload["key"], ev.payload["new"]) == ("reference.depot_deactivated", "JS-XJ",
                                                               {"active": False, "status_reason": "库房改造"})
    depots = {d.id: d for d in console.ledger.depots()}
    assert not depots["JS-XJ"].active and depots["JS-XJ"].status_reason == "库房改造"
    assert [m.depot for m in console.ledger.movements()] == ["ZZ-SJ", "JS-XJ"]  # history kept
    # a request next to 金水区's depot is served from the city centre only
    req = console.requests.create({"FH-001": 150}, title="防护服", actor="值班员", lat=34.801, lon=113.671,
                                  place="金水区")
    p = console.requests.propose(req.id)
    assert {ln.depot for ln in p.lines} == {"ZZ-SJ"} and sum(ln.qty for ln in p.lines) == 100
    assert p.shortfalls  # 50 short: the deactivated depot's stock is not offered
    with pytest.raises(LedgerError, match="已停用"):
        console.requests.approve(req.id, actor="值班员", lines=[
            __import__("console.reserves.requests", fromlist=["ProposalLine"]).ProposalLine("JS-XJ", "FH-001", 50)])
    assert [d["id"] for d in depots_for_map(console.ledger)] == ["ZZ-SJ"]  # not drawn on the map
    export_stocktake(console.ledger, tmp_path / "pd.xlsx")
    from openpyxl import load_workbook

    cells = {c for row in load_workbook(tmp_path / "pd.xlsx").worksheets[0].iter_rows(values_only=True) for c in row}
    assert "ZZ-SJ" in cells and "JS-XJ" not in cells  # not in the stock-take
    with pytest.raises(LedgerError, match="已停用，不再盘点"):
        export_stocktake(console.ledger, tmp_path / "js.xlsx", depot="JS-XJ")
    with pytest.raises(ReferenceError, match="已是停用状态"):
        console.reference.set_depot_active("JS-XJ", False, reason="again", actor="管理员")
    console.reference.set_depot_active("JS-XJ", True, actor="管理员")
    assert all(d.active for d in console.ledger.depots())
    assert console.reference.verify() == []
    with console.db.connect() as conn:
        conn.execute(text("UPDATE reserve_depots SET active = false WHERE id = 'ZZ-SJ'"))
    assert console.reference.verify() == ["储备库「ZZ-SJ」在链上没有对应事件：记录被直接写入数据库"]


def test_minimums_imported_per_depot_and_item_drive_the_low_stock_warning(console: Console, tmp_path: Path) -> None:
    _stocked(console)
    resolve = lambda ref: (it.id if (it := console.ledger.catalogue.resolve(ref)) else None)  # noqa: E731
    low = [a for a in ledger_alerts(console.ledger) if a.kind.value == "below_minimum"]
    assert not [a for a in low if a.item == "FH-001"]  # 100 held, catalogue minimum 50
    f = write(tmp_path, "m.csv", "储备库编号,物资编码,最低储备量\nZZ-SJ,2640101,150\nJS-XJ,FH-001,80\n")
    r = console.reference.import_minimums(f, resolve, actor="管理员")
    assert (r.rows, r.updated) == (2, 2)
    assert console.ledger.minimums() == {("ZZ-SJ", "FH-001"): 150, ("JS-XJ", "FH-001"): 80}
    low = [a for a in ledger_alerts(console.ledger) if a.kind.value == "below_minimum" and a.item == "FH-001"]
    assert [(a.depot, a.qty, a.minimum) for a in low] == [("ZZ-SJ", 100, 150)]
    assert "郑州市应急物资储备中心" in low[0].message and "低于最低储备 150 套" in low[0].message
    again = console.reference.import_minimums(f, resolve, actor="管理员")
    assert (again.updated, again.unchanged) == (0, 2)
    assert [e.type for e in console.log.read("reference")] == ["reference.minimum_set"] * 2
    bad = write(tmp_path, "bad.csv", "储备库编号,物资编码,最低储备量\nZZ-SJ,FH-001,10\nXX-01,FH-001,5\n"
                                     "ZZ-SJ,NOPE,5\nJS-XJ,FH-001,-1\n")
    with pytest.raises(ImportRejected) as info:
        console.reference.import_minimums(bad, resolve, actor="管理员")
    said = [str(p) for p in info.value.problems]
    assert said == ["第 3 行「储备库编号」：储备库「XX-01」不存在：请先导入储备库",
                    "第 4 行「物资编码」：物资编码「NOPE」不在物资目录中",
                    "第 5 行「最低储备量」：最低储备量「-1」无效：应为非负整数"]
    assert console.ledger.minimums()[("ZZ-SJ", "FH-001")] == 150  # nothing written
    assert console.reference.verify() == []


def test_depot_and_minimum_commands(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from console.cli import main

    url = str(tmp_path / "c.sqlite3")
    assert main(["--db", url, "reserves", "import", "depots", str(SAMPLES / "depots.csv"),
                 "--jurisdiction", "410100", "--actor", "管理员"]) == 0
    assert main(["--db", url, "reserves", "minimum", "import", str(SAMPLES / "minimums.csv"), "--actor", "管理员"]) == 0
    assert "已导入最低储备量 7 行" in capsys.readouterr().out
    assert main(["--db", url, "reserves", "depot", "deactivate", "ZY-XJ", "--actor", "管理员"]) == 1
    assert capsys.readouterr().err.strip() == "错误：停用储备库必须说明原因（--reason）"
    assert main(["--db", url, "reserves", "depot", "deactivate", "ZY-XJ", "--reason", "场地改造",
                 "--actor", "管理员"]) == 0
    assert capsys.readouterr().out.strip() == "已停用储备库 ZY-XJ：场地改造"
    assert main(["--db", url, "reserves", "depots"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "ZY-XJ      中原区应急物资储备库（县级储备库）已停用：场地改造"
    assert main(["--db", url, "reference", "verify"]) == 0
