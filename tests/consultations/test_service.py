"""Consultations on SQLite and PostgreSQL: invitations by specialty and availability, quorum,
opinions (uninvited refused), the chair's conclusion in the log, seen by the plan's guards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.consultations.service import ConsultationService
from console.errors import RecordError
from console.plan.engine import Rejected
from console.timeline.wording import describe

CMD = {"actor": "指挥长", "role": "commander"}


def _concluded_grade(cs: ConsultationService, iid: str, level: str = "III") -> str:
    c = cs.open(iid, "grade", **CMD)
    cs.invite(c.id, ["E01", "E02", "E03"], **CMD)
    for code in ("E01", "E02", "E03"):
        cs.opinion(c.id, code, recommend="approve", level=level, text="同意", **CMD)
    cs.conclude(c.id, chair="E01", outcome="approve", level=level, summary="建议按较大级别响应", **CMD)
    return c.id


def test_open_takes_specialties_and_quorum_from_the_plan(consultations, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "grade", **CMD)
    assert c.id == f"{incident}-HS01" and c.status == "open"
    assert c.title == "事件分级研判" and c.specialties == ("食品安全", "流行病学", "临床毒理") and c.quorum == 3
    # available experts of those specialties only: E05 (law) and E06 (away) are not offered
    assert [e.code for e in consultations.candidates(c.id)] == ["E01", "E02", "E03", "E04"]
    with pytest.raises(RecordError, match="已有进行中的「分级研判」会商"):
        consultations.open(incident, "grade", **CMD)
    with pytest.raises(RecordError, match="未知的会商议题「vote」"):
        consultations.open(incident, "vote", **CMD)


def test_invitations_are_checked(consultations, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "grade", **CMD)
    with pytest.raises(RecordError, match="陈静（外出）」当前不能参会"):
        consultations.invite(c.id, ["E01", "E06"], **CMD)
    with pytest.raises(RecordError, match="刘洋」的专业领域不在本次会商所需"):
        consultations.invite(c.id, ["E05"], **CMD)
    with pytest.raises(RecordError, match="没有编号为「E77」"):
        consultations.invite(c.id, ["E77"], **CMD)
    assert consultations.get(c.id).invited == ()  # nothing half-invited
    consultations.invite(c.id, ["E01", "E02"], **CMD)
    with pytest.raises(RecordError, match="王建国」已受邀"):
        consultations.invite(c.id, ["E01"], **CMD)
    assert [e.code for e in consultations.candidates(c.id)] == ["E03", "E04"]


def test_an_opinion_from_an_expert_who_was_not_invited_is_refused(consultations, incidents, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "grade", **CMD)
    consultations.invite(c.id, ["E01", "E02", "E03"], **CMD)
    version = incidents.summary(incident).version
    with pytest.raises(RecordError, match="专家「赵敏」（E04）未受邀参加本次会商"):
        consultations.opinion(c.id, "E04", recommend="approve", text="同意", **CMD)
    assert incidents.summary(incident).version == version
    assert consultations.get(c.id).opinions == ()


def test_opinions_record_level_and_dissent(consultations, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "grade", **CMD)
    consultations.invite(c.id, ["E01", "E02", "E03"], **CMD)
    consultations.opinion(c.id, "E01", recommend="approve", level="III", text="学校46人，提高一级", **CMD)
    consultations.opinion(c.id, "E02", recommend="reject", level="IV", text="按人数应为Ⅳ级",
                          dissent="学校提级条款适用有疑问", **CMD)
    with pytest.raises(RecordError, match="已提交过意见"):
        consultations.opinion(c.id, "E01", recommend="approve", text="再说一次", **CMD)
    with pytest.raises(RecordError, match="「意见内容」过长（2001 字"):
        consultations.opinion(c.id, "E03", recommend="approve", text="长" * 2001, **CMD)
    with pytest.raises(RecordError, match="级别「V」不在预案中"):
        consultations.opinion(c.id, "E03", recommend="approve", level="V", text="同意", **CMD)
    with pytest.raises(RecordError, match="「意见内容」为必填项"):
        consultations.opinion(c.id, "E03", recommend="approve", text="  ", **CMD)
    rec = consultations.get(c.id)
    assert [(o.expert.code, o.recommend, o.level) for o in rec.opinions] == [("E01", "approve", "III"),
                                                                            ("E02", "reject", "IV")]
    assert rec.opinions[1].dissent == "学校提级条款适用有疑问"


def test_conclusion_needs_quorum_and_an_invited_chair(consultations, incidents, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "grade", **CMD)
    consultations.invite(c.id, ["E01", "E02", "E03"], **CMD)
    consultations.opinion(c.id, "E01", recommend="approve", level="III", text="同意", **CMD)
    consultations.opinion(c.id, "E02", recommend="approve", level="III", text="同意", **CMD)
    with pytest.raises(RecordError, match="已提交意见的专家 2 人，未达到法定人数 3 人"):
        consultations.conclude(c.id, chair="E01", outcome="approve", level="III", summary="同意", **CMD)
    consultations.opinion(c.id, "E03", recommend="reject", text="证据不足", dissent="建议补充检验结果", **CMD)
    with pytest.raises(RecordError, match="会商组长（E04）必须是受邀"):
        consultations.conclude(c.id, chair="E04", outcome="approve", level="III", summary="同意", **CMD)
    with pytest.raises(RecordError, match="「会商结论」为必填项"):
        consultations.conclude(c.id, chair="E01", outcome="approve", level="III", summary="", **CMD)
    assert not [e for e in incidents.timeline(incident) if e.type == "consult_concluded"]
    done = consultations.conclude(c.id, chair="E01", outcome="approve", level="III", summary="建议定为Ⅲ级", **CMD)
    assert done.status == "concluded" and done.chair.name == "王建国"
    assert [o.expert.code for o in done.dissenters()] == ["E03"]
    (ev,) = [e for e in incidents.timeline(incident) if e.type == "consult_concluded"]
    assert ev.payload["data"]["consultation"] == c.id and ev.payload["data"]["level"] == "III"
    assert done.event_version == ev.version
    # a conclusion signed with dissent present says so: in its event, the timeline and the record
    assert ev.payload["data"]["dissent"] == [done.opinions[2].expert.name]
    said = describe(incidents.plan_for(incident), ev.type, ev.payload["data"])
    assert said.endswith(f"（1 位专家持不同意见：{done.opinions[2].expert.name}）")
    assert done.dissent_note == "本结论签发时有 1 位专家持不同意见"
    with pytest.raises(RecordError, match="已于 .* 形成结论，不能再更改"):
        consultations.opinion(c.id, "E03", recommend="approve", text="改主意", **CMD)


def test_plan_guards_see_the_concluded_consultation(consultations, incidents, incident, clock) -> None:  # noqa: ANN001
    incidents.command(incident, "decide_level", {"level": "III", "reason": "学校食物中毒", "basis": "专家核定"}, **CMD)
    with pytest.raises(Rejected):  # 启动响应 needs the grading consultation first
        incidents.command(incident, "fire", {"event": "respond"}, **CMD)
    _concluded_grade(consultations, incident)
    incidents.command(incident, "fire", {"event": "respond"}, **CMD)
    assert incidents.state(incident).leaf == "disposal"
    # termination needs a concluded consultation that recommends it
    clock.advance(timedelta(days=2))
    # every termination condition of the plan holds (issue #17 added the national ones: A4 4.2.3, B10) —
    # only the consultation is left to decide
    # (format 2, issue #17: stability is a time window — stable since the day of receipt, 48 h ago)
    incidents.command(incident, "facts", {"facts": {
        "hazard_controlled": True, "stable_since": "2026-11-22T10:00:00+08:00", "patients_treated": True,
        "infectious": False, "contamination_cleaned": True, "secondary_cleared": True}}, **CMD)
    incidents.command(incident, "fire", {"event": "propose_termination"}, **CMD)
    with pytest.raises(Rejected, match="专家会商"):
        incidents.command(incident, "fire", {"event": "request_termination"}, **CMD)
    t = consultations.open(incident, "terminate", **CMD)
    assert t.title == "是否终止应急响应"
    consultations.invite(t.id, ["E01", "E02", "E03"], **CMD)
    for code in ("E01", "E02", "E03"):
        consultations.opinion(t.id, code, recommend="reject", text="仍有新发病例", **CMD)
    consultations.conclude(t.id, chair="E02", outcome="reject", summary="暂不终止", **CMD)
    with pytest.raises(Rejected):  # a consultation that does not recommend it is not enough
        incidents.command(incident, "fire", {"event": "request_termination"}, **CMD)
    t2 = consultations.open(incident, "terminate", **CMD)
    consultations.invite(t2.id, ["E01", "E02", "E04"], **CMD)
    for code in ("E01", "E02", "E04"):
        consultations.opinion(t2.id, code, recommend="approve", text="危害已控制，病情稳定48小时", **CMD)
    consultations.conclude(t2.id, chair="E02", outcome="approve", summary="同意终止应急响应", **CMD)
    # then the 同级人民政府's approval (format 2)
    incidents.command(incident, "fire", {"event": "request_termination"}, **CMD)
    incidents.command(incident, "approval_decided", {"approval": "terminate_gov", "granted": True,
                                                     "doc_no": "濮政文〔2026〕12号"}, **CMD)
    incidents.command(incident, "fire", {"event": "terminate"}, **CMD)
    assert incidents.state(incident).leaf == "aftermath"
    assert [c.id for c in consultations.list(incident)] == [f"{incident}-HS0{i}" for i in (1, 2, 3)]


def test_escalation_approval_must_name_a_level(consultations, incidents, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "escalate", title="是否提升响应级别", specialties=["食品安全"], quorum=1,
                           **CMD)
    consultations.invite(c.id, ["E01"], **CMD)
    consultations.opinion(c.id, "E01", recommend="approve", text="同意", **CMD)
    with pytest.raises(RecordError, match="须写明建议的级别"):
        consultations.conclude(c.id, chair="E01", outcome="approve", summary="提级", **CMD)
    with pytest.raises(RecordError, match="法定人数必须是 1–50"):
        consultations.open(incident, "technical", quorum=0, **CMD)


def test_no_consultation_on_a_closed_incident(consultations, incidents, incident) -> None:  # noqa: ANN001
    incidents.command(incident, "fire", {"event": "dismiss"}, actor="值班员", role="duty_officer")
    with pytest.raises(RecordError, match="已结案，不能再发起专家会商"):
        consultations.open(incident, "technical", **CMD)
    assert consultations.list(incident) == []
