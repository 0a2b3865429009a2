"""Users: creation, password hashing (argon2id via argon2-cffi) and sign-in.

Sign-in is throttled by account (``users.failed_logins``) and by client address (the audit log's
``signin.attempt`` and ``signin.success`` rows), both in the database, so every worker process
shares the counts; see :func:`sign_in`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session

from envplan.ledger.db import read_session, write_session
from envplan.ledger.errors import LedgerValidationError, LoginThrottled, NotFound
from envplan.ledger.models import AuditEntry, Unit, User, UserRole, utcnow
from envplan.ledger.services.audit import record
from envplan.ledger.services.permissions import require_admin
from envplan.ledger.units import find_unit
from envplan.settings import Settings, get_settings

HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash("envplan-no-such-user")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (at least 8 characters)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise LedgerValidationError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    return HASHER.hash(password)


def create_user(
    session: Session,
    username: str,
    *,
    password: str,
    role: UserRole | str,
    unit: Unit | str | None,
    display_name: str | None = None,
    actor: User | None,
    password_hash: str | None = None,
) -> User:
    """A new user; ``actor`` must be an administrator (None only for the CLI and the demo loader).

    ``password_hash``: an argon2 hash made earlier for ``password`` (restoring accounts, test
    personas). It is not verified here (that would cost a second hash).
    """
    if actor is not None:
        require_admin(actor, "create users")
    username = username.strip()
    if not username:
        raise LedgerValidationError("username: empty")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise LedgerValidationError(f"username: {username!r} exists already")
    role = _role(role)
    unit_row = _unit(session, unit)
    if role in (UserRole.BUREAU_STAFF, UserRole.UNIT_OFFICER) and unit_row is None:
        raise LedgerValidationError(f"unit: a {role} needs a unit")
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        unit=unit_row,
        password_hash=_checked_hash(password, password_hash),
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    record(session, actor, "user.create", "user", user.id, username=username, role=str(role))
    return user


def _checked_hash(password: str, password_hash: str | None) -> str:
    if password_hash is None:
        return hash_password(password)
    if not password_hash.startswith("$argon2"):
        raise LedgerValidationError("password_hash: not an argon2 hash")
    return password_hash


def _role(role: UserRole | str) -> UserRole:
    try:
        return UserRole(role)
    except ValueError:
        choices = ", ".join(r.value for r in UserRole)
        raise LedgerValidationError(f"role: {role!r} is not one of {choices}") from None


def _unit(session: Session, unit: Unit | str | None) -> Unit | None:
    if unit is None or isinstance(unit, Unit):
        return unit
    found = find_unit(session, unit)
    if found is None:
        raise NotFound(f"unit: {unit!r} is not in the ledger (import its notice first)")
    return found


SIGNIN_ATTEMPT = "signin.attempt"  # audit action: a sign-in about to be checked (counts as failed)
SIGNIN_SUCCESS = "signin.success"  # audit action: that attempt's password was right


@dataclass(frozen=True, slots=True)
class SignInAttempt:
    """A sign-in counted before its password is checked; ``wait`` [s] > 0: refused, not counted."""

    wait: int = 0
    address_wait: int = 0
    attempt_id: int | None = None  # its audit row
    user_id: int | None = None
    password_hash: str = _DUMMY_HASH
    active: bool = False


@dataclass(frozen=True, slots=True)
class SignInResult:
    """The signed-in user, or None with ``wait`` [s] > 0 when throttled (0: wrong credentials);
    ``address_wait`` [s]: the part of ``wait`` due to the client address's failures."""

    user: User | None
    wait: int = 0
    address_wait: int = 0


def sign_in(
    engine: Engine,
    username: str,
    password: str,
    *,
    address: str | None,
    settings: Settings | None = None,
    write: Callable[[], AbstractContextManager[Session]] | None = None,
) -> SignInResult:
    """Sign in without holding a write transaction while argon2 works (~0.1 s on purpose).

    1. a read checks both throttles (a flood of refused tries takes no write lock);
    2. a short write re-checks them and counts the attempt as a failure (user row and audit row)
       before the password is checked, so concurrent tries cannot exceed the limit;
    3. the hash is verified with no transaction open;
    4. on a right password, a short write clears the user's count and records the sign-in.

    ``write``: the caller's write-transaction factory (default :func:`write_session`).
    """
    settings = settings or get_settings()
    writer = write or (lambda: write_session(engine))
    now = utcnow()
    with read_session(engine) as session:
        waits = throttle_waits(session, username, address, now=now, settings=settings)
    if any(waits):
        return SignInResult(None, max(waits), waits[1])
    with writer() as session:
        attempt = begin_sign_in(session, username, address, now=now, settings=settings)
    if attempt.wait:
        return SignInResult(None, attempt.wait, attempt.address_wait)
    right, new_hash = check_password(attempt, password)
    if not right:
        return SignInResult(None)
    with writer() as session:
        return SignInResult(finish_sign_in(session, attempt, password_hash=new_hash, address=address))


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    address: str | None = None,
) -> User | None:
    """The active user with these credentials, or None; the steps of :func:`sign_in` in one session
    (CLI, tests). Constant-time; rehashes outdated hashes.

    Raises LoginThrottled after ``login_max_failures`` failures within ``login_window_seconds``.
    """
    attempt = begin_sign_in(session, username, address, now=now or utcnow(), settings=settings)
    if attempt.wait:
        raise LoginThrottled(f"too many failed sign-ins; try again in {attempt.wait} s")
    right, new_hash = check_password(attempt, password)
    if not right:
        return None
    return finish_sign_in(session, attempt, password_hash=new_hash, address=address, now=now)


def throttle_waits(
    session: Session, username: str, address: str | None, *, now: dt.datetime, settings: Settings
) -> tuple[int, int]:
    """Seconds [s] until ``username``, and until ``address``, may try to sign in; 0: now."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    user_wait = _user_wait(user, now, settings) if user is not None else 0
    return user_wait, address_wait(session, address, now=now, settings=settings)


def begin_sign_in(
    session: Session,
    username: str,
    address: str | None,
    *,
    now: dt.datetime,
    settings: Settings | None = None,
) -> SignInAttempt:
    """Check both throttles and count this attempt as failed (in the caller's write transaction)."""
    settings = settings or get_settings()
    _lock_address(session, address)
    user = session.scalar(select(User).where(User.username == username.strip()).with_for_update())
    by_address = address_wait(session, address, now=now, settings=settings)
    wait = max(_user_wait(user, now, settings) if user is not None else 0, by_address)
    if wait:
        return SignInAttempt(wait=wait, address_wait=by_address)
    details: dict[str, object] = {"address": address}
    if user is None:
        details["unknown_user"] = True  # the name typed is not kept: it may be a password
    else:
        details["username"] = user.username
        _count_failure(user, now, settings)
    entry = record(session, None, SIGNIN_ATTEMPT, "user", user.id if user else None, **details)
    entry.at = now
    session.flush()
    if user is None:
        return SignInAttempt(attempt_id=entry.id)
    return SignInAttempt(0, 0, entry.id, user.id, user.password_hash, user.active)


def check_password(attempt: SignInAttempt, password: str) -> tuple[bool, str | None]:
    """(right, a new hash when the stored one has outdated parameters); no database work."""
    right = _verify(attempt.password_hash, password) and attempt.active and attempt.user_id is not None
    if right and HASHER.check_needs_rehash(attempt.password_hash):
        return True, HASHER.hash(password)
    return right, None


def finish_sign_in(
    session: Session,
    attempt: SignInAttempt,
    *,
    password_hash: str | None,
    address: str | None,
    now: dt.datetime | None = None,
) -> User | None:
    """Clear the user's failure count and record the sign-in; None if the user was deactivated or
    their password changed meanwhile. The user comes back with its unit loaded."""
    user = session.get(User, attempt.user_id, with_for_update=True, populate_existing=True)
    if user is None or not user.active or user.password_hash != attempt.password_hash:
        return None
    now = now or utcnow()
    if password_hash is not None:
        user.password_hash = password_hash
    user.failed_logins = 0
    user.last_login_at = now
    _ = user.unit  # loaded now: the caller uses it after the session ends
    record(
        session, user, SIGNIN_SUCCESS, "user", user.id, address=address, attempt=attempt.attempt_id
    ).at = now
    return user


def address_wait(session: Session, address: str | None, *, now: dt.datetime, settings: Settings) -> int:
    """Seconds [s] until ``address`` may try again: its failed sign-ins in the window (attempts less
    sign-ins, from the audit log, so every worker process sees the same count) reached the limit.

    One query on the ``at`` index: only the window's audit rows are read (``action || ''`` keeps
    SQLite from scanning every sign-in ever made through the ``action`` index instead).
    """
    if address is None:
        return 0
    since = now - dt.timedelta(seconds=settings.login_window_seconds)
    action = AuditEntry.action + ""
    weight = case((action == SIGNIN_ATTEMPT, 1), else_=-1)
    oldest = func.min(case((action == SIGNIN_ATTEMPT, AuditEntry.at)))
    failures, first = session.execute(
        select(func.coalesce(func.sum(weight), 0), oldest).where(
            AuditEntry.at > since,
            action.in_((SIGNIN_ATTEMPT, SIGNIN_SUCCESS)),
            AuditEntry.details["address"].as_string() == address,
        )
    ).one()
    if failures < settings.login_max_failures or first is None:
        return 0
    return _seconds_until(first, now, settings)


def _seconds_until(last: dt.datetime, now: dt.datetime, settings: Settings) -> int:
    """Whole seconds [s] (at least 1) until ``last`` leaves the window."""
    remaining = (last - now).total_seconds() + settings.login_window_seconds
    return max(1, math.ceil(remaining))


def _user_wait(user: User, now: dt.datetime, settings: Settings) -> int:
    if _window_open(user, now, settings) and user.failed_logins >= settings.login_max_failures:
        assert user.last_failed_login_at is not None
        return _seconds_until(user.last_failed_login_at, now, settings)
    return 0


def _lock_address(session: Session, address: str | None) -> None:
    """On PostgreSQL, serialise the sign-ins of one address (SQLite serialises every writer)."""
    if address is None or session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(f"envplan-signin:{address}".encode()).digest()[:8], signed=True)
    session.execute(select(func.pg_advisory_xact_lock(key)))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _window_open(user: User, now: dt.datetime, settings: Settings) -> bool:
    last = user.last_failed_login_at
    return last is not None and (now - last).total_seconds() < settings.login_window_seconds


def _count_failure(user: User, now: dt.datetime, settings: Settings) -> None:
    user.failed_logins = user.failed_logins + 1 if _window_open(user, now, settings) else 1
    user.last_failed_login_at = now


def set_password(session: Session, user: User, password: str, *, actor: User) -> None:
    """Change a password: the user themself or an administrator."""
    if actor.id != user.id:
        require_admin(actor, "change another user's password")
    user.password_hash = hash_password(password)
    record(session, actor, "user.set_password", "user", user.id)


def set_active(session: Session, user: User, active: bool, *, actor: User) -> None:
    """Activate or deactivate a user (administrators)."""
    require_admin(actor, "activate or deactivate users")
    user.active = active
    record(session, actor, "user.set_active", "user", user.id, active=active)


def get_user(session: Session, user_id: int) -> User:
    """The user with this id; raises NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user
