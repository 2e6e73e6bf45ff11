"""Reporting chains (报告链，逐级报送), deadline anchors and ``within: immediate`` — compiled.

A ``report`` effect may list the hops of its chain; each hop is its own deadline (kind
``report_hop``) met by the engine event ``forward_report``::

    - report:
        kind: initial
        chain:
          - {id: unit, by: 事发单位, to: 县级市场监管部门, channel: phone, within: PT2H, from: "fact:discovered_at"}
          - {id: county, by: 县级市场监管部门, to: 市级市场监管部门, within: {I: PT1H, default: PT2H}, from: "hop:unit"}

Deadlines may be measured ``from:`` ``entry`` | ``received`` | ``event:NAME`` (format 1) and, in
format 2, ``fact:NAME`` (a datetime fact), ``report:KIND`` (first submission of that kind),
``hop:ID`` (an earlier hop of the same chain), ``task:ID`` (a plan task completed) or
``exit:STATE`` (that state left). ``within: immediate`` (立即) is due at its anchor and never
recorded missed by the clock. ``on_change: {facts: [...], level: true}`` makes a report due
again on each change. This module compiles and checks them (called from the loader) and words
them for people; :mod:`console.plan.chain_engine` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from console.plan.model import OnMiss, Within

if TYPE_CHECKING:
    from console.plan.model import Effect, Plan

NEW_ANCHORS = ("fact", "report", "hop", "task", "exit")
CHANNELS = {"phone": "电话", "sms": "短信", "fax": "传真", "system": "系统", "document": "公文",
            "media": "媒体", "broadcast": "广播"}
UPGRADE_HINT = "需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"


@dataclass(frozen=True)
class Hop:
    """One hop of a reporting chain: ``by`` reports to ``to`` within ``within`` of ``anchor``."""

    id: str
    to: str
    within: Within
    anchor: str  # entry | received | event:… | fact:… | report:… | hop:… | task:… | exit:…
    by: str | None = None
    channel: str | None = None
    basis: str | None = None
    on_miss: OnMiss | None = None
    index: int = 0


@dataclass(frozen=True)
class OnChange:
    """``on_change``: which facts (and whether the level) make the report due again."""

    facts: tuple[str, ...] = ()
    level: bool = False


def anchor_kind(anchor: str) -> str:
    """``fact`` for ``fact:discovered_at`` …; ``entry``/``received`` as they are."""
    return anchor.partition(":")[0]


def is_new_anchor(anchor: str) -> bool:
    return anchor.partition(":")[0] in NEW_ANCHORS


# ---------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------

def hop_route(hop: Hop | dict[str, Any]) -> str:
    """「事发单位→县级市场监管部门」, or 「报省人民政府」 when the plan does not say who reports."""
    by = hop.by if isinstance(hop, Hop) else hop.get("by")
    to = hop.to if isinstance(hop, Hop) else hop.get("to")
    return f"{by}→{to}" if by else f"报{to}"


def hop_title(report_title: str, hop: Hop) -> str:
    """A hop's deadline title: 「初报 事发单位→县级市场监管部门（电话）」."""
    ch = f"（{CHANNELS[hop.channel]}）" if hop.channel else ""
    return f"{report_title} {hop_route(hop)}{ch}"


def anchor_text(plan: Plan, anchor: str, chain: tuple[Hop, ...] = ()) -> str:
    """What a deadline is measured from, in words: 自接报起, 自「发现时间」起 …; "" for entry."""
    kind, _, name = anchor.partition(":")
    if kind == "entry":
        return ""
    if kind == "received":
        return "自接报起"
    if kind == "event":
        return f"自「{plan.event_title(name)}」起"
    return f"自{waits_text(plan, anchor, chain)}起"


def waits_text(plan: Plan, anchor: str, chain: tuple[Hop, ...] = ()) -> str:
    """The anchor as an occurrence: 「初报」首次报送后 → used as 「待…后起算」 (without 后)."""
    kind, _, name = anchor.partition(":")
    if kind == "fact":
        decl = plan.facts.get(name)
        return f"「{decl.label if decl else name}」"
    if kind == "report":
        rk = plan.report_kinds.get(name)
        return f"「{rk['title'] if rk else name}」首次报送"
    if kind == "hop":
        hop = next((h for h in chain if h.id == name), None)
        return f"「{hop_route(hop) if hop else name}」报送"
    if kind == "task":
        title = task_title(plan, name)
        return f"任务「{title}」完成"
    if kind == "exit":
        st = plan.states.get(name)
        return f"「{st.title if st else name}」结束"
    if kind == "event":
        return f"「{plan.event_title(name)}」"
    return "接报" if kind == "received" else "进入本阶段"


def task_title(plan: Plan, task_id: str) -> str:
    for st in plan.states.values():
        for e in (*st.enter, *st.exit, *(x for tr in st.transitions for x in tr.effects)):
            if e.kind == "task" and e.params.get("id") == task_id:
                return str(e.params["title"])
    return task_id


def describe_chain(plan: Plan, e: Effect) -> list[str]:
    """The hops of a report effect, one line each (checklist, graph): 「① 事发单位→县级市场监管部门
    （电话）自「发现时间」起2小时内 〔国家预案4.2.2〕」."""
    out = []
    for h in e.chain:
        ch = f"，{CHANNELS[h.channel]}" if h.channel else ""
        lim = limit_text(plan, h.within, h.anchor, e.chain)
        basis = f" 〔{h.basis}〕" if h.basis else ""
        out.append(f"{_CIRCLED[h.index % len(_CIRCLED)]} {hop_route(h)}（{lim}{ch}）{basis}")
    return out


def limit_text(plan: Plan, within: Within, anchor: str, chain: tuple[Hop, ...] = ()) -> str:
    """「自「发现时间」起2小时内」, 「「…」报送后立即」, 「2小时内」."""
    start = anchor_text(plan, anchor, chain)
    if within.immediate:
        return f"{start[1:-1]}后立即" if start.startswith("自") else "立即"
    return f"{start}{within.describe(plan.level_ids)}内"


def state_chains(plan: Plan, state_id: str) -> str:
    """The chains a state starts, one line each, for the plan graph: 「初报逐级报送：县级市场监管部门→
    市市场监管局→市人民政府」 ("" when none)."""
    st = plan.states[state_id]
    lines = []
    for e in (*st.enter, *(x for tr in st.transitions for x in tr.effects)):
        if e.chain:
            title = e.params.get("title") or plan.report_kinds[e.params["kind"]]["title"]
            tos = list(dict.fromkeys(h.to for h in e.chain))
            lines.append(f"{title}逐级报送：{'→'.join(tos)}")
    return "\n".join(lines)


def describe_on_change(plan: Plan, oc: OnChange) -> str:
    parts = [f"「{plan.facts[f].label}」" if f in plan.facts else f for f in oc.facts]
    if oc.level:
        parts.append("级别")
    return "、".join(parts) + "变化时"


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


# ---------------------------------------------------------------------------------
# Compiling (called by console.plan.loader)
# ---------------------------------------------------------------------------------

def immediate_within(c: Any, path: list[Any]) -> Within | None:
    """``within: immediate``."""
    if c.format_version < 2:
        c.error(path, f"within: immediate {UPGRADE_HINT}")
        return None
    return Within({}, timedelta(0), immediate=True)


def check_anchor(c: Any, anchor: str, path: list[Any], *, hops_before: tuple[str, ...] | None = None,
                 hop_ids: tuple[str, ...] = ()) -> bool:
    """A format-2 anchor (fact:, report:, hop:, task:, exit:) as the plan writes it. ``hops_before``:
    the hops earlier in the same chain (None: not a hop). ``task:`` is checked at the end
    (:func:`finish`), when every task id is known."""
    kind, _, name = anchor.partition(":")
    if kind not in NEW_ANCHORS:
        return True
    if c.format_version < 2:
        c.error(path, f"from: {kind}: {UPGRADE_HINT}")
        return False
    if kind == "fact":
        decl = c.facts.get(name)
        if decl is None:
            c.error(path, f"未声明的事实 `{name}`（先在 facts 中声明）")
            return False
        if decl.type != "datetime":
            c.error(path, f"期限只能自时间型事实起算：`{name}`（{decl.label}）是 {decl.type}，不是 datetime")
            return False
    elif kind == "report":
        if name not in c.report_kinds:
            c.error(path, f"未知的报告类型 `{name}`（先在 report_kinds 中声明）")
            return False
    elif kind == "hop":
        if hops_before is None:
            c.error(path, "hop: 只能用在报告链（chain）的环节中，指同一链中较早的环节")
            return False
        if name not in hops_before:
            later = "是本环节或其后的环节" if name in hop_ids else "不在本报告链中"
            c.error(path, f"报送环节 `{name}` {later}：hop: 只能指同一链中在前的环节")
            return False
    elif kind == "task":
        pending = c.__dict__.setdefault("chain_task_refs", [])
        pending.append((name, path))
    elif kind == "exit":
        docs = c.state_docs
        if name not in docs:
            c.error(path, f"未知的状态 `{name}`")
            return False
        if docs[name][1].get("final"):
            c.error(path, f"终止状态 `{name}` 不会结束，不能自它结束时起算")
            return False
    return True


def check_on_miss(c: Any, within: Within | None, path: list[Any]) -> bool:
    if within is not None and within.immediate:
        c.error(path, "「立即」（within: immediate）的期限不会自动逾期，不能写 on_miss")
        return False
    return True


def compile_report(c: Any, p: Any, path: list[Any], anchor: str) -> tuple[tuple[Hop, ...], OnChange | None, bool]:
    """The ``chain`` and ``on_change`` of a report effect."""
    ok = True
    hops: list[Hop] = []
    if p.get("within") == "immediate" and "every" in p:
        c.error(path + ["every"], "「立即」（within: immediate）的报告不会逾期，不能定期（every）")
        ok = False
    if "chain" in p:
        if c.format_version < 2:
            c.error(path + ["chain"], f"chain {UPGRADE_HINT}")
            return (), None, False
        if "every" in p:
            c.error(path + ["every"], "报告链（chain）的每一环各有时限，不能与 every 同用")
            ok = False
        seen: dict[str, list[Any]] = {}
        ids = tuple(str(h["id"]) for h in p["chain"])
        for i, h in enumerate(p["chain"]):
            hp = path + ["chain", i]
            hid = str(h["id"])
            if hid in seen:
                from console.plan.loader import position_for

                line, _ = position_for(c.doc, seen[hid])
                c.error(hp + ["id"], f"重复的报送环节 `{hid}`（已在第 {line} 行定义）")
                ok = False
                continue
            seen[hid] = hp + ["id"]
            if "within" not in h:
                c.error(hp, f"报送环节 `{hid}` 没有时限：每一环都必须写 within（时长、按级别的期限表或 immediate）")
                ok = False
                continue
            within = c.parse_within(h["within"], hp + ["within"])
            hop_anchor = str(h.get("from", anchor))
            if hop_anchor.startswith("event:") and hop_anchor[6:] not in c.events:
                c.error(hp + ["from"], f"未声明的事件 `{hop_anchor[6:]}`")
                ok = False
            where = hp + ["from"] if "from" in h else path + ["from"]
            if not check_anchor(c, hop_anchor, where, hops_before=ids[:i], hop_ids=ids):
                ok = False
            on_miss = None
            if "on_miss" in h:
                om = h["on_miss"]
                if "fire" in om and om["fire"] not in c.events:
                    c.error(hp + ["on_miss", "fire"], f"未声明的事件 `{om['fire']}`")
                    ok = False
                if not check_on_miss(c, within, hp + ["on_miss"]):
                    ok = False
                on_miss = OnMiss(om.get("fire"), om.get("alert"))
            if within is None:
                ok = False
                continue
            hops.append(Hop(id=hid, to=str(h["to"]), within=within, anchor=hop_anchor, by=h.get("by"),
                            channel=h.get("channel"), basis=h.get("basis"), on_miss=on_miss, index=i))
    on_change = None
    if "on_change" in p:
        oc = p["on_change"]
        where = path + ["on_change"]
        if c.format_version < 2:
            c.error(where, f"on_change {UPGRADE_HINT}")
            return (), None, False
        if "within" not in p:
            c.error(where, "on_change 每次变化都要设一个期限：须同时写 within")
            ok = False
        if "from" in p:
            c.error(path + ["from"], "on_change 的期限自每次变化时起算，不能再写 from")
            ok = False
        if "chain" in p:
            c.error(where, "on_change 不能与 chain 同用")
            ok = False
        facts = tuple(str(f) for f in oc.get("facts", ()))
        for j, f in enumerate(facts):
            if f not in c.facts:
                c.error(where + ["facts", j], f"未声明的事实 `{f}`（先在 facts 中声明）")
                ok = False
        if not facts and not oc.get("level"):
            c.error(where, "on_change 须写 facts（哪些事实变化）或 level: true（级别变化）")
            ok = False
        on_change = OnChange(facts, bool(oc.get("level", False)))
    return tuple(hops), on_change, ok


def finish(c: Any) -> None:
    """Checks that need the whole file: ``task:ID`` names a task id of the plan."""
    for name, path in c.__dict__.get("chain_task_refs", []):
        if name not in c.task_ids:
            known = "、".join(c.task_ids) or "（本预案的任务都没有 id）"
            c.error(path, f"未知的任务 id `{name}`（task: 须指预案中带 id 的任务；已有：{known}）")
