"""The grading suggestion speaks to the operator: the rule's title and the plan clause; the plan
author's notes (the rest of ``basis``, ``uncertain``) only behind the 「编写说明」 details control."""

from __future__ import annotations

import pytest

from ui.incidents.rule_text import rule_text

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("basis", "clause"), [
    ("模板A 一般(Ⅳ级)(2)；下限30人取自陕西及旧式模板（1wenmi 文本为“99人以下”）", "模板A 一般(Ⅳ级)(2)"),
    ("模板A 重大(Ⅱ级)(1)", "模板A 重大(Ⅱ级)(1)"),
    ("旧模板三级：20–29人——待核实", "旧模板三级"),
    ("江苏《食物中毒事件应急处理预案》(2006)：集体单位5人以上按较大级处理（经下方“学校提高一级”后为Ⅲ级）",
     "江苏《食物中毒事件应急处理预案》(2006)"),
    ("旧模板一级(2)（二手转载）", "旧模板一级(2)"),
    ("2011年预案全文措辞未见原文（领域笔记 §1.2 [U]）", ""),
    (None, ""),
])
def test_the_clause_is_the_basis_before_the_authors_remarks(basis, clause):
    text = rule_text(basis, uncertain=True)
    assert text.clause == clause
    assert text.notes == ("" if basis == clause else basis or "") and text.uncertain


def test_operators_see_title_and_clause_and_the_notes_open_on_request(make_window, demo_db, qtbot):
    win = make_window(demo_db, map_enabled=False)
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    detail = win.detail
    detail.facts_form.set_text("cases", "35")
    assert detail.save_facts() is True
    shown = detail.suggestion_label.text()
    assert "一起食物中毒30人以上、99人以下，且未出现死亡病例" in shown
    assert "预案条款：模板A 一般(Ⅳ级)(2)" in shown
    # the author's remarks and the rule id are not in the operator's text
    assert "陕西" not in shown and "江苏" not in shown and "A-IV-2" not in shown
    assert detail.rule_notes_button.isVisibleTo(detail) and detail.rule_notes.isHidden()
    qtbot.mouseClick(detail.rule_notes_button, Qt.MouseButton.LeftButton)
    assert detail.rule_notes.isVisibleTo(detail)
    notes = detail.rule_notes.text()
    # the remark now cites where the 30 comes from (issue #17, docs/plan-sources.md)
    assert "下限30人取自江苏省操作手册" in notes and "A-IV-2" in notes and "待核实" in notes
    detail.rule_notes_button.click()
    assert detail.rule_notes.isHidden()


def test_a_rule_without_notes_shows_no_details_control(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    win.detail.run("facts", {"facts": {"cases": 3, "serious_harm": True}})
    assert "预案条款：模板A 一般(Ⅳ级)(1)" in win.detail.suggestion_label.text()
    assert win.detail.rule_notes_button.isHidden()
