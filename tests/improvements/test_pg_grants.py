"""On a shared PostgreSQL database with a login per account (``db grant``): a duty officer's
login keeps the register (its events stamped with its login) and no login deletes a row."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from console.clock import ManualClock
from console.improvements.register import ImprovementRegister
from console.store.db import Database, DatabaseDenied
from console.store.models import events_table
from tests.records_fixtures import T0
from tests.store.test_pgroles import Server, as_writer, server  # noqa: F401  (the real server's logins)

pytestmark = pytest.mark.postgres


def test_a_writers_login_keeps_the_register_and_cannot_delete(server: Server,  # noqa: F811
                                                               as_writer: Database) -> None:  # noqa: F811
    reg = ImprovementRegister(as_writer, ManualClock(T0))
    it = reg.add(issue="初报迟报", action="培训", owner="综合协调组", due="2027-01-01", actor=server.writer,
                 role="duty_officer")
    reg.set_status(it.number, "整改中", actor=server.writer, role="duty_officer")
    e = reg.add_plan_entry(year=2027, title="桌面推演", plan_id=_plan_id(server.owner), units=["综合协调组"],
                           planned="2027-05", form="桌面", content="单项", purpose="检验性", actor=server.writer,
                           role="duty_officer")
    reg.set_plan_status(e.number, "done", actor=server.writer, role="duty_officer")
    with server.owner.reading() as conn:
        users = set(conn.execute(select(events_table.c.db_user)
                                 .where(events_table.c.stream == "improvements")).scalars())
    assert users == {server.writer}
    assert ImprovementRegister(server.owner).verify() == []
    for table in ("improvement_items", "drill_plan_entries"):
        with pytest.raises(DatabaseDenied, match=table), as_writer.connect() as conn:
            conn.execute(text(f"DELETE FROM {table}"))


def _plan_id(db: Database) -> str:
    from console.library.library import PlanLibrary

    ids = [e.plan_id for e in PlanLibrary(db).entries(include_retired=True)]
    return ids[0] if ids else "any"
