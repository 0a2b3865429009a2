"""Shanxi's administrative divisions the ledger knows from the start, and region look-up.

Codes are the 6-digit administrative division codes (民政部 县级以上行政区划代码, GB/T 2260 scheme):
the province, its 11 prefecture-level cities, and the county-level divisions of the seed notices
(吕梁市's 13, 运城市新绛县, 晋城市城区). The demo notices' city 青岚市 and county 清河县 are fictional
(codes in the unused 1499 slot) and marked so.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import NotFound
from envplan.ledger.models import Region, RegionLevel


@dataclass(frozen=True, slots=True)
class RegionSeed:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None
    fictional: bool = False


P, C, X, D = RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.DISTRICT
SHANXI = "140000"
FICTIONAL_MARK = "（虚构）"
FICTIONAL_DEMO_CITY_CODE = "149900"  # not real codes: the 99 city slot is unused in Shanxi
FICTIONAL_DEMO_COUNTY_CODE = "149921"
KNOWN_REGIONS_CACHE = "envplan.units.known_regions"  # session.info key: the regions units.py matches names on

REGION_SEEDS: tuple[RegionSeed, ...] = (
    RegionSeed(SHANXI, "山西省", P, None),
    RegionSeed("140100", "太原市", C, SHANXI),
    RegionSeed("140200", "大同市", C, SHANXI),
    RegionSeed("140300", "阳泉市", C, SHANXI),
    RegionSeed("140400", "长治市", C, SHANXI),
    RegionSeed("140500", "晋城市", C, SHANXI),
    RegionSeed("140600", "朔州市", C, SHANXI),
    RegionSeed("140700", "晋中市", C, SHANXI),
    RegionSeed("140800", "运城市", C, SHANXI),
    RegionSeed("140900", "忻州市", C, SHANXI),
    RegionSeed("141000", "临汾市", C, SHANXI),
    RegionSeed("141100", "吕梁市", C, SHANXI),
    RegionSeed("141102", "离石区", D, "141100"),
    RegionSeed("141121", "文水县", X, "141100"),
    RegionSeed("141122", "交城县", X, "141100"),
    RegionSeed("141123", "兴县", X, "141100"),
    RegionSeed("141124", "临县", X, "141100"),
    RegionSeed("141125", "柳林县", X, "141100"),
    RegionSeed("141126", "石楼县", X, "141100"),
    RegionSeed("141127", "岚县", X, "141100"),
    RegionSeed("141128", "方山县", X, "141100"),
    RegionSeed("141129", "中阳县", X, "141100"),
    RegionSeed("141130", "交口县", X, "141100"),
    RegionSeed("141181", "孝义市", X, "141100"),
    RegionSeed("141182", "汾阳市", X, "141100"),
    RegionSeed("140825", "新绛县", X, "140800"),
    RegionSeed("140502", "城区", D, "140500"),
    # The demo notices' places (src/envplan/demo): fictional, marked so in full_name.
    RegionSeed(FICTIONAL_DEMO_CITY_CODE, "青岚市", C, SHANXI, fictional=True),
    RegionSeed(FICTIONAL_DEMO_COUNTY_CODE, "清河县", X, FICTIONAL_DEMO_CITY_CODE, fictional=True),
)


def _full_name(seed: RegionSeed, by_code: dict[str, Region]) -> str:
    parent = by_code.get(seed.parent_code) if seed.parent_code else None
    base = parent.full_name.removesuffix(FICTIONAL_MARK) + seed.name if parent else seed.name
    return base + (FICTIONAL_MARK if seed.fictional else "")


def ensure_regions(session: Session, seeds: tuple[RegionSeed, ...] = REGION_SEEDS) -> dict[str, Region]:
    """Insert the seeded regions that are missing; return every region by code."""
    by_code = {r.code: r for r in session.scalars(select(Region))}
    for seed in seeds:
        if seed.code in by_code:
            continue
        parent = by_code.get(seed.parent_code) if seed.parent_code else None
        region = Region(
            code=seed.code,
            name=seed.name,
            full_name=_full_name(seed, by_code),
            level=seed.level,
            parent=parent,
            fictional=seed.fictional,
        )
        session.add(region)
        by_code[seed.code] = region
        session.info.pop(KNOWN_REGIONS_CACHE, None)  # units.known_regions reads them again
    session.flush()
    return by_code


def find_region(session: Session, name_or_code: str) -> Region:
    """The region with this code, full name, name, or unit prefix (晋城市城区); raises NotFound."""
    key = name_or_code.strip()
    regions = list(session.scalars(select(Region)))
    if not any(r.code == SHANXI for r in regions):
        ensure_regions(session)
        regions = list(session.scalars(select(Region)))
    for matches in (
        lambda r: r.code == key,
        lambda r: r.full_name == key,
        lambda r: r.unit_prefix == key,
        lambda r: r.name == key,
        lambda r: key.endswith(r.unit_prefix),
    ):
        found = [r for r in regions if matches(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = "、".join(sorted(r.full_name for r in found))
            raise NotFound(f"region {key!r} is ambiguous: {names}; give its code")
    raise NotFound(f"region {key!r} is not known; give its 6-digit code or add it")


def region_scope_ids(session: Session, region: Region) -> set[int]:
    """The ids of ``region`` and every region below it."""
    children: dict[int | None, list[int]] = {}
    for region_id, parent_id in session.execute(select(Region.id, Region.parent_id)):
        children.setdefault(parent_id, []).append(region_id)
    scope, stack = set(), [region.id]
    while stack:
        current = stack.pop()
        scope.add(current)
        stack.extend(children.get(current, []))
    return scope


def city_of(region: Region) -> Region | None:
    """The prefecture-level city a region lies in (itself for a city; None for the province)."""
    current: Region | None = region
    while current is not None and current.level not in (RegionLevel.CITY, RegionLevel.PROVINCE):
        current = current.parent
    return current if current is not None and current.level == RegionLevel.CITY else None


def province_of(region: Region) -> Region:
    """The province a region lies in."""
    current = region
    while current.parent is not None:
        current = current.parent
    return current
