"""The call's facts at 接报 (发生时间, 报告人, 报告单位, 来电号码, 接报方式, 主要症状): logged with the
open event, bounded before anything is written, read back, and used by the 初报's prefill."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.errors import Refused
from console.incidents import IncidentService
from console.incidents.call import CHANNELS, CallFacts, check_call, propose_title
from console.reports.service import ReportService
from console.store.models import events_table
from tests.incidents.conftest import MUNICIPAL, T0

CALL = CallFacts(occurred_at=T0 - timedelta(minutes=10), caller="李园长", caller_unit="城关镇阳光幼儿园",
                 phone="138 3931 2345", channel="phone", symptoms="呕吐、腹痛")


def _open(svc: IncidentService, call=CALL, **kw):
    return svc.open(MUNICIPAL, title="清丰县城关镇幼儿园8人呕吐", actor="王值班", role="duty_officer",
                    facts={"cases": 8, "setting": "kindergarten"}, lat=35.905, lon=115.08, place="清丰县城关镇",
                    call=call, **kw)


def _events(db) -> int:
    with db.reading() as conn:
        return conn.execute(select(func.count()).select_from(events_table)).scalar_one()


def test_call_facts_are_logged_with_the_open_event_and_read_back(db, clock):
    svc = IncidentService(db, clock)
    r = _open(svc)
    opened = svc.timeline(r.incident_id)[0]
    assert opened.type == "open"
    assert opened.payload["data"]["call"] == {
        "occurred_at": "2026-11-22T15:50:00+08:00", "caller": "李园长", "caller_unit": "城关镇阳光幼儿园",
        "phone": "138 3931 2345", "channel": "phone", "symptoms": "呕吐、腹痛"}
    assert IncidentService(db, clock).call_facts(r.incident_id) == CALL  # a fresh service reads the log
    assert CALL.channel_name == "电话"
    # the projection still agrees with the log (the call is part of the log, not of the row)
    assert svc.check_projection(r.incident_id) == []


def test_an_open_without_call_facts_logs_none(db, clock):
    svc = IncidentService(db, clock)
    r = _open(svc, call=None)
    assert "call" not in svc.timeline(r.incident_id)[0].payload["data"]
    assert svc.call_facts(r.incident_id).is_empty()


@pytest.mark.parametrize(("call", "field", "words"), [
    ({"occurred_at": (T0 + timedelta(minutes=30)).isoformat()}, "发生时间", "晚于接报时间"),
    ({"occurred_at": "1999-12-31T23:00:00+08:00"}, "发生时间", "不能早于 2000 年"),
    ({"occurred_at": "昨天中午"}, "发生时间", "不是有效时间"),
    ({"caller": "张" * 51}, "报告人", "上限 50 字"),
    ({"caller_unit": "幼" * 101}, "报告单位", "上限 100 字"),
    ({"phone": "138-abc"}, "来电号码", "只能包含数字"),
    ({"phone": "1" * 31}, "来电号码", "上限 30 字"),
    ({"channel": "telegram"}, "接报方式", "无效"),
    ({"symptoms": "吐" * 201}, "主要症状", "上限 200 字"),
    ({"mood": "calm"}, "接报信息", "没有「mood」"),
])
def test_call_facts_out_of_bounds_are_refused_before_anything_is_written(db, clock, call, field, words):
    svc = IncidentService(db, clock)
    before = _events(db)
    with pytest.raises(Refused) as exc:
        _open(svc, call=call)
    assert exc.value.field == field and words in exc.value.reason and field in exc.value.reason
    assert _events(db) == before and svc.list() == []


def test_check_call_strips_and_keeps_a_time_within_the_clock_skew():
    c = check_call({"caller": "  李园长 ", "phone": " ", "channel": "school",
                    "occurred_at": (T0 + timedelta(minutes=4)).isoformat()}, T0)
    assert c.caller == "李园长" and c.phone is None and c.channel == "school"
    assert set(CHANNELS) >= {"phone", "hotline", "hospital", "school", "media", "other"}


def test_propose_title_from_place_setting_people_and_symptoms():
    assert propose_title("清丰县城关镇", "幼儿园（托幼机构）", 8, "呕吐、腹痛") == "清丰县城关镇幼儿园8人呕吐"
    assert propose_title("清丰县城关镇", "幼儿园（托幼机构）", 8) == "清丰县城关镇幼儿园8人发病"
    assert propose_title("华龙区某小学", "学校", 12) == "华龙区某小学12人发病"  # 学校 not said twice
    assert propose_title("", "学校", 12) == ""


def test_the_initial_report_takes_the_call_facts(db, clock):
    from console.app import Console

    console = Console(db, clock)
    r = _open(console.incidents)
    reports: ReportService = console.reports
    f = reports.draft(r.incident_id, "initial", actor="王值班").fields
    assert f["occurred_at"] == "2026-11-22T15:50+08:00"  # the call's 发生时间, not the 接报 time
    assert f["received_at"] == "2026-11-22T16:00+08:00"
    assert f["reporter"] == "李园长（城关镇阳光幼儿园）" and f["phone"] == "138 3931 2345"
    assert f["symptoms"] == "呕吐、腹痛"
    assert f["location_detail"] == "清丰县城关镇" and f["cases"] == 8 and f["venue_type"] == "幼儿园（托幼机构）"
    # nothing left to type: the 初报 can be submitted as drafted
    assert reports.problems(f"{r.incident_id}-initial-1-v1") == []


def test_without_a_call_the_initial_report_keeps_the_old_prefill(db, clock):
    from console.app import Console

    console = Console(db, clock)
    r = _open(console.incidents, call=None)
    f = console.reports.draft(r.incident_id, "initial", actor="王值班").fields
    assert f["occurred_at"] == f["received_at"] and f["reporter"] == "王值班" and "phone" not in f


def test_the_command_line_logs_the_call_and_refuses_a_bad_one_in_one_line(tmp_path):
    from tests.incidents.test_cli import run

    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    common = ("incident", "open", "--plan", str(MUNICIPAL), "--title", "幼儿园午餐后多名幼儿呕吐", "--fact", "cases=8",
              "--actor", "王值班", "--at", "2026-11-22T12:02+08:00", "--backfill")
    r = run(db, *common, "--occurred-at", "2026-11-22T12:30+08:00")
    assert r.returncode != 0 and "发生时间" in r.stderr and "晚于接报时间" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run(db, *common, "--occurred-at", "2026-11-22T11:50+08:00", "--caller", "李园长", "--phone", "13839312345",
            "--channel", "school")
    assert r.returncode == 0, r.stderr
    from console.store.db import open_database

    svc = IncidentService(open_database(db))
    [s] = svc.list()
    assert svc.call_facts(s.id) == CallFacts(occurred_at=T0.replace(hour=11, minute=50), caller="李园长",
                                             phone="13839312345", channel="school")
