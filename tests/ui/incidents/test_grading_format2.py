"""Plan format 2 §B in the window, with real widgets: the lead body for the current level in the
分级 box, optional raises and 需认定 rules in the suggestion, the 经评估可能 column of the facts form,
and a 需认定 rule cited from the decide-level dialog."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

pytestmark = pytest.mark.gui

PLAN = Path(__file__).resolve().parents[2] / "plan" / "fixtures" / "grading2.yaml"


@pytest.fixture
def window(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False, role="commander")
    r = win.service.open(PLAN, title="学校食堂聚集性腹泻", actor="张三", role="duty_officer",
                         facts={"cases": 40, "sensitive": True})
    win.select(r.incident_id)
    assert win.detail.incident_id == r.incident_id
    return win


def test_lead_body_optional_raise_and_judgements_are_shown(window):
    d = window.detail
    assert d.lead_label.isVisibleTo(d)
    assert d.lead_label.text() == "按建议级别 Ⅲ级：市人民政府领导，市食安委启动，市食安办组织实施"
    shown = d.suggestion_label.text()
    assert "可相应提高响应级别（至多一级）：敏感时期" in shown
    assert "需认定（Ⅰ级）：国务院认定的其他特别重大食品安全事故（规则 A-I-3，由指挥长认定）" in shown
    assert "需认定（Ⅱ级）：省政府认定的其他重大事故（规则 A.II.2，由指挥长、副指挥长认定）" in shown


def test_assessed_values_are_edited_beside_the_facts(window):
    d = window.detail
    form = d.facts_form
    assert set(form.assessed_fields) == {"cases"}               # only the assessable fact
    assert form.assessed_fields["cases"].objectName() == "assessed_cases"
    form.set_assessed_text("cases", "150")
    assert d.save_facts() is True
    assert d.state.assessed == {"cases": 150} and d.state.facts["cases"] == 40
    assert d.state.suggestion["level"] == "II"
    assert d.lead_label.text() == "按建议级别 Ⅱ级：省人民政府领导，省食安委启动，省食安办组织实施"
    assert form.assessed_fields["cases"].text() == "150"       # the form shows what was saved
    form.set_assessed_text("cases", "很多")
    version = d.state.version
    assert d.save_facts() is False                              # nothing written
    assert d.state.version == version and d.state.assessed == {"cases": 150}
    assert "经评估可能" in form.visible_errors()["cases"]
    form.set_assessed_text("cases", "")                          # cleared
    assert d.save_facts() is True
    assert d.state.assessed == {} and d.state.suggestion["level"] == "III"


def test_decide_level_dialog_offers_the_judgement_rules(window):
    d = window.detail
    dlg = window.open_level_dialog()
    assert dlg is not None and dlg.rule.isVisibleTo(dlg)
    assert [dlg.rule.itemData(i) for i in range(dlg.rule.count())] == [None, "A-I-3", "A.II.2"]
    dlg.rule.setCurrentIndex(dlg.rule.findData("A-I-3"))
    assert dlg.level.currentData() == "I"                        # choosing the rule sets its level
    dlg.level.setCurrentIndex(dlg.level.findData("II"))
    dlg.reason.setPlainText("国务院认定")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.isVisible() and "认定的是Ⅰ级" in dlg.reason_error.text()  # the rule's level, not another
    dlg.level.setCurrentIndex(dlg.level.findData("I"))
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dlg.isVisible()
    assert d.state.level == "I" and d.state.level_basis["rule"] == "A-I-3"
    assert d.lead_label.text() == "Ⅰ级：国务院领导，国家食安委启动，国务院食安办组织实施"


FORMAT1 = Path(__file__).resolve().parents[2] / "plan" / "fixtures" / "released-2026.1" / "food-municipal-format1.yaml"


def test_a_plan_without_section_b_shows_none_of_it(make_window, demo_db):
    """A format-1 plan (the municipal plan as released in 2026.1, in format 1) shows no lead, 需认定 or 经评估可能."""
    win = make_window(demo_db, map_enabled=False, role="commander")
    r = win.service.open(FORMAT1, title="单位食堂聚集性腹泻", actor="张三", role="duty_officer", facts={"cases": 40})
    win.select(r.incident_id)
    d = win.detail
    assert win.service.plan_for(r.incident_id).format_version == 1
    assert d.lead_label.isHidden() and d.facts_form.assessed_fields == {}
    assert "需认定" not in d.suggestion_label.text() and "可相应提高" not in d.suggestion_label.text()
    dlg = win.open_level_dialog()
    assert dlg is not None and dlg.rule.isHidden() and "rule" not in dlg.values()
    dlg.reject()


def test_a_raise_at_the_top_level_says_the_level_did_not_change(window):
    d = window.detail
    assert d.decide_level("II", "省政府认定") is True
    assert d.fire("escalate") is True
    assert d.state.level == "I" and d.message.text() == "已执行：提升级别"
    assert d.fire("escalate") is True
    assert d.state.level == "I"
    assert d.message.text() == "已执行：提升级别；已是最高级别（Ⅰ级），级别未变"
