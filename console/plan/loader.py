"""Load an emergency-plan file: bytes → positioned YAML → schema → compiled plan → static checks.

Either a fully checked ``Plan`` comes back, or ``PlanError`` with every located
problem (``file:line:col: error: …``). Nothing is ever half-loaded.

The materials a plan calls for are checked against a catalogue the plan layer does not know:
the caller passes one (``catalogue=``), or the one installed by :func:`set_default_catalogue`
is used — the reserves, which own the catalogue, install theirs when ``console.reserves`` is
imported (the console, the command line and the drills all import it).

The jurisdiction a plan names (``jurisdiction.code``) is checked the same way against a division
list the plan layer does not know (the offline 行政区划 data lives in ``console.geo``): a caller
passes one (``divisions=``), or the one installed by :func:`set_default_divisions` is used —
``console.library`` installs the offline division data when it is imported. A plan *file*
(:func:`load_plan`, :func:`load_plan_with_warnings`: ``plan check``, the plan library) is checked
by default; a plan *text* (:func:`load_plan_text`: the texts pinned in the database, which an
incident must always be able to load, whatever later division data says) only when asked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from console.plan import approvals as approvals_
from console.plan import chains, windows
from console.plan.bounds import SAFE_LIMIT, number_text, plan_limit_ok
from console.plan.checks import run_graph_checks
from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.durations import DurationError, parse_duration
from console.plan.guards import GuardContext, build_grading_index, compile_guard
from console.plan.judgement import (
    check_facts,
    check_raise_at_top,
    check_rule_id,
    compile_judgement,
    modifier_raise,
)
from console.plan.leads import compile_lead, compile_level_extras, compile_roles, format_2
from console.plan.links import compile_handover
from console.plan.model import (
    Effect,
    FactDecl,
    GradingRule,
    JudgementRule,
    Level,
    Modifier,
    OnMiss,
    Plan,
    State,
    Transition,
    Within,
)
from console.plan.schema import KeyRef, schema_errors
from console.plan.yamlpos import PMap, YamlProblem, key_position, load_positioned, position_of

MAX_PLAN_BYTES = 1024 * 1024  # plans are short legal texts; anything larger is a mistake
RESERVED_ROLES = {"system"}


class ItemCatalogue(Protocol):
    """What the loader asks of a materials catalogue: the item a reference names, or None."""

    def resolve(self, ref: str) -> object | None: ...


# A plan's materials are checked against: an ItemCatalogue, None (not checked), or "default"
# (the installed default, see set_default_catalogue).
CatalogueArg = ItemCatalogue | None | Literal["default"]

_default_catalogue: Callable[[], ItemCatalogue | None] | None = None


@dataclass(frozen=True)
class Division:
    """An administrative division as the division data names it (行政区划)."""

    code: str  # 6 digits
    name: str  # 郑州市
    level: str | None  # province | city | county (as plans spell it), None when not known


# Where a plan's jurisdiction code is looked up: code → the division, or None (no such code).
DivisionLookup = Callable[[str], Division | None]
# A plan's jurisdiction is checked against: a DivisionLookup, None (not checked), or "default".
DivisionsArg = DivisionLookup | None | Literal["default"]

_default_divisions: DivisionLookup | None = None
_LEVEL_TITLES = {"province": "省级", "city": "市级", "county": "县级"}


def set_default_divisions(lookup: DivisionLookup | None) -> None:
    """Install the division lookup plan files are checked against (None: not checked unless a
    caller passes one). ``console.library`` installs the offline division data."""
    global _default_divisions
    _default_divisions = lookup
    clear_cache()


def default_divisions() -> DivisionLookup | None:
    """The installed division lookup (None when none is installed)."""
    return _default_divisions
# The plan ids a hand-over (``handover: {plan: …}``) may name: a set of ids, a callable giving
# them, None (not checked), or "default" (the installed provider, see set_default_known_plans).
KnownPlans = frozenset[str] | set[str] | Callable[[], Iterable[str]]
KnownPlansArg = KnownPlans | None | Literal["default"]
_default_known_plans: Callable[[], Iterable[str]] | None = None


def set_default_known_plans(provider: Callable[[], Iterable[str]] | None) -> None:
    """Install where the known plan ids come from (``console.library`` installs the ids of the
    library's plans and of plans/*.yaml); None: hand-over plan ids are not checked by default."""
    global _default_known_plans
    _default_known_plans = provider
    clear_cache()


def default_known_plans() -> frozenset[str]:
    """The plan ids the installed provider knows (empty when none is installed)."""
    return frozenset(_default_known_plans()) if _default_known_plans is not None else frozenset()


def _known(arg: KnownPlansArg) -> frozenset[str] | None:
    if isinstance(arg, str):  # "default"
        return frozenset(_default_known_plans()) if _default_known_plans is not None else None
    if arg is None:
        return None
    return frozenset(arg() if callable(arg) else arg)


class SpecialtyVocabulary(Protocol):
    """What the loader asks of the expert-specialty vocabulary (console.reference installs it)."""

    def canonical(self, name: str) -> str | None: ...

    def suggest(self, name: str, n: int = 3) -> list[str]: ...


_default_vocabulary: Callable[[], SpecialtyVocabulary | None] | None = None


def set_default_vocabulary(source: Callable[[], SpecialtyVocabulary | None] | None) -> None:
    """Install the vocabulary a consultation's specialties are checked against (a specialty not in
    it is a warning, never an error); None: not checked. The plan does not know the experts:
    ``console.reference`` installs the shipped vocabulary when it is imported."""
    global _default_vocabulary
    _default_vocabulary = source
    clear_cache()  # warnings of plans compiled against the old one


def set_default_catalogue(source: Callable[[], ItemCatalogue | None] | None) -> None:
    """Install where the default catalogue comes from (called on each load that uses it, so it
    may follow its file); None: item references are not checked unless a caller passes one."""
    global _default_catalogue
    _default_catalogue = source
    clear_cache()  # plans compiled against the old default


def _read(path: str | Path) -> tuple[bytes, str]:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_PLAN_BYTES + 1)  # never read a huge file whole
            if len(data) > MAX_PLAN_BYTES:
                fh.seek(0, 2)
                size = fh.tell()
                raise PlanError([Diagnostic(str(p), 1, 1, "error",
                                            f"文件过大（{size / 1048576:.1f} MB），预案文件上限为 1 MB")])
    except OSError as exc:
        raise PlanError([Diagnostic(str(p), 1, 1, "error", f"无法读取文件：{_os_reason(exc)}")]) from None
    return data, str(p)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return f"系统错误（{exc.strerror or exc}）"


def load_plan(path: str | Path, *, catalogue: CatalogueArg = "default", divisions: DivisionsArg = "default",
              known_plans: KnownPlansArg = "default") -> Plan:
    data, name = _read(path)
    plan, _ = _load(data, name, catalogue, divisions, known_plans)
    return plan


def load_plan_with_warnings(path: str | Path, *, catalogue: CatalogueArg = "default",
                            divisions: DivisionsArg = "default",
                            known_plans: KnownPlansArg = "default") -> tuple[Plan, list[Diagnostic]]:
    data, name = _read(path)
    return _load(data, name, catalogue, divisions, known_plans)


def load_plan_text(text: str | bytes, name: str = "<plan>", *, catalogue: CatalogueArg = "default",
                   divisions: DivisionsArg = None, known_plans: KnownPlansArg = None) -> Plan:
    return load_plan_text_with_warnings(text, name, catalogue=catalogue, divisions=divisions,
                                        known_plans=known_plans)[0]


def load_plan_text_with_warnings(text: str | bytes, name: str = "<plan>", *, catalogue: CatalogueArg = "default",
                                 divisions: DivisionsArg = None,
                                 known_plans: KnownPlansArg = None) -> tuple[Plan, list[Diagnostic]]:
    """A plan text (not a file): its jurisdiction and hand-over plan ids are checked only when
    ``divisions`` / ``known_plans`` say so."""
    # surrogatepass: a str with lone surrogates becomes bytes that fail UTF-8 decoding, located.
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    return _load(data, name, catalogue, divisions, known_plans)


def decode_source(data: bytes, name: str) -> str:
    """The text of a plan (or scenario) file; PlanError, located, if it is not UTF-8 text."""
    if len(data) > MAX_PLAN_BYTES:
        raise PlanError([Diagnostic(name, 1, 1, "error",
                                    f"文件过大（{len(data) / 1048576:.1f} MB），预案文件上限为 1 MB")])
    if not data.strip():
        raise PlanError([Diagnostic(name, 1, 1, "error", "文件为空，不是预案")])
    nul = data.find(b"\x00")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise PlanError([Diagnostic(name, line, col, "error",
                                    f"不是 UTF-8 文本（第 {exc.start} 字节 0x{data[exc.start]:02x}）；"
                                    "请以 UTF-8 编码保存预案")]) from None
    if nul >= 0:
        line, col = _line_col(data, nul)
        raise PlanError([Diagnostic(name, line, col, "error", "文件含有二进制数据（NUL 字节），不是预案文本")])
    return text.removeprefix("\ufeff")


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, like the YAML positions) of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, col


# Compiled plans by (content hash, name, catalogue): a Plan is immutable and a pure function
# of its bytes, so the console reloading a pinned plan text (every incident command) or
# `plan check` on the same file is not paid twice. Only for the default catalogue or none:
# a caller's catalogue object has no stable identity to key on.
_CACHE: dict[tuple[str, ...], tuple[Plan, list[Diagnostic]]] = {}
_CACHE_MAX = 32


def clear_cache() -> None:
    """Forget the compiled plans (a benchmark timing the full load; a new default catalogue)."""
    _CACHE.clear()


def _load(data: bytes, name: str, catalogue: CatalogueArg,
          divisions: DivisionsArg = None, known_plans: KnownPlansArg = None) -> tuple[Plan, list[Diagnostic]]:
    key = None
    known = _known(known_plans)
    if (catalogue is None or (isinstance(catalogue, str) and catalogue == "default")) \
            and (divisions is None or (isinstance(divisions, str) and divisions == "default")):
        key = (hashlib.sha256(data).hexdigest(), name, "none" if catalogue is None else "default",
               "none" if divisions is None else "default",
               "none" if known is None else "\x1f".join(sorted(known)))
        hit = _CACHE.get(key)
        if hit is not None:
            return hit[0], list(hit[1])
    if isinstance(divisions, str):  # "default"
        divisions = _default_divisions
    result = _load_uncached(data, name, catalogue, divisions, known)
    if key is not None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (result[0], list(result[1]))
    return result


def _load_uncached(data: bytes, name: str, catalogue: CatalogueArg,
                   divisions: DivisionLookup | None = None,
                   known_plans: frozenset[str] | None = None) -> tuple[Plan, list[Diagnostic]]:
    text = decode_source(data, name)
    try:
        doc = load_positioned(text)
    except YamlProblem as exc:
        raise PlanError([Diagnostic(name, exc.pos[0], exc.pos[1], "error", exc.message)]) from None
    if not isinstance(doc, PMap):
        raise PlanError([Diagnostic(name, 1, 1, "error", "预案的顶层必须是映射（format、id、title、states …）")])
    diags: list[Diagnostic] = []
    for path, msg in schema_errors(doc):
        line, col = position_for(doc, path)
        diags.append(Diagnostic(name, line, col, "error", msg))
    if diags:
        raise PlanError(diags)
    if isinstance(catalogue, str):  # "default"
        catalogue = _default_catalogue() if _default_catalogue is not None else None
    compiler = _Compiler(doc, name, hashlib.sha256(data).hexdigest(), catalogue)
    if divisions is not None:
        compiler.check_jurisdiction(divisions)
    compiler.vocabulary = _default_vocabulary() if _default_vocabulary is not None else None
    compiler.known_plans = known_plans
    plan = compiler.compile()
    errors = [d for d in compiler.diags if d.severity == "error"]
    if errors or plan is None:
        raise PlanError(compiler.diags)
    return plan, [d for d in compiler.diags if d.severity == "warning"]


def position_for(doc: Any, path: list[Any]) -> tuple[int, int]:
    """Where to point for a problem at ``path``.

    A path ending in ``KeyRef`` (an unknown or badly named key) points at the key itself.
    Otherwise a scalar value is pointed at directly (``to: nowhere`` → ``nowhere``) and a
    mapping or list at the key that introduces it (a state → its name).
    """
    at_key = bool(path) and isinstance(path[-1], KeyRef)
    if at_key:
        path = path[:-1] + [str(path[-1])]
    if path:
        parent = doc
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                return position_of(doc, path)
        last = path[-1]
        if isinstance(parent, PMap) and last in parent:
            value = parent[last]
            if at_key or isinstance(value, (dict, list)):
                return key_position(parent, last)
            return parent.val_pos[last]
    return position_of(doc, path)


class _Compiler:
    vocabulary: SpecialtyVocabulary | None = None  # consult specialties are checked against it
    known_plans: frozenset[str] | None = None  # the plan ids a hand-over may name (None: not checked)

    def __init__(self, doc: PMap, name: str, content_hash: str, catalogue: ItemCatalogue | None):
        self.doc = doc
        self.name = name
        self.hash = content_hash
        self.catalogue = catalogue
        self.diags: list[Diagnostic] = []
        self.timer_ids: dict[str, list[Any]] = {}
        self.task_ids: dict[str, list[Any]] = {}
        self.approvals: dict[str, Any] = {}  # format 2 (console.plan.approvals)
        self.requested_approvals: set[str] = set()

    # -- messages -------------------------------------------------------------
    def error(self, path: list[Any], msg: str) -> None:
        line, col = position_for(self.doc, path)
        self.diags.append(Diagnostic(self.name, line, col, "error", msg))

    def warning(self, path: list[Any], msg: str) -> None:
        line, col = position_for(self.doc, path)
        self.diags.append(Diagnostic(self.name, line, col, "warning", msg))

    # -- the jurisdiction -----------------------------------------------------
    def check_jurisdiction(self, divisions: DivisionLookup) -> None:
        """The jurisdiction's code must exist in the division data; a name or level that does
        not match the code is a warning (a plan copied from another centre and half adapted)."""
        j = self.doc["jurisdiction"]
        code = str(j["code"])
        found = divisions(code)
        if found is None:
            self.error(["jurisdiction", "code"],
                       f"行政区划代码「{code}」不存在：离线行政区划数据中没有这个代码"
                       "（请填写辖区的 6 位行政区划代码，如 郑州市 410100）")
            return
        if str(j["name"]) != found.name:
            self.warning(["jurisdiction", "name"],
                         f"辖区名称「{j['name']}」与行政区划代码 {code}（{found.name}）不符")
        level = j.get("level")
        if level is not None and found.level is not None and level != found.level:
            self.warning(["jurisdiction", "level"],
                         f"辖区级别 {level}（{_LEVEL_TITLES.get(str(level), level)}）与 {found.name} 的级别 "
                         f"{found.level}（{_LEVEL_TITLES.get(found.level, found.level)}）不符")

    # -- top level ------------------------------------------------------------
    def compile(self) -> Plan | None:
        d = self.doc
        roles = dict(d["roles"])
        for r in roles:
            if r in RESERVED_ROLES:
                self.error(["roles", r], f"`{r}` 是保留角色名（计时器等系统动作使用），请换一个名字")
        self.roles = roles
        self.format_version = int(str(d["format"]).rsplit("/", 1)[-1])
        self.units = {k: dict(v) for k, v in d["units"].items()}
        self.report_kinds = {k: dict(v) for k, v in d["report_kinds"].items()}
        self.events = {k: v["title"] for k, v in d["events"].items()}
        self.facts = self._facts()
        self.levels = self._levels()
        self.level_ids = tuple(lv.id for lv in self.levels)
        self._format_2_leads(d)
        self.approvals = approvals_.compile_approvals(self)
        n_errors = len(self.diags)
        self.state_docs = self._collect_states()
        if len(self.diags) > n_errors:
            return None  # duplicate state ids: the tree is ambiguous, further checks would mislead
        self.gctx = GuardContext(
            facts=self.facts,
            level_ids=self.level_ids,
            state_ids=set(self.state_docs),
            state_titles={sid: str(doc[1].get("title", sid)) if isinstance(doc[1], dict) else sid
                          for sid, doc in self.state_docs.items()},
            units={u: v["title"] for u, v in self.units.items()},
            report_kinds={k: v["title"] for k, v in self.report_kinds.items()},
            error=self.error,
            approvals={k: a.title for k, a in self.approvals.items()},
            format_version=self.format_version,
        )
        rules, modifiers, decision_roles = self._grading()
        states, table = self._states()
        chains.finish(self)
        approvals_.check_use(self, self.gctx.used_approvals)
        if any(x.severity == "error" for x in self.diags) or states is None:
            return None
        top_initial = [s for s in states.values() if s.parent is None and s.initial]
        initial_path = [top_initial[0].id]
        while states[initial_path[-1]].initial_child:
            initial_path.append(states[initial_path[-1]].initial_child)  # type: ignore[arg-type]
        plan = Plan(
            id=d["id"],
            title=d["title"],
            version=str(d["version"]),
            domain=d["domain"],
            jurisdiction_name=d["jurisdiction"]["name"],
            jurisdiction_code=d["jurisdiction"]["code"],
            jurisdiction_level=d["jurisdiction"].get("level"),
            content_hash=self.hash,
            source_name=self.name,
            roles=roles,
            units=self.units,
            report_kinds=self.report_kinds,
            events=self.events,
            facts=self.facts,
            levels=self.levels,
            rules=rules,
            modifiers=modifiers,
            decision_roles=decision_roles,
            states=states,
            initial_leaf=initial_path[-1],
            initial_path=tuple(initial_path),
            table=table,
            description=d.get("description"),
            basis=tuple(d.get("basis", ())),
            event_kinds={k: v["kind"] for k, v in d["events"].items() if "kind" in v},
            format_version=self.format_version,
            approvals=self.approvals,
            grading_index=build_grading_index(
                [r["when"] for r in d["grading"]["rules"] if "when" in r]
                + [m["when"] for m in d["grading"].get("modifiers", [])], self.facts),
            judgements=self.judgements,
            leads=self.leads,
        )
        run_graph_checks(plan, self)
        if self.format_version >= 2:
            check_raise_at_top(self, d["states"], self.level_ids[0])
        return plan

    def _facts(self) -> dict[str, FactDecl]:
        out = {}
        for fid, f in self.doc["facts"].items():
            path = ["facts", fid]
            t = f["type"]
            if t == "enum" and "values" not in f:
                self.error(path, f"枚举事实 `{fid}` 需要 values 列表")
            if t != "enum" and "values" in f:
                self.error(path + ["values"], f"只有枚举事实才能有 values（`{fid}` 是 {t}）")
            if ("min" in f or "max" in f) and t not in ("int", "number"):
                self.error(path, f"只有数值事实才能有 min/max（`{fid}` 是 {t}）")
            for bound in ("min", "max"):
                if bound in f and t in ("int", "number") and not plan_limit_ok(f[bound]):
                    self.error(path + [bound], f"{bound}（{f[bound]}）超出可存储的范围："
                                               f"须是不超过 ±{number_text(SAFE_LIMIT)} 的有限数值")
            if "min" in f and "max" in f and f["min"] > f["max"]:
                self.error(path + ["min"], f"min（{f['min']}）大于 max（{f['max']}）")
            for k in f.get("labels", {}):
                if k not in f.get("values", []):
                    self.error(path + ["labels", k], f"labels 中的 `{k}` 不是可选值")
            windows.check_fact(self, fid, f, path)
            out[fid] = FactDecl(
                id=fid,
                type=t,
                label=f["label"],
                min=f.get("min"),
                max=f.get("max"),
                values=tuple(f.get("values", ())),
                labels=dict(f.get("labels", {})),
                unit=f.get("unit"),
                required=bool(f.get("required", False)),
                uncertain=bool(f.get("uncertain", False)),
                help=f.get("help"),
                at_most=f.get("at_most"),
                assessable=bool(f.get("assessable", False)),
                stamp=f.get("stamp"),
                input=bool(f.get("input", True)),
            )
        for fid, f in self.doc["facts"].items():
            other = f.get("at_most")
            if other is None:
                continue
            target = out.get(other)
            if other == fid or target is None or target.type not in ("int", "number") \
                    or out[fid].type not in ("int", "number"):
                self.error(["facts", fid, "at_most"], f"at_most 须指向另一个已声明的数值事实（`{other}` 不是）")
        windows.check_stamps(self, out)
        return out

    def _levels(self) -> tuple[Level, ...]:
        seen: dict[str, int] = {}
        out = []
        for i, lv in enumerate(self.doc["levels"]):
            if lv["id"] in seen:
                self.error(["levels", i, "id"], f"重复的级别 `{lv['id']}`（与第 {seen[lv['id']] + 1} 项重复）")
                continue
            seen[lv["id"]] = i
            out.append(Level(lv["id"], lv["name"], lv["colour"], lv["authority"], lv.get("response"),
                             lv.get("starts"), lv.get("runs")))
        return tuple(out)

    def _format_2_leads(self, d: Any) -> None:
        """Section B of format 2: a national jurisdiction, level leadership, unit leads by level or
        by fact, assessable facts (console.plan.leads, console.plan.judgement)."""
        if d["jurisdiction"].get("level") == "national":
            format_2(self, ["jurisdiction", "level"], "jurisdiction.level: national")
        compile_level_extras(self, d["levels"])
        check_facts(self, d["facts"])
        self.leads = {}
        for uid, u in d["units"].items():
            spec = compile_lead(self, uid, u.get("lead"), ["units", uid, "lead"])
            if spec is not None:
                self.leads[uid] = spec
            if isinstance(u.get("lead"), dict):  # readers of ``units`` see the usual lead as text
                self.units[uid]["lead"] = spec.resolve(None, {}, self.level_ids) if spec else None

    def _level_ref(self, value: Any, path: list[Any]) -> bool:
        if value not in self.level_ids:
            self.error(path, f"未知的级别 `{value}`（可用：{', '.join(self.level_ids)}）")
            return False
        return True

    def _roles_ref(self, roles: list[str], path: list[Any]) -> frozenset[str]:
        for i, r in enumerate(roles):
            if r not in self.roles:
                self.error(path + [i], f"未知的角色 `{r}`（先在 roles 中声明；已有：{', '.join(self.roles)}）")
        return frozenset(roles)

    # -- grading --------------------------------------------------------------
    def _grading(self) -> tuple[tuple[GradingRule, ...], tuple[Modifier, ...], frozenset[str] | None]:
        g = self.doc["grading"]
        rules = []
        ids: dict[str, list[Any]] = {}
        covered = set()
        self.judgements: tuple[JudgementRule, ...] = ()
        for i, r in enumerate(g["rules"]):
            path = ["grading", "rules", i]
            self._unique(ids, r["id"], path + ["id"], "评估规则")
            check_rule_id(self, r["id"], path + ["id"])
            ok = self._level_ref(r["level"], path + ["level"])
            if "judged_by" in r:  # an authority applies it (console.plan.judgement)
                covered.add(r["level"])
                j = compile_judgement(self, r, path)
                self.judgements += (j,) if j is not None else ()
                continue
            if "when" not in r:
                self.error(path, "缺少必填项 `when`（只有 judged_by 的认定规则可以没有条件）")
                continue
            guard = compile_guard(r["when"], self.gctx, path + ["when"])
            if ok:
                covered.add(r["level"])
            if ok and guard is not None:
                rules.append(GradingRule(r["id"], r["level"], r["title"], guard, r.get("basis"),
                                         bool(r.get("uncertain", False)), position=i))
        for lv in self.level_ids:
            if lv not in covered:
                self.error(["grading", "rules"], f"级别 `{lv}` 没有任何评估规则（grading 缺少该级别）")
        mods = []
        for i, m in enumerate(g.get("modifiers", [])):
            path = ["grading", "modifiers", i]
            self._unique(ids, m["id"], path + ["id"], "评估规则")
            check_rule_id(self, m["id"], path + ["id"])
            if "max_level" in m:
                self._level_ref(m["max_level"], path + ["max_level"])
            guard = compile_guard(m["when"], self.gctx, path + ["when"])
            raised = modifier_raise(self, m, path)
            if guard is not None and raised is not None:
                mods.append(Modifier(m["id"], m["title"], guard, raised[0], m.get("max_level"),
                                     m.get("basis"), bool(m.get("uncertain", False)), optional=raised[1]))
        dr = g.get("decision_roles")
        decision_roles = self._roles_ref(dr, ["grading", "decision_roles"]) if dr else None
        return tuple(rules), tuple(mods), decision_roles

    def _unique(self, seen: dict[str, list[Any]], ident: str, path: list[Any], what: str) -> None:
        if ident in seen:
            line, col = position_for(self.doc, seen[ident])
            self.error(path, f"重复的{what}标识 `{ident}`（已在第 {line} 行定义）")
        else:
            seen[ident] = path

    # -- states ---------------------------------------------------------------
    def _collect_states(self) -> dict[str, tuple[list[Any], Any, str | None]]:
        """Every state id in the tree → (path, doc, parent). Ids are unique across the tree."""
        out: dict[str, tuple[list[Any], Any, str | None]] = {}

        def walk(states: Any, path: list[Any], parent: str | None) -> None:
            for sid, sdoc in states.items():
                spath = path + [sid]
                if sid in out:
                    line, col = position_for(self.doc, out[sid][0])
                    self.error(spath, f"重复的状态 `{sid}`（已在第 {line} 行定义；状态名在整个预案中必须唯一）")
                    continue
                out[sid] = (spath, sdoc, parent)
                if "states" in sdoc:
                    walk(sdoc["states"], spath + ["states"], sid)

        walk(self.doc["states"], ["states"], None)
        return out

    def _states(self) -> tuple[dict[str, State] | None, dict[tuple[str, str], tuple[Transition, ...]]]:
        docs = self.state_docs
        children: dict[str | None, list[str]] = {}
        for sid, (_, _, parent) in docs.items():
            children.setdefault(parent, []).append(sid)
        # initial / final structure
        initial_child: dict[str | None, str | None] = {}
        for parent, kids in children.items():
            inits = [k for k in kids if docs[k][1].get("initial")]
            where = ["states"] if parent is None else docs[parent][0] + ["states"]
            scope = "预案顶层" if parent is None else f"复合状态 `{parent}`"
            if not inits:
                self.error(where, f"{scope}没有初始状态（给其中一个状态加 initial: true）")
            elif len(inits) > 1:
                self.error(docs[inits[1]][0] + ["initial"], f"{scope}有多个初始状态：{', '.join(inits)}")
            initial_child[parent] = inits[0] if inits else None
        if not any(docs[k][1].get("final") for k in children.get(None, [])):
            self.error(["states"], "预案顶层没有终止状态（给结案状态加 final: true）")
        for sid, (path, sdoc, _) in docs.items():
            if sdoc.get("final"):
                if "states" in sdoc:
                    self.error(path + ["final"], f"终止状态 `{sid}` 不能包含子状态")
                if sdoc.get("transitions"):
                    self.error(path + ["transitions"], f"终止状态 `{sid}` 不能有转移")
                if docs[sid][2] is not None:
                    self.error(path + ["final"], f"终止状态 `{sid}` 必须在预案顶层")
        states: dict[str, State] = {}
        table: dict[tuple[str, str], list[Transition]] = {}
        depth = {}
        for sid, (_, _, parent) in docs.items():
            d, cur = 0, parent
            while cur is not None:
                d += 1
                cur = docs[cur][2]
            depth[sid] = d
        for sid, (path, sdoc, parent) in docs.items():
            enter = self._effects(sdoc.get("enter", []), path + ["enter"])
            exit_ = self._effects(sdoc.get("exit", []), path + ["exit"])
            trans = []
            for i, t in enumerate(sdoc.get("transitions", [])):
                tr = self._transition(sid, t, path + ["transitions", i], i, docs, initial_child)
                if tr is not None:
                    trans.append(tr)
            states[sid] = State(
                id=sid,
                title=sdoc["title"],
                parent=parent,
                children=tuple(children.get(sid, [])),
                initial_child=initial_child.get(sid) if sid in children else None,
                initial=bool(sdoc.get("initial", False)),
                final=bool(sdoc.get("final", False)),
                enter=enter,
                exit=exit_,
                transitions=tuple(trans),
                description=sdoc.get("description"),
                depth=depth[sid],
                handover=compile_handover(sid, sdoc, path, format_version=self.format_version, facts=self.facts,
                                          known_plans=self.known_plans, error=self.error),
            )
        # (leaf-or-any state, event) → candidates from the state itself outwards
        for sid in states:
            chain = []
            cur = sid
            while cur is not None:
                chain.append(cur)
                cur = states[cur].parent
            by_event: dict[str, list[Transition]] = {}
            for s in chain:
                for tr in states[s].transitions:
                    by_event.setdefault(tr.event, []).append(tr)
            for ev, trs in by_event.items():
                table[(sid, ev)] = trs
        return states, {k: tuple(v) for k, v in table.items()}

    def _transition(self, sid: str, t: Any, path: list[Any], index: int, docs: Any,
                    initial_child: dict[str | None, str | None]) -> Transition | None:
        ok = True
        if t["event"] not in self.events:
            self.error(path + ["event"], f"未声明的事件 `{t['event']}`（先在 events 中声明）")
            ok = False
        target = t.get("to")
        if target is not None and target not in docs:
            self.error(path + ["to"], f"未知的目标状态 `{target}`")
            ok = False
        roles_by_level = roles_default = None
        if isinstance(t.get("roles"), dict):  # by level (console.plan.leads)
            by = compile_roles(self, t["roles"], path + ["roles"], self.roles)
            ok = ok and by is not None
            roles, roles_by_level, roles_default = by if by is not None else (None, None, None)
        else:
            roles = self._roles_ref(t["roles"], path + ["roles"]) if "roles" in t else None
        guard = compile_guard(t["when"], self.gctx, path + ["when"]) if "when" in t else None
        if "when" in t and guard is None:
            ok = False
        effects = self._effects(t.get("effects", []), path + ["effects"])
        if not ok:
            return None
        domain: str | None = None
        enters: tuple[str, ...] = ()
        if target is not None:
            src_chain = _chain(sid, docs)  # innermost first
            tgt_chain = _chain(target, docs)
            if sid in tgt_chain:  # target is the source or inside it: leave and re-enter the source
                domain = docs[sid][2]
            elif target in src_chain:  # target encloses the source
                domain = docs[target][2]
            else:
                common = [s for s in src_chain if s in tgt_chain]
                domain = common[0] if common else None
            down = []
            for s in tgt_chain:
                if s == domain:
                    break
                down.append(s)
            down.reverse()
            cur = target
            while initial_child.get(cur):
                cur = initial_child[cur]
                down.append(cur)  # type: ignore[arg-type]
            enters = tuple(down)
        return Transition(
            source=sid,
            event=t["event"],
            target=target,
            roles=roles,
            guard=guard,
            effects=effects,
            title=t.get("title"),
            index=index,
            domain=domain,
            enters=enters,
            roles_by_level=roles_by_level,
            roles_default=roles_default,
        )

    # -- effects --------------------------------------------------------------
    def _effects(self, items: Any, path: list[Any]) -> tuple[Effect, ...]:
        out = []
        for i, item in enumerate(items):
            (kind, params), = item.items()
            e = self._effect(kind, params, path + [i, kind])
            if e is not None:
                out.append(e)
        return tuple(out)

    def _effect(self, kind: str, p: Any, path: list[Any]) -> Effect | None:
        ok = True
        within = None
        if "within" in p:
            within = self._within(p["within"], path + ["within"])
            ok = ok and within is not None
        anchor = p.get("from", "entry")
        if anchor.startswith("event:") and anchor[6:] not in self.events:
            self.error(path + ["from"], f"未声明的事件 `{anchor[6:]}`")
            ok = False
        ok = chains.check_anchor(self, anchor, path + ["from"]) and ok
        if "from" in p and "within" not in p:
            self.error(path + ["from"], "有 from 就必须有 within（期限从何时起算）")
            ok = False
        on_miss = None
        if "on_miss" in p:
            om = p["on_miss"]
            if "within" not in p:
                self.error(path + ["on_miss"], "没有期限（within）就不会逾期，on_miss 无效")
                ok = False
            if "fire" in om and om["fire"] not in self.events:
                self.error(path + ["on_miss", "fire"], f"未声明的事件 `{om['fire']}`")
                ok = False
            on_miss = OnMiss(om.get("fire"), om.get("alert"))
            ok = chains.check_on_miss(self, within, path + ["on_miss"]) and ok
        every = None
        chain: tuple[chains.Hop, ...] = ()
        on_change = None
        if kind == "task":
            if p["unit"] not in self.units:
                self.error(path + ["unit"], f"未知的责任单位 `{p['unit']}`（先在 units 中声明）")
                ok = False
            if "id" in p:
                self._unique(self.task_ids, p["id"], path + ["id"], "任务")
        elif kind == "report":
            if p["kind"] not in self.report_kinds:
                self.error(path + ["kind"], f"未知的报告类型 `{p['kind']}`（先在 report_kinds 中声明）")
                ok = False
            if "every" in p:
                try:
                    every = parse_duration(p["every"])
                except DurationError as exc:
                    self.error(path + ["every"], str(exc))
                    ok = False
            chain, on_change, ok_chain = chains.compile_report(self, p, path, anchor)
            ok = ok and ok_chain
        elif kind == "materials":
            for j, it in enumerate(p["items"]):
                if self.catalogue is not None and self.catalogue.resolve(it["item"]) is None:
                    self.error(path + ["items", j, "item"], f"物资目录中没有 `{it['item']}`")
                    ok = False
                if isinstance(it["qty"], dict):
                    for k in it["qty"]:
                        if k != "default" and k not in self.level_ids:
                            self.error(path + ["items", j, "qty", KeyRef(k)], f"未知的级别 `{k}`")
                            ok = False
        elif kind == "consult" and self.vocabulary is not None:
            for j, spec in enumerate(p.get("specialties") or []):
                if self.vocabulary.canonical(str(spec)) is None:
                    near = self.vocabulary.suggest(str(spec))
                    hint = f"（是否指：{'、'.join(near)}）" if near else ""
                    self.warning(path + ["specialties", j],
                                 f"会商所需专业「{spec}」不在专业领域词表中{hint}：专家库中的专家无法与之匹配")
        elif kind == "level":
            ops = [k for k in ("set", "raise", "lower") if k in p]
            if len(ops) != 1:
                self.error(path, "level 效果需要且只能有 set、raise、lower 之一")
                ok = False
            elif "set" in p and p["set"] != "suggested" and p["set"] not in self.level_ids:
                self.error(path + ["set"], f"未知的级别 `{p['set']}`（可用：suggested, {', '.join(self.level_ids)}）")
                ok = False
        elif kind == "approval":
            decl = approvals_.approval_effect(self, p, path)
            ok = ok and decl is not None
            if decl is not None and within is None:
                within = decl.within  # the declaration's time limit, unless the effect gives its own
        elif kind == "timer":
            self._unique(self.timer_ids, p["id"], path + ["id"], "计时器")
            if p["fire"] not in self.events:
                self.error(path + ["fire"], f"未声明的事件 `{p['fire']}`")
                ok = False
        # a report due on each change ends with its state by default, like a periodic one
        cancel_on_exit, ok_cancel = self._cancel_on_exit(kind, p, every if on_change is None else on_change, path)
        ack_within = None
        if "ack_within" in p:
            try:
                ack_within = parse_duration(p["ack_within"])
            except DurationError as exc:
                self.error(path + ["ack_within"], str(exc))
                ok = False
        if not ok or not ok_cancel:
            return None
        return Effect(kind=kind, params=dict(p), within=within, anchor=anchor, on_miss=on_miss,
                      every=every, path=".".join(map(str, path)), cancel_on_exit=cancel_on_exit,
                      ack_within=ack_within, chain=chain, on_change=on_change)

    def parse_within(self, value: Any, path: list[Any]) -> Within | None:
        """A ``within`` (a duration, a level map or ``immediate``), errors located at ``path``."""
        return self._within(value, path)

    def _cancel_on_exit(self, kind: str, p: Any, every: Any, path: list[Any]) -> tuple[bool | None, bool]:
        """Whether leaving its state cancels the effect's deadline (see ``Effect.cancel_on_exit``)."""
        given = p.get("cancel_on_exit")
        if "cancel_on_exit" in p:
            where = path + ["cancel_on_exit"]
            if self.format_version < 2:
                self.error(where, "emergency-plan/1 中离开状态总是取消其期限；"
                                  "要用 cancel_on_exit，请将 format 改为 emergency-plan/2")
                return None, False
            if kind == "timer":
                self.error(where, "计时器总是随所在状态结束而取消，不能设置 cancel_on_exit")
                return None, False
            if "within" not in p:
                self.error(where, "没有期限（within）就没有可取消的期限，cancel_on_exit 无效")
                return None, False
        if self.format_version < 2:
            return None, True
        if given is not None:
            return bool(given), True
        return kind == "timer" or kind == "consult" or (kind == "report" and every is not None), True

    def compile_within(self, value: Any, path: list[Any]) -> Within | None:
        """A ``within`` (for console.plan.approvals): the compiled length, or None (error located)."""
        return self._within(value, path)

    def _within(self, value: Any, path: list[Any]) -> Within | None:
        if value == "immediate":
            return chains.immediate_within(self, path)
        try:
            if isinstance(value, str):
                return Within({}, parse_duration(value))
            by_level = {}
            default = None
            for k, v in value.items():
                if k != "default" and k not in self.level_ids:
                    self.error(path + [KeyRef(k)], f"未知的级别 `{k}`（可用：{', '.join(self.level_ids)}, default）")
                    return None
                try:
                    d = parse_duration(v)
                except DurationError as exc:
                    self.error(path + [k], str(exc))
                    return None
                if k == "default":
                    default = d
                else:
                    by_level[k] = d
            return Within(by_level, default)
        except DurationError as exc:
            self.error(path, str(exc))
            return None


def _chain(sid: str, docs: Any) -> list[str]:
    out = []
    cur: str | None = sid
    while cur is not None:
        out.append(cur)
        cur = docs[cur][2]
    return out
