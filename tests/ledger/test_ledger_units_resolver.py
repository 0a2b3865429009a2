"""Unit names as written + the notice's region → one unit (issue 5's examples)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.ledger.models import Unit, UnitKind
from envplan.ledger.regions import find_region
from envplan.ledger.units import resolve_unit


@pytest.mark.parametrize(
    ("written", "region", "name", "unit_region", "kind"),
    [
        ("市生态环境局", "吕梁市", "吕梁市生态环境局", "吕梁市", UnitKind.DEPARTMENT),
        ("市生态环境局新绛分局", "新绛县", "运城市生态环境局新绛分局", "运城市", UnitKind.BRANCH),
        ("县水利局", "新绛县", "新绛县水利局", "新绛县", UnitKind.DEPARTMENT),
        ("省生态环境厅", "山西省", "山西省生态环境厅", "山西省", UnitKind.DEPARTMENT),
        ("省生态环境厅", "吕梁市", "山西省生态环境厅", "山西省", UnitKind.DEPARTMENT),
        ("区生态环境分局", "晋城市城区", "晋城市城区生态环境分局", "城区", UnitKind.BRANCH),
        ("各县（市、区）人民政府", "吕梁市", "吕梁市各县（市、区）人民政府", "吕梁市", UnitKind.COLLECTIVE),
        ("相关镇", "新绛县", "新绛县相关镇", "新绛县", UnitKind.COLLECTIVE),
        ("吕梁市生态环境局", "吕梁市", "吕梁市生态环境局", "吕梁市", UnitKind.DEPARTMENT),
        ("新绛经济技术开发区管委会", "新绛县", "新绛经济技术开发区管委会", "新绛县", UnitKind.GOVERNMENT),
        ("市 生态环境局", "吕梁市", "吕梁市生态环境局", "吕梁市", UnitKind.DEPARTMENT),
        ("市场监管局", "兴县", "兴县市场监管局", "兴县", UnitKind.DEPARTMENT),
        ("市生态环境局", "孝义市", "孝义市生态环境局", "孝义市", UnitKind.DEPARTMENT),
        ("市生态环境局孝义分局", "孝义市", "吕梁市生态环境局孝义分局", "吕梁市", UnitKind.BRANCH),
    ],
)
def test_names_resolve_in_their_notices_region(
    session: Session, written: str, region: str, name: str, unit_region: str, kind: UnitKind
) -> None:
    unit = resolve_unit(session, written, find_region(session, region))
    assert unit.name == name
    assert unit.region is not None and unit.region.name == unit_region
    assert unit.kind == kind


def test_the_same_words_mean_different_units_in_different_regions(session: Session) -> None:
    luliang = resolve_unit(session, "市生态环境局", find_region(session, "吕梁市"))
    yuncheng = resolve_unit(session, "市生态环境局", find_region(session, "运城市"))
    assert (luliang.name, yuncheng.name) == ("吕梁市生态环境局", "运城市生态环境局")


def test_a_county_notice_reaches_its_city_and_aliases_are_reused(session: Session) -> None:
    xinjiang = find_region(session, "新绛县")
    city_bureau = resolve_unit(session, "市生态环境局", find_region(session, "运城市"))
    assert resolve_unit(session, "市生态环境局", xinjiang) is city_bureau
    again = resolve_unit(session, "市生态环境局", xinjiang)
    assert again is city_bureau
    assert session.scalar(select(func.count()).select_from(Unit)) == 1
    assert sorted((a.alias, a.region_id) for a in city_bureau.aliases) == sorted(
        [("市生态环境局", find_region(session, "运城市").id), ("市生态环境局", xinjiang.id)]
    )
