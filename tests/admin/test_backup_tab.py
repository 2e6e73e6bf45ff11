"""The 备份 tab: the administrator takes a backup from the window (the file dialog replaced by
``ask_path``), sees it listed from the chain, and a refusal shows in the tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.store.backup import EVENT, backup
from console.store.db import open_database
from console.store.verify import verify_chain


@pytest.fixture(autouse=True)
def _keep_registered_tabs() -> Iterator[None]:
    """install_tabs() registers for every later window: put the list back afterwards."""
    import ui.admin.window as admin_window_mod

    saved = list(admin_window_mod.ADMIN_TABS)
    yield
    admin_window_mod.ADMIN_TABS[:] = saved


def _tab(admin_window):  # type: ignore[no-untyped-def]
    from ui.admin.backup import BackupTab

    widget = admin_window.add_tab("backups", "备份", lambda ctx: BackupTab(ctx.console, ctx.username))
    assert isinstance(widget, BackupTab)
    return widget


def test_the_window_registers_the_backups_tab(qtbot, centre) -> None:  # noqa: ANN001
    from ui.admin.backup import BackupTab
    from ui.admin.tabs import install_tabs
    from ui.admin.window import AdminWindow, make_context

    install_tabs()
    w = AdminWindow(make_context(centre, "admin"))
    qtbot.addWidget(w)
    assert "backups" in w.keys and isinstance(w.tab("backups"), BackupTab)


def test_take_a_backup_from_the_tab_and_see_it_listed(admin_window, centre, tmp_path: Path) -> None:  # noqa: ANN001
    earlier = backup(centre.db, tmp_path / "earlier.sqlite3", actor="admin", role="admin", clock=centre.clock)
    tab = _tab(admin_window)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 2).text() == earlier.path
    target = tmp_path / "now.sqlite3"
    tab.ask_path = lambda: str(target)
    head = centre.log.head()
    tab.take_button.click()
    assert target.exists()
    assert "已写入备份" in tab.status.text() and f"seq={head[0]}" in tab.status.text()
    assert tab.table.rowCount() == 2
    assert [tab.table.item(0, c).text() for c in (1, 2)] == ["admin", str(target)]
    assert tab.table.item(0, 4).text().startswith(f"{head[0]}:{head[1][:12]}")
    (last,) = list(centre.log.read(after_seq=head[0]))
    assert (last.type, last.actor) == (EVENT, "admin")
    copy = open_database(f"sqlite:///{target}", upgrade=False)
    try:
        assert (verify_chain(copy).head_seq, verify_chain(copy).head_hash) == head
    finally:
        copy.close()


def test_a_refusal_shows_in_the_tab(admin_window, centre, tmp_path: Path) -> None:  # noqa: ANN001
    tab = _tab(admin_window)
    head = centre.log.head()
    tab.ask_path = lambda: str(tmp_path / "missing" / "b.sqlite3")
    tab.take_button.click()
    assert tab.status.text().startswith("备份未完成：") and "不存在" in tab.status.text()
    assert tab.table.rowCount() == 0 and centre.log.head() == head
    tab.ask_path = lambda: None  # cancelled: nothing happens
    tab.take_button.click()
    assert centre.log.head() == head
