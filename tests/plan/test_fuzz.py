"""Property-based fuzzing of the plan loader: whatever the bytes, ``load_plan_text`` returns a
Plan or raises ``PlanError`` with located, non-empty, Chinese diagnostics — never anything else."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.plan import Plan, PlanError, load_plan_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "food-municipal": (ROOT / "plans" / "food-municipal.yaml").read_text("utf-8"),
    "mini": (Path(__file__).parent / "fixtures" / "mini.yaml").read_text("utf-8"),
}
CJK = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Catalogue:
    def resolve(self, ref: str):
        return ref if ref[:3] in ("KJ-", "CY-", "LC-", "FH-", "FC-") else None


def check(data: str | bytes) -> None:
    try:
        plan = load_plan_text(data, "fuzz.yaml", catalogue=Catalogue())
    except PlanError as exc:
        assert exc.diagnostics, "PlanError without diagnostics"
        assert exc.errors, "PlanError with warnings only"
        for d in exc.diagnostics:
            assert d.file == "fuzz.yaml"
            assert isinstance(d.line, int) and d.line >= 1, d
            assert isinstance(d.col, int) and d.col >= 1, d
            assert d.severity in ("error", "warning")
            assert d.message.strip() and CJK.search(d.message), d
            assert "Traceback" not in d.message
            assert str(d).startswith(f"fuzz.yaml:{d.line}:{d.col}: ")
    else:
        assert isinstance(plan, Plan)


# -- text mutations -----------------------------------------------------------------

TOKENS = sorted({t for text in SOURCES.values() for t in re.findall(r"[\w\-:#\"'{}\[\],]+", text)})
ODD = ["\t", "\x00", "\ufeff", "\u202e", "\u3000", "&a ", "*a", "!!python/object:os.system ", "<<: ",
       "{", "}", "[", "]", ":", "- ", "? ", "|", ">", "%", "@", "`", "'", '"', "\\", "#", "---\n", "\r",
       "~", "null", "yes", "on", ".nan", "1e999", "0x1F", "2026-01-01", "P1M", "PT0M", "😀"]


@st.composite
def mutated(draw) -> str | bytes:
    name = draw(st.sampled_from(sorted(SOURCES)))
    lines = SOURCES[name].split("\n")
    n = len(lines)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "token", "insert", "number",
                                   "truncate_line"]))
        i = draw(st.integers(0, n - 1)) % len(lines)
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            delta = draw(st.integers(-4, 4))
            body = lines[i].lstrip(" ")
            lines[i] = " " * max(0, len(lines[i]) - len(body) + delta) + body
        elif op == "token":
            words = re.findall(r"[\w\-]+", lines[i])
            if words:
                old = draw(st.sampled_from(words))
                lines[i] = lines[i].replace(old, draw(st.sampled_from(TOKENS)), 1)
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            ins = draw(st.one_of(st.sampled_from(ODD), st.text(max_size=4)))
            lines[i] = lines[i][:pos] + ins + lines[i][pos:]
        elif op == "number":
            lines[i] = re.sub(r"\b\d+\b", draw(st.sampled_from(['"x"', "'30'", "-1", "1.5", "[]", "{}", "true"])),
                              lines[i], count=1)
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    text = "\n".join(lines)
    if draw(st.booleans()):
        return text
    data = text.encode("utf-8")
    if draw(st.integers(0, 3)) == 0:  # truncate at a random byte (may split a UTF-8 sequence)
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 3)) == 0:  # splice in raw bytes
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos:]
    return data


@FUZZ
@given(mutated())
def test_text_mutations_never_crash(data):
    check(data)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data):
    check(data)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=500))
def test_random_text_never_crash(text):
    check(text)


# -- structure-aware mutations --------------------------------------------------------

PARSED = {k: yaml.safe_load(v) for k, v in SOURCES.items()}
REPLACEMENTS = st.sampled_from([None, 0, -1, 1.5, True, "", "x", "PT30M", [], {}, [1], {"a": 1},
                                "I", "closed", "commander", "未知"])


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = {k: [p for p in _paths(v) if p] for k, v in PARSED.items()}


def _copy(v):
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_copy(x) for x in v]
    return v


@st.composite
def structurally_mutated(draw) -> str:
    name = draw(st.sampled_from(sorted(PARSED)))
    doc = _copy(PARSED[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            parent[last]
        except (KeyError, IndexError, TypeError):
            continue
        op = draw(st.sampled_from(["drop", "retype", "rename", "stringify"]))
        if op == "drop":
            del parent[last]
        elif op == "retype":
            parent[last] = draw(REPLACEMENTS)
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["x", "on", "title", "initial", "final", "states", "9bad"]))] = parent.pop(last)
        elif op == "stringify":
            parent[last] = str(parent[last])
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@FUZZ
@given(structurally_mutated())
def test_structure_mutations_never_crash(text):
    check(text)


def test_required_key_dropped_is_reported():
    for name, doc in PARSED.items():
        for key in ("format", "states", "levels", "facts", "events"):
            d = _copy(doc)
            del d[key]
            text = yaml.safe_dump(d, allow_unicode=True, sort_keys=False)
            try:
                load_plan_text(text, catalogue=Catalogue())
            except PlanError as exc:
                assert any(f"`{key}`" in x.message for x in exc.errors), (name, key, str(exc))
            else:
                raise AssertionError(f"{name} without {key} loaded")


def test_unmutated_sources_load():
    for text in SOURCES.values():
        assert isinstance(load_plan_text(text, catalogue=Catalogue()), Plan)


# -- the fast schema validator agrees with the one the messages are written against ----------

@FUZZ
@given(structurally_mutated())
def test_fast_and_full_schema_validators_agree(text):
    from hypothesis import assume

    from console.plan.schema import _fast_validator, _validator
    from console.plan.yamlpos import YamlProblem, load_positioned

    try:
        doc = load_positioned(text)
    except YamlProblem:  # rejected before the schema is consulted (e.g. an `on:` key)
        assume(False)
    full = next(iter(_validator().iter_errors(doc)), None)
    assert _fast_validator().is_valid(doc) == (full is None), full
