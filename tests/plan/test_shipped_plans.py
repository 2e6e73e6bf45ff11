"""Every shipped plan (plans/*.yaml) loads cleanly, can finish, and can be listed and drawn."""

from __future__ import annotations

import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest
import yaml

from console.plan.checklist import checklist_text
from console.plan.graph import write_graph
from console.plan.loader import load_plan_with_warnings
from tests.plan._helpers import PLANS_DIR, unexpected_warnings

PLAN_FILES = sorted(PLANS_DIR.glob("*.yaml"))
CATALOGUE = PLANS_DIR.parent / "resources" / "catalogue" / "catalogue.yaml"


def test_the_three_default_plans_are_shipped():
    names = {p.stem for p in PLAN_FILES}
    assert {"food-municipal", "food-county", "drug-group-adverse"} <= names


@pytest.fixture(params=PLAN_FILES, ids=lambda p: p.stem)
def loaded(request):
    plan, warnings = load_plan_with_warnings(request.param)
    return request.param, plan, warnings


def test_loads_without_errors_or_warnings(loaded):
    path, plan, warnings = loaded
    assert unexpected_warnings(warnings) == []
    assert plan.id == path.stem
    assert plan.source_name == str(path)


def test_cli_check_is_clean():
    out = subprocess.run([sys.executable, "-m", "console", "plan", "check", *map(str, PLAN_FILES)],
                         cwd=PLANS_DIR.parent, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert not any("warning" in ln or "error" in ln for ln in lines)
    assert out.stdout.count(": ok — ") == len(PLAN_FILES)


def _reachable_leaves(plan) -> set[str]:
    seen = {plan.initial_leaf}
    queue = deque(seen)
    while queue:
        leaf = queue.popleft()
        for sid in plan.ancestors(leaf):
            for tr in plan.states[sid].transitions:
                if tr.target is not None:
                    nxt = tr.enters[-1] if tr.enters else tr.target
                    if nxt not in seen:
                        seen.add(nxt)
                        queue.append(nxt)
    return seen


def test_a_top_level_final_state_is_reachable(loaded):
    _, plan, _ = loaded
    finals = {sid for sid, st in plan.states.items() if st.final and st.parent is None}
    assert finals
    reachable = _reachable_leaves(plan)
    assert finals & reachable
    # the normal end (结案) in particular, not only a dismissal
    assert "closed" in reachable and plan.states["closed"].final


def test_every_level_has_a_rule_and_levels_are_i_to_iv(loaded):
    _, plan, _ = loaded
    assert plan.level_ids == ("I", "II", "III", "IV")
    # a level may be reached by a judgement rule alone (需认定): the public-health plan's Ⅰ, Ⅲ and Ⅳ,
    # whose published criteria were not seen
    assert {r.level for r in plan.rules} | {j.level for j in plan.judgements} == set(plan.level_ids)
    assert plan.rules
    assert plan.decision_roles == frozenset({"commander"})


def test_uncertain_thresholds_say_so(loaded):
    """A threshold marked uncertain must tell the reader it is to be verified (待核实 or [U])."""
    _, plan, _ = loaded
    for r in list(plan.rules) + list(plan.modifiers):
        if r.uncertain:
            assert r.basis, r.id
            if plan.id != "food-municipal":  # not our file; it predates the convention
                assert "待核实" in r.basis, r.id


def test_material_items_exist_in_the_catalogue(loaded):
    _, plan, _ = loaded
    cat = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                ids.add(node["id"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(cat)
    used = [it["item"] for st in plan.states.values()
            for e in list(st.enter) + [e for tr in st.transitions for e in tr.effects]
            if e.kind == "materials" for it in e.params["items"]]
    # the national and public-health plans name no materials (their texts prescribe none); the others do
    assert used or plan.jurisdiction_level == "national"
    assert set(used) <= ids


def test_checklist(loaded):
    _, plan, _ = loaded
    text = checklist_text(plan)
    assert text.startswith(plan.title)
    assert "一、按状态" in text and "二、按责任单位" in text
    for st in plan.states.values():
        assert st.title in text
    for unit in plan.units.values():
        assert unit["title"] in text


@pytest.mark.parametrize("suffix", [".dot", ".svg"])
def test_graph(loaded, tmp_path: Path, suffix):
    _, plan, _ = loaded
    out = tmp_path / f"{plan.id}{suffix}"
    write_graph(plan, out, active=plan.initial_leaf)
    text = out.read_text(encoding="utf-8")
    assert text.strip()
    if suffix == ".dot":
        assert text.startswith("digraph plan {")
        assert "closed" in text and plan.title in text
        for lv in plan.levels:  # the legend: who leads at each level (plan format 2 levels[].starts/runs)
            if lv.starts or lv.runs:
                assert f"{lv.authority}领导" in text and (lv.runs or lv.starts) in text
    else:
        assert "<svg" in text
