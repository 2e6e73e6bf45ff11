"""Reference data for the window and the first-run assistant (no widgets here).

* :func:`window_data` — what ``main.py`` passes to ``build_window`` on a database that has the
  registers: the entities (a zero-argument callable yielding the map's mappings, read after the
  window is shown) and the township points, adapted from ``console.reference`` records.
* :func:`import_townships`, :func:`import_entities`, :func:`import_minimums` — one file each,
  all or nothing; they return a one-line Chinese summary, and raise ``console.errors.Refused``
  (an ``ImportRejected`` carries ``.problems``, each with row and column) when nothing was
  written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from console.app import Console
from console.reference.registers import ReferenceData


def window_data(ref: ReferenceData) -> tuple[Callable[[], Iterable[Mapping[str, Any]]] | None,
                                             list[dict[str, Any]]]:
    """(entities, townships) for ``build_window`` from the database's registers (``console.reference``,
    or a ``ReferenceData`` on the database before the console is built); (None, []) when both are
    empty (the window then shows no entity layer, as before)."""
    counts = ref.counts()
    towns = [t.as_place() for t in ref.townships() if t.lat is not None and t.lon is not None] \
        if counts["townships"] else []
    entities: Callable[[], Iterable[Mapping[str, Any]]] | None = None
    if counts["entities"]:
        def entities() -> list[dict[str, Any]]:
            return list(ref.iter_map_entities())
    return entities, towns


def import_townships(console: Console, path: str | Path, actor: str, role: str) -> str:
    return console.reference.import_townships(path, actor=actor, role=role).text("乡镇")


def import_entities(console: Console, path: str | Path, actor: str, role: str) -> str:
    return console.reference.import_entities(path, actor=actor, role=role).text("监管对象")


def import_minimums(console: Console, path: str | Path, actor: str, role: str) -> str:
    cat = console.ledger.catalogue

    def resolve(ref: str) -> str | None:
        it = cat.resolve(ref)
        return it.id if it is not None else None

    r = console.reference.import_minimums(path, resolve, actor=actor, role=role)
    return f"已导入最低储备量 {r.rows} 行：变更 {r.updated}，无变化 {r.unchanged}"


def import_depots(console: Console, path: str | Path, actor: str, role: str) -> str:
    from console.reserves.files import import_depots_file

    n = len(import_depots_file(console.ledger, path))
    return f"已导入储备库 {n} 个"


def import_stock(console: Console, path: str | Path, actor: str, role: str) -> str:
    from console.reserves.files import import_stock_file

    r = import_stock_file(console.ledger, path, actor=actor)
    return (f"已导入库存 {r['rows']} 行：新入库 {r['received']} 个批次，盘点调整 {r['adjusted']} 个，"
            f"无变化 {r['unchanged']} 个")


def import_experts(console: Console, path: str | Path, actor: str, role: str) -> str:
    n = console.experts.import_file(path, actor=actor, role=role)
    return f"已导入专家 {n} 名"


def register_steps() -> None:
    """Offer the townships, entities and minimum-stock imports on the first-run assistant's
    基础数据 page (``ui.setup.steps``), with the 郑州 sample files."""
    from ui.setup.steps import SAMPLES, TABLES, ImportStep, register

    def sample(name: str) -> Path | None:
        p = SAMPLES / name
        return p if p.is_file() else None

    register(ImportStep("townships", "乡镇名录", TABLES, sample("townships.csv"), import_townships,
                        hint="乡镇代码、乡镇名称、区县代码、纬度、经度、范围（坐标须在辖区内）"))
    register(ImportStep("entities", "监管对象名录", TABLES, sample("entities.csv"), import_entities,
                        hint="许可证号、类别、名称、地址、区县代码、乡镇（街道）、纬度、经度、监管单位、风险等级"))
    register(ImportStep("minimums", "最低储备量", TABLES, sample("minimums.csv"), import_minimums,
                        hint="储备库编号、物资编码、最低储备量（先导入储备库）"))


__all__ = ["import_depots", "import_entities", "import_experts", "import_minimums", "import_stock",
           "import_townships", "register_steps", "window_data"]
