"""Refresh the English translation: extract, fill from the glossary, compile.

    .venv/bin/python -m ui.i18n.update

Runs ``pyside6-lupdate`` over the UI sources (new strings appear in ``console_en.ts``),
fills every translation the glossary below knows (Chinese source → English), reports the
ones it does not, and compiles ``console_en.qm`` with ``pyside6-lrelease``. A translator
may also edit the .ts in Qt Linguist (``pyside6-linguist``): entries marked finished there
are kept.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "console_en.ts"
QM = HERE / "console_en.qm"
SOURCES = ["ui/main_window.py", "ui/settings.py", "ui/map/labels.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui/panels").glob("*.py"))]

EN: dict[str, str] = {
    "无法解析": "cannot be parsed",
    "不是 UTF-8 文本": "not UTF-8 text",
    "无法读取设置文件 {path}（{reason}），已使用默认设置。": "Cannot read the settings file {path} ({reason}); using the defaults.",
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
    "该事件刚被其他席位更新，已刷新，请确认后重试": "Another console has just changed this incident; refreshed, please check and retry",
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
    "必填：认定的理由，如“经专家会商核定”“市政府决定”": "Required: the reason, e.g. “confirmed by the expert consultation”",
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
    "演练 · DRILL — 本窗口中的事件均为演练，不是真实事件": "DRILL — every incident in this window is an exercise, not a real event",
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
    "储备库": "Reserve depots",
    "事件": "Incidents",
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
}


def main() -> int:
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "pyside6-lupdate"), *SOURCES, "-ts", str(TS), "-target-language", "en_US",
                    "-no-obsolete"], cwd=ROOT, check=True)
    tree = ET.parse(TS)
    missing = []
    for msg in tree.iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        assert tr is not None
        if tr.get("type") != "unfinished" and tr.text:
            continue  # finished by a translator
        if source in EN:
            tr.text = EN[source]
            tr.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(bin_dir / "pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    for s in missing:
        print(f"未翻译：{s!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
