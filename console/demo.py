"""The embedded demo database: 濮阳市 incidents at real places, at several stages of the plan.

Seeding runs the real incident service (the same commands a duty officer issues), so the
demo's log verifies and replays like any other.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import platformdirs

from console.clock import UTC, ManualClock
from console.incidents import IncidentService
from console.store.db import Database, open_database

ROOT = Path(__file__).resolve().parents[1]
MUNICIPAL = ROOT / "plans" / "food-municipal.yaml"
CITY = "410900"

# (title, county code, facts, hours ago, steps): steps are (minutes after receipt, type, data, role)
_CASES = [
    ("华龙区某小学食堂午餐后学生腹痛腹泻", "410902", {"cases": 46, "setting": "school", "hospitalized": 12}, 3.5,
     [(10, "fire", {"event": "dispatch"}, "duty_officer"), (28, "fire", {"event": "verified"}, "duty_officer"),
      (70, "consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
      (75, "decide_level", {"level": "III", "reason": "学校食物中毒46人，经专家核定提高一级", "basis": "专家核定"}, "commander"),
      (80, "fire", {"event": "respond"}, "commander"), (95, "submit_report", {"kind": "initial"}, "duty_officer")]),
    ("清丰县某幼儿园幼儿呕吐", "410922", {"cases": 8, "setting": "kindergarten"}, 0.6,
     [(8, "fire", {"event": "dispatch"}, "duty_officer")]),
    ("濮阳县农村家宴疑似食物中毒", "410928", {"cases": 31, "setting": "household"}, 1.2,
     [(12, "fire", {"event": "dispatch"}, "duty_officer"), (40, "fire", {"event": "verified"}, "duty_officer")]),
    ("南乐县某工地食堂员工就医", "410923", {"cases": 18, "setting": "canteen"}, 26,
     [(10, "fire", {"event": "dispatch"}, "duty_officer"), (25, "fire", {"event": "verified"}, "duty_officer"),
      (90, "consult_concluded", {"question": "grade", "outcome": "approve"}, "commander"),
      (100, "fire", {"event": "routine"}, "commander"), (110, "submit_report", {"kind": "initial"}, "duty_officer")]),
    ("范县集市散装白酒疑似甲醇中毒", "410926", {"cases": 5, "deaths": 1}, 8,
     [(5, "fire", {"event": "dispatch"}, "duty_officer"), (20, "fire", {"event": "verified"}, "duty_officer"),
      (60, "consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
      (65, "decide_level", {"level": "III", "reason": "出现死亡病例", "basis": "专家核定"}, "commander"),
      (66, "fire", {"event": "respond"}, "commander"), (80, "submit_report", {"kind": "initial"}, "duty_officer")]),
    ("台前县网络舆情：某品牌奶粉异物", "410927", {"cases": 0}, 50,
     [(15, "fire", {"event": "dispatch"}, "duty_officer"), (200, "fire", {"event": "dismiss"}, "duty_officer")]),
]


def demo_database_url() -> str:
    d = Path(platformdirs.user_data_dir("fds-emergency-console"))
    d.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{d / 'demo.sqlite3'}"


def open_demo(now: datetime, url: str | None = None) -> Database:
    """Open the demo database, seeding it on first use."""
    db = open_database(url or demo_database_url())
    svc = IncidentService(db)
    if not svc.list():
        seed(db, now)
    return db


def seed(db: Database, now: datetime) -> list[str]:
    from console.geo.boundaries import random_points_inside

    ids = []
    for i, (title, county, facts, hours_ago, steps) in enumerate(_CASES):
        t0 = (now - timedelta(hours=hours_ago)).astimezone(UTC).replace(second=0, microsecond=0)
        clock = ManualClock(t0)
        svc = IncidentService(db, clock)
        (lat, lon), = random_points_inside(county, 1, seed=100 + i)
        r = svc.open(MUNICIPAL, title=title, actor="值班员（演示）", role="duty_officer", facts=facts,
                     lat=lat, lon=lon, place=title[:3])
        for minutes, type_, data, role in steps:
            clock.set(t0 + timedelta(minutes=minutes))
            actor = "指挥长（演示）" if role == "commander" else "值班员（演示）"
            svc.command(r.incident_id, type_, data, actor=actor, role=role)
        ids.append(r.incident_id)
    return ids
