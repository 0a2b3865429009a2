"""Administrative regions (行政区划) and the units (单位) that work in them."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from envplan.ledger.models.base import Base
from envplan.ledger.models.enums import RegionLevel, UnitKind, enum_type


class Region(Base):
    """A division with its 6-digit code (GB/T 2260 / 民政部 区划代码); fictional ones are marked."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)  # 新绛县, 城区
    full_name: Mapped[str] = mapped_column(String(128), unique=True)  # 山西省运城市新绛县
    level: Mapped[RegionLevel] = mapped_column(enum_type(RegionLevel, 16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    fictional: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[Region | None] = relationship(remote_side=[id])

    @property
    def unit_prefix(self) -> str:
        """How unit names start here: 吕梁市, 新绛县, and 晋城市城区 for a generic district name."""
        if self.name in GENERIC_DISTRICT_NAMES and self.parent is not None:
            return self.parent.name + self.name
        return self.name


GENERIC_DISTRICT_NAMES = frozenset({"城区", "郊区", "矿区"})


class Unit(Base):
    """A department, government, enterprise or other body that can be assigned a task."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)  # canonical: 吕梁市生态环境局
    kind: Mapped[UnitKind] = mapped_column(enum_type(UnitKind, 16), default=UnitKind.OTHER)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)

    region: Mapped[Region | None] = relationship()
    aliases: Mapped[list[UnitAlias]] = relationship(back_populates="unit", cascade="all, delete-orphan")


class UnitAlias(Base):
    """A name as written in a notice of ``region`` (「市生态环境局」) that means ``unit``."""

    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("alias", "region_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(128))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")
