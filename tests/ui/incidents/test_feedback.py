"""What the detail panel tells the operator: inline errors name their field and go as soon as the
field is fixed; the message bar clears after a while and never squeezes the grading text."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

pytestmark = pytest.mark.gui


def _assessing(win) -> str:
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    return iid


def test_an_inline_error_names_its_field_and_clears_when_the_field_is_fixed(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = _assessing(win)
    version = win.service.summary(iid).version
    form, detail = win.detail.facts_form, win.detail
    form.set_text("cases", "-3")
    form.set_text("hospitalized", "十二")
    assert detail.save_facts() is False
    assert win.service.summary(iid).version == version
    errors = form.visible_errors()
    assert "「发病（中毒）人数」" in errors["cases"] and "「住院人数」" in errors["hospitalized"]
    assert "「发病（中毒）人数」、「住院人数」填写有误" in detail.message.text()
    form.set_text("cases", "12")  # fixed, not yet saved: its error goes, the other stays
    assert "cases" not in form.visible_errors() and "hospitalized" in form.visible_errors()
    assert form.fields["cases"].styleSheet() == "" and form.fields["hospitalized"].styleSheet() != ""
    assert detail.message.isVisibleTo(detail)
    form.set_text("hospitalized", "十")  # still wrong: the error stays
    assert "hospitalized" in form.visible_errors()
    form.set_text("hospitalized", "2")
    assert form.visible_errors() == {}
    assert detail.message.isHidden()  # every field fixed: 「…填写有误」 goes too
    assert win.service.summary(iid).version == version  # and nothing was saved by fixing


def test_deaths_error_clears_when_the_cases_are_raised(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    _assessing(win)
    form = win.detail.facts_form
    form.set_text("cases", "3")
    form.set_text("deaths", "5")
    assert win.detail.save_facts() is False and "deaths" in form.visible_errors()
    form.set_text("cases", "8")  # the bound partner fixed: 死亡人数 is no longer above it
    assert form.visible_errors() == {}


def test_the_message_bar_clears_after_a_while(make_window, demo_db, qtbot, monkeypatch):
    import ui.incidents.panels as panels

    monkeypatch.setattr(panels, "MESSAGE_MS", 50)
    monkeypatch.setattr(panels, "ERROR_MESSAGE_MS", 120)
    win = make_window(demo_db, map_enabled=False)
    _assessing(win)
    win.detail.facts_form.set_text("cases", "4")
    assert win.detail.save_facts() is True
    assert "已保存 1 项事实" in win.detail.message.text() and win.detail.message.isVisibleTo(win.detail)
    qtbot.waitUntil(lambda: win.detail.message.isHidden(), timeout=5000)
    win.detail.run("facts", {"facts": {"cases": 2_000_000}})
    assert "不能大于 1,000,000" in win.detail.message.text()
    qtbot.waitUntil(lambda: win.detail.message.isHidden(), timeout=5000)


def test_a_message_never_squeezes_the_grading_text(demo_db, qtbot, tmp_path):
    """The whole console (timeline docked under it) at 1280×800, a long refusal shown."""
    from console.app import Console
    from console.clock import ManualClock
    from tests.ui.conftest import NOW
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    win = build_window(Console(demo_db, ManualClock(NOW), jurisdiction="410900"),
                       settings=ConsoleSettings(tmp_path / "s.ini"), map_enabled=False, live=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    iid = next(s.id for s in win.service.list(status="open") if s.level == "III")
    win.select(iid)
    detail = win.detail
    detail.show_message("已拒绝：" + "这是一条较长的拒绝理由，" * 8)
    qtbot.waitUntil(lambda: detail.message.isVisible(), timeout=5000)
    for _ in range(3):
        qtbot.wait(1)  # layouts settle in the event loop
    label = detail.suggestion_label
    assert label.text() and label.height() >= label.heightForWidth(label.width())
    # the grading text sits below the message bar, not under it
    top = label.mapTo(detail, label.rect().topLeft()).y()
    bottom = detail.message.mapTo(detail, detail.message.rect().bottomLeft()).y()
    assert top > bottom
    assert win.height() <= 800  # and the window did not grow to make room


def test_limits_and_values_in_refusals_are_printed_as_numbers():
    from console.errors import Refused
    from console.incidents.bounds import check_data

    with pytest.raises(Refused) as caught:
        check_data({"area": {"radius_m": 1e16}})
    assert caught.value.reason.endswith("不能超过 ±9,007,199,254,740,991（填写的是 10,000,000,000,000,000）")
