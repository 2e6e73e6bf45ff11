"""Scoring a drill from its log, and the evaluators' records (ratings, hot wash, improvement plan).

Timed items are scored automatically: the measured time from the item's start milestone
(receipt by default) to the milestone it measures, against ``within`` (达标) and
``partly_within`` (部分达标, default 1.5 × within). Order items (``before``) are met when the
measured milestone came first. Evaluator ratings, hot-wash notes (现场点评) and the
improvement plan (整改清单) are written as ``log.evaluation`` / ``log.hotwash`` /
``log.improvement`` events in the drill's own log: a change is a new event, the latest wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from console.drills.fold import LogFold
from console.drills.refusals import RefusedAttempt, by_objective
from console.drills.scenario import EvaluationItem, Expectation, Scenario, describe_milestone
from console.errors import Refused
from console.incidents.service import IncidentService
from console.plan.model import Plan

RESULTS = {"met": "达标", "partly": "部分达标", "not_met": "未达标"}
PENDING = "pending"  # a check only the evaluator can judge, not yet rated
# HSEEP core-capability ratings (评估指南的能力评定)
CAPABILITY_RATINGS = {"P": "顺利完成（P）", "S": "完成但存在一些问题（S）", "M": "完成但存在重大问题（M）",
                      "U": "未能完成（U）"}
FINDING_KINDS = {"strength": "优点（做得好的方面）", "improvement": "需改进的方面", "plan": "预案的合理性与可操作性",
                 "coordination": "指挥协调与应急联动", "equipment": "设备装备适用性", "cost": "成本效益",
                 "lesson": "经验教训"}
SIMULATED = "（演练模拟）"  # what an auto-player writes into a report field it cannot know
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
    rated_by: str | None = None

    @property
    def result_zh(self) -> str:
        return RESULTS.get(self.result, "待评估员评定")

    @property
    def final(self) -> str:
        """The evaluator's rating where given, else the computed result."""
        return self.rating or self.result

    @property
    def final_zh(self) -> str:
        return RESULTS.get(self.final, "待评估员评定")



def target_text(it: EvaluationItem, plan: Plan | None = None, scenario: Scenario | None = None) -> str:
    if it.check is not None:
        k, v = it.check
        if k == "report_fields":
            return f"{describe_milestone(it.measure, plan, scenario)}，必填要素齐全"
        if k == "consultation_reasoning":
            return f"{describe_milestone(it.measure, plan, scenario)}，结论写明研判理由"
        if k == "level_basis":
            return "认定级别时写明理由和依据"
        if k in ("answer", "decision"):
            return "讨论中作出答复，内容符合参考答案" if k == "answer" else "作出处置决策"
        return str(v)
    parts = []
    if it.within is not None:
        parts.append(f"{describe_milestone(it.start, plan, scenario)}后{fmt_span(it.within)}内"
                     f"{describe_milestone(it.measure, plan, scenario)}")
    if it.before is not None:
        parts.append(f"{describe_milestone(it.measure, plan, scenario)}先于"
                     f"{describe_milestone(it.before, plan, scenario)}")
    return "；".join(parts)


@dataclass(frozen=True)
class SubmittedReport:
    """A report as submitted (the fields the quality checks read)."""

    kind: str
    fields: dict[str, Any]
    submitted_at: datetime | None


def submitted_reports(db: Any, incident_id: str) -> list[SubmittedReport]:
    """The incident's submitted reports, oldest first (the latest version of each)."""
    from console.reports.service import ReportService

    out = [SubmittedReport(r.kind, dict(r.fields), r.submitted_at)
           for r in ReportService(db).register(incident_id) if r.status == "submitted"]
    return sorted(out, key=lambda x: x.submitted_at.timestamp() if x.submitted_at else float("inf"))


def score_item(scenario: Scenario, fold: LogFold, it: EvaluationItem,
               reports: Sequence[SubmittedReport] = ()) -> ItemResult:
    if it.check is not None:
        r = _check(scenario, fold, it, reports)
    else:
        r = _score(scenario, fold, it)
        if scenario.type == "tabletop" and it.within is not None and r.done_at is not None:
            # a discussion drill is scored on its decisions, not on the clock
            r = replace(r, result="met" if not (it.before and "晚于" in r.explanation) else "partly",
                        explanation="桌面推演按决策评定，不计时："
                        + describe_milestone(it.measure, scenario.plan, scenario))
    return replace(r, target_zh=target_text(it, scenario.plan, scenario))


def _reasoned(text: Any) -> bool:
    return isinstance(text, str) and len(text.strip()) >= 6


def _check(scenario: Scenario, fold: LogFold, it: EvaluationItem, reports: Sequence[SubmittedReport]) -> ItemResult:
    """A quality check: computed from the log where it can be, else left to the evaluator."""
    from console.reports.forms import form_for

    plan = scenario.plan
    assert it.check is not None
    k, v = it.check
    evs = fold.events_by_type
    if k == "report_fields":
        title = plan.report_kinds[v]["title"]
        mine = [x for x in reports if x.kind == v]
        if not mine:
            return ItemResult(it, "not_met", None, None, None, f"未报送{title}")
        rep = mine[0]
        form = form_for(plan, v)
        missing = [f.label for f in form.fields if f.required and rep.fields.get(f.key) in (None, "")]
        simulated = [f.label for f in form.fields if f.required and rep.fields.get(f.key) == SIMULATED]
        if missing:
            return ItemResult(it, "not_met", None, rep.submitted_at, None,
                              f"{title}缺少必填要素：{'、'.join(missing)}")
        if simulated:
            return ItemResult(it, "partly", None, rep.submitted_at, None,
                              f"{title}必填要素已填，但{'、'.join(simulated)}仅以模拟内容填写")
        return ItemResult(it, "met", None, rep.submitted_at, None,
                          f"{title}的{sum(f.required for f in form.fields)}项必填要素齐全")
    if k == "consultation_reasoning":
        what = describe_milestone(it.measure, plan, scenario)
        concl = [(at, d) for at, _a, d in evs.get("consult_concluded", []) if d.get("question") == v]
        if not concl:
            return ItemResult(it, "not_met", None, None, None, f"演练中未见「{what}」")
        at, d = concl[0]
        if _reasoned(d.get("summary")):
            return ItemResult(it, "met", None, at, None, f"会商结论写明理由：{d['summary']}")
        return ItemResult(it, "not_met", None, at, None, "会商得出结论，但未写明研判理由")
    if k == "level_basis":
        dec = evs.get("decide_level", [])
        if not dec:
            return ItemResult(it, "not_met", None, None, None, "未认定级别")
        at, _a, d = dec[0]
        if _reasoned(d.get("reason")) and d.get("basis"):
            return ItemResult(it, "met", None, at, None, f"认定理由：{d['reason']}（依据：{d['basis']}）")
        if _reasoned(d.get("reason")):
            return ItemResult(it, "partly", None, at, None, f"写明理由（{d['reason']}），未写明依据")
        return ItemResult(it, "not_met", None, at, None, "认定级别时未写明理由和依据")
    if k in ("answer", "decision"):
        exp = next(e for e in scenario.expectations() if e.id == v)
        resp = response_to(scenario, fold, exp)
        if resp is None:
            return ItemResult(it, "not_met", None, None, None, f"未作出「{exp.title}」")
        if k == "answer":
            return ItemResult(it, PENDING, None, resp.at, None, f"已答复：{resp.text}")
        return ItemResult(it, "met", None, resp.at, None, f"已决策：{resp.text}")
    return ItemResult(it, PENDING, None, None, None, "由评估员现场观察评定")


def _score(scenario: Scenario, fold: LogFold, it: EvaluationItem) -> ItemResult:
    plan = scenario.plan
    start = fold.milestone_time(scenario, it.start)
    if it.measure.kind == "expected":
        done = fold.milestone_time(scenario, it.measure)
    else:
        done = fold.first(it.measure.key(), after=start) if start is not None else fold.first(it.measure.key())
    what = describe_milestone(it.measure, plan, scenario)
    if done is None:
        why = (f"演练中未见「{what}」" if start is not None or it.within is None
               else f"起点（{describe_milestone(it.start, plan, scenario)}）未发生")
        return ItemResult(it, "not_met", start, None, None, why)
    measured = done - start if start is not None else None
    result = "met"
    notes = []
    if it.within is not None:
        if measured is None:
            return ItemResult(it, "not_met", None, done, None,
                              f"起点（{describe_milestone(it.start, plan, scenario)}）未发生")
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
            notes.append(f"{what}晚于{describe_milestone(it.before, plan, scenario)}（{done:%H:%M} > {other:%H:%M}）")
        else:
            notes.append(f"{what}先于{describe_milestone(it.before, plan, scenario)}" if other is not None
                         else f"已{what}（{describe_milestone(it.before, plan, scenario)}未发生）")
    return ItemResult(it, result, start, done, measured, "；".join(notes))


def evaluate(scenario: Scenario, fold: LogFold, reports: Sequence[SubmittedReport] = ()) -> list[ItemResult]:
    out = []
    for it in scenario.evaluation:
        r = score_item(scenario, fold, it, reports)
        rated = fold.ratings.get(it.id)
        if rated is not None:
            r = replace(r, rating=rated.get("rating"), note=rated.get("note"), rated_by=rated.get("actor"))
        out.append(r)
    return out


def summary(results: list[ItemResult]) -> dict[str, int]:
    out = dict.fromkeys([*RESULTS, PENDING], 0)
    for r in results:
        out[r.final] += 1
    return out


# -- players' responses (what was decided or answered, in words) -----------------------------

@dataclass(frozen=True)
class Response:
    """What a player did for an expected action: when, who, and in words."""

    expectation: Expectation
    at: datetime
    actor: str
    text: str
    on_time: bool


def response_to(scenario: Scenario, fold: LogFold, exp: Expectation) -> Response | None:
    released, done = fold.expectation_done(scenario, exp.id)
    if released is None or done is None:
        return None
    plan = scenario.plan
    (k, v), = exp.action.items()
    evs = fold.events_by_type
    text = describe_milestone(exp.milestone, plan)
    actor = ""

    def at_done(kind: str, pred: Any = None) -> tuple[str, dict[str, Any]] | None:
        for at, a, d in evs.get(kind, []):
            if at == done and (pred is None or pred(d)):
                return a, d
        return None

    hit: tuple[str, dict[str, Any]] | None = None
    if k == "note":
        hit = at_done("note", lambda d: d.get("expected") == exp.id)
        if hit:
            text = str(hit[1].get("text", ""))
    elif k == "consult":
        hit = at_done("consult_concluded", lambda d: d.get("question") == v["question"])
        if hit:
            d = hit[1]
            outcome = "同意" if d.get("outcome") == "approve" else "不同意"
            lv = f"，建议{plan.level_name(d['level'])}" if d.get("level") in plan.level_ids else ""
            text = f"{describe_milestone(exp.milestone, plan)}：{outcome}{lv}" + (f"。理由：{d['summary']}"
                                                                               if d.get("summary") else "")
            differ = [str(x) for x in d.get("dissent") or []]
            if differ:  # 不同意见 (保留意见) recorded with the conclusion
                text += f"。不同意见（{len(differ)} 位专家）：{'；'.join(differ)}"
    elif k == "decide_level":
        hit = at_done("decide_level")
        if hit:
            d = hit[1]
            text = f"认定为{plan.level_name(d.get('level'))}" + (f"。理由：{d['reason']}" if d.get("reason") else "") \
                + (f"（依据：{d['basis']}）" if d.get("basis") else "")
    elif k == "fire":
        hit = at_done("fire", lambda d: d.get("event") == v)
    elif k == "report":
        hit = at_done("submit_report", lambda d: d.get("kind") == v)
    elif k in ("task", "unit_task"):
        hit = at_done("complete_task")
    elif k == "approve":  # 登记上级批复: who approved, with the 文号 (or why not)
        hit = at_done("approval_decided", lambda d: d.get("approval") == v["approval"])
        if hit:
            d = hit[1]
            decl = plan.approvals.get(v["approval"])
            title = decl.title if decl is not None else v["approval"]
            by = d.get("by") or "上级"
            text = (f"登记「{title}」批复：{by}批准（文号：{d.get('doc_no') or '—'}）" if d.get("granted")
                    else f"登记「{title}」批复：{by}不予批准（理由：{d.get('reason') or '—'}）")
    if hit:
        actor = hit[0]
    return Response(exp, done, actor, text, done - released <= exp.within)


# -- objectives, capabilities and findings ------------------------------------------------

@dataclass(frozen=True)
class CapabilityRating:
    objective: str
    rating: str  # P S M U
    observation: str
    evaluator: str
    at: datetime

    @property
    def rating_zh(self) -> str:
        return CAPABILITY_RATINGS[self.rating]


@dataclass(frozen=True)
class ObjectiveResult:
    """One objective rolled up: its items, the computed capability rating and the evaluators' ones."""

    id: str
    text: str
    capability: str
    guide: tuple[str, ...]
    items: tuple[ItemResult, ...]
    computed: str | None  # P S M U from the items; None when nothing is scored yet
    ratings: tuple[CapabilityRating, ...] = ()
    # players' attempts the plan refused where an item of this objective concerns what they tried
    refused: tuple[RefusedAttempt, ...] = ()

    def count(self, result: str) -> int:
        return sum(x.final == result for x in self.items)

    @property
    def final(self) -> str | None:
        """The evaluators' rating (the most severe when they differ), else the computed one."""
        if self.ratings:
            return max((r.rating for r in self.ratings), key="PSMU".index)
        return self.computed

    @property
    def final_zh(self) -> str:
        return CAPABILITY_RATINGS[self.final] if self.final else "待评定"


def computed_rating(items: Sequence[ItemResult]) -> str | None:
    """P all met; S none unmet; M some unmet but at least half met; U otherwise."""
    scored = [x.final for x in items if x.final != PENDING]
    if not scored:
        return None
    met, unmet = scored.count("met"), scored.count("not_met")
    if met == len(scored):
        return "P"
    if unmet == 0:
        return "S"
    return "M" if met * 2 >= len(scored) else "U"


def rollup(scenario: Scenario, fold: LogFold, results: Sequence[ItemResult]) -> list[ObjectiveResult]:
    out = []
    refused = by_objective(scenario, fold.refused)
    for oid in scenario.objectives:
        o = scenario.objective(oid)
        items = tuple(x for x in results if x.item.objective == oid)
        ratings = tuple(CapabilityRating(oid, d["rating"], d.get("observation", ""), d["actor"], d["at"])
                        for (obj, _a), d in sorted(fold.objective_ratings.items(), key=lambda kv: kv[1]["at"])
                        if obj == oid)
        out.append(ObjectiveResult(oid, o.text, o.capability, o.guide, items, computed_rating(items), ratings,
                                   tuple(refused.get(oid, ()))))
    return out


@dataclass(frozen=True)
class Finding:
    kind: str  # FINDING_KINDS
    text: str
    cause: str = ""
    objective: str | None = None
    evaluator: str = ""  # empty: computed from the log
    at: datetime | None = None


def findings(scenario: Scenario, fold: LogFold, results: Sequence[ItemResult]) -> list[Finding]:
    """Strengths and areas for improvement computed from the results, then the evaluators' entries."""
    out = []
    for x in results:
        if x.final == "met":
            out.append(Finding("strength", f"{x.item.title}：{x.explanation}", "", x.item.objective))
        elif x.final in ("partly", "not_met"):
            cause = x.note or x.explanation
            out.append(Finding("improvement", f"{x.item.title}（{RESULTS[x.final]}）", cause, x.item.objective))
    for d in fold.findings:
        out.append(Finding(d["finding"], d.get("text", ""), d.get("cause", ""), d.get("objective"), d["actor"],
                           d["at"]))
    return out


@dataclass(frozen=True)
class Assessment:
    """Everything the evaluation and summary reports say about a drill's results."""

    results: list[ItemResult]
    objectives: list[ObjectiveResult]
    findings: list[Finding]
    responses: dict[str, Response] = field(default_factory=dict)
    refused: list[RefusedAttempt] = field(default_factory=list)  # every refused player attempt, in order

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def evaluators(self) -> list[str]:
        names = [r.rated_by for r in self.results if r.rated_by]
        names += [c.evaluator for o in self.objectives for c in o.ratings]
        names += [f.evaluator for f in self.findings if f.evaluator]
        return list(dict.fromkeys(names))


def assess(scenario: Scenario, fold: LogFold, reports: Sequence[SubmittedReport] = ()) -> Assessment:
    results = evaluate(scenario, fold, reports)
    responses = {e.id: r for e in scenario.expectations() if (r := response_to(scenario, fold, e)) is not None}
    return Assessment(results, rollup(scenario, fold, results), findings(scenario, fold, results), responses,
                      list(fold.refused))


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
    _text(actor, "评估员")
    service.command(incident_id, "log.evaluation",
                    {"item": item_id, "rating": rating, "note": _text(note, "评估意见", required=False)},
                    actor=_text(actor, "评估员"), role="evaluator")


def record_capability_rating(service: IncidentService, incident_id: str, scenario: Scenario, objective: str,
                             rating: str, observation: str = "", *, actor: str) -> None:
    """An evaluator's P/S/M/U rating of an objective's capability, with what they observed."""
    if objective not in scenario.objectives:
        raise DrillInputError(f"演练脚本中没有演练目标 {objective}"
                              f"（可选：{'、'.join(scenario.objectives) or '无'}）")
    if rating not in CAPABILITY_RATINGS:
        raise DrillInputError(f"能力评定 {rating!r} 无效，可选：P（顺利完成）、S（存在一些问题）、"
                              "M（存在重大问题）、U（未能完成）")
    service.command(incident_id, "log.evaluation",
                    {"objective": objective, "rating": rating, "observation": _text(observation, "观察记录")},
                    actor=_text(actor, "评估员"), role="evaluator")


def record_finding(service: IncidentService, incident_id: str, scenario: Scenario, kind: str, text: str,
                   cause: str = "", objective: str | None = None, *, actor: str) -> None:
    """An evaluator's finding: a strength, an area for improvement (with its cause), or a note on the plan,
    coordination, equipment, cost-effectiveness or a lesson learned."""
    if kind not in FINDING_KINDS:
        raise DrillInputError(f"评估发现的类别 {kind!r} 无效，可选："
                              + "、".join(f"{k}（{v}）" for k, v in FINDING_KINDS.items()))
    if objective is not None and objective not in scenario.objectives:
        raise DrillInputError(f"演练脚本中没有演练目标 {objective}"
                              f"（可选：{'、'.join(scenario.objectives) or '无'}）")
    data: dict[str, Any] = {"finding": kind, "text": _text(text, FINDING_KINDS[kind]),
                            "cause": _text(cause, "原因", required=False)}
    if objective is not None:
        data["objective"] = objective
    service.command(incident_id, "log.evaluation", data, actor=_text(actor, "评估员"), role="evaluator")


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
