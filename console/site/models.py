"""The site table (created by migration 0009_site): one row, the centre's jurisdiction.

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class SiteRow(Base):
    """The centre this database serves: its 辖区 (one row, ``id`` 1)."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    jurisdiction: Mapped[str] = mapped_column(String(12))  # 行政区划代码, e.g. 410100
    name: Mapped[str] = mapped_column(String(100))  # 郑州市
    full_name: Mapped[str] = mapped_column(String(200))  # 河南省郑州市
    level: Mapped[str] = mapped_column(String(10))  # 省 / 市 / 县
    set_us: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[str] = mapped_column(String(100))
    event_version: Mapped[int] = mapped_column(Integer)  # the ``site`` stream's event that wrote it


site_table = cast(Table, SiteRow.__table__)
