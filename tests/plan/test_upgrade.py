"""``plan upgrade``: an ``emergency-plan/1`` file rewritten as ``/2`` that keeps its comments and layout,
loads, and runs every released golden script as the ``/1`` original did — except what closing now does."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import console.app  # noqa: F401 - installs the catalogue and division data plan files are checked against
from console.plan.diagnostics import PlanError
from console.plan.engine import END_TASKS
from console.plan.loader import load_plan_text, load_plan_with_warnings
from console.plan.upgrade import KEY, run, upgrade_text, write_atomically
from tests.plan._released import FIXTURES, golden_files, load_golden, run_command

ROOT = Path(__file__).resolve().parents[2]
V1 = FIXTURES / "food-municipal-format1.yaml"
V2 = FIXTURES / "food-municipal.yaml"
DEADLINES = Path(__file__).resolve().parent / "fixtures" / "deadlines.yaml"

# A format-1 plan written every way the upgrade must handle: a quoted format, block-style effects
# (a block level map as `within`, a trailing comment), exit and transition effects, a timer, an
# effect without `within`, a long flow mapping, comments everywhere.
EDGE = """\
# 边界情况测试预案（格式 1）
format: "emergency-plan/1"   # 升级后只改这里的值
id: edge-test
title: 边界测试预案
version: "1"
domain: food
jurisdiction: {name: 濮阳市, code: "410900", level: city}
roles: {duty_officer: 值班员, commander: 指挥长}
units: {site: {title: 现场核查组}, lab: {title: 检测组}, coordination: {title: 综合协调组}}
report_kinds: {initial: {title: 初报}, progress: {title: 续报}}
events:
  dispatch: {title: 派员}
  timeout: {title: 超时结束}
  finish: {title: 结束, kind: close}
facts:
  cases: {type: int, min: 0, label: 发病人数}
levels:
  - {id: III, name: 较大, colour: "#f1c40f", authority: 市政府}
  - {id: IV, name: 一般, colour: "#2980b9", authority: 县政府}
grading:
  decision_roles: [commander]
  rules:
    - {id: g3, level: III, title: 较大, when: {fact: cases, ge: 30}}
    - {id: g4, level: IV, title: 一般, when: {fact: cases, ge: 10}}
states:
  received:
    title: 接报
    initial: true
    enter:
      # 块格式，within 为分级映射，行尾有注释
      - task:
          unit: site
          title: 赶赴现场
          within:
            III: PT30M
            default: PT1H   # 一般级一小时
          note: 带快检箱

      - task: {unit: coordination, title: 登记（无期限）}
      - timer: {id: auto_close, title: 四小时自动结束, within: PT4H, fire: timeout}
      - report: {kind: initial, title: 初报（书面，报市人民政府、省市场监管局及相关部门）, within: PT2H, from: received}
    exit:
      - materials:
          title: 调用快检试剂
          items: [{item: KJ-004, qty: 2}]
          within: PT3H
    transitions:
      - event: dispatch
        to: verifying
        effects:
          - consult: {question: grade, title: 分级研判, quorum: 3, within: PT2H}
      - {event: timeout, to: closed, roles: [commander]}
  verifying:
    title: 核实
    enter: [{report: {kind: progress, title: 续报, within: PT6H, every: P1D}}]
    transitions:
      - {event: finish, to: closed, roles: [commander]}
  closed:
    title: 结案
    final: true
"""


def _strip_upgrade(text: str) -> str:
    """The upgraded text with what the upgrade adds taken out again."""
    text = re.sub(rf",\s*{KEY}", "", text)  # flow mappings (also when wrapped onto their own line)
    text = re.sub(rf"(?m)^[ ]*{KEY}\r?\n", "", text)  # block mappings: a line of its own
    return text.replace("emergency-plan/2", "emergency-plan/1", 1)


# -- the text -------------------------------------------------------------------------------------------

def test_comments_and_layout_are_kept_byte_for_byte():
    old = V1.read_text(encoding="utf-8")
    up = upgrade_text(old, str(V1))
    assert up.changed and not up.already
    assert _strip_upgrade(up.new_text) == old  # nothing else moved: comments, wraps, quotes, blank lines
    comments = [ln for ln in old.splitlines() if ln.lstrip().startswith("#")]
    assert comments and all(c in up.new_text.splitlines() for c in comments)
    assert up.new_text.splitlines()[3] == "format: emergency-plan/2"
    # one key per task/report/consult/materials effect with `within` (the municipal plan has 25)
    assert len(up.added) == up.new_text.count(KEY) == 25
    for a in up.added:  # each reported line is where the key is
        assert KEY in up.new_text.splitlines()[a.line - 1], a
    assert up.added[0].text.startswith("［事件处置］报告 · 初报（书面）")


def test_the_edge_cases_are_handled_and_only_the_deadline_effects_get_the_key():
    up = upgrade_text(EDGE, "edge.yaml")
    assert _strip_upgrade(up.new_text) == EDGE
    lines = up.new_text.splitlines()
    assert lines[1] == 'format: "emergency-plan/2"   # 升级后只改这里的值'
    # block mapping: its own line after `within` (and its comment), at the keys' indentation
    i = lines.index("            default: PT1H   # 一般级一小时")
    assert lines[i + 1] == "          cancel_on_exit: true" and lines[i + 2] == "          note: 带快检箱"
    assert "      - task: {unit: coordination, title: 登记（无期限）}" in lines  # no deadline: untouched
    assert "      - timer: {id: auto_close, title: 四小时自动结束, within: PT4H, fire: timeout}" in lines
    # a flow mapping that would pass 120 characters: the key on a line of its own, under the first key
    i = next(n for n, ln in enumerate(lines) if ln.startswith("      - report: {kind: initial"))
    assert lines[i].endswith("from: received,") and lines[i + 1] == " " * 17 + "cancel_on_exit: true}"
    assert "          within: PT3H\n          cancel_on_exit: true\n" in up.new_text  # an exit effect
    assert "{question: grade, title: 分级研判, quorum: 3, within: PT2H, cancel_on_exit: true}" in up.new_text
    assert "{kind: progress, title: 续报, within: PT6H, every: P1D, cancel_on_exit: true}" in up.new_text
    assert [a.path.rsplit(".", 1)[1] for a in up.added] == ["task", "report", "materials", "consult", "report"]
    assert up.added[2].text.startswith("［接报 · 离开时］物资调用 · 调用快检试剂")
    assert up.added[3].text.startswith("［接报 · 派员］专家会商 · 分级研判")

    plan = load_plan_text(up.new_text, "edge.yaml")
    assert plan.format_version == 2
    effects = [e for st in plan.states.values()
               for e in (*st.enter, *st.exit, *(x for tr in st.transitions for x in tr.effects))]
    assert {(e.kind, e.cancel_on_exit) for e in effects if e.within is not None} == {
        ("task", True), ("report", True), ("materials", True), ("consult", True), ("timer", True)}
    assert [e.cancel_on_exit for e in effects if e.within is None] == [False]  # the task with no deadline


def test_crlf_and_a_byte_order_mark_are_kept(tmp_path: Path):
    src = tmp_path / "crlf.yaml"
    data = b"\xef\xbb\xbf" + EDGE.replace("\n", "\r\n").encode("utf-8")
    src.write_bytes(data)
    out = tmp_path / "out.yaml"
    assert run(src, out, out=open(os.devnull, "w"), err=open(os.devnull, "w")) == 0  # noqa: SIM115
    new = out.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") and b"\n" not in new.replace(b"\r\n", b"")
    assert _strip_upgrade(new.decode("utf-8")).encode("utf-8") == data
    assert load_plan_text(new, "out.yaml").format_version == 2


def test_the_deadline_test_plan_upgrades_with_its_timer_untouched():
    old = DEADLINES.read_text(encoding="utf-8")
    up = upgrade_text(old, str(DEADLINES))
    assert _strip_upgrade(up.new_text) == old
    assert "fire: timeout}" in up.new_text and "fire: timeout, cancel_on_exit" not in up.new_text
    assert len(up.added) == 5


def test_the_diff_says_only_the_format_changed_and_the_notes_say_what_closing_does():
    up = upgrade_text(V1.read_text(encoding="utf-8"), str(V1))
    assert up.diff is not None and [c.key for c in up.diff.changes] == ["format"]
    text = up.differences()
    assert "格式 emergency-plan/1 → emergency-plan/2" in text
    assert "「不再需要」" in text and "「已排除（非食品安全事件）」、「结案」" in text
    assert "「结案时未完成」而不是「已取消」" in text


def test_an_already_format_2_plan_is_left_as_it_is():
    text = V2.read_text(encoding="utf-8")
    up = upgrade_text(text, str(V2))
    assert up.already and not up.changed and up.added == ()
    assert up.summary().endswith("已是 emergency-plan/2，无需升级")


def test_an_invalid_plan_is_refused_with_located_errors():
    bad = EDGE.replace("to: verifying", "to: nowhere")
    with pytest.raises(PlanError) as info:
        upgrade_text(bad, "bad.yaml")
    line = bad.splitlines().index("        to: nowhere") + 1
    assert any(d.line == line and "nowhere" in d.message for d in info.value.errors)
    # problems the upgrade cannot mend are the file's own, located in it, even beside a format-2 key
    both = bad.replace("within: PT3H", "within: PT3H\n          cancel_on_exit: false")
    with pytest.raises(PlanError) as info:
        upgrade_text(both, "both.yaml")
    assert any("nowhere" in d.message for d in info.value.errors)
    assert any("emergency-plan/2" in d.message for d in info.value.errors)
    with pytest.raises(PlanError) as info:  # not a plan of either format
        upgrade_text(EDGE.replace('"emergency-plan/1"', '"emergency-plan/9"'), "nine.yaml")
    assert info.value.errors[0].line == 2


def test_a_format_1_file_that_already_uses_a_format_2_key_is_upgraded_and_keeps_it():
    """The loader refuses `cancel_on_exit` in a format-1 file and points to `plan upgrade`: the
    upgrade takes it, keeps the key as written and says there is no format-1 behaviour to compare."""
    text = EDGE.replace("          within: PT3H\n", "          within: PT3H\n          cancel_on_exit: false\n")
    with pytest.raises(PlanError) as info:
        load_plan_text(text, "mixed.yaml")
    assert "emergency-plan/2" in info.value.errors[0].message
    up = upgrade_text(text, "mixed.yaml")
    assert not up.ran_as_format_1 and up.diff is None
    assert up.new_text.count("cancel_on_exit: false") == 1 and up.new_text.count(KEY) == 4
    [kept] = up.kept
    assert kept.path == "states.received.exit.0.materials"
    assert up.new_text.splitlines()[kept.line - 1] == "          cancel_on_exit: false"
    assert "保持原样" in up.summary() and "从未按 /1 运行" in up.differences()
    plan = load_plan_text(up.new_text, "mixed.yaml")
    [materials] = plan.states["received"].exit
    assert materials.cancel_on_exit is False


# -- behaviour: the golden scripts of the format-1 plan ------------------------------------------------------

def _normal(state: dict[str, Any]) -> dict[str, Any]:
    """A state without what the upgrade is allowed to change: the plan's hash, the deadlines'
    explicit ``cancel_on_exit`` and (at closing) 不再需要 for the tasks left open."""
    s = copy.deepcopy(state)
    s.pop("plan_hash")
    s.pop("version")
    for d in s["deadlines"].values():
        d.pop("cancel_on_exit", None)
    for t in s["tasks"].values():
        if t["status"] == "not_needed":
            t["status"] = "open"
            del t["ended_at"], t["ended_reason"]
    return s


V1_GOLDENS = [g for g in golden_files() if g.stem.startswith("food-municipal-format1--")]


@pytest.mark.parametrize("golden", V1_GOLDENS, ids=lambda p: p.stem)
def test_the_upgraded_plan_replays_the_format_1_scripts_the_same_except_closing(golden: Path):
    g = load_golden(golden)
    v1, _ = load_plan_with_warnings(V1)
    up = upgrade_text(V1.read_text(encoding="utf-8"), str(V1))
    v2 = load_plan_text(up.new_text, "upgraded.yaml")
    s1 = s2 = None
    ended = 0
    closed_with_open_tasks = False
    for i, step in enumerate(g["steps"]):
        cmd = step["command"]
        s1, r1 = run_command(v1, s1, cmd)
        s2, r2 = run_command(v2, s2, cmd)
        assert r1 == {k: v for k, v in step.items() if k != "command"}, i  # the /1 plan still as recorded
        if "rejected" in r1:
            assert r2 == r1, i
            continue
        extra = [e for e in r2["recorded"] if e["type"] == END_TASKS]
        assert [e for e in r2["recorded"] if e["type"] != END_TASKS] == r1["recorded"], i
        assert [e for e in r2["effects"] if e["kind"] != "task_not_needed"] == r1["effects"], i
        if extra:  # closing: the only place the upgraded plan may differ
            assert s1.closed and s2.closed
            open_in_v1 = sorted(t["id"] for t in s1.tasks.values() if t["status"] == "open")
            assert sorted(e["task"] for e in r2["effects"] if e["kind"] == "task_not_needed") == open_in_v1
            assert all(s2.tasks[t]["status"] == "not_needed" for t in open_in_v1)
            closed_with_open_tasks = True
        ended += len(extra)
        j1, j2 = s1.to_json(), s2.to_json()
        assert j2["version"] == j1["version"] + ended, i
        if not ended:
            assert j2["tasks"] == j1["tasks"], i
        assert _normal(j2) == _normal(j1), i
        # every deadline record is the /1 record plus `cancel_on_exit: true` (so it still ends with its state)
        assert all(d.get("cancel_on_exit") is True for d in j2["deadlines"].values()), i
    assert s1 is not None and s1.closed
    assert closed_with_open_tasks == any(t["status"] == "open" for t in s1.tasks.values())


def test_some_format_1_script_closes_with_tasks_still_open():
    finals = [load_golden(g)["final"] for g in V1_GOLDENS]
    assert len(finals) == 4 and all(f["closed"] for f in finals)
    assert any(t["status"] == "open" for f in finals for t in f["tasks"].values())


# -- the command line and in-place atomicity -----------------------------------------------------------------

def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "console", "plan", "upgrade", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_cli_to_stdout_to_a_file_and_in_place(tmp_path: Path):
    src = tmp_path / "plan.yaml"
    src.write_bytes(V1.read_bytes())
    expected = upgrade_text(V1.read_text(encoding="utf-8"), str(src)).new_text

    r = _cli(src)  # stdout: the plan; stderr: what was done and what differs
    assert r.returncode == 0, r.stderr
    assert r.stdout == expected
    assert "为 25 个期限加上 cancel_on_exit: true" in r.stderr and "「不再需要」" in r.stderr
    assert src.read_bytes() == V1.read_bytes()

    out = tmp_path / "plan-2.yaml"
    r = _cli(src, "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == expected and src.read_bytes() == V1.read_bytes()
    assert f"已写出：{out}" in r.stdout
    assert "行  ［接报］任务 · 综合协调组：接报登记并报告带班领导（15分钟内）" in r.stdout

    src.chmod(0o640)
    before = src.stat()
    with src.open("rb") as reader:  # a reader that has the file open keeps reading the whole old text
        r = _cli(src, "--in-place")
        assert reader.read() == V1.read_bytes()
    assert r.returncode == 0, r.stderr
    after = src.stat()
    assert src.read_text(encoding="utf-8") == expected
    assert after.st_ino != before.st_ino  # replaced by a rename, never rewritten where it lay
    assert after.st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-2.yaml", "plan.yaml"]  # no temporary left

    r = _cli(src, "--in-place")  # now format 2: untouched
    assert r.returncode == 0 and "已是 emergency-plan/2，无需升级" in r.stdout
    assert src.stat().st_ino == after.st_ino and src.read_text(encoding="utf-8") == expected


def test_cli_refuses_an_invalid_or_unreadable_file_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EDGE.replace("to: verifying", "to: nowhere"), encoding="utf-8")
    data = bad.read_bytes()
    out = tmp_path / "out.yaml"
    r = _cli(bad, "-o", out)
    line = EDGE.splitlines().index("        to: verifying") + 1
    assert r.returncode == 2
    assert re.search(rf"{re.escape(str(bad))}:{line}:\d+: error: .*nowhere", r.stderr), r.stderr
    assert "未升级，未写出任何文件" in r.stderr and r.stdout == ""
    assert not out.exists()
    r = _cli(bad, "--in-place")
    assert r.returncode == 2 and bad.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]

    r = _cli(tmp_path / "missing.yaml")
    assert r.returncode == 2 and "missing.yaml:1:1: error: 无法读取文件：文件不存在" in r.stderr
    notes = tmp_path / "notes.yaml"
    notes.write_bytes(b"\xff\xfe not utf-8")
    r = _cli(notes, "--in-place")
    assert r.returncode == 2 and "notes.yaml:1:1: error: 不是 UTF-8 文本" in r.stderr
    assert notes.read_bytes() == b"\xff\xfe not utf-8"
    assert "Traceback" not in r.stderr


def test_a_failed_write_leaves_the_target_and_the_directory_as_they_were(tmp_path: Path):
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "no-such-dir" / "plan.yaml", b"new")
    with pytest.raises(TypeError):  # the write itself fails half-way: the temporary file is removed
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
