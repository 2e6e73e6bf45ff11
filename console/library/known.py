"""The plan ids a hand-over (``handover: {plan: …}``) may name, for the plan check.

The plan layer does not know which plans exist; the library tells it, as it tells it the division
data: the ids of the plans shipped in ``plans/*.yaml`` and of every plan a library in this process
has listed or added (:func:`remember`). ``plan check A B`` adds the ids of the files checked together.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from console.plan.links import plan_id_of

SHIPPED = Path(__file__).resolve().parents[2] / "plans"
_seen: set[str] = set()


def remember(ids: Iterable[str]) -> None:
    """Plan ids a library holds (called when it lists or adds plans)."""
    _seen.update(ids)


def known_plan_ids() -> frozenset[str]:
    """The default provider installed into the loader: shipped plans and the library's."""
    shipped = {pid for p in sorted(SHIPPED.glob("*.yaml")) if (pid := plan_id_of(p))}
    return frozenset(shipped | _seen)
