"""The compiled, immutable form of an emergency plan.

A ``Plan`` is only ever built by the loader after every static check passed, so
the engine can trust it: every state, event, fact, unit and report kind it
names exists, and every guard is already compiled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from console.plan.chains import Hop, OnChange

Guard = Callable[[Any], bool]  # takes an IncidentState; see console.plan.engine



# What a plan event does (``events.<id>.kind``), for the window: the primary action is the first
# allowed "forward" event; the others never are, and firing them asks for confirmation first.
EVENT_KINDS = ("forward", "dismiss", "deescalate", "terminate", "close")
CONFIRMED_KINDS = frozenset({"dismiss", "deescalate", "terminate", "close"})


@dataclass(frozen=True)
class FactDecl:
    id: str
    type: str  # int | number | bool | enum | text | datetime | duration (format 2)
    label: str
    min: float | None = None
    max: float | None = None
    values: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    unit: str | None = None
    required: bool = False
    uncertain: bool = False
    help: str | None = None
    # another numeric fact this one can never exceed (死亡人数 ≤ 发病人数), checked on every change
    at_most: str | None = None
    # format 2, time windows (console.plan.windows): a datetime fact the engine sets to the event's
    # time whenever the numeric fact ``stamp`` increases; ``input`` False: not on the facts form
    stamp: str | None = None
    input: bool = True


@dataclass(frozen=True)
class ApprovalDecl:
    """An approval a body outside the room must give (``approvals:``, format 2; console.plan.approvals):
    终止应急响应报同级人民政府批准. ``body`` by level like ``within`` (``default`` when not by level)."""

    id: str
    title: str
    body_by_level: Mapping[str, str]
    body_default: str | None
    recorded_by: frozenset[str]
    within: Within | None = None
    basis: str | None = None

    def body_for(self, level: str | None, order: tuple[str, ...]) -> str:
        if level is not None and level in self.body_by_level:
            return self.body_by_level[level]
        if self.body_default is not None:
            return self.body_default
        for lv in reversed(order):  # ungraded, no default: the least severe level's body
            if lv in self.body_by_level:
                return self.body_by_level[lv]
        return ""


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    colour: str
    authority: str
    response: str | None = None


@dataclass(frozen=True)
class CompiledGuard:
    test: Guard
    text: str  # a Chinese description for messages and checklists


@dataclass(frozen=True)
class GradingRule:
    id: str
    level: str
    title: str
    when: CompiledGuard
    basis: str | None = None
    uncertain: bool = False


@dataclass(frozen=True)
class Modifier:
    id: str
    title: str
    when: CompiledGuard
    raise_by: int
    max_level: str | None = None
    basis: str | None = None
    uncertain: bool = False


@dataclass(frozen=True)
class Within:
    """A deadline length, possibly by level (``{I: PT1H, default: PT2H}``)."""

    by_level: Mapping[str, timedelta]
    default: timedelta | None
    immediate: bool = False  # ``within: immediate`` (立即): due at its anchor, never auto-missed

    def for_level(self, level: str | None, fallback_order: tuple[str, ...]) -> timedelta:
        if level is not None and level in self.by_level:
            return self.by_level[level]
        if self.default is not None:
            return self.default
        # No default: an ungraded incident takes the least severe level's value.
        for lv in reversed(fallback_order):
            if lv in self.by_level:
                return self.by_level[lv]
        raise KeyError(level)  # prevented by the static checks

    def describe(self, levels: tuple[str, ...]) -> str:
        from console.plan.durations import format_duration

        if self.immediate:
            return "立即"
        if not self.by_level and self.default is not None:
            return format_duration(self.default)
        parts = [f"{lv}级{format_duration(self.by_level[lv])}" for lv in levels if lv in self.by_level]
        if self.default is not None:
            parts.append(f"其他{format_duration(self.default)}")
        return "，".join(parts)


@dataclass(frozen=True)
class OnMiss:
    fire: str | None = None
    alert: str | None = None


@dataclass(frozen=True)
class Effect:
    """One effect from the closed set: task, report, consult, materials, notify, level, timer, alert."""

    kind: str
    params: Mapping[str, Any]
    within: Within | None = None
    anchor: str = "entry"  # entry | received | event:<name>
    on_miss: OnMiss | None = None
    every: timedelta | None = None
    path: str = ""  # where it was declared, for messages
    # Does leaving the state that created its deadline cancel it? None: a format-1 plan, where
    # every deadline is cancelled with its state (the deadline record then has no such key).
    # Format 2: the plan's ``cancel_on_exit``, else True for timers, periodic reports and
    # consultations, False for tasks, one-off reports and materials (they last until done).
    cancel_on_exit: bool | None = None
    ack_within: timedelta | None = None  # task: 签收 expected within this (None: the console's default)
    chain: tuple[Hop, ...] = ()  # report: the hops of its reporting chain (console.plan.chains)
    on_change: OnChange | None = None  # report: due again on each change of these facts / the level


@dataclass(frozen=True)
class Transition:
    source: str
    event: str
    target: str | None  # None: internal transition (effects only, no exit/enter)
    roles: frozenset[str] | None
    guard: CompiledGuard | None
    effects: tuple[Effect, ...]
    title: str | None
    index: int
    # External transitions leave every active state below ``domain`` (None: the
    # top) and enter ``enters`` (outermost first, down to a leaf).
    domain: str | None = None
    enters: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    id: str
    title: str
    parent: str | None
    children: tuple[str, ...]
    initial_child: str | None
    initial: bool
    final: bool
    enter: tuple[Effect, ...]
    exit: tuple[Effect, ...]
    transitions: tuple[Transition, ...]
    description: str | None = None
    depth: int = 0
    # a final state's hand-over to another plan (format 2): {plan, title, facts} (console.plan.links)
    handover: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    version: str
    domain: str
    jurisdiction_name: str
    jurisdiction_code: str
    jurisdiction_level: str | None
    content_hash: str
    source_name: str
    roles: Mapping[str, str]
    units: Mapping[str, Mapping[str, Any]]
    report_kinds: Mapping[str, Mapping[str, Any]]
    events: Mapping[str, str]
    facts: Mapping[str, FactDecl]
    levels: tuple[Level, ...]
    rules: tuple[GradingRule, ...]
    modifiers: tuple[Modifier, ...]
    decision_roles: frozenset[str] | None
    states: Mapping[str, State]
    initial_leaf: str
    initial_path: tuple[str, ...]  # states entered when an incident opens, outermost first
    # (state, event) -> candidate transitions, innermost state first, in file order.
    table: Mapping[tuple[str, str], tuple[Transition, ...]]
    description: str | None = None
    basis: tuple[str, ...] = ()
    # What each event does, where the plan says (events.<id>.kind): "forward" is the plan's next
    # step (the window's primary action); "dismiss", "deescalate", "terminate" and "close" are
    # never primary and ask for confirmation (CONFIRMED_KINDS).
    event_kinds: Mapping[str, str] = field(default_factory=dict)
    # The format's major version (``format: emergency-plan/N``): 1 cancels every deadline when
    # its state is left and at close; 2 keeps them until done unless the plan says otherwise.
    format_version: int = 1
    # Format 2: approvals by id (``approvals:``, console.plan.approvals); empty otherwise.
    approvals: Mapping[str, ApprovalDecl] = field(default_factory=dict)
    # Memo of grading suggestions by fact bands (console.plan.guards.GradingIndex), or None
    # when a rule looks beyond the facts. Not part of the plan's identity.
    grading_index: Any = field(default=None, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        ids = tuple(lv.id for lv in self.levels)
        object.__setattr__(self, "_level_ids", ids)
        object.__setattr__(self, "_ranks", {lv: i for i, lv in enumerate(ids)})

    # -- levels ---------------------------------------------------------------
    @property
    def level_ids(self) -> tuple[str, ...]:
        return self._level_ids  # type: ignore[attr-defined, no-any-return]

    def level(self, level_id: str | None) -> Level | None:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        return None

    def rank(self, level_id: str | None) -> int:
        """0 is the most severe level; an ungraded incident ranks below every level."""
        if level_id is None:
            return len(self.levels)
        try:
            return self._ranks[level_id]  # type: ignore[attr-defined, no-any-return]
        except KeyError:
            raise ValueError(f"未知的级别 `{level_id}`") from None

    def level_name(self, level_id: str | None) -> str:
        lv = self.level(level_id)
        return f"{lv.name}（{lv.id}级）" if lv else "未分级（非级别）"

    # -- states ---------------------------------------------------------------
    def ancestors(self, state_id: str) -> tuple[str, ...]:
        """The state and its ancestors, innermost first."""
        out = []
        cur: str | None = state_id
        while cur is not None:
            out.append(cur)
            cur = self.states[cur].parent
        return tuple(out)

    def state_title(self, state_id: str) -> str:
        return self.states[state_id].title

    def event_kind(self, event: str) -> str | None:
        return self.event_kinds.get(event)

    def event_title(self, event: str) -> str:
        return self.events.get(event, event)

    def role_title(self, role: str) -> str:
        return self.roles.get(role, role)
