"""Headless records commands: ``experts list|import|export``,
``report draft|set|show|submit|correct|verify|list|export``,
``consult open|invite|opinion|conclude|minutes|list``, ``duty note|handover|list``."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from console.clock import CHINA_TZ


def register(sub: argparse._SubParsersAction) -> None:
    # -- experts -------------------------------------------------------------------
    ex = sub.add_parser("experts", help="专家库：列出、导入、导出")
    esub = ex.add_subparsers(dest="experts_command", metavar="ACTION", required=True)
    p = esub.add_parser("list", help="列出专家")
    p.add_argument("--specialty", help="只列出该专业领域的专家")
    p.add_argument("--available", action="store_true", help="只列出可参会的专家")
    p.set_defaults(func=_experts_list)
    p = esub.add_parser("import", help="从 CSV（UTF-8/GBK）或 XLSX 导入（全部成功或全部不写入）")
    p.add_argument("file", type=Path)
    p.set_defaults(func=_experts_import)
    p = esub.add_parser("export", help="导出为 CSV 或 XLSX")
    p.add_argument("file", type=Path)
    p.add_argument("--encoding", default="utf-8-sig", help="CSV 编码：utf-8-sig（默认）或 gbk")
    p.set_defaults(func=_experts_export)

    # -- reports -------------------------------------------------------------------
    rp = sub.add_parser("report", help="信息报送：初报、续报、核报、终报")
    rsub = rp.add_subparsers(dest="report_command", metavar="ACTION", required=True)

    def actor_args(p: argparse.ArgumentParser, role: str = "duty_officer") -> None:
        p.add_argument("--actor", default=None, help="操作人（默认：当前登录用户）")
        p.add_argument("--role", default=role, help=f"角色 id（默认 {role}）")
        p.add_argument("--at", default=None, help="操作时间 ISO-8601（用于补录或脚本；默认现在）")

    p = rsub.add_parser("draft", help="新建报告草稿（按事件事实与日志预填）")
    p.add_argument("incident")
    p.add_argument("--kind", required=True, help="报告类型，如 initial、progress、verified、final、adr_group")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    actor_args(p)
    p.set_defaults(func=_report_draft)
    p = rsub.add_parser("set", help="修改草稿字段")
    p.add_argument("report")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", required=True)
    actor_args(p)
    p.set_defaults(func=_report_set)
    p = rsub.add_parser("show", help="显示报告内容与校验结果")
    p.add_argument("report")
    p.set_defaults(func=_report_show)
    p = rsub.add_parser("submit", help="报送（内容冻结，哈希记入事件日志）")
    p.add_argument("report")
    actor_args(p)
    p.set_defaults(func=_report_submit)
    p = rsub.add_parser("correct", help="为已报送的报告新建更正版本")
    p.add_argument("report")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    actor_args(p)
    p.set_defaults(func=_report_correct)
    p = rsub.add_parser("verify", help="核对已报送报告的内容与事件日志中的 SHA-256 是否一致")
    p.add_argument("report")
    p.set_defaults(func=_report_verify)
    p = rsub.add_parser("list", help="报告登记簿（含报送期限倒计时）")
    p.add_argument("incident", nargs="?")
    p.add_argument("--at", default=None)
    p.set_defaults(func=_report_list)
    p = rsub.add_parser("export", help="导出报告为 DOCX 或 PDF（按扩展名）")
    p.add_argument("report")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=_report_export)

    # -- consultations ---------------------------------------------------------------
    cp = sub.add_parser("consult", help="专家会商：发起、邀请、意见、结论、纪要")
    csub = cp.add_subparsers(dest="consult_command", metavar="ACTION", required=True)
    p = csub.add_parser("open", help="发起会商")
    p.add_argument("incident")
    p.add_argument("--question", required=True, choices=["grade", "escalate", "de_escalate", "terminate", "technical"])
    p.add_argument("--title")
    p.add_argument("--specialty", action="append", default=None, help="所需专业（可多次）；默认取预案")
    p.add_argument("--quorum", type=int)
    actor_args(p, "commander")
    p.set_defaults(func=_consult_open)
    p = csub.add_parser("invite", help="邀请专家（不写编号则按专业和可用状态列出候选）")
    p.add_argument("consultation")
    p.add_argument("experts", nargs="*")
    actor_args(p, "commander")
    p.set_defaults(func=_consult_invite)
    p = csub.add_parser("opinion", help="记录专家意见")
    p.add_argument("consultation")
    p.add_argument("--expert", required=True)
    p.add_argument("--recommend", required=True, choices=["approve", "reject"])
    p.add_argument("--level")
    p.add_argument("--text", required=True)
    p.add_argument("--dissent")
    actor_args(p, "commander")
    p.set_defaults(func=_consult_opinion)
    p = csub.add_parser("conclude", help="会商组长签发结论（写入事件日志，预案条件可见）")
    p.add_argument("consultation")
    p.add_argument("--chair", required=True, help="会商组长的专家编号")
    p.add_argument("--outcome", required=True, choices=["approve", "reject"])
    p.add_argument("--level")
    p.add_argument("--summary", required=True)
    actor_args(p, "commander")
    p.set_defaults(func=_consult_conclude)
    p = csub.add_parser("minutes", help="导出会商纪要为 DOCX 或 PDF")
    p.add_argument("consultation")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=_consult_minutes)
    p = csub.add_parser("list", help="列出会商")
    p.add_argument("incident", nargs="?")
    p.set_defaults(func=_consult_list)

    # -- duty log ----------------------------------------------------------------------
    dp = sub.add_parser("duty", help="应急值守：值守记录与交接班")
    dsub = dp.add_subparsers(dest="duty_command", metavar="ACTION", required=True)
    p = dsub.add_parser("note", help="值守记录")
    p.add_argument("text")
    p.add_argument("--incident")
    p.add_argument("--shift", default="")
    actor_args(p)
    p.set_defaults(func=_duty_note)
    p = dsub.add_parser("handover", help="交接班")
    p.add_argument("--from", dest="from_person", required=True)
    p.add_argument("--to", dest="to_person", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--pending", default="")
    p.add_argument("--shift", default="")
    p.add_argument("--incident")
    actor_args(p)
    p.set_defaults(func=_duty_handover)
    p = dsub.add_parser("list", help="列出值守记录")
    p.add_argument("--incident")
    p.set_defaults(func=_duty_list)


# -- plumbing ------------------------------------------------------------------------------

def _error(msg: str) -> Exception:
    from console.cli import CommandError

    return CommandError(msg)


def _time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise _error(f"无法识别的时间「{text}」，请用 ISO-8601，如 2026-11-22T14:15+08:00") from None
    return when if when.tzinfo else when.replace(tzinfo=CHINA_TZ)


def _ctx(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from console.clock import ManualClock, SystemClock
    from console.incidents.service import IncidentService
    from console.store.db import DatabaseError, open_database

    try:
        db = open_database(args.db)
    except DatabaseError as exc:
        raise _error(str(exc)) from None
    at = getattr(args, "at", None)
    clock = ManualClock(_time(at)) if at else SystemClock()
    return db, clock, IncidentService(db, clock)


def _actor(args: argparse.Namespace) -> str:
    if getattr(args, "actor", None):
        return args.actor
    try:
        return getpass.getuser()
    except Exception:
        return "值班员"


def _pairs(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise _error(f"字段「{pair}」应写成 名称=值，如 reporter=张三")
        k, v = pair.split("=", 1)
        out[k.strip()] = v.replace("\\n", "\n")
    return out


def _run(fn: Any) -> Any:
    from console.errors import RecordError
    from console.store.db import DatabaseError

    try:
        return fn()
    except (RecordError, DatabaseError) as exc:
        raise _error(str(exc)) from None
    except LookupError as exc:
        raise _error(str(exc).strip("'\"")) from None


def _t(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if dt else "—"


# -- experts ----------------------------------------------------------------------------

def _experts(args: argparse.Namespace) -> Any:
    from console.experts.registry import ExpertRegistry

    db, clock, _ = _ctx(args)
    return ExpertRegistry(db, clock)


def _experts_list(args: argparse.Namespace) -> int:
    reg = _experts(args)
    rows = _run(lambda: reg.list(specialty=args.specialty, available=True if args.available else None))
    for e in rows:
        print(f"{e.code:<8} {e.name:<6} {e.availability_title:<4} {'、'.join(e.specialties):<24} {e.organisation} {e.phone}")
    print(f"共 {len(rows)} 位专家")
    return 0


def _experts_import(args: argparse.Namespace) -> int:
    reg = _experts(args)
    n = _run(lambda: reg.import_file(args.file))
    print(f"已导入 {n} 位专家")
    return 0


def _experts_export(args: argparse.Namespace) -> int:
    reg = _experts(args)
    n = _run(lambda: reg.export_file(args.file, encoding=args.encoding))
    print(f"已导出 {n} 位专家到 {args.file}")
    return 0


# -- reports ----------------------------------------------------------------------------

def _reports(args: argparse.Namespace) -> Any:
    from console.reports.service import ReportService

    db, clock, svc = _ctx(args)
    return ReportService(db, clock, svc)


def _print_report(rs: Any, rec: Any) -> None:
    form = rs.form(rec.incident_id, rec.kind)
    print(f"{rec.id} · {rec.display_title} · {rec.status_title}"
          + (f" · {_t(rec.submitted_at)} {rec.submitted_by} · SHA-256 {rec.content_hash}" if rec.content_hash else ""))
    for f in form.fields:
        v = rec.fields.get(f.key)
        mark = "*" if f.required else " "
        shown = "—" if v in (None, "") else str(v).replace("\n", " / ")
        print(f" {mark}{f.label}（{f.key}）：{shown}")
    if rec.status == "draft":
        problems = rs.problems(rec.id)
        if problems:
            print("尚不能报送：" + "；".join(str(p) for p in problems))
        else:
            print("校验通过，可以报送")


def _report_draft(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = _run(lambda: rs.draft(args.incident, args.kind, actor=_actor(args), values=_pairs(args.set) or None))
    _print_report(rs, rec)
    return 0


def _report_set(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = _run(lambda: rs.save(args.report, _pairs(args.set), actor=_actor(args)))
    _print_report(rs, rec)
    return 0


def _report_show(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = _run(lambda: rs.get(args.report))
    _print_report(rs, rec)
    return 0


def _report_submit(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = _run(lambda: rs.submit(args.report, actor=_actor(args), role=args.role))
    print(f"已报送 {rec.id}（{rec.display_title}），事件日志版本 {rec.event_version}，内容 SHA-256 {rec.content_hash}")
    return 0


def _report_correct(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = _run(lambda: rs.correct(args.report, actor=_actor(args), values=_pairs(args.set) or None))
    _print_report(rs, rec)
    return 0


def _report_verify(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = _run(lambda: rs.get(args.report))
    if _run(lambda: rs.verify(rec.id)):
        print(f"{rec.id} 内容与事件日志一致（SHA-256 {rec.content_hash}）")
        return 0
    print(f"{rec.id} 内容与事件日志记录的摘要不一致：报告内容已被改动", file=sys.stderr)
    return 1


def _report_list(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rows = _run(lambda: rs.register(args.incident))
    for r in rows:
        print(f"{r.id:<36} {r.display_title:<16} {r.status_title:<4} 报送 {_t(r.submitted_at)} {r.submitted_by or ''}"
              + (f" SHA-256 {r.content_hash[:16]}…" if r.content_hash else ""))
    print(f"共 {len(rows)} 份报告（含各版本）")
    if args.incident:
        now = _time(args.at) if args.at else None
        for d in _run(lambda: rs.deadlines(args.incident, now)):
            alert = "  ⚠ 超时" if d.overdue else ""
            print(f"期限 {d.title:<20} 截止 {_t(d.due_at)}  {d.countdown()}{alert}"
                  + (f"  （{d.report_id}）" if d.report_id else ""))
    return 0


def _export(doc: Any, out: Path) -> None:
    from console.documents.docx_export import write_docx
    from console.documents.pdf_export import write_pdf

    suffix = out.suffix.lower()
    if suffix == ".docx":
        write_docx(doc, out)
    elif suffix == ".pdf":
        write_pdf(doc, out)
    else:
        raise _error(f"不支持的导出格式「{out.suffix}」：请用 .docx 或 .pdf")
    print(f"已导出 {out}")


def _report_export(args: argparse.Namespace) -> int:
    from console.documents.official import report_document

    rs = _reports(args)
    rec = _run(lambda: rs.get(args.report))
    plan = rs.incidents.plan_for(rec.incident_id)
    drill = rs.incidents.summary(rec.incident_id).mode == "drill"
    _export(report_document(rec, plan, drill=drill), args.output)
    return 0


# -- consultations ------------------------------------------------------------------------

def _consults(args: argparse.Namespace) -> Any:
    from console.consultations.service import ConsultationService

    db, clock, svc = _ctx(args)
    return ConsultationService(db, clock, svc)


def _print_consult(c: Any) -> None:
    print(f"{c.id} · {c.title}（{c.question_title}）· {c.status_title} · 法定人数 {c.quorum} · 已有意见 {len(c.opinions)}")
    if c.invited:
        print("受邀专家：" + "、".join(f"{e.name}（{e.code}）" for e in c.invited))
    for o in c.opinions:
        print(f"  意见 {o.expert.name}：{o.recommend}{(' ' + o.level) if o.level else ''} {o.text}"
              + (f"（保留意见：{o.dissent}）" if o.dissent else ""))
    if c.status == "concluded":
        print(f"结论：{c.outcome}{(' ' + c.level) if c.level else ''}，组长 {c.chair.name if c.chair else ''}：{c.summary}")


def _consult_open(args: argparse.Namespace) -> int:
    cs = _consults(args)
    c = _run(lambda: cs.open(args.incident, args.question, actor=_actor(args), role=args.role, title=args.title,
                             specialties=args.specialty, quorum=args.quorum))
    _print_consult(c)
    return 0


def _consult_invite(args: argparse.Namespace) -> int:
    cs = _consults(args)
    if not args.experts:
        for e in _run(lambda: cs.candidates(args.consultation)):
            print(f"{e.code:<8} {e.name:<6} {'、'.join(e.specialties):<24} {e.organisation}")
        return 0
    c = _run(lambda: cs.invite(args.consultation, args.experts, actor=_actor(args), role=args.role))
    _print_consult(c)
    return 0


def _consult_opinion(args: argparse.Namespace) -> int:
    cs = _consults(args)
    c = _run(lambda: cs.opinion(args.consultation, args.expert, recommend=args.recommend, level=args.level,
                                text=args.text, dissent=args.dissent, actor=_actor(args), role=args.role))
    _print_consult(c)
    return 0


def _consult_conclude(args: argparse.Namespace) -> int:
    cs = _consults(args)
    c = _run(lambda: cs.conclude(args.consultation, chair=args.chair, outcome=args.outcome, level=args.level,
                                 summary=args.summary, actor=_actor(args), role=args.role))
    _print_consult(c)
    return 0


def _consult_minutes(args: argparse.Namespace) -> int:
    from console.documents.official import minutes_document

    cs = _consults(args)
    c = _run(lambda: cs.get(args.consultation))
    plan = cs.incidents.plan_for(c.incident_id)
    drill = cs.incidents.summary(c.incident_id).mode == "drill"
    _export(minutes_document(c, plan, drill=drill), args.output)
    return 0


def _consult_list(args: argparse.Namespace) -> int:
    cs = _consults(args)
    for c in _run(lambda: cs.list(args.incident)):
        _print_consult(c)
    return 0


# -- duty ------------------------------------------------------------------------------------

def _duty(args: argparse.Namespace) -> Any:
    from console.duty.log import DutyLog

    db, clock, svc = _ctx(args)
    return DutyLog(db, clock, svc)


def _duty_note(args: argparse.Namespace) -> int:
    dl = _duty(args)
    e = _run(lambda: dl.note(args.text, actor=_actor(args), role=args.role, incident_id=args.incident,
                             shift=args.shift))
    print(f"已记录 #{e.id} {_t(e.at)} {e.line()}")
    return 0


def _duty_handover(args: argparse.Namespace) -> int:
    dl = _duty(args)
    e = _run(lambda: dl.handover(from_person=args.from_person, to_person=args.to_person, summary=args.summary,
                                 pending=args.pending, shift=args.shift, actor=_actor(args), role=args.role,
                                 incident_id=args.incident))
    print(f"已记录 #{e.id} {_t(e.at)} {e.line()}")
    return 0


def _duty_list(args: argparse.Namespace) -> int:
    dl = _duty(args)
    rows = _run(lambda: dl.list(args.incident))
    for e in rows:
        print(f"#{e.id:<4} {_t(e.at)} 记录 {_t(e.recorded_at)} {e.actor:<8} {e.incident_id or '全中心':<14} {e.line()}")
    print(f"共 {len(rows)} 条")
    return 0
