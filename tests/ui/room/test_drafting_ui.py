"""Another seat's report draft is visible (SQLite file and PostgreSQL, two consoles): the reports
panel of the incident says 「王五正在起草续报（09:32 保存）」 once the other seat's events arrive,
and the room's 在席 tab lists it; this seat's own draft is not announced to itself."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.app import Console
from console.store.db import open_database
from tests.records_fixtures import *  # noqa: F401,F403
from ui.bus import bus_for
from ui.reports import ReportsPanel
from ui.room import RoomPanel

pytestmark = pytest.mark.gui


def test_the_reports_panel_and_the_room_show_another_seats_draft(qtbot, console, db_url, clock, incident) -> None:  # noqa: ANN001
    db2 = open_database(db_url)
    other = Console(db2, clock)
    try:
        p = ReportsPanel(console, actor="值班员甲", role="duty_officer")
        room = RoomPanel(console, actor="值班员甲", role="duty_officer")
        qtbot.addWidget(p)
        qtbot.addWidget(room)
        p.set_incident(incident)
        assert p.drafting_label.isHidden()
        after = console.log.head()[0]
        rec = other.reports.draft(incident, "progress", actor="王五", role="duty_officer")
        clock.advance(timedelta(minutes=2))
        other.reports.save(rec.id, {"cases": 50}, actor="王五", role="duty_officer")
        bus_for(console).remote(list(other.log.read(after_seq=after)))  # what live sync does
        bus_for(console).flush()
        qtbot.waitUntil(lambda: not p.drafting_label.isHidden(), timeout=3000)
        assert p.drafting_label.text() == "王五正在起草续报（09:32 保存）"
        room.refresh()
        assert "王五正在起草续报（09:32 保存）" in room.drafting_label.text()
        p.new_draft()  # this seat's own draft of another kind is not news to itself
        assert p.drafting_label.text() == "王五正在起草续报（09:32 保存）"
    finally:
        db2.close()


def test_the_login_dialog_names_the_database_readably() -> None:
    from ui.auth.login import readable_database

    assert readable_database("postgresql+psycopg://root:secret@127.0.0.1:5432/test?options=-csearch_path%3Dx") \
        == "PostgreSQL 127.0.0.1:5432/test（登录名 root）"
    assert readable_database("Database('postgresql+psycopg://zhang@10.0.0.5/fds')") == \
        "PostgreSQL 10.0.0.5/fds（登录名 zhang）"
    assert readable_database("sqlite:////srv/fds/console.sqlite3") == "/srv/fds/console.sqlite3"
    assert readable_database("l.sqlite3") == "l.sqlite3"
    assert "secret" not in readable_database("postgresql://u:secret@h/d")
