"""Refresh the English translation: extract, fill from the glossary, compile.

    .venv/bin/python -m tools.i18n_update

Runs ``pyside6-lupdate`` over every Python file of the UI (new strings appear in
``console_en.ts``), adds what lupdate cannot see (see below), fills every translation the
glossary knows (Chinese source → English), reports the ones it does not, and compiles
``console_en.qm`` with ``pyside6-lrelease``. Exit status 1 when anything is left untranslated,
a translation loses a placeholder, or a ``tr()`` is given a variable this file does not know.
A translator may also edit the .ts in Qt Linguist (``pyside6-linguist``): entries marked
finished there are kept (a glossary change therefore reaches only unfinished entries).

What lupdate cannot see, and how it is handled:

* ``win.tr("…")`` outside the window's class (ui/wiring.py): lupdate names the context after the
  receiver ("win"), while PySide6 looks the text up under the receiver's class and its bases;
  ``CONTEXT_ALIASES`` moves those messages to the class.
* ``self.tr("…")`` inside an f-string: found by :func:`scan` and added.
* ``self.tr(variable)``: the values come from the core's constants (``runtime_texts``); every such
  call must be listed in ``DYNAMIC_SITES``, so a new one is noticed rather than left Chinese.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "ui" / "i18n"  # the translation files the console loads
TS = HERE / "console_en.ts"
QM = HERE / "console_en.qm"
# every Python file of the UI (new panels are picked up on their own), but not the loader
SOURCES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "ui").rglob("*.py") if HERE not in p.parents)

# receiver expression lupdate used as context → the class PySide6 uses at run time
CONTEXT_ALIASES = {"win": "MainWindow", "a.win": "MainWindow"}

# tr() calls given an expression, by (file, expression): the texts they can receive are in
# runtime_texts() under the same context
DYNAMIC_SITES = {
    ("ui/experts/panel.py", "s"),  # SPECIALTIES
    ("ui/experts/panel.py", "v"),  # AVAILABILITY
    ("ui/consultations/panel.py", "v"),  # QUESTIONS, OUTCOMES
    ("ui/timeline/panel.py", "title"),  # LANES
    ("ui/timeline/panel.py", "dict(LANES)[lane]"),
    ("ui/timeline/panel.py", "t"),  # the legend
    ("ui/drills/controller.py", "st.state_zh"),
    ("ui/drills/controller.py", "p.status_zh(now)"),
    ("ui/room/panel.py", "a.kind_title"),  # console.room.alarms: ALARM_TITLES
    ("ui/room/panel.py", "i.status(now)"),  # console.room.instructions: the whole-word statuses
    ("ui/room/status.py", "text"),  # CENTRE_WORDS and 登录
    ("ui/room/panel.py", "title"),  # console.room.assignments: KIND_TITLES
}

EN: dict[str, str] = {
    "无法解析": "cannot be parsed",
    "不是 UTF-8 文本": "not UTF-8 text",
    "无法读取设置文件 {path}（{reason}），已使用默认设置。":
        "Cannot read the settings file {path} ({reason}); using the defaults.",
    "第 {n} 行格式错误：{line}": "line {n} is malformed: {line}",
    "原文件已另存为 {backup}": "the original was kept as {backup}",
    "原文件无法另存": "the original could not be kept",
    "设置文件 {path} 已损坏（{reason}），已恢复默认设置；{kept}。":
        "The settings file {path} is damaged ({reason}); the defaults are in use; {kept}.",
    "设置项「{key}」的值无效（{value}），已恢复默认值「{default}」。":
        "The setting “{key}” has an invalid value ({value}); reset to the default “{default}”.",
    "逾期 {h}:{m:02d}": "Overdue {h}:{m:02d}",
    "时限 {t}": "Due {t}",
    "任务（按责任单位）": "Tasks (by responsible unit)",
    "任务（按责任单位，未完成 {n} 项）": "Tasks (by responsible unit, {n} open)",
    "{d}天 ": "{d} d ",
    "倒计时": "Time left",
    "期限": "Deadline",
    "（未填）": "(not given)",
    "是": "Yes",
    "否": "No",
    "整数": "integer",
    "数值": "number",
    "「{label}」必须是整数，而不是「{text}」": "“{label}” must be an integer, not “{text}”",
    "「{label}」必须是数值，而不是「{text}」": "“{label}” must be a number, not “{text}”",
    "「{label}」为必填项": "“{label}” is required",
    "请在列表或地图上选择事件": "Select an incident in the list or on the map",
    "分级": "Grading",
    "认定级别…": "Decide level…",
    "绘制影响范围": "Draw affected area",
    "影响半径…": "Affected radius…",
    "可执行的预案事件": "Plan events you may fire",
    "期限（倒计时）": "Deadlines (countdown)",
    "保存事实（续报信息）": "Save facts (update)",
    "概况": "Overview",
    "任务": "Tasks",
    "事实": "Facts",
    "预案：{plan}": "Plan: {plan}",
    "当前：{path}": "Now: {path}",
    "（已结案）": " (closed)",
    "接报：{t}\u3000地点：{place}": "Received: {t}   Place: {place}",
    "任务（{n}）": "Tasks ({n})",
    "当前级别：{level}": "Current level: {level}",
    "认定：{basis}，{actor} {t}；理由：{reason}": "Decided: {basis}, {actor} {t}; reason: {reason}",
    "依据：{reason}": "Basis: {reason}",
    "系统建议：{level}": "Suggested: {level}",
    "命中规则：{rule}": "Matched rule: {rule}",
    "升级：{title}（{base} → {level}）": "Raised: {title} ({base} → {level})",
    "同时符合：{rules}": "Also matched: {rules}",
    "已填事实未达到任何分级规则": "The facts so far match no grading rule",
    "当前级别与建议不一致，请会商后认定": "The current level differs from the suggestion: consult, then decide",
    "执行「{title}」": "Fire “{title}”",
    "当前没有可执行的预案事件": "No plan event can be fired now",
    "事件已结案": "The incident is closed",
    "已拒绝：{reason}": "Refused: {reason}",
    "该事件刚被其他席位更新，已刷新，请确认后重试":
        "Another console has just changed this incident; refreshed, please check and retry",
    "已执行：{title}": "Done: {title}",
    "任务已完成：{title}": "Task completed: {title}",
    "级别已认定为 {level}": "Level decided: {level}",
    "有 {n} 项事实填写有误，未保存": "{n} fact(s) are invalid; nothing was saved",
    "事实没有改动": "The facts are unchanged",
    "已保存 {n} 项事实": "{n} fact(s) saved",
    "级别": "Level",
    "事件名称": "Incident",
    "状态": "State",
    "接报": "Received",
    "下一期限": "Next deadline",
    "接报：{t}": "Received: {t}",
    "显示已结案": "Show closed",
    "未分级": "Ungraded",
    "有逾期的期限": "Has overdue deadlines",
    "处置中 {n} 起": "{n} open",
    "认定事件级别": "Decide the incident level",
    "依据规则：{rule}": "Rule: {rule}",
    "不分级（非级别事件）": "Not graded (below the levels)",
    "必填：认定的理由，如“经专家会商核定”“市政府决定”":
        "Required: the reason, e.g. “confirmed by the expert consultation”",
    "认定依据": "Basis",
    "理由 *": "Reason *",
    "请填写认定级别的理由": "Give the reason for the level",
    "食品药品安全应急指挥台": "Food & Drug Safety Emergency Command Console",
    "（演练）": " (DRILL)",
    "已关闭": "switched off",
    "事件列表": "Incidents",
    "事件处置": "Incident handling",
    "记录逾期期限失败：{reason}": "Could not record missed deadlines: {reason}",
    "地图不可用：{reason}": "Map unavailable: {reason}",
    "文件(&F)": "&File",
    "设置…": "Settings…",
    "退出": "Quit",
    "事件(&E)": "&Incident",
    "接报新事件…": "Receive a new incident…",
    "执行主要预案事件": "Fire the main plan event",
    "更新事实": "Update facts",
    "保存事实": "Save facts",
    "设置影响半径…": "Set affected radius…",
    "上一起事件": "Previous incident",
    "下一起事件": "Next incident",
    "视图(&V)": "&View",
    "刷新": "Refresh",
    "定位到事件列表": "Go to the incident list",
    "定位到地图": "Go to the map",
    "恢复默认布局": "Restore the default layout",
    "帮助(&H)": "&Help",
    "快捷键": "Keyboard shortcuts",
    "演练": "DRILL",
    "演练 · DRILL — 本窗口中的事件均为演练，不是真实事件":
        "DRILL — every incident in this window is an exercise, not a real event",
    "实战": "Live",
    "用户：{user}（{role}）": "User: {user} ({role})",
    "数据库：{db}": "Database: {db}",
    "逾期 {n} 起": "{n} overdue",
    "位置在辖区外": "Outside the jurisdiction",
    "该位置（{lat:.5f}, {lon:.5f}）不在{name}辖区内。仍要在此处接报吗？":
        "The point ({lat:.5f}, {lon:.5f}) is outside {name}. Receive an incident here anyway?",
    "接报失败：{reason}": "Could not receive the incident: {reason}",
    "已接报：{id} {title}": "Received: {id} {title}",
    "请先选择事件": "Select an incident first",
    "设置已保存；语言、瓦片服务、用户和角色在重新启动后生效":
        "Settings saved; language, tile server, user and role apply at the next start",
    "在地图上依次单击影响范围的各个顶点，双击结束，Esc 取消":
        "Click the corners of the affected area on the map; double-click to finish, Esc to cancel",
    "影响半径": "Affected radius",
    "以事发地为中心的影响半径（公里）：": "Radius around the incident (km):",
    "该事件没有位置，无法设置影响半径": "The incident has no position; cannot set a radius",
    "影响范围未保存：{reason}": "Affected area not saved: {reason}",
    "影响范围已记录": "Affected area recorded",
    "地图不可用：{reason}；其余功能不受影响": "Map unavailable: {reason}; the rest of the console works",
    "接报：新建事件": "Receive: new incident",
    "如：某小学食堂午餐后多名学生腹痛": "e.g. Pupils ill after lunch at a school canteen",
    "（未定位）": "(no position)",
    "预案": "Plan",
    "事件名称 *": "Incident title *",
    "地点": "Place",
    "坐标": "Position",
    "接报时掌握的事实：": "Facts known at receipt:",
    "请填写事件名称": "Give the incident a title",
    "设置": "Settings",
    "界面语言": "Language",
    "内部瓦片服务 URL": "Internal tile server URL",
    "用户": "User",
    "角色": "Role",
    "界面语言和瓦片服务在重新启动指挥台后生效；留空瓦片 URL 则只显示行政区划底图（完全离线）。":
        "Language and tile server apply at the next start. Without a tile URL the basemap is the "
        "administrative boundaries only (fully offline).",
    "瓦片 URL 必须以 http:// 或 https:// 开头，并包含 {z}、{x}、{y}":
        "The tile URL must start with http:// or https:// and contain {z}, {x} and {y}",
    "请填写用户名": "Give a user name",
    "时限": "Due",
    "未完成 {n}/{m}": "{n}/{m} open",
    "已完成 {t}": "Done {t}",
    "完成": "Done",
    # the map page (context MapLabels)
    "行政区划": "Boundaries",
    "乡镇（街道）": "Townships",
    "影响范围": "Affected area",
    "调运路线": "Dispatch routes",
    "监管对象": "Regulated entities",
    "储备库": "Reserve depot",
    "事件": "Incident",
    "图例": "Legend",
    "事件等级": "Incident level",
    "Ⅰ级（特别重大）": "Level I (extraordinary)",
    "Ⅱ级（重大）": "Level II (major)",
    "Ⅲ级（较大）": "Level III (large)",
    "Ⅳ级（一般）": "Level IV (general)",
    "超时未处置（闪烁）": "Overdue (blinking)",
    "资源与范围": "Resources and areas",
    "储备库（大小=库存量）": "Reserve depot (size = stock)",
    "调运路线（预计到达）": "Dispatch route (ETA)",
    "食品生产": "Food production",
    "食品经营": "Food trade",
    "餐饮服务": "Catering",
    "药品生产": "Drug production",
    "药品经营": "Drug trade",
    "药品使用": "Drug use",
    "医疗器械": "Medical devices",
    "化妆品": "Cosmetics",
    "其他": "Other",
    "总库存：": "Total stock: ",
    "预计": "ETA",
    "已超时": "Overdue",
    # login (context LoginDialog)
    "登录 — 食品药品安全应急指挥台": "Sign in — Food & Drug Safety Emergency Command Console",
    "登录名": "User name",
    "密码": "Password",
    "数据库：{0}": "Database: {0}",
    "登录": "Sign in",
    "请输入登录名和密码": "Enter the user name and password",
    # settings: the database
    "留空：本机内置数据库；多席位共用：postgresql://用户@服务器/库名":
        "Empty: the built-in database of this computer; shared by several consoles: postgresql://user@server/dbname",
    "数据库": "Database",
    "界面语言、瓦片服务和数据库在重新启动指挥台后生效；留空瓦片 URL 则只显示行政区划底图（完全离线）。":
        "Language, tile server and database apply at the next start. Without a tile URL the basemap is the "
        "administrative boundaries only (fully offline).",
    "数据库应为 SQLite 文件（*.sqlite3）或 postgresql://… 地址":
        "The database must be a SQLite file (*.sqlite3) or a postgresql://… address",
    # the main window's docks, live sync, drills (ui/wiring.py)
    "时间线": "Timeline",
    "信息报送": "Reporting",
    "专家会商": "Expert consultation",
    "应急物资": "Emergency supplies",
    "应急值守": "Duty watch",
    "专家库": "Expert roster",
    "部分面板未能加载：{reason}": "Some panels could not be loaded: {reason}",
    "观察席：只读查看，不能更改事件": "Observer seat: read-only, incidents cannot be changed",
    "同步：正常": "Sync: OK",
    "同步：重新连接中…": "Sync: reconnecting…",
    "同步：已停止": "Sync: stopped",
    "演练与复盘": "&Drills and review",
    "开始演练…": "Start a drill…",
    "复盘所选事件…": "Review the selected incident…",
    "选择演练脚本": "Choose a drill scenario",
    "演练脚本 (*.yaml)": "Drill scenarios (*.yaml)",
    "无法开始演练：{0}": "Cannot start the drill: {0}",
    "没有可复盘的事件": "No incident to review",
    "复盘": "Review",
    "选择事件": "Choose an incident",
    # 信息报送 (ReportsPanel)
    "新建报告草稿": "New draft report",
    "报告类型": "Report type",
    "报告编号": "Report No.",
    "报告": "Report",
    "报送时间": "Submitted at",
    "报送人": "Submitted by",
    "内容摘要 SHA-256": "Content digest (SHA-256)",
    "报送期限": "Reporting deadlines",
    "截止": "Due",
    "保存草稿": "Save draft",
    "报送": "Submit",
    "新建更正版本": "New corrected version",
    "导出 DOCX": "Export DOCX",
    "导出 PDF": "Export PDF",
    "报告登记簿": "Report register",
    "选择或新建一份报告": "Select or create a report",
    "已按事件事实与日志预填草稿": "Draft prefilled from the incident's facts and log",
    "草稿已保存": "Draft saved",
    "已报送，内容摘要 SHA-256：": "Submitted; content digest (SHA-256): ",
    "已新建更正版本，修改后报送": "Corrected version created: edit it, then submit",
    "已导出 ": "Exported: ",
    "导出报告": "Export report",
    # 专家会商 (ConsultationsPanel)
    "发起会商": "Open consultation",
    "会商编号": "Consultation No.",
    "议题": "Question",
    "发起": "Opened",
    "意见/法定人数": "Opinions/quorum",
    "结论": "Conclusion",
    "邀请专家（按专业与可用状态）": "Invite experts (by specialty and availability)",
    "邀请所选专家": "Invite the selected experts",
    "专家意见": "Expert opinions",
    "记录意见": "Record opinion",
    "专家": "Expert",
    "意见": "Opinion",
    "建议级别": "Recommended level",
    "意见内容": "Opinion text",
    "保留意见": "Reservations",
    "会商结论（组长签发）": "Conclusion (issued by the chair)",
    "签发结论": "Issue conclusion",
    "导出纪要 DOCX": "Export minutes (DOCX)",
    "导出纪要 PDF": "Export minutes (PDF)",
    "会商组长": "Chair",
    "结论意见": "Conclusion summary",
    "（不建议级别）": "(no level recommended)",
    "已发起会商 ": "Consultation opened: ",
    "已邀请 {n} 位专家": "{n} expert(s) invited",
    "已记录专家意见": "Expert opinion recorded",
    "结论已签发，并记入事件日志": "Conclusion issued and recorded in the incident log",
    "导出会商纪要": "Export consultation minutes",
    # consultation questions and outcomes (console.timeline.wording)
    "分级研判": "Grading assessment",
    "提升级别": "Raise the level",
    "降低级别": "Lower the level",
    "终止响应": "Terminate the response",
    "技术咨询": "Technical advice",
    "同意": "Agree",
    "不同意": "Disagree",
    # 专家库 (ExpertsPanel)
    "全部专业": "All specialties",
    "只看可参会": "Available only",
    "设置所选专家状态": "Set the selected expert's availability",
    "导入（CSV/XLSX）": "Import (CSV/XLSX)",
    "导出": "Export",
    "专业": "Specialty",
    "编号": "ID",
    "姓名": "Name",
    "专业领域": "Specialties",
    "工作单位": "Organisation",
    "职称": "Professional title",
    "联系电话": "Phone",
    "可用状态": "Availability",
    "所在地": "Location",
    "请先选择一位专家": "Select an expert first",
    "{name} 的状态已设为「{state}」": "{name}: availability set to “{state}”",
    "已导入 {n} 位专家": "{n} expert(s) imported",
    "已导出 {n} 位专家": "{n} expert(s) exported",
    "导入专家库": "Import the expert roster",
    "导出专家库": "Export the expert roster",
    # specialties and availability (console.experts.registry)
    "食品安全": "Food safety",
    "流行病学": "Epidemiology",
    "临床毒理": "Clinical toxicology",
    "临床医学": "Clinical medicine",
    "营养与食品卫生": "Nutrition and food hygiene",
    "检验检测": "Testing and inspection",
    "临床药学": "Clinical pharmacy",
    "药品不良反应监测": "Adverse drug reaction monitoring",
    "药品质量": "Drug quality",
    "法律": "Law",
    "舆情与公共传播": "Public opinion and communication",
    "可参会": "Available",
    "外出": "Away",
    "不可用": "Unavailable",
    # 应急值守 (DutyLogPanel)
    "时间": "Time",
    "记录时间": "Recorded at",
    "类别": "Category",
    "记录人": "Recorded by",
    "内容": "Content",
    "记入当前事件": "Log to the current incident",
    "记录": "Log",
    "值守记录": "Duty log entry",
    "交接班": "Shift handover",
    "交接": "Hand over",
    "交班人": "Outgoing officer",
    "接班人": "Incoming officer",
    "班次": "Shift",
    "交接内容": "Handover notes",
    "未结事项": "Open items",
    "全中心": "Centre-wide",
    "已记录：": "Logged: ",
    # 应急物资 (ReservesPanel)
    "储备方式": "Reserve mode",
    "保管人": "Custodian",
    "物资种类": "Item types",
    "可用合计": "Available total",
    "就绪率": "Readiness",
    "短编号": "Short ID",
    "物资名称": "Item",
    "批号": "Lot No.",
    "数量": "Quantity",
    "单位": "Unit",
    "有效期至": "Expires",
    "储备库与库存": "Depots and stock",
    "临期天数": "Expiring within (days)",
    "库存预警": "Stock alerts",
    "各储备库就绪率": "Readiness by depot",
    "各类物资就绪率": "Readiness by category",
    "就绪率（可用 ÷ 最低储备，封顶 1）": "Readiness (available ÷ minimum reserve, capped at 1)",
    "储备就绪度": "Reserve readiness",
    "物资": "Supplies",
    "库存数量": "Stock quantity",
    "库存变化": "Stock history",
    "新申请：物资": "New request: item",
    "提交申请（送至当前事件现场）": "Submit request (deliver to the current incident's site)",
    "申请编号": "Request No.",
    "名称": "Title",
    "送达地点": "Deliver to",
    "批次": "Lot",
    "预计到达（分钟）": "ETA (min)",
    "调拨方案（数量可修改）": "Dispatch plan (quantities can be edited)",
    "保留各库最低储备": "Keep each depot's minimum reserve",
    "只调拨各储备库超出最低储备的部分，避免乡镇储备点被调空":
        "Dispatch only what each depot holds above its minimum reserve, so township reserve points are not emptied",
    "生成调拨方案": "Propose dispatch plan",
    "批准并出库": "Approve and issue",
    "驳回": "Reject",
    "登记送达": "Record delivery",
    "已批准出库的物资送到现场后登记：预案的物资调用时限据此判定是否按时":
        "Record when approved supplies reach the site: the plan's supply deadline is judged met or missed by it",
    "驳回原因（必填）": "Reason for rejection (required)",
    "物资申请与调拨": "Requests and dispatch",
    "事件已被他人更新，请刷新后重试": "Someone else has changed the incident; refresh and try again",
    "过期": "Expired",
    "临期": "Expiring",
    "低于最低储备": "Below minimum reserve",
    "全部储备库": "All depots",
    "请先选择一条物资申请": "Select a supply request first",
    "已生成调拨方案：共 {0} 行，总运输量×时间 {1:.0f}":
        "Dispatch plan proposed: {0} line(s), total quantity × time {1:.0f}",
    "第 {0} 行的数量「{1}」不是整数": "Row {0}: the quantity “{1}” is not an integer",
    "已批准 {0}，已登记出库 {1} 行": "{0} approved; {1} line(s) issued from stock",
    "已驳回 {0}": "{0} rejected",
    "已登记 {0} 的物资送达": "Delivery of {0} recorded",
    "请先在事件列表中选择事件：申请的物资送至该事件现场":
        "Select an incident in the incident list first: the supplies go to its site",
    "现场追加物资": "Additional supplies for the site",
    "已提交物资申请 {0}": "Supply request {0} submitted",
    # 时间线 (TimelinePanel)
    "按责任单位筛选": "Filter by responsible unit",
    "按操作人筛选": "Filter by operator",
    "操作人": "Operator",
    "全部": "Show all",
    "现在": "Now",
    "色块为期限窗口（起算→截止）；粗线为完成（绿）或逾期（红）的时刻":
        "Bars are deadline windows (start → due); a thick line marks completion (green) or overrun (red)",
    "演练 DRILL": "DRILL",
    "点击时间线上的事项查看详情（发生时间与记录时间）":
        "Click an item on the timeline for its details (when it happened and when it was recorded)",
    "正在载入 {n} 条记录的详情……": "Loading the details of {n} records…",
    "时间线载入失败：{e}": "The timeline failed to load: {e}",
    "全部单位": "All units",
    "全部人员": "Everyone",
    "事项": "Item",
    "发生时间": "Happened at",
    "版本": "Version",
    "起算": "Starts",
    "关闭时间": "Closed at",
    # timeline lanes (console.timeline.model) and legend
    "状态与级别": "State and level",
    "演练注入": "Drill injects",
    "按时": "On time",
    "逾期": "Overdue",
    "进行中": "In progress",
    "取消": "Cancelled",
    # 导调台 (ControllerWindow)
    "导调台（演练）— ": "Exercise control (drill) — ",
    "开始": "Start",
    "暂停": "Pause",
    "继续": "Resume",
    "结束演练": "End drill",
    "倍速": "Speed",
    "注入（控制信息）": "Injects (control messages)",
    "阶段": "Phase",
    "注入": "Inject",
    "计划": "Schedule",
    "发出": "Released",
    "立即发出所选注入": "Release the selected inject now",
    "预期行动": "Expected actions",
    "评估记录": "Evaluation",
    "达标": "Met",
    "部分达标": "Partly met",
    "未达标": "Not met",
    "评估意见": "Evaluator's comment",
    "保存评定": "Save rating",
    "评估项": "Evaluation item",
    "现场点评": "Hot wash",
    "记录点评": "Record comment",
    "存在问题": "Issue found",
    "整改措施": "Corrective action",
    "责任单位": "Responsible unit",
    "完成期限，如 2026-12-31": "Due date, e.g. 2026-12-31",
    "添加整改项": "Add corrective action",
    "改进计划": "Improvement plan",
    "导调结束演练": "Drill ended by the exercise controller",
    "演练推进出错：": "Error while advancing the drill: ",
    "请先选择要发出的注入": "Select the inject to release first",
    "演练尚未开始": "The drill has not started",
    "评估员": "Evaluator",
    "点评人": "Reviewer",
    "未开始": "Not started",
    "已结束": "Ended",
    "已暂停": "Paused",
    # inject and expected-action states (console.drills.runner)
    "已发出": "Released",
    "待发出": "Scheduled",
    "等待触发": "Awaiting trigger",
    "已按时完成": "Done on time",
    "已完成（超时）": "Done (late)",
    "已超时未完成": "Overdue, not done",
    "待完成": "Pending",
    # 复盘 (ReviewWindow)
    "【演练】": "[DRILL] ",
    "复盘 — ": "After-action review — ",
    "播放": "Play",
    "态势": "Situation",
    "未完成任务": "Open tasks",
    "报告与超时": "Reports and overruns",
    "已发出的注入": "Released injects",
    "关键指标（对照预案时限）": "Key measures (against the plan's time limits)",
    "实际用时": "Time taken",
    "结果": "Result",
    "状态：": "State: ",
    "级别：": "Level: ",
    "储备库存：": "Reserve stock: ",
    "个品种，合计 ": "items, total ",
    "储备库存：无台账": "Reserve stock: no ledger",
    "（已超时）": " (overdue)",
    "已报 ": "Reported: ",
    "超时 ": "Overdue: ",
    "已导出：": "Exported: ",
    "导出总结报告": "Export the summary report",
}

# the same Chinese word read differently in one window
EN_IN: dict[tuple[str, str], str] = {
    ("MapLabels", "事件"): "Incidents",  # a map layer
    ("MapLabels", "储备库"): "Reserve depots",
    ("ConsultationsPanel", "状态"): "Status",
    ("ReportsPanel", "状态"): "Status",
    ("ReservesPanel", "状态"): "Status",
    ("ControllerWindow", "状态"): "Status",
    ("TimelinePanel", "状态"): "Status",
    ("ReviewWindow", "时限"): "Time limit",  # the plan's allowance beside the time actually taken
    ("ControllerWindow", "期限"): "Due",
}


def _returned_strings(path: str, *functions: str) -> list[str]:
    """The string constants the named functions of a core module return."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    out += [c.value for c in ast.walk(ret.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return out


def runtime_texts() -> dict[str, list[str]]:
    """Texts that reach tr() through a variable (``DYNAMIC_SITES``), by context, read from the
    constants that define them so that a new specialty or lane is translated too."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from console.experts.registry import AVAILABILITY, SPECIALTIES
    from console.room.alarms import ALARM_TITLES
    from console.room.assignments import KIND_TITLES
    from console.timeline.model import LANES
    from console.timeline.wording import OUTCOMES, QUESTIONS
    from ui.room.status import CENTRE_WORDS

    return {
        "ExpertsPanel": [*SPECIALTIES, *AVAILABILITY.values()],
        "ConsultationsPanel": [*QUESTIONS.values(), *OUTCOMES.values()],
        "TimelinePanel": [title for _, title in LANES] + ["按时", "逾期", "进行中", "取消"],
        "ControllerWindow": _returned_strings("console/drills/runner.py", "state_zh", "status_zh"),
        "RoomPanel": [*ALARM_TITLES.values(), *KIND_TITLES.values(), "已签收", "待签收"],
        "MainWindow": [*CENTRE_WORDS.values(), "登录"],
    }


@dataclass(frozen=True)
class Call:
    path: str  # relative to the project root
    line: int
    context: str  # where PySide6 looks the text up at run time
    text: str | None  # the source text, None when tr() is given an expression
    expr: str  # the argument as written
    in_fstring: bool


def scan(sources: list[str] = SOURCES) -> list[Call]:
    """Every ``x.tr(…)`` and ``QCoreApplication.translate(ctx, …)`` call of the UI sources."""
    calls: list[Call] = []

    def visit(node: ast.AST, path: str, cls: str | None, in_f: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                fn, args = child.func, child.args
                arg: ast.expr | None = None
                ctx: str | None = None
                if fn.attr == "tr" and args:
                    receiver = ast.unparse(fn.value)
                    ctx = cls if receiver == "self" else CONTEXT_ALIASES.get(receiver, receiver)
                    arg = args[0]
                elif fn.attr == "translate" and ast.unparse(fn.value).endswith("QCoreApplication") and len(args) > 1:
                    ctx = args[0].value if isinstance(args[0], ast.Constant) else ast.unparse(args[0])
                    arg = args[1]
                if arg is not None and ctx is not None:
                    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    calls.append(Call(path, child.lineno, ctx, arg.value if literal else None,  # type: ignore[union-attr]
                                      ast.unparse(arg), in_f))
            visit(child, path, child.name if isinstance(child, ast.ClassDef) else cls,
                  in_f or isinstance(child, ast.JoinedStr))

    for path in sources:
        visit(ast.parse((ROOT / path).read_text(encoding="utf-8"), path), path, None, False)
    return calls


def unknown_dynamic(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.text is None and (c.path, c.expr) not in DYNAMIC_SITES]


def extra_messages(calls: list[Call]) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(context, source) → locations, for the texts lupdate does not extract."""
    out: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for c in calls:
        if c.text is not None and c.in_fstring:
            out.setdefault((c.context, c.text), []).append((c.path, c.line))
    sites = {ctx: [(c.path, c.line) for c in calls if c.text is None and c.context == ctx]
             for ctx in runtime_texts()}
    for ctx, texts in runtime_texts().items():
        for text in texts:
            out.setdefault((ctx, text), []).extend(sites[ctx])
    return out


def placeholders(text: str) -> list[str]:
    """``{name}``/``{0:.0f}``/``%1``/``%n`` in a text, sorted (a translation must keep them all)."""
    return sorted(re.findall(r"\{[^{}]*\}|%\d+|%n", text))


def finished(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation, for the finished messages of a .ts file."""
    out: dict[tuple[str, str], str] = {}
    if not path.exists():
        return out
    for ctx in ET.parse(path).iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") is None and tr.text:
                out[(name, msg.findtext("source") or "")] = tr.text
    return out


def lupdate(ts: Path, sources: list[str] = SOURCES, *, quiet: bool = False) -> None:
    """Extract the UI's texts into ``ts`` (merging with what it holds)."""
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "pyside6-lupdate"), *sources, "-ts", str(ts), "-target-language", "en_US",
                    "-no-obsolete"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL if quiet else None)


def _context(root: ET.Element, name: str) -> ET.Element:
    for ctx in root.iter("context"):
        if ctx.findtext("name") == name:
            return ctx
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = name
    return ctx


def _relocate(root: ET.Element, calls: list[Call]) -> None:
    """Move the aliased contexts to their class and add the texts lupdate cannot see."""
    touched: list[ET.Element] = []
    for ctx in list(root.iter("context")):
        target = CONTEXT_ALIASES.get(ctx.findtext("name") or "")
        if target is None:
            continue
        root.remove(ctx)
        dest = _context(root, target)
        touched.append(dest)
        have = {m.findtext("source"): m for m in dest.iter("message")}
        for msg in ctx.findall("message"):
            same = have.get(msg.findtext("source"))
            if same is None:
                dest.append(msg)
                have[msg.findtext("source")] = msg
            else:  # the class itself has the text too: one message, both places
                for loc in msg.findall("location"):
                    same.insert(len(same.findall("location")), loc)
    present = {(ctx.findtext("name"), m.findtext("source")) for ctx in root.iter("context")
               for m in ctx.iter("message")}
    for (name, source), locations in sorted(extra_messages(calls).items()):
        if (name, source) in present:
            continue
        touched.append(ctx := _context(root, name))
        msg = ET.SubElement(ctx, "message")
        for path, line in locations:
            ET.SubElement(msg, "location", filename=Path(os.path.relpath(ROOT / path, HERE)).as_posix(),
                          line=str(line))
        ET.SubElement(msg, "source").text = source
        ET.SubElement(msg, "translation", type="unfinished")
    for ctx in touched:  # as lupdate lays the file out
        ET.indent(ctx, space="    ")
        ctx.tail = "\n"


def main() -> int:
    calls = scan()
    prior = finished(TS)  # also the moved and added messages, which lupdate drops on every run
    lupdate(TS)
    tree = ET.parse(TS)
    _relocate(tree.getroot(), calls)
    missing, broken = [], []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            assert tr is not None
            if not (tr.get("type") is None and tr.text):  # not finished by a translator
                text = prior.get((name, source)) or EN_IN.get((name, source)) or EN.get(source)
                if text is None:
                    missing.append(f"{name}: {source}")
                    continue
                tr.text = text
                tr.attrib.pop("type", None)
            if placeholders(source) != placeholders(tr.text or ""):
                broken.append(f"{name}: {source} → {tr.text}")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT,
                   check=True)
    for s in missing:
        print(f"未翻译：{s!r}", file=sys.stderr)
    for s in broken:
        print(f"译文缺少或多出占位符：{s!r}", file=sys.stderr)
    for c in unknown_dynamic(calls):
        print(f"tr() 的参数不是字面文字，请在 DYNAMIC_SITES 与 runtime_texts 中登记：{c.path}:{c.line} {c.expr}",
              file=sys.stderr)
    return 1 if missing or broken or unknown_dynamic(calls) else 0


if __name__ == "__main__":
    raise SystemExit(main())
