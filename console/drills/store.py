"""The drill's own database: hard isolation from real incidents, stock and statistics.

Every drill runs in a database of its own — by default a new SQLite file under the user's data
directory (``…/drills/``), or a PostgreSQL URL whose ``search_path`` names a schema made for it.
It is migrated like any console database and seeded with a copy of the *reference* data of
the real database (plans, depots and stock, experts …). Tables are copied generically by
reflection, so reference tables added later by other features are copied too; tables holding
incident records (events, incidents, reports, consultations, duty log, requests) never are.
Nothing is ever written back to the real database.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import platformdirs
from sqlalchemy import MetaData, insert, inspect, select

from console.clock import CHINA_TZ
from console.store.db import APP_NAME, Database, normalise_url, open_database

# Incident records and the log's own bookkeeping: never copied into a drill.
NOT_REFERENCE = frozenset({
    "alembic_version", "events", "chain_head", "snapshots", "incidents",
    "reports", "consultations", "consultation_invites", "consultation_opinions", "duty_log",
    "reserve_requests", "room_seats", "room_instructions", "room_receipts", "room_assignments", "room_alarm_acks",
    "improvement_items", "drill_plan_entries",  # the real register and annual plan: never in a drill
})
COPY_CHUNK = 5000


def drills_dir() -> Path:
    d = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "drills"
    d.mkdir(parents=True, exist_ok=True)
    return d


def new_drill_path(scenario_id: str, at: datetime, directory: Path | None = None) -> Path:
    stamp = at.astimezone(CHINA_TZ).strftime("%Y%m%d-%H%M%S")
    base = (directory or drills_dir()) / f"{re.sub(r'[^A-Za-z0-9_-]', '_', scenario_id)}-{stamp}"
    path = base.with_suffix(".sqlite3")
    n = 1
    while path.exists():
        n += 1
        path = Path(f"{base}-{n}.sqlite3")
    return path


def create_drill_database(url_or_path: str | Path, reference: Database | None = None) -> Database:
    """Create (migrate) the drill database and copy the reference data into it."""
    url = str(url_or_path)
    if "://" not in url:
        p = Path(url)
        if p.exists():
            raise FileExistsError(f"演练数据库 {p} 已存在，请换一个文件名（每次演练使用新的数据库）")
        url = f"sqlite:///{p.resolve()}"
    if reference is not None and reference.url == normalise_url(url):
        raise ValueError("演练数据库不能与实战数据库相同")
    drill = open_database(url)
    try:
        if reference is not None:
            copy_reference_data(reference, drill)
    except Exception:
        drill.close()
        raise
    return drill


def copy_reference_data(source: Database, target: Database) -> dict[str, int]:
    """Copy whole reference tables (those present in both, minus incident records); returns row counts."""
    src_tables = set(inspect(source.engine).get_table_names())
    meta = MetaData()
    meta.reflect(bind=target.engine)
    src_meta = MetaData()
    counts: dict[str, int] = {}
    with source.reading() as rconn, target.connect() as wconn:
        for table in meta.sorted_tables:  # parents before children (foreign keys)
            name = table.name
            if name in NOT_REFERENCE or name not in src_tables:
                continue
            src = src_meta.tables.get(name)
            if src is None:
                src_meta.reflect(bind=rconn, only=[name])
                src = src_meta.tables[name]
            cols = [c.name for c in table.columns if c.name in src.columns]
            if wconn.execute(select(table).limit(1)).first() is not None:
                continue  # already seeded (e.g. plans written by a migration)
            n = 0
            result = rconn.execute(select(*[src.c[c] for c in cols]))
            while rows := result.fetchmany(COPY_CHUNK):
                wconn.execute(insert(table), [dict(zip(cols, r, strict=True)) for r in rows])
                n += len(rows)
            counts[name] = n
    return counts
