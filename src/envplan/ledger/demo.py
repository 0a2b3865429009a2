"""Demo data: the project's fictional demo notices (青岚市, 清河县) and one demo user per role.

Demo users share :data:`DEMO_PASSWORD`, printed by ``envplan serve --demo`` / ``envplan import --demo``
and documented in docs/cli.md; :func:`load_demo` refuses to run when
``ENVPLAN_ENVIRONMENT=production``, so a production database never holds a known password.
The notices are read as package data of ``envplan.demo`` (``importlib.resources``) and parsed with
the documents layer's parser; the ledger does not import the demo package's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from envplan.documents.parser import parse_file
from envplan.ledger.db import write_session
from envplan.ledger.errors import LedgerError
from envplan.ledger.models import User, UserRole
from envplan.ledger.regions import (
    FICTIONAL_DEMO_CITY_CODE,
    FICTIONAL_DEMO_COUNTY_CODE,
    ensure_regions,
    find_region,
)
from envplan.ledger.services.importing import ImportResult, import_notice
from envplan.ledger.services.users import create_user
from envplan.ledger.units import resolve_unit
from envplan.settings import Settings, get_settings

DEMO_PASSWORD = "envplan-demo"  # demo only: load_demo refuses to run in production
DEMO_PACKAGE = "envplan.demo"


class DemoRefused(LedgerError):
    """Demo data (with its known password) is not loaded into a production database."""


@dataclass(frozen=True, slots=True)
class DemoUser:
    """A demo account: user name, role, unit as written in a notice of ``region_code``, what it is for."""

    username: str
    role: UserRole
    unit: str | None
    region_code: str
    description: str
    password: str = DEMO_PASSWORD


QINGHE, QINGLAN = FICTIONAL_DEMO_COUNTY_CODE, FICTIONAL_DEMO_CITY_CODE
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", UserRole.ADMINISTRATOR, None, QINGHE, "管理员：全部操作"),
    DemoUser(
        "bureau",
        UserRole.BUREAU_STAFF,
        "县生态环境局",
        QINGHE,
        "清河县生态环境局：审核、退回、销号、延期审批",
    ),
    DemoUser(
        "city", UserRole.BUREAU_STAFF, "市生态环境局", QINGLAN, "青岚市生态环境局：全市（含清河县）审核"
    ),
    DemoUser("water", UserRole.UNIT_OFFICER, "县水利局", QINGHE, "清河县水利局填报员：报送本单位任务进展"),
    DemoUser("housing", UserRole.UNIT_OFFICER, "县住建局", QINGHE, "清河县住建局填报员：报送本单位任务进展"),
    DemoUser("viewer", UserRole.VIEWER, "县生态环境局", QINGHE, "只读用户"),
)


@dataclass(slots=True)
class DemoResult:
    """What :func:`load_demo` did."""

    imports: list[ImportResult] = field(default_factory=list)
    users_created: list[str] = field(default_factory=list)


def demo_notice_files() -> list[Path]:
    """The demo notices shipped as package data (sorted by name)."""
    folder = resources.files(DEMO_PACKAGE)
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".txt"))


def load_demo(
    target: Engine | Session, *, settings: Settings | None = None, notice_paths: list[Path] | None = None
) -> DemoResult:
    """Import the demo notices and create the demo users (idempotent). Commits when given an engine."""
    settings = settings or get_settings()
    if settings.environment == "production":
        raise DemoRefused(
            "demo data has a published password: not loaded when ENVPLAN_ENVIRONMENT=production"
        )
    if isinstance(target, Session):
        return _load(target, notice_paths or demo_notice_files())
    with write_session(target) as session:
        return _load(session, notice_paths or demo_notice_files())


def _load(session: Session, paths: list[Path]) -> DemoResult:
    ensure_regions(session)
    result = DemoResult()
    for path in paths:
        result.imports.append(import_notice(session, parse_file(path), actor=None))
    for demo_user in DEMO_USERS:
        if session.scalar(select(User).where(User.username == demo_user.username)) is not None:
            continue
        region = find_region(session, demo_user.region_code)
        unit = resolve_unit(session, demo_user.unit, region) if demo_user.unit else None
        create_user(
            session, demo_user.username, password=demo_user.password, role=demo_user.role, unit=unit,
            display_name=demo_user.description.split("：")[0], actor=None,
        )  # fmt: skip
        result.users_created.append(demo_user.username)
    return result
