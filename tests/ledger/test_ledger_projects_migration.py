"""Migration ledger0003 (project_units): schema, backfill of the single unit, downgrade (both databases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from envplan.documents.model import Table
from envplan.ledger.db import alembic_config, current_heads, upgrade
from envplan.ledger.services.importing import import_notice
from ledger.projects_helpers import project_notice


def _downgrade_one(engine: Engine) -> None:
    command.downgrade(alembic_config(engine=engine), "ledger0003@-1")


@pytest.fixture
def migrated_back(engine: Engine) -> Iterator[Engine]:
    """The engine; the schema is brought back to every head afterwards, whatever the test did."""
    yield engine
    upgrade(engine)


def _links(engine: Engine) -> list[tuple[int, str, str, int]]:
    query = text(
        "SELECT p.row_number, u.name, pu.role, pu.position FROM project_units pu "
        "JOIN projects p ON p.id = pu.project_id JOIN units u ON u.id = pu.unit_id "
        "ORDER BY p.row_number, p.id, pu.position"
    )
    with engine.connect() as connection:
        return [(r[0], r[1], r[2], r[3]) for r in connection.execute(query)]


def test_project_units_match_the_models(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from envplan.ledger.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if "project_units" in repr(d)] == []
    assert "ledger0003" in current_heads(engine)


def test_downgrade_keeps_the_first_unit_and_upgrade_backfills_it(
    session: Session, migrated_back: Engine
) -> None:
    notice = project_notice()
    notice.plans[0].tables.append(
        Table(
            "污水项目表", ["序号", "项目名称", "责任单位"], [["1", "管网改造", "市住建局"]], kind="projects"
        )
    )
    import_notice(session, notice, actor=None)
    session.commit()
    session.close()
    assert len(_links(migrated_back)) == 13  # 12 of the synthetic table + 1
    _downgrade_one(migrated_back)
    assert current_heads(migrated_back) >= {"ledger0002"} and "ledger0003" not in current_heads(migrated_back)
    assert "project_units" not in inspect(migrated_back).get_table_names()
    with migrated_back.connect() as connection:
        first_units = connection.execute(
            text("SELECT p.name, u.name FROM projects p JOIN units u ON u.id = p.unit_id ORDER BY p.id")
        ).all()
    assert [tuple(r) for r in first_units] == [
        ("城区雨污分流改造", "吕梁市住建局"),
        ("饮用水水源地规范化建设", "吕梁市生态环境局"),
        ("入河排污口整治", "吕梁市财政局"),
        ("污泥处置中心建设", "吕梁市生态环境局"),
        ("管网改造", "吕梁市住建局"),
    ]
    upgrade(migrated_back)
    # one unit per project, with the role the single-unit import gave it (牵头单位 column → lead)
    assert _links(migrated_back) == [
        (1, "吕梁市住建局", "lead", 0),
        (1, "吕梁市住建局", "responsible", 0),
        (2, "吕梁市生态环境局", "responsible", 0),
        (3, "吕梁市财政局", "responsible", 0),
        (4, "吕梁市生态环境局", "lead", 0),
    ]


def test_upgrade_and_downgrade_of_an_empty_database(migrated_back: Engine) -> None:
    _downgrade_one(migrated_back)
    assert "project_units" not in inspect(migrated_back).get_table_names()
    upgrade(migrated_back)
    assert "project_units" in inspect(migrated_back).get_table_names()
    assert _links(migrated_back) == []
