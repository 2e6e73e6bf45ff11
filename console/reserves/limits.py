"""How large a stock quantity may be: checked before anything is written.

A lot holds at most :data:`MAX_LOT_QTY` units and one item at one depot at most
:data:`MAX_TOTAL_QTY`, so every sum the console takes (a depot's stock, an item across all
depots, a lot's movements) stays far inside a 64-bit integer.
"""

from __future__ import annotations

MAX_LOT_QTY = 10**9
MAX_TOTAL_QTY = 10**12

__all__ = ["MAX_LOT_QTY", "MAX_TOTAL_QTY"]
