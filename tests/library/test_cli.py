"""``python -m console plan check|add|list|retire|restore|show|verify-library`` on a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from console.cli import main
from console.store.db import open_database
from tests.library.conftest import COUNTY, MUNICIPAL, ZHENGZHOU, line_col, variant


def test_plan_check_refuses_a_jurisdiction_code_that_does_not_exist_located(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    bad = variant(tmp_path, ZHENGZHOU, "bad.yaml", ('code: "410100"', 'code: "999999"'))
    assert main(["plan", "check", str(bad)]) == 1
    line, col = line_col(bad, '"999999"')
    out = capsys.readouterr().out
    assert f"{bad}:{line}:{col}: error: 行政区划代码「999999」不存在" in out


def test_the_zhengzhou_sample_passes_plan_check(capsys) -> None:  # noqa: ANN001
    assert main(["plan", "check", str(ZHENGZHOU)]) == 0
    out = capsys.readouterr().out
    assert "ok — 郑州市食品安全突发事件应急预案" in out and "0 个警告" in out


def test_a_name_that_does_not_match_the_code_is_a_warning(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    copied = variant(tmp_path, ZHENGZHOU, "half.yaml", ("name: 郑州市, code", "name: 濮阳市, code"))
    assert main(["plan", "check", str(copied)]) == 0
    assert "warning: 辖区名称「濮阳市」与行政区划代码 410100（郑州市）不符" in capsys.readouterr().out


def test_the_library_on_the_command_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    url = str(tmp_path / "c.sqlite3")
    assert main(["--db", url, "plan", "list"]) == 0
    assert "预案库为空" in capsys.readouterr().out
    assert main(["--db", url, "plan", "add", str(MUNICIPAL), str(ZHENGZHOU), "--actor", "管理员"]) == 0
    out = capsys.readouterr().out
    assert "已加入预案库 — 郑州市食品安全突发事件应急预案（示例） v2026.1" in out and "辖区 郑州市（410100）" in out
    # the same file again, and a broken one: located, nothing added, exit code 1
    bad = variant(tmp_path, COUNTY, "bad.yaml", ('code: "350122"', 'code: "999999"'))
    assert main(["--db", url, "plan", "add", str(MUNICIPAL), str(bad), "--actor", "管理员"]) == 1
    out = capsys.readouterr().out
    line, col = line_col(bad, '"999999"')
    assert "已在预案库" in out and f"{bad}:{line}:{col}: error:" in out and "未加入预案库（1 个错误）" in out
    assert main(["--db", url, "plan", "list"]) == 0
    out = capsys.readouterr().out
    assert "共 2 个预案版本" in out and "濮阳市（410900）" in out
    db = open_database(url)
    with db.reading() as conn:
        h = conn.execute(text("SELECT content_hash FROM plan_library WHERE plan_id = 'food-municipal'")).scalar_one()
    db.close()
    with pytest.raises(SystemExit) as exited:  # --reason is required
        main(["--db", url, "plan", "retire", h[:10], "--actor", "管理员"])
    assert exited.value.code == 2
    capsys.readouterr()
    assert main(["--db", url, "plan", "retire", h[:10], "--reason", "改用新版", "--actor", "管理员"]) == 0
    assert "已停用 濮阳市食品安全突发事件应急预案" in capsys.readouterr().out
    assert main(["--db", url, "plan", "retire", h[:10], "--reason", "再次", "--actor", "管理员"]) == 1
    assert "已停用" in capsys.readouterr().err
    assert main(["--db", url, "plan", "list"]) == 0
    assert "共 1 个预案版本" in capsys.readouterr().out
    assert main(["--db", url, "plan", "list", "--all"]) == 0
    assert "停用：管理员" in capsys.readouterr().out
    assert main(["--db", url, "plan", "restore", h[:10], "--actor", "管理员"]) == 0
    assert "已恢复" in capsys.readouterr().out
    assert main(["--db", url, "plan", "show", h[:8]]) == 0
    assert capsys.readouterr().out == MUNICIPAL.read_text(encoding="utf-8")
    assert main(["--db", url, "plan", "show", "ffffff"]) == 1
    assert "没有内容哈希" in capsys.readouterr().err
    assert main(["--db", url, "plan", "verify-library"]) == 0
    out = capsys.readouterr().out
    assert "2 个由预案库事件登记" in out and out.strip().endswith("预案库与哈希链一致")
    db = open_database(url)
    with db.connect() as conn:
        conn.execute(text("UPDATE plan_library SET title = '改过的名称' WHERE content_hash = :h"), {"h": h})
    db.close()
    assert main(["--db", url, "plan", "verify-library"]) == 1
    assert "「名称」为「改过的名称」" in capsys.readouterr().out


def test_on_a_database_with_accounts_only_an_administrator_adds(tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    import io

    from console.auth.accounts import AccountService

    url = str(tmp_path / "a.sqlite3")
    db = open_database(url)
    accounts = AccountService(db)
    admin = accounts.create("admin", "Admin-pass-1", role="admin", display_name="管理员", by=None)
    accounts.create("zhang", "Zhang-pass-1", role="duty_officer", display_name="张值班", by=admin)
    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("Zhang-pass-1\n"))
    assert main(["--db", url, "plan", "add", str(MUNICIPAL), "--user", "zhang", "--password-stdin"]) == 1
    assert "只有管理员" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("Admin-pass-1\n"))
    assert main(["--db", url, "plan", "add", str(MUNICIPAL), "--user", "admin", "--password-stdin"]) == 0
    assert "已加入预案库" in capsys.readouterr().out
