"""A console process approving one request, for the race test (run with ``python -m``).

``URL REQUEST ACTOR START``: wait until START (wall clock), approve, print a JSON result.
"""

from __future__ import annotations

import json
import sys
import time

from console.clock import SystemClock
from console.incidents import IncidentService
from console.reserves.ledger import Ledger, LedgerError
from console.reserves.requests import Requests
from console.store import open_database


def main(url: str, request: str, actor: str, start: float) -> None:
    db = open_database(url)
    clock = SystemClock()
    reqs = Requests(Ledger(db, clock), IncidentService(db, clock))
    reqs.get(request)
    time.sleep(max(0.0, start - time.time()))
    try:
        p = reqs.approve(request, actor=actor)
        out = {"ok": True, "lines": len(p.lines)}
    except LedgerError as e:
        out = {"ok": False, "error": str(e)}
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], float(a[3]))
