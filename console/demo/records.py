"""Demo records for the seeded incidents: the place's expert pool, submitted reports, a
concluded consultation and duty-log entries — all through the real services, so the demo's
log verifies and its reports' hashes match like any other.

``seed_records(db, place, now)`` runs after the demo incidents are seeded (console/demo.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from console.clock import UTC, ManualClock
from console.consultations.service import ConsultationService
from console.contacts.demo import seed_contacts
from console.duty.log import DutyLog
from console.experts.registry import ExpertRegistry
from console.incidents import IncidentService
from console.paths import resources_dir
from console.reports.service import ReportService

PLACES = {"puyang": "puyang", "濮阳": "puyang", "濮阳市": "puyang", "410900": "puyang",
          "lianjiang": "lianjiang", "连江": "lianjiang", "连江县": "lianjiang", "350122": "lianjiang"}
DUTY = "值班员（演示）"
COMMANDER = "指挥长（演示）"
PHONE = {"puyang": "0393-8990000", "lianjiang": "0591-26200000"}
CODES = {"puyang": "410900", "lianjiang": "350122"}
CLOSED_NOTES = 2  # duty notes on the most recent closed incidents only


def experts_file(place: str) -> Path:
    key = PLACES.get(place)
    if key is None:
        raise ValueError(f"没有「{place}」的演示数据（可选：puyang、lianjiang）")
    return resources_dir() / "demo" / key / "experts.csv"


def seed_records(db: object, place: str, now: datetime) -> None:
    """Import the place's experts and add plausible records to the place's demo incidents.

    Safe to run again: experts are upserted, and an incident that already has reports is skipped."""
    path = experts_file(place)
    key = PLACES[place]
    clock = ManualClock(now)
    incidents = IncidentService(db, clock)  # type: ignore[arg-type]
    registry = ExpertRegistry(db, clock)  # type: ignore[arg-type]
    reports = ReportService(db, clock, incidents)
    registry.import_file(path)
    seed_contacts(db, key, now)  # type: ignore[arg-type]
    consults = ConsultationService(db, clock, incidents, registry)
    duty = DutyLog(db, clock, incidents)
    contact = {"reporter": DUTY, "phone": PHONE[key], "issuer": COMMANDER}
    entries = duty.list()
    done = {r.incident_id for r in reports.register()} | {e.incident_id for e in entries}
    place_incidents = [s for s in sorted(incidents.list(), key=lambda s: s.opened_at)
                       if incidents.plan_for(s.id).jurisdiction_code == CODES[key]]
    closed = [s.id for s in place_incidents if s.status == "closed"][-CLOSED_NOTES:]
    mine = [s for s in place_incidents if s.id not in done]
    if not mine:
        return
    if not any(e.kind == "handover" for e in entries):
        duty.handover(from_person="夜班值班员（演示）", to_person=DUTY, shift="白班",
                      summary="夜间无新接报；在办事件按预案处置", pending="督促各县区按时续报",
                      actor=DUTY, at=now - timedelta(hours=2))
    for n, s in enumerate(mine):
        state = incidents.state(s.id)
        t = max(state.now, now - timedelta(minutes=40)).astimezone(UTC)

        def at(minutes: float, _t: datetime = t) -> None:
            clock.set(min(_t + timedelta(minutes=minutes), now))

        kinds = incidents.plan_for(s.id).report_kinds
        if state.closed:
            if s.id not in closed:
                continue
            at(1)
            duty.note("事件已办结，后续舆情与回访持续关注中", actor=DUTY, incident_id=s.id)
            continue
        if s.leaf in ("disposal", "responding", "routine"):
            at(1)
            kind = "progress" if "progress" in kinds else next(iter(kinds))
            r = reports.draft(s.id, kind, actor=DUTY, values=_fit(reports, s.id, kind, contact))
            reports.review(r.id, actor=DUTY, role="duty_officer")  # 拟稿 → 审核 → 签发 → 报送
            reports.sign(r.id, actor=COMMANDER, role="commander")
            reports.submit(r.id, actor=DUTY, role="duty_officer")
            if s.leaf == "disposal":
                at(3)
                c = consults.open(s.id, "technical", title="致病因素分析与救治方案会商", actor=COMMANDER,
                                  role="commander", specialties=["食品安全", "流行病学", "临床毒理"], quorum=3)
                pool = consults.candidates(c.id)
                chosen = [pool[(n + i) % len(pool)].code for i in range(3)]
                at(5)
                consults.invite(c.id, chosen, actor=COMMANDER, role="commander")
                texts = ["病例临床表现与可疑食品暴露时间吻合，支持食源性致病", "建议扩大病例搜索并采集剩余食品复检",
                         "救治方案可行，重症病例转市级医院"]
                for i, code in enumerate(chosen):
                    at(8 + i)
                    consults.opinion(c.id, code, recommend="approve", text=texts[i % 3],
                                     dissent="检验结果出来前不宜对外公布致病因子" if i == 1 else None,
                                     actor=COMMANDER, role="commander")
                at(12)
                consults.conclude(c.id, chair=chosen[0], outcome="approve",
                                  summary="同意当前救治与控制方案；待检验结果确认致病因子后再行通报",
                                  actor=COMMANDER, role="commander")
            at(14)
            duty.note("已电话督促现场核查组按时报送处置进展", actor=DUTY, incident_id=s.id)
        elif "initial" in kinds and state.reports_submitted("initial") == 0:
            at(1)
            reports.draft(s.id, "initial", actor=DUTY,
                          values=_fit(reports, s.id, "initial", {**contact, "location_detail": s.place or ""}))
            at(2)
            duty.note("初报草稿已起草，待带班领导签发", actor=DUTY, incident_id=s.id)
    clock.set(now)


def _fit(reports: ReportService, incident_id: str, kind: str, values: dict[str, str]) -> dict[str, str]:
    keys = set(reports.form(incident_id, kind).keys)
    return {k: v for k, v in values.items() if k in keys}
