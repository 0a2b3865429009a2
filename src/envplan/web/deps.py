"""Dependencies as type aliases, so that routes read as prose: ``db: SessionDep, user: CurrentUser``.

``CurrentUser`` refuses anonymous requests (401 / redirect to sign-in); ``WriteUser`` does that and
then checks the CSRF token (403), in this order, so that an unauthenticated write gets 401.
Authorisation of the write itself is decided by the ledger services.

Dependencies that only read the request are ``async def``: FastAPI runs them on the event loop
instead of handing each to the thread pool (a thread hop per dependency, per request); those that
touch the database stay plain ``def`` and run in the pool.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session, joinedload

from envplan.ledger.db import is_sqlite, read_session, snapshot_session, write_session
from envplan.ledger.models import Unit, User, UserRole
from envplan.settings import Settings
from envplan.web.csrf import check_csrf
from envplan.web.errors import NotSignedIn
from envplan.web.sessions import WebSession

ROLE_NAMES = {
    UserRole.ADMINISTRATOR: "管理员",
    UserRole.BUREAU_STAFF: "局机关",
    UserRole.UNIT_OFFICER: "单位联络员",
    UserRole.VIEWER: "只读",
}


@dataclass(frozen=True, slots=True)
class WebUser:
    """What pages show of the signed-in user."""

    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    unit_id: int | None
    unit_name: str | None

    @property
    def can_import(self) -> bool:
        return self.role in (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF)

    @classmethod
    def of(cls, user: User) -> WebUser:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=str(user.role),
            role_label=ROLE_NAMES.get(user.role, str(user.role)),
            unit_id=user.unit_id,
            unit_name=user.unit.name if user.unit else None,
        )


_SQLITE_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Session]:
    """The ledger's write session; on SQLite, writers of this process queue on a lock first.

    SQLite lets one writer in at a time and makes the others poll with growing sleeps (busy
    timeout); queueing them on a lock instead hands the database over at once, in arrival order.
    """
    if not is_sqlite(engine):
        with write_session(engine) as session:
            yield session
        return
    with _LOCKS_GUARD:
        lock = _SQLITE_WRITE_LOCKS.setdefault(engine, threading.Lock())
    with lock, write_session(engine) as session:
        yield session


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_db(engine: Annotated[Engine, Depends(get_engine)]) -> AsyncIterator[Session]:
    """The request's read session. Opening one does no I/O (it connects on first use, in the
    route's thread) and closing it only hands the connection back to the pool, so this runs on
    the event loop: one thread hop fewer per request."""
    with read_session(engine) as session:
        yield session


def get_snapshot(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """A read session in one transaction (one snapshot), for documents made of several reads:
    exports, templates, bulletins. Plain ``def``: its ROLLBACK is a round trip, kept off the loop."""
    with snapshot_session(engine) as session:
        yield session


async def get_web_session(request: Request) -> WebSession:
    session: WebSession = request.state.web_session
    return session


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_db)]
SnapshotDep = Annotated[Session, Depends(get_snapshot)]
WebSessionDep = Annotated[WebSession, Depends(get_web_session)]


# built once: every request loads its user with this statement (no options rebuilt per request)
_SIGNED_IN_USER = (
    select(User).where(User.id == bindparam("user_id")).options(joinedload(User.unit).joinedload(Unit.region))
)


def optional_user(request: Request, db: SessionDep, web_session: WebSessionDep) -> User | None:
    """The signed-in, active user, or None (also put on ``request.state`` for the templates)."""
    if web_session.user_id is None:
        return None
    user = db.execute(_SIGNED_IN_USER, {"user_id": web_session.user_id}).unique().scalar_one_or_none()
    if user is None or not user.active:
        return None
    request.state.web_user = WebUser.of(user)
    if user.unit is not None:
        _ = user.unit.region  # loaded now, so permission checks also work on the detached user
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


async def current_user(user: OptionalUser) -> User:
    if user is None:
        raise NotSignedIn()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def write_user(user: CurrentUser, _csrf: Annotated[None, Depends(check_csrf)], db: SessionDep) -> User:
    """A signed-in user whose request carries the session's CSRF token.

    The read session is closed here (its connection goes back to the pool; it reconnects if the
    route reads again), so that a write, which opens its own write transaction, never holds two
    connections at once: with every pooled connection held by a request waiting for a second one,
    the pool would deadlock under load. The user comes back detached, unit and region loaded.
    """
    db.close()
    return user


WriteUser = Annotated[User, Depends(write_user)]
CsrfChecked = Annotated[None, Depends(check_csrf)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
