"""Unit names as written in a notice → one unit of the ledger (created when new).

A notice writes units relative to its issuer: 「市生态环境局」 in a 吕梁 notice is 吕梁市生态环境局;
「县水利局」 in a 新绛 notice is 新绛县水利局; 「市生态环境局新绛分局」 in a 新绛 notice is the 运城
city bureau's branch (运城市生态环境局新绛分局, region 运城市); 「省生态环境厅」 is 山西省生态环境厅.
In a county-level city's notice (孝义市) 「市生态环境局」 is the county-level city's own bureau,
except a branch named after it (「市生态环境局孝义分局」 → 吕梁市生态环境局孝义分局).
Collective names (各县（市、区）人民政府, 相关镇) become one collective unit per region. Every name as
written is kept as an alias for the notice's region, so the next notice resolves it directly.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.models import Region, RegionLevel, Unit, UnitAlias, UnitKind
from envplan.ledger.regions import city_of, province_of

COLLECTIVE_STARTS = ("各", "相关", "有关")
KIND_SUFFIXES: tuple[tuple[str, UnitKind], ...] = (
    ("分局", UnitKind.BRANCH),
    ("人民政府", UnitKind.GOVERNMENT),
    ("政府", UnitKind.GOVERNMENT),
    ("管委会", UnitKind.GOVERNMENT),
    ("办事处", UnitKind.GOVERNMENT),
    ("公司", UnitKind.ENTERPRISE),
    ("集团", UnitKind.ENTERPRISE),
    ("厂", UnitKind.ENTERPRISE),
    ("局", UnitKind.DEPARTMENT),
    ("厅", UnitKind.DEPARTMENT),
    ("委", UnitKind.DEPARTMENT),
    ("办", UnitKind.DEPARTMENT),
    ("中心", UnitKind.DEPARTMENT),
    ("委员会", UnitKind.DEPARTMENT),
)


def clean_unit_name(name: str) -> str:
    """The name without spaces (PDF text often splits names)."""
    return "".join(name.split())


def unit_kind(name: str) -> UnitKind:
    """The kind a name suggests (collective, branch, government, enterprise, department, other)."""
    if name.startswith(COLLECTIVE_STARTS) or "各" in name[:4]:
        return UnitKind.COLLECTIVE
    for suffix, kind in KIND_SUFFIXES:
        if name.endswith(suffix):
            return kind
    return UnitKind.OTHER


def _short(region: Region) -> str:
    """新绛县 → 新绛, 吕梁市 → 吕梁 (names of one character plus suffix keep the suffix: 兴县)."""
    name = region.unit_prefix
    return name[:-1] if len(name) > 2 and name[-1] in "省市县区" else name


def _ancestors(region: Region) -> list[Region]:
    chain: list[Region] = []
    current: Region | None = region
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def _county_level_city(region: Region) -> bool:
    """A county-level city (孝义市, 汾阳市): in its notices 「市…」 means the city itself."""
    return region.level == RegionLevel.COUNTY and region.name.endswith("市")


def canonical_unit(name: str, region: Region) -> tuple[str, Region]:
    """The canonical name of ``name`` as written in a notice of ``region``, and the unit's region."""
    name = clean_unit_name(name)
    for candidate in _ancestors(region):
        if name.startswith(candidate.unit_prefix) or name.startswith(_short(candidate)):
            return name, candidate
    if name.startswith("省"):
        province = province_of(region)
        return province.unit_prefix + name[1:], province
    if name.startswith("市") and not name.startswith("市场"):
        if _county_level_city(region) and f"{_short(region)}分局" not in name:
            return region.unit_prefix + name[1:], region  # 孝义市's own 市生态环境局
        city = city_of(region) or region
        return city.unit_prefix + name[1:], city
    if name.startswith("县") and region.level == RegionLevel.COUNTY:
        return region.unit_prefix + name[1:], region
    if name.startswith("区") and region.level == RegionLevel.DISTRICT:
        return region.unit_prefix + name[1:], region
    return region.unit_prefix + name, region


def resolve_unit(session: Session, name: str, region: Region) -> Unit:
    """The unit meant by ``name`` in a notice of ``region``; created (with its alias) when new."""
    written = clean_unit_name(name)
    alias = session.scalar(
        select(UnitAlias).where(UnitAlias.alias == written, UnitAlias.region_id == region.id)
    )
    if alias is not None:
        return alias.unit
    canonical, unit_region = canonical_unit(written, region)
    unit = session.scalar(select(Unit).where(Unit.name == canonical))
    if unit is None:
        unit = Unit(name=canonical, kind=unit_kind(written), region=unit_region)
        session.add(unit)
    session.add(UnitAlias(alias=written, region_id=region.id, unit=unit))
    session.flush()
    return unit


def find_unit(session: Session, name: str) -> Unit | None:
    """The unit with this canonical name, or the only unit with this alias."""
    name = clean_unit_name(name)
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is not None:
        return unit
    units = list(session.scalars(select(Unit).join(UnitAlias).where(UnitAlias.alias == name).distinct()))
    return units[0] if len(units) == 1 else None
