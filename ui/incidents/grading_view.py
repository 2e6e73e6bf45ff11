"""What plan format 2 §B adds to the incident's 分级 box: the lead body for the current level
(「Ⅲ级：市人民政府领导，市食安委启动，市食安办组织实施」), optional raises (「可相应提高响应级别
（至多一级）：…」) and the rules an authority may apply (「需认定：…」). Nothing for a plan without them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from console.plan.judgement import judge_rules
from console.plan.leads import level_body, roman
from console.plan.model import Plan

_COUNT = {1: "一", 2: "两", 3: "三"}


class GradingTexts(QObject):
    """The words, translatable (context ``GradingTexts``)."""

    def lead(self, body: str, decided: bool) -> str:
        return body if decided else self.tr("按建议级别 {body}").format(body=body)

    def optional(self, n: int, title: str) -> str:
        return self.tr("可相应提高响应级别（至多{n}级）：{title}").format(n=_COUNT.get(n, str(n)), title=title)

    def judgement(self, level: str, title: str, rule: str, who: str) -> str:
        return self.tr("需认定（{level}级）：{title}（规则 {rule}，由{who}认定）").format(
            level=level, title=title, rule=rule, who=who)


_texts: GradingTexts | None = None


def _t() -> GradingTexts:
    global _texts
    if _texts is None:
        _texts = GradingTexts()
    return _texts


def show_lead_body(label: QLabel, plan: Plan, state: Any) -> None:
    """The lead body for the decided level (the suggested one, said so, while none is decided);
    hidden when the plan names no 启动/组织实施 bodies."""
    level = state.level if state.level is not None else (state.suggestion or {}).get("level")
    lv = plan.level(level)
    if lv is None or not (lv.starts or lv.runs):
        label.hide()
        label.setText("")
        return
    label.setText(_t().lead(level_body(plan, level), state.level is not None))
    label.show()


def optional_raise_lines(plan: Plan, suggestion: Mapping[str, Any]) -> list[str]:
    titles = {m.id: m.title for m in plan.modifiers}
    return [_t().optional(int(o.get("up_to") or 1), titles.get(str(o.get("modifier")), str(o.get("modifier"))))
            for o in suggestion.get("optional") or []]


def judgement_lines(plan: Plan, suggestion: Mapping[str, Any]) -> list[str]:
    return [_t().judgement(roman(j.level), j.title, j.id, "、".join(plan.role_title(r) for r in sorted(j.judged_by)))
            for j in judge_rules(plan, suggestion)]


def with_level_notice(ok_text: str | None, result: Any) -> str | None:
    """「已执行：提升级别；已是最高级别（Ⅰ级），级别未变」: a raise at Ⅰ says nothing was raised."""
    notes = [str(e.get("text")) for e in getattr(result, "effects", None) or () if e.get("kind") == "level_unchanged"]
    if not notes:
        return ok_text
    return "；".join([*([ok_text] if ok_text else []), *notes])
