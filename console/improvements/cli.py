"""``python -m console improvements …`` (整改台账) and ``python -m console drills-plan …`` (年度演练计划).

Both work on the real database (``--db``); ``improvements import-drill DRILL_DB`` copies a finished
drill's improvement items (its own database) into the register.
"""

from __future__ import annotations

import argparse
from contextlib import closing
from pathlib import Path
from typing import Any

from console.cli import actor_args, open_console, principal_of, refusing, report_check, short_time
from console.improvements.register import (
    CONTENTS,
    FORMS,
    PLAN_STATUS_TITLES,
    PURPOSES,
    SETTABLE,
    STATUS_TITLES,
    ImprovementItem,
    ImprovementRegister,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("improvements", help="整改台账：演练提出的整改项的跟踪、逾期、验证与预案修订")
    isub = p.add_subparsers(dest="improvements_command", metavar="ACTION", required=True)

    q = isub.add_parser("list", help="列出整改项")
    q.add_argument("--which", default="all", choices=["all", "overdue", "awaiting", "open"],
                   help="全部 / 逾期 / 待验证 / 未完成")
    q.set_defaults(func=_list)

    q = isub.add_parser("add", help="登记一项整改项（须有责任单位和完成期限）")
    q.add_argument("--issue", required=True, help="存在问题")
    q.add_argument("--action", required=True, help="整改措施")
    q.add_argument("--owner", default=None, help="责任单位（预案所列单位）")
    q.add_argument("--due", default=None, help="完成期限，如 2026-12-31")
    actor_args(q)
    q.set_defaults(func=_add)

    q = isub.add_parser("import-drill", help="把演练的整改清单导入整改台账（重复导入不会重复登记）")
    q.add_argument("drill_db", help="演练数据库（SQLite 文件或 URL）")
    q.add_argument("--incident", default=None, help="演练事件编号（默认：演练数据库中唯一的演练事件）")
    actor_args(q)
    q.set_defaults(func=_import)

    q = isub.add_parser("status", help="改变整改项状态（待整改/整改中/已完成待验证/不采纳）")
    q.add_argument("number", help="整改项编号，如 ZG0001")
    q.add_argument("status", help="、".join(f"{c}（{STATUS_TITLES[c]}）" for c in SETTABLE))
    q.add_argument("--reason", default="", help="不采纳的原因")
    actor_args(q)
    q.set_defaults(func=_status)

    q = isub.add_parser("verify-item", help="验证整改项（已完成待验证 → 已验证，须写明验证人）")
    q.add_argument("number")
    q.add_argument("--by", required=True, help="验证人")
    q.add_argument("--note", default="", help="验证意见")
    actor_args(q)
    q.set_defaults(func=_verify_item)

    q = isub.add_parser("link-plan", help="关联整改项促成的预案修订（预案库内容哈希）或培训")
    q.add_argument("number")
    q.add_argument("--plan", default=None, help="修订后预案的内容哈希（至少 6 位，见 plan list）")
    q.add_argument("--training", default=None, help="培训说明")
    actor_args(q)
    q.set_defaults(func=_link)

    q = isub.add_parser("for-plan", help="某预案：哪些演练提出了修订要求")
    q.add_argument("plan_id", help="预案编号")
    q.set_defaults(func=_for_plan)

    q = isub.add_parser("verify", help="核对整改台账和年度演练计划与哈希链是否一致")
    q.set_defaults(func=_verify)

    d = sub.add_parser("drills-plan", help="年度演练计划：登记、列出、完成情况")
    dsub = d.add_subparsers(dest="drills_plan_command", metavar="ACTION", required=True)
    q = dsub.add_parser("add", help="登记一次计划中的演练")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--title", required=True)
    q.add_argument("--plan", required=True, help="预案编号")
    q.add_argument("--units", required=True, help="参演单位，用顿号或逗号分隔")
    q.add_argument("--when", required=True, help="计划时间：2027-05 或 2027-05-20")
    q.add_argument("--form", required=True, help="形式：" + "、".join(f"{c}（{t}）" for c, t in FORMS.items()))
    q.add_argument("--content", required=True, help="内容：" + "、".join(f"{c}（{t}）" for c, t in CONTENTS.items()))
    q.add_argument("--purpose", required=True, help="目的：" + "、".join(f"{c}（{t}）" for c, t in PURPOSES.items()))
    q.add_argument("--note", default="")
    actor_args(q)
    q.set_defaults(func=_plan_add)
    q = dsub.add_parser("list", help="列出年度演练计划及完成情况")
    q.add_argument("--year", type=int, default=None)
    q.set_defaults(func=_plan_list)
    q = dsub.add_parser("done", help="标记计划中的演练已完成（或 --cancel 取消）")
    q.add_argument("number", help="计划编号，如 2027-01")
    q.add_argument("--run", default="", help="演练记录（演练数据库文件或说明）")
    q.add_argument("--cancel", action="store_true", help="取消（须写 --note 原因）")
    q.add_argument("--note", default="")
    actor_args(q)
    q.set_defaults(func=_plan_done)


def _open(args: argparse.Namespace, write: bool = False) -> tuple[Any, ImprovementRegister, str, str]:
    app = open_console(args)
    actor = role = ""
    if write:
        who = principal_of(args, app)
        actor, role = who.username, who.role
    return app, app.improvements, actor, role


def _line(it: ImprovementItem, today: Any) -> str:
    late = "【逾期】" if it.overdue(today) else ""
    src = f"{it.source_title}（{it.source_date}）" if it.source_title else "手工登记"
    extra = ""
    if it.verified_by:
        extra += f"；验证：{it.verified_by} {short_time(it.verified_at)}"
    if it.reason:
        extra += f"；不采纳：{it.reason}"
    if it.link_text:
        extra += f"；{it.link_text}"
    return (f"{it.number} {late}[{it.status_title}] {it.issue} → {it.action}；责任单位 {it.owner}；"
            f"期限 {it.due.isoformat()}；来源 {src}{extra}")


def _list(args: argparse.Namespace) -> int:
    app, reg, _, _ = _open(args)
    with closing(app):
        items = refusing(lambda: reg.items(which=args.which))
        today = reg.today()
        for it in items:
            print(_line(it, today))
        print(f"共 {len(items)} 项（逾期 {sum(it.overdue(today) for it in items)} 项）")
    return 0


def _add(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    with closing(app):
        it = refusing(lambda: reg.add(issue=args.issue, action=args.action, owner=args.owner, due=args.due,
                                      actor=actor, role=role))
        print(f"已登记整改项 {it.number}（{it.owner}，期限 {it.due.isoformat()}）")
    return 0


def _import(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    with closing(app):
        res = refusing(lambda: reg.import_from_drill(Path(args.drill_db) if "://" not in args.drill_db
                                                     else args.drill_db, actor=actor, role=role,
                                                     incident_id=args.incident))
        for it in res.added:
            print(f"  {it.number} ← {it.source_item}：{it.issue}（{it.owner}，期限 {it.due.isoformat()}）")
        print(f"演练「{res.title}」：导入 {len(res.added)} 项" +
              (f"，已在台账中 {len(res.skipped)} 项（{'、'.join(res.skipped)}）未重复导入" if res.skipped else ""))
    return 0


def _status(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    with closing(app):
        it = refusing(lambda: reg.set_status(args.number, args.status, actor=actor, role=role, reason=args.reason))
        print(f"整改项 {it.number}：{it.status_title}")
    return 0


def _verify_item(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    with closing(app):
        it = refusing(lambda: reg.verify_item(args.number, verified_by=args.by, note=args.note, actor=actor,
                                              role=role))
        print(f"整改项 {it.number} 已由 {it.verified_by} 验证")
    return 0


def _link(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    with closing(app):
        it = refusing(lambda: reg.link_plan(args.number, content_hash=args.plan, training=args.training,
                                            actor=actor, role=role))
        print(f"整改项 {it.number}：{it.link_text}")
    return 0


def _for_plan(args: argparse.Namespace) -> int:
    app, reg, _, _ = _open(args)
    with closing(app):
        found = reg.for_plan(args.plan_id)
        for r in found:
            it = r.item
            print(f"{it.source_title or '手工登记'}（{it.source_date or '—'}）：{it.number} {it.issue} → "
                  f"v{it.plan_version}（{it.plan_hash[:12]}）[{it.status_title}]")
        print(f"预案 {args.plan_id}：{len({r.item.source_run for r in found})} 次演练、{len(found)} 项整改要求")
    return 0


def _verify(args: argparse.Namespace) -> int:
    app, reg, _, _ = _open(args)
    with closing(app):
        return report_check("整改台账", refusing(reg.verify))


def _plan_add(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    units = [u for u in args.units.replace("，", "、").replace(",", "、").split("、") if u.strip()]
    with closing(app):
        e = refusing(lambda: reg.add_plan_entry(year=args.year, title=args.title, plan_id=args.plan, units=units,
                                                planned=args.when, form=args.form, content=args.content,
                                                purpose=args.purpose, note=args.note, actor=actor, role=role))
        print(f"已登记年度演练计划 {e.number}：{e.title}（{e.type_title}，{e.planned}）")
    return 0


def _plan_list(args: argparse.Namespace) -> int:
    app, reg, _, _ = _open(args)
    with closing(app):
        entries = reg.plan_entries(args.year)
        for e in entries:
            run = f"；演练记录 {e.drill_run}" if e.drill_run else ""
            print(f"{e.number} [{e.status_title}] {e.planned} {e.title}（{e.type_title}；预案 {e.plan_id}；"
                  f"参演 {'、'.join(e.units)}）{run}")
        for year in sorted({e.year for e in entries}):
            print(reg.progress(year).text)
    return 0


def _plan_done(args: argparse.Namespace) -> int:
    app, reg, actor, role = _open(args, True)
    status = "cancelled" if args.cancel else "done"
    with closing(app):
        e = refusing(lambda: reg.set_plan_status(args.number, status, drill_run=args.run, note=args.note,
                                                 actor=actor, role=role))
        print(f"年度演练计划 {e.number}：{PLAN_STATUS_TITLES[e.status]}；{reg.progress(e.year).text}")
    return 0
