"""Hostile expert files are refused before anything is written; exports are safe to open.

A 1 MB field, too many rows, a zip bomb or a text file named .xlsx, a binary or undecodable
file: refused naming the file and row (and column), the registry unchanged. Exported text a
spreadsheet would run as a formula gets a ``'`` in front and the ``'`` comes off on import.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from console.documents.cells import MAX_ROWS
from console.errors import RecordError
from console.experts.registry import ExpertRegistry
from tests.hostile_files import oversized, zip_bomb
from tests.records_fixtures import ROOT

HEADER = "编号,姓名,专业领域,工作单位,职称,联系电话,可用状态,所在地,备注\n"
ROW = "{code},孙立,食品安全,濮阳市疾控中心,主任医师,13900000011,可参会,华龙区,{note}\n"
CODES = ["E01", "E02", "E03", "E04", "E05", "E06"]


def _codes(reg: ExpertRegistry) -> list[str]:
    return [e.code for e in reg.list()]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_megabyte_field_is_refused_naming_the_row(experts: ExpertRegistry, tmp_path: Path) -> None:
    f = _write(tmp_path, "x.csv", HEADER + ROW.format(code="A1", note="") + ROW.format(code="A2", note="注" * 10**6))
    with pytest.raises(RecordError, match=r"^文件 x\.csv 第 3 行：有一个字段超过 2000 个字符，未导入任何数据$"):
        experts.import_file(f)
    f = _write(tmp_path, "y.csv", HEADER + ROW.format(code="A1", note="注" * 5000))
    with pytest.raises(RecordError, match=r"^文件 y\.csv 第 2 行「备注」列超过 2000 个字符（共 5000 个）"):
        experts.import_file(f)
    assert _codes(experts) == CODES


def test_too_many_rows_and_too_big_files_are_refused(experts: ExpertRegistry, tmp_path: Path) -> None:
    body = "".join(ROW.format(code=f"A{i}", note="") for i in range(MAX_ROWS + 1))
    with pytest.raises(RecordError, match=rf"第 {MAX_ROWS + 2} 行：数据超过 {MAX_ROWS} 行"):
        experts.import_file(_write(tmp_path, "x.csv", HEADER + body))
    for name in ("big.csv", "big.xlsx"):
        with pytest.raises(RecordError, match="文件大小 21 MB，超过导入上限 20 MB"):
            experts.import_file(oversized(tmp_path / name, 21))
    assert _codes(experts) == CODES


@pytest.mark.parametrize("megabytes, level, says", [(300, 1, "解压后共 300 MB"), (40, 9, "的压缩比异常")])
def test_zip_bombs_are_refused_in_milliseconds(experts: ExpertRegistry, tmp_path: Path,
                                               megabytes: int, level: int, says: str) -> None:
    bomb = zip_bomb(tmp_path / "专家.xlsx", megabytes, level)
    start = time.perf_counter()
    with pytest.raises(RecordError, match=says):
        experts.import_file(bomb)
    assert time.perf_counter() - start < 0.5
    assert _codes(experts) == CODES


def test_not_an_xlsx_binary_and_undecodable_files_are_refused(experts: ExpertRegistry, tmp_path: Path) -> None:
    with pytest.raises(RecordError, match=r"文件 x\.xlsx 不是有效的 Excel（\.xlsx）文件"):
        experts.import_file(_write(tmp_path, "x.xlsx", HEADER))
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 10)
    with pytest.raises(RecordError, match="含有二进制内容"):
        experts.import_file(binary)
    junk = tmp_path / "j.csv"
    junk.write_bytes(b"\xff\xff" * 50)
    with pytest.raises(RecordError, match="无法识别文件编码"):
        experts.import_file(junk)
    assert _codes(experts) == CODES


FORMULAS = {"name": "=1+2", "title": "-主任", "phone": "+86 13900000011", "note": "@SUM(A1:A9)",
            "region": "\t=cmd"}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_text_is_neutralised_on_export_and_restored_on_import(
        experts: ExpertRegistry, db, clock, tmp_path: Path, suffix: str) -> None:  # noqa: ANN001
    experts.add({"code": "F1", "specialties": "法律", "organisation": "某单位", **FORMULAS})
    original = experts.get("F1")
    assert original.region == "=cmd"  # leading whitespace is trimmed on entry, as before
    out = tmp_path / f"专家{suffix}"
    experts.export_file(out)
    if suffix == ".xlsx":
        ws = load_workbook(out).active
        head = [c.value for c in ws[1]]
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "F1")
        for label, attr in (("姓名", "name"), ("职称", "title"), ("联系电话", "phone"), ("备注", "note"),
                            ("所在地", "region")):
            cell = row[head.index(label)]
            assert cell.data_type == "s" and cell.value == "'" + getattr(original, attr), label
        assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)
    else:
        rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
        row = dict(zip(rows[0], next(r for r in rows if r[0] == "F1"), strict=True))
        assert (row["姓名"], row["联系电话"], row["备注"]) == ("'=1+2", "'+86 13900000011", "'@SUM(A1:A9)")
    fresh = ExpertRegistry(db, clock)
    experts.update("F1", {"name": "改过"})
    assert fresh.import_file(out) == 7
    assert fresh.get("F1") == original


def test_cli_refuses_hostile_files_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    big = _write(tmp_path, "x.csv", HEADER + ROW.format(code="A1", note="注" * 10**6))
    bomb = zip_bomb(tmp_path / "b.xlsx", 120)
    for f, says in ((big, "第 2 行：有一个字段超过 2000 个字符"), (bomb, "超过上限 100 MB")):
        r = subprocess.run([sys.executable, "-m", "console", "--db", str(db), "experts", "import", str(f)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert r.returncode == 1, r.stderr
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert says in r.stderr and "未导入任何数据" in r.stderr
