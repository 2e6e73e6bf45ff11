"""Today's figures on the wall (今日数据): a small registry of figure providers.

Each figure is a :class:`FigureProvider` — a key, its Chinese title, where it goes in the row and a
function from the :class:`FigureInput` (what the wall has already read) to a :class:`Figure`. The
wall shows every registered figure, in ``order``; a new one is a provider and one call::

    register(FigureProvider("experts_on_call", "在岗专家", 70, lambda f: Figure(...)))

A provider that fails (an old schema without the reserves tables) is shown as 「—」, never as a
traceback: :func:`compute_figures` says which one failed in the figure's ``note``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.incidents.rules import overdue_deadlines
from console.incidents.service import IncidentSummary
from console.plan.engine import IncidentState


@dataclass(frozen=True)
class Figure:
    """One big number, with an optional small chart (``series``, labelled ``series_labels``)."""

    key: str
    title: str
    value: int | None  # None: could not be read (shown as 「—」)
    unit: str = ""
    alarm: bool = False  # the number asks for attention (shown in the alarm colour)
    series: tuple[int, ...] = ()
    series_labels: tuple[str, ...] = ()
    series_title: str = ""
    note: str = ""  # why the value is missing


@dataclass(frozen=True)
class FigureInput:
    """What the providers read: the wall's own reading of the database, plus the console's services
    (``services``: an object with ``db``, ``log``, ``incidents``, and where present ``ledger``)."""

    now: datetime
    day_start: datetime  # midnight today, China time
    summaries: Sequence[IncidentSummary]
    states: dict[str, IncidentState]  # open incident → its state
    submitted_today: Sequence[datetime]  # when each report submitted today was submitted
    services: Any = None


@dataclass(frozen=True)
class FigureProvider:
    key: str
    title: str
    order: int
    compute: Callable[[FigureInput], Figure]


_PROVIDERS: dict[str, FigureProvider] = {}


def register(provider: FigureProvider) -> FigureProvider:
    """Add (or replace, by key) a figure shown on the wall."""
    _PROVIDERS[provider.key] = provider
    return provider


def providers() -> list[FigureProvider]:
    """The registered providers in the order the wall shows them."""
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


def compute_figures(data: FigureInput) -> tuple[Figure, ...]:
    out: list[Figure] = []
    for p in providers():
        try:
            out.append(p.compute(data))
        except Exception as exc:  # noqa: BLE001 — one unreadable figure must not blank the wall
            out.append(Figure(p.key, p.title, None, note=f"无法读取：{exc}"))
    return tuple(out)


def _hours(times: Sequence[datetime], data: FigureInput) -> tuple[int, ...]:
    """How many of ``times`` fell in each hour of today so far (China time)."""
    hours = max(1, min(24, int((data.now - data.day_start).total_seconds() // 3600) + 1))
    counts = [0] * hours
    for t in times:
        h = int((t - data.day_start).total_seconds() // 3600)
        if 0 <= h < hours:
            counts[h] += 1
    return tuple(counts)


def _hour_labels(n: int) -> tuple[str, ...]:
    return tuple(f"{h}时" for h in range(n))


def _received(d: FigureInput) -> Figure:
    times = [s.opened_at for s in d.summaries if s.opened_at >= d.day_start]
    series = _hours(times, d)
    return Figure("received", "今日接报", len(times), "起", series=series, series_labels=_hour_labels(len(series)),
                  series_title="按小时")


LEVEL_ORDER = ("I", "II", "III", "IV")


def _open(d: FigureInput) -> Figure:
    open_ = [s for s in d.summaries if s.status == "open"]
    by_level = [sum(1 for s in open_ if s.level == lv) for lv in LEVEL_ORDER]
    by_level.append(sum(1 for s in open_ if s.level not in LEVEL_ORDER))
    return Figure("open", "在办事件", len(open_), "起", series=tuple(by_level),
                  series_labels=("Ⅰ级", "Ⅱ级", "Ⅲ级", "Ⅳ级", "未分级"), series_title="按级别")


def _tasks(d: FigureInput) -> Figure:
    n = sum(1 for st in d.states.values() if not st.closed for t in st.tasks.values() if t.get("status") == "open")
    return Figure("open_tasks", "未完成任务", n, "项")


def _overdue(d: FigureInput) -> Figure:
    n = sum(len(overdue_deadlines(st, d.now)) for st in d.states.values())
    return Figure("overdue", "逾期时限", n, "项", alarm=n > 0)


def _reports(d: FigureInput) -> Figure:
    series = _hours(d.submitted_today, d)
    return Figure("reports", "今日报送", len(d.submitted_today), "份", series=series,
                  series_labels=_hour_labels(len(series)), series_title="按小时")


def _stock(d: FigureInput) -> Figure:
    from console.reserves.readiness import ledger_alerts

    ledger = getattr(d.services, "ledger", None)
    if ledger is None:
        return Figure("stock_alerts", "库存预警", None, note="未配置应急物资储备")
    n = len(ledger_alerts(ledger, d.now.astimezone(d.day_start.tzinfo).date()))
    return Figure("stock_alerts", "库存预警", n, "条", alarm=n > 0)


for _p in (FigureProvider("received", "今日接报", 10, _received),
           FigureProvider("open", "在办事件", 20, _open),
           FigureProvider("open_tasks", "未完成任务", 30, _tasks),
           FigureProvider("overdue", "逾期时限", 40, _overdue),
           FigureProvider("reports", "今日报送", 50, _reports),
           FigureProvider("stock_alerts", "库存预警", 60, _stock)):
    register(_p)

__all__ = ["Figure", "FigureInput", "FigureProvider", "compute_figures", "providers", "register"]
