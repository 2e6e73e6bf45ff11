"""The facts form refuses 死亡人数 greater than 发病人数 inline, and saves nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

pytestmark = pytest.mark.gui


def test_deaths_above_cases_are_shown_under_the_deaths_field_and_not_saved(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    version = win.service.summary(iid).version
    form = win.detail.facts_form
    form.set_text("cases", "12")
    form.set_text("deaths", "15")
    assert win.detail.save_facts() is False
    assert form.visible_errors()["deaths"] == "「死亡人数」（15）不能大于「发病（中毒）人数」（12）"
    assert win.service.summary(iid).version == version
    form.set_text("deaths", "1")
    assert win.detail.save_facts() is True
    assert win.service.state(iid).facts["deaths"] == 1 and form.visible_errors() == {}
