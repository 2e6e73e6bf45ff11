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


def test_a_time_typed_as_a_person_writes_it_is_saved_as_china_time_and_counts(make_window, demo_db):
    """「2026-11-22 08:15」 in a datetime fact is China time: saved with its zone, so a time window measures
    from it (a time without a zone would never count); something that is not a time is refused inline."""
    win = make_window(demo_db, map_enabled=False)
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    form = win.detail.facts_form
    version = win.service.summary(iid).version
    form.set_text("discovered_at", "昨天上午")
    assert win.detail.save_facts() is False
    assert "必须是时间" in form.visible_errors()["discovered_at"]
    assert win.service.summary(iid).version == version
    form.set_text("discovered_at", "2026-11-22 08:15")
    assert win.detail.save_facts() is True
    assert win.service.state(iid).facts["discovered_at"] == "2026-11-22T08:15:00+08:00"
