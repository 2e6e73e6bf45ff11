"""The units (工作组) an account may belong to: those the plans in the database name.

A ``group_staff`` account belongs to a unit of the plans (``units:`` in the plan: ``hazard`` →
危害控制组); the room sends instructions to a unit, the incident's tasks are the unit's. A unit
the plans do not know would never receive anything, so the account service refuses it.

The known units are read from the plans pinned in the database (the ``plans`` table: every plan
an incident has been opened on, or a plan library has pinned). This module reads the pinned
texts with the plan loader (console.plan, below the accounts); a caller that has the compiled
plans already (console.app) may pass its own source of units to :class:`AccountService`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from console.plan.engine import Rejected
from console.store.db import Database
from console.store.models import plans_table

MAX_UNIT = 100  # users.unit


@dataclass(frozen=True)
class Unit:
    """A unit as the plans name it: its id (``hazard``) and title (危害控制组)."""

    key: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.title}（{self.key}）" if self.title and self.title != self.key else self.key


UnitSource = Callable[[], Iterable[Unit]]

# content hash → the units that plan text names (a pinned text never changes)
_BY_HASH: dict[str, tuple[Unit, ...]] = {}


def plan_units(units: Mapping[str, Mapping[str, Any]]) -> tuple[Unit, ...]:
    """The units of a compiled plan's ``units`` mapping (id → {title, lead, …})."""
    return tuple(Unit(str(key), str((spec or {}).get("title") or key)) for key, spec in units.items())


def pinned_plan_units(db: Database) -> tuple[Unit, ...]:
    """Every unit named by a plan pinned in ``db`` (one per title; an id two plans title
    differently appears twice). A pinned text that no longer compiles names none."""
    from console.plan.loader import load_plan_text

    with db.reading() as conn:
        rows = conn.execute(select(plans_table.c.hash, plans_table.c.source)
                            .order_by(plans_table.c.first_seen_us.desc())).all()
    seen: dict[str, Unit] = {}
    for h, source in rows:
        units = _BY_HASH.get(h)
        if units is None:
            try:
                plan = load_plan_text(source, f"<预案 {h[:12]}>", catalogue=None)
            except Exception:  # noqa: BLE001 — a damaged pinned text: `log verify` names it
                units = ()
            else:
                units = plan_units(plan.units)
            _BY_HASH[h] = units
        for u in units:
            seen.setdefault(u.title, u)  # newest plan text first: an id maps to its newest title
    return tuple(sorted(seen.values(), key=lambda u: (u.key, u.title)))


def check_unit(unit: str | None, known: Iterable[Unit]) -> str | None:
    """The unit as accounts keep it — its title (危害控制组), the name the room and the window
    show — for ``unit`` given by title or id (``hazard``); None for no unit; Rejected naming the
    units the plans know. A database without any plan yet knows no units: the name is kept as
    given (the first run sets up accounts before the plans; see docs/accounts.md)."""
    name = (unit or "").strip()
    if not name:
        return None
    units = tuple(known)
    if len(name) > MAX_UNIT:
        raise Rejected("bad_unit", f"工作组名称不超过 {MAX_UNIT} 个字符")
    if not units:
        return name
    for u in units:
        if name in (u.title, u.key):
            return u.title
    raise Rejected("bad_unit", f"未知的工作组「{name}」（数据库中预案的工作组：{'、'.join(u.label for u in units)}）")


__all__ = ["Unit", "UnitSource", "check_unit", "pinned_plan_units", "plan_units"]
