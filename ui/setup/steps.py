"""The imports the first-run assistant offers: a registry other parts of the console extend.

Each :class:`ImportStep` takes one file into the console (plans, depots, stock, experts …) and
returns a one-line Chinese summary; a bad file raises a :class:`console.errors.Refused` whose
reason names the rows and columns, and nothing is written (every importer here is
all-or-nothing). The assistant's 预案 page shows the steps with ``page == "plans"``, its
基础数据 page those with ``page == "data"``, in the order of :data:`IMPORT_STEPS`.

To add an import (the plan library, entities, townships …), append a step::

    from ui.setup.steps import IMPORT_STEPS, ImportStep
    IMPORT_STEPS.append(ImportStep("entities", "监管对象", "CSV 文件 (*.csv)", None, run_entities))

A step whose key is already registered replaces it (:func:`register`), so the plan library can
replace a step (the ``plans`` step adds to the plan library, ``ui.library.setup``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from console.errors import Refused
from console.paths import resources_dir

if TYPE_CHECKING:
    from console.app import Console

SAMPLES = resources_dir() / "samples" / "zhengzhou"

__all__ = ["IMPORT_STEPS", "ImportStep", "StepRefused", "register", "steps_for"]


class StepRefused(Refused):
    """A file the step cannot take (unreadable, wrong kind); nothing was written."""


@dataclass(frozen=True)
class ImportStep:
    """One import of the first-run assistant.

    ``run(console, file, actor, role)`` imports ``file`` and returns a one-line Chinese summary
    (「已导入 3 个储备库」); it raises a Refused subclass with a clear message, having written
    nothing. ``sample`` is a file the assistant offers as an example (None: none).
    ``page``: ``"plans"`` (预案) or ``"data"`` (基础数据)."""

    key: str
    title: str
    file_filter: str
    sample: Path | None
    run: Callable[[Console, Path, str, str], str]
    page: str = "data"
    hint: str = ""  # one line under the title: what the file holds


# -- plans: into the plan library (console/library) ---------------------------------------------
def _add_plan(console: Console, path: Path, actor: str, role: str) -> str:
    """Check the plan (file:line:col for every error) and add it to the database's plan library."""
    from console.library.divisions import division_name
    from console.library.library import AlreadyInLibrary

    _readable(path)
    try:
        e = console.library.add_file(path, actor=actor, role=role)  # PlanRefused names file:line:col
    except AlreadyInLibrary as exc:
        return f"预案「{exc.entry.title}」v{exc.entry.version} 已在预案库中"
    site = console.site.get()
    note = ""
    if site is not None and e.jurisdiction != site.jurisdiction:
        note = f"；注意：预案辖区为 {division_name(e.jurisdiction)}（{e.jurisdiction}），与本中心辖区不同"
    return f"已加入预案库：「{e.title}」v{e.version}（{division_name(e.jurisdiction)}）{note}"


# -- reserves and experts ----------------------------------------------------------------------
def _readable(path: Path) -> None:
    if not path.is_file():
        raise StepRefused(f"找不到文件 {path}")


def _depots(console: Console, path: Path, actor: str, role: str) -> str:
    from console.reserves.files import import_depots_file

    _readable(path)
    try:
        n = len(import_depots_file(console.ledger, path))
    except OSError as exc:
        raise StepRefused(f"无法读取文件 {path.name}：{exc.strerror or exc}") from None
    where = f"，坐标均在辖区 {console.jurisdiction} 内" if console.jurisdiction else ""
    return f"已导入 {n} 个储备库{where}"


def _stock(console: Console, path: Path, actor: str, role: str) -> str:
    from console.reserves.files import import_stock_file

    _readable(path)
    try:
        r = import_stock_file(console.ledger, path, actor=actor)
    except OSError as exc:
        raise StepRefused(f"无法读取文件 {path.name}：{exc.strerror or exc}") from None
    return f"已导入库存 {r['rows']} 行：新入库 {r['received']} 个批次，盘点调整 {r['adjusted']} 个"


def _experts(console: Console, path: Path, actor: str, role: str) -> str:
    _readable(path)
    try:
        n = console.experts.import_file(path, actor=actor, role=role)
    except OSError as exc:
        raise StepRefused(f"无法读取文件 {path.name}：{exc.strerror or exc}") from None
    return f"已导入 {n} 位专家"


def _sample(name: str) -> Path | None:
    p = SAMPLES / name
    return p if p.is_file() else None


TABLES = "表格 (*.csv *.xlsx);;CSV 文件 (*.csv);;Excel 工作簿 (*.xlsx)"
IMPORT_STEPS: list[ImportStep] = [
    ImportStep("plans", "应急预案", "预案文件 (*.yaml *.yml)", _sample("food-municipal-410100.yaml"), _add_plan,
               page="plans", hint="检查预案格式与分级规则，通过后加入本数据库的预案库（可多次加入不同预案）"),
    ImportStep("depots", "储备库", TABLES, _sample("depots.csv"), _depots,
               hint="编号、名称、级别、纬度、经度（GCJ-02，须在辖区内）、保管人、联系电话、储备方式"),
    ImportStep("stock", "应急物资库存", TABLES, _sample("stock.csv"), _stock,
               hint="储备库编号、物资编码、批号、数量、有效期至、生产日期（先导入储备库）"),
    ImportStep("experts", "专家库", TABLES, _sample("experts.csv"), _experts,
               hint="编号、姓名、专业领域、工作单位、职称、联系电话、可用状态、所在地、备注"),
]


def register(step: ImportStep) -> None:
    """Add ``step``, or replace the registered step with the same key (in its place)."""
    for i, s in enumerate(IMPORT_STEPS):
        if s.key == step.key:
            IMPORT_STEPS[i] = step
            return
    IMPORT_STEPS.append(step)


def steps_for(page: str) -> list[ImportStep]:
    return [s for s in IMPORT_STEPS if s.page == page]


# the reference data's imports (ui/reference/setup.py): townships, entities, minimum stock
from ui.reference.setup import register_steps  # noqa: E402 — it extends the registry above

register_steps()
