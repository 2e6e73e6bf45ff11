"""The duty log on SQLite and PostgreSQL: notes and handovers, in the incident's log or the centre's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.errors import InvalidInput, RecordError


def test_an_incident_note_is_also_a_note_event(duty, incidents, incident) -> None:  # noqa: ANN001
    e = duty.note("学校已停课，家长情绪稳定", actor="值班员甲", incident_id=incident, shift="白班")
    (ev,) = [x for x in incidents.timeline(incident) if x.type == "note"]
    assert ev.payload["data"]["text"] == "学校已停课，家长情绪稳定" and ev.actor == "值班员甲"
    assert e.incident_id == incident and e.shift == "白班"
    assert [x.id for x in duty.list(incident)] == [e.id]


def test_a_centre_note_writes_no_incident_event(duty, incidents, incident) -> None:  # noqa: ANN001
    version = incidents.summary(incident).version
    e = duty.note("夜间巡查指挥大厅设备正常", actor="值班员乙")
    assert e.incident_id is None and incidents.summary(incident).version == version
    assert duty.list(incident) == [] and [x.id for x in duty.list(incident, include_general=True)] == [e.id]


def test_handover_checks(duty, clock) -> None:  # noqa: ANN001
    h = duty.handover(from_person="张三", to_person="李四", summary="2起事件处置中", pending="初报待签发",
                      shift="夜班", actor="张三")
    assert h.kind == "handover" and "张三 → 李四" in h.line() and "初报待签发" in h.line()
    with pytest.raises(InvalidInput, match="「接班人」不能与交班人相同"):
        duty.handover(from_person="李四", to_person="李四", summary="x", actor="李四")
    with pytest.raises(InvalidInput, match="「接班人」为必填项"):
        duty.handover(from_person="李四", to_person=" ", summary="x", actor="李四")
    with pytest.raises(InvalidInput, match="「交接内容」过长"):
        duty.handover(from_person="李四", to_person="王五", summary="长" * 2001, actor="李四")
    with pytest.raises(InvalidInput, match="早于上一次交接"):
        duty.handover(from_person="李四", to_person="王五", summary="补录", actor="李四",
                      at=clock.now() - timedelta(hours=1))
    with pytest.raises(InvalidInput, match="晚于当前时间"):
        duty.note("明天的事", actor="李四", at=clock.now() + timedelta(hours=1))
    with pytest.raises(InvalidInput, match="「记录内容」为必填项"):
        duty.note("", actor="李四")
    assert [e.kind for e in duty.list()] == ["handover"]  # nothing half-written


def test_a_closed_incident_still_takes_duty_notes(duty, incidents, incident) -> None:  # noqa: ANN001
    incidents.command(incident, "fire", {"event": "dismiss"}, actor="值班员", role="duty_officer")
    assert incidents.state(incident).closed
    duty.note("补充：经核实为误报", actor="值班员", incident_id=incident)
    assert incidents.timeline(incident)[-1].type == "note"


def test_unknown_incident_is_named(duty) -> None:  # noqa: ANN001
    with pytest.raises(RecordError, match="没有编号为 20990101-001 的事件"):
        duty.note("x", actor="甲", incident_id="20990101-001")
    assert duty.list() == []
