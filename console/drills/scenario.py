"""Drill scenarios (演练脚本 / MSEL): loading and checking, with located Chinese errors.

A scenario names the plan it exercises, the drill type, objectives, the incident that opens
the drill, injects (released at a drill-clock offset or when something happens in the log),
the actions expected of the players, and the evaluation items the after-action report scores.
It is checked like a plan: schema first (jsonschema-rs confirms a valid file fast; the
Python validator writes the messages for an invalid one), then references against the plan.
See docs/drills.md for the format.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs

from console.clock import CHINA_TZ
from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.durations import DurationError, parse_duration
from console.plan.engine import Rejected, validate_facts
from console.plan.loader import decode_source, load_plan, position_for
from console.plan.model import Plan
from console.plan.schema import KeyRef, explain_error, short_repr
from console.plan.yamlpos import PMap, YamlProblem, load_positioned

SCHEMA_FILE = "drill-scenario-1.schema.json"
MAX_SCENARIO_BYTES = 1024 * 1024

DRILL_TYPES = {"tabletop": "桌面演练", "functional": "功能演练", "full_scale": "全面演练"}
# the organisation block (organisation:): three axes, the roster's roles (docs/drills.md)
FORMS = {"tabletop": "桌面", "functional": "功能", "full_scale": "全面"}
CONTENTS = {"single": "单项", "comprehensive": "综合"}
PURPOSES = {"test": "检验性", "demonstration": "示范性", "research": "研究性"}
ROSTER_ROLES = ("总指挥", "总策划", "导调", "评估员", "参演人员")
CHANNELS = {"phone": "电话", "sms": "短信", "fax": "传真", "email": "电子邮件", "radio": "对讲/电台",
            "in_person": "当面", "media": "媒体报道", "document": "公文", "system": "系统", "video": "视频会议"}
MILESTONE_KINDS = ("received", "start", "event", "state", "report", "task", "unit_task", "consultation",
                   "level", "decision", "inject", "expected", "facts", "materials", "deadline_missed", "approval")
# a datetime fact written ``now`` in a scenario: the drill time when the facts are applied
NOW = "now"


class ScenarioError(PlanError):
    """A scenario could not be loaded; carries every located error (like PlanError)."""


@dataclass(frozen=True)
class Milestone:
    """Something that happens in the log at a time: ``kind`` and its argument."""

    kind: str
    arg: Any = True

    @classmethod
    def of(cls, m: dict[str, Any]) -> Milestone:
        ((k, v),) = m.items()
        return cls(k, v)

    def key(self) -> str:
        return self.kind if self.arg is True else f"{self.kind}:{self.arg}"


@dataclass(frozen=True)
class Expectation:
    id: str
    title: str
    role: str
    within: timedelta
    action: dict[str, Any]
    auto_after: timedelta | None
    auto: bool
    inject: str

    @property
    def milestone(self) -> Milestone:
        """What in the log shows the action was done."""
        (k, v), = self.action.items()
        if k == "fire":
            return Milestone("event", v)
        if k == "consult":
            return Milestone("consultation", v["question"])
        if k == "decide_level":
            return Milestone("level", v["level"])
        if k == "facts":
            return Milestone("facts", sorted(v)[0])
        if k == "note":
            return Milestone("expected", self.id)
        if k == "approve":  # 登记上级批复: granted or refused, as the script expects
            return Milestone("approval" if v["granted"] else "approval_refused", v["approval"])
        return Milestone(k, v)


@dataclass(frozen=True)
class Answer:
    """An inject's model answer (参考答案): the text, and optionally where the plan should be after it."""

    text: str
    state: str | None = None
    level: str | None = None
    report: str | None = None
    event: str | None = None


@dataclass(frozen=True)
class Objective:
    """A drill objective (演练目标) with the capability it tests and the evaluator's guide (评估指南)."""

    id: str
    text: str
    capability: str = ""
    guide: tuple[str, ...] = ()


# quality checks of evaluation items (``check:``): computed from the log, or judged by the evaluator
CHECKS = {"report_fields": "报告要素齐全", "consultation_reasoning": "会商结论有研判理由",
          "level_basis": "级别认定有依据", "answer": "讨论答复", "decision": "处置决策", "evaluator": "评估员评定"}


@dataclass(frozen=True)
class Inject:
    id: str
    seq: int
    title: str
    part: str | None
    at: timedelta | None
    when: Milestone | None
    after: timedelta
    sender: str
    receiver: str
    channel: str
    kind: str
    text: str
    facts: dict[str, Any]
    expect: tuple[Expectation, ...]
    objective: str | None = None
    points: tuple[str, ...] = ()
    answer: Answer | None = None
    skip: timedelta | None = None  # 时间压缩: the drill clock jumps forward by this much as it goes out

    @property
    def schedule_text(self) -> str:
        if self.at is not None:
            return f"T+{_hm(self.at)}" + self.skip_suffix
        assert self.when is not None
        return f"{describe_milestone(self.when)}" + (f"后{_hm(self.after)}" if self.after else "时") + self.skip_suffix

    @property
    def skip_suffix(self) -> str:
        return f"（{skip_text(self.skip)}）" if self.skip else ""


@dataclass(frozen=True)
class EvaluationItem:
    id: str
    title: str
    objective: str | None
    measure: Milestone
    start: Milestone
    within: timedelta | None
    partly_within: timedelta | None
    before: Milestone | None
    basis: str | None
    check: tuple[str, Any] | None = None  # (kind, argument) of a quality check; see CHECKS


@dataclass(frozen=True)
class RosterEntry:
    name: str
    role: str  # 总指挥 | 总策划 | 导调 | 评估员 | 参演人员
    unit: str


@dataclass(frozen=True)
class Segment:
    """分段演练: the injects run at one site, released by its controller (导调)."""

    site: str
    controller: str
    injects: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    """The scenario's ``organisation:`` block: form, content and purpose, the roster, the
    early-stop criteria (意外终止) and the segments run across sites."""

    form: str  # tabletop | functional | full_scale
    content: str | None  # single | comprehensive
    purpose: str | None  # test | demonstration | research
    roster: tuple[RosterEntry, ...] = ()
    stop_criteria: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()

    @property
    def type_title(self) -> str:
        """e.g. 功能演练（综合·检验性）."""
        rest = "·".join(t for t in (CONTENTS.get(self.content or ""), PURPOSES.get(self.purpose or "")) if t)
        return f"{FORMS[self.form]}演练" + (f"（{rest}）" if rest else "")

    def segment_of(self, inject_id: str) -> Segment | None:
        return next((sg for sg in self.segments if inject_id in sg.injects), None)

    def people(self, role: str) -> tuple[RosterEntry, ...]:
        return tuple(r for r in self.roster if r.role == role)


def _axis(value: Any, titles: dict[str, str]) -> str | None:
    """A code given as itself or as its Chinese word."""
    if value is None:
        return None
    return value if value in titles else next((c for c, t in titles.items() if t == value), None)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    type: str
    plan_path: Path
    plan: Plan
    description: str
    location: str
    participants: tuple[str, ...]
    objectives: dict[str, str]
    parts: dict[str, str]
    incident: dict[str, Any]
    injects: tuple[Inject, ...]
    evaluation: tuple[EvaluationItem, ...]
    source_name: str
    source_text: str
    content_hash: str
    _by_id: dict[str, Inject] = field(default_factory=dict, compare=False, repr=False)
    objective_details: dict[str, Objective] = field(default_factory=dict, compare=False)
    organisation: Organisation | None = None

    def objective(self, objective_id: str) -> Objective:
        return self.objective_details.get(objective_id) or Objective(objective_id, self.objectives[objective_id])

    @property
    def type_title(self) -> str:
        if self.organisation is not None:
            return self.organisation.type_title
        return DRILL_TYPES[self.type]

    def inject(self, inject_id: str) -> Inject:
        return self._by_id[inject_id]

    def schedule_of(self, inj: Inject) -> str:
        """When an inject goes out, in the plan's words (「进入状态「现场核实」后0:15」, 「T+0:35」)."""
        if inj.at is not None or inj.when is None:
            return inj.schedule_text
        return (describe_milestone(inj.when, self.plan, self) + (f"后{_hm(inj.after)}" if inj.after else "时")
                + inj.skip_suffix)

    def expectations(self) -> list[Expectation]:
        return [e for i in self.injects for e in i.expect]


def _hm(td: timedelta) -> str:
    mins = int(td.total_seconds() // 60)
    return f"{mins // 60}:{mins % 60:02d}"


def span_text(td: timedelta) -> str:
    """「2 天」「1 天 6 小时」「30 分钟」: a skipped span in words."""
    secs = int(td.total_seconds())
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    mins = rem // 60
    parts = [f"{n} {u}" for n, u in ((days, "天"), (hours, "小时"), (mins, "分钟")) if n]
    return " ".join(parts) or f"{secs} 秒"


def skip_text(td: timedelta) -> str:
    """「时间压缩：跳过 2 天」 (what the trainer's view and the log say of an inject's ``skip``)."""
    return f"时间压缩：跳过 {span_text(td)}"


def resolve_facts(facts: Mapping[str, Any], plan: Plan, now: datetime) -> dict[str, Any]:
    """The facts with every datetime fact written ``now`` set to ``now`` (the drill time when they
    are applied: an inject's release after any skip, an auto-player's action); the rest as written."""
    stamp = now.astimezone(CHINA_TZ).isoformat(timespec="seconds")
    return {k: stamp if v == NOW and k in plan.facts and plan.facts[k].type == "datetime" else v
            for k, v in facts.items()}


def task_title(plan: Plan, task_id: str) -> str:
    """The title of the plan's task with this id (the id itself if none has one)."""
    for st in plan.states.values():
        for e in list(st.enter) + list(st.exit) + [e for tr in st.transitions for e in tr.effects]:
            if e.kind == "task" and e.params.get("id") == task_id and e.params.get("title"):
                return str(e.params["title"])
    return task_id


def describe_milestone(m: Milestone, plan: Plan | None = None, scenario: Scenario | None = None) -> str:
    a = m.arg
    if scenario is not None and m.kind == "expected":
        exp = next((e for e in scenario.expectations() if e.id == a), None)
        if exp is not None:
            return f"完成「{exp.title}」"
    if scenario is not None and m.kind == "inject" and a in scenario._by_id:
        return f"控制信息「{scenario.inject(a).title}」发出"
    if plan is not None:
        if m.kind in ("task", "deadline_missed") and a not in plan.report_kinds:
            a = task_title(plan, a)
        if m.kind == "event":
            a = plan.event_title(a)
        elif m.kind == "state" and a in plan.states:
            a = plan.state_title(a)
        elif m.kind in ("report", "deadline_missed") and a in plan.report_kinds:
            a = plan.report_kinds[a]["title"]
        elif m.kind == "unit_task" and a in plan.units:
            a = plan.units[a].get("title", a)
        elif m.kind == "level" and a in plan.level_ids:
            a = plan.level_name(a)
        elif m.kind == "consultation":
            a = {"grade": "分级研判", "escalate": "提级研判", "de_escalate": "降级研判", "terminate": "终止评估",
                 "technical": "技术会商"}.get(a, a)
        elif m.kind == "facts" and a in plan.facts:
            a = plan.facts[a].label
        elif m.kind in ("approval", "approval_refused") and a in plan.approvals:
            a = plan.approvals[a].title
    return {
        "received": "接报", "start": "演练开始", "event": f"执行「{a}」", "state": f"进入状态「{a}」",
        "report": f"报送{a}", "task": f"完成任务「{a}」", "unit_task": f"{a}完成任务",
        "consultation": f"{a}会商得出结论", "level": f"级别为{a}", "decision": "认定级别",
        "inject": f"注入 {a} 发出", "expected": f"完成预期行动 {a}", "facts": f"更新事实「{a}」",
        "materials": "物资送达", "deadline_missed": f"「{a}」超时",
        "approval": f"「{a}」获上级批准", "approval_refused": f"「{a}」未获上级批准",
    }.get(m.kind, m.key())


def _check_milestone(check: tuple[str, Any] | None) -> Milestone:
    """The milestone a quality check looks at (what the report shows as measured)."""
    k, v = check or ("evaluator", "")
    return {"report_fields": Milestone("report", v), "consultation_reasoning": Milestone("consultation", v),
            "level_basis": Milestone("decision"), "answer": Milestone("expected", v),
            "decision": Milestone("expected", v)}.get(k, Milestone("start"))


def parse_offset(text: str) -> timedelta:
    """A drill-clock offset: an ISO-8601 duration, zero allowed (``PT0M``)."""
    if isinstance(text, str) and re.fullmatch(r"P(T0+[HMS]|0+[DW])", text):
        return timedelta(0)
    return parse_duration(text)


# ---------------------------------------------------------------------------------------
# schema
# ---------------------------------------------------------------------------------------

@cache
def scenario_schema() -> dict[str, Any]:
    text = resources.files("console.drills.schema").joinpath(SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _fast_validator() -> Any:
    return jsonschema_rs.Draft202012Validator(scenario_schema())


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(scenario_schema())


def schema_errors(doc: Any) -> list[tuple[list[Any], str]]:
    if _fast_validator().is_valid(doc):
        return []
    out: list[tuple[list[Any], str]] = []
    seen = set()
    for err in _validator().iter_errors(doc):
        for path, msg in _explain_scenario(err):
            key = (tuple(map(str, path)), msg)
            if key not in seen:
                seen.add(key)
                out.append((path, msg))
    return out


def _explain_scenario(err: Any) -> list[tuple[list[Any], str]]:
    path = list(err.absolute_path)
    inst = err.instance
    if err.validator == "pattern" and err.validator_value == "^P":
        return [(path, f"无效的时长 {short_repr(inst)}：应为 ISO-8601 时长，如 PT0M、PT30M、PT2H、P1D")]
    if err.validator in ("maxProperties", "minProperties") and isinstance(inst, dict) \
            and any(k in ("fire", "report", "note", "consult") for k in inst):
        return [(path, "一个预期行动只能写一种动作（fire、report、task、unit_task、consult、decide_level、facts、"
                       "materials、note 之一）")]
    if err.validator in ("maxProperties", "minProperties") and isinstance(inst, dict) \
            and (not inst or all(k in MILESTONE_KINDS for k in inst)):
        return [(path, f"条件只能写一项（{'、'.join(MILESTONE_KINDS)} 之一），而这里有 {len(inst)} 项")]
    if err.validator == "const" and err.validator_value == "drill-scenario/1":
        return [(path, f"格式标识应为 `drill-scenario/1`，而这里是 {short_repr(inst)}")]
    return explain_error(err)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------

def load_scenario(path: str | Path, *, plan: Plan | None = None) -> Scenario:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:
        reason = "文件不存在" if isinstance(exc, FileNotFoundError) else f"无法读取（{exc.strerror or exc}）"
        raise ScenarioError([Diagnostic(str(p), 1, 1, "error", f"无法读取演练脚本：{reason}")]) from None
    return load_scenario_text(data, str(p), base=p.parent, plan=plan)


def load_scenario_text(data: str | bytes, name: str = "<演练脚本>", *, base: Path | None = None,
                       plan: Plan | None = None) -> Scenario:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    try:
        text = decode_source(raw, name)
    except PlanError as exc:
        raise ScenarioError([Diagnostic(d.file, d.line, d.col, d.severity,
                                        d.message.replace("预案", "演练脚本")) for d in exc.diagnostics]) from None
    try:
        doc = load_positioned(text)
    except YamlProblem as exc:
        raise ScenarioError([Diagnostic(name, exc.pos[0], exc.pos[1], "error",
                                        exc.message.replace("预案", "演练脚本"))]) from None
    if not isinstance(doc, PMap):
        raise ScenarioError([Diagnostic(name, 1, 1, "error",
                                        "演练脚本的顶层必须是映射（format、id、title、type、plan、injects …）")])
    diags = [Diagnostic(name, *position_for(doc, path), "error", msg) for path, msg in schema_errors(doc)]
    if diags:
        raise ScenarioError(diags)
    return _Checker(doc, name, base or Path.cwd(), text, plan).build()


class _Checker:
    def __init__(self, doc: PMap, name: str, base: Path, text: str, plan: Plan | None):
        self.doc = doc
        self.name = name
        self.base = base
        self.text = text
        self.plan = plan
        self.diags: list[Diagnostic] = []

    def error(self, path: list[Any], msg: str) -> None:
        self.diags.append(Diagnostic(self.name, *position_for(self.doc, path), "error", msg))

    def _duration(self, text: str, path: list[Any], offset: bool = False) -> timedelta | None:
        try:
            return parse_offset(text) if offset else parse_duration(text)
        except DurationError as exc:
            self.error(path, str(exc))
            return None

    # -- references into the plan -----------------------------------------------------
    def _plan(self) -> Plan | None:
        if self.plan is not None:
            return self.plan
        ref = self.doc["plan"]
        path = (self.base / ref).resolve()
        if not path.is_file():
            self.error(["plan"], f"找不到预案文件 `{ref}`（相对于演练脚本所在目录：{self.base}）")
            return None
        try:
            return load_plan(path)
        except PlanError as exc:
            first = exc.errors[0] if exc.errors else exc.diagnostics[0]
            self.error(["plan"], f"预案 `{ref}` 有 {len(exc.errors)} 处错误，无法用于演练（第一处：{first}）")
            return None

    def _plan_task_ids(self, plan: Plan) -> set[str]:
        out: set[str] = set()
        for st in plan.states.values():
            effs = list(st.enter) + list(st.exit) + [e for tr in st.transitions for e in tr.effects]
            out.update(e.params["id"] for e in effs if e.kind == "task" and e.params.get("id"))
        return out

    def _check_milestone(self, m: dict[str, Any], path: list[Any], plan: Plan, ids: dict[str, set[str]],
                         what: str) -> Milestone:
        ms = Milestone.of(m)
        k, a = ms.kind, ms.arg
        p = path + [k]
        known: dict[str, tuple[Any, str]] = {
            "event": (plan.events, "事件"), "state": (plan.states, "状态"), "report": (plan.report_kinds, "报告类型"),
            "unit_task": (plan.units, "工作组（单位）"), "facts": (plan.facts, "事实"),
            "level": (plan.level_ids, "级别"), "task": (ids["tasks"], "带 id 的任务"),
            "inject": (ids["injects"], "注入"), "expected": (ids["expect"], "预期行动"),
            "deadline_missed": (ids["tasks"] | set(plan.report_kinds), "任务 id 或报告类型"),
            "approval": (plan.approvals, "审批事项（报请批准）"),
        }
        if k in known:
            table, label = known[k]
            if a not in table:
                opts = "、".join(sorted(map(str, table))[:20])
                self.error(p, f"{what}引用了预案中没有的{label} `{a}`（可用：{opts or '无'}）"
                           if k not in ("inject", "expected") else f"{what}引用了不存在的{label} `{a}`")
        if k == "consultation" and a not in ("grade", "escalate", "de_escalate", "terminate", "technical"):
            self.error(p, f"未知的会商议题 `{a}`（可用：grade、escalate、de_escalate、terminate、technical）")
        return ms

    def build(self) -> Scenario:
        doc = self.doc
        plan = self._plan()
        if plan is None:
            raise ScenarioError(self.diags)
        ids: dict[str, set[str]] = {"tasks": self._plan_task_ids(plan), "injects": set(), "expect": set()}
        seen: dict[str, list[Any]] = {}

        def unique(ident: str, path: list[Any], what: str) -> None:
            if ident in seen:
                first = position_for(doc, seen[ident])
                self.error(path, f"重复的编号 `{ident}`（{what}；第一次出现在第 {first[0]} 行第 {first[1]} 列）")
            else:
                seen[ident] = path

        objectives: dict[str, str] = {}
        details: dict[str, Objective] = {}
        for i, o in enumerate(doc["objectives"]):
            unique(o["id"], ["objectives", i, "id"], "演练目标")
            objectives[o["id"]] = o["text"]
            details[o["id"]] = Objective(o["id"], o["text"], o.get("capability", ""), tuple(o.get("guide", ())))
        parts: dict[str, str] = {}
        for i, pt in enumerate(doc.get("parts", [])):
            unique(pt["id"], ["parts", i, "id"], "演练阶段")
            parts[pt["id"]] = pt["title"]
        for i, inj in enumerate(doc["injects"]):
            unique(inj["id"], ["injects", i, "id"], "注入")
            ids["injects"].add(inj["id"])
            for j, e in enumerate(inj.get("expect", [])):
                unique(e["id"], ["injects", i, "expect", j, "id"], "预期行动")
                ids["expect"].add(e["id"])
        for i, ev in enumerate(doc["evaluation"]):
            unique(ev["id"], ["evaluation", i, "id"], "评估项")

        inc = doc["incident"]
        role = inc.get("role", "duty_officer")
        if role not in plan.roles:
            self.error(["incident", "role"], f"预案的角色表中没有 `{role}`（可用：{'、'.join(plan.roles)}）")
        self._facts(plan, inc["facts"], ["incident", "facts"])
        incident = {"title": inc["title"], "facts": dict(inc["facts"]), "place": inc.get("place"),
                    "lat": inc.get("lat"), "lon": inc.get("lon"), "role": role,
                    "actor": inc.get("actor", "值班员（演练接报）")}

        injects = []
        for i, inj in enumerate(doc["injects"]):
            p = ["injects", i]
            if ("at" in inj) == ("when" in inj):
                self.error(p + ["id"], f"注入 `{inj['id']}` 需要且只能有一个发出时机："
                                       "`at`（演练时钟偏移）或 `when`（触发条件）")
            if "after" in inj and "when" not in inj:
                self.error(p + ["after"], "`after`（触发后延迟）只能与 `when` 一起使用")
            at = self._duration(inj["at"], p + ["at"], offset=True) if "at" in inj else None
            when = self._check_milestone(inj["when"], p + ["when"], plan, ids, "触发条件") if "when" in inj else None
            if when is not None and when.kind == "inject" and when.arg == inj["id"]:
                self.error(p + ["when", "inject"], f"注入 `{inj['id']}` 不能由它自己触发")
            after = ((self._duration(inj["after"], p + ["after"], offset=True) if "after" in inj else None)
                     or timedelta(0))
            skip = self._skip(inj["skip"], p + ["skip"]) if "skip" in inj else None
            if inj.get("part") is not None and inj["part"] not in parts:
                self.error(p + ["part"], f"未声明的演练阶段 `{inj['part']}`（已声明：{'、'.join(parts) or '无'}）")
            if inj["to"] not in plan.roles:
                self.error(p + ["to"], f"接收方 `{inj['to']}` 不是预案中的角色（可用：{'、'.join(plan.roles)}）")
            content = inj["content"]
            if "facts" in content:
                self._facts(plan, content["facts"], p + ["content", "facts"])
            expect = []
            for j, e in enumerate(inj.get("expect", [])):
                ep = p + ["expect", j]
                if e["role"] not in plan.roles:
                    self.error(ep + ["role"], f"角色 `{e['role']}` 不在预案的角色表中（可用：{'、'.join(plan.roles)}）")
                self._action(plan, e["action"], ep + ["action"], ids)
                self._approver(plan, e, ep)
                within = self._duration(e["within"], ep + ["within"])
                auto_after = (self._duration(e["auto_after"], ep + ["auto_after"], offset=True)
                              if "auto_after" in e else None)
                expect.append(Expectation(e["id"], e["title"], e["role"], within or timedelta(minutes=30),
                                          dict(e["action"]), auto_after, bool(e.get("auto", True)), inj["id"]))
            if inj.get("objective") is not None and inj["objective"] not in objectives:
                self.error(p + ["objective"],
                           f"未声明的演练目标 `{inj['objective']}`（已声明：{'、'.join(objectives)}）")
            answer = self._answer(plan, inj["answer"], p + ["answer"]) if "answer" in inj else None
            injects.append(Inject(inj["id"], i + 1, inj["title"], inj.get("part"), at, when, after, inj["from"],
                                  inj["to"], inj["channel"],
                                  content.get("kind", "facts" if "facts" in content else "message"),
                                  content["text"], dict(content.get("facts", {})), tuple(expect),
                                  inj.get("objective"), tuple(inj.get("points", ())), answer, skip))
        self._cycles(injects)
        organisation = self._organisation(doc, {i.id for i in injects})

        items = []
        for i, ev in enumerate(doc["evaluation"]):
            p = ["evaluation", i]
            if ev.get("objective") is not None and ev["objective"] not in objectives:
                self.error(p + ["objective"],
                           f"未声明的演练目标 `{ev['objective']}`（已声明：{'、'.join(objectives)}）")
            check = self._check(plan, ev, p, ids)
            if ("measure" in ev) == (check is not None):
                self.error(p + ["id"], f"评估项 `{ev['id']}` 需要且只能有一项："
                                       "`measure`（计时或先后）或 `check`（质量检查）")
            measure = (self._check_milestone(ev["measure"], p + ["measure"], plan, ids, "评估项") if "measure" in ev
                       else _check_milestone(check))
            start = self._check_milestone(ev["from"], p + ["from"], plan, ids, "评估起点") if "from" in ev \
                else Milestone("received")
            before = (self._check_milestone(ev["before"], p + ["before"], plan, ids, "评估项")
                      if "before" in ev else None)
            within = self._duration(ev["within"], p + ["within"]) if "within" in ev else None
            partly = self._duration(ev["partly_within"], p + ["partly_within"]) if "partly_within" in ev else None
            if within is None and before is None and "within" not in ev and check is None:
                self.error(p + ["id"], f"评估项 `{ev['id']}` 需要时限 `within` 或先后要求 `before`")
            if "partly_within" in ev and "within" not in ev:
                self.error(p + ["partly_within"], "`partly_within`（部分达标时限）需要先写 `within`")
            if within is not None and partly is not None and partly <= within:
                self.error(p + ["partly_within"],
                           f"部分达标时限（{ev['partly_within']}）应长于达标时限（{ev['within']}）")
            items.append(EvaluationItem(ev["id"], ev["title"], ev.get("objective"), measure, start, within,
                                        partly, before, ev.get("basis"), check))
        if self.diags:
            raise ScenarioError(self.diags)
        by_id = {i.id: i for i in injects}
        return Scenario(doc["id"], doc["title"], doc["type"], (self.base / doc["plan"]).resolve(), plan,
                        doc.get("description", ""), doc.get("location", ""), tuple(doc.get("participants", [])),
                        objectives, parts, incident, tuple(injects), tuple(items), self.name, self.text,
                        hashlib.sha256(self.text.encode("utf-8")).hexdigest(), by_id, details, organisation)

    def _answer(self, plan: Plan, a: dict[str, Any], path: list[Any]) -> Answer:
        """A model answer may name where the plan should stand after it: each name must exist."""
        known: dict[str, tuple[Any, str]] = {"state": (plan.states, "状态"), "level": (plan.level_ids, "级别"),
                                             "report": (plan.report_kinds, "报告类型"), "event": (plan.events, "事件")}
        for k, (table, label) in known.items():
            if k in a and a[k] not in table:
                opts = "、".join(sorted(map(str, table))[:20])
                self.error(path + [k], f"参考答案引用了预案中没有的{label} `{a[k]}`（可用：{opts or '无'}）")
        return Answer(a["text"], a.get("state"), a.get("level"), a.get("report"), a.get("event"))

    def _check(self, plan: Plan, ev: dict[str, Any], p: list[Any], ids: dict[str, set[str]]) -> tuple[str, Any] | None:
        if "check" not in ev:
            return None
        ((k, v),) = ev["check"].items()
        cp = p + ["check", k]
        if k == "report_fields" and v not in plan.report_kinds:
            self.error(cp, f"预案中没有报告类型 `{v}`（可用：{'、'.join(plan.report_kinds)}）")
        elif k == "consultation_reasoning" and v not in ("grade", "escalate", "de_escalate", "terminate", "technical"):
            self.error(cp, f"未知的会商议题 `{v}`（可用：grade、escalate、de_escalate、terminate、technical）")
        elif k in ("answer", "decision") and v not in ids["expect"]:
            self.error(cp, f"质量检查引用了不存在的预期行动 `{v}`")
        return (k, v)

    def _organisation(self, doc: PMap, inject_ids: set[str]) -> Organisation | None:
        """The optional ``organisation:`` block (older scenarios have none)."""
        org = doc.get("organisation")
        if org is None:
            return None
        p = ["organisation"]
        form = _axis(org.get("form"), FORMS) or doc["type"]
        if "form" in org and form != doc["type"]:
            self.error(p + ["form"], f"演练形式「{FORMS[form]}」与 `type: {doc['type']}`"
                                     f"（{FORMS[doc['type']]}）不一致：两处应写同一形式")
        roster = tuple(RosterEntry(r["name"].strip(), r["role"], (r.get("unit") or "").strip())
                       for r in org.get("roster", []))
        for role in ("总指挥",):
            if len([r for r in roster if r.role == role]) > 1:
                idx = [i for i, r in enumerate(roster) if r.role == role][1]
                self.error(p + ["roster", idx, "role"], f"演练只能有一位{role}")
        segments = []
        placed: dict[str, int] = {}
        for i, sg in enumerate(org.get("segments", [])):
            sp = p + ["segments", i]
            for j, iid in enumerate(sg["injects"]):
                if iid not in inject_ids:
                    self.error(sp + ["injects", j], f"分段「{sg['site']}」引用了不存在的注入 `{iid}`")
                elif iid in placed:
                    self.error(sp + ["injects", j],
                               f"注入 `{iid}` 已在第 {placed[iid] + 1} 个分段中：一条注入只能属于一个分段")
                else:
                    placed[iid] = i
            ctl = (sg.get("controller") or "").strip()
            if ctl and roster and not any(r.name == ctl and r.role == "导调" for r in roster):
                self.error(sp + ["controller"], f"分段导调「{ctl}」不在人员名单中（名单中的导调："
                                                f"{'、'.join(r.name for r in roster if r.role == '导调') or '无'}）")
            segments.append(Segment(sg["site"].strip(), ctl, tuple(sg["injects"])))
        return Organisation(form, _axis(org.get("content"), CONTENTS), _axis(org.get("purpose"), PURPOSES),
                            roster, tuple(t.strip() for t in org.get("stop_criteria", [])), tuple(segments))

    def _skip(self, text: Any, path: list[Any]) -> timedelta | None:
        """``skip:`` (时间压缩): a positive ISO-8601 duration."""
        try:
            return parse_duration(text)
        except DurationError as exc:
            self.error(path, f"`skip`（时间压缩）应为大于零的时长，如 PT6H、P2D：{exc}")
            return None

    def _facts(self, plan: Plan, facts: Any, path: list[Any]) -> None:
        for k, v in facts.items():
            decl = plan.facts.get(k)
            if v == NOW and decl is not None:
                if decl.type != "datetime":
                    self.error(path + [k], f"只有时间型事实（type: datetime）可以写 `now`（演练时钟的当前时间），"
                                          f"而「{decl.label}」（{k}）是 {decl.type} 型")
                continue
            try:
                validate_facts(plan, {k: v})
            except Rejected as r:
                self.error(path + ([KeyRef(k)] if k not in plan.facts else [k]), r.reason)

    def _action(self, plan: Plan, action: dict[str, Any], path: list[Any], ids: dict[str, set[str]]) -> None:
        (k, v), = action.items()
        p = path + [k]
        if k == "fire" and v not in plan.events:
            self.error(p, f"预案中没有事件 `{v}`（可用：{'、'.join(plan.events)}）")
        elif k == "report" and v not in plan.report_kinds:
            self.error(p, f"预案中没有报告类型 `{v}`（可用：{'、'.join(plan.report_kinds)}）")
        elif k == "task" and v not in ids["tasks"]:
            self.error(p, f"预案中没有 id 为 `{v}` 的任务（可用：{'、'.join(sorted(ids['tasks'])) or '无'}）")
        elif k == "unit_task" and v not in plan.units:
            self.error(p, f"预案中没有工作组 `{v}`（可用：{'、'.join(plan.units)}）")
        elif k == "consult" and v.get("level") is not None and v["level"] not in plan.level_ids:
            self.error(p + ["level"], f"预案中没有级别 `{v['level']}`（可用：{'、'.join(plan.level_ids)}）")
        elif k == "decide_level" and v["level"] not in plan.level_ids:
            self.error(p + ["level"], f"预案中没有级别 `{v['level']}`（可用：{'、'.join(plan.level_ids)}）")
        elif k == "facts":
            self._facts(plan, v, p)
        elif k == "approve":
            if v["approval"] not in plan.approvals:
                known = "、".join(plan.approvals) or "无（审批事项在第 2 版预案格式的 approvals 中声明）"
                self.error(p + ["approval"], f"预案中没有审批事项 `{v['approval']}`（可用：{known}）")
            if v["granted"] and not (v.get("doc_no") or "").strip():
                self.error(p + ["granted"], "批准须登记批准文号 `doc_no`（如 X政函〔2026〕12号）")
            if not v["granted"] and not (v.get("reason") or "").strip():
                self.error(p + ["granted"], "不予批准须写明理由 `reason`")

    def _approver(self, plan: Plan, e: Mapping[str, Any], path: list[Any]) -> None:
        """An expected 登记批复 must be by a role the plan lets record it."""
        v = e["action"].get("approve")
        decl = plan.approvals.get(v["approval"]) if v is not None else None
        if decl is not None and e["role"] in plan.roles and e["role"] not in decl.recorded_by:
            need = "、".join(f"{plan.role_title(r)}（{r}）" for r in sorted(decl.recorded_by))
            self.error(path + ["role"], f"角色「{plan.role_title(e['role'])}」无权登记「{decl.title}」的批复"
                                        f"（预案的 recorded_by：{need}）")

    def _cycles(self, injects: list[Inject]) -> None:
        """An inject triggered only by another inject must reach an offset or a log event."""
        by_id = {i.id: i for i in injects}
        for i, inj in enumerate(injects):
            seen = {inj.id}
            cur = inj
            while cur.when is not None and cur.when.kind == "inject" and cur.when.arg in by_id:
                cur = by_id[cur.when.arg]
                if cur.id in seen:
                    self.error(["injects", i, "when", "inject"], f"注入 `{inj.id}` 的触发条件形成循环，永远不会发出")
                    break
                seen.add(cur.id)


def check_files(paths: list[str]) -> tuple[list[Diagnostic], list[Scenario]]:
    diags: list[Diagnostic] = []
    ok = []
    for p in paths:
        try:
            ok.append(load_scenario(p))
        except PlanError as exc:
            diags.extend(exc.diagnostics)
    return diags, ok
