"""On PostgreSQL with one login per account (``db grant``): a duty officer's login writes the
reference tables and their events; an observer's login cannot."""

from __future__ import annotations

import pytest

from console.app import Console
from console.clock import ManualClock
from console.reserves.ledger import DepotInfo
from console.store.db import Database
from tests.reference.conftest import SAMPLES, T0
from tests.store.conftest import pg_database  # noqa: F401
from tests.store.test_pgroles import Server, as_observer, as_writer, server  # noqa: F401

pytestmark = pytest.mark.postgres


def test_a_writer_login_keeps_the_reference_data(server: Server, as_writer: Database) -> None:  # noqa: F811
    app = Console(as_writer, ManualClock(T0), jurisdiction="410100")
    r = app.reference.import_townships(SAMPLES / "townships.csv", actor=server.writer, role="duty_officer")
    assert r.added == 58
    app.reference.import_entities(SAMPLES / "entities.csv", actor=server.writer, role="duty_officer")
    app.ledger.add_depot(DepotInfo("ZZ-PG", "郑州市某库", "县级储备库", 34.775, 113.70))
    app.reference.set_depot_active("ZZ-PG", False, reason="测试", actor=server.writer, role="duty_officer")
    app.reference.add_synonym("食品卫生监督", "营养与食品卫生", actor=server.writer, role="duty_officer")
    assert server.count("reference_entities") == 50 and server.count("reference_specialty_synonyms") == 1
    assert app.reference.verify() == []


def test_an_observer_login_cannot_write_them(server: Server, as_observer: Database, tmp_path) -> None:  # noqa: F811, ANN001
    from console.errors import Refused
    from console.store.db import DatabaseError

    app = Console(as_observer, ManualClock(T0), jurisdiction="410100")
    f = tmp_path / "t.csv"
    f.write_text("乡镇名称,区县代码\n某新街道,410105\n", encoding="utf-8")
    before = server.count("reference_townships")
    with pytest.raises((Refused, DatabaseError)):
        app.reference.import_townships(f, actor=server.observer, role="duty_officer")
    assert server.count("reference_townships") == before
