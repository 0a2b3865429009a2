"""Administrative level of the region that issues a notice (province / city / county / district).

The suffix of the region decides in most cases (省 → province, 市 → city, 县/旗 → county,
区 → district). A **county-level city** (县级市: 孝义市, 介休市, 永济市…) also ends in 市 but is a
county-level government under a prefecture city; it gets ``county`` when any of these holds:

1. it is one of Shanxi's county-level cities (:data:`SHANXI_COUNTY_LEVEL_CITIES`, the list of the
   province's administrative divisions; other provinces' notices rely on rules 2 and 3);
2. the cover letter writes to towns and streets (各乡（镇）人民政府, 各镇, 各街道办事处) and not to
   counties (各县（市、区）) — a prefecture city writes to its counties, a county-level one to its towns;
3. a plan of the notice follows the plan of another city (《运城市…行动计划》 cited by 永济市):
   a prefecture city cites its province's plans, a county-level city its prefecture's.

The 文号 prefix (孝政办发) alone is not used: one-character abbreviations are shared by several
places (永 — 永济, 永和), so it cannot tell the level without a national table.
"""

from __future__ import annotations

import re

from envplan.documents.model import Level

SHANXI_COUNTY_LEVEL_CITIES = frozenset(
    {"古交市", "高平市", "怀仁市", "介休市", "永济市", "河津市"}
    | {"原平市", "侯马市", "霍州市", "孝义市", "汾阳市"}
)
_LEVEL_SUFFIX = (
    ("省", Level.PROVINCE),
    ("自治区", Level.PROVINCE),
    ("市", Level.CITY),
    ("县", Level.COUNTY),
    ("旗", Level.COUNTY),
    ("区", Level.DISTRICT),
)
_TOWN_ADDRESSEES = re.compile(
    r"各(?:乡|镇|乡镇|乡[（(]镇[）)]|镇[（(]街道[）)]|街道)|街道办事处|[乡镇]人民政府"
)
_COUNTY_ADDRESSEES = re.compile(r"各县|县[（(]市[、，,]?区[）)]|各区县|各市县")
_CITY_IN_TITLE = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}省)?(?P<city>[\u4e00-\u9fff]{2,4}?市)")


def level_by_suffix(region: str) -> Level | None:
    """Level from the region's last word alone (see the module rule)."""
    for suffix, level in _LEVEL_SUFFIX:
        if region.endswith(suffix):
            return level
    return None


def is_county_level_city(region: str, cover_text: str) -> bool:
    """Rules 1 and 2 of the module docstring: the list, or a cover letter written to towns."""
    if not region.endswith("市"):
        return False
    if region in SHANXI_COUNTY_LEVEL_CITIES:
        return True
    return bool(_TOWN_ADDRESSEES.search(cover_text)) and not _COUNTY_ADDRESSEES.search(cover_text)


def follows_another_city(region: str, parent_plans: list[str]) -> bool:
    """Rule 3: a cited plan belongs to another city (运城市… cited by 永济市)."""
    for title in parent_plans:
        match = _CITY_IN_TITLE.match(title)
        if match and match.group("city") != region and not region.startswith(match.group("city")):
            return True
    return False
