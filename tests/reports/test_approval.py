"""The approval step before 报送: 拟稿 → 审核 → 签发, each step an event of the incident's log under
the account that took it; 签发人 required (commander, deputy or the plan's level deciders)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from console.errors import InvalidInput, RecordError
from console.reports.models import reports_table
from console.reports.service import ReportService
from console.store.chain import canonical_json
from tests.records_fixtures import CONTACT_VALUES


def _types(reports: ReportService, incident: str) -> list[str]:
    return [e.type for e in reports.incidents.timeline(incident)]


def test_a_report_goes_draft_reviewed_signed_submitted(reports: ReportService, incident: str) -> None:
    r = reports.draft(incident, "initial", actor="值班员甲", values=CONTACT_VALUES)
    assert (r.status, r.status_title) == ("draft", "拟稿")
    version = reports.incidents.summary(incident).version
    with pytest.raises(RecordError, match="尚未审核、签发，不能报送"):
        reports.submit(r.id, actor="值班员甲", role="duty_officer")
    assert reports.incidents.summary(incident).version == version  # nothing written

    rv = reports.review(r.id, actor="值班员乙", role="duty_officer", note="数字已核对")
    assert (rv.status_title, rv.reviewed_by) == ("已审核", "值班员乙") and rv.reviewed_at is not None
    with pytest.raises(RecordError, match="尚未签发，不能报送"):
        reports.submit(r.id, actor="值班员甲", role="duty_officer")
    with pytest.raises(RecordError, match="不能修改；如需修改，请先退回拟稿"):
        reports.save(r.id, {"cases": 50}, actor="值班员甲")

    sg = reports.sign(r.id, actor="指挥长丙", role="commander")
    assert (sg.status_title, sg.signed_by) == ("已签发", "指挥长丙")
    assert sg.fields["issuer"] == "指挥长丙"  # the signer is the report's 签发人
    s = reports.submit(r.id, actor="值班员甲", role="duty_officer")
    assert (s.status_title, s.created_by, s.reviewed_by, s.signed_by, s.submitted_by) == \
        ("已报送", "值班员甲", "值班员乙", "指挥长丙", "值班员甲")
    assert s.approval_line() == "拟稿：值班员甲　审核：值班员乙　签发：指挥长丙　报送：值班员甲"

    events = [e for e in reports.incidents.timeline(incident) if e.payload.get("data", {}).get("report_id") == r.id]
    assert [(e.type, e.actor, e.role) for e in events] == [
        ("log.report_reviewed", "值班员乙", "duty_officer"),
        ("log.report_signed", "指挥长丙", "commander"),
        ("submit_report", "值班员甲", "duty_officer")]
    assert events[0].payload["data"]["note"] == "数字已核对"
    assert events[1].payload["data"]["issuer"] == "指挥长丙"
    # the signature approved exactly the content that was submitted (fields and 签发人)
    with reports.db.reading() as conn:
        frozen = json.loads(conn.execute(select(reports_table.c.content)
                                         .where(reports_table.c.id == r.id)).scalar_one())
    assert frozen["approval"]["reviewed_by"] == "值班员乙" and frozen["approval"]["signed_by"] == "指挥长丙"
    signed_text = canonical_json({"kind_title": "初报", "fields": frozen["fields"]})
    import hashlib

    assert events[1].payload["data"]["content_hash"] == hashlib.sha256(signed_text.encode()).hexdigest()
    assert reports.verify(r.id)


def test_only_a_complete_draft_is_reviewed(reports: ReportService, incident: str) -> None:
    r = reports.draft(incident, "initial", actor="甲")
    with pytest.raises(InvalidInput, match="尚不完整，不能审核") as ei:
        reports.review(r.id, actor="乙", role="duty_officer")
    assert "phone" in ei.value.by_field()
    assert "log.report_reviewed" not in _types(reports, incident)


def test_who_may_review_and_sign(reports: ReportService, incident: str) -> None:
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT_VALUES)
    with pytest.raises(RecordError, match="须先审核"):
        reports.sign(r.id, actor="指挥长", role="commander")
    with pytest.raises(RecordError, match="不能审核"):
        reports.review(r.id, actor="组员", role="group_staff")
    reports.review(r.id, actor="乙", role="duty_officer")
    with pytest.raises(RecordError, match="角色「值班员」不能签发报告（签发人须为：指挥长、副指挥长）"):
        reports.sign(r.id, actor="乙", role="duty_officer")
    with pytest.raises(RecordError, match="不能签发"):
        reports.sign(r.id, actor="专家", role="expert")
    assert reports.get(r.id).status == "reviewed"
    s = reports.sign(r.id, actor="副指挥长丁", role="deputy")
    assert s.signed_by == "副指挥长丁"


def test_returning_to_draft_clears_review_and_signature(reports: ReportService, incident: str) -> None:
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT_VALUES)
    reports.review(r.id, actor="乙", role="duty_officer")
    reports.sign(r.id, actor="丙", role="commander")
    back = reports.return_to_draft(r.id, actor="丙", role="commander", reason="发病人数待核实")
    assert back.status == "draft" and back.reviewed_by is None and back.signed_by is None
    reports.save(r.id, {"cases": 48}, actor="甲")  # editable again
    with pytest.raises(RecordError, match="尚未审核、签发"):
        reports.submit(r.id, actor="甲", role="duty_officer")
    ev = [e for e in reports.incidents.timeline(incident) if e.type == "log.report_returned"]
    assert ev and ev[0].payload["data"]["reason"] == "发病人数待核实" and ev[0].actor == "丙"
    with pytest.raises(RecordError, match="只有已审核或已签发"):
        reports.return_to_draft(r.id, actor="丙", role="commander")


def test_the_register_shows_each_status(reports: ReportService, incident: str) -> None:
    a = reports.draft(incident, "initial", actor="甲", values=CONTACT_VALUES)
    reports.review(a.id, actor="乙", role="duty_officer")
    b = reports.draft(incident, "progress", actor="甲")
    got = {r.id: r.status_title for r in reports.register(incident)}
    assert got == {a.id: "已审核", b.id: "拟稿"}
    # asking for a draft of a kind under review returns it, not a second report
    assert reports.draft(incident, "initial", actor="甲").id == a.id
