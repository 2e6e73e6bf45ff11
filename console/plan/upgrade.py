"""``plan upgrade``: rewrite an ``emergency-plan/1`` plan as ``emergency-plan/2`` that behaves the same.

In format 1 every deadline ends when the state that created it is left; in format 2 a task, a one-off
report and a materials request last until done. So the upgrade sets ``format: emergency-plan/2`` and
adds ``cancel_on_exit: true`` to every ``task``, ``report``, ``consult`` and ``materials`` effect that
has a ``within`` (and does not say ``cancel_on_exit`` already): its deadline still ends with its state.
Timers always end with their state and take no such key; an effect without ``within`` has no deadline.

The file is edited, not re-emitted: ruamel.yaml's round-trip composer finds each effect and where it
ends in the text, and the key is inserted there — after the last entry of a flow mapping
(``{unit: site, title: …, within: PT30M, cancel_on_exit: true}``, wrapped onto its own line aligned with
the first key when the line would pass 120 columns) or on a line of its own after ``within:`` in a
block mapping. Every comment, blank line, quote and line break stays as it was; the only changes are the
format's value and the inserted keys.

What still differs after the upgrade is said from ``console.plan.diff`` (old against new) and from the
format's rules: at a final state the open tasks become 不再需要 (an ``end_tasks`` record), and a deadline
whose ``cancel_on_exit: true`` is later taken out lasts until done and is recorded 结案时未完成 at
closing rather than 已取消.

A format-1 file that fails to load only because it already uses what needs format 2 (the loader
points to this command) is upgraded too, when the upgraded text loads; a ``cancel_on_exit`` it already
has is kept as written.

``upgrade_text(text, name) -> Upgrade`` does it in memory (PlanError, located, for a file that does not
load; nothing is written by this module except by :func:`write_atomically`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from console.plan.checklist import describe_effect
from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.diff import PlanDiff, diff_plans
from console.plan.loader import MAX_PLAN_BYTES, decode_source, load_plan_text_with_warnings
from console.plan.model import Effect, Plan

FORMAT_1 = "emergency-plan/1"
FORMAT_2 = "emergency-plan/2"
KINDS = ("task", "report", "consult", "materials")  # the effects whose deadline may outlive its state
KEY = "cancel_on_exit: true"
WIDTH = 120  # columns (a CJK character takes two): a longer flow mapping gets the key on a line of its own


@dataclass(frozen=True)
class Added:
    """One ``cancel_on_exit: true`` added: the line it is on in the upgraded text and the effect."""

    line: int  # 1-based, in the upgraded text
    path: str  # the effect's path in the plan (``states.handling.enter.0.report``)
    text: str  # the effect in words, with where it is (「［接报］任务 · 综合协调组：接报登记…」)


@dataclass(frozen=True)
class Upgrade:
    """The result of upgrading one plan text. ``already``: it was format 2 and is left as it is."""

    name: str
    old_text: str
    new_text: str
    already: bool = False
    added: tuple[Added, ...] = ()
    diff: PlanDiff | None = None  # old against new (None when the old text does not load as format 1)
    final_states: tuple[str, ...] = field(default_factory=tuple)  # the titles of the final states
    kept: tuple[Added, ...] = ()  # a cancel_on_exit the file already had (then not a format-1 file that loads)
    ran_as_format_1: bool = True  # False: the file used what needs format 2, so it never loaded as format 1

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text

    def summary(self) -> str:
        """What was done, in Chinese: the format and each ``cancel_on_exit`` added, with its line."""
        if self.already:
            return f"{self.name}：已是 {FORMAT_2}，无需升级"
        counts = {k: 0 for k in KINDS}
        for a in self.added:
            counts[a.path.rsplit(".", 1)[-1]] += 1
        words = {"task": "任务", "report": "报告", "consult": "专家会商", "materials": "物资调用"}
        parts = "、".join(f"{words[k]} {n} 个" for k, n in counts.items() if n)
        lines = [f"{self.name}：{FORMAT_1} → {FORMAT_2}；"
                 + (f"为 {len(self.added)} 个期限加上 {KEY}（{parts}），离开所在阶段时仍随之取消，与原来相同"
                    if self.added else "没有需要加 cancel_on_exit 的期限")]
        lines += [f"  第 {a.line} 行  {a.text}" for a in self.added]
        if self.kept:
            lines.append(f"已写有 cancel_on_exit 的 {len(self.kept)} 个期限保持原样：")
            lines += [f"  第 {a.line} 行  {a.text}" for a in self.kept]
        return "\n".join(lines)

    def differences(self) -> str:
        """What still behaves differently from the format-1 original, in Chinese."""
        if self.already:
            return ""
        lines = ["升级后仍与原 emergency-plan/1 不同之处："]
        if not self.ran_as_format_1:
            lines.append("  · 原文件已使用只能用于 emergency-plan/2 的写法，按 emergency-plan/1 无法载入，"
                         "从未按 /1 运行：没有 /1 的行为可比；以下为 emergency-plan/2 的规则")
        if self.diff is not None:
            for _area, title, items in self.diff.by_area():
                for c in items:
                    where = f"（{c.where}）" if c.where else ""
                    lines.append(f"  【{title}】{c.kind_title} {c.title}{where}")
        finals = "、".join(f"「{t}」" for t in self.final_states)
        lines.append(f"  · 进入终止状态（{finals}）时，仍未完成的任务记为「不再需要」并写明原因"
                     "（原格式中这些任务在结案后仍显示为未完成）")
        lines.append(f"  · 结案时仍在计时的期限：凡带 {KEY} 的仍记为「已取消」，与原来相同；若日后删去某个 {KEY}，"
                     "该期限将持续到完成，结案时记为「结案时未完成」而不是「已取消」")
        return "\n".join(lines)


def _located(name: str, line: int, col: int, message: str) -> PlanError:
    return PlanError([Diagnostic(name, line, col, "error", message)])


def _get(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return v  # type: ignore[no-any-return]
    return None


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _effect_nodes(root: Node) -> list[tuple[str, Node]]:
    """Every effect mapping of the plan with its path (as ``Effect.path`` spells it), in file order."""
    out: list[tuple[str, Node]] = []

    def states(node: Node | None, prefix: str) -> None:
        if not isinstance(node, MappingNode):
            return
        for k, st in node.value:
            if not isinstance(k, ScalarNode):
                continue
            here = f"{prefix}.{k.value}"
            for part in ("enter", "exit"):
                for i, eff in enumerate(_items(_get(st, part))):
                    out.append((f"{here}.{part}.{i}", eff))
            for j, tr in enumerate(_items(_get(st, "transitions"))):
                for i, eff in enumerate(_items(_get(tr, "effects"))):
                    out.append((f"{here}.transitions.{j}.effects.{i}", eff))
            states(_get(st, "states"), f"{here}.states")

    states(_get(root, "states"), "states")
    return out


def _last(node: Node) -> Node:
    """The node whose end is the end of ``node`` in the text (a block collection ends at its last entry)."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _width(line: str) -> int:
    """Columns a line takes on screen: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def _insertion(text: str, params: MappingNode, nl: str) -> tuple[int, str]:
    """Where and what to insert so that ``params`` gets ``cancel_on_exit: true``."""
    if params.flow_style:
        at = params.value[-1][1].end_mark.index
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line = text[start:len(text) if end < 0 else end].rstrip("\r")
        if _width(line) + len(KEY) + 2 <= WIDTH:
            return at, f", {KEY}"
        return at, f",{nl}{' ' * params.value[0][0].start_mark.column}{KEY}"
    within = next(v for k, v in params.value if isinstance(k, ScalarNode) and k.value == "within")
    key_col = next(k.start_mark.column for k, _v in params.value if k.value == "within")
    end = _last(within).end_mark
    if end.column == 0 and end.index > 0:  # a block scalar ends at the start of the next line
        return end.index, f"{' ' * key_col}{KEY}{nl}"
    eol = text.find("\n", end.index)
    if eol < 0:
        return len(text), f"{nl}{' ' * key_col}{KEY}{nl}"
    return eol + 1, f"{' ' * key_col}{KEY}{nl}"


def _where(plan: Plan, path: str, eff: Effect) -> str:
    """「［接报］任务 · …」 or 「［提级研判 · 提升响应级别］报告 · …」 for an effect's path."""
    parts = path.split(".")
    # the innermost state named in the path: "states.<sid>.…"
    sid = next(parts[i + 1] for i in range(len(parts) - 2, -1, -1) if parts[i] == "states")
    where = plan.state_title(sid)
    if "transitions" in parts:
        tr = plan.states[sid].transitions[int(parts[parts.index("transitions") + 1])]
        where = f"{where} · {plan.event_title(tr.event)}"
    elif parts[-3] == "exit":
        where = f"{where} · 离开时"
    return f"［{where}］{describe_effect(plan, eff)}"


def _effects_by_path(plan: Plan) -> dict[str, Effect]:
    """Every effect of a plan by its path without the kind (``states.handling.enter.0``)."""
    return {e.path.rsplit(".", 1)[0]: e for st in plan.states.values()
            for e in (*st.enter, *st.exit, *(x for tr in st.transitions for x in tr.effects))}


def upgrade_text(text: str, name: str = "<预案>") -> Upgrade:
    """Upgrade a plan text (already decoded) to format 2. PlanError, located, if it does not load.

    A format-1 file that does not load only because it already uses what needs format 2 (the
    loader's message says 「…可用 python -m console plan upgrade 升级」, or ``cancel_on_exit``) is
    upgraded all the same when the upgraded text loads; such a file never ran as format 1, so there is
    no format-1 behaviour to compare with and the report says so. A ``cancel_on_exit`` already written
    is kept as it is (``kept``)."""
    try:
        old: Plan | None = load_plan_text_with_warnings(text, name, divisions="default")[0]
        refused: PlanError | None = None
    except PlanError as exc:
        old, refused = None, exc
    if old is not None and old.format_version >= 2:
        return Upgrade(name, text, text, already=True)
    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as exc:  # the loader read it; ruamel should too
        if refused is not None:
            raise refused from None
        mark = getattr(exc, "problem_mark", None)
        raise _located(name, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                       f"ruamel.yaml 无法读取此文件（{getattr(exc, 'problem', None) or exc}），未升级") from None
    fmt = _get(root, "format")
    if not isinstance(fmt, ScalarNode) or fmt.value != FORMAT_1:
        if refused is not None:  # not a format-1 file: its own problems are the answer
            raise refused
        raise _located(name, 1, 1, "找不到 format，未升级")  # pragma: no cover - the loader has checked it
    nl = "\r\n" if "\r\n" in text else "\n"
    quote = fmt.style if fmt.style in ("'", '"') else ""
    edits: list[tuple[int, int, str, str | None]] = [  # (start, end, new text, effect path)
        (fmt.start_mark.index, fmt.end_mark.index, f"{quote}{FORMAT_2}{quote}", None)]
    kept_at: list[tuple[int, str]] = []  # (index in the text, effect path) of a cancel_on_exit already there
    for path, node in _effect_nodes(root):
        if not isinstance(node, MappingNode) or len(node.value) != 1:
            continue
        kind_node, params = node.value[0]
        if kind_node.value not in KINDS or not isinstance(params, MappingNode):
            continue
        given = _get(params, "cancel_on_exit")
        if given is not None:
            kept_at.append((given.start_mark.index, f"{path}.{kind_node.value}"))
            continue
        if _get(params, "within") is None:
            continue
        at, insert = _insertion(text, params, nl)
        edits.append((at, at, insert, f"{path}.{kind_node.value}"))
    new_text = text
    for start, end, inserted, _path in sorted(edits, key=lambda e: e[0], reverse=True):
        new_text = new_text[:start] + inserted + new_text[end:]
    try:
        new, _ = load_plan_text_with_warnings(new_text, name, divisions="default")
    except PlanError as exc:
        if refused is not None:  # the file's own problems, located in the file as it is
            raise refused from None
        raise PlanError([Diagnostic(d.file, d.line, d.col, d.severity, f"升级结果未通过检查，未写出（{d.message}）")
                         for d in exc.diagnostics]) from None
    words = old if old is not None else new
    effects = _effects_by_path(words)
    added = []
    shift = 0
    moved: list[tuple[int, int]] = []  # (index in the old text, characters inserted there)
    for start, end, inserted, where in sorted(edits, key=lambda e: e[0]):
        if where is not None:
            line = new_text.count("\n", 0, start + shift + inserted.index("cancel_on_exit")) + 1
            added.append(Added(line, where, _where(words, where, effects[where.rsplit(".", 1)[0]])))
        shift += len(inserted) - (end - start)
        moved.append((start, len(inserted) - (end - start)))
    kept = []
    for at, where in kept_at:
        line = new_text.count("\n", 0, at + sum(n for i, n in moved if i <= at)) + 1
        kept.append(Added(line, where, _where(words, where, effects[where.rsplit(".", 1)[0]])))
    new_effects = _effects_by_path(new).values()
    missing = [e.path for e in new_effects if e.kind in KINDS and e.within is not None
               and e.cancel_on_exit is not True and e.path not in {k.path for k in kept}]
    if new.format_version != 2 or missing:  # a fault of this module: say so rather than write it
        raise _located(name, 1, 1, f"升级结果与预期不符（{'、'.join(missing) or 'format'}），未写出")
    diff = (diff_plans(old, new, old_text=text, new_text=new_text, old_name=name, new_name=f"{name}（升级后）")
            if old is not None else None)
    finals = tuple(st.title for st in new.states.values() if st.final)
    return Upgrade(name, text, new_text, added=tuple(added), kept=tuple(kept), diff=diff, final_states=finals,
                   ran_as_format_1=old is not None)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all or nothing: a temporary file beside it, flushed to disk, then
    renamed over it (an existing file keeps its permissions). On any failure ``path`` is untouched."""
    path = Path(path)
    mode: int | None = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


_BOM = b"\xef\xbb\xbf"


def _read(path: Path) -> bytes:
    """The bytes of a plan file (PlanError, located at 1:1, if it cannot be read or is too large)."""
    reasons = {FileNotFoundError: "文件不存在", IsADirectoryError: "这是一个目录，不是文件",
               PermissionError: "没有读取权限"}
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        why = next((w for t, w in reasons.items() if isinstance(exc, t)), f"系统错误（{exc.strerror or exc}）")
        raise _located(str(path), 1, 1, f"无法读取文件：{why}") from None
    if len(data) > MAX_PLAN_BYTES:
        raise _located(str(path), 1, 1, "文件过大，预案文件上限为 1 MB")
    return data


def run(path: Path, output: Path | None = None, in_place: bool = False, *,
        out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``plan upgrade FILE [-o OUT | --in-place]``: 0 upgraded (or already format 2), 2 on an error.

    The upgraded plan goes to OUT, back to FILE (``in_place``) or to ``out`` (stdout); what was done
    and what still differs go to ``out``, or to ``err`` when the plan itself is on ``out``. Nothing is
    written unless the upgraded text loads; a file is replaced all at once (:func:`write_atomically`).
    A plan already in format 2: only the message 「已是 emergency-plan/2，无需升级」, nothing written."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    target = path if in_place else output
    say = out if target is not None else err
    name = str(path)
    try:
        data = _read(path)
        text = decode_source(data, name)
        result = upgrade_text(text, name)
    except PlanError as exc:
        for d in exc.diagnostics:
            print(d, file=err)
        print(f"{name}：有 {len(exc.errors)} 个错误，未升级，未写出任何文件", file=err)
        return 2
    if result.already:  # nothing written anywhere, not even to stdout
        print(result.summary(), file=out)
        return 0
    new = (_BOM if data.startswith(_BOM) else b"") + result.new_text.encode("utf-8")
    if target is None:
        out.write(result.new_text)
        out.flush()
    else:
        try:
            write_atomically(target, new)
        except OSError as exc:
            print(f"{target}:1:1: error: 无法写出（{exc.strerror or exc}），原文件未改动", file=err)
            return 2
    print(result.summary(), file=say)
    if target is None:
        print("升级后的预案已输出到标准输出", file=say)
    else:
        print(f"{'已原地升级' if in_place else '已写出'}：{target}", file=say)
    print(result.differences(), file=say)
    return 0
