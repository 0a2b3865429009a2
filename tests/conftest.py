"""Shared fixtures. Plain helpers live in ``support.py`` (importable as ``support``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import shared_path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")


# ─── Database fixtures (engineer F, ledger store) ────────────────────────────────────────────────
# ``database_url`` is parametrised over SQLite and PostgreSQL; each test gets an empty database with
# every Alembic head applied. PostgreSQL comes from ENVPLAN_TEST_POSTGRES_URL (a server URL): one
# fresh database per test session and xdist worker, emptied between tests, dropped at the end;
# without the variable the PostgreSQL half skips (fails under ENVPLAN_REQUIRE_POSTGRES=1).
# Personas (users with their units) for permission tests: ``administrator``, ``bureau_staff``
# (吕梁市生态环境局, region 吕梁市), ``lead_officer`` (吕梁市生态环境局), ``cooperating_officer``
# (吕梁市住房和城乡建设局), ``outsider_officer`` (新绛县水利局, an unrelated county), ``viewer``;
# all with password ``PERSONA_PASSWORD``. The ``persona_notice`` fixture (tests/ledger) gives them a
# task: 「市生态环境局牵头，市住建局配合」 in a 吕梁 notice.

import os  # noqa: E402
import shutil  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from sqlalchemy import Engine, create_engine, inspect, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

PERSONA_PASSWORD = "persona-password-1"  # tests only
_PERSONA_HASH: list[str] = []  # hashed once per test session (argon2 takes ~0.3 s per hash)


def persona_password_hash() -> str:
    """The argon2 hash of PERSONA_PASSWORD, made once."""
    if not _PERSONA_HASH:
        from envplan.ledger.services.users import hash_password

        _PERSONA_HASH.append(hash_password(PERSONA_PASSWORD))
    return _PERSONA_HASH[0]


@dataclass
class _Backend:
    name: str
    template: str  # a migrated, empty database (SQLite file path or PostgreSQL URL)

    def fresh_url(self, tmp_path: Path) -> str:
        """A migrated, empty database for one test."""
        if self.name == "sqlite":
            target = tmp_path / "ledger.sqlite3"
            shutil.copyfile(self.template, target)
            return f"sqlite:///{target}"
        _empty_postgres(self.template)
        return self.template


def _migrated(url: str) -> None:
    from envplan.ledger.db import make_engine, upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
        if tables:
            with engine.begin() as connection:
                quoted = ", ".join(f'"{t}"' for t in tables)
                connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def _postgres_backend(tmp_factory: pytest.TempPathFactory) -> Iterator[_Backend]:
    server = os.environ.get("ENVPLAN_TEST_POSTGRES_URL")
    if not server:
        from support import require_external

        require_external("PostgreSQL", "ENVPLAN_TEST_POSTGRES_URL is not set", "ENVPLAN_REQUIRE_POSTGRES")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"envplan_test_{worker}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(str(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(str(server)).set(database=name).render_as_string(hide_password=False)
    try:
        _migrated(url)
        yield _Backend("postgresql", url)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_Backend]:
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("ledger-template") / "template.sqlite3"
        _migrated(f"sqlite:///{template}")
        yield _Backend("sqlite", str(template))
    else:
        yield from _postgres_backend(tmp_path_factory)


@pytest.fixture
def database_url(database_backend: _Backend, tmp_path: Path) -> str:
    """URL of an empty database with every migration head applied (SQLite and PostgreSQL)."""
    return database_backend.fresh_url(tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    from envplan.ledger.db import make_engine

    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the migrated database, with Shanxi's seeded regions already in (committed)."""
    from envplan.ledger.regions import ensure_regions

    with Session(engine, expire_on_commit=False) as session:
        ensure_regions(session)
        session.commit()
        yield session
        session.rollback()


def _persona(session: Session, username: str, role: str, unit_name: str | None, region_code: str) -> object:
    from envplan.ledger.regions import find_region
    from envplan.ledger.services.users import create_user
    from envplan.ledger.units import resolve_unit

    unit = resolve_unit(session, unit_name, find_region(session, region_code)) if unit_name else None
    user = create_user(
        session,
        username,
        password=PERSONA_PASSWORD,
        password_hash=persona_password_hash(),
        role=role,
        unit=unit,
        actor=None,
    )
    session.commit()
    return user


@pytest.fixture
def administrator(session: Session) -> object:
    return _persona(session, "admin", "administrator", None, "140000")


@pytest.fixture
def bureau_staff(session: Session) -> object:
    return _persona(session, "bureau", "bureau_staff", "市生态环境局", "141100")


@pytest.fixture
def lead_officer(session: Session) -> object:
    return _persona(session, "lead", "unit_officer", "市生态环境局", "141100")


@pytest.fixture
def cooperating_officer(session: Session) -> object:
    return _persona(session, "cooperating", "unit_officer", "市住建局", "141100")


@pytest.fixture
def outsider_officer(session: Session) -> object:
    return _persona(session, "outsider", "unit_officer", "县水利局", "140825")


@pytest.fixture
def viewer(session: Session) -> object:
    return _persona(session, "viewer", "viewer", "市生态环境局", "141100")


def make_persona_notice(*, revised: bool = False) -> object:
    """A small hand-built 吕梁 notice (not seed text): a water plan with a lead/cooperating task, a
    standing task and a task of 市水利局, and a project table. ``revised`` rewords task 1, moves
    task 3's deadline, drops task 4, adds task 5 and swaps task 1's cooperating unit."""
    import datetime as dt

    from envplan.documents.model import (
        Clause,
        Document,
        Domain,
        Level,
        Milestone,
        MilestoneKind,
        ParsedNotice,
        Plan,
        Table,
        Target,
        Task,
    )

    path = ["三、重点任务", "（一）水环境治理"]
    due = Milestone("2023年10月底前", MilestoneKind.DUE, due=dt.date(2023, 10, 31))
    task1 = Task(
        "1",
        "推进污水处理厂提标改造",
        "推进污水处理厂提标改造，2023年10月底前完成。（市生态环境局牵头，市住建局配合）",
        path,
        lead_units=["市生态环境局"],
        cooperating_units=["市住建局"],
        milestones=[due],
        clauses=[
            Clause(
                "推进污水处理厂提标改造。",
                ["市生态环境局"],
                ["市住建局"],
                [],
                "市生态环境局牵头，市住建局配合",
            )
        ],
    )
    task2 = Task(
        "2",
        "建立调度通报制度",
        "建立调度通报制度，长期坚持。（市生态环境局负责）",
        path,
        responsible_units=["市生态环境局"],
        milestones=[Milestone("长期坚持", MilestoneKind.ONGOING)],
    )
    task3 = Task(
        "3",
        "保障生态流量",
        "2023年6月底前完成生态流量监测设施建设。（市水利局牵头，市生态环境局配合）",
        path,
        lead_units=["市水利局"],
        cooperating_units=["市生态环境局"],
        milestones=[Milestone("2023年6月底前", MilestoneKind.DUE, due=dt.date(2023, 6, 30))],
    )
    task4 = Task(
        "4",
        "整治入河排污口",
        "完成入河排污口排查。（市生态环境局牵头）",
        path,
        lead_units=["市生态环境局"],
        milestones=[Milestone("2023年12月底前", MilestoneKind.DUE, due=dt.date(2023, 12, 31))],
    )
    tasks = [task1, task2, task3, task4]
    if revised:
        task1 = Task(
            "1",
            "推进污水处理厂提标改造",
            "推进污水处理厂提标改造，2023年10月底前全部完成。（市生态环境局牵头，市城市管理局配合）",
            path,
            lead_units=["市生态环境局"],
            cooperating_units=["市城市管理局"],
            milestones=[due],
        )
        task3 = Task(
            "3",
            task3.title,
            task3.text.replace("6月", "9月"),
            path,
            lead_units=["市水利局"],
            cooperating_units=["市生态环境局"],
            milestones=[Milestone("2023年9月底前", MilestoneKind.DUE, due=dt.date(2023, 9, 30))],
        )
        task5 = Task(
            "5",
            "开展汛期水质管控",
            "汛期实行断面水质日调度。（市生态环境局牵头）",
            path,
            lead_units=["市生态环境局"],
        )
        tasks = [task1, task2, task3, task5]
    table = Table(
        "重点项目表",
        ["序号", "项目名称", "责任单位", "完成时限"],
        [["1", "城东污水处理厂提标改造", "市住建局", "2023年10月"]],
        kind="projects",
    )
    plan = Plan(
        "吕梁市水环境质量再提升2023年行动计划（测试）",
        Domain.WATER,
        "2023",
        2023,
        2023,
        "吕梁市",
        targets=[Target("国考断面优良比例达到80%", "国考断面达到或优于Ⅲ类比例", ">=", 80.0, "%", year=2023)],
        tasks=tasks,
        tables=[table],
    )
    document = Document(
        "吕梁市测试通知",
        "吕政办测〔2023〕1号",
        "吕梁市人民政府办公室",
        dt.date(2023, 3, 1),
        "吕梁市",
        Level.CITY,
        "persona-notice.txt",
    )
    return ParsedNotice(document, [plan])


@pytest.fixture
def persona_notice(
    session: Session,
    administrator: object,
    bureau_staff: object,
    lead_officer: object,
    cooperating_officer: object,
    outsider_officer: object,
    viewer: object,
) -> object:
    """The personas plus :func:`make_persona_notice` imported (committed); returns the ImportResult."""
    from envplan.ledger.services.importing import import_notice

    result = import_notice(session, make_persona_notice(), actor=administrator)  # type: ignore[arg-type]
    session.commit()
    return result


# ─── end of the database fixtures ────────────────────────────────────────────────────────────────
