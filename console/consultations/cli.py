"""Headless expert-consultation commands: ``consult open|invite|opinion|conclude|minutes|list``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from console.cli import (
    actor_args,
    export_document,
    open_console,
    principal_of,
    refusing,
)


def register(sub: argparse._SubParsersAction) -> None:
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


def _consults(args: argparse.Namespace) -> Any:
    return open_console(args).consultations


def _writing(args: argparse.Namespace) -> tuple[Any, Any]:
    """The consultation service and who writes (see console.cli.principal_of)."""
    app = open_console(args)
    return app.consultations, principal_of(args, app)


def _opinion_line(o: Any) -> str:
    from console.clock import CHINA_TZ
    from console.timeline.wording import OUTCOMES

    return (f"  意见 {o.expert.name}（{o.at.astimezone(CHINA_TZ):%m-%d %H:%M}）："
            f"{OUTCOMES.get(o.recommend, o.recommend)}{(' ' + o.level) if o.level else ''} {o.text}"
            + (f"（保留意见：{o.dissent}）" if o.dissent else ""))


def _print_consult(c: Any) -> None:
    from console.timeline.wording import OUTCOMES

    print(f"{c.id} · {c.title}（{c.question_title}）· {c.status_title} · "
          f"法定人数 {c.quorum} · 已有意见 {len(c.opinions)}")
    if c.invited:
        given = {o.expert.code for o in c.opinions}
        print("受邀专家：" + "、".join(f"{e.name}（{e.code}）" + ("" if e.code in given else "·未提交意见")
                                   for e in c.invited))
    differ = [o for o in c.opinions if c.differs(o)]
    for o in c.opinions:
        if o not in differ:
            print(_opinion_line(o))
    if differ:
        print(f"不同意见（{len(differ)} 条）：")
        for o in differ:
            print(_opinion_line(o))
    if c.status == "concluded":
        print(f"结论：{OUTCOMES.get(c.outcome, c.outcome)}{(' ' + c.level) if c.level else ''}，"
              f"组长 {c.chair.name if c.chair else ''}：{c.summary}")
        if c.dissent_note:
            print(c.dissent_note)


def _consult_open(args: argparse.Namespace) -> int:
    cs, who = _writing(args)
    c = refusing(lambda: cs.open(args.incident, args.question, actor=who.username, role=who.role, title=args.title,
                             specialties=args.specialty, quorum=args.quorum))
    _print_consult(c)
    return 0


def _consult_invite(args: argparse.Namespace) -> int:
    cs = _consults(args)
    if not args.experts:
        for e in refusing(lambda: cs.candidates(args.consultation)):
            print(f"{e.code:<8} {e.name:<6} {'、'.join(e.specialties):<24} {e.organisation}")
        return 0
    who = principal_of(args, cs.db)
    c = refusing(lambda: cs.invite(args.consultation, args.experts, actor=who.username, role=who.role))
    _print_consult(c)
    return 0


def _consult_opinion(args: argparse.Namespace) -> int:
    cs, who = _writing(args)
    c = refusing(lambda: cs.opinion(args.consultation, args.expert, recommend=args.recommend, level=args.level,
                                text=args.text, dissent=args.dissent, actor=who.username, role=who.role))
    _print_consult(c)
    return 0


def _consult_conclude(args: argparse.Namespace) -> int:
    cs, who = _writing(args)
    c = refusing(lambda: cs.conclude(args.consultation, chair=args.chair, outcome=args.outcome, level=args.level,
                                 summary=args.summary, actor=who.username, role=who.role))
    _print_consult(c)
    return 0


def _consult_minutes(args: argparse.Namespace) -> int:
    from console.documents.official import minutes_document

    console = open_console(args)
    cs = console.consultations
    c = refusing(lambda: cs.get(args.consultation))
    plan = cs.incidents.plan_for(c.incident_id)
    drill = cs.incidents.summary(c.incident_id).mode == "drill"
    export_document(minutes_document(c, plan, drill=drill), args.output, console)
    return 0


def _consult_list(args: argparse.Namespace) -> int:
    cs = _consults(args)
    for c in refusing(lambda: cs.list(args.incident)):
        _print_consult(c)
    return 0
