"""``python -m console reference …``: townships, regulated entities, specialty synonyms, verify.

    reference townships import FILE | list [--county CODE] | export FILE
    reference entities import FILE | list [--category 类别] | export FILE
    reference specialties list | add-synonym 同义词 专业领域
    reference verify

Every refusal (a bad file, no jurisdiction set) is one Chinese message, never a traceback; a
file with any problem lists every row and column and imports nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from console.cli import CommandError, auth_args, open_console, principal_of, report_check
from console.errors import Refused


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ref = sub.add_parser("reference", help="基础数据：乡镇名录、监管对象名录、专业领域词表、核对")
    rsub = ref.add_subparsers(dest="reference_command", metavar="REGISTER", required=True)

    def writer(p: argparse.ArgumentParser) -> None:
        p.add_argument("--actor", default=None, help="经办人（有账号的数据库：只能是登录的账号，可省略）")
        p.add_argument("--role", default=None, help="角色 id（默认：账号的主角色；无账号的数据库为 duty_officer）")
        auth_args(p, "duty_officer")

    def place(p: argparse.ArgumentParser) -> None:
        p.add_argument("--jurisdiction", default=None, help="辖区行政区划代码（如 410100 郑州市），用于核对坐标")

    for name, noun in (("townships", "乡镇名录"), ("entities", "监管对象名录")):
        p = rsub.add_parser(name, help=f"{noun}：导入、列出、导出")
        s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
        q = s.add_parser("import", help="从 CSV（UTF-8/GBK）或 XLSX 导入（有任何错误则全部不导入；已有的按键更新）")
        q.add_argument("file", type=Path)
        place(q)
        writer(q)
        q.set_defaults(func=_guard(_import_townships if name == "townships" else _import_entities))
        q = s.add_parser("list", help=f"列出{noun}")
        if name == "townships":
            q.add_argument("--county", default=None, help="只列出此区县（6 位代码）")
            q.set_defaults(func=_guard(_list_townships))
        else:
            q.add_argument("--category", default=None, help="只列出此类别（如 餐饮服务）")
            q.set_defaults(func=_guard(_list_entities))
        q = s.add_parser("export", help="导出为 .csv 或 .xlsx（导入模板的格式）")
        q.add_argument("file", type=Path)
        q.set_defaults(func=_guard(_export_townships if name == "townships" else _export_entities))
    p = rsub.add_parser("specialties", help="专业领域词表（专家专业与预案会商所需专业据此核对）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s.add_parser("list", help="列出专业领域及其同义词").set_defaults(func=_guard(_list_specialties))
    q = s.add_parser("add-synonym", help="为一个专业领域添加本中心的同义词")
    q.add_argument("synonym", help="同义词，如 食品卫生学")
    q.add_argument("specialty", help="词表中的专业领域，如 营养与食品卫生")
    writer(q)
    q.set_defaults(func=_guard(_add_synonym))
    rsub.add_parser("verify", help="核对基础数据表与哈希链（不一致时退出码 1）").set_defaults(func=_guard(_verify))


def _guard(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except Refused as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"无法读写文件：{exc.strerror or exc}（{getattr(exc, 'filename', '')}）") from None

    return run


def _import_townships(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)
    print(app.reference.import_townships(args.file, actor=who.username, role=who.role).text("乡镇"))
    return 0


def _import_entities(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)
    print(app.reference.import_entities(args.file, actor=who.username, role=who.role).text("监管对象"))
    return 0


def _list_townships(args: argparse.Namespace) -> int:
    rows = open_console(args).reference.townships(args.county)
    for t in rows:
        where = f"({t.lat:.5f}, {t.lon:.5f})" if t.lat is not None and t.lon is not None else "—"
        print(f"{t.code or '—':<12} {t.county} {t.name:<12} {where}{'  有范围' if t.area else ''}")
    print(f"共 {len(rows)} 个乡镇（街道）")
    return 0


def _list_entities(args: argparse.Namespace) -> int:
    rows = open_console(args).reference.entities(args.category)
    for e in rows:
        print(f"{e.licence_no:<20} {e.category_title:<6} {e.risk_grade or '—'} {e.name}  {e.township or '—'}  "
              f"{e.supervisor or '—'}")
    print(f"共 {len(rows)} 个监管对象")
    return 0


def _export_townships(args: argparse.Namespace) -> int:
    n = open_console(args).reference.export_townships(args.file)
    print(f"已导出 {n} 个乡镇（街道）到 {args.file}")
    return 0


def _export_entities(args: argparse.Namespace) -> int:
    n = open_console(args).reference.export_entities(args.file)
    print(f"已导出 {n} 个监管对象到 {args.file}")
    return 0


def _list_specialties(args: argparse.Namespace) -> int:
    vocab = open_console(args).reference.vocabulary()
    for term in vocab.terms:
        print(f"{term}：{'、'.join(vocab.synonyms_of(term)) or '—'}")
    print(f"共 {len(vocab.terms)} 个专业领域")
    return 0


def _add_synonym(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)
    app.reference.add_synonym(args.synonym, args.specialty, actor=who.username, role=who.role)
    print(f"已添加同义词「{args.synonym.strip()}」→「{app.reference.vocabulary().canonical(args.specialty)}」")
    return 0


def _verify(args: argparse.Namespace) -> int:
    return report_check("基础数据", open_console(args).reference.verify())
