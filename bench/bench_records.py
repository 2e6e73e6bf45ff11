"""DOCX and PDF export of an information report and of consultation minutes.

A real incident on a SQLite file with a submitted 初报 and a concluded consultation; each
export is timed with ``perf_counter`` (first call, which loads python-docx/reportlab and
registers the CJK font, and the median of the next five).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup(d: Path) -> tuple[Any, Any, Any]:
    from console.clock import CHINA_TZ, ManualClock
    from console.consultations.service import ConsultationService
    from console.documents.official import minutes_document, report_document
    from console.experts.registry import ExpertRegistry
    from console.incidents import IncidentService
    from console.reports.service import ReportService
    from console.store.db import open_database

    db = open_database(f"sqlite:///{d / 'bench.sqlite3'}")
    clock = ManualClock(datetime(2026, 11, 22, 9, 0, tzinfo=CHINA_TZ))
    svc = IncidentService(db, clock)
    reg = ExpertRegistry(db, clock)
    for code, name, spec in (("E01", "王建国", "食品安全"), ("E02", "李红", "流行病学"), ("E03", "张伟", "临床毒理")):
        reg.add({"code": code, "name": name, "specialties": spec, "organisation": "濮阳市疾控中心",
                 "phone": "13900000000"})
    iid = svc.open(ROOT / "plans" / "food-municipal.yaml", title="华龙区某小学食堂午餐后学生腹痛腹泻",
                   actor="值班员", role="duty_officer", facts={"cases": 46, "setting": "school"},
                   place="华龙区").incident_id
    for event in ("dispatch", "verified"):
        clock.advance(timedelta(minutes=10))
        svc.command(iid, "fire", {"event": event}, actor="值班员", role="duty_officer")
    rs = ReportService(db, clock, svc)
    r = rs.draft(iid, "initial", actor="值班员", values={"reporter": "值班员", "phone": "0393-8888888",
                                                       "location_detail": "华龙区某小学", "issuer": "李明"})
    rs.review(r.id, actor="值班员", role="duty_officer")  # 拟稿 → 审核 → 签发 → 报送
    rs.sign(r.id, actor="李明", role="commander")
    r = rs.submit(r.id, actor="值班员", role="duty_officer")
    cs = ConsultationService(db, clock, svc, reg)
    c = cs.open(iid, "grade", actor="指挥长", role="commander")
    cs.invite(c.id, ["E01", "E02", "E03"], actor="指挥长", role="commander")
    for code in ("E01", "E02", "E03"):
        clock.advance(timedelta(minutes=1))
        cs.opinion(c.id, code, recommend="approve", level="III", text="同意按较大级别响应" * 5, actor="指挥长",
                   role="commander")
    c = cs.conclude(c.id, chair="E01", outcome="approve", level="III", summary="建议定为Ⅲ级", actor="指挥长",
                    role="commander")
    plan = svc.plan_for(iid)
    return db, report_document(r, plan), minutes_document(c, plan)


def _time(fn: Any, *args: Any) -> tuple[float, float]:
    t = time.perf_counter()
    fn(*args)
    first = time.perf_counter() - t
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        fn(*args)
        runs.append(time.perf_counter() - t)
    return first, statistics.median(runs)


def run() -> list[dict[str, Any]]:
    from console.documents.docx_export import write_docx
    from console.documents.pdf_export import pdf_font, write_pdf

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        db, report, minutes = _setup(d)
        for label, doc in (("report 初报", report), ("consultation minutes", minutes)):
            for fmt, fn in (("DOCX", write_docx), ("PDF", write_pdf)):
                first, median = _time(fn, doc, d / f"out.{fmt.lower()}")
                rows.append({"name": f"{fmt} export, {label} (first call)", "value": first, "unit": "s",
                             "target": "≤ 1 s", "met": first <= 1.0})
                rows.append({"name": f"{fmt} export, {label} (median of 5)", "value": median, "unit": "s",
                             "target": "≤ 1 s", "met": median <= 1.0})
        db.close()
    name, embedded, source = pdf_font()
    rows.append({"name": f"PDF font: {Path(source).name if embedded else source}", "value": int(embedded),
                 "unit": "embedded", "target": None, "met": None})
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
