"""A console process issuing from one lot, for the two-process test (run with ``python -m``).

``URL DEPOT ITEM LOT N ACTOR START``: wait until the wall-clock time START (so both
processes really run at once), then try N single-unit issues; print a JSON summary of how many
were accepted and refused (refusals must be the ledger's "库存不足", never a crash).
"""

from __future__ import annotations

import json
import sys
import time

from console.clock import SystemClock
from console.reserves.ledger import Ledger, LedgerError
from console.store import open_database


def main(url: str, depot: str, item: str, lot: str, n: int, actor: str, start: float) -> None:
    ledger = Ledger(open_database(url), SystemClock())
    ledger.balances()  # connect before the start line
    time.sleep(max(0.0, start - time.time()))
    began = time.time()
    ok = refused = 0
    seqs = []
    for _ in range(n):
        try:
            seqs += [m.seq for m in ledger.issue(depot, item, 1, actor=actor, lot=lot)]
            ok += 1
        except LedgerError as e:
            assert "库存" in str(e), e
            refused += 1
    print(json.dumps({"ok": ok, "refused": refused, "seqs": seqs, "began": began, "ended": time.time()}),
          flush=True)


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], a[3], int(a[4]), a[5], float(a[6]))
