"""Report forms: the fields of §1.6 (food) and §2.3 (drug group adverse events) of the domain
notes, which of them each report kind carries, and how a filled form is checked.

A plan may list a kind's fields (``report_kinds.<kind>.fields``); otherwise the phase's default
list below applies. The header fields (事件名称、文号、报送单位、报告人 …) are on every form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from console.clock import CHINA_TZ
from console.errors import Problem

SECTIONS = ("基本情况", "产品信息", "事件经过", "原因分析", "处置情况", "下一步工作", "联系方式")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str  # text | longtext | int | datetime | level | choice
    max_len: int = 100
    section: str = "基本情况"
    choices: tuple[str, ...] = ()
    required: bool = False
    header: bool = False


def _f(key: str, label: str, type: str = "text", max_len: int = 100, section: str = "基本情况",
       choices: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(key, label, type, max_len, section, choices)


CATALOGUE: dict[str, FieldSpec] = {f.key: f for f in (
    # header (every form)
    _f("title", "事件名称", max_len=60),
    _f("doc_no", "文号", max_len=40),
    _f("reporting_unit", "报送单位", max_len=100),
    _f("recipients", "主送单位", max_len=200),
    _f("reporter", "报告人", max_len=50, section="联系方式"),
    _f("phone", "联系电话", max_len=30, section="联系方式"),
    _f("reported_at", "报告时间", "datetime"),
    _f("issuer", "签发人", max_len=50),
    # incident (§1.6 minimal schema)
    _f("received_at", "接报时间", "datetime"),
    _f("occurred_at", "发生时间", "datetime"),
    _f("category", "事件类别", "choice", 30, choices=("食物中毒", "食源性疾病", "食品污染", "舆情",
                                                   "药品群体不良事件", "医疗器械不良事件", "其他")),
    _f("location_admin", "发生地区", max_len=100),
    _f("location_detail", "详细地点", max_len=200),
    _f("location", "事件发生地点", max_len=200),
    _f("venue_type", "发生场所", max_len=50),
    _f("involved_unit", "事发单位", max_len=100),
    _f("exposed", "波及人数", "int"),
    _f("cases", "发病人数", "int"),
    _f("hospitalized", "住院人数", "int"),
    _f("critical", "危重人数", "int"),
    _f("deaths", "死亡人数", "int"),
    _f("first_onset_at", "首例发病时间", "datetime"),
    _f("last_onset_at", "末例发病时间", "datetime"),
    _f("suspect_food", "可疑食品", max_len=200),
    _f("distribution_scope", "流通范围", "longtext", 500),
    _f("preliminary_level", "事件级别", "level", 20),
    _f("level_confirmed_at", "级别确认时间", "datetime"),
    # drug / device (§2.3, 药品群体不良事件基本信息表)
    _f("product_name", "涉事产品名称", max_len=100, section="产品信息"),
    _f("product_type", "产品类别", "choice", 20, "产品信息", ("药品", "医疗器械", "疫苗", "化妆品")),
    _f("trade_name", "商品名", max_len=100, section="产品信息"),
    _f("generic_name", "通用名（含剂型）", max_len=100, section="产品信息"),
    _f("dosage_form", "剂型", max_len=50, section="产品信息"),
    _f("spec", "规格", max_len=50, section="产品信息"),
    _f("batch_no", "生产批号", max_len=100, section="产品信息"),
    _f("manufacturer", "生产单位", max_len=100, section="产品信息"),
    _f("approval_no", "批准文号", max_len=50, section="产品信息"),
    _f("monitoring_period", "监测期内药品", "choice", 4, "产品信息", ("是", "否")),
    _f("planned_immunization", "计划内免疫", "choice", 4, "产品信息", ("是", "否")),
    _f("using_unit", "使用单位", max_len=100),
    _f("users", "使用人数", "int"),
    _f("affected", "发生人数", "int"),
    _f("serious_cases", "严重病例数", "int"),
    # narrative
    _f("symptoms", "主要症状与体征", "longtext", 1000, "事件经过"),
    _f("main_symptoms", "主要临床表现", "longtext", 1000, "事件经过"),
    _f("brief_course", "事件简要经过", "longtext", 2000, "事件经过"),
    _f("developments", "事件发展与变化", "longtext", 2000, "事件经过"),
    _f("corrections", "对前次报告的补充与订正", "longtext", 1000, "事件经过"),
    _f("cause_prelim", "原因初步判断", "longtext", 1000, "原因分析"),
    _f("conclusion", "鉴定（调查）结论", "longtext", 1000, "原因分析"),
    _f("measures_taken", "已采取的措施", "longtext", 2000, "处置情况"),
    _f("control_status", "控制情况", "longtext", 1000, "处置情况"),
    _f("next_steps", "下一步工作", "longtext", 1000, "下一步工作"),
    _f("recommendations", "意见建议", "longtext", 1000, "下一步工作"),
    _f("onsite_lead", "现场负责人", max_len=50, section="联系方式"),
    _f("onsite_contact", "现场联系电话", max_len=30, section="联系方式"),
)}

HEADER = ("title", "doc_no", "reporting_unit", "recipients", "reporter", "phone", "reported_at", "issuer")
DEFAULT_BODY = {
    "initial": ("received_at", "occurred_at", "category", "location_admin", "location_detail", "venue_type",
                "involved_unit", "cases", "hospitalized", "critical", "deaths", "suspect_food", "symptoms",
                "brief_course", "cause_prelim", "measures_taken", "control_status", "onsite_lead",
                "onsite_contact"),
    "progress": ("developments", "cases", "hospitalized", "deaths", "cause_prelim", "measures_taken",
                 "control_status", "next_steps", "corrections"),
    "verified": ("preliminary_level", "level_confirmed_at", "cases", "hospitalized", "deaths",
                 "first_onset_at", "last_onset_at", "distribution_scope", "cause_prelim", "measures_taken",
                 "corrections"),
    "final": ("brief_course", "conclusion", "cause_prelim", "measures_taken", "control_status", "next_steps",
              "recommendations"),
    "adr_group": ("trade_name", "generic_name", "dosage_form", "spec", "batch_no", "manufacturer", "approval_no",
                  "monitoring_period", "planned_immunization", "using_unit", "users", "affected", "location",
                  "main_symptoms", "measures_taken"),
}
# Always on a phase's form, whatever the plan lists: the §2.3 event description of the
# group adverse-event form (主要表现、诊治过程与转归).
PHASE_EXTRA = {"adr_group": ("main_symptoms", "brief_course")}
REQUIRED = frozenset({
    "title", "reporting_unit", "reporter", "phone", "reported_at", "occurred_at", "location_detail",
    "location", "cases", "affected", "brief_course", "measures_taken", "control_status", "preliminary_level",
    "generic_name", "batch_no", "manufacturer", "using_unit", "product_name", "developments", "main_symptoms",
})
PHASE_TITLES = {"initial": "初报", "progress": "续报", "verified": "核报", "final": "终报",
                "adr_group": "药品群体不良事件基本信息表"}
# Pairs that must be in time order: (earlier, later).
TIME_ORDER = (("occurred_at", "received_at"), ("received_at", "reported_at"), ("occurred_at", "reported_at"),
              ("first_onset_at", "last_onset_at"), ("occurred_at", "level_confirmed_at"))
# Counts that cannot exceed another: (part, whole).
COUNT_ORDER = (("deaths", "cases"), ("hospitalized", "cases"), ("critical", "cases"), ("deaths", "affected"),
               ("serious_cases", "affected"), ("affected", "users"))


@dataclass(frozen=True)
class ReportForm:
    kind: str
    title: str
    phase: str
    fields: tuple[FieldSpec, ...]

    def spec(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


def form_for(plan: Any, kind: str) -> ReportForm:
    decl = plan.report_kinds[kind]
    phase = decl.get("phase", kind)
    body = decl.get("fields") or DEFAULT_BODY.get(phase, DEFAULT_BODY["progress"])
    body = list(body) + [k for k in PHASE_EXTRA.get(phase, ()) if k not in body]
    keys = list(HEADER) + [k for k in body if k not in HEADER and k in CATALOGUE]
    specs = []
    for k in dict.fromkeys(keys):
        s = CATALOGUE[k]
        specs.append(FieldSpec(s.key, s.label, s.type, s.max_len, s.section, s.choices,
                               required=k in REQUIRED, header=k in HEADER))
    return ReportForm(kind, decl.get("title", kind), phase, tuple(specs))


def parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(str(value).strip())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CHINA_TZ)
    return dt


def coerce(form: ReportForm, values: dict[str, Any],
           level_ids: tuple[str, ...]) -> tuple[dict[str, Any], list[Problem]]:
    """Turn raw input (strings from a form or the command line) into stored values.

    Returns the cleaned values and the hard problems (unknown field, overlong text, a number
    or time that is not one): those are refused even in a draft.
    """
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    known = set(form.keys)
    for key, raw in values.items():
        if key not in known:
            label = CATALOGUE[key].label if key in CATALOGUE else key
            problems.append(Problem(key, label, f"不是「{form.title}」的字段"))
            continue
        spec = form.spec(key)
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            out[key] = None
            continue
        if spec.type == "int":
            try:
                if isinstance(raw, bool):
                    raise ValueError
                v = int(str(raw).strip()) if not isinstance(raw, int) else raw
            except ValueError:
                problems.append(Problem(key, spec.label, f"必须是整数（填写的是「{raw}」）"))
                continue
            if v < 0:
                problems.append(Problem(key, spec.label, f"不能为负数（填写的是 {v}）"))
                continue
            if v > 100_000_000:
                problems.append(Problem(key, spec.label, f"数值过大（{v}）"))
                continue
            out[key] = v
        elif spec.type == "datetime":
            try:
                out[key] = parse_time(raw).isoformat(timespec="minutes")
            except ValueError:
                problems.append(Problem(key, spec.label, f"不是有效时间（填写的是「{raw}」，如 2026-11-22 14:30）"))
        else:
            text = str(raw).strip()
            if len(text) > spec.max_len:
                problems.append(Problem(key, spec.label, f"过长（{len(text)} 字，上限 {spec.max_len} 字）"))
                continue
            if spec.type == "level" and text not in level_ids:
                problems.append(Problem(key, spec.label, f"「{text}」不是预案中的级别（可选：{'、'.join(level_ids)}）"))
                continue
            if spec.type == "choice" and spec.choices and text not in spec.choices:
                problems.append(Problem(key, spec.label, f"「{text}」无效（可选：{'、'.join(spec.choices)}）"))
                continue
            out[key] = text
    return out, problems


def check_complete(form: ReportForm, values: dict[str, Any], now: datetime) -> list[Problem]:
    """The problems that block submission: missing required fields, times out of order,
    counts that contradict each other, a report time in the future."""
    problems: list[Problem] = []
    for f in form.fields:
        if f.required and values.get(f.key) in (None, ""):
            problems.append(Problem(f.key, f.label, "为必填项，不能为空"))
    times = {}
    for k, v in values.items():
        if v and k in CATALOGUE and CATALOGUE[k].type == "datetime":
            times[k] = parse_time(v)
    for a, b in TIME_ORDER:
        if a in times and b in times and times[a] > times[b]:
            problems.append(Problem(b, CATALOGUE[b].label,
                                    f"（{_show(times[b])}）早于「{CATALOGUE[a].label}」（{_show(times[a])}），时间顺序不对"))
    for k, t in times.items():
        if t > now + timedelta(minutes=5):
            problems.append(Problem(k, CATALOGUE[k].label, f"（{_show(t)}）晚于当前时间"))
    for part, whole in COUNT_ORDER:
        p, w = values.get(part), values.get(whole)
        if isinstance(p, int) and isinstance(w, int) and p > w:
            problems.append(Problem(part, CATALOGUE[part].label,
                                    f"（{p}）不能大于「{CATALOGUE[whole].label}」（{w}）"))
    return problems


def _show(t: datetime) -> str:
    return t.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")


def display(spec: FieldSpec, value: Any, level_names: dict[str, str] | None = None) -> str:
    """A stored value as the documents and the register show it."""
    if value in (None, ""):
        return "—"
    if spec.type == "datetime":
        return parse_time(value).astimezone(CHINA_TZ).strftime("%Y年%m月%d日 %H时%M分")
    if spec.type == "int":
        return f"{value} 人"
    if spec.type == "level" and level_names:
        return level_names.get(value, value)
    return str(value)
