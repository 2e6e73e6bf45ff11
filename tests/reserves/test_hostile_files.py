"""Hostile import files are refused before anything is written; exports are safe to open.

Refused, naming the file, row and column, with the ledger unchanged: a 1 MB field, a field
longer than its stored column, a file over the size limit, too many rows, a zip bomb named
.xlsx, a text file named .xlsx, a file in no known encoding. Exported text that a spreadsheet
would run as a formula gets a ``'`` in front (numbers stay numbers), and the ``'`` comes off
again on import, so an export re-imports to the same values.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from console.documents.cells import MAX_ROWS
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
from tests.hostile_files import oversized, zip_bomb
from tests.reserves.conftest import ROOT

DEPOT_HEAD = "编号,名称,级别,纬度,经度,保管人,联系电话,储备方式\n"
DEPOT_ROW = "{id},{name},县级储备库,35.8520,115.5050,{keeper},0393-5222001,协议储备\n"
STOCK_HEAD = "储备库编号,物资编码,批号,数量,有效期至,生产日期\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _unchanged(ledger: Ledger) -> None:
    assert [d.id for d in ledger.depots()] == ["FX-XJ", "PY-SJ", "QF-XJ"]
    assert ledger.movements() == []


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 MB of sheet XML packed into about 1.6 MB."""
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "库存.xlsx", 300)


def test_a_megabyte_field_is_refused_naming_the_row(ledger: Ledger, tmp_path: Path) -> None:
    body = DEPOT_HEAD + DEPOT_ROW.format(id="A1", name="甲库", keeper="") + \
        DEPOT_ROW.format(id="A2", name="乙" * 1_000_000, keeper="")
    with pytest.raises(ImportRejected) as e:
        import_depots_file(ledger, _write(tmp_path, "d.csv", body))
    assert [(p.row, p.message) for p in e.value.problems] == [(3, "有一个字段超过 2000 个字符")]
    assert str(e.value).startswith("文件 d.csv 第 3 行") and "未导入任何数据" in str(e.value)
    _unchanged(ledger)


def test_a_field_longer_than_its_column_names_row_and_column(ledger: Ledger, tmp_path: Path) -> None:
    body = DEPOT_HEAD + DEPOT_ROW.format(id="A1", name="库" * 201, keeper="") + \
        DEPOT_ROW.format(id="A2", name="乙库", keeper="保" * 2001)
    with pytest.raises(ImportRejected) as e:
        import_depots_file(ledger, _write(tmp_path, "d.csv", body))
    assert [(p.row, p.column, p.message) for p in e.value.problems] == [
        (2, "名称", "超过 200 个字符（共 201 个）"), (3, "保管人", "超过 100 个字符（共 2001 个）")]
    assert "第 2 行「名称」：超过 200 个字符" in str(e.value)
    stock = STOCK_HEAD + f"PY-SJ,CY-001,{'L' * 61},5,2027-06-01,\nPY-SJ,{'C' * 2001},B1,5,2027-06-01,\n"
    with pytest.raises(ImportRejected) as e:
        import_stock_file(ledger, _write(tmp_path, "s.csv", stock), actor="保管员")
    assert [(p.row, p.column, p.message) for p in e.value.problems] == [
        (2, "批号", "超过 60 个字符（共 61 个）"), (3, "物资编码", "超过 2000 个字符（共 2001 个）")]
    _unchanged(ledger)


@pytest.mark.parametrize("name", ["大文件.csv", "大文件.xlsx"])
def test_a_file_over_the_size_limit_is_refused_unread(ledger: Ledger, tmp_path: Path, name: str) -> None:
    with pytest.raises(ImportRejected, match=rf"文件 {name} .*文件大小 21 MB，超过导入上限 20 MB"):
        import_stock_file(ledger, oversized(tmp_path / name, 21), actor="保管员")
    _unchanged(ledger)


def test_too_many_rows_are_refused(ledger: Ledger, tmp_path: Path) -> None:
    rows = "".join(f"PY-SJ,CY-001,B{i},1,2027-06-01,\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(ImportRejected) as e:
        import_stock_file(ledger, _write(tmp_path, "s.csv", STOCK_HEAD + rows), actor="保管员")
    assert [(p.row, p.message) for p in e.value.problems] == [
        (MAX_ROWS + 2, f"数据超过 {MAX_ROWS} 行：请分成几个文件导入")]
    _unchanged(ledger)


def test_a_zip_bomb_is_refused_from_its_directory_in_milliseconds(ledger: Ledger, bomb: Path) -> None:
    assert bomb.stat().st_size < 3 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(ImportRejected, match=r"文件 库存\.xlsx .*解压后共 300 MB，超过上限 100 MB"):
        import_stock_file(ledger, bomb, actor="保管员")
    assert time.perf_counter() - start < 0.5
    _unchanged(ledger)


def test_a_dense_zip_bomb_is_refused_by_its_ratio(ledger: Ledger, tmp_path: Path) -> None:
    small = zip_bomb(tmp_path / "d.xlsx", 40, level=9)  # under the size limits, 40 MB in ~60 KB
    with pytest.raises(ImportRejected, match=r"xl/worksheets/sheet1\.xml 的压缩比异常.*疑似压缩炸弹"):
        import_depots_file(ledger, small)
    _unchanged(ledger)


def test_not_an_xlsx_and_not_a_known_encoding_are_refused(ledger: Ledger, tmp_path: Path) -> None:
    fake = _write(tmp_path, "d.xlsx", DEPOT_HEAD)
    with pytest.raises(ImportRejected, match=r"文件 d\.xlsx .*不是有效的 Excel（\.xlsx）文件"):
        import_depots_file(ledger, fake)
    junk = tmp_path / "d.csv"
    junk.write_bytes(b"\xff\xfe\xff" * 100)
    with pytest.raises(ImportRejected, match="文件编码无法识别"):
        import_depots_file(ledger, junk)
    _unchanged(ledger)


FORMULAS = {"name": '=HYPERLINK("http://example.com","点我")', "keeper": "@SUM(1+1)", "phone": "+86 393 8888001"}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_text_is_neutralised_on_export_and_restored_on_import(
        ledger: Ledger, tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([DEPOT_HEAD.strip().split(","),
                                  ["Z1", FORMULAS["name"], "县级储备库", 35.852, 115.505, FORMULAS["keeper"],
                                   FORMULAS["phone"], "政府储备"]])
    import_depots_file(ledger, src)
    z1 = next(d for d in ledger.depots() if d.id == "Z1")
    assert (z1.name, z1.custodian, z1.phone) == (FORMULAS["name"], FORMULAS["keeper"], FORMULAS["phone"])
    out = export_depots(ledger, tmp_path / f"out{suffix}")
    if suffix == ".xlsx":
        ws = load_workbook(out).active
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Z1")
        for cell, text in zip((row[1], row[5], row[6]), FORMULAS.values(), strict=True):
            assert cell.data_type == "s" and cell.value == "'" + text
        assert row[3].data_type == "n" and row[3].value == 35.852  # a number stays a number
        assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)
    else:
        rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
        row = next(r for r in rows if r[0] == "Z1")
        assert (row[1], row[5], row[6]) == tuple("'" + t for t in FORMULAS.values())
    # someone edits the file; the export imports back to the values the ledger holds
    with ledger.transaction() as conn:
        ledger.upsert_depots(conn, [z1.__class__(z1.id, "改过", z1.tier, z1.lat, z1.lon, None, "", "", z1.source)])
    import_depots_file(ledger, out)
    again = next(d for d in ledger.depots() if d.id == "Z1")
    assert (again.name, again.custodian, again.phone) == (FORMULAS["name"], FORMULAS["keeper"], FORMULAS["phone"])


def test_ledger_stock_and_stocktake_exports_neutralise_lots_not_quantities(ledger: Ledger, tmp_path: Path) -> None:
    stock = STOCK_HEAD + "PY-SJ,CY-001,=1+2,20,2027-06-01,\nPY-SJ,CY-001,-B7,10,2027-06-01,\n"
    import_stock_file(ledger, _write(tmp_path, "s.csv", stock), actor="保管员")
    count = STOCK_HEAD + "PY-SJ,CY-001,=1+2,20,2027-06-01,\nPY-SJ,CY-001,-B7,8,2027-06-01,\n"
    assert import_stock_file(ledger, _write(tmp_path, "c.csv", count), actor="保管员")["adjusted"] == 1
    ws = load_workbook(export_ledger(ledger, tmp_path / "l.xlsx")).active
    lots = {r[7].value: r for r in ws.iter_rows(min_row=2)}
    assert set(lots) == {"'=1+2", "'-B7"} and all(r[7].data_type == "s" for r in lots.values())
    qty = sorted(r[10].value for r in ws.iter_rows(min_row=2))
    assert qty == [-2, 10, 20] and all(r[10].data_type == "n" for r in ws.iter_rows(min_row=2))
    text = export_ledger(ledger, tmp_path / "l.csv").read_text("utf-8-sig")
    adjust = next(r for r in csv.reader(text.splitlines()) if r[9] == "盘点调整")
    assert adjust[7] == "'-B7" and adjust[10] == "-2"
    # the stock export counts back to the same lots: nothing received, nothing adjusted
    for suffix in (".csv", ".xlsx"):
        out = export_stock(ledger, tmp_path / f"stock{suffix}")
        assert import_stock_file(ledger, out, actor="保管员") == {"rows": 2, "received": 0, "adjusted": 0,
                                                                   "unchanged": 2}
    sheet = load_workbook(export_stocktake(ledger, tmp_path / "p.xlsx")).active
    lot_cells = [sheet.cell(row=r, column=8) for r in (3, 4)]
    assert {c.value for c in lot_cells} == {"'=1+2", "'-B7"} and all(c.data_type == "s" for c in lot_cells)
    assert sheet.cell(row=3, column=12).data_type == "f"  # the 差异 formula is the console's own
    assert ledger.verify() == []
    assert {(b.lot, b.qty, b.expiry) for b in ledger.balances()} == {("=1+2", 20, date(2027, 6, 1)),
                                                                      ("-B7", 8, date(2027, 6, 1))}


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "console", "--db", str(db), "reserves", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_refuses_hostile_files_in_one_line(tmp_path: Path, bomb: Path) -> None:
    db = tmp_path / "c.sqlite3"
    big = _write(tmp_path, "d.csv", DEPOT_HEAD + DEPOT_ROW.format(id="A1", name="乙" * 1_000_000, keeper=""))
    fake = _write(tmp_path, "d.xlsx", "not a workbook\n")
    for what, f, says in (("depots", big, "第 2 行：有一个字段超过 2000 个字符"), ("stock", bomb, "解压后共 300 MB"),
                          ("depots", fake, "不是有效的 Excel")):
        r = _cli(db, "import", what, str(f), "--actor", "保管员", "--jurisdiction", "410900")
        assert r.returncode == 1, r.stderr
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert says in r.stderr and "未导入任何数据" in r.stderr
    assert "尚未登记储备库" in _cli(db, "depots").stdout
