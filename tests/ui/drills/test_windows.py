"""The drill windows offscreen, on real drill databases: controller (导调台), review, watermark."""

from __future__ import annotations

import json
from datetime import timedelta

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from console.review.service import RunReview
from tests.drills.conftest import KINDERGARTEN, SCHOOL, virtual_run
from ui.drills.controller import ControllerWindow
from ui.drills.watermark import Watermark
from ui.review.window import ReviewWindow


def _col(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_controller_runs_the_drill(qtbot, tmp_path):
    run = virtual_run(KINDERGARTEN, tmp_path, auto=False)
    w = ControllerWindow(run)
    qtbot.addWidget(w)
    w.show()
    assert "未开始" in w.info.text() and w.start_btn.isEnabled() and not w.pause_btn.isEnabled()
    assert _col(w.injects, 4)[0] == "待发出" and _col(w.injects, 4)[1] == "等待触发"
    with qtbot.waitSignal(w.sig_changed):
        w.start_btn.click()
    qtbot.waitUntil(lambda: _col(w.injects, 4)[0] == "已发出", timeout=3000)
    assert run.incident_id.startswith("D") and "进行中" in w.info.text()
    assert _col(w.pending, 0) == ["X01"] and _col(w.pending, 5) == ["待完成"]
    # pause / resume / speed
    w.pause_btn.click()
    assert "已暂停" in w.info.text() and w.resume_btn.isEnabled()
    assert not w.release_btn.isEnabled()  # nothing goes out while paused
    w.resume_btn.click()
    w.injects.clearSelection()
    w.injects.setCurrentCell(-1, -1)
    w.release_btn.click()
    assert "请先选择" in w.message.text()
    w.speed.setCurrentIndex(w.speed.findData(30))
    assert run.clock.speed == 30
    # release an inject by hand
    w.injects.selectRow(4)
    assert w.injects.item(4, 0).text() == "I05"
    w.release_btn.click()
    assert run.injects["I05"].released_by == "hand" and _col(w.injects, 4)[4] == "已发出"
    assert "X05" in _col(w.pending, 0)
    w.release_btn.click()
    assert "已于" in w.message.text()  # cannot release twice
    # the virtual clock jumps: the deadline for X01 (10 min) passes
    run.clock.sleep_until(run.t0 + timedelta(minutes=30))
    qtbot.waitUntil(lambda: "已超时未完成" in _col(w.pending, 5), timeout=3000)
    # evaluator entries
    w.item.setCurrentIndex(w.item.findData("E02"))
    w.result.setCurrentIndex(w.result.findData("partly"))
    w.note.setText("初报偏慢")
    w.rate_btn.click()
    assert run.fold.ratings["E02"]["rating"] == "partly" and run.fold.ratings["E02"]["note"] == "初报偏慢"
    w.hotwash.setText("")
    w.hotwash_btn.click()
    assert "请填写「现场点评」" in w.message.text()
    w.hotwash.setText("信息报告链条清楚")
    w.hotwash_btn.click()
    w.issue.setText("初报迟报")
    w.action.setText("值班员培训")
    w.owner.setText("市食安办")
    w.due.setText("2026-12-31")
    w.improve_btn.click()
    assert run.fold.hotwash[0]["text"] == "信息报告链条清楚"
    assert run.fold.improvements["IP01"]["owner"] == "市食安办" and w.issue.text() == ""
    asked = []
    w.confirm = lambda title, text: asked.append(text) is None and False  # 取消: the drill goes on
    w.end_btn.click()
    assert "进行中" in w.info.text() and w.end_btn.isEnabled()
    assert "尚有" in asked[0] and "注入未发出" in asked[0] and "演练不能继续" in asked[0]
    w.confirm = lambda title, text: True
    w.end_btn.click()
    assert "已结束" in w.info.text() and not w.end_btn.isEnabled()
    assert [d["action"] for d in run.fold.drill] == ["start", "pause", "resume", "speed", "end"]
    w.close()
    run.db.close()


def test_controller_records_ratings_under_the_trainers_account(qtbot, tmp_path):
    run = virtual_run(KINDERGARTEN, tmp_path, auto=False)
    w = ControllerWindow(run, trainer="zhao_daotiao")
    qtbot.addWidget(w)
    w.start_btn.click()
    w.item.setCurrentIndex(w.item.findData("E02"))
    w.result.setCurrentIndex(w.result.findData("met"))
    w.rate_btn.click()
    w.hotwash.setText("处置有序")
    w.hotwash_btn.click()
    actors = {e.type: e.actor for e in run.service.timeline(run.incident_id) if e.type.startswith("log.")}
    assert actors["log.evaluation"] == "zhao_daotiao" and actors["log.hotwash"] == "zhao_daotiao"
    w.confirm = lambda title, text: True
    w.end_btn.click()
    w.close()
    run.db.close()


def test_watermark_covers_and_follows_its_parent(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    QLabel("内容", host)
    host.resize(400, 300)
    mark = Watermark(host)
    host.show()
    qtbot.waitExposed(host)
    assert mark.geometry() == host.rect() and mark.text == "演练"
    assert mark.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    host.resize(640, 480)
    qtbot.waitUntil(lambda: mark.geometry() == host.rect(), timeout=2000)
    img = host.grab().toImage()
    reddish = sum(1 for x in range(0, img.width(), 3) for y in range(0, img.height(), 3)
                  if (c := QColor(img.pixel(x, y))).red() > c.green() + 8 and c.red() > c.blue() + 8)
    assert reddish > 50  # the translucent red 演练 text is painted over the content


def test_a_review_exported_by_a_logged_in_account_prints_its_signed_checkpoint(qtbot, tmp_path):
    from console.store.signing import Signer, new_private_key

    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    w = ReviewWindow(RunReview(run.db, run.incident_id), map_enabled=False, signer=Signer("zhao", new_private_key()))
    qtbot.addWidget(w)
    assert w.export(tmp_path / "r.docx")
    text = "\n".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    assert "日志检查点" in text and "zhao" in text and "未签名" not in text
    w.close()
    run.db.close()


def test_review_window_scrubs_plays_and_exports(qtbot, tmp_path):
    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    review = RunReview(run.db, run.incident_id)
    w = ReviewWindow(review, map_enabled=False)
    qtbot.addWidget(w)
    w.show()
    assert w.watermark is not None and "【演练】" in w.windowTitle()
    assert w.state_label.text().endswith("接报") and "未分级" in w.level_label.text()
    w.seek(review.fold.first("event:escalate"))
    assert "市级响应" in w.state_label.text() and "较大" in w.level_label.text()
    assert any(w.injects.item(i).text().split()[1] == "I09" for i in range(w.injects.count()))
    w.seek(review.start + timedelta(minutes=20))
    assert "现场核实" in w.state_label.text()
    assert any("赶赴现场核实" in w.tasks.item(i).text() for i in range(w.tasks.count()))
    assert w.metrics.rowCount() == len(review.metrics()) > 5
    # play at ×600: the slider moves on its own
    w.play_speed.setCurrentIndex(w.play_speed.findData(600))
    start = w.slider.value()
    w.toggle_play()
    qtbot.waitUntil(lambda: w.slider.value() >= start + 120, timeout=3000)
    w.toggle_play()
    assert w.play_btn.text() == "播放"
    assert w.export(tmp_path / "r.docx") and "已导出" in w.message.text()
    assert "演练总结报告" in "".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    assert not w.export(tmp_path / "r.txt") and "不支持" in w.message.text()
    w.close()
    run.db.close()


def test_drill_session_opens_the_players_console_on_the_drill_database(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication, QEvent

    from console.store.db import open_database
    from ui.drills.session import start_drill_session
    from ui.settings import ConsoleSettings

    real = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    s = start_drill_session(SCHOOL, real, drill_db=tmp_path / "drill.sqlite3", speed=60, map_enabled=False,
                            settings=ConsoleSettings(tmp_path / "console.ini"))
    try:
        s.console.show()
        s.controller.show()
        assert s.console.mode == "drill" and "演练" in s.console.windowTitle()
        # the players use the full console, as in real work, and both windows are shown
        from PySide6.QtWidgets import QDockWidget

        docks = {d.objectName() for d in s.console.findChildren(QDockWidget)}
        assert {"incidents", "incident", "timeline", "reports", "consultations", "reserves", "duty",
                "experts"} <= docks
        assert s.console.isVisible() and s.controller.isVisible()
        assert s.watermark.parentWidget() is s.console.centralWidget()
        s.controller.start_btn.click()
        assert s.run.incident_id.startswith("D")
        qtbot.waitUntil(lambda: s.run.incident_id in [x.id for x in s.console.service.list()], timeout=3000)
        assert [x.id for x in _real_list(real)] == []  # nothing reached the real database
    finally:
        s.close()
        for w in (s.controller, s.console):
            w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        real.close()


def _real_list(db):
    from console.incidents.service import IncidentService

    return IncidentService(db).list()


def test_review_map_shows_the_incident_as_it_stood(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication, QEvent

    from tests.ui.map.conftest import eval_js

    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    review = RunReview(run.db, run.incident_id)
    w = ReviewWindow(review)
    try:
        w.resize(1300, 800)
        w.show()
        qtbot.waitUntil(lambda: w.map.is_ready or w.map.load_failed_reason is not None, timeout=30000)
        assert w.map.load_failed_reason is None
        iid = json.dumps(run.incident_id)
        cls = f"FDSMap.incidents[{iid}].marker.getElement().querySelector('.fds-inc').className"
        w.seek(review.start + timedelta(minutes=30))
        w.map.wait_painted()
        assert "fds-lvl-0" in eval_js(qtbot, w.map, cls)  # not yet graded
        w.seek(review.fold.first("event:escalate"))
        w.map.wait_painted()
        assert "fds-lvl-3" in eval_js(qtbot, w.map, cls)  # 较大 (Ⅲ级) from that instant
        w.slider.setValue(0)
        w.map.wait_painted()
        assert eval_js(qtbot, w.map, f"{iid} in FDSMap.incidents") is True  # received at time 0
        assert w.map.page_load_count == 1
    finally:
        w.close()
        w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        run.db.close()


def test_controller_schedule_column_reads_the_plans_words(qtbot, tmp_path):
    from tests.drills.conftest import ROOT

    run = virtual_run(ROOT / "scenarios" / "cross-county-outbreak.yaml", tmp_path, auto=False)
    w = ControllerWindow(run)
    qtbot.addWidget(w)
    w.show()
    plan_col = _col(w.injects, 3)
    assert plan_col[1] == "进入状态「核实」后0:15" and plan_col[4] == "完成任务「赶赴现场核实」后0:10"
    assert not any(x in "".join(plan_col) for x in ("verifying", "onsite", "escalation_review"))
    run.db.close()
