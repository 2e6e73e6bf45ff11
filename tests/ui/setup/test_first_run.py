"""A new centre (郑州市, 410100) sets itself up with the first-run assistant, from no database and
no settings file to a working console — and a restart opens that console, without the assistant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWizard

from console.clock import SystemClock
from console.geo.boundaries import contains
from console.geo.boundaries import jurisdiction as boundaries
from console.store.db import open_database
from ui.settings import ConsoleSettings
from ui.setup.start import start
from ui.setup.steps import IMPORT_STEPS, SAMPLES
from ui.setup.wizard import SetupWizard

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "zz-admin-2026"


@pytest.fixture
def fresh_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No settings file and no database: the settings and the data directory are in tmp_path."""
    monkeypatch.setenv("FDS_CONSOLE_SETTINGS", str(tmp_path / "config" / "console.ini"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def _when_shown(kind: type, act: Callable[[Any], None], seen: list[Any]) -> None:
    """Run ``act`` on the first visible top-level widget of ``kind`` once its exec() has started;
    a failure closes it (so exec() returns) and is kept for the test to raise."""
    def poll() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if not found:
            QTimer.singleShot(20, poll)
            return
        seen.append(found[0])
        try:
            act(found[0])
        except BaseException as exc:  # noqa: BLE001 — re-raised by the test after exec() returns
            seen.append(exc)
            found[0].reject()

    QTimer.singleShot(0, poll)


def _raise_from(seen: list[Any]) -> None:
    for item in seen:
        if isinstance(item, BaseException):
            raise item


def _walk(wiz: SetupWizard, tmp: Path) -> None:
    """What a person does in the assistant, page by page, with a mistake on each."""
    # 数据库: a SQLite file of its own
    page = wiz.currentPage()
    assert page.objectName() == "setupDatabase"
    page.file.setChecked(True)
    page.file_path.setText(str(tmp / "centre" / "zz.txt"))
    wiz.next()
    assert wiz.currentPage() is page and ".sqlite3" in page.result.text()  # not a database file name
    (tmp / "centre").mkdir()
    page.file_path.setText(str(tmp / "centre" / "zhengzhou.sqlite3"))
    assert page.test_connection() and "连接成功" in page.result.text()
    wiz.next()
    # 辖区: searched by name, then by code; a code the data does not have is refused
    page = wiz.currentPage()
    assert page.objectName() == "setupJurisdiction" and not page.isComplete()
    page.search.setText("没有这个地方")
    assert page.list.count() == 0 and "没有找到" in page.error.text()
    page.search.setText("郑州")
    assert page.list.item(0).text().startswith("410100 郑州市")
    page.search.setText("4101")
    page.list.setCurrentRow(0)
    assert page.code == "410100" and "410100 河南省郑州市" in page.chosen.text() and page.isComplete()
    wiz.next()
    # 管理员: passwords that differ, then a good account
    page = wiz.currentPage()
    assert page.objectName() == "setupAdmin"
    page.username.setText("zzadmin")
    page.display_name.setText("郑州管理员")
    page.password.setText(PASSWORD)
    page.again.setText(PASSWORD + "x")
    wiz.next()
    assert wiz.currentPage() is page and "不一致" in page.error.text()
    page.again.setText(PASSWORD)
    wiz.next()
    # 预案: a broken plan is refused with its line and column, the sample plan is added
    page = wiz.currentPage()
    assert page.objectName() == "setup_plans" and set(page.rows) == {s.key for s in IMPORT_STEPS if s.page == "plans"}
    broken = tmp / "broken.yaml"
    broken.write_text((SAMPLES / "food-municipal-410100.yaml").read_text(encoding="utf-8")
                      .replace("initial: ", "initial: nowhere_", 1), encoding="utf-8")
    row = page.rows["plans"]
    row.path.setText(str(broken))
    assert not row.run()
    assert "未导入" in row.status.text() and "broken.yaml:" in row.status.text(), row.status.text()
    row.path.setText(str(SAMPLES / "food-municipal-410100.yaml"))
    assert row.run(), row.status.text()
    assert "郑州市食品安全突发事件应急预案" in row.status.text()
    wiz.next()
    # 基础数据: the demo's 濮阳 depots are outside 郑州 (every row named, nothing written); then the samples
    page = wiz.currentPage()
    assert page.objectName() == "setup_data" and {"depots", "stock", "experts"} <= set(page.rows)
    depots = page.rows["depots"]
    depots.path.setText(str(ROOT / "resources" / "demo" / "puyang" / "reserves" / "depots.csv"))
    assert not depots.run()
    assert "第 2 行" in depots.status.text() and "不在本辖区内" in depots.status.text()
    assert wiz.console is not None and wiz.console.ledger.depots() == []
    for key in ("depots", "stock", "experts"):
        row = page.rows[key]
        row.path.setText(str(SAMPLES / f"{key}.csv"))
        assert row.run(), row.status.text()
    wiz.next()
    # 完成
    page = wiz.currentPage()
    assert page.objectName() == "setupDone"
    summary = page.summary.text()
    assert "河南省郑州市（410100）" in summary and "郑州管理员（zzadmin）" in summary
    assert "已导入 3 个储备库" in summary and "已导入 3 位专家" in summary
    wiz.button(QWizard.WizardButton.FinishButton).click()


def _close(win: Any) -> None:
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_new_centre_sets_itself_up_and_restarts_into_its_console(qtbot, fresh_machine: Path) -> None:  # noqa: ANN001
    from ui.auth.login import LoginDialog
    from ui.wiring import build_window

    tmp = fresh_machine
    settings = ConsoleSettings()
    assert settings.path == tmp / "config" / "console.ini" and settings.database is None
    db = open_database(settings.database)  # the embedded database, new, in the data directory
    assert str(tmp / "data") in db.url
    seen: list[Any] = []
    _when_shown(SetupWizard, lambda wiz: _walk(wiz, tmp), seen)
    started = start(settings, db, SystemClock())
    _raise_from(seen)
    assert seen and isinstance(seen[0], SetupWizard) and started is not None and started.assisted
    console = started.console
    try:
        assert ConsoleSettings().database == f"sqlite:///{tmp / 'centre' / 'zhengzhou.sqlite3'}"
        assert console.jurisdiction == "410100" and console.site.verify() == []
        assert (started.user, started.role) == ("zzadmin", "admin") and console.signer is not None
        depots = console.ledger.depots()
        assert len(depots) == 3 and all(contains("410100", d.lat, d.lon) for d in depots)
        assert len(console.experts.list()) == 3
        assert console.ledger.balances()
        (entry,) = console.library.entries()  # the plan is in the database's plan library, logged
        assert (entry.plan_id, entry.jurisdiction) == ("food-municipal-zhengzhou", "410100")
        assert console.library.verify() == []
        win = build_window(console, settings=settings, user=started.user, role=started.role,
                           map_enabled=False, live=False)
        try:
            assert win.windowTitle() == "食品药品安全应急指挥台 — 郑州市"
            assert win.jurisdiction == "410100"
            first = win.plans()[0]  # the jurisdiction's own plan is offered first
            assert (first.id, first.jurisdiction_code) == ("food-municipal-zhengzhou", "410100")
        finally:
            _close(win)
    finally:
        console.close()

    # a restart on the same settings: the database of 设置, the login, no assistant, 郑州 on the map
    settings = ConsoleSettings()
    db = open_database(settings.database)
    seen = []

    def log_in(dlg: LoginDialog) -> None:
        dlg.username.setText("zzadmin")
        dlg.password.setText(PASSWORD)
        dlg.try_login()

    _when_shown(LoginDialog, log_in, seen)
    started = start(settings, db, SystemClock())
    _raise_from(seen)
    assert started is not None and not started.assisted and started.user == "zzadmin"
    assert not any(isinstance(w, SetupWizard) and w.isVisible() for w in QApplication.topLevelWidgets())
    try:
        win = build_window(started.console, settings=settings, user=started.user, role=started.role,
                           live=False)
        try:
            assert win.jurisdiction == "410100" and win.windowTitle().endswith("— 郑州市")
            win.show()
            win.load_map_data()
            assert win.map is not None
            assert win.map.wait_painted(timeout_ms=60000)
            names = {f["properties"]["name"] for f in boundaries(win.jurisdiction)["features"]}
            assert "郑州市" in names and "金水区" in names and len(names) == 13  # 郑州 and its 12 districts
        finally:
            _close(win)
    finally:
        started.console.close()


def test_cancelling_keeps_what_was_written_and_the_next_start_resumes(qtbot, fresh_machine: Path) -> None:  # noqa: ANN001
    settings = ConsoleSettings()
    db = open_database(settings.database)
    seen: list[Any] = []

    def set_then_cancel(wiz: SetupWizard) -> None:
        wiz.next()  # the embedded database
        page = wiz.currentPage()
        page.search.setText("410100")
        page.choose("410100")
        wiz.next()
        assert wiz.currentPage().objectName() == "setupAdmin"
        wiz.reject()

    _when_shown(SetupWizard, set_then_cancel, seen)
    assert start(settings, db, SystemClock()) is None
    _raise_from(seen)
    # the next start: the assistant again, at the jurisdiction already chosen
    db = open_database(settings.database)
    seen = []
    chosen: list[str | None] = []

    def look_then_cancel(wiz: SetupWizard) -> None:
        wiz.next()
        chosen.append(wiz.currentPage().code)
        wiz.reject()

    _when_shown(SetupWizard, look_then_cancel, seen)
    assert start(settings, db, SystemClock()) is None
    _raise_from(seen)
    assert chosen == ["410100"]


def test_every_page_fits_a_1280x800_desk(qtbot, fresh_machine: Path) -> None:  # noqa: ANN001
    db = open_database(f"sqlite:///{fresh_machine / 'fit.sqlite3'}")
    try:
        wiz = SetupWizard(ConsoleSettings(), db=db, clock=SystemClock())
        qtbot.addWidget(wiz)
        wiz.show()
        assert wiz.width() <= 1280 and wiz.height() <= 800
        for key, page in wiz.pages.items():
            page.initializePage()
            need = wiz.minimumSizeHint()
            assert need.width() <= 1240 and need.height() <= 740, (key, need)
        wiz.close()
    finally:
        db.close()


def test_a_database_with_data_but_no_jurisdiction_asks_for_it(qtbot, fresh_machine: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    from console.app import Console

    url = f"sqlite:///{fresh_machine / 'old.sqlite3'}"
    db = open_database(url)
    Console(db, SystemClock()).incidents.open(ROOT / "plans" / "food-municipal.yaml", title="某小学午餐后多名学生腹痛",
                                              actor="值班员", role="duty_officer", facts={"cases": 8})
    seen: list[Any] = []
    told: list[str] = []

    def pick(wiz: SetupWizard) -> None:
        assert list(wiz.pages) == ["jurisdiction"]
        page = wiz.currentPage()
        page.search.setText("濮阳")
        page.list.setCurrentRow(0)
        assert page.code == "410900"
        wiz.button(QWizard.WizardButton.FinishButton).click()

    def read(box: QMessageBox) -> None:
        told.append(box.text())
        _when_shown(SetupWizard, pick, seen)
        box.accept()

    _when_shown(QMessageBox, read, seen)
    started = start(ConsoleSettings(), db, SystemClock())
    _raise_from(seen)
    try:
        assert told and "还没有设置辖区" in told[0]
        assert started is not None and not started.assisted
        assert started.console.jurisdiction == "410900" and started.console.site.get() is not None
    finally:
        db.close()
