"""``incident link A B --reason``, ``incident unlink A B --reason``, ``incident merge A --into B --reason``
and ``incident links A`` (关联事件、取消关联、并入、查看关联与移交)."""

from __future__ import annotations

import argparse
from typing import Any

from console.cli import CommandError, auth_args, open_console, principal_of, refusing
from console.clock import CHINA_TZ
from console.errors import Refused


def register(isub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def writer(name: str, help: str, func: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = isub.add_parser(name, help=help)
        p.add_argument("incident", help="事件编号，如 20261122-001")
        p.add_argument("--actor", default=None, help="操作人（有账号的数据库：只能是登录的账号，可省略）")
        p.add_argument("--role", default=None,
                       help="角色 id（默认：账号的主角色；无账号的数据库为 duty_officer 值班员）")
        auth_args(p, "duty_officer")
        p.set_defaults(func=func)
        return p

    p = writer("link", "关联事件：两起事件互相关联（写入两起事件的日志，一次完成）", _link)
    p.add_argument("other", help="要关联的另一起（未结案的）事件编号")
    p.add_argument("--reason", required=True, help="关联理由（如：同一批次产品、同一供餐单位）")
    p = writer("unlink", "取消两起事件的关联（并入、移交的关联不能取消）", _unlink)
    p.add_argument("other", help="已关联的另一起事件编号")
    p.add_argument("--reason", required=True, help="取消理由")
    p = writer("merge", "并入：把本事件并入另一起事件（本事件结案，未完成的任务不再需要）", _merge)
    p.add_argument("--into", required=True, help="并入的目标事件编号")
    p.add_argument("--reason", required=True, help="并入理由")
    p = isub.add_parser("links", help="列出本事件的关联事件与移交")
    p.add_argument("incident", help="事件编号")
    p.set_defaults(func=_links)


def _writing(args: argparse.Namespace) -> tuple[Any, Any]:
    app = open_console(args)
    return app, principal_of(args, app)


def _do(args: argparse.Namespace, fn: Any, done: str) -> int:
    app, who = _writing(args)
    try:
        results = fn(app.incidents, who)
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from None
    except Refused as exc:
        raise CommandError(f"已拒绝：{exc.reason}") from None
    refusing(app.checkpoint_if_due)
    print(done)
    for r in results:
        print(f"  {r.incident_id} · 版本 {r.version}" + ("（已结案）" if r.state.closed else ""))
    return 0


def _link(args: argparse.Namespace) -> int:
    from console.incidents.linking import link

    return _do(args, lambda svc, who: link(svc, args.incident, args.other, args.reason, actor=who.username,
                                           role=who.role), f"已关联：{args.incident} ⇄ {args.other}")


def _unlink(args: argparse.Namespace) -> int:
    from console.incidents.linking import unlink

    return _do(args, lambda svc, who: unlink(svc, args.incident, args.other, args.reason, actor=who.username,
                                             role=who.role), f"已取消关联：{args.incident} ⇄ {args.other}")


def _merge(args: argparse.Namespace) -> int:
    from console.incidents.linking import merge

    return _do(args, lambda svc, who: merge(svc, args.incident, into=args.into, reason=args.reason,
                                            actor=who.username, role=who.role),
               f"已并入：{args.incident} → {args.into}（{args.incident} 已结案）")


def _links(args: argparse.Namespace) -> int:
    from console.incidents.linked_view import linked_rows

    svc = open_console(args).incidents
    try:
        rows = linked_rows(svc, args.incident)
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from None
    if not rows:
        print("（没有关联事件）")
    for r in rows:
        when = r.received_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if r.received_at else "—"
        print(f"{r.relation:<6} {r.incident}  接报 {when}  {r.title or ''}  理由：{r.reason}")
    return 0
