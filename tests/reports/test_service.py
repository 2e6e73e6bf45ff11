"""Information reports on SQLite and PostgreSQL: prefill, validation, submission with a frozen
content hash in the log, double submission, corrections, the register and deadlines."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from console.clock import ManualClock
from console.errors import InvalidInput, RecordError
from console.incidents import IncidentService
from console.reports.models import reports_table
from console.reports.service import ReportService
from tests.records_fixtures import DRUG, approve

CONTACT = {"reporter": "值班员甲", "phone": "0393-8888888", "location_detail": "华龙区某小学食堂"}


def _events(incidents: IncidentService, iid: str, type_: str) -> list:
    return [e for e in incidents.timeline(iid) if e.type == type_]


def test_draft_is_prefilled_from_facts_and_log(reports: ReportService, incident: str) -> None:
    r = reports.draft(incident, "initial", actor="值班员甲")
    f = r.fields
    assert r.status == "draft" and r.version == 1 and r.seq_no == 1
    assert f["title"] == "华龙区某小学食堂午餐后学生腹痛腹泻"
    assert f["cases"] == 46 and f["hospitalized"] == 12 and f["suspect_food"] == "凉拌菜"
    assert f["venue_type"] == "学校"
    # the plan's `to` for this report: the shipped plan (format 2) sends the 初报 as a chain, so the hop open
    # now — the unit's, nobody has forwarded it yet (issue #17)
    assert f["recipients"] == "县（区）市场监管局、卫生健康委"
    assert f["reporting_unit"] == "事发单位"  # 由谁→报谁 of that hop: the document reads as the hop does
    assert "派员核实" in f["brief_course"] and "核实确认" in f["brief_course"]
    assert "赶赴现场核实" in f["measures_taken"]
    # asking again returns the same open draft rather than a second one (with new values saved into it)
    assert reports.draft(incident, "initial", actor="值班员甲").id == r.id
    again = reports.draft(incident, "initial", actor="值班员甲", values={"phone": "0393-1111111"})
    assert again.id == r.id and again.fields["phone"] == "0393-1111111" and again.fields["cases"] == 46


def test_submit_writes_the_content_hash_into_the_log(reports, incidents, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="值班员甲", values=CONTACT)
    assert reports.problems(r.id) == []
    approve(reports, r.id)
    s = reports.submit(r.id, actor="值班员甲", role="duty_officer")
    assert s.status == "submitted" and s.submitted_by == "值班员甲"
    with reports.db.reading() as conn:
        stored = conn.execute(select(reports_table.c.content).where(reports_table.c.id == r.id)).scalar_one()
    digest = hashlib.sha256(stored.encode("utf-8")).hexdigest()
    (ev,) = _events(incidents, incident, "submit_report")
    assert ev.payload["data"] == {"kind": "initial", "report_id": r.id, "content_hash": digest}
    assert s.content_hash == digest and s.event_version == ev.version
    state = incidents.state(incident)
    assert state.reports_submitted("initial") == 1
    assert reports.verify(r.id)
    assert [x.id for x in reports.register(incident)] == [r.id]
    # the shipped plan (format 2) sends the 初报 as a chain: the submission goes to the open hop (事发单位→县),
    # which is met; the next hop (县→市) starts from it and is met by 报送登记 (forward_report)
    assert s.deadline_id == "R1.unit" and state.deadlines["R1.unit"]["status"] == "met"
    dl, met = [d for d in reports.deadlines(incident) if d.kind == "initial"]  # open ones first
    assert met.status == "met" and met.deadline_id == "R1.unit" and met.report_id == r.id
    assert dl.status == "open" and dl.deadline_id == "R1.county"
    assert dl.title.startswith("初报（逐级报告） 县（区）食安办")
    hop = state.deadlines[dl.deadline_id]
    incidents.command(incident, "forward_report", {"report": hop["report"], "hop": hop["hop"]},
                      actor="值班员甲", role="duty_officer")
    assert incidents.state(incident).deadlines[dl.deadline_id]["status"] == "met"


def test_a_report_cannot_be_submitted_twice(reports, incidents, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT)
    approve(reports, r.id)
    reports.submit(r.id, actor="甲", role="duty_officer")
    version = incidents.summary(incident).version
    with pytest.raises(RecordError, match="已于 .* 由 甲 报送，不能重复报送"):
        reports.submit(r.id, actor="乙", role="duty_officer")
    assert incidents.summary(incident).version == version
    assert len(_events(incidents, incident, "submit_report")) == 1


def test_a_racing_second_submission_rolls_its_event_back(reports, incidents, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT)
    approve(reports, r.id)
    stale = reports.get(r.id)  # another console read the draft before …
    reports.submit(r.id, actor="甲", role="duty_officer")  # … this one submitted it

    class Stale(ReportService):
        def get(self, report_id):  # noqa: ANN001, ANN202
            return stale

    other = Stale(reports.db, reports.clock, incidents)
    version = incidents.summary(incident).version
    with pytest.raises(RecordError, match="不能重复报送"):
        other.submit(r.id, actor="乙", role="duty_officer")
    assert incidents.summary(incident).version == version  # the event was rolled back with the row
    assert len(_events(incidents, incident, "submit_report")) == 1


def test_missing_required_fields_block_submission_and_nothing_is_written(reports, incidents, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲")
    version = incidents.summary(incident).version
    with pytest.raises(InvalidInput) as ei:
        reports.review(r.id, actor="甲", role="duty_officer")
    fields = ei.value.by_field()
    assert fields["phone"] == "为必填项，不能为空"
    assert "「联系电话」为必填项" in str(ei.value)
    assert reports.get(r.id).status == "draft"
    assert incidents.summary(incident).version == version


def test_overlong_text_is_refused_and_the_draft_is_unchanged(reports, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲")
    with pytest.raises(InvalidInput) as ei:
        reports.save(r.id, {"reporter": "乙", "brief_course": "经" * 2001}, actor="甲")
    assert "「事件简要经过」过长（2001 字，上限 2000 字）" in str(ei.value)
    assert reports.get(r.id).fields.get("reporter") != "乙"  # not half-saved


def test_bad_values_are_named(reports, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "verified", actor="甲")
    with pytest.raises(InvalidInput) as ei:
        reports.save(r.id, {"cases": "很多", "deaths": -1, "level_confirmed_at": "昨天", "preliminary_level": "V",
                            "no_such": "x"}, actor="甲")
    msg = str(ei.value)
    assert "「发病人数」必须是整数" in msg
    assert "「死亡人数」不能为负数" in msg
    assert "「级别确认时间」不是有效时间" in msg
    assert "「事件级别」「V」不是预案中的级别" in msg
    assert "不是「核报」的字段" in msg


def test_times_out_of_order_and_contradicting_counts(reports, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT)
    reports.save(r.id, {"occurred_at": "2026-11-22 10:00", "received_at": "2026-11-22 09:00", "deaths": 50},
                 actor="甲")
    with pytest.raises(InvalidInput) as ei:
        reports.review(r.id, actor="甲", role="duty_officer")
    msg = str(ei.value)
    assert "「接报时间」（11-22 09:00）早于「发生时间」（11-22 10:00），时间顺序不对" in msg
    assert "「死亡人数」（50）不能大于「发病人数」（46）" in msg
    reports.save(r.id, {"reported_at": "2026-11-23 09:00"}, actor="甲")
    assert any("晚于当前时间" in p.message for p in reports.problems(r.id))


def test_a_correction_is_a_new_version(reports, incidents, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT)
    approve(reports, r.id)
    first = reports.submit(r.id, actor="甲", role="duty_officer")
    with pytest.raises(RecordError, match="不能修改"):
        reports.save(r.id, {"cases": 50}, actor="甲")
    c = reports.correct(r.id, actor="乙", values={"cases": 50})
    assert c.id.endswith("-v2") and c.version == 2 and c.supersedes == r.id and c.status == "draft"
    assert reports.correct(r.id, actor="乙").id == c.id  # one open correction at a time
    approve(reports, c.id)
    s = reports.submit(c.id, actor="乙", role="duty_officer")
    assert s.fields["cases"] == 50 and reports.get(r.id).fields["cases"] == 46
    (ev,) = _events(incidents, incident, "log.report_corrected")
    assert ev.payload["data"]["supersedes"] == r.id and ev.payload["data"]["content_hash"] == s.content_hash
    assert incidents.state(incident).reports_submitted("initial") == 1  # still one 初报
    assert [(x.version, x.status) for x in reports.register(incident)] == [(1, "submitted"), (2, "submitted")]
    assert first.content_hash != s.content_hash
    # the report number means its latest version
    assert reports.get(r.report_no).id == c.id


def test_a_draft_need_not_be_corrected(reports, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲")
    with pytest.raises(RecordError, match="尚未报送"):
        reports.correct(r.id, actor="甲")


def test_altered_content_fails_verification(reports, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT)
    approve(reports, r.id)
    reports.submit(r.id, actor="甲", role="duty_officer")
    with reports.db.connect() as conn:
        text = conn.execute(select(reports_table.c.content).where(reports_table.c.id == r.id)).scalar_one()
        conn.execute(update(reports_table).where(reports_table.c.id == r.id)
                     .values(content=text.replace("46", "4")))
    assert not reports.verify(r.id)


def test_deadline_countdown_and_overdue(reports, incidents, incident, clock: ManualClock) -> None:  # noqa: ANN001
    (dl,) = [d for d in reports.deadlines(incident) if d.kind == "initial"]
    # a school incident of 46 ill is suggested Ⅲ → 2 h from receipt (09:00 → 11:00); now is 09:30
    assert dl.status == "open" and not dl.overdue and dl.countdown() == "剩余 1小时30分"
    clock.advance(timedelta(hours=2))
    (dl,) = [d for d in reports.deadlines(incident) if d.kind == "initial"]
    assert dl.overdue and dl.countdown() == "已超时 30分钟"
    incidents.tick(incident)
    (dl,) = [d for d in reports.deadlines(incident) if d.kind == "initial"]
    assert dl.status == "missed" and dl.countdown() == "已逾期"


def test_unknown_kind_is_named(reports, incident) -> None:  # noqa: ANN001
    with pytest.raises(RecordError, match="没有报告类型「adr_group」"):
        reports.draft(incident, "adr_group", actor="甲")


def test_drug_group_adverse_event_form(db, clock, incidents) -> None:  # noqa: ANN001
    r = incidents.open(DRUG, title="某医院输注同批号注射液后多名患者寒战高热", actor="值班员", role="duty_officer",
                       facts={"affected": 12, "product_name": "某某注射液", "batch_no": "20261101",
                              "product_type": "drug"}, place="濮阳县")
    rs = ReportService(db, clock, incidents)
    form = rs.form(r.incident_id, "adr_group")
    labels = [f.label for f in form.fields]
    for label in ("通用名（含剂型）", "生产批号", "批准文号", "监测期内药品", "计划内免疫", "使用单位", "使用人数",
                  "发生人数"):
        assert label in labels
    d = rs.draft(r.incident_id, "adr_group", actor="值班员")
    assert d.fields["batch_no"] == "20261101" and d.fields["affected"] == 12
    assert d.fields["generic_name"] == "某某注射液"
    with pytest.raises(InvalidInput) as ei:
        rs.review(d.id, actor="值班员", role="duty_officer")
    assert {"manufacturer", "using_unit", "phone"} <= set(ei.value.by_field())
    rs.save(d.id, {"manufacturer": "某制药有限公司", "using_unit": "濮阳县人民医院", "users": 40,
                   "reporter": "值班员", "phone": "0393-1111111", "location": "濮阳县人民医院",
                   "main_symptoms": "寒战、高热", "monitoring_period": "否"}, actor="值班员")
    with pytest.raises(InvalidInput, match="「监测期内药品」「不知道」无效"):
        rs.save(d.id, {"monitoring_period": "不知道"}, actor="值班员")
    rs.save(d.id, {"users": 10}, actor="值班员")
    assert any("不能大于「使用人数」" in str(p) for p in rs.problems(d.id))
    rs.save(d.id, {"users": 40}, actor="值班员")
    approve(rs, d.id)
    s = rs.submit(d.id, actor="值班员", role="duty_officer")
    assert incidents.state(r.incident_id).reports_submitted("adr_group") == 1
    assert s.deadline_id is not None


def test_a_chained_report_goes_to_the_console_s_own_hop_once_the_lower_levels_are_recorded(
        reports: ReportService, incidents, incident: str) -> None:  # noqa: ANN001
    """The city console's 初报: once the unit's and the county's reports are recorded (登记报送), the draft is
    市食安办 → 市人民政府、省食安办 (the hop the coordination group's lead sends) and its submission meets it."""
    for hop in ("unit", "county"):
        incidents.command(incident, "forward_report", {"report": "R1", "hop": hop}, actor="值班员甲",
                          role="duty_officer")
    r = reports.draft(incident, "initial", actor="值班员甲", values=CONTACT)
    assert r.fields["reporting_unit"] == "市食安办（市市场监管局）"
    assert r.fields["recipients"] == "市人民政府、省食安办（省市场监管局）"
    approve(reports, r.id)
    s = reports.submit(r.id, actor="值班员甲", role="duty_officer")
    assert s.deadline_id == "R1.city"
    hop = incidents.state(incident).deadlines["R1.city"]
    assert hop["status"] == "met" and hop["forward_note"] == "报告已通过本系统报送"
