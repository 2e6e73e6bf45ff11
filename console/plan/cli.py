"""``plan check | graph | checklist | diff | upgrade`` (files) and the plan library: ``plan add | list | retire |
restore | show | verify-library`` (the plans kept in the database, ``console.library``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.loader import load_plan_with_warnings, position_for
from console.plan.model import Plan
from console.plan.yamlpos import YamlProblem, load_positioned


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="预案：检查、绘图、清单")
    psub = p.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    c = psub.add_parser("check", help="检查预案文件（错误定位到 文件:行:列）")
    c.add_argument("files", nargs="+", type=Path)
    c.add_argument("--db", default=argparse.SUPPRESS,
                   help="也对照此数据库的专家库检查：会商法定人数无法达到时给出警告")
    c.set_defaults(func=cmd_check)

    g = psub.add_parser("graph", help="绘制预案状态图（.svg/.png/.dot）")
    g.add_argument("file", type=Path)
    g.add_argument("-o", "--output", type=Path, required=True)
    g.add_argument("--active", default=None, help="高亮的当前状态")
    g.set_defaults(func=cmd_graph)

    k = psub.add_parser("checklist", help="按状态和责任单位列出任务清单")
    k.add_argument("file", type=Path)
    k.set_defaults(func=cmd_checklist)

    df = psub.add_parser("diff", help="比较预案的两个版本（文件或预案库哈希）：按类别列出变化；"
                                      "相同退出码 0，不同 1，出错 2")
    df.add_argument("old", help="旧版：预案文件，或预案库内容哈希（至少 6 位，用 --db 指定数据库）")
    df.add_argument("new", help="新版：预案文件，或预案库内容哈希")
    df.add_argument("--json", action="store_true", help="输出 JSON（供程序读取）")
    df.add_argument("--db", default=argparse.SUPPRESS, help="预案库所在的数据库 URL（也可写在 plan 之前）")
    df.set_defaults(func=cmd_diff)

    up = psub.add_parser("upgrade", help="把 emergency-plan/1 预案改写为 emergency-plan/2（保留注释与排版，行为不变）；"
                                         "出错退出码 2，不写任何文件")
    up.add_argument("file", type=Path, help="emergency-plan/1 预案文件")
    dest = up.add_mutually_exclusive_group()
    dest.add_argument("-o", "--output", type=Path, default=None, help="写到此文件（默认输出到标准输出）")
    dest.add_argument("--in-place", action="store_true", help="原地改写（先写临时文件再改名，不会写出半个文件）")
    up.set_defaults(func=cmd_upgrade)

    # -- the plan library (console.library, through the Console) --
    from console.cli import actor_args

    a = psub.add_parser("add", help="把预案文件加入预案库（先检查，错误定位到 文件:行:列；仅管理员）")
    a.add_argument("files", nargs="+", type=Path)
    actor_args(a, "admin")
    a.set_defaults(func=cmd_add)

    ls = psub.add_parser("list", help="列出预案库中的预案（默认只列在用的）")
    ls.add_argument("--all", action="store_true", help="也列出已停用的预案")
    ls.set_defaults(func=cmd_list)

    r = psub.add_parser("retire", help="停用预案库中的一个预案版本（已用它的事件不受影响；仅管理员）")
    r.add_argument("hash", help="内容哈希（plan list 中的哈希，至少 6 位）")
    r.add_argument("--reason", required=True, help="停用原因")
    actor_args(r, "admin")
    r.set_defaults(func=cmd_retire)

    rs = psub.add_parser("restore", help="恢复一个已停用的预案版本（仅管理员）")
    rs.add_argument("hash", help="内容哈希（至少 6 位）")
    rs.add_argument("--reason", default="", help="恢复原因（可选）")
    actor_args(rs, "admin")
    rs.set_defaults(func=cmd_restore)

    sh = psub.add_parser("show", help="打印预案库中一个预案版本的原文")
    sh.add_argument("hash", help="内容哈希（至少 6 位）")
    sh.set_defaults(func=cmd_show)

    v = psub.add_parser("verify-library", help="核对预案库与哈希链（不一致时退出码 1）")
    v.set_defaults(func=cmd_verify_library)


def _quorum_check(args: argparse.Namespace) -> Callable[[Plan], list[Diagnostic]] | None:
    """With ``--db``: the warnings for the consultations the expert registry could never satisfy
    (the registry is reached through the Console; the plan layer does not import it)."""
    if getattr(args, "db", None) is None:
        return None
    from console.cli import open_console

    app = open_console(args)
    experts = app.experts.list()

    def check(plan: Plan) -> list[Diagnostic]:
        text = Path(plan.source_name).read_text(encoding="utf-8") if Path(plan.source_name).is_file() else ""
        try:
            doc = load_positioned(text) if text else None
        except YamlProblem:
            doc = None
        out = []
        for w in app.reference.quorum_warnings(plan, experts):
            line, col = (position_for(doc, [int(p) if p.isdigit() else p for p in w.path.split(".")])
                         if doc is not None else (1, 1))
            out.append(Diagnostic(plan.source_name, line, col, "warning", w.message))
        return out

    return check


def cmd_check(args: argparse.Namespace) -> int:
    import console.app  # noqa: F401 - installs the catalogue and the division data plans are checked against
    from console.plan.links import plan_id_of
    from console.plan.loader import default_known_plans

    failed = False
    quorum = _quorum_check(args)
    # a hand-over may name any plan checked together (plan check food.yaml public-health.yaml)
    together = default_known_plans() | {pid for f in args.files if (pid := plan_id_of(Path(f)))}
    for f in args.files:
        try:
            plan, warnings = load_plan_with_warnings(f, known_plans=together)
        except PlanError as exc:
            failed = True
            for d in exc.diagnostics:
                print(d)
            continue
        except Exception as exc:  # a loader bug must still read as a located message, not a traceback
            failed = True
            print(f"{f}:1:1: error: 检查程序内部错误（{type(exc).__name__}），请将此文件报告给开发人员")
            continue
        if quorum is not None:
            warnings = [*warnings, *quorum(plan)]
        for w in warnings:
            print(w)
        states = len(plan.states)
        trans = sum(len(s.transitions) for s in plan.states.values())
        print(f"{f}: ok — {plan.title} v{plan.version}（{plan.id}），{states} 个状态，{trans} 条转移，"
              f"{len(plan.rules)} 条分级规则，{len(warnings)} 个警告")
    return 1 if failed else 0


def _load(path: Path):
    try:
        plan, _ = load_plan_with_warnings(path)
    except PlanError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        raise SystemExit(1) from None
    return plan


def cmd_graph(args: argparse.Namespace) -> int:
    from console.plan.graph import write_graph

    plan = _load(args.file)
    try:
        write_graph(plan, args.output, active=args.active)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已写出 {args.output}")
    return 0


def cmd_checklist(args: argparse.Namespace) -> int:
    from console.plan.checklist import checklist_text

    print(checklist_text(_load(args.file)))
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    import console.app  # noqa: F401 - the catalogue and division data plan files are checked against
    from console.plan.upgrade import run

    return run(args.file, args.output, args.in_place)


def cmd_diff(args: argparse.Namespace) -> int:
    from console.plan.diff import diff_plans

    sides = []
    for ref in (args.old, args.new):
        side = _diff_side(args, ref)
        if side is None:
            return 2
        sides.append(side)
    (old, old_text, old_name), (new, new_text, new_name) = sides
    result = diff_plans(old, new, old_text=old_text, new_text=new_text, old_name=old_name, new_name=new_name)
    print(result.json_text() if args.json else result.text())
    return 0 if result.identical else 1


def _diff_side(args: argparse.Namespace, ref: str) -> tuple[Plan, str, str] | None:
    """A plan to compare: a file (checked, errors located file:line:col) or a library hash."""
    import re

    import console.app  # noqa: F401 - the catalogue and division data plan files are checked against
    from console.plan.loader import decode_source, load_plan_text

    path = Path(ref)
    if path.exists() or not re.fullmatch(r"[0-9a-fA-F]{6,64}", ref):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{ref}:1:1: error: 无法读取预案文件（{exc.strerror or type(exc).__name__}）", file=sys.stderr)
            return None
        try:
            plan, _ = load_plan_with_warnings(path)
            text = decode_source(data, str(path))
        except PlanError as exc:
            for d in exc.diagnostics:
                print(d, file=sys.stderr)
            print(f"{ref}: 预案有 {len(exc.errors)} 个错误，无法比较", file=sys.stderr)
            return None
        return plan, text, str(path)
    from console.cli import CommandError, open_console
    from console.errors import Refused  # DatabaseError included

    try:
        lib = open_console(args).library
        entry = lib.get(ref)
        text = lib.text(entry.content_hash)
        plan = load_plan_text(text.encode("utf-8"), f"<预案 {entry.content_hash[:12]}>")
    except (Refused, CommandError, PlanError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return None
    return plan, text, "预案库"


# -- the plan library ------------------------------------------------------------------------------

def _when(dt: object) -> str:
    from datetime import datetime

    from console.clock import CHINA_TZ

    return dt.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if isinstance(dt, datetime) else "—"


def cmd_add(args: argparse.Namespace) -> int:
    from console.cli import fail, open_console, principal_of
    from console.errors import RecordError

    app = open_console(args)
    who = principal_of(args, app)
    try:
        app.library.check_role(who.role)
    except RecordError as exc:
        raise fail(str(exc)) from None
    failed = False
    for f in args.files:
        try:
            e = app.library.add_file(f, actor=who.username, role=who.role)
        except PlanError as exc:  # the library's PlanRefused: every problem located
            failed = True
            for d in exc.diagnostics:
                print(d)
            print(f"{f}: 未加入预案库（{len(exc.errors)} 个错误）")
            continue
        except RecordError as exc:  # 已在预案库
            failed = True
            print(f"{f}: {exc}")
            continue
        print(f"{f}: 已加入预案库 — {e.title} v{e.version}（{e.plan_id}），辖区 {e.jurisdiction_name}"
              f"（{e.jurisdiction}），{e.domain_title}，哈希 {e.short_hash}")
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    from console.cli import open_console, refusing

    lib = open_console(args).library
    rows = refusing(lambda: lib.entries(include_retired=args.all))
    used = lib.usage()
    for e in rows:
        who = e.added_by or e.origin_title
        line = (f"{e.short_hash}  {e.status_title:<3}  {e.jurisdiction_name}（{e.jurisdiction}）  "
                f"{e.domain_title}  {e.title} v{e.version}  {e.plan_id}  加入：{who} {_when(e.added_at)}  "
                f"事件 {used.get(e.content_hash, 0)} 起")
        if not e.in_use:
            line += f"  停用：{e.retired_by} {_when(e.retired_at)}（{e.retired_reason}）"
        print(line)
    print(f"共 {len(rows)} 个预案版本" + ("" if args.all else "（在用；--all 含已停用）"))
    if not rows and not args.all:
        print("预案库为空：管理员可用 plan add 文件.yaml 添加预案")
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    from console.cli import open_console, principal_of, refusing

    app = open_console(args)
    who = principal_of(args, app)
    e = refusing(lambda: app.library.retire(args.hash, reason=args.reason, actor=who.username, role=who.role))
    n = app.library.usage().get(e.content_hash, 0)
    print(f"已停用 {e.title} v{e.version}（{e.short_hash}）；接报不再提供此版本，已用它的 {n} 起事件仍按此版本处置")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from console.cli import open_console, principal_of, refusing

    app = open_console(args)
    who = principal_of(args, app)
    e = refusing(lambda: app.library.restore(args.hash, reason=args.reason, actor=who.username, role=who.role))
    print(f"已恢复 {e.title} v{e.version}（{e.short_hash}）：接报可再选用")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from console.cli import open_console, refusing

    lib = open_console(args).library
    text = refusing(lambda: lib.text(args.hash))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_verify_library(args: argparse.Namespace) -> int:
    from console.cli import open_console, refusing, report_check

    lib = open_console(args).library
    problems = refusing(lib.verify)
    origins = lib.origins()
    pinned = origins.get("pinned", 0)
    total = sum(origins.values())
    print(f"预案库共 {total} 个预案版本：{total - pinned} 个由预案库事件登记"
          + (f"，{pinned} 个来自既有事件（升级时由事件已固定的预案原文登记，链上无登记事件，按原文核对）"
             if pinned else ""))
    return report_check("预案库", problems)
