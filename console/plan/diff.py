"""What changed between two versions of a plan, in the domain's terms (``plan diff OLD NEW``).

Plans are compared by meaning, not by text: two files that differ only in layout, comments or
key order are identical; a changed threshold reads 「Ⅲ级（A-III-1）：发病（中毒）人数 ≥ 30 → ≥ 50」,
a changed deadline 「［接报］初报（书面）时限 2小时 → 1小时」, a changed lead
「危害控制组 牵头：市卫健委 → 市市场监管局」. Each change is a ``Change`` record in an area
(``AREAS``, in the order officials read a revision), with the line of each side where the plan
text is known (``old_text``/``new_text`` given to ``diff_plans``, or ``diff_texts``).

Guards and effects are put into words as the checklist does (``console.plan.guards``,
``console.plan.checklist``), so a diff says a condition the way the plan's checklist does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from console.plan import approvals as approvals_
from console.plan.chain_diff import diff_report
from console.plan.chains import anchor_text, is_new_anchor
from console.plan.checklist import describe_effect
from console.plan.diff_grading import grading_changes, roles_text
from console.plan.durations import format_duration
from console.plan.guards import GuardContext, compile_guard
from console.plan.links import describe_handover
from console.plan.model import Effect, Plan, State, Transition, Within
from console.plan.yamlpos import PList, PMap, YamlProblem, load_positioned

# (area, Chinese title), in the order a revision is read
AREAS: tuple[tuple[str, str], ...] = (
    ("header", "基本信息"),
    ("levels", "级别与分级"),
    ("facts", "事实"),
    ("deadlines", "时限与周期"),
    ("reports", "报告"),
    ("tasks", "任务"),
    ("units", "责任单位"),
    ("states", "状态与转移"),
    ("consultations", "专家会商"),
    ("approvals", "报请批准"),
    ("materials", "应急物资"),
    ("other", "通知、级别调整与计时"),
    ("termination", "终止条件"),
)
AREA_TITLES: dict[str, str] = dict(AREAS)
KIND_TITLES: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}

_DOMAINS = {"food": "食品", "drug": "药品", "device": "医疗器械", "cosmetic": "化妆品", "vaccine": "疫苗",
            "public_health": "突发公共卫生事件"}
_ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}
_JLEVEL = {"province": "省级", "city": "市级", "county": "县级"}
_EFFECT_AREA = {"task": "tasks", "report": "reports", "consult": "consultations", "materials": "materials",
                "approval": "approvals"}
_QUESTION = {"grade": "分级研判", "escalate": "提升级别", "de_escalate": "降低级别",
             "terminate": "终止响应", "technical": "技术会商"}


@dataclass(frozen=True)
class Change:
    """One difference: ``title`` says it in full (「… 2小时 → 1小时」); ``old_text``/``new_text``
    are the two sides alone (None for an added or removed thing); ``*_loc`` the line in each file."""

    area: str
    key: str
    kind: str  # added | removed | changed
    title: str
    old_text: str | None = None
    new_text: str | None = None
    old_loc: int | None = None
    new_loc: int | None = None

    @property
    def area_title(self) -> str:
        return AREA_TITLES.get(self.area, self.area)

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)

    @property
    def where(self) -> str:
        """「第 97 行 → 第 98 行」, 「新 第 40 行」, 「旧 第 40 行」 or ''."""
        if self.old_loc is not None and self.new_loc is not None:
            if self.old_loc == self.new_loc:
                return f"第 {self.old_loc} 行"
            return f"第 {self.old_loc} 行 → 第 {self.new_loc} 行"
        if self.new_loc is not None:
            return f"新 第 {self.new_loc} 行"
        if self.old_loc is not None:
            return f"旧 第 {self.old_loc} 行"
        return ""


@dataclass(frozen=True)
class PlanSide:
    """Which plan a side of the comparison is: where it came from, its title, version and hash."""

    name: str
    plan_id: str
    title: str
    version: str
    content_hash: str

    @property
    def label(self) -> str:
        return f"{self.title} v{self.version}（{self.name}，哈希 {self.content_hash[:12]}）"


@dataclass(frozen=True)
class PlanDiff:
    old: PlanSide
    new: PlanSide
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def identical(self) -> bool:
        return not self.changes

    def by_area(self) -> list[tuple[str, str, list[Change]]]:
        """(area, Chinese title, its changes) for every area that has changes, in ``AREAS`` order."""
        out = []
        for area, title in AREAS:
            items = [c for c in self.changes if c.area == area]
            if items:
                out.append((area, title, items))
        return out

    def text(self) -> str:
        """The diff for people: grouped by area, one line per change with its line numbers."""
        lines = [f"旧版：{self.old.label}", f"新版：{self.new.label}"]
        if self.identical:
            lines.append("两个版本含义相同：没有变化")
            return "\n".join(lines)
        lines.append(f"共 {len(self.changes)} 处变化")
        for _area, title, items in self.by_area():
            lines.append("")
            lines.append(f"【{title}】（{len(items)}）")
            for c in items:
                where = f"  （{c.where}）" if c.where else ""
                lines.append(f"  {c.kind_title}  {c.title}{where}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "old": asdict(self.old),
            "new": asdict(self.new),
            "identical": self.identical,
            "changes": [dict(asdict(c), area_title=c.area_title) for c in self.changes],
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


# -- the plan text, for positions and the guards as written ------------------------------------

class _Source:
    """The parsed text of a plan (or nothing): the line of a path, the raw node at a path."""

    def __init__(self, text: str | None):
        self.doc: Any = None
        if text is not None:
            try:
                self.doc = load_positioned(text)
            except YamlProblem:  # the plan was loaded from it, so this does not happen
                self.doc = None

    def node(self, path: list[Any]) -> Any:
        cur = self.doc
        for part in path:
            if isinstance(cur, dict) and part in cur:
                cur = cur[part]
            elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
                cur = cur[part]
            else:
                return None
        return cur

    def line(self, path: list[Any]) -> int | None:
        if self.doc is None or not path:
            return None
        parent = self.node(path[:-1])
        last = path[-1]
        if isinstance(parent, PMap) and last in parent.key_pos:
            return parent.key_pos[last][0]
        if isinstance(parent, PList) and isinstance(last, int) and 0 <= last < len(parent.item_pos):
            return parent.item_pos[last][0]
        if path[:-1]:
            return self.line(path[:-1])
        return None


def _state_path(plan: Plan, sid: str) -> list[Any]:
    chain = list(reversed(plan.ancestors(sid)))
    out: list[Any] = ["states", chain[0]]
    for s in chain[1:]:
        out += ["states", s]
    return out


def _effect_path(e: Effect) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in e.path.split(".")] if e.path else []


# -- words ---------------------------------------------------------------------------------------

def level_text(level: str | None) -> str:
    """「Ⅲ级」 for a level id (the plan's own id where it is not a Roman numeral)."""
    if level is None:
        return "未分级"
    return f"{_ROMAN.get(level, level)}级"


def _arrow(what: str, old: Any, new: Any) -> str:
    return f"{what} {_show(old)} → {_show(new)}"


def _show(v: Any) -> str:
    if v is None or v == "" or v == () or v == []:
        return "（无）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (list, tuple, frozenset, set)):
        return "、".join(str(x) for x in v)
    return str(v)


def _roles(plan: Plan, roles: frozenset[str] | None) -> str:
    return "、".join(plan.role_title(r) for r in sorted(roles)) if roles else "任何角色"


def _within(plan: Plan, w: Within | None) -> str | None:
    """「1小时」, or by level 「Ⅰ级1小时，Ⅱ级1小时，其他2小时」."""
    if w is None:
        return None
    if w.immediate:
        return "立即"
    if not w.by_level and w.default is not None:
        return format_duration(w.default)
    parts = [f"{level_text(lv)}{format_duration(w.by_level[lv])}" for lv in plan.level_ids if lv in w.by_level]
    if w.default is not None:
        parts.append(f"其他{format_duration(w.default)}")
    return "，".join(parts)


def _anchor(plan: Plan, a: str) -> str:
    if a == "entry":
        return "自进入本阶段"
    if a == "received":
        return "自接报"
    if is_new_anchor(a):  # format 2: 自「发现时间」, 自「初报」首次报送 …
        return anchor_text(plan, a).removesuffix("起")
    return f"自「{plan.event_title(a[6:])}」"


def _ends(e: Effect) -> bool:
    """Does leaving its state cancel this deadline (format 1: always)?"""
    return True if e.cancel_on_exit is None else bool(e.cancel_on_exit)


def _guard_ctx(plan: Plan) -> GuardContext:
    return GuardContext(
        facts=dict(plan.facts),
        level_ids=plan.level_ids,
        state_ids=set(plan.states),
        state_titles={sid: st.title for sid, st in plan.states.items()},
        units={u: str(v.get("title", u)) for u, v in plan.units.items()},
        report_kinds={k: str(v.get("title", k)) for k, v in plan.report_kinds.items()},
        error=lambda _path, _msg: None,
        approvals={k: a.title for k, a in plan.approvals.items()},
        format_version=plan.format_version,
    )


def _node_text(plan: Plan, node: Any) -> str:
    g = compile_guard(node, _guard_ctx(plan), [])
    return g.text if g is not None else str(node)


def _plain(node: Any) -> Any:
    """A raw YAML node as plain data (for comparing by meaning)."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _guard_pairs(old: Plan, new: Plan, a: Any, b: Any) -> list[tuple[str | None, str | None, str | None]]:
    """The parts of two guards that differ: (old words, new words, fact label when both compare one fact)."""
    if _plain(a) == _plain(b):
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        for comb in ("all", "any"):
            if comb in a and comb in b:
                xs, ys = list(a[comb]), list(b[comb])
                if len(xs) == len(ys):
                    out = []
                    for x, y in zip(xs, ys, strict=True):
                        out += _guard_pairs(old, new, x, y)
                    return out
                px, py = [_plain(x) for x in xs], [_plain(y) for y in ys]
                out2: list[tuple[str | None, str | None, str | None]] = []
                out2 += [(_node_text(old, x), None, None) for x, p in zip(xs, px, strict=True) if p not in py]
                out2 += [(None, _node_text(new, y), None) for y, p in zip(ys, py, strict=True) if p not in px]
                return out2
        if "not" in a and "not" in b:
            return _guard_pairs(old, new, a["not"], b["not"])
        if "fact" in a and "fact" in b and a["fact"] == b["fact"]:
            ta, tb = _node_text(old, a), _node_text(new, b)
            la, lb = old.facts[a["fact"]].label, new.facts[b["fact"]].label
            if la == lb and ta.startswith(la) and tb.startswith(lb):
                return [(ta, tb, la)]
            return [(ta, tb, None)]
    return [(_node_text(old, a), _node_text(new, b), None)]


def _pair_title(o: str | None, n: str | None, label: str | None) -> str:
    if o is None:
        return f"增加条件 {n}"
    if n is None:
        return f"删去条件 {o}"
    if label:
        return f"{label} {o[len(label):].strip()} → {n[len(label):].strip()}"
    return f"{o} → {n}"


# -- the comparison ------------------------------------------------------------------------------

class _Differ:
    def __init__(self, old: Plan, new: Plan, old_text: str | None, new_text: str | None):
        self.old, self.new = old, new
        self.os, self.ns = _Source(old_text), _Source(new_text)
        self.out: list[Change] = []

    def add(self, area: str, key: str, kind: str, title: str, old_text: str | None = None,
            new_text: str | None = None, old_path: list[Any] | None = None,
            new_path: list[Any] | None = None) -> None:
        self.out.append(Change(area, key, kind, title, old_text, new_text,
                               self.os.line(old_path) if old_path is not None and kind != "added" else None,
                               self.ns.line(new_path) if new_path is not None and kind != "removed" else None))

    def changed(self, area: str, key: str, what: str, old: Any, new: Any, path_o: list[Any],
                path_n: list[Any] | None = None) -> None:
        if old != new:
            self.add(area, key, "changed", _arrow(what, old, new), _show(old), _show(new),
                     path_o, path_o if path_n is None else path_n)

    def guard(self, area: str, key: str, prefix: str, og: Any, ng: Any, path_o: list[Any],
              path_n: list[Any]) -> None:
        """A guard (``when``) compared by meaning: each differing part of it as a change."""
        o_node, n_node = self.os.node(path_o), self.ns.node(path_n)
        o_text = og.text if og is not None else None
        n_text = ng.text if ng is not None else None
        if o_node is not None or n_node is not None or (self.os.doc is not None and self.ns.doc is not None):
            if o_node is None or n_node is None:
                if _plain(o_node) != _plain(n_node):
                    self.add(area, key, "changed", f"{prefix}条件 {_show(o_text)} → {_show(n_text)}",
                             o_text, n_text, path_o, path_n)
                return
            for i, (o, n, label) in enumerate(_guard_pairs(self.old, self.new, o_node, n_node)):
                self.add(area, f"{key}#{i}", "changed", f"{prefix}{_pair_title(o, n, label)}", o, n, path_o, path_n)
            return
        if o_text != n_text:  # no text to read: the compiled words
            self.add(area, key, "changed", f"{prefix}条件 {_show(o_text)} → {_show(n_text)}",
                     o_text, n_text, path_o, path_n)

    def run(self) -> tuple[Change, ...]:
        self.header()
        self.levels()
        self.facts()
        self.report_kinds()
        self.units()
        grading_changes(self)  # format 2 §B: leads, 需认定 rules, optional raises (console.plan.diff_grading)
        self.states()
        self.effects()
        approvals_.diff_approvals(self, self.old, self.new, level_text, _within)
        order = {a: i for i, (a, _) in enumerate(AREAS)}
        return tuple(sorted(self.out, key=lambda c: order.get(c.area, len(order))))  # stable within an area

    # -- header ------------------------------------------------------------------------------
    def header(self) -> None:
        o, n = self.old, self.new
        self.changed("header", "title", "预案名称", o.title, n.title, ["title"])
        self.changed("header", "id", "预案编号", o.id, n.id, ["id"])
        self.changed("header", "version", "版本", o.version, n.version, ["version"])
        if o.format_version != n.format_version:
            note = ("：期限持续到完成，除非预案另有规定（cancel_on_exit）" if n.format_version >= 2
                    else "：离开状态即取消其期限")
            self.add("header", "format", "changed",
                     f"格式 emergency-plan/{o.format_version} → emergency-plan/{n.format_version}{note}",
                     f"emergency-plan/{o.format_version}", f"emergency-plan/{n.format_version}",
                     ["format"], ["format"])
        oj = f"{o.jurisdiction_name}（{o.jurisdiction_code}）"
        nj = f"{n.jurisdiction_name}（{n.jurisdiction_code}）"
        self.changed("header", "jurisdiction", "辖区", oj, nj, ["jurisdiction"])
        self.changed("header", "jurisdiction.level", "辖区级别",
                     _JLEVEL.get(o.jurisdiction_level or "", o.jurisdiction_level),
                     _JLEVEL.get(n.jurisdiction_level or "", n.jurisdiction_level), ["jurisdiction", "level"])
        self.changed("header", "domain", "领域", _DOMAINS.get(o.domain, o.domain), _DOMAINS.get(n.domain, n.domain),
                     ["domain"])
        if (o.description or "").split() != (n.description or "").split():
            self.add("header", "description", "changed", "适用范围说明已修改", o.description, n.description,
                     ["description"], ["description"])
        for i, b in enumerate(o.basis):
            if b not in n.basis:
                self.add("header", f"basis:{b}", "removed", f"编制依据删去「{b}」", b, None, ["basis", i])
        for i, b in enumerate(n.basis):
            if b not in o.basis:
                self.add("header", f"basis:{b}", "added", f"编制依据增加「{b}」", None, b, None, ["basis", i])
        for r, t in o.roles.items():
            if r not in n.roles:
                self.add("header", f"role:{r}", "removed", f"删除角色「{t}」（{r}）", t, None, ["roles", r])
            elif n.roles[r] != t:
                self.changed("header", f"role:{r}", f"角色 {r} 名称", t, n.roles[r], ["roles", r])
        for r, t in n.roles.items():
            if r not in o.roles:
                self.add("header", f"role:{r}", "added", f"新增角色「{t}」（{r}）", None, t, None, ["roles", r])

    # -- levels and grading ------------------------------------------------------------------
    def levels(self) -> None:
        o, n = self.old, self.new
        oi = {lv.id: i for i, lv in enumerate(o.levels)}
        ni = {lv.id: i for i, lv in enumerate(n.levels)}
        for lv in o.levels:
            if lv.id not in ni:
                self.add("levels", f"level:{lv.id}", "removed", f"删除级别 {level_text(lv.id)}（{lv.name}）",
                         lv.name, None, ["levels", oi[lv.id]])
                continue
            nl = n.levels[ni[lv.id]]
            po, pn = ["levels", oi[lv.id]], ["levels", ni[lv.id]]
            name = level_text(lv.id)
            self.changed("levels", f"level:{lv.id}:name", f"{name} 名称", lv.name, nl.name, po, pn)
            self.changed("levels", f"level:{lv.id}:authority", f"{name} 组织应对", lv.authority, nl.authority, po, pn)
            self.changed("levels", f"level:{lv.id}:response", f"{name} 响应", lv.response, nl.response, po, pn)
            self.changed("levels", f"level:{lv.id}:colour", f"{name} 颜色", lv.colour, nl.colour, po, pn)
        for lv in n.levels:
            if lv.id not in oi:
                self.add("levels", f"level:{lv.id}", "added", f"新增级别 {level_text(lv.id)}（{lv.name}）",
                         None, lv.name, None, ["levels", ni[lv.id]])
        if [lv.id for lv in o.levels if lv.id in ni] != [lv.id for lv in n.levels if lv.id in oi]:
            self.add("levels", "levels:order", "changed",
                     _arrow("级别顺序（从最严重起）", [level_text(x) for x in o.level_ids],
                            [level_text(x) for x in n.level_ids]), None, None, ["levels"], ["levels"])
        if o.decision_roles != n.decision_roles:
            self.changed("levels", "decision_roles", "可确定级别的角色", _roles(o, o.decision_roles),
                         _roles(n, n.decision_roles), ["grading", "decision_roles"])
        # rules
        orules = {r.id: (i if r.position is None else r.position, r) for i, r in enumerate(o.rules)}
        nrules = {r.id: (i if r.position is None else r.position, r) for i, r in enumerate(n.rules)}
        for rid, (i, r) in orules.items():
            po = ["grading", "rules", i]
            if rid not in nrules:
                self.add("levels", f"rule:{rid}", "removed",
                         f"删除分级规则 {level_text(r.level)}（{rid}）：{r.title}；条件：{r.when.text}",
                         r.when.text, None, po)
                continue
            j, nr = nrules[rid]
            pn = ["grading", "rules", j]
            head = f"{level_text(nr.level)}（{rid}）："
            if r.level != nr.level:
                self.add("levels", f"rule:{rid}:level", "changed",
                         f"分级规则（{rid}）级别 {level_text(r.level)} → {level_text(nr.level)}",
                         level_text(r.level), level_text(nr.level), po + ["level"], pn + ["level"])
            self.guard("levels", f"rule:{rid}:when", head, r.when, nr.when, po + ["when"], pn + ["when"])
            self.changed("levels", f"rule:{rid}:title", f"{head}名称", r.title, nr.title,
                         po + ["title"], pn + ["title"])
            self.changed("levels", f"rule:{rid}:uncertain", f"{head}待核实", r.uncertain, nr.uncertain, po, pn)
            self.changed("levels", f"rule:{rid}:basis", f"{head}依据", r.basis, nr.basis, po, pn)
        for rid, (j, r) in nrules.items():
            if rid not in orules:
                self.add("levels", f"rule:{rid}", "added",
                         f"新增分级规则 {level_text(r.level)}（{rid}）：{r.title}；条件：{r.when.text}",
                         None, r.when.text, None, ["grading", "rules", j])
        # modifiers
        omods = {m.id: (i, m) for i, m in enumerate(o.modifiers)}
        nmods = {m.id: (i, m) for i, m in enumerate(n.modifiers)}
        for mid, (i, m) in omods.items():
            po = ["grading", "modifiers", i]
            if mid not in nmods:
                self.add("levels", f"modifier:{mid}", "removed", f"删除级别调整（{mid}）：{m.title}",
                         m.when.text, None, po)
                continue
            j, nm = nmods[mid]
            pn = ["grading", "modifiers", j]
            head = f"级别调整（{mid}）："
            self.guard("levels", f"modifier:{mid}:when", head, m.when, nm.when, po + ["when"], pn + ["when"])
            self.changed("levels", f"modifier:{mid}:raise", f"{head}提高级数", m.raise_by, nm.raise_by, po, pn)
            self.changed("levels", f"modifier:{mid}:max", f"{head}最高提至",
                         level_text(m.max_level) if m.max_level else None,
                         level_text(nm.max_level) if nm.max_level else None, po, pn)
            self.changed("levels", f"modifier:{mid}:title", f"{head}名称", m.title, nm.title, po, pn)
            self.changed("levels", f"modifier:{mid}:uncertain", f"{head}待核实", m.uncertain, nm.uncertain, po, pn)
        for mid, (j, m) in nmods.items():
            if mid not in omods:
                self.add("levels", f"modifier:{mid}", "added", f"新增级别调整（{mid}）：{m.title}；条件：{m.when.text}",
                         None, m.when.text, None, ["grading", "modifiers", j])

    # -- facts -------------------------------------------------------------------------------
    def facts(self) -> None:
        o, n = self.old, self.new
        for fid, f in o.facts.items():
            p = ["facts", fid]
            if fid not in n.facts:
                self.add("facts", f"fact:{fid}", "removed", f"删除事实「{f.label}」（{fid}）", f.label, None, p)
                continue
            g = n.facts[fid]
            head = f"事实「{g.label}」"
            self.changed("facts", f"fact:{fid}:label", f"事实 {fid} 名称", f.label, g.label, p)
            self.changed("facts", f"fact:{fid}:type", f"{head}类型", f.type, g.type, p)
            self.changed("facts", f"fact:{fid}:min", f"{head}下限", f.min, g.min, p)
            self.changed("facts", f"fact:{fid}:max", f"{head}上限", f.max, g.max, p)
            self.changed("facts", f"fact:{fid}:unit", f"{head}单位", f.unit, g.unit, p)
            self.changed("facts", f"fact:{fid}:required", f"{head}必填", f.required, g.required, p)
            self.changed("facts", f"fact:{fid}:stamp", f"{head}自动记录", approvals_.stamp_words(o, fid),
                         approvals_.stamp_words(n, fid), p)
            self.changed("facts", f"fact:{fid}:input", f"{head}在事实表单中填写", f.input, g.input, p)
            self.changed("facts", f"fact:{fid}:values", f"{head}可选值",
                         [f.labels.get(v, v) for v in f.values], [g.labels.get(v, v) for v in g.values], p)
            self.changed("facts", f"fact:{fid}:at_most", f"{head}不超过",
                         o.facts[f.at_most].label if f.at_most and f.at_most in o.facts else f.at_most,
                         n.facts[g.at_most].label if g.at_most and g.at_most in n.facts else g.at_most, p)
        for fid, g in n.facts.items():
            if fid not in o.facts:
                self.add("facts", f"fact:{fid}", "added", f"新增事实「{g.label}」（{fid}）", None, g.label,
                         None, ["facts", fid])

    def report_kinds(self) -> None:
        o, n = self.old, self.new
        for k, v in o.report_kinds.items():
            p = ["report_kinds", k]
            if k not in n.report_kinds:
                self.add("reports", f"report_kind:{k}", "removed", f"删除报告类型「{v.get('title')}」（{k}）",
                         str(v.get("title")), None, p)
                continue
            w = n.report_kinds[k]
            self.changed("reports", f"report_kind:{k}:title", f"报告类型 {k} 名称", v.get("title"), w.get("title"), p)
            self.changed("reports", f"report_kind:{k}:phase", f"报告类型「{w.get('title')}」阶段",
                         v.get("phase"), w.get("phase"), p)
            if _plain(v.get("fields")) != _plain(w.get("fields")):
                self.add("reports", f"report_kind:{k}:fields", "changed", f"报告类型「{w.get('title')}」的栏目已修改",
                         None, None, p, p)
        for k, w in n.report_kinds.items():
            if k not in o.report_kinds:
                self.add("reports", f"report_kind:{k}", "added", f"新增报告类型「{w.get('title')}」（{k}）",
                         None, str(w.get("title")), None, ["report_kinds", k])

    # -- units -------------------------------------------------------------------------------
    def units(self) -> None:
        o, n = self.old, self.new
        for uid, u in o.units.items():
            p = ["units", uid]
            title = str(u.get("title", uid))
            if uid not in n.units:
                self.add("units", f"unit:{uid}", "removed", f"删除责任单位「{title}」（牵头：{_show(u.get('lead'))}）",
                         title, None, p)
                continue
            v = n.units[uid]
            nt = str(v.get("title", uid))
            self.changed("units", f"unit:{uid}:title", f"责任单位 {uid} 名称", title, nt, p)
            for key, word in (("lead", "牵头"), ("duties", "职责")):
                if key == "lead" and (uid in o.leads or uid in n.leads):
                    continue  # by level or by fact: console.plan.diff_grading names it
                if u.get(key) != v.get(key):
                    self.add("units", f"unit:{uid}:{key}", "changed",
                             f"{nt} {word}：{_show(u.get(key))} → {_show(v.get(key))}",
                             _show(u.get(key)), _show(v.get(key)), p + [key] if key in u else p,
                             p + [key] if key in v else p)
            om, nm = list(u.get("members", ())), list(v.get("members", ()))
            if om != nm:
                gone = [m for m in om if m not in nm]
                came = [m for m in nm if m not in om]
                parts = ([f"增加 {'、'.join(came)}"] if came else []) + ([f"减少 {'、'.join(gone)}"] if gone else [])
                self.add("units", f"unit:{uid}:members", "changed",
                         f"{nt} 成员单位：{'；'.join(parts) or '顺序调整'}", _show(om), _show(nm),
                         p + ["members"] if "members" in u else p, p + ["members"] if "members" in v else p)
        for uid, v in n.units.items():
            if uid not in o.units:
                self.add("units", f"unit:{uid}", "added",
                         f"新增责任单位「{v.get('title', uid)}」（牵头：{_show(v.get('lead'))}）",
                         None, str(v.get("title", uid)), None, ["units", uid])

    # -- states and transitions --------------------------------------------------------------
    def _final_ish(self, plan: Plan, tr: Transition) -> bool:
        kind = plan.event_kind(tr.event)
        return kind in ("terminate", "close") or (tr.target is not None and plan.states[tr.target].final)

    def states(self) -> None:
        o, n = self.old, self.new
        for ev, t in o.events.items():
            if ev in n.events and n.events[ev] != t:
                self.changed("states", f"event:{ev}:title", f"事件 {ev} 名称", t, n.events[ev], ["events", ev])
            if ev in n.events and o.event_kind(ev) != n.event_kind(ev):
                self.changed("states", f"event:{ev}:kind", f"事件「{n.events[ev]}」类型", o.event_kind(ev),
                             n.event_kind(ev), ["events", ev])
        for sid, s in o.states.items():
            po = _state_path(o, sid)
            if sid not in n.states:
                self.add("states", f"state:{sid}", "removed", f"删除状态「{s.title}」（{sid}）", s.title, None, po)
                continue
            ns = n.states[sid]
            pn = _state_path(n, sid)
            self.changed("states", f"state:{sid}:title", f"状态 {sid} 名称", s.title, ns.title, po, pn)
            if s.parent != ns.parent:
                self.changed("states", f"state:{sid}:parent", f"状态「{ns.title}」所属阶段",
                             o.state_title(s.parent) if s.parent else "预案顶层",
                             n.state_title(ns.parent) if ns.parent else "预案顶层", po, pn)
            self.changed("states", f"state:{sid}:initial", f"状态「{ns.title}」为初始状态", s.initial, ns.initial,
                         po, pn)
            self.changed("states", f"state:{sid}:final", f"状态「{ns.title}」为终止状态", s.final, ns.final, po, pn)
            self.changed("termination", f"state:{sid}:handover", f"终止状态「{ns.title}」的移交",
                         describe_handover(o, s) or "不移交", describe_handover(n, ns) or "不移交", po, pn)
            if (s.description or "").split() != (ns.description or "").split():
                self.add("states", f"state:{sid}:description", "changed", f"状态「{ns.title}」的说明已修改",
                         s.description, ns.description, po, pn)
            self.transitions(s, ns)
        for sid, ns in n.states.items():
            if sid not in o.states:
                where = f"（在「{n.state_title(ns.parent)}」下）" if ns.parent else ""
                kind = "，终止状态" if ns.final else ""
                self.add("states", f"state:{sid}", "added", f"新增状态「{ns.title}」（{sid}）{where}{kind}",
                         None, ns.title, None, _state_path(n, sid))
                if ns.handover:
                    self.add("termination", f"state:{sid}:handover", "added",
                             f"终止状态「{ns.title}」{describe_handover(n, ns)}", None, describe_handover(n, ns),
                             None, _state_path(n, sid))
                for tr in ns.transitions:
                    self.add_transition(n, tr, "added")

    def _tr_key(self, trs: Iterable[Transition]) -> dict[tuple[str, str | None, int], Transition]:
        out: dict[tuple[str, str | None, int], Transition] = {}
        for tr in trs:
            i = 0
            while (tr.event, tr.target, i) in out:
                i += 1
            out[(tr.event, tr.target, i)] = tr
        return out

    def _tr_title(self, plan: Plan, tr: Transition) -> str:
        to = f"「{plan.state_title(tr.target)}」" if tr.target else "（不换状态）"
        return f"「{plan.state_title(tr.source)}」—{plan.event_title(tr.event)}→{to}"

    def _tr_path(self, plan: Plan, tr: Transition) -> list[Any]:
        return _state_path(plan, tr.source) + ["transitions", tr.index]

    def add_transition(self, plan: Plan, tr: Transition, kind: str) -> None:
        area = "termination" if self._final_ish(plan, tr) else "states"
        cond = f"；条件：{tr.guard.text}" if tr.guard else ""
        text = f"{self._tr_title(plan, tr)}（{roles_text(plan, tr)}{cond}）"
        key = f"transition:{tr.source}:{tr.event}:{tr.target}"
        if kind == "added":
            self.add(area, key, kind, f"新增转移 {text}", None, text, None, self._tr_path(plan, tr))
        else:
            self.add(area, key, kind, f"删除转移 {text}", text, None, self._tr_path(plan, tr))

    def transitions(self, s: State, ns: State) -> None:
        o, n = self.old, self.new
        ot, nt = self._tr_key(s.transitions), self._tr_key(ns.transitions)
        for k, tr in ot.items():
            if k not in nt:
                self.add_transition(o, tr, "removed")
                continue
            ntr = nt[k]
            po, pn = self._tr_path(o, tr), self._tr_path(n, ntr)
            area = "termination" if self._final_ish(n, ntr) or self._final_ish(o, tr) else "states"
            head = self._tr_title(n, ntr)
            key = f"transition:{s.id}:{tr.event}:{tr.target}:{k[2]}"
            if roles_text(o, tr) != roles_text(n, ntr):
                self.changed(area, f"{key}:roles", f"{head} 可执行角色", roles_text(o, tr), roles_text(n, ntr),
                             po + ["roles"] if tr.roles is not None else po,
                             pn + ["roles"] if ntr.roles is not None else pn)
            self.guard(area, f"{key}:when", f"{head} ", tr.guard, ntr.guard, po + ["when"], pn + ["when"])
            self.changed(area, f"{key}:title", f"{head} 说明", tr.title, ntr.title, po, pn)
        for k, ntr in nt.items():
            if k not in ot:
                self.add_transition(n, ntr, "added")

    # -- effects: tasks, reports, consultations, materials, notices, timers --------------------
    def _effects_of(self, plan: Plan) -> dict[tuple[str, ...], tuple[str, Effect]]:
        """Every effect by (where, what), with the words of its place: 「［核实］」."""
        out: dict[tuple[str, ...], tuple[str, Effect]] = {}

        def put(ctx: tuple[str, ...], place: str, effects: Iterable[Effect]) -> None:
            for e in effects:
                p = e.params
                if e.kind == "task":
                    ident = str(p.get("id") or p["title"])
                elif e.kind == "report":
                    ident = str(p["kind"])
                elif e.kind == "consult":
                    ident = str(p["question"])
                elif e.kind in ("timer", "approval"):
                    ident = str(p["id"])
                else:
                    ident = ""
                i = 0
                while (*ctx, e.kind, ident, str(i)) in out:
                    i += 1
                out[(*ctx, e.kind, ident, str(i))] = (place, e)

        for sid, s in plan.states.items():
            put((sid, "enter"), f"［{s.title}］", s.enter)
            put((sid, "exit"), f"［离开{s.title}］", s.exit)
            for tr in s.transitions:
                put((sid, f"tr:{tr.event}:{tr.target}"), f"［{plan.event_title(tr.event)}时］", tr.effects)
        return out

    def _name(self, plan: Plan, e: Effect) -> str:
        p = e.params
        if e.kind == "task":
            return f"任务「{p['title']}」"
        if e.kind == "report":
            return str(p.get("title") or plan.report_kinds[p["kind"]]["title"])
        if e.kind == "consult":
            return f"专家会商「{p['title']}」"
        if e.kind == "materials":
            return f"物资调用「{p.get('title', '应急物资')}」"
        if e.kind == "timer":
            return f"计时「{p['title']}」"
        if e.kind == "approval":
            return f"报请批准「{plan.approvals[p['id']].title}」"
        if e.kind == "notify":
            return f"通知「{p['audience']}」"
        if e.kind == "level":
            return "级别调整"
        return "提醒"

    def effects(self) -> None:
        o, n = self.old, self.new
        oe, ne = self._effects_of(o), self._effects_of(n)
        # a task renamed in place: the only task gone from a state's entry (or a transition) and the
        # only one come there are one task whose title changed
        gone = [k for k in oe if k not in ne and k[2] == "task"]
        came = [k for k in ne if k not in oe and k[2] == "task"]
        renamed = {}
        for g in gone:
            there = [k for k in came if k[:2] == g[:2]]
            if len(there) == 1 and sum(1 for x in gone if x[:2] == g[:2]) == 1:
                renamed[g] = there[0]
        for k, (place, e) in oe.items():
            area = _EFFECT_AREA.get(e.kind, "other")
            po = _effect_path(e)
            if k in renamed:
                nplace, f = ne[renamed[k]]
                self.effect(":".join(renamed[k]), area, place, e, f, po, _effect_path(f))
                continue
            if k not in ne:
                text = describe_effect(o, e)
                self.add(area, ":".join(k), "removed", f"删除 {place}{text}", text, None, po)
                continue
            nplace, f = ne[k]
            self.effect(":".join(k), area, nplace, e, f, po, _effect_path(f))
        for k, (place, f) in ne.items():
            if k not in oe and k not in renamed.values():
                text = describe_effect(n, f)
                self.add(_EFFECT_AREA.get(f.kind, "other"), ":".join(k), "added", f"新增 {place}{text}", None, text,
                         None, _effect_path(f))

    def effect(self, key: str, area: str, place: str, e: Effect, f: Effect, po: list[Any], pn: list[Any]) -> None:
        o, n = self.old, self.new
        p, q = e.params, f.params
        name = f"{place}{self._name(o, e)}"

        def sub(path: list[Any], k: str) -> list[Any]:
            return path + [k] if k in (p if path is po else q) else path

        # deadlines and periods
        ow, nw = _within(o, e.within), _within(n, f.within)
        if ow != nw and not (e.kind == "approval" and "within" not in p and "within" not in q):  # the declaration's
            self.add("deadlines", f"{key}:within", "changed", f"{name}时限 {_show(ow)} → {_show(nw)}", ow, nw,
                     sub(po, "within"), sub(pn, "within"))
        if e.anchor != f.anchor:
            self.add("deadlines", f"{key}:from", "changed",
                     f"{name}时限起算 {_anchor(o, e.anchor)} → {_anchor(n, f.anchor)}",
                     _anchor(o, e.anchor), _anchor(n, f.anchor), sub(po, "from"), sub(pn, "from"))
        oe_ = f"每{format_duration(e.every)}" if e.every else None
        ne_ = f"每{format_duration(f.every)}" if f.every else None
        if oe_ != ne_:
            self.add("deadlines", f"{key}:every", "changed", f"{name}定期报送 {_show(oe_)} → {_show(ne_)}", oe_, ne_,
                     sub(po, "every"), sub(pn, "every"))
        if e.within is not None and f.within is not None and e.kind != "timer" and _ends(e) != _ends(f):
            words = {True: "离开本阶段即取消", False: "持续到完成"}
            self.add("deadlines", f"{key}:cancel_on_exit", "changed",
                     f"{name}期限 {words[_ends(e)]} → {words[_ends(f)]}", words[_ends(e)], words[_ends(f)],
                     sub(po, "cancel_on_exit"), sub(pn, "cancel_on_exit"))
        om = (e.on_miss.alert, o.event_title(e.on_miss.fire) if e.on_miss.fire else None) if e.on_miss else (None, None)
        nm = (f.on_miss.alert, n.event_title(f.on_miss.fire) if f.on_miss.fire else None) if f.on_miss else (None, None)
        if om[0] != nm[0]:
            self.changed("deadlines", f"{key}:on_miss.alert", f"{name}逾期提醒", om[0], nm[0],
                         sub(po, "on_miss"), sub(pn, "on_miss"))
        if om[1] != nm[1]:
            self.changed("deadlines", f"{key}:on_miss.fire", f"{name}逾期时执行", om[1], nm[1],
                         sub(po, "on_miss"), sub(pn, "on_miss"))
        oa = format_duration(e.ack_within) if e.ack_within else None
        na = format_duration(f.ack_within) if f.ack_within else None
        if oa != na:
            self.changed("deadlines", f"{key}:ack_within", f"{name}签收时限", oa, na,
                         sub(po, "ack_within"), sub(pn, "ack_within"))
        handled = {"within", "from", "every", "cancel_on_exit", "on_miss", "ack_within"}
        # what the effect asks for
        if e.kind == "task":
            ou, nu = o.units[p["unit"]]["title"], n.units[q["unit"]]["title"]
            self.changed(area, f"{key}:unit", f"{name}责任单位", ou, nu, sub(po, "unit"), sub(pn, "unit"))
            if p["title"] != q["title"]:
                self.add(area, f"{key}:title", "changed", f"{place}任务名称「{p['title']}」→「{q['title']}」",
                         p["title"], q["title"], sub(po, "title"), sub(pn, "title"))
            handled |= {"unit", "title", "id"}
        elif e.kind == "report":
            self.changed(area, f"{key}:title", f"{name}名称", p.get("title"), q.get("title"),
                         sub(po, "title"), sub(pn, "title"))
            self.changed(area, f"{key}:to", f"{name}报送对象", p.get("to"), q.get("to"), sub(po, "to"), sub(pn, "to"))
            diff_report(self, key, place, e, f, po, pn)  # 报告链 and on_change (format 2)
            handled |= {"title", "to", "kind", "chain", "on_change"}
        elif e.kind == "consult":
            self.changed(area, f"{key}:title", f"{name}议题", p["title"], q["title"],
                         sub(po, "title"), sub(pn, "title"))
            self.changed(area, f"{key}:quorum", f"{name}法定人数", p.get("quorum"), q.get("quorum"),
                         sub(po, "quorum"), sub(pn, "quorum"))
            if list(p.get("specialties", ())) != list(q.get("specialties", ())):
                self.changed(area, f"{key}:specialties", f"{name}专业", list(p.get("specialties", ())),
                             list(q.get("specialties", ())), sub(po, "specialties"), sub(pn, "specialties"))
            handled |= {"title", "quorum", "specialties", "question"}
        elif e.kind == "materials":
            self.materials(key, area, name, e, f, po, pn)
            handled |= {"items", "title"}
        elif e.kind == "timer":
            self.changed(area, f"{key}:fire", f"{name}到时执行", o.event_title(p["fire"]), n.event_title(q["fire"]),
                         sub(po, "fire"), sub(pn, "fire"))
            self.changed(area, f"{key}:title", f"{name}名称", p["title"], q["title"],
                         sub(po, "title"), sub(pn, "title"))
            handled |= {"fire", "title", "id"}
        rest_o = {k: _plain(v) for k, v in p.items() if k not in handled}
        rest_n = {k: _plain(v) for k, v in q.items() if k not in handled}
        if rest_o != rest_n:  # notify, level, alert, and anything else an effect says
            od, nd = describe_effect(o, e), describe_effect(n, f)
            self.add(area, f"{key}:params", "changed", f"{place}{od} → {nd}", od, nd, po, pn)

    def materials(self, key: str, area: str, name: str, e: Effect, f: Effect, po: list[Any], pn: list[Any]) -> None:
        o, n = self.old, self.new

        def qty(plan: Plan, q: Any) -> str:
            if not isinstance(q, Mapping):
                return str(q)
            parts = [f"{level_text(lv)}{q[lv]}" for lv in plan.level_ids if lv in q]
            if "default" in q:
                parts.append(f"其他{q['default']}")
            return "，".join(parts)

        oi = {it["item"]: (i, it) for i, it in enumerate(e.params["items"])}
        ni = {it["item"]: (i, it) for i, it in enumerate(f.params["items"])}
        for item, (i, it) in oi.items():
            if item not in ni:
                self.add(area, f"{key}:item:{item}", "removed", f"{name}删去 {item}×{qty(o, it['qty'])}",
                         f"{item}×{qty(o, it['qty'])}", None, po + ["items", i])
            elif _plain(it["qty"]) != _plain(ni[item][1]["qty"]):
                a, b = qty(o, it["qty"]), qty(n, ni[item][1]["qty"])
                self.add(area, f"{key}:item:{item}", "changed", f"{name} {item} 数量 {a} → {b}", a, b,
                         po + ["items", i], pn + ["items", ni[item][0]])
        for item, (j, it) in ni.items():
            if item not in oi:
                self.add(area, f"{key}:item:{item}", "added", f"{name}增加 {item}×{qty(n, it['qty'])}",
                         None, f"{item}×{qty(n, it['qty'])}", None, pn + ["items", j])
        self.changed(area, f"{key}:title", f"{name}名称", e.params.get("title"), f.params.get("title"),
                     po, pn)


def diff_plans(old: Plan, new: Plan, *, old_text: str | None = None, new_text: str | None = None,
               old_name: str | None = None, new_name: str | None = None) -> PlanDiff:
    """What changed from ``old`` to ``new``, by meaning. With the plans' texts, each change carries
    the line of each side and guards are compared part by part (「发病人数 ≥ 30 → ≥ 50」)."""
    changes = _Differ(old, new, old_text, new_text).run()
    return PlanDiff(_side(old, old_name), _side(new, new_name), changes)


def diff_texts(old_text: str, new_text: str, old_name: str = "<旧版>", new_name: str = "<新版>") -> PlanDiff:
    """Load two plan texts (``PlanError`` with located problems when one does not load) and compare them."""
    from console.plan.loader import load_plan_text

    old = load_plan_text(old_text.encode("utf-8"), old_name, divisions=None)
    new = load_plan_text(new_text.encode("utf-8"), new_name, divisions=None)
    return diff_plans(old, new, old_text=old_text, new_text=new_text, old_name=old_name, new_name=new_name)


def _side(plan: Plan, name: str | None) -> PlanSide:
    return PlanSide(name or plan.source_name, plan.id, plan.title, plan.version, plan.content_hash)


__all__ = ["AREAS", "AREA_TITLES", "Change", "PlanDiff", "PlanSide", "diff_plans", "diff_texts", "level_text"]
