"""Headless drill commands: ``drill check|run|rate|hotwash|improve|report`` and ``review INCIDENT``.

``python -m console drill run SCENARIO --speed 600 --auto-players --report OUT.docx`` plays a
scenario in a new drill database (seeded from the reference data of ``--db``) with scripted
player responses and writes the 演练总结报告. The evaluator commands and ``review`` take the
drill database as ``--db``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from console.cli import auth_args, parse_time, principal_of
from console.clock import CHINA_TZ


def register(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("drill", help="演练：检查演练脚本、运行演练、评估、整改与总结报告")
    dsub = d.add_subparsers(dest="drill_command", metavar="ACTION", required=True)

    p = dsub.add_parser("check", help="检查演练脚本（file:line:col 定位错误）")
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=_check)

    p = dsub.add_parser("run", help="运行演练脚本（无界面）")
    p.add_argument("scenario", type=Path)
    p.add_argument("--speed", type=float, default=60, help="演练倍速（×1 至 ×3600，默认 ×60）")
    p.add_argument("--virtual", action="store_true", help="不等待真实时间，直接推进到下一个时点（用于测试）")
    p.add_argument("--auto-players", action="store_true", help="由模拟参演人员按脚本的预期行动自动响应")
    p.add_argument("--report", type=Path, help="写出演练总结报告（.docx 或 .pdf）")
    p.add_argument("--evaluation-report", type=Path, help="写出演练评估报告（.docx 或 .pdf）")
    p.add_argument("--drill-db", default=None,
                   help="演练数据库（SQLite 文件或 PostgreSQL URL；默认在用户数据目录新建）")
    p.add_argument("--no-seed", action="store_true", help="不从实战数据库复制参考数据")
    p.add_argument("--start", default=None, help="演练时钟起点（ISO-8601；默认现在）")
    p.add_argument("--until", default=None, help="最长演练时长（ISO-8601 时长，如 PT2H）")
    p.set_defaults(func=_run)

    def drill_cmd(name: str, help: str, func: Any) -> argparse.ArgumentParser:
        q = dsub.add_parser(name, help=help + "（--db 指向演练数据库）")
        q.add_argument("--incident", default=None, help="演练事件编号（默认：数据库中唯一的演练事件）")
        q.add_argument("--actor", default=None, help="评估员/填报人（有账号的数据库：只能是登录的账号，可省略）")
        q.add_argument("--role", default=None, help="角色 id（默认：账号的主角色）")
        auth_args(q, "evaluator")
        q.set_defaults(func=func)
        return q

    p = drill_cmd("rate", "评估员评定评估项（met/partly/not_met）或演练目标的能力（--objective，P/S/M/U）", _rate)
    p.add_argument("item", nargs="?", default=None, help="评估项编号，如 E02")
    p.add_argument("--result", choices=["met", "partly", "not_met"])
    p.add_argument("--note", default="")
    p.add_argument("--objective", default=None, help="演练目标编号，如 O1（能力评定）")
    p.add_argument("--rating", choices=["P", "S", "M", "U"],
                   help="能力评定：P 顺利完成、S 存在一些问题、M 存在重大问题、U 未能完成")
    p.add_argument("--observation", default=None, help="观察记录（能力评定时必填）")
    p = drill_cmd("finding", "记录评估发现：优点、需改进（含原因）、预案、指挥协调、装备、成本效益、经验教训", _finding)
    p.add_argument("--kind", required=True,
                   choices=["strength", "improvement", "plan", "coordination", "equipment", "cost", "lesson"])
    p.add_argument("--text", required=True)
    p.add_argument("--cause", default="", help="原因（需改进的方面）")
    p.add_argument("--objective", default=None, help="相关的演练目标编号")
    p = drill_cmd("hotwash", "记录现场点评", _hotwash)
    p.add_argument("text")
    p = drill_cmd("improve", "新增或更新改进计划（整改清单）项", _improve)
    p.add_argument("--id", default=None, help="要更新的整改项编号（省略则新增）")
    p.add_argument("--issue")
    p.add_argument("--action")
    p.add_argument("--owner")
    p.add_argument("--due", help="完成期限，如 2026-12-31")
    p.add_argument("--status", default="open", choices=["open", "in_progress", "done"])
    p = drill_cmd("stop", "意外终止演练：记录原因和决定人（演练随即结束）", _stop)
    p.add_argument("--reason", required=True, help="终止原因（如：发生真实突发事件）")
    p.add_argument("--by", default=None, help="决定终止的人（如总指挥；默认：操作人）")
    p = drill_cmd("report", "写出演练评估报告或演练总结报告（公文格式）", _drill_report)
    p.add_argument("out", type=Path, help=".docx 或 .pdf")
    p.add_argument("--kind", choices=["evaluation", "summary"], default="summary",
                   help="evaluation 演练评估报告；summary 演练总结报告（默认）")

    r = sub.add_parser("review", help="复盘：某一时刻的态势、对照预案时限的关键指标、总结报告")
    r.add_argument("incident", help="事件编号（实战或演练）")
    r.add_argument("--at", default=None, help="查看该时刻的态势（ISO-8601，或相对开始的时长如 PT1H30M）")
    r.add_argument("--report", type=Path, default=None, help="写出总结报告（.docx 或 .pdf）")
    r.set_defaults(func=_review)


def _error(msg: str) -> Exception:
    from console.cli import CommandError

    return CommandError(msg)


def _open(url: str | None) -> Any:
    from console.store.db import DatabaseError, open_database

    try:
        return open_database(url)
    except DatabaseError as exc:
        raise _error(str(exc)) from None


def _user(args: argparse.Namespace, r: Any) -> str:
    """Who records this evaluation on the drill database (see console.cli.principal_of)."""
    return principal_of(args, r.service.db).username


def _check(args: argparse.Namespace) -> int:
    from console.drills.scenario import check_files

    diags, ok = check_files([str(f) for f in args.files])
    for d in diags:
        print(d, file=sys.stderr)
    for s in ok:
        print(f"{s.source_name}: 通过（{s.type_title}，{len(s.injects)} 条注入，"
              f"{len(s.expectations())} 项预期行动，{len(s.evaluation)} 个评估项；预案 {s.plan.id}）")
    return 1 if any(d.severity == "error" for d in diags) else 0


def _run(args: argparse.Namespace) -> int:
    from console.drills.clock import MAX_HEADLESS_SPEED, DrillClock, DrillClockError
    from console.drills.runner import DrillRun
    from console.drills.scenario import ScenarioError, load_scenario, parse_offset
    from console.drills.store import create_drill_database, new_drill_path
    from console.plan.durations import DurationError
    from console.review.service import RunReview

    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        raise _error(f"演练脚本 {args.scenario} 有错误，未运行") from None
    start = parse_time(args.start) if args.start else datetime.now(UTC)
    until = None
    if args.until:
        try:
            until = parse_offset(args.until)
        except DurationError as exc:
            raise _error(f"--until：{exc}") from None
    try:
        clock = DrillClock(start, args.speed, max_speed=MAX_HEADLESS_SPEED, virtual=args.virtual)
    except DrillClockError as exc:
        raise _error(str(exc)) from None
    for out in (args.report, args.evaluation_report):
        if out is not None and out.suffix.lower() not in (".docx", ".pdf"):
            raise _error(f"不支持的报告格式「{out.suffix or '（无扩展名）'}」：请使用 .docx 或 .pdf")
    reference = None if args.no_seed else _open(args.db)
    target = args.drill_db or str(new_drill_path(scenario.id, start))
    try:
        drill_db = create_drill_database(target, reference)
    except (FileExistsError, ValueError) as exc:
        raise _error(str(exc)) from None
    finally:
        if reference is not None:
            reference.close()
    try:
        run = DrillRun(scenario, drill_db, clock, auto_players=args.auto_players)
        print(f"【演练】{scenario.title}（{scenario.type_title}，×{args.speed:g}）")
        print(f"演练数据库：{drill_db}")

        def show() -> None:
            for st in run.inject_rows():
                if st.released_at is not None and not getattr(st, "_shown", False):
                    st._shown = True  # type: ignore[attr-defined]
                    el = st.released_at - run.t0  # type: ignore[operator]
                    print(f"  T+{_span(el)} 注入 {st.inject.id} {st.inject.title}（{st.released_by}）"
                          + (f"  {st.note}" if st.note else ""))

        run.run_headless(until=until, on_step=show)
        show()
        print(f"演练结束：事件 {run.incident_id}，演练时长 {_span(run.elapsed())}")
        r = RunReview(drill_db, run.incident_id)  # type: ignore[arg-type]
        for x in r.evaluation():
            print(f"  {x.item.id} {x.item.title}：{x.result_zh}（{x.explanation}）")
        for kind, out in (("summary", args.report), ("evaluation", args.evaluation_report)):
            if out is not None:
                _write_document(r, kind, out)
    finally:
        drill_db.close()
    return 0


def _span(td: timedelta) -> str:
    mins = int(td.total_seconds() // 60)
    return f"{mins // 60}:{mins % 60:02d}"


def _write(r: Any, out: Path) -> None:
    from console.drills.report import ReportError, write_review_document

    try:
        write_review_document(r, out)
    except ReportError as exc:
        raise _error(str(exc)) from None
    print(f"已写出总结报告：{out}")


def _drill_review(args: argparse.Namespace) -> Any:
    from console.incidents.service import IncidentService
    from console.review.service import RunReview, drill_incidents

    db = _open(args.db)
    ids = drill_incidents(IncidentService(db))
    iid = args.incident
    if iid is None:
        if len(ids) != 1:
            raise _error("数据库中没有演练事件" if not ids
                         else f"数据库中有多个演练事件（{'、'.join(ids)}），请用 --incident 指定")
        iid = ids[0]
    elif iid not in ids:
        raise _error(f"没有编号为 {iid} 的演练事件")
    r = RunReview(db, iid)
    if r.scenario is None:
        raise _error(f"事件 {iid} 没有演练脚本记录")
    return r


def _rate(args: argparse.Namespace) -> int:
    from console.drills.evaluation import DrillInputError, record_capability_rating, record_rating

    if args.objective is None and (args.item is None or args.result is None):
        raise _error("请指定评估项和 --result（评估项评定），或 --objective 和 --rating（能力评定）")
    if args.objective is not None and (args.rating is None or args.item is not None):
        raise _error("能力评定需要 --objective 和 --rating（P、S、M、U），不带评估项编号")
    r = _drill_review(args)
    try:
        if args.objective is not None:
            record_capability_rating(r.service, r.incident_id, r.scenario, args.objective, args.rating,
                                     args.observation or "", actor=_user(args, r))
            print(f"已记录演练目标 {args.objective} 的能力评定 {args.rating}")
            return 0
        record_rating(r.service, r.incident_id, r.scenario, args.item, args.result, args.note, actor=_user(args, r))
    except DrillInputError as exc:
        raise _error(str(exc)) from None
    print(f"已记录评估项 {args.item} 的评定")
    return 0


def _finding(args: argparse.Namespace) -> int:
    from console.drills.evaluation import DrillInputError, record_finding

    r = _drill_review(args)
    try:
        record_finding(r.service, r.incident_id, r.scenario, args.kind, args.text, args.cause, args.objective,
                       actor=_user(args, r))
    except DrillInputError as exc:
        raise _error(str(exc)) from None
    print("已记录评估发现")
    return 0


def _hotwash(args: argparse.Namespace) -> int:
    from console.drills.evaluation import DrillInputError, record_hotwash

    r = _drill_review(args)
    try:
        record_hotwash(r.service, r.incident_id, args.text, actor=_user(args, r))
    except DrillInputError as exc:
        raise _error(str(exc)) from None
    print("已记录现场点评")
    return 0


def _improve(args: argparse.Namespace) -> int:
    from console.drills.evaluation import DrillInputError, record_improvement

    r = _drill_review(args)
    try:
        iid = record_improvement(r.service, r.incident_id, actor=_user(args, r), item_id=args.id, issue=args.issue,
                                 action=args.action, owner=args.owner, due=args.due, status=args.status,
                                 existing=r.fold.improvements)
    except DrillInputError as exc:
        raise _error(str(exc)) from None
    print(f"已记录整改项 {iid}")
    return 0


def _write_document(r: Any, kind: str, out: Path) -> None:
    from console.drills.report import DOCUMENT_KINDS, ReportError, write_drill_document

    try:
        write_drill_document(r, kind, out)
    except ReportError as exc:
        raise _error(str(exc)) from None
    print(f"已写出{DOCUMENT_KINDS[kind]}：{out}")


def _stop(args: argparse.Namespace) -> int:
    from console.drills.runner import CONTROLLER_ROLE, early_stop_of

    r = _drill_review(args)
    if any(d.get("action") == "end" for d in r.fold.drill):
        done = early_stop_of(r.fold.drill)
        raise _error("演练已结束" + (f"（已于 {done['at'].astimezone(CHINA_TZ):%H:%M} 意外终止：{done['reason']}）"
                                    if done else "，无需终止"))
    reason = (args.reason or "").strip()
    if not reason:
        raise _error("请用 --reason 写明意外终止的原因")
    actor = _user(args, r)
    by = (args.by or "").strip() or actor
    unreleased = [i.id for i in r.scenario.injects if i.id not in r.fold.injects]
    r.service.command(r.incident_id, "log.drill", {"action": "early_stop", "reason": reason[:500], "by": by[:100]},
                      actor=actor, role=CONTROLLER_ROLE)
    r.service.command(r.incident_id, "log.drill", {"action": "end", "reason": f"意外终止：{reason[:480]}",
                                                   "unreleased": unreleased}, actor=actor, role=CONTROLLER_ROLE)
    print(f"已记录意外终止（{by}：{reason}），演练结束；未发出的注入 {len(unreleased)} 条")
    return 0


def _drill_report(args: argparse.Namespace) -> int:
    _write_document(_drill_review(args), args.kind, args.out)
    return 0


def _review(args: argparse.Namespace) -> int:
    from console.drills.evaluation import fmt_span
    from console.drills.scenario import parse_offset
    from console.plan.durations import DurationError
    from console.review.service import RunReview

    db = _open(args.db)
    try:
        try:
            r = RunReview(db, args.incident)
        except LookupError as exc:
            raise _error(str(exc.args[0]) if exc.args else f"没有编号为 {args.incident} 的事件") from None
        tag = "【演练】" if r.is_drill else ""
        print(f"{tag}{r.summary.title}（{r.incident_id}）{r.start.astimezone(CHINA_TZ):%Y-%m-%d %H:%M} — "
              f"{r.end.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}")
        if args.at:
            if args.at.startswith("P"):
                try:
                    at = r.start + parse_offset(args.at)
                except DurationError as exc:
                    raise _error(f"--at：{exc}") from None
            else:
                at = parse_time(args.at)
            s = r.situation_at(at, stock=True)
            print(f"态势（{at.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}）：{s.state_title}；级别 {s.level_title}")
            for t in s.open_tasks():
                due = t["due_at"].astimezone(CHINA_TZ).strftime("%H:%M") if t["due_at"] else "—"
                print(f"  待办 {t['id']} {r.plan.units.get(t['unit'], {}).get('title', t['unit'])}："
                      f"{t['title']}（期限 {due}）")
            for title, n in s.reports().items():
                print(f"  已报 {title} {n} 份")
            for d in s.overdue():
                print(f"  超时 {d['title']}")
        print("关键指标：")
        for k, v in r.headline():
            print(f"  {k}：{v}")
        for m in r.metrics():
            print(f"  {m.title}：时限 {fmt_span(m.target)}，实际 {fmt_span(m.measured)}，{m.status_zh}")
        if args.report:
            _write(r, args.report)
    finally:
        db.close()
    return 0
