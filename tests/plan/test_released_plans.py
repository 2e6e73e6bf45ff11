"""The plans released as 2026.1 still behave exactly as they did then.

tests/plan/fixtures/released-2026.1/ holds the three shipped plans as they were at release 2026.1
(commit c30a74a) and the municipal plan in ``emergency-plan/1``; golden/ holds, for each, scripted
incidents (grading, every kind of transition, tasks done / missed / acknowledged / reopened, reports,
consultations, materials, level changes, termination, closing, refusals) with what the engine of that
release recorded: the events written, the effects of every step, a digest of the state after it and
the final ``IncidentState.to_json()`` (tests/plan/_released.py says how a script runs;
tests/plan/record_released.py wrote them and is not run here). Today's engine must give exactly the
same — new format-2 constructs are additions, and a plan that uses none of them must not notice them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from console.app import Console
from console.clock import ManualClock
from console.plan.engine import IncidentState, replay
from console.plan.loader import load_plan_with_warnings
from tests.plan._helpers import unexpected_warnings
from tests.plan._released import FIXTURES, golden_files, load_golden, recorded_events, run_script
from tests.records_fixtures import T0
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (real databases for the library)

PLAN_FIXTURES = sorted(FIXTURES.glob("*.yaml"))
GOLDENS = golden_files()


def test_the_release_is_all_there():
    assert [p.name for p in PLAN_FIXTURES] == ["drug-group-adverse.yaml", "food-county.yaml",
                                               "food-municipal-format1.yaml", "food-municipal.yaml"]
    scripted = {load_golden(g)["plan"] for g in GOLDENS}
    assert scripted == {p.name for p in PLAN_FIXTURES}
    assert len(GOLDENS) >= 15


def test_the_format_1_fixture_is_the_municipal_plan_with_only_its_format_changed():
    v2 = (FIXTURES / "food-municipal.yaml").read_text(encoding="utf-8").splitlines()
    v1 = (FIXTURES / "food-municipal-format1.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(v2, v1, strict=True) if a != b]
    assert changed == [("format: emergency-plan/2", "format: emergency-plan/1")]
    assert "cancel_on_exit" not in "\n".join(v1) and "ack_within" not in "\n".join(v1)


@pytest.mark.parametrize("path", PLAN_FIXTURES, ids=lambda p: p.stem)
def test_each_released_plan_still_loads_cleanly(path: Path):
    plan, warnings = load_plan_with_warnings(path)
    # a checker warning is not behaviour: the released plans predate the raise-at-Ⅰ warning (format 2 §B)
    # and are pinned as released, so that one warning is allowed here (the shipped plans have none)
    assert [w for w in unexpected_warnings(warnings) if "级别可能已是" not in w] == []
    assert plan.format_version == (1 if path.stem.endswith("format1") else 2)
    assert plan.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def _first_difference(want: Any, got: Any, where: str = "") -> str:
    """Where two JSON values first differ, for a readable failure."""
    if isinstance(want, dict) and isinstance(got, dict):
        for k in list(want) + [k for k in got if k not in want]:
            if k not in got or k not in want:
                return f"{where}.{k}: {'missing now' if k not in got else 'new now'}"
            if want[k] != got[k]:
                return _first_difference(want[k], got[k], f"{where}.{k}")
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{i}]")
    return f"{where}: {want!r} → {got!r}"


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: p.stem)
def test_golden_replay_is_identical(golden: Path):
    g = load_golden(golden)
    plan, _ = load_plan_with_warnings(FIXTURES / g["plan"])
    assert plan.content_hash == g["plan_sha256"], "the released plan file was changed: it must stay as released"
    commands = [s["command"] for s in g["steps"]]
    final, results = run_script(plan, commands)
    for i, (want, got) in enumerate(zip(g["steps"], results, strict=True)):
        want = {k: v for k, v in want.items() if k != "command"}
        assert got == want, f"step {i} {json.dumps(commands[i], ensure_ascii=False)}: {_first_difference(want, got)}"
    got_final = json.loads(json.dumps(final.to_json(), ensure_ascii=False))
    assert got_final == g["final"], _first_difference(g["final"], got_final)

    # the log replays to the same state, and the recorded final snapshot reads back as it
    events = recorded_events(results)
    assert replay(plan, events) == final
    assert IncidentState.from_json(g["final"]) == final


def test_a_golden_replay_notices_a_change_of_behaviour():
    """The comparison is not vacuous: the same script on the plan in the other format differs."""
    g = load_golden(next(p for p in GOLDENS if p.stem == "food-municipal-format1--full"))
    plan, _ = load_plan_with_warnings(FIXTURES / "food-municipal.yaml")
    final, results = run_script(plan, [s["command"] for s in g["steps"]])
    assert final.to_json() != g["final"]
    assert [r.get("effects") for r in results] != [s.get("effects") for s in g["steps"]]


# -- the plan library takes the released files as they are -------------------------------------------------

@pytest.fixture
def console(db) -> Console:  # noqa: F811
    return Console(db, ManualClock(T0))


def test_the_plan_library_accepts_the_released_plans_unchanged(console: Console):
    lib = console.library
    for path in PLAN_FIXTURES:
        data = path.read_bytes()
        entry = lib.add_file(path, actor="系统管理员", role="admin")
        assert entry.content_hash == hashlib.sha256(data).hexdigest(), path.name
        assert lib.text(entry.content_hash) == data.decode("utf-8"), path.name
        plan = lib.plan(entry.content_hash)
        assert plan.content_hash == entry.content_hash
        assert (entry.plan_id, entry.version) == (plan.id, "2026.1")
    assert sorted(e.plan_id for e in lib.entries()) == ["drug-group-adverse", "food-county", "food-municipal",
                                                       "food-municipal"]
    assert lib.verify() == []
