"""Centre-level duty entries are events of the ``duty`` stream, written in the same transaction
as their row; :meth:`DutyLog.verify` names a row edited, deleted or added behind the log's back.
On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from console.changes import ChangeSet, Topic
from console.duty.log import STREAM
from console.duty.models import duty_table
from console.store.chain import to_us
from console.store.models import events_table


def _counts(duty) -> tuple[int, int]:  # noqa: ANN001
    with duty.db.reading() as conn:
        return (int(conn.execute(select(func.count()).select_from(events_table)).scalar_one()),
                int(conn.execute(select(func.count()).select_from(duty_table)).scalar_one()))


def _sql(duty, statement: str) -> None:  # noqa: ANN001
    with duty.db.connect() as conn:
        conn.execute(text(statement))


def test_a_centre_note_and_handover_are_duty_events_with_their_text(duty, console) -> None:  # noqa: ANN001
    seen: list[ChangeSet] = []
    console.changes.subscribe(seen.append)
    n = duty.note("夜间巡查指挥大厅设备正常", actor="值班员乙", role="group_staff", shift="夜班")
    h = duty.handover(from_person="张三", to_person="李四", summary="2起事件处置中", pending="初报待签发",
                      actor="张三")
    evs = list(console.log.read(STREAM))
    assert [(e.type, e.version, e.actor, e.role) for e in evs] == [
        ("duty.note", 1, "值班员乙", "group_staff"), ("duty.handover", 2, "张三", "duty_officer")]
    assert evs[0].payload["text"] == "夜间巡查指挥大厅设备正常" and evs[0].payload["shift"] == "夜班"
    assert evs[0].occurred_at == n.at and evs[0].payload["at_us"] == to_us(n.at)
    assert {k: evs[1].payload[k] for k in ("kind", "text", "from_person", "to_person", "pending")} == {
        "kind": "handover", "text": "2起事件处置中", "from_person": "张三", "to_person": "李四",
        "pending": "初报待签发"}
    with duty.db.reading() as conn:
        assert [r.event_version for r in conn.execute(select(duty_table).order_by(duty_table.c.id))] == [1, 2]
    assert h.kind == "handover"
    # announced once each, from the event: the duty log, no incident (every panel redraws it)
    assert [(c.topics, c.incidents) for c in seen] == [(frozenset({Topic.DUTY}), frozenset())] * 2
    assert seen[0].event_types == {"duty.note"}
    assert console.log.verify().ok and duty.verify() == []


def test_a_failing_row_write_leaves_no_event(duty, db) -> None:  # noqa: ANN001
    duty.note("第一条", actor="甲")
    before = _counts(duty)
    if db.dialect == "sqlite":
        _sql(duty, "CREATE TRIGGER refuse BEFORE INSERT ON duty_log BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
    else:
        _sql(duty, "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ "
                   "LANGUAGE plpgsql")
        _sql(duty, "CREATE TRIGGER refuse BEFORE INSERT ON duty_log FOR EACH ROW EXECUTE FUNCTION refuse()")
    with pytest.raises(Exception, match="refused by test"):
        duty.note("第二条", actor="甲")
    assert _counts(duty) == before and duty.verify() == []


@pytest.mark.parametrize(("edit", "said"), [
    ("UPDATE duty_log SET text = '一切正常' WHERE id = 2",
     "值守记录 #2（乙：一切正常）的「内容」为「一切正常」，事件 #2 记为「设备故障，已报修」：记录被改动"),
    ("UPDATE duty_log SET actor = '丙' WHERE id = 2", "值守记录 #2（丙：设备故障，已报修）的「记录人」为「丙」"),
    ("UPDATE duty_log SET at_us = at_us - 3600000000 WHERE id = 2", "值守记录 #2（乙：设备故障，已报修）的「时间」"),
    ("DELETE FROM duty_log WHERE id = 2", "事件 #2（duty.note，乙）的值守记录在表中缺失：记录被删除"),
    ("INSERT INTO duty_log (kind, at_us, recorded_us, actor, shift, text) VALUES ('note', 0, 0, '丁', '', '补记')",
     "值守记录 #4（丁：补记）在链上没有对应事件：记录被直接写入数据库"),
    ("UPDATE duty_log SET event_version = 9 WHERE id = 2",
     "值守记录 #2（乙：设备故障，已报修）在链上没有对应事件（版本 9）"),
])
def test_a_duty_row_edited_behind_the_logs_back_is_named(duty, edit: str, said: str) -> None:  # noqa: ANN001
    duty.note("交班前检查完毕", actor="甲")
    duty.note("设备故障，已报修", actor="乙")
    duty.note("来电咨询一起", actor="甲")
    assert duty.verify() == []
    _sql(duty, edit)
    problems = duty.verify()
    assert problems and problems[0].startswith(said), problems


def test_an_incidents_note_is_checked_against_the_incidents_event(duty, incident) -> None:  # noqa: ANN001
    e = duty.note("学校已停课", actor="值班员甲", incident_id=incident, shift="白班")
    duty.handover(from_person="张三", to_person="李四", summary="处置中", actor="张三", incident_id=incident)
    assert duty.verify() == []
    _sql(duty, f"UPDATE duty_log SET text = '学校未停课' WHERE id = {e.id}")
    assert duty.verify()[0].startswith(f"值守记录 #{e.id}（值班员甲：学校未停课）的「内容」为「学校未停课」")


def test_duty_verify_on_the_command_line(tmp_path, capsys) -> None:  # noqa: ANN001
    from console.cli import main

    url = str(tmp_path / "c.sqlite3")
    assert main(["--db", url, "duty", "note", "夜间巡查正常", "--actor", "张三"]) == 0
    assert main(["--db", url, "duty", "verify"]) == 0
    assert capsys.readouterr().out.strip().endswith("值守记录与哈希链一致")
    from console.store.db import open_database

    db = open_database(url)
    with db.connect() as conn:
        conn.execute(text("UPDATE duty_log SET text = '改过'"))
    db.close()
    assert main(["--db", url, "duty", "verify"]) == 1
    out = capsys.readouterr().out
    assert "值守记录 #1（张三：改过）的「内容」为「改过」" in out and "不一致：1 处" in out
