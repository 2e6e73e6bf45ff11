"""Every change to the expert registry is an event of the ``experts`` stream (who, old and new
values), written in the same transaction as the row; :meth:`ExpertRegistry.verify` replays the
stream and names a row edited, deleted or added behind the registry's back. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from console.changes import ChangeSet, Topic
from console.errors import RecordError
from console.experts.models import experts_table
from console.experts.registry import STREAM, SYSTEM_ACTOR
from console.store.models import events_table
from tests.records_fixtures import EXPERTS


def _counts(reg) -> tuple[int, int]:  # noqa: ANN001
    with reg.db.reading() as conn:
        return (int(conn.execute(select(func.count()).select_from(events_table)).scalar_one()),
                int(conn.execute(select(func.count()).select_from(experts_table)).scalar_one()))


def _sql(reg, statement: str) -> None:  # noqa: ANN001
    with reg.db.connect() as conn:
        conn.execute(text(statement))


def test_add_update_remove_and_import_are_events_with_old_and_new_values(console) -> None:  # noqa: ANN001
    reg = console.experts
    seen: list[ChangeSet] = []
    console.changes.subscribe(seen.append)
    reg.add(EXPERTS[0], actor="管理员甲", role="admin")
    reg.update("E01", {"phone": "13900000009", "title": "主任医师"}, actor="值班员乙")
    reg.set_availability("E01", "外出", actor="值班员乙")
    reg.import_records([(2, {**EXPERTS[0], "specialties": "食品安全", "phone": "13900000009"}),
                        (3, {**EXPERTS[1], "specialties": "流行病学"})], actor="导入员")
    reg.remove("E02")
    evs = list(console.log.read(STREAM))
    assert [(e.type, e.actor, e.payload["code"]) for e in evs] == [
        ("experts.added", "管理员甲", "E01"), ("experts.updated", "值班员乙", "E01"),
        ("experts.updated", "值班员乙", "E01"), ("experts.updated", "导入员", "E01"),
        ("experts.added", "导入员", "E02"), ("experts.removed", SYSTEM_ACTOR, "E02")]
    assert evs[0].role == "admin" and evs[1].role == "duty_officer"
    assert evs[0].payload["new"]["specialties"] == ["食品安全", "检验检测"]
    assert evs[1].payload["changed"] == ["phone", "title"]
    assert (evs[1].payload["old"]["phone"], evs[1].payload["new"]["phone"]) == ("0393-1234567", "13900000009")
    assert evs[2].payload["changed"] == ["availability"] and evs[2].payload["new"]["availability"] == "away"
    # an import row replaces the whole record: its empty 职称 clears the title
    assert evs[3].payload["changed"] == ["availability", "specialties", "title"] and evs[3].payload["via"] == "import"
    assert evs[5].payload["old"]["name"] == "李红"
    assert [e.version for e in evs] == [1, 2, 3, 4, 5, 6]
    assert evs[3].seq + 1 == evs[4].seq  # one import, one transaction
    assert all(c.touches(Topic.EXPERTS) and not c.incidents for c in seen) and len(seen) == 5
    assert console.log.verify().ok and reg.verify() == []


def test_a_refused_change_writes_neither_event_nor_row(experts, consultations, incident) -> None:  # noqa: ANN001
    before = _counts(experts)
    with pytest.raises(RecordError, match="已存在"):
        experts.add(EXPERTS[0])
    c = consultations.open(incident, "grade", actor="指挥长", role="commander")
    consultations.invite(c.id, ["E01"], actor="指挥长", role="commander")
    before = _counts(experts)
    with pytest.raises(RecordError, match="已参加会商"):
        experts.remove("E01")
    assert _counts(experts) == before and c.id
    assert experts.verify() == []


@pytest.mark.parametrize(("edit", "said"), [
    ("UPDATE experts SET phone = '110' WHERE code = 'E02'",
     "专家「E02」的「联系电话」为「110」，事件 #2 记为「13900000002」：记录被改动"),
    ("UPDATE experts SET specialties = '[\"法律\"]' WHERE code = 'E03'", "专家「E03」的「专业领域」为「['法律']」"),
    ("DELETE FROM experts WHERE code = 'E04'", "专家「E04」（事件 #4）在表中缺失：记录被删除"),
    ("INSERT INTO experts (code, name, specialties, organisation, title, phone, availability, region, note, "
     "updated_us) VALUES ('E99', '冒名', '[]', 'x', '', '1', 'available', '', '', 0)",
     "专家「E99」在链上没有对应事件：记录被直接写入数据库"),
])
def test_a_registry_row_edited_behind_its_back_is_named(experts, edit: str, said: str) -> None:  # noqa: ANN001
    assert experts.verify() == []
    _sql(experts, edit)
    problems = experts.verify()
    assert problems and problems[0].startswith(said), problems


def test_a_removed_expert_that_reappears_is_caught(experts) -> None:  # noqa: ANN001
    experts.remove("E05")
    _sql(experts, "INSERT INTO experts (code, name, specialties, organisation, title, phone, availability, region, "
                  "note, updated_us) VALUES ('E05', '刘洋', '[\"法律\"]', '濮阳市司法局', '', '13900000005', "
                  "'available', '', '', 0)")
    assert experts.verify() == ["专家「E05」在链上没有对应事件：记录被直接写入数据库"]


def test_experts_verify_on_the_command_line(tmp_path, capsys) -> None:  # noqa: ANN001
    from console.cli import main
    from console.experts.registry import ExpertRegistry
    from console.store.db import open_database

    url = str(tmp_path / "c.sqlite3")
    db = open_database(url)
    ExpertRegistry(db).add(EXPERTS[0])
    assert main(["--db", url, "experts", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "专家库与哈希链一致"
    with db.connect() as conn:
        conn.execute(text("UPDATE experts SET name = '冒名'"))
    db.close()
    assert main(["--db", url, "experts", "verify"]) == 1
    assert "专家「E01」的「姓名」为「冒名」" in capsys.readouterr().out
