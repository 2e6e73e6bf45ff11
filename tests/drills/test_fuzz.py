"""Property-based fuzzing of the scenario checker, like tests/plan/test_fuzz.py for plans:
whatever the text, a Scenario or ScenarioError with located, non-empty Chinese diagnostics."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.drills.scenario import (
    Scenario,
    ScenarioError,
    _fast_validator,
    _validator,
    load_scenario_text,
)
from console.plan.yamlpos import YamlProblem, load_positioned
from tests.drills.conftest import ROOT

SOURCES = {p.stem: p.read_text("utf-8") for p in sorted((ROOT / "scenarios").glob("*.yaml"))}  # every shipped one
CJK = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TOKENS = sorted({t for text in SOURCES.values() for t in re.findall(r"[\w\-:#{}\[\],]+", text)})
ODD = ["\t", "\x00", "{", "}", "[", "]", ":", "- ", "&a ", "*a", "!!python/object:os.system ", "yes", "on",
       "PT0M", "P1M", "-5", "null", "~", "'", '"', "I01", "X01", "E01", "😀"]


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(SOURCES)))
    lines = SOURCES[name].split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "dup", "token", "odd", "swap"]))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "dup":
            lines.insert(i, line)
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        else:
            words = re.findall(r"[\w\-]+", line)
            new = draw(st.sampled_from(TOKENS if op == "token" else ODD))
            if words:
                w = draw(st.sampled_from(words))
                lines[i] = line.replace(w, new, 1)
            else:
                lines[i] = line + new
        if not lines:
            break
    return "\n".join(lines)


def check(text: str) -> None:
    try:
        doc = load_positioned(text)
    except YamlProblem:
        doc = None
    if doc is not None:  # the compiled validator and the one that writes the messages agree
        assert _fast_validator().is_valid(doc) == (not any(True for _ in _validator().iter_errors(doc)))
    try:
        s = load_scenario_text(text, "fuzz.yaml", base=ROOT / "scenarios")
    except ScenarioError as exc:
        assert exc.diagnostics and exc.errors
        for d in exc.diagnostics:
            assert d.file == "fuzz.yaml" and d.line >= 1 and d.col >= 1, d
            assert d.message.strip() and CJK.search(d.message), d
            assert "Traceback" not in d.message
    else:
        assert isinstance(s, Scenario)


@FUZZ
@given(mutated())
def test_mutated_scenarios_fail_cleanly(text):
    check(text)


def test_unmutated_pass():
    for text in SOURCES.values():
        assert isinstance(load_scenario_text(text, "x.yaml", base=ROOT / "scenarios"), Scenario)
