"""Incident-records tests (reports, consultations, duty, experts, timeline) run on a real SQLite file and on
the real PostgreSQL server."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from console.app import Console
from console.clock import CHINA_TZ, ManualClock
from console.consultations.service import ConsultationService
from console.duty.log import DutyLog
from console.experts.registry import ExpertRegistry
from console.incidents import IncidentService
from console.reports.service import ReportRecord, ReportService
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (shared real-database fixtures)

ROOT = Path(__file__).resolve().parents[1]
MUNICIPAL = ROOT / "plans" / "food-municipal.yaml"
DRUG = ROOT / "plans" / "drug-group-adverse.yaml"
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=CHINA_TZ)
CONTACT_VALUES = {"reporter": "值班员甲", "phone": "0393-8888888", "location_detail": "华龙区某小学食堂"}

EXPERTS = [
    {"code": "E01", "name": "王建国", "specialties": ["食品安全", "检验检测"], "organisation": "濮阳市疾控中心",
     "phone": "0393-1234567"},
    {"code": "E02", "name": "李红", "specialties": ["流行病学"], "organisation": "濮阳市疾控中心",
     "phone": "13900000002"},
    {"code": "E03", "name": "张伟", "specialties": ["临床毒理", "临床医学"], "organisation": "濮阳市人民医院",
     "phone": "13900000003"},
    {"code": "E04", "name": "赵敏", "specialties": ["食品安全"], "organisation": "濮阳职业技术学院",
     "phone": "13900000004"},
    {"code": "E05", "name": "刘洋", "specialties": ["法律"], "organisation": "濮阳市司法局",
     "phone": "13900000005"},
    {"code": "E06", "name": "陈静", "specialties": ["流行病学"], "organisation": "华龙区疾控中心",
     "phone": "13900000006", "availability": "外出"},
]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def console(db, clock) -> Console:  # noqa: F811
    """The application on the test database: every service below is the console's own."""
    return Console(db, clock)


@pytest.fixture
def incidents(console) -> IncidentService:
    return console.incidents


@pytest.fixture
def experts(console) -> ExpertRegistry:
    for e in EXPERTS:
        console.experts.add(e)
    return console.experts


@pytest.fixture
def reports(console) -> ReportService:
    return console.reports


@pytest.fixture
def consultations(console, experts) -> ConsultationService:
    return console.consultations


@pytest.fixture
def duty(console) -> DutyLog:
    return console.duty


def open_school_incident(incidents: IncidentService, clock: ManualClock) -> str:
    """A school lunch poisoning verified and waiting for grading (assessing)."""
    r = incidents.open(MUNICIPAL, title="华龙区某小学食堂午餐后学生腹痛腹泻", actor="值班员甲", role="duty_officer",
                       facts={"cases": 46, "setting": "school", "hospitalized": 12, "suspect_food": "凉拌菜"},
                       place="华龙区")
    iid = r.incident_id
    clock.advance(timedelta(minutes=10))
    incidents.command(iid, "fire", {"event": "dispatch"}, actor="值班员甲", role="duty_officer")
    clock.advance(timedelta(minutes=15))
    incidents.command(iid, "fire", {"event": "verified"}, actor="值班员甲", role="duty_officer")
    clock.advance(timedelta(minutes=5))
    return iid


@pytest.fixture
def incident(incidents, clock) -> str:
    return open_school_incident(incidents, clock)


def approve(reports: ReportService, report_id: str, *, reviewer: str = "值班员乙",
            signer: str = "指挥长丙") -> ReportRecord:
    """拟稿 → 审核 → 签发: the steps before a report may be submitted (报送)."""
    reports.review(report_id, actor=reviewer, role="duty_officer")
    return reports.sign(report_id, actor=signer, role="commander")
