"""The limits every input of an incident keeps, so nothing out of range reaches the log.

The event log is append-only: a value written once is replayed for ever. A fact of 2^64, a
time in the year 9999 or a coordinate of NaN would break every later replay, review or
deadline. So each is refused before it is written, and these limits are part of the
product: raising one is safe, lowering one could refuse an event already in a log.

- a numeric fact keeps to its plan's ``min``/``max``; without them to ±:data:`DEFAULT_MAX`
  (a count of people, hours or multiples never comes near a million); a plan may not declare
  a limit beyond ±:data:`SAFE_LIMIT` (integers and decimals stay exact in every store);
- texts: an incident's title and place up to :data:`TITLE_MAX` / :data:`PLACE_MAX`
  characters, a note, reason or text fact up to :data:`TEXT_MAX`;
- times: not before :data:`EARLIEST`, not after now plus :data:`CLOCK_SKEW`, and never after
  :data:`LATEST` whatever a clock says.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from console.plan.model import FactDecl

DEFAULT_MAX = 1_000_000
SAFE_LIMIT = 1_000_000_000_000
TITLE_MAX = 200
PLACE_MAX = 200
TEXT_MAX = 4_000
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def fact_range(decl: FactDecl) -> tuple[float, float]:
    """The closed range a numeric fact's value must lie in: the plan's, else ±DEFAULT_MAX."""
    lo = decl.min if decl.min is not None else -DEFAULT_MAX
    hi = decl.max if decl.max is not None else DEFAULT_MAX
    return lo, hi


def number_text(x: float) -> str:
    """A limit as people read it: ``1,000,000``, ``0.5``, ``-10``."""
    if isinstance(x, int) or (math.isfinite(x) and abs(x) < 1e21 and x == int(x)):
        return f"{int(x):,}"
    return f"{x:,}"


def plan_limit_ok(value: Any) -> bool:
    """Can a plan declare this as a fact's ``min`` or ``max``? A finite number within ±SAFE_LIMIT."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and -SAFE_LIMIT <= value <= SAFE_LIMIT
