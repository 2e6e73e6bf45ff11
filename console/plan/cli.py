"""``plan check | graph | checklist``."""

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
    failed = False
    quorum = _quorum_check(args)
    for f in args.files:
        try:
            plan, warnings = load_plan_with_warnings(f)
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
