"""The room on a shared PostgreSQL database where every person connects with a login of their own
(``db grant``): the commander's login sends, a group member's login acknowledges and reports
back, an observer's login takes a seat but writes nothing else; the server stamps each room
event with the login that wrote it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import select, text

from console.app import Console
from console.auth.accounts import AccountService
from console.clock import ManualClock
from console.room.stream import STREAM, RoomRefused
from console.store import pgroles
from console.store.db import DatabaseDenied, open_database
from console.store.models import events_table
from tests.store.conftest import PG_HOST, PG_PORT, pg_database, pg_url  # noqa: F401

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PASSWORD = "room-pw-123"


@pytest.fixture(scope="module")
def logins(pg_database: str) -> Iterator[dict[str, str]]:  # noqa: F811
    suffix = uuid.uuid4().hex[:8]
    groups = pgroles.Groups(f"r{suffix}")
    names = {"admin": f"radm_{suffix}", "zhang": f"rzhang_{suffix}", "li": f"rli_{suffix}", "obs": f"robs_{suffix}"}
    owner = open_database(pg_url(pg_database))
    try:
        acc = AccountService(owner, ManualClock(T0))
        admin = acc.create(names["admin"], PASSWORD, role="admin", display_name="管理员", by=None)
        acc.create(names["zhang"], PASSWORD, role="commander", display_name="张指挥", by=admin)
        acc.create(names["li"], PASSWORD, role="group_staff", display_name="李四", unit="现场核查组", by=admin)
        acc.create(names["obs"], PASSWORD, role="observer", display_name="观察员", by=admin)
        pgroles.grant(owner, groups)
        for name in names.values():
            pgroles.set_password(owner, name, PASSWORD, groups)
        yield {k: f"postgresql://{v}:{PASSWORD}@{PG_HOST}:{PG_PORT}/{pg_database}" for k, v in names.items()} | {
            "owner": pg_url(pg_database), **{f"name:{k}": v for k, v in names.items()}}
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


def test_each_login_does_its_part_and_the_server_stamps_it(logins) -> None:  # noqa: ANN001
    zhang, li, obs = logins["name:zhang"], logins["name:li"], logins["name:obs"]
    clock = ManualClock(T0)
    dbs = [open_database(logins[k]) for k in ("zhang", "li", "obs", "owner")]
    try:
        cz, cl, co, owner = (Console(db, clock) for db in dbs)
        for c, who, role in ((cz, zhang, "commander"), (cl, li, "group_staff"), (co, obs, "observer")):
            c.room.presence.join(who, role).viewing("20261122-001")
        assert {s.username for s in owner.room.presence.seats()} == {zhang, li, obs}
        ins = cz.room.instructions.send("封存可疑食品", actor=zhang, role="commander", target_kind="unit",
                                        target="现场核查组")
        assert [r.username for r in ins.receipts] == [li]
        with pytest.raises(RoomRefused, match="观察员"):
            co.room.instructions.ack(ins.id, actor=obs, role="observer")
        with pytest.raises(DatabaseDenied), co.db.connect() as conn:  # nor behind the service's back
            conn.execute(text("UPDATE room_receipts SET acked_us = 1"))
        cl.room.instructions.feedback(ins.id, "已封存", actor=li, role="group_staff")
        assert owner.room.instructions.get(ins.id).fully_acked and owner.room.verify() == []
        with dbs[3].reading() as conn:
            stamped = conn.execute(select(events_table.c.type, events_table.c.db_user)
                                   .where(events_table.c.stream == STREAM).order_by(events_table.c.seq)).all()
        # each writer's seat joined in the chain, stamped with its login; the observer has its seat
        # (presence) but writes no event
        assert [tuple(r) for r in stamped] == [("room.seat_joined", zhang), ("room.seat_joined", li),
                                               ("room.instruction", zhang), ("room.instruction_feedback", li)]
    finally:
        for db in dbs:
            db.close()
