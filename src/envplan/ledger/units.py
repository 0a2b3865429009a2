"""Unit names as written in a notice → one unit of the ledger (created when new).

A notice writes units relative to its issuer: 「市生态环境局」 in a 吕梁 notice is 吕梁市生态环境局;
「县水利局」 in a 新绛 notice is 新绛县水利局; 「市生态环境局新绛分局」 in a 新绛 notice is the 运城
city bureau's branch (运城市生态环境局新绛分局, region 运城市); 「省生态环境厅」 is 山西省生态环境厅.
In a county-level city's notice (孝义市) 「市生态环境局」 is the county-level city's own bureau,
except a branch named after it (「市生态环境局孝义分局」 → 吕梁市生态环境局孝义分局).
A name that starts with a known region's name is that region's unit, named as written: 「兴县人民政府」
in a 吕梁 notice is 兴县人民政府 (region 兴县), the unit 「县人民政府」 means in 兴县's own notice;
「孝义市人民政府」, 「离石区…」, and in a 晋城 notice 「城区人民政府」 → 晋城市城区人民政府 (a generic
district name takes its city's name). Short names (新绛, 吕梁) count for the notice's own region, the
regions above it and those below it; the longest match wins.
Collective names (各县（市、区）人民政府, 相关镇) become one collective unit per region. Every name as
written is kept as an alias for the notice's region; an alias that an earlier version of these rules
filed elsewhere (吕梁市兴县人民政府) is moved to the unit the rules give now, and the unit it pointed
to keeps what it has (see docs/ledger.md, Units and their aliases).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.models import Region, RegionLevel, Unit, UnitAlias, UnitKind
from envplan.ledger.models.geo import GENERIC_DISTRICT_NAMES
from envplan.ledger.regions import KNOWN_REGIONS_CACHE, city_of, province_of

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
    name = region.name
    return name[:-1] if len(name) > 2 and name[-1] in "省市县区" else name


def _ancestors(region: Region) -> list[Region]:
    chain: list[Region] = []
    current: Region | None = region
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def _prefixes(candidate: Region, notice_region: Region) -> list[str]:
    """How a notice of ``notice_region`` may start the names of ``candidate``'s units.

    Always the full prefix (兴县, 孝义市, 晋城市城区); the short name (新绛, 吕梁) when ``candidate``
    is the notice's region, above it or below it; a generic district's bare name (城区) only in a
    notice of its city or of a region inside it.
    """
    prefixes = [candidate.unit_prefix]
    chain = _ancestors(notice_region)
    related = candidate in chain or notice_region in _ancestors(candidate)
    if candidate.name in GENERIC_DISTRICT_NAMES:
        if candidate.parent is not None and candidate.parent in chain:
            prefixes.append(candidate.name)
    elif related:
        prefixes.append(_short(candidate))
    return prefixes


def _named_region(name: str, notice_region: Region, known: list[Region]) -> tuple[str, Region] | None:
    """The region whose name ``name`` starts with (longest match; None when none or a tie), and the
    matched prefix."""
    best: list[tuple[str, Region]] = []
    for candidate in [*_ancestors(notice_region), *known]:
        for prefix in _prefixes(candidate, notice_region):
            if not name.startswith(prefix) or (best and len(prefix) < len(best[0][0])):
                continue
            if best and len(prefix) > len(best[0][0]):
                best = []
            if all(region is not candidate for _, region in best):
                best.append((prefix, candidate))
    return best[0] if len(best) == 1 else None


def _county_level_city(region: Region) -> bool:
    """A county-level city (孝义市, 汾阳市): in its notices 「市…」 means the city itself."""
    return region.level == RegionLevel.COUNTY and region.name.endswith("市")


def canonical_unit(name: str, region: Region, known: list[Region] | None = None) -> tuple[str, Region]:
    """The canonical name of ``name`` as written in a notice of ``region``, and the unit's region.

    ``known``: every region of the ledger (:func:`known_regions`), so that names of regions below
    the notice's (兴县 in a 吕梁 notice) or beside it are found; without it only the notice's region
    and those above it are.
    """
    name = clean_unit_name(name)
    named = _named_region(name, region, known or [])
    if named is not None:
        prefix, unit_region = named
        if prefix == unit_region.name:  # 兴县…, and a bare generic district name: 城区… → 晋城市城区…
            return unit_region.unit_prefix + name[len(prefix) :], unit_region
        return name, unit_region  # as written: 晋城市城区…, 新绛经济技术开发区管委会
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


def known_regions(session: Session) -> list[Region]:
    """Every region of the ledger (a few hundred at most), read once per transaction of ``session``
    (:func:`~envplan.ledger.regions.ensure_regions` forgets them when it adds one)."""
    transaction = session.get_transaction()
    cached = session.info.get(KNOWN_REGIONS_CACHE)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return list(cached[1])
    regions = list(session.scalars(select(Region)))
    session.info[KNOWN_REGIONS_CACHE] = (session.get_transaction(), regions)
    return list(regions)


def resolve_unit(session: Session, name: str, region: Region) -> Unit:
    """The unit meant by ``name`` in a notice of ``region``; created (with its alias) when new.

    The alias of the name in this region is kept pointing at that unit: an alias left by an
    earlier rule (「兴县人民政府」 → 吕梁市兴县人民政府) is moved; the unit it pointed to is kept
    with its assignments, projects and users.
    """
    written = clean_unit_name(name)
    canonical, unit_region = canonical_unit(written, region, known_regions(session))
    alias = session.scalar(
        select(UnitAlias).where(UnitAlias.alias == written, UnitAlias.region_id == region.id)
    )
    if alias is not None and alias.unit.name == canonical:
        return alias.unit
    unit = session.scalar(select(Unit).where(Unit.name == canonical))
    if unit is None:
        unit = Unit(name=canonical, kind=unit_kind(written), region=unit_region)
        session.add(unit)
    if alias is None:
        session.add(UnitAlias(alias=written, region_id=region.id, unit=unit))
    else:
        alias.unit = unit
    session.flush()
    return unit


def find_unit(session: Session, name: str) -> Unit | None:
    """The unit with this canonical name, or the only unit this alias means under the rules
    (an alias left by older rules, 「兴县人民政府」 → 吕梁市兴县人民政府, is not followed)."""
    name = clean_unit_name(name)
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is not None:
        return unit
    known = {region.id: region for region in known_regions(session)}
    units = {
        alias.unit.id: alias.unit
        for alias in session.scalars(select(UnitAlias).where(UnitAlias.alias == name))
        if alias.region_id in known
        and alias.unit.name == canonical_unit(name, known[alias.region_id], list(known.values()))[0]
    }
    return next(iter(units.values())) if len(units) == 1 else None
