"""Tables of the reference data a centre owns (created by migration 0011_reference).

* ``reference_townships`` — 乡镇（街道）: name, county, optional 9/12-digit code, a point or an area.
* ``reference_entities`` — the register of regulated entities (监管对象), keyed by licence number.
* ``reference_specialty_synonyms`` — synonyms a centre adds to the shipped specialty vocabulary.

The depots' status (``reserve_depots.active``) and the per-depot minimums (``reserve_minimums``)
are the reserves' tables; their changes are events of the same ``reference`` stream.
Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Float, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class Township(Base):
    __tablename__ = "reference_townships"
    __table_args__ = (Index("ix_reference_townships_county", "county"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # the code, else county:name
    code: Mapped[str] = mapped_column(String(12), default="")
    name: Mapped[str] = mapped_column(String(50))
    county: Mapped[str] = mapped_column(String(6))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    area: Mapped[str] = mapped_column(Text, default="")  # a GeoJSON Polygon/MultiPolygon, canonical JSON
    updated_us: Mapped[int] = mapped_column(BigInteger)


class Entity(Base):
    __tablename__ = "reference_entities"
    __table_args__ = (Index("ix_reference_entities_category", "category"),)

    licence_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    category: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    county: Mapped[str] = mapped_column(String(6), default="")
    township: Mapped[str] = mapped_column(String(50), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    supervisor: Mapped[str] = mapped_column(String(100), default="")
    risk_grade: Mapped[str] = mapped_column(String(1), default="")
    updated_us: Mapped[int] = mapped_column(BigInteger)


class SpecialtySynonym(Base):
    __tablename__ = "reference_specialty_synonyms"

    synonym: Mapped[str] = mapped_column(String(50), primary_key=True)
    specialty: Mapped[str] = mapped_column(String(50))
    updated_us: Mapped[int] = mapped_column(BigInteger)


townships_table = cast(Table, Township.__table__)
entities_table = cast(Table, Entity.__table__)
synonyms_table = cast(Table, SpecialtySynonym.__table__)
