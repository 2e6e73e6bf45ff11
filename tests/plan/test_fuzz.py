"""Property-based fuzzing of the plan loader: whatever the bytes, ``load_plan_text`` returns a
Plan or raises ``PlanError`` with located, non-empty, Chinese diagnostics — never anything else.

The sources are a format-1 plan, a tiny plan and ``fixtures/format2-all.yaml``, which uses every
emergency-plan/2 construct (chains, anchors, immediate, on_change, approvals, windows, linked
guards, hand-over, lead and role maps, judged_by, assessed facts, optional raises, dotted ids);
the format-2 constructs are also mutated one by one, exhaustively. A plan that loads must open an
incident (never a half-built plan)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.plan import Plan, PlanError, load_plan_text
from console.plan.engine import Event, Rejected, open_incident

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "food-municipal": (ROOT / "plans" / "food-municipal.yaml").read_text("utf-8"),
    "mini": (Path(__file__).parent / "fixtures" / "mini.yaml").read_text("utf-8"),
    "format2-all": (Path(__file__).parent / "fixtures" / "format2-all.yaml").read_text("utf-8"),
}
# the plan the format-2 fixture hands over to (fixtures/public-health.yaml)
KNOWN_PLANS = frozenset({"public-health-test"})
OPENED_AT = datetime(2026, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
CJK = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Catalogue:
    def resolve(self, ref: str):
        return ref if ref[:3] in ("KJ-", "CY-", "LC-", "FH-", "FC-") else None


def check(data: str | bytes) -> None:
    try:
        plan = load_plan_text(data, "fuzz.yaml", catalogue=Catalogue(), known_plans=KNOWN_PLANS)
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
        usable(plan)


def usable(plan: Plan) -> None:
    """A plan that loaded is whole: an incident opens under it (its initial state is entered, its
    deadlines made); the only refusal allowed is a Chinese ``Rejected`` about the facts given."""
    role = next(iter(plan.roles), "commander")
    try:
        state, _ = open_incident(plan, Event("open", OPENED_AT, "值班员", role, {"facts": {}}))
    except Rejected as exc:
        assert CJK.search(str(exc)), exc
    else:
        assert state.leaf == plan.initial_leaf


# -- text mutations -----------------------------------------------------------------

TOKENS = sorted({t for text in SOURCES.values() for t in re.findall(r"[\w\-:#\"'{}\[\],]+", text)})
ODD = ["fact:", "hop:", "task:", "report:", "exit:", "immediate", "on_change", "P1Y", "{times: 2}",
       "\t", "\x00", "\ufeff", "\u202e", "\u3000", "&a ", "*a", "!!python/object:os.system ", "<<: ",
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
        plan = load_plan_text(text, catalogue=Catalogue(), known_plans=KNOWN_PLANS)
        assert isinstance(plan, Plan)
        usable(plan)


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


# -- the format-2 constructs, one by one ----------------------------------------------------

FORMAT2 = PARSED["format2-all"]
# where each format-2 construct sits in fixtures/format2-all.yaml (a path into the parsed file)
_OPEN = ("states", "open")
_RECV = (*_OPEN, "states", "received")
_RESP = (*_OPEN, "states", "responding")
_END = (*_OPEN, "states", "ending")
CONSTRUCTS: dict[str, tuple[Any, ...]] = {
    "chain": (*_OPEN, "enter", 0, "report", "chain"),
    "hop": (*_OPEN, "enter", 0, "report", "chain", 1),
    "hop within map": (*_OPEN, "enter", 0, "report", "chain", 1, "within"),
    "anchor fact:": (*_OPEN, "enter", 0, "report", "chain", 0, "from"),
    "anchor hop:": (*_OPEN, "enter", 0, "report", "chain", 2, "from"),
    "hop immediate": (*_OPEN, "enter", 0, "report", "chain", 2, "within"),
    "hop on_miss": (*_OPEN, "enter", 0, "report", "chain", 3, "on_miss"),
    "hop channel": (*_OPEN, "enter", 0, "report", "chain", 3, "channel"),
    "task immediate": (*_OPEN, "enter", 1, "task", "within"),
    "anchor task:": (*_RECV, "enter", 1, "task", "from"),
    "task id": (*_RECV, "enter", 0, "task", "id"),
    "anchor report:": (*_RECV, "enter", 2, "report", "from"),
    "anchor exit:": ("states", "aftermath", "enter", 0, "report", "from"),
    "on_change": (*_RESP, "enter", 2, "report", "on_change"),
    "on_change facts": (*_RESP, "enter", 2, "report", "on_change", "facts"),
    "on_change level": (*_RESP, "enter", 2, "report", "on_change", "level"),
    "approvals": ("approvals",),
    "approval": ("approvals", "terminate_gov"),
    "approval body": ("approvals", "terminate_gov", "body"),
    "approval recorded_by": ("approvals", "terminate_gov", "recorded_by"),
    "approval within": ("approvals", "terminate_gov", "within"),
    "approval effect": (*_END, "enter", 0, "approval"),
    "approval effect id": (*_END, "enter", 0, "approval", "id"),
    "approval guard": (*_END, "transitions", 0, "when", "approval"),
    "approval guard status": (*_END, "transitions", 0, "when", "approval", "status"),
    "approval effect within": (*_END, "transitions", 1, "effects", 0, "approval", "within"),
    "since at_least": (*_RESP, "transitions", 0, "when", "all", 0),
    "since at_most": (*_RESP, "transitions", 0, "when", "all", 1, "at_most"),
    "since times": (*_RESP, "transitions", 1, "when", "at_least"),
    "since times fact": (*_RESP, "transitions", 1, "when", "at_least", "fact"),
    "since times n": (*_RESP, "transitions", 1, "when", "at_least", "times"),
    "since fact": (*_RESP, "transitions", 1, "when", "since"),
    "duration fact": ("facts", "incubation", "type"),
    "stamp": ("facts", "last_case_at", "stamp"),
    "input": ("facts", "last_case_at", "input"),
    "datetime fact": ("facts", "last_case_at", "type"),
    "linked count": (*_RECV, "transitions", 1, "when", "linked", "count"),
    "linked within": (*_RECV, "transitions", 1, "when", "linked", "within"),
    "linked sum": ("grading", "rules", 4, "when", "linked", "sum"),
    "linked sum ge": ("grading", "rules", 4, "when", "linked", "ge"),
    "handover": ("states", "handed", "handover"),
    "handover plan": ("states", "handed", "handover", "plan"),
    "handover facts": ("states", "handed", "handover", "facts"),
    "handover final": ("states", "handed", "final"),
    "lead by level": ("units", "office", "lead"),
    "lead by fact": ("units", "trace", "lead"),
    "lead fact values": ("units", "trace", "lead", "values"),
    "lead default": ("units", "trace", "lead", "default"),
    "roles by level": (*_OPEN, "transitions", 1, "roles"),
    "roles default": (*_OPEN, "transitions", 1, "roles", "default"),
    "starts": ("levels", 0, "starts"),
    "runs": ("levels", 1, "runs"),
    "judged_by": ("grading", "rules", 1, "judged_by"),
    "judged_by with when": ("grading", "rules", 3, "judged_by"),
    "assessable": ("facts", "cases", "assessable"),
    "or_assessed": ("grading", "rules", 2, "when", "or_assessed"),
    "or_assessed in a transition": (*_RESP, "transitions", 0, "when", "all", 2, "or_assessed"),
    "optional raise": ("grading", "modifiers", 0, "raise"),
    "optional raise up_to": ("grading", "modifiers", 0, "raise", "up_to"),
    "dotted rule id": ("grading", "rules", 2, "id"),
    "dotted modifier id": ("grading", "modifiers", 0, "id"),
    "jurisdiction level": ("jurisdiction", "level"),
}
ODD_VALUES = [None, 0, -1, 2, 1.5, True, False, "", "x", "PT30M", "P1Y", "immediate", "fact:nope", "hop:nope",
              "task:nope", "report:nope", "exit:nope", "fact:cases", [], {}, [1], ["x"], {"a": 1},
              {"default": "PT1H"}, {"fact": "incubation"}, {"fact": "cases", "times": 2}, "I", "national",
              "commander", "未知", "A..B", "5.4.", "public-health-test"]


def _at(doc: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    return parent, path[-1]


def test_the_construct_paths_point_at_the_fixture():
    for name, path in CONSTRUCTS.items():
        parent, last = _at(FORMAT2, path)
        assert parent[last] is not None, name


def _mutations_of(k: int):
    """Drop, stringify and two odd values (rotating through ODD_VALUES, so across the constructs
    every odd value is tried) for the k-th construct; a rename or duplicate every other one."""
    yield "drop", lambda parent, last: parent.pop(last)
    yield "stringify", lambda parent, last: parent.__setitem__(last, str(parent[last]))
    for v in (ODD_VALUES[(2 * k) % len(ODD_VALUES)], ODD_VALUES[(2 * k + 1) % len(ODD_VALUES)]):
        yield f"= {v!r}", lambda parent, last, v=v: parent.__setitem__(last, _copy(v))
    if k % 2:
        yield "rename", lambda parent, last: (isinstance(parent, dict) and parent.__setitem__("x", parent.pop(last)))
    else:
        yield "duplicate", lambda parent, last: (isinstance(parent, list) and parent.insert(last, _copy(parent[last])))


def test_every_format2_construct_mutated_loads_or_is_located():
    """Each construct dropped, retyped, stringified, renamed, duplicated: a plan or located errors."""
    for k, (name, path) in enumerate(CONSTRUCTS.items()):
        for what, mutate in _mutations_of(k):
            doc = _copy(FORMAT2)
            mutate(*_at(doc, path))
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
            try:
                check(text)
            except AssertionError as exc:
                raise AssertionError(f"{name} {what}: {exc}") from exc


def test_every_format2_construct_in_a_format1_file_is_located():
    doc = _copy(FORMAT2)
    doc["format"] = "emergency-plan/1"
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    try:
        load_plan_text(text, "fuzz.yaml", catalogue=Catalogue(), known_plans=KNOWN_PLANS)
    except PlanError as exc:
        messages = [str(d) for d in exc.errors]
    else:
        raise AssertionError("a format-1 file with format-2 keys loaded")
    assert all(re.match(r"fuzz\.yaml:\d+:\d+: ", m) for m in messages), messages
    needs = [m for m in messages if "需要 format: emergency-plan/2" in m]
    for key in ("chain", "approvals", "handover", "assessable", "judged_by", "stamp", "since", "linked"):
        assert any(key in m for m in needs), (key, messages)


F2_LINES = [i for i, line in enumerate(SOURCES["format2-all"].split("\n"))
            if re.search(r"chain|from:|immediate|on_change|approval|since|stamp|duration|linked|handover|lead:|"
                         r"roles: \{|judged_by|assessable|or_assessed|up_to|starts|runs|within|recorded_by|"
                         r"body|times|\d\.\d", line)]


@st.composite
def format2_line_mutated(draw) -> str:
    """Text mutations aimed at the lines that carry format-2 constructs."""
    lines = SOURCES["format2-all"].split("\n")
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.sampled_from(F2_LINES))
        op = draw(st.sampled_from(["delete", "token", "insert", "truncate", "indent", "duplicate"]))
        if op == "delete":
            lines[i] = ""
        elif op == "token":
            words = re.findall(r"[\w\-.:]+", lines[i])
            if words:
                lines[i] = lines[i].replace(draw(st.sampled_from(words)), draw(st.sampled_from(TOKENS + ODD)), 1)
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from(ODD)) + lines[i][pos:]
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 3)) + lines[i]
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(format2_line_mutated())
def test_format2_line_mutations_never_crash(text):
    check(text)
