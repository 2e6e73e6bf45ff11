"""The database file goes away under a running window (a share unmounted, a disk pulled): a banner
says since when the view may be stale, nothing is thrown, what was typed stays, and the window
recovers by itself when the file is back."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtGui import QAction  # noqa: E402

from console.store.db import DatabaseError  # noqa: E402
from ui.widgets.outage import install_error_hook  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def away(demo_db):
    """Take the database file away (and back): the engine's pooled connections are dropped, so the
    next read opens the path again and finds no console database there."""
    path = demo_db.engine.url.database
    moved = path + ".away"

    class Away:
        def __enter__(self):  # noqa: ANN204
            demo_db.engine.dispose()
            os.rename(path, moved)
            return self

        def __exit__(self, *exc):  # noqa: ANN002, ANN204
            demo_db.engine.dispose()
            os.replace(moved, path)
            for extra in ("-wal", "-shm"):  # what SQLite made at the empty path meanwhile
                Path(path + extra).unlink(missing_ok=True)

    return Away()


def test_f5_during_an_outage_shows_the_banner_and_keeps_the_typed_input(make_window, demo_db, away):
    win = make_window(demo_db, map_enabled=False)
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "verifying")
    win.select(iid)
    win.detail.facts_form.set_text("cases", "33")  # typed, not saved
    with away:
        win.findChild(QAction, "actRefresh").trigger()  # F5: no exception escapes
        assert win.outage.active and not win.outage.bar.isHidden()
        text = win.outage.label.text()
        assert "数据库暂时无法访问" in text and "可能自 18:00 起已过时" in text
        assert win.detail.facts_form.fields["cases"].text() == "33"
        assert win.outage.probe() is False and win.outage.active  # still away: the banner stays
        assert win.tick_now() == 0 and win.outage.active  # the deadline timer does not throw either
    assert win.outage.probe() is True  # back: the probe hides the banner and reads everything again
    assert not win.outage.active and win.outage.bar.isHidden()
    assert win.detail.facts_form.fields["cases"].text() == "33"


def test_a_database_error_in_any_slot_goes_to_the_banner_not_to_stderr(make_window, demo_db, capsys):
    win = make_window(demo_db, map_enabled=False)
    restore = install_error_hook(win.outage)
    try:
        try:
            raise DatabaseError("数据库 x 出错：连接已断开")
        except DatabaseError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        restore()
    assert win.outage.active and "连接已断开" in win.outage.label.text()
    assert "Traceback" not in capsys.readouterr().err
