"""The site record: which jurisdiction (辖区) this database serves, set once at first run.

The jurisdiction is kept with the database, not in a settings file: every console, the
command line and the window on the same database agree on it (the map, the bounds checks of
incidents and depots, the plans offered first). It is one row of the ``site`` table, written
with an event of the centre's ``site`` stream (``site.jurisdiction_set``: the old and the new
code, who set it) in the same transaction; :meth:`SiteSettings.verify` replays the stream and
names a row that differs.

Only a code of the offline division data (:mod:`console.geo.divisions`) is accepted, so the
map can always draw the jurisdiction. On a database with accounts only an administrator sets
it; before the first account (the first-run assistant, a script) anyone may.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DBAPIError

from console.auth.models import users_table
from console.clock import Clock, SystemClock
from console.errors import Refused
from console.site.models import site_table
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent
from console.store.verify import record_problems

if TYPE_CHECKING:
    from console.geo.divisions import Division

STREAM = "site"
SET = "site.jurisdiction_set"
ROW_ID = 1
ATTEMPTS = 20
SYSTEM_ACTOR = "（首次设置）"
ADMIN = "admin"
S = site_table.c
LABELS = {"jurisdiction": "辖区代码", "name": "辖区名称", "full_name": "辖区全称", "level": "级别",
          "set_us": "设置时间", "set_by": "设置人", "event_version": "事件版本"}


class SiteError(Refused):
    """A site setting refused; nothing was written. The reason says why."""


@dataclass(frozen=True)
class Site:
    """The centre this database serves."""

    jurisdiction: str  # 行政区划代码, e.g. 410100
    name: str  # 郑州市
    level: str  # 省 / 市 / 县
    set_at: datetime
    set_by: str
    full_name: str = ""  # 河南省郑州市

    @property
    def title(self) -> str:
        """「郑州市（410100）」."""
        return f"{self.name}（{self.jurisdiction}）"


def _site(r: Any) -> Site:
    return Site(jurisdiction=r.jurisdiction, name=r.name, level=r.level, set_at=from_us(r.set_us),
                set_by=r.set_by, full_name=r.full_name)


def _record(r: Any) -> dict[str, Any]:
    return {c.name: getattr(r, c.name) for c in site_table.columns if c.name != "id"}


def checked_division(code: str) -> Division:
    """The division for ``code``; refused with a Chinese reason when the offline data has none."""
    from console.geo.divisions import division  # the boundary index: read only when a code is set

    text = (code or "").strip()
    if not text:
        raise SiteError("请选择辖区：行政区划代码不能为空")
    if not (len(text) == 6 and text.isdigit()):
        raise SiteError(f"行政区划代码「{text}」无效：应为 6 位数字，如 410100（郑州市）")
    found = division(text)
    if found is None:
        raise SiteError(f"行政区划代码「{text}」不在离线行政区划数据中：请从行政区划列表中选择"
                        "（可按名称或代码搜索，如 python -m console site divisions 郑州）")
    return found


class SiteSettings:
    """Reads and sets the site record of one database."""

    def __init__(self, db: Database, clock: Clock | None = None, log: EventLog | None = None, *,
                 mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self.mode = mode

    # -- reading -----------------------------------------------------------------
    def get(self) -> Site | None:
        """The site record, or None when no jurisdiction was set (or the schema has no site table)."""
        try:
            with self.db.reading() as conn:
                r = conn.execute(select(site_table).where(S.id == ROW_ID)).first()
        except DBAPIError:  # a database opened without migrating (an older schema): nothing set
            return None
        return _site(r) if r is not None else None

    def first_run(self) -> bool:
        """A database nobody has started to use: no account and no incident yet (its jurisdiction
        may already be set — a first-run assistant that was cancelled after that page resumes)."""
        from console.store.models import incidents_table

        with self.db.reading() as conn:
            users = conn.execute(select(users_table.c.username).limit(1)).first()
            incidents = conn.execute(select(incidents_table.c.id).limit(1)).first()
        return users is None and incidents is None

    @property
    def jurisdiction(self) -> str | None:
        s = self.get()
        return s.jurisdiction if s is not None else None

    # -- writing -----------------------------------------------------------------
    def check_admin(self, actor: str, role: str) -> None:
        """On a database with accounts only an administrator (the account holding 系统管理员, acting
        as it) sets the jurisdiction."""
        with self.db.reading() as conn:
            has_users = conn.execute(select(users_table.c.username).limit(1)).first() is not None
        if not has_users:
            return
        if role != ADMIN:
            raise SiteError("只有系统管理员可以设置辖区：请以管理员身份登录后再设置")
        from console.auth.accounts import AccountService

        user = AccountService(self.db, self.clock).get(actor)
        if user is None or not user.active or ADMIN not in user.roles:
            raise SiteError(f"「{actor}」不是系统管理员账号：只有系统管理员可以设置辖区")

    def set_jurisdiction(self, code: str, *, actor: str, role: str) -> Site:
        """Set (or change) the jurisdiction; returns the new record. Setting the same code again
        writes nothing."""
        d = checked_division(code)
        actor = (actor or "").strip() or SYSTEM_ACTOR
        self.check_admin(actor, role)
        current = self.get()
        if current is not None and current.jurisdiction == d.code:
            return current
        now = self.clock.now()
        values = {"jurisdiction": d.code, "name": d.name, "full_name": d.full_name, "level": d.level,
                  "set_us": to_us(now), "set_by": actor}
        for _ in range(ATTEMPTS):
            version = self.log.stream_version(STREAM)
            old = self.get()
            record = {**values, "event_version": version + 1}
            payload = {"old": old.jurisdiction if old is not None else None, "new": d.code,
                       "old_name": old.name if old is not None else None, "new_name": d.name,
                       "record": record}
            event = NewEvent(SET, now, actor, role or ADMIN, payload, self.mode)
            try:
                self.log.append(STREAM, version, [event], in_transaction=self._writer(record))
            except StaleAppend:
                continue
            return Site(d.code, d.name, d.level, from_us(values["set_us"]), actor, d.full_name)
        raise SiteError("辖区设置正被其他指挥台修改，本次设置未保存，请稍后重试")

    @staticmethod
    def _writer(record: dict[str, Any]) -> Callable[[Connection, list[StoredEvent]], None]:
        def write(conn: Connection, _evs: list[StoredEvent]) -> None:
            if conn.execute(update(site_table).where(S.id == ROW_ID).values(**record)).rowcount != 1:
                conn.execute(insert(site_table).values(id=ROW_ID, **record))
        return write

    # -- checking against the chain -----------------------------------------------
    def verify(self) -> list[str]:
        """The site row against the ``site`` stream (empty: they agree)."""
        logged: dict[str, dict[str, Any]] = {}
        seqs: dict[str, int] = {}
        for ev in self.log.read(STREAM):
            if ev.type == SET:
                logged = {"辖区": ev.payload["record"]}
                seqs = {"辖区": ev.seq}
        with self.db.reading() as conn:
            rows = {("辖区" if r.id == ROW_ID else f"辖区（第 {r.id} 行）"): _record(r)
                    for r in conn.execute(select(site_table))}
        return record_problems("辖区设置", logged, seqs, rows, LABELS)
