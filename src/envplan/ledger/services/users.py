"""Users: creation, password hashing (argon2id via argon2-cffi) and sign-in."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import LedgerValidationError, LoginThrottled, NotFound
from envplan.ledger.models import Unit, User, UserRole, utcnow
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


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
) -> User | None:
    """The active user with these credentials, or None. Constant-time; rehashes outdated hashes.

    Raises LoginThrottled after ``login_max_failures`` failures within ``login_window_seconds``.
    """
    settings = settings or get_settings()
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None
    _check_throttle(user, now, settings)
    if not _verify(user.password_hash, password) or not user.active:
        _count_failure(user, now, settings)
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    user.failed_logins = 0
    user.last_login_at = now
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _window_open(user: User, now: dt.datetime, settings: Settings) -> bool:
    last = user.last_failed_login_at
    return last is not None and (now - last).total_seconds() < settings.login_window_seconds


def _check_throttle(user: User, now: dt.datetime, settings: Settings) -> None:
    if _window_open(user, now, settings) and user.failed_logins >= settings.login_max_failures:
        raise LoginThrottled(
            f"too many failed sign-ins for {user.username}; try again in {settings.login_window_seconds} s"
        )


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
