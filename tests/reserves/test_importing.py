from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from console.reserves.catalogue import load_catalogue
from console.reserves.importing import (
    DepotRecord,
    ImportRejected,
    StockRecord,
    import_depots,
    import_items,
    import_stock,
    write_depots,
    write_stock,
    write_stocktaking_xlsx,
)


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


DEPOTS = """编号,名称,级别,纬度,经度,保管人,联系电话,储备方式
SJ01,濮阳市应急物资储备中心,市级储备中心,35.7620,115.0290,张伟,0393-1234567,政府储备
XJ01,清丰县储备库,县级储备库,35.8850,115.1040,李娜,13800000001,协议储备
XZ01,柳格镇储备点,乡镇储备点,35.8300,115.1800,,,企业代储
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def problems(exc: pytest.ExceptionInfo[ImportRejected]) -> set[tuple[int | None, str]]:
    return {(p.row, p.column) for p in exc.value.problems}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_depots_in_every_encoding(tmp_path, encoding):
    res = import_depots(write(tmp_path, "d.csv", DEPOTS, encoding))
    assert [d.id for d in res.rows] == ["SJ01", "XJ01", "XZ01"]
    first = res.rows[0]
    assert first == DepotRecord("SJ01", "濮阳市应急物资储备中心", "市级储备中心", 35.762, 115.029,
                                "张伟", "0393-1234567", "政府储备", row=2)


def test_neither_utf8_nor_gbk_is_a_clear_error(tmp_path):
    for name, data in [("u16.csv", DEPOTS.encode("utf-16")), ("bin.csv", b"\x81\xff\xfe\x80" * 10)]:
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(ImportRejected) as exc:
            import_depots(p)
        (prob,) = exc.value.problems
        assert prob.row is None and "编码无法识别" in prob.message


def test_depot_problems_all_reported_with_rows(tmp_path):
    text = DEPOTS + (
        "XJ01,重复编号,县级储备库,35.9,115.1,,,\n"       # row 5: duplicate id
        "XJ02,级别错,省级储备库,35.9,115.1,,,\n"         # row 6: bad level
        "XJ03,坐标错,县级储备库,北纬35,115.1,,,\n"       # row 7: lat not a number
        "XJ04,辖区外,县级储备库,39.9,116.4,,,\n"         # row 8: outside jurisdiction
        "XJ05,方式错,县级储备库,35.9,115.1,,,国家储备\n"  # row 9: bad mode
    )
    inside = lambda lat, lon: 35.0 < lat < 36.5 and 114.5 < lon < 116.0  # noqa: E731
    with pytest.raises(ImportRejected) as exc:
        import_depots(write(tmp_path, "d.csv", text), inside=inside)
    assert problems(exc) == {(5, "编号"), (6, "级别"), (7, "纬度"), (8, "纬度/经度"), (9, "储备方式")}
    assert "未导入任何数据" in str(exc.value)


def test_missing_column_reported_once(tmp_path):
    rows = "".join(f"X{i},库{i},县级储备库,35.9\n" for i in range(50))
    with pytest.raises(ImportRejected) as exc:
        import_depots(write(tmp_path, "d.csv", "编号,名称,级别,纬度\n" + rows))
    (prob,) = exc.value.problems
    assert (prob.row, prob.column) == (1, "经度")
    assert "编号、名称、级别、纬度" in prob.message


def test_english_headers(tmp_path):
    text = "id,name,level,latitude,longitude\nA,甲,县级储备库,35.8,115.0\n"
    assert import_depots(write(tmp_path, "d.csv", text)).rows[0].lat == 35.8


STOCK = """储备库编号,物资编码,批号,数量,有效期至,生产日期
XJ01,2620101,B2025-01,120,2027-01-31,2025-02-01
XJ01,CY-001,B2025-02,80,2027-06-30,
XJ01,2680101,,2,,
SJ01,KJ-004,K9,30,,2025-09-01
"""


def test_stock_parses_and_resolves_items(tmp_path, cat):
    res = import_stock(write(tmp_path, "s.csv", STOCK, "gbk"), cat, depots={"XJ01", "SJ01"})
    assert [r.item for r in res.rows] == ["CY-001", "CY-001", "TX-001", "KJ-004"]
    assert res.rows[0] == StockRecord("XJ01", "CY-001", "2620101", "B2025-01", 120,
                                      date(2027, 1, 31), date(2025, 2, 1), row=2)
    assert res.rows[2].expiry is None and res.rows[2].lot == ""
    # expiry derived from 生产日期 + the item's shelf life (P365D)
    assert res.rows[3].expiry == date(2026, 9, 1)


def test_stock_every_problem_reported(tmp_path, cat):
    text = STOCK + (
        "XJ01,2620101,B2025-03,-5,2027-01-31,\n"      # row 6: negative
        "XJ01,2620101,B2025-04,十,2027-01-31,\n"      # row 7: not numeric
        "XJ01,2620109,B1,3,2027-01-31,\n"            # row 8: unknown code
        "XJ01,2620101,B2025-01,7,2027-01-31,\n"       # row 9: duplicate of row 2
        "XJ01,2620101,B2025-05,7,2027/13/01,\n"       # row 10: bad date
        "XX99,2620101,B2025-06,7,2027-01-31,\n"       # row 11: unknown depot
        "XJ01,2620101,B2025-07,2.5,2027-01-31,\n"     # row 12: not an integer
        "XJ01,2620101,B2025-08,4,,\n"                 # row 13: shelf-life item without expiry
    )
    with pytest.raises(ImportRejected) as exc:
        import_stock(write(tmp_path, "s.csv", text, "utf-8-sig"), cat, depots={"XJ01", "SJ01"})
    assert problems(exc) == {
        (6, "数量"), (7, "数量"), (8, "物资编码"), (9, "批号"), (10, "有效期至"),
        (11, "储备库编号"), (12, "数量"), (13, "有效期至"),
    }
    msgs = {p.row: p.message for p in exc.value.problems}
    assert "负数" in msgs[6] and "不是数字" in msgs[7] and "第 2 行" in msgs[9]


def test_unsupported_file_type(tmp_path, cat):
    with pytest.raises(ImportRejected, match="不支持的文件类型"):
        import_stock(write(tmp_path, "s.txt", STOCK), cat)


def test_csv_round_trip(tmp_path, cat):
    rows = import_stock(write(tmp_path, "s.csv", STOCK), cat).rows
    out = write_stock(rows, tmp_path / "out.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM so Excel shows Chinese
    again = import_stock(out, cat).rows
    assert [_strip(r) for r in again] == [_strip(r) for r in rows]


def test_xlsx_round_trip_stock_and_depots(tmp_path, cat):
    rows = import_stock(write(tmp_path, "s.csv", STOCK), cat).rows
    again = import_stock(write_stock(rows, tmp_path / "s.xlsx"), cat).rows
    assert [_strip(r) for r in again] == [_strip(r) for r in rows]
    depots = import_depots(write(tmp_path, "d.csv", DEPOTS)).rows
    back = import_depots(write_depots(depots, tmp_path / "d.xlsx")).rows
    assert [_strip(d) for d in back] == [_strip(d) for d in depots]


def test_xlsx_native_cells_and_row_numbers(tmp_path, cat):
    wb = Workbook()
    ws = wb.active
    ws.append(["储备库编号", "物资编码", "批号", "数量", "有效期至"])
    ws.append(["XJ01", 2620101, "L1", 12.0, datetime(2027, 3, 1)])
    ws.append([None, None, None, None, None])  # blank line is skipped, numbering kept
    ws.append(["XJ01", "2620101", "L2", -1, "2027-03-01"])
    p = tmp_path / "native.xlsx"
    wb.save(p)
    with pytest.raises(ImportRejected) as exc:
        import_stock(p, cat)
    assert problems(exc) == {(4, "数量")}


def test_stocktaking_sheet(tmp_path, cat):
    rows = import_stock(write(tmp_path, "s.csv", STOCK), cat).rows
    p = write_stocktaking_xlsx(rows, tmp_path / "pd.xlsx", cat, {"XJ01": "清丰县储备库"})
    ws = load_workbook(p).active
    headers = [c.value for c in ws[2]]
    assert headers[9:12] == ["账面数量", "实盘数量", "差异"]
    assert ws.cell(row=3, column=10).value is not None
    assert ws.cell(row=3, column=11).value is None
    assert ws.cell(row=3, column=12).value == '=IF(K3="","",K3-J3)'
    assert ws.max_row == 2 + len(rows)


ITEMS = """物资编码,短编号,物资名称,规格,单位,保质期,最低库存
2610207,KJ-012,三聚氰胺快速检测试剂盒,20人份/盒,盒,365,5
2620302,CY-009,记号笔,防水,支,,10
"""


def test_item_list(tmp_path, cat):
    rows = import_items(write(tmp_path, "i.csv", ITEMS), cat).rows
    assert rows[0].shelf_life is not None and rows[0].shelf_life.days == 365
    bad = ITEMS + "2990101,KJ-013,错类,,盒,,\n2610207,KJ-014,重复编码,,盒,一年,\n"
    with pytest.raises(ImportRejected) as exc:
        import_items(write(tmp_path, "i2.csv", bad), cat)
    assert problems(exc) == {(4, "物资编码"), (5, "物资编码"), (5, "保质期")}


def _strip(rec):
    from dataclasses import replace

    return replace(rec, row=0)
