"""Two consoles (two Console objects, two connections) on one real database: SQLite file and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console.app import Console
from console.store.db import open_database
from tests.records_fixtures import *  # noqa: F401,F403
from tests.records_fixtures import MUNICIPAL


@pytest.fixture
def other(db_url, clock) -> Iterator[Console]:  # noqa: ANN001
    """A second console on the same database (its own engine), sharing the test's clock."""
    db2 = open_database(db_url)
    yield Console(db2, clock)
    db2.close()


def open_new(console: Console, title: str = "某超市冷冻水饺疑似致病") -> str:
    """A new 接报 still in the plan's first state."""
    return console.incidents.open(MUNICIPAL, title=title, actor="值班员甲", role="duty_officer",
                                  facts={"cases": 3}, place="华龙区").incident_id
