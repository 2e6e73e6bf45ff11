"""A plausible demo directory for 濮阳市 (municipal plan) and 连江县 (county plan).

The units are those the place's plans name (their lead and member units); every person is
fictitious (「王某」) and every number is made up and marked 示例 in the note — none of them
is a real office. ``seed_contacts(db, place, now)`` imports them through the directory (one
``contacts.*`` event per entry), once: a directory that already holds the place's entries is
left alone. On a log without notifications it then records, for each open demo incident of the
place, the call that passed its latest task on to the unit's contact (the plan's notices are left
未通知, as a duty officer would find them).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from console.clock import ManualClock
from console.contacts.directory import ContactDirectory
from console.contacts.notifications import NotificationLog
from console.incidents.service import IncidentService
from console.reports.service import ReportService
from console.store.db import Database

SAMPLE = "示例：号码为虚构，非真实号码"
DEMO_ACTOR = "值班员（演示）"

# (code, kind, name, organisation, position, office, mobile, fax, duties, plan units)
_Row = tuple[str, str, str, str, str, str, str, str, str, str]

PUYANG: tuple[_Row, ...] = (
    ("PY-U01", "unit", "濮阳市食品安全委员会办公室", "濮阳市市场监督管理局", "市食安办（综合协调组牵头）",
     "0393-0000101", "", "0393-0000102", "信息汇总、报告与协调调度；接报登记并报告带班领导", "coordination"),
    ("PY-U02", "member", "濮阳市市场监督管理局", "", "危害控制组、事件调查组牵头单位", "0393-0000111", "",
     "0393-0000112", "封存可疑食品、责令召回或停止经营；调查原因、追溯源头", "hazard,investigation"),
    ("PY-U03", "member", "华龙区市场监督管理局", "", "现场核查组（属地）", "0393-0000121", "", "0393-0000122",
     "赶赴现场核实、先期处置", "site"),
    ("PY-U04", "member", "濮阳市卫生健康委员会", "", "医疗救治组牵头单位", "0393-0000131", "", "0393-0000132",
     "组织救治伤病员、报告病例情况", "medical"),
    ("PY-U05", "member", "濮阳市疾病预防控制中心", "", "检测评估组牵头单位", "0393-0000141", "", "0393-0000142",
     "流行病学调查、采样检验、危害评估", "testing"),
    ("PY-U06", "member", "濮阳市食品药品检验检测中心", "", "检测评估组成员单位", "0393-0000151", "", "",
     "应急检验检测", "testing"),
    ("PY-U07", "member", "濮阳市公安局", "", "维护稳定组牵头单位", "0393-0000161", "", "0393-0000162",
     "现场秩序与社会稳定；涉嫌犯罪的立案侦查", "stability,investigation"),
    ("PY-U08", "member", "濮阳市教育局", "", "成员单位", "0393-0000171", "", "0393-0000172",
     "涉及学校、托幼机构时组织学生安抚、家长沟通与复课", ""),
    ("PY-U09", "member", "中共濮阳市委宣传部", "", "新闻报道组牵头单位", "0393-0000181", "", "",
     "信息发布、舆情监测与引导", "publicity"),
    ("PY-U10", "member", "濮阳市发展和改革委员会", "", "物资保障组牵头单位", "0393-0000191", "", "",
     "应急物资调拨", "supply"),
    ("PY-U11", "member", "濮阳市财政局", "", "物资保障组成员单位", "0393-0000201", "", "", "应急经费保障", "supply"),
    ("PY-U12", "member", "濮阳市药品不良反应监测中心", "", "成员单位", "0393-0000211", "", "0393-0000212",
     "药品医疗器械不良反应（事件）监测与评价", ""),
    ("PY-U13", "unit", "濮阳市人民政府总值班室", "", "上级报告对象", "0393-0000221", "", "0393-0000222",
     "接收市级突发事件信息报告", ""),
    ("PY-U14", "unit", "河南省市场监督管理局应急值班室", "", "上级报告对象", "0371-0000231", "", "0371-0000232",
     "接收全省食品安全突发事件信息报告", ""),
    ("PY-L01", "leader", "王某", "濮阳市市场监督管理局", "副局长、今日带班领导", "0393-0000301", "13900001001", "",
     "", "coordination"),
    ("PY-L02", "leader", "刘某", "濮阳市卫生健康委员会", "副主任、带班领导", "0393-0000302", "13900001002", "",
     "", "medical"),
    ("PY-P01", "person", "赵某", "濮阳市食品安全委员会办公室", "联络员", "0393-0000311", "13900001011", "", "",
     "coordination"),
    ("PY-P02", "person", "孙某", "濮阳市疾病预防控制中心", "应急办联络员", "0393-0000312", "13900001012", "", "",
     "testing"),
    ("PY-P03", "person", "周某", "濮阳市教育局", "安全科联络员", "0393-0000313", "13900001013", "", "", ""),
    ("PY-P04", "person", "吴某", "华龙区市场监督管理局", "值班员", "0393-0000314", "13900001014", "", "", "site"),
)

LIANJIANG: tuple[_Row, ...] = (
    ("LJ-U01", "unit", "连江县食品安全委员会办公室", "连江县市场监督管理局", "县食安办（综合协调组牵头）",
     "0591-0000101", "", "0591-0000102", "接报登记、信息汇总、向县政府和福州市报告、协调调度", "coordination"),
    ("LJ-U02", "member", "连江县市场监督管理局", "", "危害控制组、事故调查组牵头单位", "0591-0000111", "",
     "0591-0000112", "封存、召回、停止经营；调查事故原因、追溯源头", "hazard,investigation,site"),
    ("LJ-U03", "member", "连江县卫生健康局", "", "医疗救治组牵头单位", "0591-0000121", "", "0591-0000122",
     "组织救治伤病员、报告病例情况", "medical"),
    ("LJ-U04", "member", "连江县疾病预防控制中心", "", "检测评估组牵头单位", "0591-0000131", "", "0591-0000132",
     "流行病学调查、采样检验、危害评估", "testing"),
    ("LJ-U05", "member", "连江县医院", "", "医疗救治组成员单位", "0591-0000141", "", "", "收治伤病员", "medical"),
    ("LJ-U06", "member", "连江县公安局", "", "维护稳定组牵头单位", "0591-0000151", "", "0591-0000152",
     "现场秩序与社会稳定；涉嫌犯罪的移送与侦查", "stability,investigation"),
    ("LJ-U07", "member", "连江县教育局", "", "维护稳定组成员单位", "0591-0000161", "", "0591-0000162",
     "涉及学校时组织学生安抚与家长沟通", "stability"),
    ("LJ-U08", "member", "中共连江县委宣传部", "", "新闻宣传组牵头单位", "0591-0000171", "", "",
     "信息发布、舆情监测与引导", "publicity"),
    ("LJ-U09", "member", "连江县发展和改革局", "", "物资保障组牵头单位", "0591-0000181", "", "",
     "应急物资调拨", "supply"),
    ("LJ-U10", "member", "连江县财政局", "", "物资保障组成员单位", "0591-0000191", "", "", "应急经费保障", "supply"),
    ("LJ-U11", "member", "凤城镇人民政府", "", "事发地乡镇人民政府（示例）", "0591-0000201", "", "",
     "先期处置、组织群众工作、协助善后", "township"),
    ("LJ-U12", "unit", "福州市市场监督管理局（市食安办）", "", "上级报告对象", "0591-0000211", "", "0591-0000212",
     "接收各县（市）区食品安全事故信息报告", ""),
    ("LJ-U13", "unit", "福州市人民政府总值班室", "", "上级报告对象", "0591-0000221", "", "0591-0000222",
     "接收县级突发事件信息报告", ""),
    ("LJ-L01", "leader", "陈某", "连江县市场监督管理局", "副局长、今日带班领导", "0591-0000301", "13900002001", "",
     "", "coordination"),
    ("LJ-P01", "person", "林某", "连江县食品安全委员会办公室", "联络员", "0591-0000311", "13900002011", "", "",
     "coordination"),
    ("LJ-P02", "person", "郑某", "连江县疾病预防控制中心", "应急办联络员", "0591-0000312", "13900002012", "", "",
     "testing"),
)

PLACES = {"puyang": (PUYANG, "濮阳市"), "lianjiang": (LIANJIANG, "连江县")}
CODES = {"puyang": "410900", "lianjiang": "350122"}


def demo_contacts(place: str) -> list[dict[str, Any]]:
    """The place's demo directory as records for :meth:`ContactDirectory.import_records`."""
    rows, region = PLACES[place]
    keys = ("code", "kind", "name", "organisation", "position", "office_phone", "mobile", "fax", "duties",
            "plan_units")
    return [dict(zip(keys, r, strict=True)) | {"region": region, "note": SAMPLE} for r in rows]


def seed_contacts(db: Database, place: str, now: datetime) -> int:
    """Import the place's demo directory once; the number of entries written (0: already there)."""
    clock = ManualClock(now)
    directory = ContactDirectory(db, clock)
    records = demo_contacts(place)
    have = {c.code for c in directory.list()}
    n = 0
    if not all(r["code"] in have for r in records):
        n = directory.import_records(list(enumerate(records, start=1)), actor=DEMO_ACTOR)
    incidents = IncidentService(db, clock)
    log = NotificationLog(db, clock, incidents=incidents, reports=ReportService(db, clock, incidents),
                          directory=directory)
    if not log.list():
        _seed_calls(log, incidents, directory, place, now)
    return n


def _seed_calls(log: NotificationLog, incidents: IncidentService, directory: ContactDirectory, place: str,
                now: datetime) -> None:
    for s in incidents.list(status="open"):
        if incidents.plan_for(s.id).jurisdiction_code != CODES[place]:
            continue
        tasks = sorted(incidents.state(s.id).tasks.values(), key=lambda t: (t["created_at"], t["id"]), reverse=True)
        for task in tasks:
            who = [c for c in directory.for_unit(task["unit"]) if c.office_phone or c.mobile]
            if who:
                log.record(s.id, contact=who[0].code, method="phone", result="connected", source="task",
                           ref=task["id"], actor=DEMO_ACTOR, at=max(task["created_at"] + timedelta(minutes=3),
                                                                   now - timedelta(minutes=30)))
                break
