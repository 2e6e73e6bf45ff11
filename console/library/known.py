"""The plan ids a hand-over (``handover: {plan: …}``) may name, for the plan check.

The plan layer does not know which plans exist; the library tells it, as it tells it the division
data: the ids of the plans shipped in ``plans/*.yaml`` and of every plan a library in this process
has listed or added (:func:`remember`). ``plan check A B`` adds the ids of the files checked together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "plans"
_ID = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9\-]*)['\"]?\s*(?:#.*)?$", re.MULTILINE)
_seen: set[str] = set()
_files: dict[Path, tuple[float, str | None]] = {}


def plan_id_of(path: Path) -> str | None:
    """The top-level ``id:`` of a plan file, read without compiling it (None: not found)."""
    try:
        mtime = path.stat().st_mtime
        hit = _files.get(path)
        if hit is not None and hit[0] == mtime:
            return hit[1]
        m = _ID.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    found = m.group(1) if m else None
    _files[path] = (mtime, found)
    return found


def remember(ids: Iterable[str]) -> None:
    """Plan ids a library holds (called when it lists or adds plans)."""
    _seen.update(ids)


def known_plan_ids() -> frozenset[str]:
    """The default provider installed into the loader: shipped plans and the library's."""
    shipped = {pid for p in sorted(SHIPPED.glob("*.yaml")) if (pid := plan_id_of(p))}
    return frozenset(shipped | _seen)
