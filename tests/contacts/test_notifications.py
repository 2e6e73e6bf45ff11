"""The notification log on SQLite and PostgreSQL: a call about a task, a plan notice or a report
is a ``contacts.notified`` event with its row; the prepared text names the incident, the task and
the place; a notice nobody was reached for is 未通知; verify names a row changed behind the log's back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from console.contacts.directory import STREAM
from console.errors import InvalidInput, RecordError
from tests.records_fixtures import CONTACT_VALUES, approve

UNITS = [
    {"code": "PY-U04", "kind": "成员单位", "name": "濮阳市卫生健康委员会", "office_phone": "0393-0000131",
     "fax": "0393-0000132", "plan_units": "medical"},
    {"code": "PY-P02", "kind": "联络人", "name": "孙某", "organisation": "濮阳市疾病预防控制中心",
     "position": "应急办联络员", "mobile": "13900001012", "plan_units": "testing"},
]


@pytest.fixture
def directory(console):  # noqa: ANN001, ANN201
    for u in UNITS:
        console.contacts.add(u, actor="管理员")
    return console.contacts


def _task(incidents, incident, unit: str) -> str:  # noqa: ANN001
    return next(t["id"] for t in incidents.state(incident).tasks.values() if t["unit"] == unit)


def test_a_call_about_a_task_is_an_event_and_a_row(console, directory, incidents, incident, clock) -> None:  # noqa: ANN001
    log = console.notifications
    task = _task(incidents, incident, "medical")
    text_ = log.prepare(incident, "task", task)
    # what, where, when and what is asked — and no internal task id
    assert "华龙区某小学食堂午餐后学生腹痛腹泻" in text_ and "地点：华龙区" in text_ and "已发病 46 人" in text_
    assert "11月22日09:00接报" in text_ and "组织救治伤病员" in text_ and "请市卫生健康委（医疗救治组）" in text_
    assert task not in text_
    version = incidents.summary(incident).version
    n = log.record(incident, contact="PY-U04", method="电话", result="已接通", source="task", ref=task,
                   actor="值班员甲", role="duty_officer")
    assert (n.number, n.method_title, n.result_title, n.message) == ("0393-0000131", "电话", "已接通", text_)
    assert n.at == clock.now() and n.actor == "值班员甲" and n.who == "濮阳市卫生健康委员会"
    (ev,) = [e for e in console.log.read(STREAM) if e.type == "contacts.notified"]
    assert ev.actor == "值班员甲" and ev.role == "duty_officer"
    assert {k: ev.payload[k] for k in ("incident_id", "source", "source_ref", "contact_code", "method", "result")} \
        == {"incident_id": incident, "source": "task", "source_ref": task, "contact_code": "PY-U04",
            "method": "phone", "result": "connected"}
    assert incidents.summary(incident).version == version  # the incident's plan state is untouched
    assert [x.id for x in log.list(incident)] == [n.id]
    src = next(s for s in log.sources(incident) if s.ref == task)
    assert src.notified and src.status_title == "已通知（1 次）"
    assert log.verify() == [] and console.log.verify().ok


def test_a_plan_notice_is_unnotified_until_someone_is_reached(console, directory, incident) -> None:  # noqa: ANN001
    log = console.notifications
    (notice,) = log.unnotified_notices(incident)  # 「接报疑似食品安全事件，请组织救治…」 to 市卫生健康委、市疾控中心
    assert notice.ref == "N1" and notice.audience == "市卫生健康委、市疾控中心" and notice.status_title == "未通知"
    assert "请组织救治并开展流行病学调查" in log.prepare(incident, "notice", "N1")
    log.record(incident, contact="PY-P02", method="电话", result="未接通", source="notice", ref="N1", actor="甲")
    (still,) = log.unnotified_notices(incident)
    assert still.status_title == "未通知（1 次未接通）"
    log.record(incident, contact="PY-P02", method="短信", result="已回复", reply="收到，已安排流调队出发",
               source="notice", ref="N1", actor="甲")
    assert log.unnotified_notices(incident) == []
    assert log.list(incident)[-1].line() == \
        "短信 13900001012 濮阳市疾病预防控制中心 · 孙某，已回复：收到，已安排流调队出发"


def test_a_submitted_report_and_an_expert(console, directory, experts, reports, incident) -> None:  # noqa: ANN001
    log = console.notifications
    r = reports.draft(incident, "initial", actor="值班员甲", values=CONTACT_VALUES)
    with pytest.raises(InvalidInput, match="尚未报送"):
        log.record(incident, contact="PY-U04", method="传真", result="已告知", source="report", ref=r.id, actor="甲")
    approve(reports, r.id)  # 拟稿 → 审核 → 签发 before 报送
    reports.submit(r.id, actor="值班员甲", role="duty_officer")
    assert "初报已于11月22日09:30报送" in log.prepare(incident, "report", r.id)
    n = log.record(incident, contact="PY-U04", method="传真", result="已告知", source="report", ref=r.id, actor="甲")
    assert n.number == "0393-0000132"
    e = log.record(incident, contact="expert:E03", method="phone", result="connected", actor="甲")
    assert (e.contact_name, e.organisation, e.number, e.source) == ("张伟", "濮阳市人民医院", "13900000003", "other")
    assert [s.source for s in log.sources(incident)].count("report") == 1


def test_refusals_are_named_and_nothing_is_written(console, directory, incidents, incident, clock) -> None:  # noqa: ANN001
    log = console.notifications
    with pytest.raises(InvalidInput) as info:
        log.record(incident, contact="PY-X", method="信鸽", result="已回复", source="task", ref="T99", actor="甲")
    msg = str(info.value)
    assert "「来源」事件" in msg and "没有任务「T99」" in msg and "「联系人」通讯录中没有编号为「PY-X」" in msg
    assert "「方式」「信鸽」无效" in msg and "「回复内容」结果为「已回复」时必须填写回复内容" in msg
    with pytest.raises(InvalidInput, match="「号码」「濮阳市卫生健康委员会」没有手机号码"):
        log.record(incident, contact="PY-U04", method="短信", result="已告知", actor="甲")
    with pytest.raises(InvalidInput, match="晚于当前时间"):
        log.record(incident, contact="PY-U04", method="电话", result="已接通", actor="甲",
                   at=clock.now() + timedelta(hours=1))
    with pytest.raises(RecordError, match="角色「观察员」不能记录通知"):
        log.record(incident, contact="PY-U04", method="电话", result="已接通", actor="丁", role="observer")
    with pytest.raises(RecordError, match="没有编号为 20990101-001 的事件"):
        log.record("20990101-001", contact="PY-U04", method="电话", result="已接通", actor="甲")
    assert log.list() == [] and [e.type for e in console.log.read(STREAM)] == ["contacts.added"] * 2


@pytest.mark.parametrize(("edit", "said"), [
    ("UPDATE notifications SET result = 'connected' WHERE id = 2",
     "通知记录 #2（乙→孙某）的「结果」为「connected」，事件 #"),
    ("UPDATE notifications SET at_us = at_us - 3600000000 WHERE id = 2", "通知记录 #2（乙→孙某）的「时间」"),
    ("DELETE FROM notifications WHERE id = 2", "事件 #"),
    ("UPDATE notifications SET event_version = 99 WHERE id = 2", "通知记录 #2（乙→孙某）在链上没有对应事件"),
])
def test_verify_names_a_row_changed_behind_the_logs_back(console, directory, incident, edit: str,  # noqa: ANN001
                                                          said: str) -> None:
    log = console.notifications
    log.record(incident, contact="PY-U04", method="电话", result="已接通", actor="甲")
    log.record(incident, contact="PY-P02", method="电话", result="未接通", actor="乙")
    assert log.verify() == []
    with console.db.connect() as conn:
        conn.execute(text(edit))
    problems = log.verify()
    assert problems and problems[0].startswith(said), problems
    if edit.startswith("DELETE"):
        assert problems[0].endswith("的通知记录在表中缺失：记录被删除")


def test_verify_names_a_directory_row_changed_behind_the_logs_back(console, directory) -> None:  # noqa: ANN001
    with console.db.connect() as conn:
        conn.execute(text("UPDATE contacts SET office_phone = '0393-9999999' WHERE code = 'PY-U04'"))
    assert console.contacts.verify() == [
        "联系人「PY-U04」的「办公电话」为「0393-9999999」，事件 #1 记为「0393-0000131」：记录被改动"]


def test_a_call_is_on_the_incidents_timeline(console, directory, incidents, incident) -> None:  # noqa: ANN001
    from console.timeline.model import load_timeline

    task = _task(incidents, incident, "medical")
    console.notifications.record(incident, contact="PY-U04", method="电话", result="未接通", source="task",
                                 ref=task, actor="值班员甲", role="duty_officer")
    (item,) = [i for i in load_timeline(incidents, incident).items if i.type == "contacts.notified"]
    assert item.lane == "duty" and item.actor == "值班员甲"
    assert item.title == "通知：电话 0393-0000131 濮阳市卫生健康委员会，未接通"
