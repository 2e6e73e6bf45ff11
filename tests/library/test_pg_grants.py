"""On a shared PostgreSQL database with a login per account (``db grant``): the administrator's
login adds and retires plans (its events stamped with its login), nobody's login deletes a
library row, and the console refuses a duty officer before the server is asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from console.app import Console
from console.clock import ManualClock
from console.library.library import LibraryRefused
from console.store.db import Database, DatabaseDenied, open_database
from console.store.models import events_table
from tests.library.conftest import COUNTY, MUNICIPAL
from tests.records_fixtures import T0
from tests.store.test_pgroles import Server, as_writer, server  # noqa: F401  (the real server's logins)

pytestmark = pytest.mark.postgres


@pytest.fixture
def as_admin(server: Server) -> Iterator[Database]:  # noqa: F811
    db = open_database(server.url(server.admin))
    yield db
    db.close()


def test_the_administrators_login_keeps_the_library(server: Server, as_admin: Database,  # noqa: F811
                                                    as_writer: Database) -> None:  # noqa: F811
    console = Console(as_admin, ManualClock(T0))
    e = console.library.add_file(MUNICIPAL, actor=server.admin, role="admin")
    console.library.retire(e.content_hash, reason="测试停用", actor=server.admin, role="admin")
    with server.owner.reading() as conn:
        users = set(conn.execute(select(events_table.c.db_user).where(events_table.c.stream == "library")).scalars())
    assert users == {server.admin}
    assert Console(server.owner, ManualClock(T0)).library.verify() == []
    # a duty officer's console: refused by the library, nothing sent to the server
    writer = Console(as_writer, ManualClock(T0))
    with pytest.raises(LibraryRefused, match="只有管理员"):
        writer.library.add_file(COUNTY, actor=server.writer, role="duty_officer")
    # and no console login may delete a row of the library
    for db in (as_writer, as_admin):
        with pytest.raises(DatabaseDenied, match="plan_library"), db.connect() as conn:
            conn.execute(text("DELETE FROM plan_library"))
    assert len(console.library.entries(include_retired=True)) == 1
