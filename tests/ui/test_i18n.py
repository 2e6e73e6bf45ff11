"""The English translation covers the whole UI: every text lupdate (and the tooling's own
scan) finds has a finished translation in the shipped console_en.ts/.qm, and panels built with
the English translator installed show English labels while their data stays Chinese."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QDockWidget, QLabel, QTableWidget

from console.app import Console
from console.clock import ManualClock
from console.reserves.demo import seed_reserves
from console.store import open_database
from tools import i18n_update as i18n
from ui.i18n import install_translators

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


@pytest.fixture
def english(qapp):
    assert install_translators(qapp, "en")
    try:
        yield
    finally:
        install_translators(qapp, "zh_CN")


@pytest.fixture
def reserves_db(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'i18n.sqlite3'}")
    seed_reserves(db, "puyang", NOW)
    yield db
    db.close()


# -- the shipped translation is complete ---------------------------------------------------------

def test_sources_are_every_python_file_of_the_ui() -> None:
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "ui").rglob("*.py")
                if "i18n" not in p.relative_to(ROOT).parts}
    assert set(i18n.SOURCES) == expected
    assert {"ui/reserves/panel.py", "ui/reports/panel.py", "ui/wiring.py", "ui/auth/login.py"} <= expected


def test_every_text_lupdate_finds_has_a_finished_translation(tmp_path) -> None:
    ts = tmp_path / "fresh.ts"
    i18n.lupdate(ts, quiet=True)
    shipped = i18n.finished(i18n.TS)
    found = [(i18n.CONTEXT_ALIASES.get(ctx.findtext("name"), ctx.findtext("name")), msg.findtext("source"))
             for ctx in i18n.ET.parse(ts).iter("context") for msg in ctx.iter("message")]
    assert len(found) > 400
    missing = [f"{ctx}: {source}" for ctx, source in found if (ctx, source) not in shipped]
    assert missing == [], "untranslated (run .venv/bin/python -m tools.i18n_update): " + "; ".join(missing)


def test_texts_lupdate_cannot_see_are_translated_too() -> None:
    calls = i18n.scan()
    assert i18n.unknown_dynamic(calls) == [], "tr() given a variable the tooling does not know"
    extra = i18n.extra_messages(calls)
    assert ("ControllerWindow", "演练") in extra  # self.tr() inside an f-string
    assert ("ExpertsPanel", "食品安全") in extra and ("TimelinePanel", "任务") in extra
    shipped = i18n.finished(i18n.TS)
    missing = [f"{ctx}: {source}" for ctx, source in extra if (ctx, source) not in shipped]
    assert missing == []


def test_translations_keep_placeholders_and_the_qm_matches_the_ts() -> None:
    shipped = i18n.finished(i18n.TS)
    bad = [(src, tr) for (_, src), tr in shipped.items() if i18n.placeholders(src) != i18n.placeholders(tr)]
    assert bad == []
    assert not [tr for tr in shipped.values() if HAN.search(tr)]  # nothing left half Chinese
    qm = QTranslator()
    assert qm.load(str(i18n.QM))
    stale = [(ctx, src) for (ctx, src), tr in shipped.items() if qm.translate(ctx, src) != tr]
    assert stale == [], "console_en.qm is older than console_en.ts"


# -- the English UI --------------------------------------------------------------------------------

def test_reserves_and_reports_panels_in_english(english, qtbot, reserves_db) -> None:
    from ui.reports import ReportsPanel
    from ui.reserves import ReservesPanel

    clock = ManualClock(NOW)
    panel = ReservesPanel(Console(reserves_db, clock))
    qtbot.addWidget(panel)
    tabs = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert tabs == ["Stock", "Alerts", "Readiness", "Stock history", "Requests", "New request"]
    assert _headers(panel.depot_table) == ["Reserve depot", "Level", "Item types", "Readiness"]
    assert _headers(panel.lot_table) == ["Item", "Lot No.", "Quantity", "Expires"]
    assert _headers(panel.request_table) == ["Request No.", "Status", "Supplies"]
    assert panel.propose_button.text() == "Propose dispatch plan"
    assert panel.keep_minimum.text() == "Keep each depot's minimum reserve"
    assert panel.reason_edit.placeholderText() == "Reason for rejection (required)"
    assert panel.history_depot.itemText(0) == "All depots"
    panel.approve()  # nothing selected: the message is English too
    assert panel.message.text() == "Select a supply request first"
    # the depots' names are data and stay as the ledger has them
    assert panel.depot_table.rowCount() == 19 and HAN.search(panel.depot_table.item(0, 0).text())

    reports = ReportsPanel(Console(reserves_db, clock))
    qtbot.addWidget(reports)
    assert reports.new_button.text() == "New draft report"
    assert _headers(reports.register_table) == ["Report", "Status", "Submitted at"]
    assert _headers(reports.deadline_table) == ["Reporting deadlines", "Due", "Time left"]
    assert reports.title_label.text() == "Select or create a report"
    assert [b.text() for b in (reports.save_button, reports.submit_button, reports.docx_button)] == \
        ["Save draft", "Submit", "Export DOCX"]
    labels = [w.text() for w in reports.findChildren(QLabel)]
    assert "Report register" in labels and not any(HAN.search(t) for t in labels)
    # the report types, a report's name and its status come from data: in English too
    from pathlib import Path

    plan = Path(__file__).resolve().parents[2] / "plans" / "food-municipal.yaml"
    incident = reports.console.incidents.open(plan, title="某幼儿园幼儿呕吐", actor="值班员", role="duty_officer",
                                              facts={"cases": 8}).incident_id
    reports.set_incident(incident)
    kinds = [reports.kind_combo.itemText(i) for i in range(reports.kind_combo.count())]
    ids = [reports.kind_combo.itemData(i) for i in range(reports.kind_combo.count())]
    from ui.widgets.names import REPORT_PHASES_EN

    # the standard report types in English; a type the plan names itself (food-municipal's 重大以上事件报告
    # 「urgent」, plan format 2) is shown as the plan has it, like any other plan text
    standard = [k for k, i in zip(kinds, ids, strict=True) if i in REPORT_PHASES_EN]
    assert "Initial report" in standard and len(standard) == 4 and not any(HAN.search(k) for k in standard)
    assert [k for k, i in zip(kinds, ids, strict=True) if i not in REPORT_PHASES_EN] == ["重大以上事件报告（报省）"]
    reports.console.reports.draft(incident, reports.kind_combo.itemData(kinds.index("Initial report")), actor="值班员")
    reports.refresh()
    row = [reports.register_table.item(r, c).text() for r in range(reports.register_table.rowCount()) for c in (0, 1)]
    assert "Initial report" in row and "Draft" in row


def test_chinese_again_once_the_chinese_translator_is_back(english, qapp, qtbot, reserves_db) -> None:
    from ui.reserves import ReservesPanel

    install_translators(qapp, "zh_CN")
    panel = ReservesPanel(Console(reserves_db, ManualClock(NOW)))
    qtbot.addWidget(panel)
    assert panel.tabs.tabText(0) == "库存" and panel.propose_button.text() == "生成调拨方案"


@pytest.mark.gui
def test_assembled_console_docks_menus_and_runtime_texts_in_english(english, make_window, demo_db, qtbot) -> None:
    """ui/wiring.py's win.tr() texts (looked up under MainWindow) and the texts passed to tr()
    through a variable (specialties, consultation questions, timeline lanes)."""
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    from console.demo.records import seed_records
    from ui.wiring import assemble

    seed_reserves(demo_db, "puyang", NOW)
    seed_records(demo_db, "puyang", NOW)
    clock = ManualClock(NOW)
    win = make_window(demo_db, clock=clock, map_enabled=False, role="observer", user="观察员甲")
    a = assemble(win, win.console, live=False)
    titles = {d.objectName(): d.windowTitle() for d in win.findChildren(QDockWidget)}
    assert titles["timeline"] == "Timeline" and titles["reports"] == "Reporting"
    assert titles["consultations"] == "Expert consultation" and titles["reserves"] == "Emergency supplies"
    assert titles["duty"] == "Duty watch" and titles["experts"] == "Expert roster"
    assert "&Drills and review" in [act.text() for act in win.menuBar().actions()]
    assert win.statusBar().findChild(QLabel, "observerBadge").text().startswith("Observer seat")
    specialties = [a.experts.specialty_combo.itemText(i) for i in range(a.experts.specialty_combo.count())]
    assert specialties[:2] == ["All specialties", "Food safety"] and not any(HAN.search(s) for s in specialties)
    assert a.consultations.question_combo.itemText(0) == "Grading assessment"
    assert [box.text() for box in a.timeline.lane_boxes.values()][:3] == ["State and level", "Reporting", "Tasks"]
