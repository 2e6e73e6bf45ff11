"""The administration window on a shared PostgreSQL database, where the administrator connects
with a login of their own (``db grant``): accounts created and locked in the window are what the
command line makes; the next ``db grant`` takes a locked account's server login away, and the
account itself cannot lift its lock behind the window's back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import text

from console.auth import LoginFailed
from console.store import EventLog, pgroles
from console.store.db import DatabaseDenied, open_database
from tests.admin.conftest import FAST, centre_console
from tests.store.conftest import PG_HOST, PG_PORT, pg_database, pg_url  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.gui]
PASSWORD = "admin-pw-123"


@pytest.fixture(scope="module")
def logins(pg_database: str) -> Iterator[dict[str, Any]]:  # noqa: F811
    suffix = uuid.uuid4().hex[:8]
    groups = pgroles.Groups(f"a{suffix}")
    names = {"admin": f"aadm_{suffix}", "li": f"ali_{suffix}", "new": f"anew_{suffix}"}
    owner = centre_console(pg_url(pg_database))
    try:
        acc = owner.accounts
        admin = acc.create(names["admin"], PASSWORD, role="admin", display_name="管理员", by=acc.get("admin"))
        acc.create(names["li"], PASSWORD, role="group_staff", display_name="李四", unit="现场核查组", by=admin)
        pgroles.grant(owner.db, groups)
        for key in ("admin", "li"):
            pgroles.set_password(owner.db, names[key], PASSWORD, groups)
        yield {"owner": owner, "groups": groups, "names": names,
               **{k: f"postgresql://{v}:{PASSWORD}@{PG_HOST}:{PG_PORT}/{pg_database}" for k, v in names.items()}}
    finally:
        owner.close()
        dsn = f"host={PG_HOST} port={PG_PORT} user=root dbname={pg_database}"
        with psycopg.connect(dsn, autocommit=True) as c:
            roles = [*names.values(), *groups.all]
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY(%s)", (roles,))
            existing = [r[0] for r in c.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (roles,))]
            if existing:
                idents = sql.SQL(", ").join(sql.Identifier(n) for n in existing)
                c.execute(sql.SQL("DROP OWNED BY {}").format(idents))
                c.execute(sql.SQL("DROP ROLE {}").format(idents))


def _can_login(owner: Any, name: str) -> bool:
    with owner.db.reading() as conn:
        return bool(conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar())


def test_the_window_under_the_administrators_own_login(qtbot, answer, logins) -> None:  # noqa: ANN001
    from console.app import Console
    from console.clock import ManualClock
    from tests.incidents.conftest import T0
    from ui.admin.window import AdminWindow, make_context

    names, owner = logins["names"], logins["owner"]
    console = Console(open_database(logins["admin"]), ManualClock(T0))
    li_db = open_database(logins["li"])
    try:
        console.accounts.hasher = FAST
        w = AdminWindow(make_context(console, names["admin"]))
        qtbot.addWidget(w)
        tab = w.accounts
        dlg = tab.new_account()
        dlg.username.setText(names["new"])
        dlg.display_name.setText("新同事")
        dlg.unit.setEditText("hazard")
        dlg.password.setText("new-pass-123")
        dlg.password2.setText("new-pass-123")
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert not dlg.isVisible(), dlg.error.text()
        assert "db grant" in tab.message.text()  # the server login is the database owner's step
        assert console.accounts.get(names["new"]).unit == "危害控制组"
        tab.select(names["li"])
        dlg = tab.lock_selected()
        dlg.reason.setText("调离岗位")
        answer(True)
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert not dlg.isVisible(), dlg.error.text()
        with pytest.raises(LoginFailed, match="调离岗位"):
            console.accounts.login(names["li"], PASSWORD)
        # the locked account's own login cannot lift the lock in the table
        with pytest.raises(DatabaseDenied), li_db.connect() as conn:
            conn.execute(text("UPDATE users SET lock_reason = NULL WHERE username = :u"), {"u": names["li"]})
        # the server stamped the administrator's login on the window's events
        stamped = [(e.type, e.actor) for e in EventLog(owner.db).read("admin")][-3:]
        assert stamped == [("admin.user_created", names["admin"]), ("admin.key_registered", names["admin"]),
                           ("admin.user_locked", names["admin"])]
        report = pgroles.grant(owner.db, logins["groups"])
        assert names["li"] in report.disabled and names["new"] in report.created
        assert not _can_login(owner, names["li"]) and _can_login(owner, names["admin"])
        assert EventLog(owner.db).verify().ok
    finally:
        li_db.close()
        console.close()
