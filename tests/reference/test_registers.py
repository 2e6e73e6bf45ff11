"""The townships and entity registers: imports by key, refusals naming row and column with
nothing written, positions outside the jurisdiction, events only for changed rows, verify."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from console.app import Console
from console.reference.registers import NO_JURISDICTION, ReferenceError
from console.reserves.importing import ImportRejected
from tests.reference.conftest import SAMPLES, TOWNSHIPS, write

ENTITY_HEAD = "许可证号,类别,名称,地址,区县代码,乡镇（街道）,纬度,经度,监管单位,风险等级\n"


def _events(console: Console) -> list[str]:
    return [e.type for e in console.log.read("reference")]


def test_townships_import_then_reimport_updates_by_key_with_events_only_for_changed_rows(
        console: Console, tmp_path: Path) -> None:
    ref = console.reference
    first = ref.import_townships(write(tmp_path, "t.csv", TOWNSHIPS), actor="管理员")
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    towns = {t.name: t for t in ref.townships()}
    assert towns["经八路街道"].key == "410105001" and towns["花园路街道"].key == "410105:花园路街道"
    assert _events(console) == ["reference.township_added"] * 3
    moved = TOWNSHIPS.replace("34.758,113.62", "34.7575,113.6205")
    again = ref.import_townships(write(tmp_path, "t2.csv", moved), actor="管理员")
    assert (again.added, again.updated, again.unchanged) == (0, 1, 2)
    assert _events(console)[-1] == "reference.township_updated" and len(_events(console)) == 4
    assert ref.townships("410102")[0].lat == 34.7575
    assert ref.verify() == []


def test_a_bad_townships_file_names_row_and_column_and_writes_nothing(console: Console, tmp_path: Path) -> None:
    bad = TOWNSHIPS + ("41010500X,某街道,410105,34.77,113.67\n"  # row 5: code
                       ",,410105,34.77,113.67\n"  # row 6: no name
                       ",某镇,410105,34.77,\n"  # row 7: half a position
                       ",北京某街道,110101,39.9,116.4\n")  # row 8: another city
    with pytest.raises(ImportRejected) as info:
        console.reference.import_townships(write(tmp_path, "bad.csv", bad), actor="管理员")
    said = [str(p) for p in info.value.problems]
    assert "第 5 行「乡镇代码」：「41010500X」不是 9 位或 12 位乡镇行政区划代码" in said
    assert "第 6 行「乡镇名称」：乡镇名称为空" in said
    assert any(s.startswith("第 7 行「经度」：「」不是有效的经度") for s in said)
    assert "第 8 行「区县代码」：区县代码 110101 不属于本辖区（410100）" in said
    assert any(s.startswith("第 8 行「纬度/经度」：坐标 (39.9, 116.4) 不在本辖区（410100）内") for s in said)
    assert console.reference.townships() == [] and _events(console) == []


def test_entities_from_xlsx_with_township_from_the_register_and_grades(console: Console, tmp_path: Path) -> None:
    console.reference.import_townships(write(tmp_path, "t.csv", TOWNSHIPS), actor="管理员")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(ENTITY_HEAD.strip().split(","))
    ws.append(["JY14101050000001", "餐饮服务", "经八路某面馆", "郑州市金水区某路1号", None, "经八路街道",
               34.7726, 113.6733,
               "金水区市场监督管理局", "b级"])
    ws.append(["91410100MA00000001", "药品经营", "某大药房", "", 410102, "林山寨街道", None, None, "", "A"])
    p = tmp_path / "e.xlsx"
    wb.save(p)
    r = console.reference.import_entities(p, actor="管理员")
    assert (r.added, r.rows) == (2, 2)
    e1, e2 = console.reference.entities()
    assert (e1.licence_no, e1.category, e1.county, e1.risk_grade) == ("91410100MA00000001", "drug_operation",
                                                                      "410102", "A")
    assert (e2.category_title, e2.county, e2.risk_grade, e2.township) == ("餐饮服务", "410105", "B", "经八路街道")
    assert [m["name"] for m in console.reference.iter_map_entities()] == ["经八路某面馆"]  # only those with a point
    assert console.reference.verify() == []


def test_a_bad_entities_file_names_every_row_and_column_and_writes_nothing(console: Console, tmp_path: Path) -> None:
    console.reference.import_townships(write(tmp_path, "t.csv", TOWNSHIPS), actor="管理员")
    rows = ("JY001001,餐饮服务,甲店,,,经八路街道,34.7726,113.6733,,A\n"  # row 2: good
            "JY001001,餐饮服务,乙店,,,,,,,A\n"  # row 3: duplicate licence
            "JY001003,烟草零售,丙店,,,,,,,A\n"  # row 4: category
            "JY001004,餐饮服务,丁店,,,经八路街,,,,E\n"  # row 5: township unknown, grade
            "JY001005,餐饮服务,戊店,,,,35.76,115.03,,\n")  # row 6: 濮阳, outside 郑州
    with pytest.raises(ImportRejected) as info:
        console.reference.import_entities(write(tmp_path, "e.csv", ENTITY_HEAD + rows), actor="管理员")
    said = [str(p) for p in info.value.problems]
    assert "第 3 行「许可证号」：许可证号 JY001001 与第 2 行重复" in said
    assert any(s.startswith("第 4 行「类别」：类别「烟草零售」无效") for s in said)
    assert "第 5 行「乡镇（街道）」：乡镇「经八路街」不在乡镇名录中（是否指：经八路街道）" in said
    assert any(s.startswith("第 5 行「风险等级」：风险等级「E」无效") for s in said)
    assert any(s.startswith("第 6 行「纬度/经度」：坐标 (35.76, 115.03) 不在本辖区（410100）内") for s in said)
    assert "e.csv" in str(info.value) and "未导入任何数据" in str(info.value)
    assert console.reference.entities() == [] and _events(console) == ["reference.township_added"] * 3


def test_without_a_jurisdiction_nothing_is_imported(db, clock, tmp_path: Path) -> None:  # noqa: ANN001
    console = Console(db, clock)
    with pytest.raises(ReferenceError, match=f"^{NO_JURISDICTION}$"):
        console.reference.import_townships(write(tmp_path, "t.csv", TOWNSHIPS), actor="管理员")


def test_an_unknown_column_is_refused_with_its_name(console: Console, tmp_path: Path) -> None:
    f = write(tmp_path, "t.csv", "乡镇名称,区县代码,人口\n经八路街道,410105,10000\n")
    with pytest.raises(ImportRejected, match="「人口」：是未知的列名"):
        console.reference.import_townships(f, actor="管理员")


def test_an_area_gives_the_point_and_must_lie_inside(console: Console, tmp_path: Path) -> None:
    inside = '"{""type"":""Polygon"",""coordinates"":[[[113.79,34.78],[113.80,34.78],[113.80,34.79],[113.79,34.78]]]}"'
    outside = '"{""type"":""Polygon"",""coordinates"":[[[115.0,35.7],[115.1,35.7],[115.1,35.8],[115.0,35.7]]]}"'
    f = write(tmp_path, "a.csv", f"乡镇名称,区县代码,范围\n龙子湖街道,410105,{inside}\n某镇,410105,{outside}\n")
    with pytest.raises(ImportRejected, match="第 3 行「范围」：范围不在本辖区（410100）内"):
        console.reference.import_townships(f, actor="管理员")
    one = write(tmp_path, "b.csv", f"乡镇名称,区县代码,范围\n龙子湖街道,410105,{inside}\n")
    console.reference.import_townships(one, actor="管理员")
    (t,) = console.reference.townships()
    assert t.area.startswith('{"coordinates"') and 34.78 < (t.lat or 0) < 34.79 and 113.79 < (t.lon or 0) < 113.8


def test_verify_names_a_row_changed_behind_the_log(console: Console, tmp_path: Path) -> None:
    console.reference.import_entities(SAMPLES / "entities.csv", actor="管理员")
    first = console.reference.entities()[0]
    with console.db.connect() as conn:
        conn.execute(text("UPDATE reference_entities SET risk_grade = 'D' WHERE licence_no = :k"),
                     {"k": first.licence_no})
    problems = console.reference.verify()
    assert len(problems) == 1 and problems[0].startswith(f"监管对象「{first.licence_no}」的「风险等级」为「D」")


def test_export_reads_back_as_the_same_register(console: Console, tmp_path: Path) -> None:
    ref = console.reference
    ref.import_townships(SAMPLES / "townships.csv", actor="管理员")
    ref.import_entities(SAMPLES / "entities.csv", actor="管理员")
    assert len(ref.entities()) == 50
    for suffix in (".csv", ".xlsx"):
        assert ref.export_entities(tmp_path / f"e{suffix}") == 50
        assert ref.export_townships(tmp_path / f"t{suffix}") == len(ref.townships())
        again = ref.import_entities(tmp_path / f"e{suffix}", actor="管理员")
        assert (again.added, again.updated, again.unchanged) == (0, 0, 50)
        again = ref.import_townships(tmp_path / f"t{suffix}", actor="管理员")
        assert again.added == again.updated == 0


def test_the_cli_imports_lists_and_refuses_in_one_message(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from console.cli import main

    url = str(tmp_path / "c.sqlite3")
    assert main(["--db", url, "reference", "townships", "import", str(SAMPLES / "townships.csv")]) == 1
    assert capsys.readouterr().err.strip() == f"错误：{NO_JURISDICTION}"
    assert main(["--db", url, "reference", "townships", "import", str(SAMPLES / "townships.csv"),
                 "--jurisdiction", "410100", "--actor", "管理员"]) == 0
    assert "新增 58" in capsys.readouterr().out
    assert main(["--db", url, "reference", "entities", "import", str(SAMPLES / "entities.csv"),
                 "--jurisdiction", "410900", "--actor", "管理员"]) == 1
    err = capsys.readouterr().err
    assert "不属于本辖区（410900）" in err and "Traceback" not in err
    assert main(["--db", url, "reference", "townships", "list", "--county", "410108"]) == 0
    assert "花园口镇" in capsys.readouterr().out
    assert main(["--db", url, "reference", "verify"]) == 0
    assert "基础数据与哈希链一致" in capsys.readouterr().out


def test_an_observer_cannot_change_reference_data(console: Console, tmp_path: Path) -> None:
    with pytest.raises(ReferenceError, match="^角色「观察员」不能修改基础数据"):
        console.reference.import_townships(write(tmp_path, "t.csv", TOWNSHIPS), actor="某人", role="observer")
    assert console.reference.townships() == []
