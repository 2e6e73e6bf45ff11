"""管理 → 辖区: the administrator sees the database's jurisdiction and changes it through the
assistant's jurisdiction page; the change is a logged ``site.jurisdiction_set``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard

from console.app import Console
from console.clock import SystemClock
from console.store.db import open_database
from tests.ui.setup.test_first_run import _raise_from, _when_shown
from ui.settings import ConsoleSettings
from ui.setup.jurisdiction_tab import JurisdictionTab

pytestmark = pytest.mark.gui


def test_the_tab_shows_and_changes_the_jurisdiction(qtbot: Any, tmp_path: Path) -> None:
    console = Console(open_database(f"sqlite:///{tmp_path / 'c.sqlite3'}"), SystemClock())
    try:
        tab = JurisdictionTab(console, "admin", ConsoleSettings(tmp_path / "console.ini"))
        qtbot.addWidget(tab)
        assert "尚未设置辖区" in tab.current.text()
        console.site.set_jurisdiction("410100", actor="admin", role="admin")
        tab.refresh()
        assert "河南省郑州市" in tab.current.text() and "410100" in tab.current.text()

        def pick(wiz: QWizard) -> None:
            page = wiz.currentPage()
            assert page.objectName() == "setupJurisdiction"
            page.search.setText("金水")
            page.choose("410105")
            wiz.button(QWizard.WizardButton.FinishButton).click()

        seen: list[Any] = []
        _when_shown(QWizard, pick, seen)
        assert tab.ask()
        _raise_from(seen)
        assert console.site.jurisdiction == "410105" and "金水区" in tab.current.text()
        changes = [e for e in console.log.read("site") if e.type == "site.jurisdiction_set"]
        assert [(e.payload["old"], e.payload["new"], e.actor) for e in changes] == [
            (None, "410100", "admin"), ("410100", "410105", "admin")]
        assert console.site.verify() == []
    finally:
        console.close()
