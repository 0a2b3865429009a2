"""Projects with every unit they name: import, idempotent re-import, revision diff (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.documents.parser import parse_file
from envplan.ledger.models import Assignment, Plan, Project, ProjectUnit, Unit
from envplan.ledger.services.importing import apply_import, import_notice, preview_import
from ledger.projects_helpers import PLAN_TITLE, project_notice
from support import seed_path


def stored_units(
    session: Session, plan_title: str | None = None
) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """(row number, name, [(unit, role)…]) of every stored project, in row order."""
    query = select(Project).join(Project.plan).order_by(Project.plan_id, Project.row_number)
    if plan_title is not None:
        query = query.where(Plan.title == plan_title)
    return [
        (p.row_number, p.name, [(link.unit.name, str(link.role)) for link in p.units])
        for p in session.scalars(query)
    ]


def counts(session: Session) -> tuple[int, int, int]:
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return count(Project), count(ProjectUnit), count(Unit)


def test_a_synthetic_project_table_keeps_every_unit_with_its_role(session: Session) -> None:
    result = import_notice(session, project_notice(), actor=None)
    session.commit()
    assert result.projects == 4
    assert stored_units(session) == [
        (1, "城区雨污分流改造", [
            ("吕梁市住建局", "lead"),
            ("吕梁市生态环境局", "cooperating"),
            ("吕梁市财政局", "cooperating"),
            ("吕梁市各县（市、区）人民政府", "responsible"),  # the resolver's collective unit
        ]),
        (2, "饮用水水源地规范化建设", [
            ("吕梁市生态环境局", "responsible"),
            ("吕梁市水利局", "responsible"),
            ("吕梁市各县（市、区）人民政府", "responsible"),
        ]),
        (3, "入河排污口整治", [
            ("吕梁市财政局", "cooperating"),
            ("吕梁市水利局", "lead"),
            ("吕梁市县级人民政府", "responsible"),
        ]),
        (4, "污泥处置中心建设", [("吕梁市生态环境局", "lead"), ("吕梁市生态环境局", "responsible")]),
    ]  # fmt: skip
    first = session.scalars(select(Project).where(Project.row_number == 3)).one()
    assert first.unit is not None and first.unit.name == "吕梁市财政局"  # unit_id: the first written
    assert [link.position for link in first.units] == [0, 1, 2]


def test_reimporting_the_same_notice_changes_no_project(session: Session) -> None:
    import_notice(session, project_notice(), actor=None)
    session.commit()
    before = counts(session)
    assert preview_import(session, project_notice()).status == "unchanged"
    assert import_notice(session, project_notice(), actor=None).status == "unchanged"
    session.commit()
    assert counts(session) == before == (4, 12, 6)


def test_a_new_notice_previews_every_project_as_added(session: Session) -> None:
    diff = preview_import(session, project_notice())
    assert [(c.row_number, c.change) for c in diff.project_changes] == [(n, "added") for n in (1, 2, 3, 4)]


def test_revision_diff_reports_project_changes_and_applies_them(session: Session) -> None:
    import_notice(session, project_notice(), actor=None)
    session.commit()
    diff = preview_import(session, project_notice(revised=True))
    assert diff.status == "revision" and diff.changes == []
    got = {(c.change, c.row_number, c.name): (c.old, c.new) for c in diff.project_changes}
    assert got == {
        ("added", 4, "河道清淤"): (None, "河道清淤"),
        ("removed", 3, "入河排污口整治"): ("入河排污口整治", None),
        ("units", 1, "城区雨污分流改造"): (
            "吕梁市住建局（牵头）、吕梁市生态环境局（配合）、吕梁市财政局（配合）、吕梁市各县（市、区）人民政府（负责落实）",
            "吕梁市住建局（牵头）、吕梁市生态环境局（配合）、吕梁市各县（市、区）人民政府（负责落实）",
        ),
        ("renamed", 2, "饮用水水源地规范化建设（一期）"): (
            "饮用水水源地规范化建设", "饮用水水源地规范化建设（一期）"
        ),
        ("deadline", 3, "污泥处置中心建设"): ("2024年6月", "2024年9月"),
    }  # fmt: skip
    assert all(c.plan == PLAN_TITLE and c.table == "重点项目表" for c in diff.project_changes)
    assert apply_import(session, project_notice(revised=True), actor=None).status == "revised"
    session.commit()
    assert [(n, name, len(units)) for n, name, units in stored_units(session)] == [
        (1, "城区雨污分流改造", 3),
        (2, "饮用水水源地规范化建设（一期）", 3),
        (3, "污泥处置中心建设", 2),
        (4, "河道清淤", 1),
    ]
    assert preview_import(session, project_notice(revised=True)).project_changes == []
    assert apply_import(session, project_notice(revised=True), actor=None).status == "unchanged"


def test_luliang_seed_projects_resolve_to_the_units_its_tasks_use(session: Session) -> None:
    result = import_notice(session, parse_file(seed_path("000_bb95c80613778daa.txt")), actor=None)
    session.commit()
    assert result.projects == 29
    rows = stored_units(session)
    assert session.scalar(select(func.count()).select_from(ProjectUnit)) == 30
    assert rows[12][2] == [("吕梁市生态环境局", "responsible")]  # 三川河入河排污口规范化建设…
    assert rows[22][2] == [("吕梁市生态环境局", "responsible"), ("吕梁市横泉水库管理中心", "responsible")]
    assert rows[28][2] == [("吕梁市生态环境局", "responsible")]
    bureau = session.scalars(select(Unit).where(Unit.name == "吕梁市生态环境局")).one()
    assert session.scalar(select(func.count()).select_from(Assignment).where(Assignment.unit_id == bureau.id))
    county = session.scalars(select(Project).where(Project.row_number == 2)).one()
    assert [alias.alias for alias in county.units[0].unit.aliases] == ["兴县人民政府"]  # one unit per name


def test_jincheng_district_seed_project_with_three_units(session: Session) -> None:
    import_notice(session, parse_file(seed_path("004_4a1c0cf63212e619.txt")), actor=None)
    session.commit()
    rows = stored_units(session)
    assert rows[0] == (1, "白水河人工湿地及中水资源再利用项目的30%工程量", [
        ("晋城市城区生态环境分局", "responsible"),
        ("晋城市凤禹排水有限公司", "responsible"),
        ("晋城市城区相关镇（街道）", "responsible"),  # the district's collective unit
    ])  # fmt: skip
    assert rows[1][2] == rows[2][2] == [("山西省晋城晋普山煤业有限责任公司", "responsible")]
    before = counts(session)
    again = import_notice(session, parse_file(seed_path("004_4a1c0cf63212e619.txt")), actor=None)
    assert again.status == "unchanged" and counts(session) == before
