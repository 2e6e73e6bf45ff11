"""``python -m console contacts list|add|import|export|notify|log|verify`` on a SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from console.cli import main
from console.store.db import open_database

ADD = ["contacts", "add", "--code", "PY-U04", "--kind", "成员单位", "--name", "濮阳市卫生健康委员会",
       "--office-phone", "0393-0000131", "--duties", "组织救治伤病员", "--plan-units", "medical"]


def _incident(url: str) -> str:
    from console.app import Console
    from tests.records_fixtures import MUNICIPAL

    db = open_database(url)
    try:
        incidents = Console(db).incidents
        r = incidents.open(MUNICIPAL, title="华龙区某幼儿园午餐后幼儿呕吐", actor="值班员",
                           role="duty_officer", facts={"cases": 12}, place="华龙区")
        incidents.command(r.incident_id, "fire", {"event": "dispatch"}, actor="值班员", role="duty_officer")
        return r.incident_id
    finally:
        db.close()


def test_contacts_on_the_command_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    url = str(tmp_path / "c.sqlite3")
    assert main(["--db", url, *ADD, "--actor", "张三"]) == 0
    assert "已添加 PY-U04 濮阳市卫生健康委员会 办 0393-0000131" in capsys.readouterr().out
    assert main(["--db", url, "contacts", "list", "救治"]) == 0
    out = capsys.readouterr().out
    assert "PY-U04" in out and "共 1 条" in out
    xlsx = tmp_path / "通讯录.xlsx"
    assert main(["--db", url, "contacts", "export", str(xlsx)]) == 0
    assert main(["--db", url, "contacts", "import", str(xlsx), "--actor", "张三"]) == 0
    assert "已导入 1 条联系人" in capsys.readouterr().out
    iid = _incident(url)
    # without --result: only the prepared text, to copy
    assert main(["--db", url, "contacts", "notify", iid, "--notice", "N1"]) == 0
    out = capsys.readouterr().out
    assert "华龙区某幼儿园午餐后幼儿呕吐" in out and "地点：华龙区" in out
    assert main(["--db", url, "contacts", "notify", iid, "--notice", "N1", "--contact", "PY-U04",
                 "--result", "已接通", "--actor", "张三"]) == 0
    assert "已记录 #1" in capsys.readouterr().out
    assert main(["--db", url, "contacts", "log", "--incident", iid]) == 0
    assert "电话 0393-0000131 濮阳市卫生健康委员会，已接通" in capsys.readouterr().out
    assert main(["--db", url, "contacts", "notify", iid, "--contact", "PY-U04", "--method", "短信",
                 "--result", "已告知", "--actor", "张三"]) == 1
    assert "没有手机号码" in capsys.readouterr().err
    assert main(["--db", url, "contacts", "verify"]) == 0
    assert capsys.readouterr().out.strip().endswith("通讯录与通知记录与哈希链一致")
    db = open_database(url)
    with db.connect() as conn:
        conn.execute(text("UPDATE notifications SET result = 'replied'"))
    db.close()
    assert main(["--db", url, "contacts", "verify"]) == 1
    out = capsys.readouterr().out
    assert "通知记录 #1（张三→濮阳市卫生健康委员会）的「结果」为「replied」" in out and "不一致：1 处" in out
