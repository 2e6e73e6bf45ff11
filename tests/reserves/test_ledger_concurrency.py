"""Two processes issuing from the same lot at once: never negative, no movement lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date

from console.reserves.ledger import Ledger
from tests.reserves.conftest import ROOT

START = 60
PER_PROCESS = 45  # 2 × 45 > 60: the lot runs out while both are still issuing


def test_two_processes_issue_from_one_lot(ledger: Ledger, db_url: str) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", START, actor="入库员", expiry=date(2029, 1, 1))
    start = time.time() + 4  # both processes start issuing at this instant
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.reserves._issuer", db_url, "PY-SJ", "FH-001", "P1",
                          str(PER_PROCESS), f"值班员{k}", str(start)], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for k in (1, 2)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    assert all(r["ok"] > 0 for r in results), results  # both really took part …
    a, b = results
    assert a["began"] < b["ended"] and b["began"] < a["ended"], results  # … at the same time
    accepted = sum(r["ok"] for r in results)
    assert accepted == START  # every unit issued exactly once
    assert sum(r["refused"] for r in results) == 2 * PER_PROCESS - START
    moves = ledger.movements()
    issued = [m for m in moves if m.kind == "issue"]
    assert len(issued) == accepted  # no acknowledged movement lost
    assert sorted(m.seq for m in issued) == sorted(s for r in results for s in r["seqs"])
    assert {m.actor for m in issued} == {"值班员1", "值班员2"}
    assert ledger.balances(include_zero=True)[0].qty == 0
    assert ledger.verify() == []


def test_two_consoles_approving_one_request_dispatch_it_once(db, clock, ledger: Ledger, db_url: str) -> None:
    from tests.reserves.test_requests import _responding, _stock

    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    from console.reserves.requests import Requests

    [req] = Requests(ledger, svc).from_effects(iid, effects)
    start = time.time() + 4
    procs = [subprocess.Popen([sys.executable, "-m", "tests.reserves._approver", db_url, req.id, f"值班员{k}",
                               str(start)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in (1, 2)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    assert sorted(r["ok"] for r in results) == [False, True], results
    loser = next(r for r in results if not r["ok"])
    assert "不能再次审批" in loser["error"] or "已被他人处理" in loser["error"]
    moves = ledger.movements(request_id=req.id)
    assert len({m.actor for m in moves}) == 1  # one dispatch, by the winner
    assert sum(-m.qty for m in moves if m.item == "FH-001") == 100
    dispatched = [e for e in svc.timeline(iid) if e.type == "log.materials_dispatched"]
    assert len(dispatched) == 1 and dispatched[0].actor == moves[0].actor
    assert ledger.verify() == []
