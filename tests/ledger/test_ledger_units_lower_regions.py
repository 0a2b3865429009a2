"""A unit named after a region below (or beside) the notice's is that region's unit: 「兴县人民政府」
in a 吕梁 notice is 兴县人民政府 (region 兴县, 141123), the unit 兴县's own 「县人民政府」 means."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from conftest import PERSONA_PASSWORD, persona_password_hash
from envplan.documents import parse_file
from envplan.documents.model import (
    Document,
    Domain,
    Level,
    Milestone,
    MilestoneKind,
    ParsedNotice,
    Plan,
    Table,
    Task,
)
from envplan.ledger import units
from envplan.ledger.models import (
    Assignment,
    Project,
    ProjectUnit,
    RegionLevel,
    Unit,
    UnitAlias,
    UnitKind,
    User,
)
from envplan.ledger.regions import REGION_SEEDS, RegionSeed, ensure_regions, find_region, region_scope_ids
from envplan.ledger.services import import_diff
from envplan.ledger.services.importing import apply_import, import_notice, preview_import
from envplan.ledger.services.queries import LedgerQuery, list_ledger, my_tasks
from envplan.ledger.services.users import create_user
from envplan.ledger.services.workflow import start_assignment
from envplan.ledger.units import find_unit, resolve_unit
from support import seed_path

G, D, B, C = UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.BRANCH, UnitKind.COLLECTIVE


@pytest.mark.parametrize(
    ("written", "notice", "name", "unit_region", "kind"),
    [
        ("兴县人民政府", "吕梁市", "兴县人民政府", "141123", G),
        ("孝义市人民政府", "吕梁市", "孝义市人民政府", "141181", G),  # county-level city
        ("汾阳市人民政府", "吕梁市", "汾阳市人民政府", "141182", G),
        ("离石区人民政府", "吕梁市", "离石区人民政府", "141102", G),
        ("新绛县人民政府", "运城市", "新绛县人民政府", "140825", G),
        ("新绛经济技术开发区管委会", "运城市", "新绛经济技术开发区管委会", "140825", G),  # short name
        ("城区人民政府", "晋城市", "晋城市城区人民政府", "140502", G),  # generic: takes the city's name
        ("晋城市城区人民政府", "晋城市", "晋城市城区人民政府", "140502", G),
        ("晋城市城区人民政府", "山西省", "晋城市城区人民政府", "140502", G),
        ("兴县人民政府", "山西省", "兴县人民政府", "141123", G),  # two levels down
        ("吕梁市生态环境局", "山西省", "吕梁市生态环境局", "141100", D),
        ("汾阳市人民政府", "孝义市", "汾阳市人民政府", "141182", G),  # a neighbour, not 孝义市汾阳市…
        ("晋城市城市管理局", "晋城市城区", "晋城市城市管理局", "140500", D),  # the city's, not 城区's
        ("兴县水利局", "吕梁市", "兴县水利局", "141123", D),  # a county department
        ("兴县生态环境局", "吕梁市", "兴县生态环境局", "141123", D),  # as written (docs/ledger.md)
        ("市生态环境局兴县分局", "吕梁市", "吕梁市生态环境局兴县分局", "141100", B),  # the city's branch
        ("市生态环境局兴县分局", "兴县", "吕梁市生态环境局兴县分局", "141100", B),
        ("各县（市、区）人民政府", "吕梁市", "吕梁市各县（市、区）人民政府", "141100", C),  # as before
        ("各相关县市区人民政府", "吕梁市", "吕梁市各相关县市区人民政府", "141100", C),
        ("城区人民政府", "吕梁市", "吕梁市城区人民政府", "141100", G),  # no 城区 in 吕梁: as before
    ],
)
def test_names_of_lower_regions_resolve_to_those_regions(
    session: Session, written: str, notice: str, name: str, unit_region: str, kind: UnitKind
) -> None:
    unit = resolve_unit(session, written, find_region(session, notice))
    assert (unit.name, unit.region.code if unit.region else None, unit.kind) == (name, unit_region, kind)


@pytest.mark.parametrize(
    ("upper", "upper_notice", "own", "own_notice"),
    [
        ("兴县人民政府", "吕梁市", "县人民政府", "兴县"),
        ("孝义市人民政府", "吕梁市", "市人民政府", "孝义市"),
        ("新绛县人民政府", "运城市", "县人民政府", "新绛县"),
        ("城区人民政府", "晋城市", "区人民政府", "晋城市城区"),
        ("离石区生态环境分局", "吕梁市", "区生态环境分局", "离石区"),
    ],
)
def test_the_upper_notice_and_the_countys_own_notice_name_one_unit(
    session: Session, upper: str, upper_notice: str, own: str, own_notice: str
) -> None:
    first = resolve_unit(session, upper, find_region(session, upper_notice))
    assert resolve_unit(session, own, find_region(session, own_notice)) is first
    assert session.scalar(select(func.count()).select_from(Unit)) == 1


def test_regions_added_later_are_matched_and_a_generic_name_needs_its_city(session: Session) -> None:
    assert resolve_unit(session, "兴县人民政府", find_region(session, "吕梁市")).name == "兴县人民政府"
    extra = (  # 民政部 codes: 阳泉市城区, 晋城市高平市
        RegionSeed("140302", "城区", RegionLevel.DISTRICT, "140300"),
        RegionSeed("140581", "高平市", RegionLevel.COUNTY, "140500"),
    )
    ensure_regions(session, REGION_SEEDS + extra)  # in the same transaction
    jincheng, yangquan, shanxi = (find_region(session, code) for code in ("140500", "140300", "140000"))
    assert resolve_unit(session, "高平市人民政府", jincheng).region.code == "140581"  # type: ignore[union-attr]
    yq = resolve_unit(session, "城区人民政府", yangquan)
    assert (yq.name, yq.region.code) == ("阳泉市城区人民政府", "140302")  # type: ignore[union-attr]
    assert resolve_unit(session, "阳泉市城区人民政府", shanxi) is yq
    jc = resolve_unit(session, "城区人民政府", jincheng)
    assert (jc.name, jc.region.code) == ("晋城市城区人民政府", "140502")  # type: ignore[union-attr]
    bare = resolve_unit(session, "城区人民政府", shanxi)  # which 城区? the province's rule, as before
    assert (bare.name, bare.region.code) == ("山西省城区人民政府", "140000")  # type: ignore[union-attr]


# Project rows of seed 000 (吕梁) whose 责任单位 is a county government, counted by hand in the seed.
LULIANG_COUNTY_PROJECTS = {
    "141181": 4, "141123": 3, "141122": 3, "141182": 3, "141127": 3,
    "141124": 2, "141121": 2, "141126": 2, "141128": 1,
}  # fmt: skip


def test_luliang_seed_files_county_governments_under_their_counties(session: Session) -> None:
    import_notice(session, parse_file(seed_path("000_bb95c80613778daa.txt")), actor=None)
    rows = session.execute(
        select(Unit.name, Unit.kind, Unit.region_id).join(ProjectUnit, ProjectUnit.unit_id == Unit.id)
    ).all()
    by_code = {find_region(session, code).id: code for code in LULIANG_COUNTY_PROJECTS}
    county_rows = [(name, by_code[region_id]) for name, kind, region_id in rows if region_id in by_code]
    counted = {code: sum(1 for _, c in county_rows if c == code) for code in LULIANG_COUNTY_PROJECTS}
    assert counted == LULIANG_COUNTY_PROJECTS
    assert all(name == find_region(session, code).name + "人民政府" for name, code in county_rows)
    misfiled = [f"吕梁市{find_region(session, code).name}人民政府" for code in LULIANG_COUNTY_PROJECTS]
    assert not session.scalar(select(func.count()).select_from(Unit).where(Unit.name.in_(misfiled)))
    xing = session.scalars(select(Unit).where(Unit.name == "兴县人民政府")).one()
    assert resolve_unit(session, "县人民政府", find_region(session, "兴县")) is xing  # 兴县's own notice


def _notice(*, revised: bool = False) -> ParsedNotice:
    """A made-up 吕梁 notice: a task of 兴县人民政府 (市生态环境局 cooperating) and a project of 孝义市."""
    words = "全部完成" if revised else "完成"
    text = f"推进兴县城镇污水处理厂提标改造，2023年10月底前{words}。（兴县人民政府负责，市生态环境局配合）"
    task = Task(
        "1",
        "推进兴县城镇污水处理厂提标改造",
        text,
        ["三、重点任务"],
        responsible_units=["兴县人民政府"],
        cooperating_units=["市生态环境局"],
        milestones=[Milestone("2023年10月底前", MilestoneKind.DUE, due=dt.date(2023, 10, 31))],
    )
    projects = Table(
        "重点项目表",
        ["序号", "项目名称", "责任单位"],
        [["1", "孝义市城排沟治理", "孝义市人民政府"]],
        kind="projects",
    )
    plan = Plan(
        "吕梁市水环境测试计划（县级单位）", Domain.WATER, "2023", 2023, 2023, "吕梁市",
        tasks=[task], tables=[projects],
    )  # fmt: skip
    document = Document(
        "吕梁市县级单位测试通知",
        "吕政办测〔2023〕9号",
        "吕梁市人民政府办公室",
        dt.date(2023, 3, 1),
        "吕梁市",
        Level.CITY,
    )
    return ParsedNotice(document, [plan])


def _officer(session: Session, written: str, region: str) -> User:
    unit = resolve_unit(session, written, find_region(session, region))
    return create_user(
        session, "xing", password=PERSONA_PASSWORD, password_hash=persona_password_hash(),
        role="unit_officer", unit=unit, actor=None,
    )  # fmt: skip


def test_a_county_officer_sees_and_reports_on_the_city_notices_assignment(session: Session) -> None:
    import_notice(session, _notice(), actor=None)
    officer = _officer(session, "县人民政府", "兴县")  # signed up from the county's own wording
    session.commit()
    today = dt.date(2023, 6, 1)
    mine = my_tasks(session, officer, today=today)
    assert [(row.task_number, row.unit_name, row.role) for row in mine.rows] == [
        ("1", "兴县人民政府", "responsible")
    ]
    assert officer.unit is not None and officer.unit.region_id in region_scope_ids(
        session, find_region(session, "兴县")
    )
    scoped = list_ledger(session, LedgerQuery(unit_id=officer.unit_id), today=today)
    assert scoped.total == 1
    started = start_assignment(session, mine.rows[0].assignment_id, actor=officer)
    assert started.status == "in_progress"


def _old_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver before this fix: only the notice's region and those above it were known."""
    real = units.canonical_unit

    def old(name: str, region: object, known: object = None) -> tuple[str, object]:
        return real(name, region)  # type: ignore[arg-type]

    monkeypatch.setattr(units, "canonical_unit", old)
    monkeypatch.setattr(import_diff, "canonical_unit", old)


def test_a_database_from_the_old_rules_reimports_unchanged_and_a_revision_shows_the_unit_change(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_rules(monkeypatch)
    import_notice(session, _notice(), actor=None)
    monkeypatch.undo()
    old_unit = session.scalars(select(Unit).where(Unit.name == "吕梁市兴县人民政府")).one()
    assert old_unit.region is not None and old_unit.region.code == "141100"  # the bug, as stored

    def counts() -> tuple[int, ...]:
        return tuple(
            session.scalar(select(func.count()).select_from(m)) or 0 for m in (Unit, UnitAlias, Assignment)
        )

    before = counts()
    assert import_notice(session, _notice(), actor=None).status == "unchanged"  # same notice: idempotent
    assert counts() == before
    diff = preview_import(session, _notice(revised=True))
    assert [(c.change, c.old, c.new) for c in diff.changes if c.change == "units"] == [
        (
            "units",
            "吕梁市兴县人民政府（负责落实）、吕梁市生态环境局（配合）",
            "兴县人民政府（负责落实）、吕梁市生态环境局（配合）",
        )
    ]
    assert [(c.change, c.old, c.new) for c in diff.project_changes] == [
        ("units", "吕梁市孝义市人民政府（负责落实）", "孝义市人民政府（负责落实）")
    ]
    apply_import(session, _notice(revised=True), actor=None)
    rows = session.execute(select(Unit.name, Assignment.withdrawn).join(Assignment.unit))
    live = sorted((name, withdrawn) for name, withdrawn in rows)
    assert live == [("兴县人民政府", False), ("吕梁市兴县人民政府", True), ("吕梁市生态环境局", False)]
    assert [u.unit.name for p in session.scalars(select(Project)) for u in p.units] == ["孝义市人民政府"]
    alias = session.scalars(select(UnitAlias).where(UnitAlias.alias == "兴县人民政府")).one()
    assert alias.unit.name == "兴县人民政府"  # the alias moved; the old unit keeps its withdrawn assignment
    assert session.get(Unit, old_unit.id) is not None


def test_find_unit_does_not_follow_an_alias_left_by_the_old_rules(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_rules(monkeypatch)
    old_unit = resolve_unit(session, "兴县人民政府", find_region(session, "吕梁市"))
    monkeypatch.undo()
    assert old_unit.name == "吕梁市兴县人民政府"
    assert find_unit(session, "兴县人民政府") is None  # envplan users add then asks for --region
    assert find_unit(session, "吕梁市兴县人民政府") is old_unit  # by its name, still there
    bureau = resolve_unit(session, "市生态环境局", find_region(session, "吕梁市"))
    assert find_unit(session, "市生态环境局") is bureau  # an alias the rules still give
    xing = resolve_unit(session, "兴县人民政府", find_region(session, "兴县"))
    assert find_unit(session, "兴县人民政府") is xing
