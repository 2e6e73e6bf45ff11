"""The directory (通讯录) on SQLite and PostgreSQL: add, search as one types, experts read from
the expert registry, XLSX import (all or nothing, every error located by row and column) and
export (formula cells neutralised), and every change a ``contacts.*`` event."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from console.changes import ChangeSet, Topic
from console.contacts.demo import demo_contacts
from console.contacts.directory import COLUMNS, STREAM
from console.errors import InvalidInput, RecordError

HEADERS = [h for _, h, _, _ in COLUMNS]
MEDICAL = {"code": "PY-U04", "kind": "成员单位", "name": "濮阳市卫生健康委员会", "position": "医疗救治组牵头单位",
           "office_phone": "0393-0000131", "fax": "0393-0000132", "duties": "组织救治伤病员、报告病例情况",
           "plan_units": "medical"}
LEADER = {"code": "PY-L01", "kind": "带班领导", "name": "王某", "organisation": "濮阳市市场监督管理局",
          "position": "副局长、今日带班领导", "mobile": "13900001001", "plan_units": ["coordination"]}


def _xlsx(path: Path, rows: list[list[object]], headers: list[str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers or HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _row(**values: object) -> list[object]:
    attrs = [a for a, _, _, _ in COLUMNS]
    return [values.get(a, "") for a in attrs]


def test_add_search_as_one_types_and_experts_come_from_their_registry(console, experts) -> None:  # noqa: ANN001
    d = console.contacts
    seen: list[ChangeSet] = []
    console.changes.subscribe(seen.append)
    d.add(MEDICAL, actor="张三", role="duty_officer")
    d.add(LEADER, actor="张三")
    assert [(c.code, c.kind_title) for c in d.list()] == [("PY-L01", "带班领导"), ("PY-U04", "成员单位")]
    # every word must match, in any field (name, unit, role, duties, numbers, plan units)
    assert [c.code for c in d.search("卫生")] == ["PY-U04"]
    assert [c.code for c in d.search("救治 0393")] == ["PY-U04"]
    assert [c.code for c in d.search("带班")] == ["PY-L01"]
    assert [c.code for c in d.search("1001")] == ["PY-L01"]
    assert d.search("卫生 带班") == []
    # the expert pool is searched too, without being copied into the directory
    found = d.search("流行病学")
    assert {c.code for c in found} == {"expert:E02", "expert:E06"} and all(c.kind == "expert" for c in found)
    assert d.get("expert:E02").mobile == "13900000002" and d.get("expert:E02").name == "李红"
    with pytest.raises(RecordError, match="专家库"):
        d.update("expert:E02", {"mobile": "1"})
    # a task's unit finds its contacts by plan unit or by the lead's name
    assert [c.code for c in d.for_unit("medical")] == ["PY-U04"]
    assert [c.code for c in d.for_unit("hazard", "濮阳市市场监督管理局")] == ["PY-L01"]
    evs = list(console.log.read(STREAM))
    assert [(e.type, e.actor) for e in evs] == [("contacts.added", "张三"), ("contacts.added", "张三")]
    assert evs[0].payload["new"]["duties"] == "组织救治伤病员、报告病例情况"
    assert all(c.touches(Topic.CONTACTS) and not c.incidents for c in seen) and len(seen) == 2
    assert d.verify() == [] and console.log.verify().ok


def test_refusals_name_the_field_and_write_nothing(console) -> None:  # noqa: ANN001
    d = console.contacts
    d.add(MEDICAL, actor="甲")
    with pytest.raises(RecordError, match="编号「PY-U04」已存在"):
        d.add(MEDICAL, actor="甲")
    with pytest.raises(InvalidInput) as info:
        d.add({"code": "X 1", "kind": "部委", "name": "", "mobile": "abc"}, actor="甲")
    msg = str(info.value)
    assert "「编号」「X 1」只能由字母" in msg and "「类别」「部委」无效" in msg and "「名称或姓名」为必填项" in msg
    assert "「手机」「abc」不是有效的号码" in msg
    with pytest.raises(InvalidInput, match="办公电话、手机、传真至少填写一项"):
        d.add({"code": "X2", "kind": "联络人", "name": "某人"}, actor="甲")
    with pytest.raises(RecordError, match="角色「观察员」不能修改通讯录"):
        d.add(LEADER, actor="丁", role="observer")
    with pytest.raises(RecordError, match="角色「工作组人员」不能修改通讯录"):
        d.remove("PY-U04", actor="丁", role="group_staff")
    assert [c.code for c in d.list()] == ["PY-U04"] and len(list(console.log.read(STREAM))) == 1


def test_update_and_remove_are_events_with_the_old_values(console) -> None:  # noqa: ANN001
    d = console.contacts
    d.add(LEADER, actor="甲")
    d.update("PY-L01", {"手机": "13900009999"}, actor="乙")
    d.remove("PY-L01", actor="丙")
    upd, rem = list(console.log.read(STREAM))[1:]
    assert upd.type == "contacts.updated" and upd.payload["changed"] == ["mobile"]
    assert upd.payload["old"]["mobile"] == "13900001001" and upd.payload["new"]["mobile"] == "13900009999"
    assert rem.type == "contacts.removed" and rem.actor == "丙" and d.list() == [] and d.verify() == []


def test_import_is_all_or_nothing_and_every_error_names_row_and_column(console, tmp_path) -> None:  # noqa: ANN001
    d = console.contacts
    path = _xlsx(tmp_path / "bad.xlsx", [
        _row(code="PY-U01", kind="单位", name="濮阳市食安办", office_phone="0393-0000101"),
        _row(code="PY-U02", kind="单位", name="", office_phone="0393-0000111"),
        _row(code="PY-U03", kind="成员单位", name="市公安局", mobile="12ab"),
        _row(code="PY-U01", kind="单位", name="重复", fax="0393-1"),
        _row(code="PY-U05", kind="办公室", name="某办", office_phone="0393-0000151"),
    ])
    with pytest.raises(InvalidInput) as info:
        d.import_file(path, actor="甲")
    msg = str(info.value)
    assert msg.startswith("导入失败，未写入任何数据")
    assert "第 3 行「名称或姓名（C 列）」为必填项" in msg
    assert "第 4 行「手机（G 列）」「12ab」不是有效的号码" in msg
    assert "第 5 行「编号（A 列）」「PY-U01」与第 2 行重复" in msg
    assert "第 6 行「类别（B 列）」「办公室」无效" in msg
    assert d.list() == [] and list(console.log.read(STREAM)) == []  # nothing half-written
    # a header the directory does not know, a required column missing
    with pytest.raises(InvalidInput, match=r"第 1 行「邮箱（D 列）」是未知的列名.*「类别」列缺失"):
        d.import_file(_xlsx(tmp_path / "h.xlsx", [["A1", "甲", "x", "y"]], ["编号", "名称", "手机", "邮箱"]))
    (tmp_path / "h.csv").write_text("编号,名称\n", encoding="utf-8")
    with pytest.raises(RecordError, match="请使用 .xlsx"):
        d.import_file(tmp_path / "h.csv")


def test_export_neutralises_formulas_and_imports_back_to_the_same_directory(console, tmp_path) -> None:  # noqa: ANN001
    d = console.contacts
    d.add({**MEDICAL, "duties": "=HYPERLINK(\"http://x\")救治", "note": "+示例"}, actor="甲")
    d.add(LEADER, actor="甲")
    out = tmp_path / "通讯录.xlsx"
    assert d.export_file(out) == 2
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == HEADERS
    cells = {c.value for row in ws.iter_rows(min_row=2) for c in row}
    assert "'=HYPERLINK(\"http://x\")救治" in cells and "'+示例" in cells  # not a formula when opened
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)
    before = d.list()
    with console.db.connect() as conn:
        conn.execute(text("DELETE FROM contacts"))
    assert d.import_file(out, actor="乙") == 2
    assert d.list() == before


def test_demo_directories_are_valid_and_marked_as_samples(console) -> None:  # noqa: ANN001
    for place in ("puyang", "lianjiang"):
        records = demo_contacts(place)
        assert console.contacts.import_records(list(enumerate(records, start=2)), actor="演示") == len(records)
        assert all("示例" in r["note"] for r in records)
    names = {c.name for c in console.contacts.list()}
    assert {"濮阳市市场监督管理局", "濮阳市卫生健康委员会", "濮阳市公安局", "濮阳市教育局", "中共濮阳市委宣传部",
            "连江县市场监督管理局", "连江县卫生健康局", "中共连江县委宣传部"} <= names
    assert any(c.kind == "leader" for c in console.contacts.list())


def test_demo_seeding_writes_the_directory_and_a_call_once(console, db, incident, clock) -> None:  # noqa: ANN001
    from console.contacts.demo import seed_contacts

    assert seed_contacts(db, "puyang", clock.now()) == len(demo_contacts("puyang"))
    (n,) = console.notifications.list(incident)
    assert n.source == "task" and n.reached and n.actor == "值班员（演示）"
    before = len(list(console.log.read(STREAM)))
    assert seed_contacts(db, "puyang", clock.now()) == 0  # run again: nothing more
    assert len(list(console.log.read(STREAM))) == before
    assert console.contacts.verify() == [] and console.notifications.verify() == []
