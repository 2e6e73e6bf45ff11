"""One base for every refusal: ``Refused`` with a Chinese ``reason``; bugs stay what they are."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import UTC, datetime

import pytest

import console
from console.auth.accounts import LoginFailed
from console.drills.clock import DrillClockError
from console.drills.evaluation import DrillInputError
from console.drills.report import ReportError
from console.drills.runner import DrillStateError
from console.drills.scenario import ScenarioError
from console.errors import InvalidInput, Problem, RecordError, Refused
from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.durations import DurationError, parse_duration
from console.plan.engine import Rejected
from console.plan.yamlpos import YamlProblem
from console.reserves.allocation import AllocationError
from console.reserves.catalogue import CatalogueError
from console.reserves.importing import ImportRejected
from console.reserves.ledger import LedgerError
from console.reserves.roads import RoadGraphError
from console.store.audit import ExportError
from console.store.db import DatabaseBusy, DatabaseError
from console.store.eventlog import StaleAppend
from console.store.transfer import TransferError

# Exceptions of the core that are not refusals, and why.
NOT_REFUSALS = {
    "console.store.eventlog.InvalidEvent": "a caller passing an event the log cannot store is a bug",
    "console.reserves.netsimplex.PivotLimit": "an internal safety net; the caller falls back to networkx",
    "console.geo.boundaries.UnknownRegionError": "a lookup miss (a KeyError) the callers handle",
    "console.cli.CommandError": "the command line's own exit, above the core",
}


def _core_exception_classes() -> dict[str, type[BaseException]]:
    out: dict[str, type[BaseException]] = {}
    for m in pkgutil.walk_packages(console.__path__, "console."):
        if ".migrations" in m.name or m.name.endswith("__main__"):
            continue
        mod = importlib.import_module(m.name)
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == mod.__name__:
                out[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return out


def test_every_exception_of_the_core_is_a_refusal_or_listed_as_a_bug():
    classes = _core_exception_classes()
    assert len(classes) > 20
    for name, cls in classes.items():
        if name in NOT_REFUSALS:
            assert not issubclass(cls, Refused), name
        else:
            assert issubclass(cls, Refused), f"{name}: subclass Refused, or list it in NOT_REFUSALS with the reason"
    assert set(NOT_REFUSALS) <= set(classes)


@pytest.mark.parametrize("exc", [
    RecordError("不能这样做"),
    InvalidInput([Problem("name", "姓名", "不能为空")]),
    LoginFailed("用户名或密码错误"),
    LedgerError("库存不足"),
    RoadGraphError("没有可通行的道路"),
    ImportRejected([Problem("qty", "数量", "必须是整数", row=3)], "stock.csv"),
    AllocationError("编号重复"),
    CatalogueError("物资目录中没有短编号"),
    PlanError([Diagnostic("p.yaml", 3, 5, "error", "未知的状态")]),
    ScenarioError([Diagnostic("s.yaml", 1, 1, "error", "缺少 title")]),
    YamlProblem((2, 4), "不支持 YAML 锚点"),
    Rejected("guard", "条件尚未满足"),
    DurationError("无效的时长"),
    StaleAppend("20260101-001", 3, 4, "张三", datetime(2026, 1, 1, tzinfo=UTC)),
    TransferError("目标数据库中已有事件"),
    ExportError("x.jsonl:1: 不是事件日志导出文件"),
    DatabaseError("无法打开数据库文件"),
    DatabaseBusy("数据库正被占用"),
    DrillInputError("请填写「评语」"),
    DrillClockError("演练已结束"),
    ReportError("无法写出报告"),
    DrillStateError("演练尚未开始"),
], ids=lambda e: type(e).__name__)
def test_a_refusal_carries_its_chinese_reason(exc):
    assert isinstance(exc, Refused)
    assert str(exc) == exc.reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.reason)
    with pytest.raises(Refused) as caught:
        raise exc
    assert caught.value.reason == exc.reason


def test_existing_bases_and_attributes_keep_working():
    # the old `except ValueError` / `except RecordError` / `except PlanError` clauses still catch them
    for cls in (RoadGraphError, AllocationError, CatalogueError, DurationError, ExportError,
                DrillInputError, DrillClockError):
        assert issubclass(cls, ValueError), cls
    assert issubclass(InvalidInput, RecordError) and issubclass(DatabaseBusy, DatabaseError)
    assert issubclass(ScenarioError, PlanError)
    r = Rejected("role", "无权执行")
    assert (r.code, r.reason, str(r), r.args) == ("role", "无权执行", "无权执行", ("无权执行",))
    bad = InvalidInput([Problem("qty", "数量", "必须是整数")], heading="导入失败")
    assert bad.by_field() == {"qty": "必须是整数"} and str(bad) == bad.reason == "导入失败：「数量」必须是整数"
    y = YamlProblem((2, 4), "不支持")
    assert (y.pos, y.message, str(y)) == ((2, 4), "不支持", "2:4: 不支持")
    with pytest.raises(ValueError, match="ISO-8601"):
        parse_duration("30 分钟")
