"""Scoring a drill from its log, and the evaluators' records (ratings, hot wash, improvement plan).

Timed items are scored automatically: the measured time from the item's start milestone
(receipt by default) to the milestone it measures, against ``within`` (达标) and
``partly_within`` (部分达标, default 1.5 × within). Order items (``before``) are met when the
measured milestone came first. Evaluator ratings, hot-wash notes (现场点评) and the
improvement plan (整改清单) are written as ``log.evaluation`` / ``log.hotwash`` /
``log.improvement`` events in the drill's own log: a change is a new event, the latest wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from console.drills.fold import LogFold
from console.drills.scenario import EvaluationItem, Scenario, describe_milestone
from console.errors import Refused
from console.incidents.service import IncidentService
from console.plan.model import Plan

RESULTS = {"met": "达标", "partly": "部分达标", "not_met": "未达标"}
IMPROVEMENT_STATUS = {"open": "未开始", "in_progress": "进行中", "done": "已完成"}


class DrillInputError(Refused, ValueError):
    """Bad evaluator input; the message names the field."""


def fmt_span(td: timedelta | None) -> str:
    if td is None:
        return "—"
    secs = int(td.total_seconds())
    sign = "-" if secs < 0 else ""
    secs = abs(secs)
    h, rem = divmod(secs, 3600)
    m = rem // 60
    if h and m:
        return f"{sign}{h}小时{m}分"
    if h:
        return f"{sign}{h}小时"
    return f"{sign}{m}分钟"


@dataclass(frozen=True)
class ItemResult:
    item: EvaluationItem
    result: str  # met | partly | not_met
    start_at: datetime | None
    done_at: datetime | None
    measured: timedelta | None
    explanation: str
    target_zh: str = ""
    rating: str | None = None
    note: str | None = None

    @property
    def result_zh(self) -> str:
        return RESULTS[self.result]



def target_text(it: EvaluationItem, plan: Plan | None = None) -> str:
    parts = []
    if it.within is not None:
        parts.append(f"{describe_milestone(it.start, plan)}后{fmt_span(it.within)}内"
                     f"{describe_milestone(it.measure, plan)}")
    if it.before is not None:
        parts.append(f"{describe_milestone(it.measure, plan)}先于{describe_milestone(it.before, plan)}")
    return "；".join(parts)


def score_item(scenario: Scenario, fold: LogFold, it: EvaluationItem) -> ItemResult:
    r = _score(scenario, fold, it)
    return replace(r, target_zh=target_text(it, scenario.plan))


def _score(scenario: Scenario, fold: LogFold, it: EvaluationItem) -> ItemResult:
    plan = scenario.plan
    start = fold.milestone_time(scenario, it.start)
    if it.measure.kind == "expected":
        done = fold.milestone_time(scenario, it.measure)
    else:
        done = fold.first(it.measure.key(), after=start) if start is not None else fold.first(it.measure.key())
    what = describe_milestone(it.measure, plan)
    if done is None:
        why = (f"日志中没有「{what}」" if start is not None or it.within is None
               else f"起点（{describe_milestone(it.start, plan)}）未发生")
        return ItemResult(it, "not_met", start, None, None, why)
    measured = done - start if start is not None else None
    result = "met"
    notes = []
    if it.within is not None:
        if measured is None:
            return ItemResult(it, "not_met", None, done, None, f"起点（{describe_milestone(it.start, plan)}）未发生")
        partly = it.partly_within or it.within * 1.5
        if measured <= it.within:
            notes.append(f"用时{fmt_span(measured)}（时限{fmt_span(it.within)}）")
        elif measured <= partly:
            result = "partly"
            notes.append(f"用时{fmt_span(measured)}，超过时限{fmt_span(it.within)}，在{fmt_span(partly)}内")
        else:
            result = "not_met"
            notes.append(f"用时{fmt_span(measured)}，超过{fmt_span(partly)}")
    if it.before is not None:
        other = fold.milestone_time(scenario, it.before)
        if other is not None and done > other:
            result = "partly" if result == "met" else result
            notes.append(f"{what}晚于{describe_milestone(it.before, plan)}（{done:%H:%M} > {other:%H:%M}）")
        else:
            notes.append(f"{what}先于{describe_milestone(it.before, plan)}" if other is not None
                         else f"已{what}（{describe_milestone(it.before, plan)}未发生）")
    return ItemResult(it, result, start, done, measured, "；".join(notes))


def evaluate(scenario: Scenario, fold: LogFold) -> list[ItemResult]:
    out = []
    for it in scenario.evaluation:
        r = score_item(scenario, fold, it)
        rated = fold.ratings.get(it.id)
        if rated is not None:
            r = replace(r, rating=rated.get("rating"), note=rated.get("note"))
        out.append(r)
    return out


def summary(results: list[ItemResult]) -> dict[str, int]:
    out = dict.fromkeys(RESULTS, 0)
    for r in results:
        out[r.result] += 1
    return out


# -- evaluator records ---------------------------------------------------------------------

def _text(value: Any, what: str, limit: int = 2000, *, required: bool = True) -> str:
    s = (value or "").strip() if isinstance(value, str) or value is None else None
    if s is None:
        raise DrillInputError(f"「{what}」必须是文本")
    if required and not s:
        raise DrillInputError(f"请填写「{what}」")
    if len(s) > limit:
        raise DrillInputError(f"「{what}」过长（{len(s)} 字，上限 {limit} 字）")
    return s


def record_rating(service: IncidentService, incident_id: str, scenario: Scenario, item_id: str, rating: str,
                  note: str = "", *, actor: str) -> None:
    if item_id not in {it.id for it in scenario.evaluation}:
        raise DrillInputError(f"演练脚本中没有评估项 {item_id}"
                              f"（可选：{'、'.join(it.id for it in scenario.evaluation)}）")
    if rating not in RESULTS:
        raise DrillInputError(f"评定结果 {rating!r} 无效，可选：met（达标）、partly（部分达标）、not_met（未达标）")
    service.command(incident_id, "log.evaluation",
                    {"item": item_id, "rating": rating, "note": _text(note, "评估意见", required=False)},
                    actor=_text(actor, "评估员"), role="evaluator")


def record_hotwash(service: IncidentService, incident_id: str, text: str, *, actor: str) -> None:
    service.command(incident_id, "log.hotwash", {"text": _text(text, "现场点评")},
                    actor=_text(actor, "点评人"), role="evaluator")


def record_improvement(service: IncidentService, incident_id: str, *, actor: str, item_id: str | None = None,
                       issue: str | None = None, action: str | None = None, owner: str | None = None,
                       due: str | date | None = None, status: str = "open",
                       existing: dict[str, dict[str, Any]] | None = None) -> str:
    """Add an improvement item, or update one (``item_id`` given): only the fields passed change."""
    existing = existing or {}
    if status not in IMPROVEMENT_STATUS:
        raise DrillInputError(f"状态 {status!r} 无效，可选：open（未开始）、in_progress（进行中）、done（已完成）")
    old = existing.get(item_id or "", {})
    if item_id is not None and not old:
        raise DrillInputError(f"没有编号为 {item_id} 的整改项")
    data: dict[str, Any] = {"id": item_id or f"IP{len(existing) + 1:02d}", "status": status}
    for name, value, zh in (("issue", issue, "存在问题"), ("action", action, "整改措施"), ("owner", owner, "责任单位")):
        if value is not None or not old:
            data[name] = _text(value, zh, 500)
    if due is not None or not old:
        if isinstance(due, date):
            data["due"] = due.isoformat()
        else:
            try:
                data["due"] = date.fromisoformat(_text(due, "完成期限", 10)).isoformat()
            except ValueError:
                raise DrillInputError(f"「完成期限」应为日期，如 2026-12-31，而不是 {due!r}") from None
    service.command(incident_id, "log.improvement", data, actor=_text(actor, "填报人"), role="evaluator")
    return data["id"]  # type: ignore[no-any-return]
