"""Time windows (plan format 2): how long since something last happened.

A plan says 「连续 24 小时无新发病例」 or 「超过最长潜伏期两倍无新病例」 with:

- a fact of type ``duration`` (ISO-8601 like ``PT72H``, stored as the string): 最长潜伏期;
- a ``datetime`` fact with ``stamp: cases``: the engine sets it to the event's time whenever the
  numeric fact ``cases`` increases (at ``open`` too), and records that time in ``state.stamps``;
  ``input: false`` keeps it off the facts form;
- a guard ``{since: last_case_at, at_least: PT24H}`` (or ``at_most``, or ``{fact: F, times: N}``
  for N times the duration fact F): the time from the fact's value to the *evaluating event's*
  time. Guards read the state only; the engine sets ``state.now`` to the event's time before it
  selects a transition, so the window is measured at the event, never on the wall clock. An
  unset fact (or an unset duration fact) never satisfies the guard.

:func:`time_windows` lists the windows on the current state's outgoing transitions, for the
window's 「已稳定 18 小时 / 需 24 小时」.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from console.plan.durations import DurationError, parse_duration
from console.plan.model import CompiledGuard, FactDecl, Plan
from console.plan.schema import KeyRef

if TYPE_CHECKING:
    from console.plan.guards import GuardContext

FORMAT2_HINT = "需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"
_NUMERIC = ("int", "number")


@dataclass(frozen=True)
class WindowSpec:
    """One ``since`` guard as data (what it measures, from which fact, against what)."""

    fact: str  # the datetime fact measured from
    op: str  # at_least | at_most
    duration: timedelta | None  # a fixed length (PT24H), or
    times_fact: str | None = None  # … N times this duration fact
    times: float = 1.0

    def needed(self, facts: Mapping[str, Any]) -> timedelta | None:
        """The length the window asks for now (None: its duration fact is not set)."""
        if self.duration is not None:
            return self.duration
        raw = facts.get(self.times_fact) if self.times_fact else None
        if not isinstance(raw, str):
            return None
        try:
            return parse_duration(raw) * self.times
        except DurationError:
            return None


@dataclass(frozen=True)
class WindowStatus:
    """A time window the incident is waiting on, as the window shows it."""

    label: str  # 「距最后发病时间」: what is measured (the datetime fact's label)
    event: str  # the plan event whose transition the window guards
    event_title: str
    op: str  # at_least | at_most
    elapsed: timedelta | None  # None: the fact is not set yet
    needed: timedelta | None  # None: the duration fact it depends on is not set
    met: bool
    text: str  # 「已稳定 18小时 / 需 24小时」
    # the window sits in an ``any`` that another branch already satisfies (不必等待: e.g. the longest
    # incubation for a poisoning that is not infectious)
    waived: bool = False


def fact_time(facts: Mapping[str, Any], name: str) -> datetime | None:
    raw = facts.get(name)
    if not isinstance(raw, str):
        return None
    try:
        t = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return t if t.tzinfo is not None else None


def holds(spec: WindowSpec, facts: Mapping[str, Any], now: datetime) -> bool:
    since = fact_time(facts, spec.fact)
    need = spec.needed(facts)
    if since is None or need is None:
        return False
    elapsed = now - since
    return elapsed >= need if spec.op == "at_least" else elapsed <= need


def _format2(ctx: GuardContext, path: list[Any], key: str) -> bool:
    if getattr(ctx, "format_version", 1) < 2:
        ctx.error(path, f"{key} {FORMAT2_HINT}")
        return False
    return True


def since_guard(node: Mapping[str, Any], ctx: GuardContext, path: list[Any]) -> CompiledGuard | None:
    """Compile ``{since: FACT, at_least|at_most: PT24H | {fact: F, times: N}}`` (errors located)."""
    if not _format2(ctx, path + ["since"], "since"):
        return None
    name = node["since"]
    decl = ctx.facts.get(name)
    if decl is None:
        ctx.error(path + ["since"], f"未声明的事实 `{name}`（先在 facts 中声明）")
        return None
    if decl.type != "datetime":
        ctx.error(path + ["since"], f"since 须指向时间（datetime）事实，`{name}` 是 {decl.type}")
        return None
    if not decl.input and decl.stamp is None:
        ctx.error(path + ["since"], f"时间窗口所依据的事实 `{name}` 永远不会有值（input: false 且没有 stamp）")
        return None
    op = "at_least" if "at_least" in node else "at_most"
    bound = node[op]
    spec: WindowSpec
    if isinstance(bound, str):
        try:
            spec = WindowSpec(name, op, parse_duration(bound))
        except DurationError as exc:
            ctx.error(path + [op], str(exc))
            return None
        need_text = f" {format_hours(spec.duration)}"  # type: ignore[arg-type]
    else:
        other = ctx.facts.get(bound["fact"])
        if other is None:
            ctx.error(path + [op, "fact"], f"未声明的事实 `{bound['fact']}`（先在 facts 中声明）")
            return None
        if other.type != "duration":
            ctx.error(path + [op, "times"], f"times 须乘以时长（duration）事实，`{other.id}` 是 {other.type}")
            return None
        times = float(bound["times"])
        spec = WindowSpec(name, op, None, other.id, times)
        need_text = f"{other.label}的 {_num(times)} 倍"
    text = f"距{decl.label}{'已满' if op == 'at_least' else '不超过'}{need_text}"

    def test(s: Any, spec: WindowSpec = spec) -> bool:
        return holds(spec, s.facts, s.now)

    guard = CompiledGuard(test, text)
    object.__setattr__(guard, "window", spec)  # read by time_windows (not part of the guard's identity)
    return guard


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


# -- facts: duration, stamp, input ----------------------------------------------------------------

def check_fact(c: Any, fid: str, f: Mapping[str, Any], path: list[Any]) -> None:
    """The format-2 keys of one fact declaration (``c`` is the loader's compiler: error, format_version)."""
    if f["type"] == "duration" and c.format_version < 2:
        c.error(path + ["type"], f"type: duration {FORMAT2_HINT}")
    for key in ("stamp", "input"):
        if key in f and c.format_version < 2:
            c.error(path + [KeyRef(key)], f"{key} {FORMAT2_HINT}")
    if "stamp" in f and f["type"] != "datetime":
        c.error(path + [KeyRef("stamp")], f"只有时间（datetime）事实才能有 stamp（`{fid}` 是 {f['type']}）")


def check_stamps(c: Any, facts: Mapping[str, FactDecl]) -> None:
    """``stamp`` must name another numeric fact (the one whose increase sets the time)."""
    for fid, decl in facts.items():
        if decl.stamp is None:
            continue
        target = facts.get(decl.stamp)
        if target is None or target.type not in _NUMERIC:
            c.error(["facts", fid, "stamp"], f"stamp 须指向一个已声明的数值事实（`{decl.stamp}` 不是）")


def stamp_table(plan: Plan) -> tuple[tuple[str, str], ...]:
    """(numeric fact, datetime fact it stamps) pairs, computed once per plan."""
    cached: tuple[tuple[str, str], ...] | None = plan.__dict__.get("_stamp_table")
    if cached is None:
        cached = tuple((d.stamp, d.id) for d in plan.facts.values() if d.stamp is not None)
        plan.__dict__.setdefault("_stamp_table", cached)
    return cached


def stamped(plan: Plan, old: Mapping[str, Any], new: Mapping[str, Any], given: Mapping[str, Any],
            at: datetime) -> dict[str, str]:
    """The stamp facts to set at ``at``: those whose numeric fact increased from ``old`` to ``new``
    (unset counts as nothing) and which the event did not set itself (``given``)."""
    out: dict[str, str] = {}
    for source, target in stamp_table(plan):
        if target in given:
            continue
        after = new.get(source)
        before = old.get(source)
        if after is None or isinstance(after, bool):
            continue
        if before is None or (not isinstance(before, bool) and after > before):
            out[target] = at.isoformat()
    return out


def validate_duration(label: str, value: Any) -> str | None:
    """None if ``value`` is a valid duration fact value, else the refusal's reason."""
    try:
        parse_duration(value)
    except DurationError:
        return f"「{label}」必须是时长（如 PT72H 表示 72 小时、P3D 表示 3 天），而不是 {value!r}"
    return None


# -- windows now -----------------------------------------------------------------------------------

def _specs(guard: CompiledGuard | None) -> list[tuple[WindowSpec, str]]:
    """The ``since`` parts of a compiled guard, with their words (registered by ``collect_windows``)."""
    if guard is None:
        return []
    found: list[tuple[WindowSpec, str]] = getattr(guard, "windows", [])
    return found


def attach_windows(guard: CompiledGuard, parts: list[CompiledGuard]) -> None:
    """Remember the ``since`` parts under a combined guard (``all``/``any``/``not``)."""
    found: list[tuple[WindowSpec, str]] = []
    named: list[str] = []  # the words of the approvals the parts wait on (console.plan.approvals)
    for p in parts:
        spec = getattr(p, "window", None)
        if spec is not None:
            found.append((spec, p.text))
        found.extend(getattr(p, "windows", []))
        named.extend(getattr(p, "approvals", []))
    if found:
        object.__setattr__(guard, "windows", found)
    if named:
        object.__setattr__(guard, "approvals", named)


def guard_notes(plan: Plan, guard: CompiledGuard | None) -> list[str]:
    """What a transition waits for beyond the room, for the plan graph: its windows and approvals."""
    if guard is None:
        return []
    out = [text for _, text in _specs(guard)]
    if getattr(guard, "window", None) is not None:
        out.insert(0, guard.text)
    out.extend(getattr(guard, "approvals", []))  # 「终止应急响应报同级人民政府批准」已获批准
    return out


def _waived(guard: CompiledGuard | None, state: Any) -> set[WindowSpec]:
    """The windows under ``guard`` that need not be waited for in ``state``: those in the branches
    of an ``any`` that holds without them."""
    out: set[WindowSpec] = set()
    if guard is None or not guard.parts:
        return out
    if guard.joiner == "any" and guard.test(state):
        for p in guard.parts:
            if not p.test(state):
                own = getattr(p, "window", None)
                out.update([own] if own is not None else [])
                out.update(spec for spec, _ in _specs(p))
    for p in guard.parts:
        out |= _waived(p, state)
    return out


def time_windows(plan: Plan, state: Any, now: datetime) -> list[WindowStatus]:
    """The time windows on the current state's outgoing transitions, measured at ``now``."""
    out: list[WindowStatus] = []
    seen: set[tuple[str, WindowSpec]] = set()
    at_now = as_of(state, now)
    for sid in state.active:
        for tr in plan.states[sid].transitions:
            g = tr.guard
            specs = _specs(g)
            own = getattr(g, "window", None)
            if own is not None and g is not None:
                specs = [(own, g.text), *specs]
            waived = _waived(g, at_now) if specs else set()
            for spec, _text in specs:
                if (tr.event, spec) in seen:
                    continue
                seen.add((tr.event, spec))
                st = window_status(plan, state.facts, spec, tr.event, now)
                out.append(replace(st, waived=True) if spec in waived and not st.met else st)
    return out


def window_status(plan: Plan, facts: Mapping[str, Any], spec: WindowSpec, event: str,
                  now: datetime) -> WindowStatus:
    decl = plan.facts[spec.fact]
    since = fact_time(facts, spec.fact)
    need = spec.needed(facts)
    elapsed = now - since if since is not None else None
    met = holds(spec, facts, now)
    # 「已稳定 18 小时」 for a stability window (原患者病情稳定), 「已过 52 小时」 since any other time (末例患者)
    word = "已稳定" if spec.op == "at_least" and "稳定" in decl.label else "已过"
    need_word = "需" if spec.op == "at_least" else "限"
    shown_need = format_hours(need) if need is not None else \
        f"{plan.facts[spec.times_fact].label if spec.times_fact else ''}未填写"
    if elapsed is None:
        text = f"{decl.label}未填写 / {need_word} {shown_need}"
    else:
        text = f"{word} {format_hours(elapsed)} / {need_word} {shown_need}"
    return WindowStatus(decl.label, event, plan.event_title(event), spec.op, elapsed, need, met, text)


def standing(w: WindowStatus) -> str:
    """「已满足」「未满足」 or 「无需等待：另一条件已满足」."""
    return "已满足" if w.met else ("无需等待：另一条件已满足" if w.waived else "未满足")


def format_hours(td: timedelta) -> str:
    """「18 小时」「2 天 3 小时」「40 分钟」: a window's length in whole units."""
    secs = max(int(td.total_seconds()), 0)
    if secs < 72 * 3600 and secs >= 3600:  # up to three days in hours: 「需 24 小时」, 「48 小时」
        hours, rem = divmod(secs, 3600)
        return f"{hours} 小时" + (f" {rem // 60} 分钟" if rem >= 60 else "")
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    if days and hours:
        return f"{days} 天 {hours} 小时"
    if days:
        return f"{days} 天"
    if hours:
        return f"{hours} 小时"
    return f"{rem // 60} 分钟"


def unmet_windows(plan: Plan, state: Any, event: str, now: datetime) -> list[WindowStatus]:
    """The windows not yet met on transitions of ``event`` (why 终止响应 is refused)."""
    return [w for w in time_windows(plan, state, now) if w.event == event and not w.met]



def as_of(state: Any, now: datetime) -> Any:
    """The state as a guard evaluated at ``now`` sees it (for views: which actions a time window
    allows now). A copy; ``now`` never goes back before the state's last event."""
    s = state.copy()
    s.now = max(now, state.now)
    return s
