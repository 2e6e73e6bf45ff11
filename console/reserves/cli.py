"""``python -m console reserves …``: depots, stock, import/export, 盘点表, alerts, requests.

Every user error (bad file, unknown item, not enough stock …) is printed as a Chinese
message without a traceback; an import problem lists every row.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    from console.cli import auth_args

    res = sub.add_parser("reserves", help="应急物资：储备库、库存台账、导入导出、盘点表、预警、物资申请与调拨")
    rsub = res.add_subparsers(dest="reserves_command", metavar="ACTION", required=True)

    def cmd(name: str, help: str, func: Callable[[argparse.Namespace], int], actor: bool = False
            ) -> argparse.ArgumentParser:
        p = rsub.add_parser(name, help=help)
        p.add_argument("--jurisdiction", default=None, help="辖区行政区划代码（如 410900 濮阳市），用于核对坐标")
        if actor:
            p.add_argument("--actor", default=None, help="经办人（有账号的数据库：只能是登录的账号，可省略）")
            p.add_argument("--role", default=None,
                           help="角色 id（默认：账号的主角色；无账号的数据库为 duty_officer 值班员）")
            auth_args(p, "duty_officer")
        p.set_defaults(func=lambda a: _guarded(func, a))
        return p

    p = cmd("depots", "列出储备库", _depots)
    p.add_argument("--json", action="store_true", help="以 JSON 输出（地图图层格式）")
    p = cmd("stock", "列出库存（按批次）", _stock)
    p.add_argument("--depot")
    p.add_argument("--item")
    p = cmd("import", "导入储备库或库存（CSV UTF-8/GBK 或 XLSX；有任何错误则全部不导入）", _import, actor=True)
    p.add_argument("what", choices=["depots", "stock", "items"],
                   help="depots 储备库；stock 库存/盘点数量；items 物资清单（与目录核对，不写入）")
    p.add_argument("file", type=Path)
    p = cmd("export", "导出台账、库存或储备库（.csv 或 .xlsx）", _export)
    p.add_argument("what", choices=["ledger", "stock", "depots", "items"],
                   help="ledger 出入库台账；stock 库存；depots 储备库；items 物资目录")
    p.add_argument("file", type=Path)
    p.add_argument("--depot")
    p.add_argument("--incident")
    p = cmd("stocktake", "导出盘点表（.xlsx）", _stocktake)
    p.add_argument("file", type=Path)
    p.add_argument("--depot")
    p = cmd("alerts", "库存预警：低于最低储备、临期、过期", _alerts)
    p.add_argument("--days", type=int, default=30, help="临期天数（默认 30）")
    p.add_argument("--as-of", default=None, help="按哪一天判断（YYYY-MM-DD，默认今天）")
    p = cmd("request", "物资申请：新建、按预案生成或列出", _request, actor=True)
    p.add_argument("--item", action="append", default=[], metavar="物资=数量", help="如 CY-001=10，可多次")
    p.add_argument("--incident", help="关联的事件编号（送达地点默认取事件位置）")
    p.add_argument("--title", default="应急物资调用")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    p.add_argument("--place", default="")
    p.add_argument("--from-plan", action="store_true", help="按事件预案中的物资调用要求生成申请")
    p.add_argument("--list", action="store_true", help="列出申请")
    p.add_argument("--status", choices=["pending", "approved", "rejected"])
    p = cmd("allocate", "生成调拨方案（最短运输时间、先到期先出）", _allocate)
    p.add_argument("request", help="申请编号")
    p.add_argument("--roads", type=Path, help="道路网 GeoJSON（默认按储备库位置生成）")
    p.add_argument("--keep-minimum", action="store_true", help="各储备库保留最低储备，只调拨超出部分")
    p.add_argument("--json", action="store_true")
    p = cmd("approve", "批准申请并出库（可用 --line 修改方案）", _approve, actor=True)
    p.add_argument("request", help="申请编号")
    p.add_argument("--line", action="append", default=[], metavar="储备库:物资=数量",
                   help="修改后的调拨行，如 PY-SJ:FH-001=50，可多次；不填则按系统方案")
    p.add_argument("--note", default="")
    p.add_argument("--roads", type=Path)
    p.add_argument("--keep-minimum", action="store_true", help="各储备库保留最低储备（未用 --line 时）")
    p = cmd("reject", "驳回申请（须说明原因）", _reject, actor=True)
    p.add_argument("request", help="申请编号")
    p.add_argument("--reason", required=True)
    p = cmd("depot", "停用或重新启用储备库（停用不删除：保留台账，不再参与调拨、盘点和预警）", _depot, actor=True)
    p.add_argument("action", choices=["deactivate", "reactivate"], help="deactivate 停用；reactivate 重新启用")
    p.add_argument("code", help="储备库编号")
    p.add_argument("--reason", default="", help="原因（停用时必填）")
    p = cmd("minimum", "导入各储备库各物资的最低储备量（CSV/XLSX；有任何错误则全部不导入）", _minimum, actor=True)
    p.add_argument("action", choices=["import"])
    p.add_argument("file", type=Path)
    cmd("verify", "核对库存台账与哈希链：每笔流水与其事件、每个批次的账面与流水合计（不一致时退出码 1）", _verify)


def _verify(args: argparse.Namespace) -> int:
    with _ledger(args) as lg:
        report = lg.verify_chain()
    if report.ok:
        print(f"库存台账与哈希链一致：{report.events} 个事件，{report.movements} 笔流水")
        return 0
    print(f"库存台账与哈希链不一致（已核对 {report.events} 个事件、{report.movements} 笔流水）：")
    for line in report.problems:
        print(f"  {line}")
    return 1


def _depot(args: argparse.Namespace) -> int:
    from console.cli import principal_of

    with _console(args) as app:
        who = principal_of(args, app)
        active = args.action == "reactivate"
        app.reference.set_depot_active(args.code, active, reason=args.reason, actor=who.username, role=who.role)
        print(f"已{'启用' if active else '停用'}储备库 {args.code}" + (f"：{args.reason}" if args.reason else ""))
    return 0


def _minimum(args: argparse.Namespace) -> int:
    from console.cli import principal_of

    with _console(args) as app:
        who = principal_of(args, app)
        cat = app.ledger.catalogue

        def resolve(ref: str) -> str | None:
            it = cat.resolve(ref)
            return it.id if it is not None else None

        r = app.reference.import_minimums(args.file, resolve, actor=who.username, role=who.role)
        print(f"已导入最低储备量 {r.rows} 行：变更 {r.updated}，无变化 {r.unchanged}")
    return 0


def _guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from console.cli import CommandError
    from console.errors import Refused
    from console.plan.engine import Rejected
    from console.reserves.allocation import AllocationError
    from console.reserves.catalogue import CatalogueError
    from console.reserves.importing import ImportRejected
    from console.reserves.ledger import LedgerError
    from console.reserves.roads import RoadGraphError
    from console.store.db import DatabaseError
    from console.store.eventlog import StaleAppend

    try:
        return func(args)
    except ImportRejected as exc:
        raise CommandError(str(exc)) from None
    except (LedgerError, DatabaseError, AllocationError, CatalogueError, RoadGraphError) as exc:
        raise CommandError(str(exc)) from None
    except Rejected as exc:
        raise CommandError(exc.reason) from None
    except StaleAppend as exc:
        raise CommandError(f"事件已被他人更新，请刷新后重试（{exc}）") from None
    except Refused as exc:  # reference data: a depot's status, the minimums
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"无法读写文件：{exc.strerror or exc}（{getattr(exc, 'filename', '')}）") from None


@contextmanager
def _console(args: argparse.Namespace) -> Iterator[Any]:
    from console.cli import open_console

    app = open_console(args)
    try:
        yield app
    finally:
        app.close()


@contextmanager
def _ledger(args: argparse.Namespace) -> Iterator[Any]:
    with _console(args) as app:
        yield app.ledger


@contextmanager
def _writing(args: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    """The console's ledger and who writes (see console.cli.principal_of)."""
    from console.cli import principal_of

    with _console(args) as app:
        yield app.ledger, principal_of(args, app)


def _requests(ledger: Any, roads: Path | None = None) -> Any:
    from console.app import Console
    from console.reserves.requests import Requests

    app = Console(ledger.db, ledger.clock, jurisdiction=ledger.jurisdiction)
    return Requests(ledger, app.incidents, road_file=roads)


def _depots(args: argparse.Namespace) -> int:
    from console.reserves.readiness import depots_for_map

    with _ledger(args) as lg:
        rows = depots_for_map(lg)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        infos = {d.id: d for d in lg.depots()}
        if not rows:
            print("尚未登记储备库：请用 reserves import depots 文件 导入")
        for r in rows:
            d = infos[r["id"]]
            print(f"{d.id:<10} {d.name}（{d.tier}，{d.source or '—'}）保管人 {d.custodian or '—'}  "
                  f"({d.lat:.5f}, {d.lon:.5f})  {len(r['items'])} 种物资，合计 {r['stock']}")
        for d in lg.depots(active=False):  # kept with their history, not in use
            print(f"{d.id:<10} {d.name}（{d.tier}）已停用：{d.status_reason or '—'}")
    return 0


def _stock(args: argparse.Namespace) -> int:
    with _ledger(args) as lg:
        rows = lg.balances(depot=args.depot, item=args.item)
        for b in rows:
            it = lg.catalogue.get(b.item)
            print(f"{b.depot:<10} {it.code} {it.id:<7} {it.name:<16} 批号 {b.lot or '—':<12} "
                  f"{b.qty:>7} {it.unit}  有效期至 {b.expiry or '—'}")
        print(f"共 {len(rows)} 个批次")
    return 0


def _import(args: argparse.Namespace) -> int:
    from console.reserves.files import check_items_file, import_depots_file, import_stock_file

    if args.what == "items":  # compared with the catalogue, nothing written
        with _ledger(args) as lg:
            diff = check_items_file(lg.catalogue, args.file)
        for line in diff:
            print(line)
        print("物资清单格式正确，与物资目录一致" if not diff else
              f"共 {len(diff)} 处与物资目录不同；"
              "物资目录（resources/catalogue/catalogue.yaml）需经审定后修改，本命令不写入")
        return 0
    with _writing(args) as (lg, who):
        if args.what == "depots":
            n = len(import_depots_file(lg, args.file))
            print(f"已导入 {n} 个储备库")
        else:
            r = import_stock_file(lg, args.file, actor=who.username)
            print(f"已导入 {r['rows']} 行：新入库 {r['received']} 个批次，盘点调整 {r['adjusted']} 个，"
                  f"无变化 {r['unchanged']} 个")
    return 0


def _export(args: argparse.Namespace) -> int:
    from console.reserves.files import export_depots, export_items, export_ledger, export_stock

    with _ledger(args) as lg:
        if args.what == "items":
            p = export_items(lg.catalogue, args.file)
        elif args.what == "ledger":
            p = export_ledger(lg, args.file, depot=args.depot, incident_id=args.incident)
        elif args.what == "stock":
            p = export_stock(lg, args.file, depot=args.depot)
        else:
            p = export_depots(lg, args.file)
    print(f"已导出到 {p}")
    return 0


def _stocktake(args: argparse.Namespace) -> int:
    from console.reserves.files import export_stocktake

    with _ledger(args) as lg:
        p = export_stocktake(lg, args.file, depot=args.depot)
    print(f"盘点表已导出到 {p}")
    return 0


def _alerts(args: argparse.Namespace) -> int:
    from console.cli import CommandError
    from console.reserves.readiness import ledger_alerts

    as_of = None
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise CommandError(f"日期「{args.as_of}」无法识别：请用 YYYY-MM-DD") from None
    names = {"expired": "过期", "expiring": "临期", "below_minimum": "低于最低储备"}
    with _ledger(args) as lg:
        alerts = ledger_alerts(lg, as_of, args.days)
    for a in alerts:
        print(f"[{names[a.kind.value]}] {a.message}")
    print(f"共 {len(alerts)} 条预警")
    return 0


def _parse_items(pairs: list[str]) -> list[tuple[str, int]]:
    from console.cli import CommandError

    out = []
    for pair in pairs:
        ref, _, qty = pair.partition("=")
        try:
            out.append((ref.strip(), int(qty)))
        except ValueError:
            raise CommandError(f"「{pair}」应写成 物资=数量，如 CY-001=10（数量为整数）") from None
    return out


def _print_request(r: Any, lg: Any, status: str | None = None) -> None:
    items = "、".join(f"{lg.catalogue.get(i).name} {q} {lg.catalogue.get(i).unit}" for i, q in r.items)
    print(f"{r.id}  [{status or r.status_name}]  {r.title}  事件 {r.incident_id or '—'}  "
          f"送达 {r.place or '—'}  {items}")


def _request(args: argparse.Namespace) -> int:
    from console.cli import CommandError

    if args.list:
        with _ledger(args) as lg:
            listed = _requests(lg)
            for r in listed.list(status=args.status, incident_id=args.incident):
                _print_request(r, lg, listed.status_text(r))
        return 0
    with _writing(args) as (lg, who):
        reqs = _requests(lg)
        if args.from_plan:
            if not args.incident:
                raise CommandError("--from-plan 需要 --incident 事件编号")
            made = reqs.sync_incident(args.incident)
            if not made:
                print("该事件的预案尚未提出物资调用要求")
            for r in made:
                _print_request(r, lg)
            return 0
        if not args.item:
            raise CommandError("请用 --item 物资=数量 填写申请的物资（或 --from-plan、--list）")
        r = reqs.create(_parse_items(args.item), title=args.title, actor=who.username, lat=args.lat,
                        lon=args.lon, place=args.place, incident_id=args.incident)
        print("已提交物资申请：", end="")
        _print_request(r, lg)
    return 0


def _print_proposal(p: Any, lg: Any) -> None:
    for ln in p.lines:
        it = lg.catalogue.get(ln.item)
        lots = "，".join(f"{lot or '无批号'}×{q}" for lot, q in ln.lots)
        print(f"{ln.depot_name or ln.depot} → {p.place or '现场'}：{it.name}（{it.id}）{ln.qty} {it.unit}"
              f"  约 {ln.minutes or 0:.0f} 分钟  批次 {lots or '—'}")
    for s in p.shortfalls:
        print(f"缺口：{s}")
    if not p.lines:
        print("没有可调拨的库存")
    else:
        print(f"调拨方案 {p.request_id}：{p.summary()}")


def _allocate(args: argparse.Namespace) -> int:
    with _ledger(args) as lg:
        p = _requests(lg, args.roads).propose(args.request, keep_minimum=args.keep_minimum)
        if args.json:
            print(json.dumps({**p.to_json(), "routes": p.routes()}, ensure_ascii=False, indent=1))
        else:
            _print_proposal(p, lg)
    return 0


def _approve(args: argparse.Namespace) -> int:
    from console.cli import CommandError
    from console.reserves.requests import ProposalLine

    lines = None
    if args.line:
        lines = []
        for spec in args.line:
            head, _, qty = spec.partition("=")
            depot, _, item = head.partition(":")
            try:
                lines.append(ProposalLine(depot.strip(), item.strip(), int(qty)))
            except ValueError:
                raise CommandError(f"「{spec}」应写成 储备库:物资=数量，如 PY-SJ:FH-001=50") from None
    with _writing(args) as (lg, who):
        p = _requests(lg, args.roads).approve(args.request, actor=who.username, role=who.role, lines=lines,
                                              note=args.note, keep_minimum=args.keep_minimum)
        print(f"已批准 {args.request}，已出库：")
        _print_proposal(p, lg)
    return 0


def _reject(args: argparse.Namespace) -> int:
    with _writing(args) as (lg, who):
        r = _requests(lg).reject(args.request, actor=who.username, reason=args.reason, role=who.role)
        print(f"已驳回 {r.id}：{r.reason}")
    return 0
