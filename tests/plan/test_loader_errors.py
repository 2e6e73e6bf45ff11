"""Bad plan files: every problem is a located, Chinese ``file:line:col: error: …`` — through the
API (``PlanError``) and the CLI (``python -m console plan check``: exit 1, no traceback)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from console.plan import PlanError, load_plan_text
from console.plan.loader import load_plan, load_plan_with_warnings

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures"
MINI = (FIX / "mini.yaml").read_text("utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


class Catalogue:
    """Stand-in for the reserves catalogue: the loader only asks ``resolve``."""

    def resolve(self, ref: str):
        return ref if ref.startswith("KJ-") else None


def at(text: str, line_marker: str, token: str | None = None, nth: int = 0, plus: int = 0) -> tuple[int, int]:
    """1-based (line, col) of ``token`` (+ ``plus`` columns) on the nth line containing ``line_marker``."""
    hits = [i for i, ln in enumerate(text.split("\n")) if line_marker in ln]
    i = hits[nth]
    ln = text.split("\n")[i]
    return i + 1, ln.index(token if token is not None else line_marker) + 1 + plus


def sub(old: str, new: str, text: str = MINI) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


@dataclass
class Case:
    name: str
    text: str | bytes
    message: str  # a fragment of the expected error message
    pos: tuple[int, int] | None = None  # exact position of that error, where it is clear


VERIFY = "{event: verify, to: responding, roles: [duty_officer, commander]}"
SCHOOL = "{fact: setting, in: [school, kindergarten]}"
TASK = "{unit: site, title: 赶赴现场核实, within: PT30M}"


def _cases() -> list[Case]:
    c: list[Case] = []

    def add(name, text, message, pos=None):
        c.append(Case(name, text, message, pos))

    # -- malformed YAML ---------------------------------------------------------------
    t = sub("roles: {duty_officer: 值班员, commander: 指挥长}", "roles: [duty_officer, commander\nunits: {}")
    add("unclosed_bracket", t, "方括号", at(t, "units: {}", ":"))
    add("unclosed_bracket_points_at_opening", t, "相关位置：第 %d 行第 %d 列" % at(t, "roles: [", "["))  # noqa: UP031
    t = sub("  deaths: {type", "   deaths: {type")
    add("bad_indentation", t, "缩进", at(t, "   deaths:", "deaths"))
    t = sub("  deaths: {type", "\tdeaths: {type")
    add("tab", t, "Tab", at(t, "\tdeaths", "\t"))
    t = MINI + 'description: "没有结尾的引号\n'
    add("unclosed_quote", t, "引号", (t.count("\n") + 1, 1))
    add("two_documents", MINI + "---\nid: again\n", "一个 YAML 文档", (MINI.count("\n") + 1, 1))
    t = sub("title: 测试预案", "title: 测试\x07预案")
    add("control_char", t, "控制字符", at(t, "\x07"))

    # -- unknown keys at several depths ---------------------------------------------
    t = MINI + "colour: red\n"
    add("unknown_key_top", t, "未知的键 `colour`", at(t, "colour: red"))
    t = sub("    title: 处置中\n", "    title: 处置中\n    colour: red\n")
    add("unknown_key_state", t, "未知的键 `colour`", at(t, "colour: red"))
    t = sub(VERIFY, "{event: verify, target: x, to: responding, roles: [duty_officer, commander]}")
    add("unknown_key_transition", t, "未知的键 `target`", at(t, "target: x", "target"))
    t = sub(TASK, "{unit: site, title: 赶赴现场核实, within: PT30M, priority: 1}")
    add("unknown_key_effect", t, "未知的键 `priority`", at(t, "priority", "priority"))
    t = sub("{fact: cases, ge: 30}", "{fact: cases, gte: 30}")
    add("unknown_key_guard", t, "未知的键 `gte`", at(t, "gte", "gte"))
    t = sub("{consultation: {question: terminate, outcome: approve}}",
            "{consultation: {question: terminate, outcome: approve, quorum: 3}}")
    add("unknown_key_nested_guard", t, "未知的键 `quorum`", at(t, "quorum: 3", "quorum"))
    t = sub("- level: {set: suggested}", "- levle: {set: suggested}")
    add("unknown_effect", t, "无法识别的效果 `levle`", at(t, "levle", "levle"))

    # -- wrong types ------------------------------------------------------------------
    t = sub('version: "1"', "version: 1")
    add("wrong_type_version", t, "应为字符串", at(t, "version: 1", "1"))
    t = sub('code: "410900"', "code: 410900")
    add("wrong_type_code", t, "应为字符串", at(t, "code: 410900", "410900"))
    t = sub("{unit: site, title: 赶赴现场核实", "{unit: [site], title: 赶赴现场核实")
    add("wrong_type_unit_list", t, "应为字符串", at(t, "unit: [site]", "unit"))
    t = sub("raise: 1}", "raise: one}")
    add("wrong_type_raise", t, "应为整数", at(t, "raise: one", "one"))
    t = sub("      responding:\n        title: 应急响应\n",
            "      responding:\n        title: 应急响应\n        initial: yes please\n")
    add("wrong_type_initial", t, "是/否", at(t, "yes please"))

    # -- duplicates -------------------------------------------------------------------
    t = sub("  deaths: {type", "  cases: {type: int, label: 重复}\n  deaths: {type")
    first = at(t, "  cases: {type", "cases")
    add("duplicate_key", t, f"第一次出现在第 {first[0]} 行第 {first[1]} 列",
        at(t, "cases: {type: int, label: 重复}", "cases"))
    t = sub("      responding:\n",
            "      closed:\n        title: 同名\n        transitions: [{event: escalate, to: responding}]\n"
            "      responding:\n")
    first = at(t, "      closed:", "closed")
    add("duplicate_state_across_levels", t, f"已在第 {first[0]} 行定义", at(t, "  closed:", "closed", nth=1))
    t = sub("  - {id: IV, name: 一般", "  - {id: III, name: 一般")
    add("duplicate_level", t, "重复的级别 `III`", at(t, "{id: III, name: 一般", "III"))
    t = sub("{id: r4,", "{id: r3,")
    add("duplicate_rule_id", t, "重复的评估规则标识 `r3`", at(t, "id: r3, level: IV", "r3"))

    # -- unknown references --------------------------------------------------------
    t = sub("to: responding, roles", "to: nowhere, roles")
    add("unknown_target", t, "未知的目标状态 `nowhere`", at(t, "nowhere"))
    t = sub("{event: verify,", "{event: verifyx,")
    add("unknown_event", t, "未声明的事件 `verifyx`", at(t, "verifyx"))
    t = sub("{fact: cases, ge: 30}", "{fact: casez, ge: 30}")
    add("unknown_fact", t, "未声明的事实 `casez`", at(t, "casez"))
    t = sub("roles: [duty_officer, commander]}", "roles: [duty_officer, boss]}")
    add("unknown_role", t, "未知的角色 `boss`", at(t, "boss"))
    t = sub("{unit: site,", "{unit: lab,")
    add("unknown_unit", t, "未知的责任单位 `lab`", at(t, "unit: lab", "lab"))
    t = sub("report: {kind: initial", "report: {kind: daily")
    add("unknown_report_kind", t, "未知的报告类型 `daily`", at(t, "daily"))
    t = sub("{id: r4, level: IV,", "{id: r4, level: V,")
    add("unknown_level_in_rule", t, "未知的级别 `V`", at(t, "level: V", "V,"))
    t = sub("- level: {set: suggested}", "- level: {set: V}")
    add("unknown_level_in_effect", t, "未知的级别 `V`", at(t, "set: V", "V}"))
    t = sub("- level: {set: suggested}", "- materials: {items: [{item: KJ-001, qty: 1}, {item: XX-999, qty: 1}]}")
    add("unknown_catalogue_item", t, "物资目录中没有 `XX-999`", at(t, "XX-999"))
    t = sub("{fact: cases, ge: 30}", "{in_state: limbo}")
    add("unknown_state_in_guard", t, "未知的状态 `limbo`", at(t, "limbo"))

    # -- graph checks -----------------------------------------------------------------
    t = sub(VERIFY, VERIFY + "\n          - {event: respond, to: trap, roles: [commander]}").replace(
        "  closed:\n", "  trap:\n    title: 陷阱\n    transitions: [{event: close, to: trap}]\n  closed:\n")
    add("no_way_out", t, "没有通往终止状态的路径", at(t, "  trap:", "trap"))
    t = sub("  closed:\n", "  orphan:\n    title: 孤立\n    transitions: [{event: close, to: closed}]\n  closed:\n")
    add("unreachable", t, "从初始状态无法到达", at(t, "  orphan:", "orphan"))
    t = sub(VERIFY, VERIFY + "\n          - {event: verify, to: closed, roles: [commander]}")
    add("shadowed", t, "转移被遮蔽", at(t, "{event: verify, to: closed", "{"))

    # -- guard types --------------------------------------------------------------------
    t = sub("{fact: cases, ge: 30}", "{fact: cases, ge: '30'}")
    add("guard_int_vs_string", t, "类型不匹配：事实 `cases` 是整数", at(t, "'30'"))
    t = sub(SCHOOL, "{fact: setting, in: [school, college]}")
    add("guard_enum_undeclared", t, "`college` 不是事实 `setting` 的可选值", at(t, "[school, college]", "college"))
    t = sub(SCHOOL, "{fact: setting, lt: school}")
    add("guard_lt_on_enum", t, "不能做大小比较", at(t, "lt: school", "lt: school", plus=4))
    t = sub(SCHOOL, "{level: {at_least: V}}")
    add("guard_unknown_level", t, "未知的级别 `V`", at(t, "at_least: V", "V"))

    # -- durations ----------------------------------------------------------------------
    for bad in ("PT", "30M", "P1M", "PT0M", "P1Y", "PT1.5H"):
        t = sub("within: PT30M", f"within: {bad}")
        add(f"duration_{bad}", t, "时长", at(t, f"within: {bad}", bad))
    t = sub("{I: PT1H, II: PT1H, default: PT2H}", "{I: PT1H, V: PT1H, default: PT2H}")
    add("level_map_unknown_level", t, "未知的级别 `V`", at(t, "V: PT1H", "V: PT1H"))
    t = sub("{I: PT1H, II: PT1H, default: PT2H}", "{I: PT1H, II: 60, default: PT2H}")
    add("level_map_bad_duration", t, "无效的时长 60", at(t, "II: 60", "60"))

    # -- grading and structure ------------------------------------------------------------
    t = sub("    - {id: r4, level: IV, title: 一般, when: {fact: cases, ge: 30}}\n", "")
    add("level_without_rule", t, "级别 `IV` 没有任何评估规则", at(t, "  rules:", "rules"))
    t = sub("    initial: true\n    enter:\n      - report", "    enter:\n      - report")
    add("missing_initial_top", t, "预案顶层没有初始状态", at(t, "states:\n", "states") if False else None)
    t = sub("      responding:\n        title: 应急响应\n",
            "      responding:\n        title: 应急响应\n        initial: true\n")
    add("multiple_initial", t, "有多个初始状态", at(t, "initial: true", "true", nth=2))
    t = sub("  closed:\n    title: 结案\n    final: true",
            "  closed:\n    title: 结案\n    final: true\n    transitions: [{event: close, to: active}]")
    add("final_with_transitions", t, "终止状态 `closed` 不能有转移",
        at(t, "transitions: [{event: close, to: active}]", "transitions"))
    t = sub("  closed:\n    title: 结案\n    final: true", "  closed:\n    title: 结案")
    add("no_final_state", t, "没有终止状态")

    # -- YAML features that plans must not use --------------------------------------
    t = sub("{event: verify,", "{on: verify, event: verify,")
    add("on_as_key", t, "YAML 会把 on/off/yes/no 读成布尔值", at(t, "on: verify", "on"))
    t = sub("  deaths: {type: int, min: 0, label: 死亡人数}",
            "  deaths: &d {type: int, min: 0, label: 死亡人数}\n  dead: *d")
    add("anchor_alias", t, "锚点/别名", at(t, "&d"))  # the anchored node, reached twice
    t = sub("  deaths: {type: int, min: 0, label: 死亡人数}", "  deaths: &d {type: int, min: 0, label: 死亡人数}")
    add("anchor_unused", t, "锚点/别名", at(t, "&d"))
    t = sub("  deaths: {type: int, min: 0, label: 死亡人数}", "  deaths: {<<: {type: int}, min: 0, label: 死亡人数}")
    add("merge_key", t, "合并键", at(t, "<<"))
    t = sub("title: 测试预案", "title: !!python/object/apply:os.system [ls]")
    add("python_tag", t, "不允许的 YAML 标签")

    # -- not a plan at all ------------------------------------------------------------
    add("huge_5mb", MINI + "# " + "填充" * (5 * 1024 * 1024 // 6) + "\n", "文件过大", (1, 1))
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    add("binary_garbage", garbage, "UTF-8")
    nul = sub("title: 测试预案", "title: 测试\x00预案").encode()
    add("nul_in_utf8", nul, "NUL", at(MINI, "title: 测试预案", "预"))
    add("empty", b"", "文件为空", (1, 1))
    add("whitespace_only", b"  \n\n   \n", "文件为空", (1, 1))
    gbk = MINI.encode("gbk")
    add("gbk", gbk, "不是 UTF-8 文本", at(MINI, "title: 测试预案", "测"))
    add("yaml_list", "- format: emergency-plan/1\n- id: x\n", "顶层必须是映射", (1, 1))
    add("yaml_scalar", "just a string\n", "顶层必须是映射", (1, 1))
    return c


CASES = _cases()


def _check_diag(d) -> None:
    assert d.line >= 1 and d.col >= 1
    assert d.message.strip() and CJK.search(d.message), d
    assert "Traceback" not in d.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_api_reports_located_chinese_error(case: Case):
    with pytest.raises(PlanError) as exc:
        load_plan_text(case.text, "bad.yaml", catalogue=Catalogue())
    diags = exc.value.diagnostics
    assert diags and exc.value.errors
    for d in diags:
        _check_diag(d)
        assert d.file == "bad.yaml"
        assert str(d).startswith(f"bad.yaml:{d.line}:{d.col}: {d.severity}: ")
    hits = [d for d in exc.value.errors if case.message in d.message]
    assert hits, f"no error mentioning {case.message!r}: {[str(d) for d in diags]}"
    if case.pos is not None:
        assert (hits[0].line, hits[0].col) in {(d.line, d.col) for d in hits}
        assert case.pos in {(d.line, d.col) for d in hits}, [str(d) for d in diags]


def test_duplicate_key_names_first_occurrence_line():
    t = sub("  deaths: {type", "  cases: {type: int, label: 重复}\n  deaths: {type")
    with pytest.raises(PlanError) as exc:
        load_plan_text(t, catalogue=None)
    (d,) = exc.value.diagnostics
    first_line = at(t, "  cases: {type")[0]
    assert f"第 {first_line} 行" in d.message and d.line == first_line + 1


def test_duplicate_state_reports_only_the_duplicate():
    t = sub("      responding:\n", "      closed:\n        title: 同名\n      responding:\n")
    with pytest.raises(PlanError) as exc:
        load_plan_text(t, catalogue=None)
    assert len(exc.value.errors) == 1 and "重复的状态 `closed`" in exc.value.errors[0].message


def test_missing_file_api(tmp_path):
    with pytest.raises(PlanError) as exc:
        load_plan(tmp_path / "nope.yaml")
    (d,) = exc.value.diagnostics
    assert (d.line, d.col) == (1, 1) and "文件不存在" in d.message
    with pytest.raises(PlanError) as exc:
        load_plan(tmp_path)
    assert "目录" in exc.value.diagnostics[0].message


def test_str_with_lone_surrogate_is_a_plan_error():
    with pytest.raises(PlanError) as exc:
        load_plan_text(MINI.replace("测试预案", "测试\ud800预案"), catalogue=None)
    assert "UTF-8" in exc.value.diagnostics[0].message


def test_utf8_bom_is_accepted():
    assert load_plan_text(b"\xef\xbb\xbf" + MINI.encode(), catalogue=None).id == "mini-test"


# -- overlap warnings vs disjoint guards ------------------------------------------------

def _two_verify(g1: str, g2: str) -> str:
    return sub(VERIFY, "{event: verify, to: responding, roles: [duty_officer, commander], when: %s}\n"  # noqa: UP031
                       "          - {event: verify, to: closed, roles: [commander], when: %s}" % (g1, g2))


@pytest.mark.parametrize(
    ("g1", "g2"),
    [
        ("{fact: cases, ge: 10}", "{fact: cases, ge: 30}"),
        ("{fact: cases, lt: 30}", "{fact: cases, le: 30}"),
        ("{fact: setting, eq: school}", "{fact: cases, ge: 1}"),
        ("{level: {graded: true}}", "{level: {at_least: III}}"),
    ],
)
def test_overlapping_guards_warn(tmp_path, g1, g2):
    p = tmp_path / "overlap.yaml"
    p.write_text(_two_verify(g1, g2), "utf-8")
    plan, warnings = load_plan_with_warnings(p, catalogue=None)
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "可能同时成立" in warnings[0].message
    assert (warnings[0].line, warnings[0].col) == at(p.read_text("utf-8"), "{event: verify, to: closed", "{")


@pytest.mark.parametrize(
    ("g1", "g2"),
    [
        ("{fact: cases, lt: 30}", "{fact: cases, ge: 30}"),
        ("{fact: cases, le: 29}", "{fact: cases, gt: 29}"),
        ("{level: {graded: true}}", "{not: {level: {graded: true}}}"),
        ("{not: {fact: cases, ge: 3}}", "{fact: cases, ge: 3}"),
        ("{level: {graded: true}}", "{level: {graded: false}}"),
        ("{fact: setting, eq: school}", "{fact: setting, eq: other}"),
        ("{fact: setting, in: [school, kindergarten]}", "{fact: setting, eq: other}"),
        ("{all: [{fact: deaths, ge: 1}, {fact: cases, lt: 30}]}",
         "{all: [{fact: cases, ge: 30}, {fact: deaths, ge: 1}]}"),
        ("{consultation: {question: grade, outcome: approve}}", "{consultation: {question: grade, outcome: reject}}"),
    ],
)
def test_disjoint_guards_do_not_warn(tmp_path, g1, g2):
    p = tmp_path / "disjoint.yaml"
    p.write_text(_two_verify(g1, g2), "utf-8")
    _, warnings = load_plan_with_warnings(p, catalogue=None)
    assert warnings == []


# -- the CLI ----------------------------------------------------------------------------

def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "console", "plan", "check", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=env, timeout=120)


LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$")


def test_cli_reports_every_bad_file(tmp_path):
    files = {}
    for case in CASES:  # unknown_catalogue_item too: the CLI checks items against the shipped catalogue
        p = tmp_path / f"{case.name}.yaml"
        p.write_bytes(case.text if isinstance(case.text, bytes) else case.text.encode("utf-8"))
        files[str(p)] = case
    r = _cli(*files)
    assert r.returncode == 1
    assert "Traceback" not in r.stdout and "Traceback" not in r.stderr
    seen: dict[str, list[tuple[int, int, str]]] = {}
    for line in r.stdout.splitlines():
        m = LINE.match(line)
        assert m, f"unexpected output line: {line!r}"
        assert CJK.search(m["msg"])
        seen.setdefault(m["file"], []).append((int(m["line"]), int(m["col"]), m["msg"]))
    for path, case in files.items():
        got = seen.get(path)
        assert got, f"{case.name}: no diagnostics"
        hits = [(ln, col) for ln, col, msg in got if case.message in msg]
        assert hits, (case.name, got)
        if case.pos is not None:
            assert case.pos in hits, (case.name, got)


def test_cli_missing_file():
    r = _cli("/nonexistent/plan.yaml")
    assert r.returncode == 1
    assert r.stdout.strip() == "/nonexistent/plan.yaml:1:1: error: 无法读取文件：文件不存在"
    assert "Traceback" not in r.stderr


def test_cli_warning_only_is_exit_0(tmp_path):
    p = tmp_path / "overlap.yaml"
    p.write_text(_two_verify("{fact: cases, ge: 10}", "{fact: cases, ge: 30}"), "utf-8")
    r = _cli(str(p))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert LINE.match(lines[0])["sev"] == "warning"
    assert lines[-1].startswith(f"{p}: ok") and "1 个警告" in lines[-1]


def test_cli_shipped_plans_are_clean():
    plans = sorted(str(p) for p in (ROOT / "plans").glob("*.yaml"))
    r = _cli(*plans)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert all(": ok — " in ln for ln in lines), r.stdout


def test_items_are_checked_against_the_catalogue_the_reserves_install():
    """The plan layer knows no catalogue: a caller passes one, or the reserves install theirs."""
    import console.reserves  # noqa: F401 - installs the shipped catalogue
    from console.plan import loader
    from console.reserves.catalogue import shipped_catalogue

    (case,) = [c for c in CASES if c.name == "unknown_catalogue_item"]
    with pytest.raises(PlanError, match="物资目录中没有 `XX-999`"):
        load_plan_text(case.text, "bad.yaml")  # the installed default
    assert load_plan_text(case.text, "bad.yaml", catalogue=None).id == "mini-test"
    try:
        loader.set_default_catalogue(None)
        assert load_plan_text(case.text, "bad.yaml").id == "mini-test"  # nothing installed: not checked
    finally:
        loader.set_default_catalogue(shipped_catalogue)
    with pytest.raises(PlanError, match="物资目录中没有 `XX-999`"):
        load_plan_text(case.text, "bad.yaml")
