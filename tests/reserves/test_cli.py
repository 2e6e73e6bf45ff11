"""``python -m console reserves …`` run as a real subprocess on a real SQLite file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.reserves.conftest import ROOT

DEPOTS = ("编号,名称,级别,纬度,经度,保管人,联系电话,储备方式\n"
          "PY-SJ,濮阳市应急物资储备中心,市级储备中心,35.7620,115.0290,王建国,0393-8888001,政府储备\n"
          "FX-XJ,范县应急物资储备库,县级储备库,35.8520,115.5050,赵强,,协议储备\n")
STOCK = "储备库编号,物资编码,批号,数量,有效期至\nPY-SJ,FH-001,P1,100,2028-01-01\nFX-XJ,FH-001,P2,30,2027-01-01\n"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "console", "--db", str(db), "reserves", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_import_request_allocate_approve_export(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    (tmp_path / "d.csv").write_text(DEPOTS, encoding="utf-8")
    (tmp_path / "s.csv").write_bytes(STOCK.encode("gbk"))
    r = run(db, "import", "depots", str(tmp_path / "d.csv"), "--jurisdiction", "410900")
    assert r.returncode == 0 and "已导入 2 个储备库" in r.stdout, r.stderr
    r = run(db, "import", "stock", str(tmp_path / "s.csv"), "--actor", "张三")
    assert "新入库 2 个批次" in r.stdout, r.stderr
    r = run(db, "request", "--item", "FH-001=50", "--lat", "35.86", "--lon", "115.49", "--place", "范县城关镇",
            "--actor", "李四", "--jurisdiction", "410900")
    assert r.returncode == 0, r.stderr
    rid = r.stdout.split("：", 1)[1].split()[0]
    r = run(db, "allocate", rid)
    assert r.stdout.splitlines()[0].startswith("范县应急物资储备库 → 范县城关镇") and "30 套" in r.stdout
    r = run(db, "approve", rid, "--actor", "值班员")
    assert r.returncode == 0 and "已批准" in r.stdout, r.stderr
    r = run(db, "approve", rid, "--actor", "值班员")
    assert r.returncode == 1 and r.stderr.startswith("错误：") and "不能再次审批" in r.stderr
    assert "Traceback" not in r.stderr
    r = run(db, "stock")
    assert "共 1 个批次" in r.stdout and "80 套" in r.stdout
    r = run(db, "alerts")
    assert "范县应急物资储备库" in r.stdout and "低于最低储备" in r.stdout
    assert run(db, "export", "ledger", str(tmp_path / "l.xlsx")).returncode == 0
    assert load_workbook(tmp_path / "l.xlsx").active.max_row == 5
    assert run(db, "stocktake", str(tmp_path / "p.xlsx"), "--depot", "PY-SJ").returncode == 0


def test_cli_bad_file_lists_rows_and_commits_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    (tmp_path / "d.csv").write_text(DEPOTS + "ZZ,郑州某库,县级储备库,34.75,113.62,,,\n", encoding="utf-8")
    r = run(db, "import", "depots", str(tmp_path / "d.csv"), "--jurisdiction", "410900")
    assert r.returncode == 1 and "第 4 行「纬度/经度」" in r.stderr and "未导入任何数据" in r.stderr
    assert "Traceback" not in r.stderr
    assert "尚未登记储备库" in run(db, "depots").stdout
    (tmp_path / "s.csv").write_text("储备库编号,物资编码,批号,数量,有效期至\nPY-SJ,FH-001,P1,abc,2028-01-01\n",
                                    encoding="utf-8")
    r = run(db, "import", "stock", str(tmp_path / "s.csv"))
    assert r.returncode == 1 and "第 2 行" in r.stderr and "Traceback" not in r.stderr
    r = run(db, "approve", "WZ-NOPE")
    assert r.returncode == 1 and "不存在" in r.stderr
