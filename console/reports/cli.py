"""Headless information-report commands: ``report draft|set|show|review|sign|return|submit|
correct|verify|list|export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from console.cli import (
    actor_args,
    export_document,
    field_pairs,
    open_console,
    parse_time,
    principal_of,
    refusing,
    short_time,
)


def register(sub: argparse._SubParsersAction) -> None:
    # -- reports -------------------------------------------------------------------
    rp = sub.add_parser("report", help="信息报送：初报、续报、核报、终报")
    rsub = rp.add_subparsers(dest="report_command", metavar="ACTION", required=True)

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
    p = rsub.add_parser("review", help="审核（拟稿完整后由指挥长、副指挥长或值班员审核）")
    p.add_argument("report")
    p.add_argument("--note", default=None, help="审核意见")
    actor_args(p)
    p.set_defaults(func=_report_review)
    p = rsub.add_parser("sign", help="签发（签发人须为指挥长、副指挥长或预案指定的定级角色）")
    p.add_argument("report")
    actor_args(p)
    p.set_defaults(func=_report_sign)
    p = rsub.add_parser("return", help="退回拟稿（清除审核与签发，可再修改）")
    p.add_argument("report")
    p.add_argument("--reason", default=None)
    actor_args(p)
    p.set_defaults(func=_report_return)
    p = rsub.add_parser("submit", help="报送已签发的报告（内容冻结，哈希记入事件日志）")
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


def _reports(args: argparse.Namespace) -> Any:
    return open_console(args).reports


def _writing(args: argparse.Namespace) -> tuple[Any, Any]:
    """The report service and who writes (see console.cli.principal_of)."""
    app = open_console(args)
    return app.reports, principal_of(args, app)


def _print_report(rs: Any, rec: Any) -> None:
    form = rs.form(rec.incident_id, rec.kind)
    print(f"{rec.id} · {rec.display_title} · {rec.status_title}"
          + (f" · {short_time(rec.submitted_at)} {rec.submitted_by} · SHA-256 {rec.content_hash}"
             if rec.content_hash else ""))
    for f in form.fields:
        v = rec.fields.get(f.key)
        mark = "*" if f.required else " "
        shown = "—" if v in (None, "") else str(v).replace("\n", " / ")
        print(f" {mark}{f.label}（{f.key}）：{shown}")
    print(rec.approval_line())
    if rec.status == "draft":
        problems = rs.problems(rec.id)
        if problems:
            print("尚不能审核：" + "；".join(str(p) for p in problems))
        else:
            print("校验通过，可以审核")
    elif rec.status == "reviewed":
        print("已审核，待签发")
    elif rec.status == "signed":
        print("已签发，可以报送")


def _report_draft(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.draft(args.incident, args.kind, actor=who.username,
                                    values=field_pairs(args.set) or None))
    _print_report(rs, rec)
    return 0


def _report_set(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.save(args.report, field_pairs(args.set), actor=who.username))
    _print_report(rs, rec)
    return 0


def _report_show(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = refusing(lambda: rs.get(args.report))
    _print_report(rs, rec)
    return 0


def _report_review(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.review(args.report, actor=who.username, role=who.role, note=args.note))
    print(f"已审核 {rec.id}（{rec.display_title}），审核人 {rec.reviewed_by}；待签发")
    return 0


def _report_sign(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.sign(args.report, actor=who.username, role=who.role))
    print(f"已签发 {rec.id}（{rec.display_title}），签发人 {rec.signed_by}；可以报送")
    return 0


def _report_return(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.return_to_draft(args.report, actor=who.username, role=who.role, reason=args.reason))
    print(f"已退回拟稿 {rec.id}（{rec.display_title}）")
    return 0


def _report_submit(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.submit(args.report, actor=who.username, role=who.role))
    print(f"已报送 {rec.id}（{rec.display_title}），事件日志版本 {rec.event_version}，内容 SHA-256 {rec.content_hash}")
    print(rec.approval_line())
    return 0


def _report_correct(args: argparse.Namespace) -> int:
    rs, who = _writing(args)
    rec = refusing(lambda: rs.correct(args.report, actor=who.username, values=field_pairs(args.set) or None))
    _print_report(rs, rec)
    return 0


def _report_verify(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rec = refusing(lambda: rs.get(args.report))
    if refusing(lambda: rs.verify(rec.id)):
        print(f"{rec.id} 内容与事件日志一致（SHA-256 {rec.content_hash}）")
        return 0
    print(f"{rec.id} 内容与事件日志记录的摘要不一致：报告内容已被改动", file=sys.stderr)
    return 1


def _report_list(args: argparse.Namespace) -> int:
    rs = _reports(args)
    rows = refusing(lambda: rs.register(args.incident))
    for r in rows:
        print(f"{r.id:<36} {r.display_title:<16} {r.status_title:<4} "
              f"报送 {short_time(r.submitted_at)} {r.approval_line()}"
              + (f" SHA-256 {r.content_hash[:16]}…" if r.content_hash else ""))
    print(f"共 {len(rows)} 份报告（含各版本）")
    if args.incident:
        now = parse_time(args.at) if args.at else None
        for d in refusing(lambda: rs.deadlines(args.incident, now)):
            alert = "  ⚠ 超时" if d.overdue else ""
            print(f"期限 {d.title:<20} 截止 {short_time(d.due_at)}  {d.countdown()}{alert}"
                  + (f"  （{d.report_id}）" if d.report_id else ""))
    return 0




def _report_export(args: argparse.Namespace) -> int:
    from console.documents.official import report_document

    console = open_console(args)
    rs = console.reports
    rec = refusing(lambda: rs.get(args.report))
    plan = rs.incidents.plan_for(rec.incident_id)
    drill = rs.incidents.summary(rec.incident_id).mode == "drill"
    export_document(report_document(rec, plan, drill=drill), args.output, console)
    return 0
