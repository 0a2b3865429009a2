"""Dispatch settings pages and their JSON twins: a region's warning policy, a notification address.

The warning policy is edited by bureau staff of the region (or above) and administrators (the
default policy: administrators only); a notification e-mail address by its user, or any user's by
an administrator. Both services audit every change. Included by :mod:`envplan.web.routes.dispatch`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from envplan.assessment.policy_store import FIELD_LABELS, PolicyView, policy_view, set_policy
from envplan.ledger.db import write_session
from envplan.ledger.dispatch_email import get_address, set_address
from envplan.ledger.errors import LedgerValidationError, PermissionDenied
from envplan.ledger.models import User, UserRole
from envplan.web.deps import CurrentUser, EngineDep, SessionDep, WriteUser
from envplan.web.render import render

router = APIRouter(tags=["督办"])
POLICY_ROLES = (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF)


class PolicyIn(BaseModel):
    region_id: int | None = Field(None, description="The region; null: the default policy (administrators)")
    values: dict[str, Any] = Field(
        default_factory=dict, description="The fields this region sets; the others are inherited"
    )


class AddressIn(BaseModel):
    user_id: int | None = Field(None, description="Whose address; default: the signed-in user")
    address: str | None = Field(None, description="The e-mail address; null or empty: inbox only")


def _region_of(user: User, region_id: int | None) -> int | None:
    """The region asked for, else the user's own region (administrators without one: the default)."""
    if user.role not in POLICY_ROLES:
        raise PermissionDenied(f"{user.username} may not see the warning policy: bureau staff only")
    if region_id is not None:
        return region_id
    return user.unit.region_id if user.unit is not None else None


def _policy_json(view: PolicyView) -> dict[str, Any]:
    return dataclasses.asdict(view)


@router.get("/dispatch/policy", include_in_schema=False)
def policy_page(
    request: Request, db: SessionDep, user: CurrentUser, region_id: int | None = None, saved: bool = False
) -> Response:
    view = policy_view(db, user, _region_of(user, region_id))
    context = {"view": view, "saved": saved, "nav": "dispatch", "page_title": "预警规则"}
    return render(request, "dispatch/policy.html", context)


@router.get("/api/dispatch/policy")
def policy_json(db: SessionDep, user: CurrentUser, region_id: int | None = None) -> dict[str, Any]:
    """A region's warning policy: its own fields, the inherited and the effective values."""
    return _policy_json(policy_view(db, user, _region_of(user, region_id)))


@router.put("/api/dispatch/policy")
def policy_put(engine: EngineDep, user: WriteUser, body: PolicyIn) -> dict[str, Any]:
    """Replace the fields a region sets (bureau staff of the region, administrators; audited)."""
    region_id = _region_of(user, body.region_id)
    with write_session(engine) as db:
        actor = db.get_one(User, user.id)
        set_policy(db, actor, region_id, body.values)
        return _policy_json(policy_view(db, actor, region_id))


@router.post("/dispatch/policy", include_in_schema=False)
async def policy_form(request: Request, engine: EngineDep, user: WriteUser) -> Response:
    form = await request.form()
    raw_region = str(form.get("region_id") or "")
    region_id = _region_of(user, int(raw_region) if raw_region.isdigit() else None)
    values = policy_values_from_form({name: str(form.get(name) or "") for name in FIELD_LABELS})
    with write_session(engine) as db:
        set_policy(db, db.get_one(User, user.id), region_id, values)
    query = f"region_id={region_id}&" if region_id is not None else ""
    return RedirectResponse(f"/dispatch/policy?{query}saved=true", status_code=303)


def policy_values_from_form(fields: dict[str, str]) -> dict[str, Any]:
    """The overridden fields of the form: empty means inherited; numbers and 是/否 checked here."""
    values: dict[str, Any] = {}
    for name, text in fields.items():
        text = text.strip()
        if not text:
            continue
        if name == "flag_unchanged_report":
            if text not in ("true", "false"):
                raise LedgerValidationError(f"{name}: choose 是 or 否, got {text!r}")
            values[name] = text == "true"
            continue
        try:
            values[name] = float(text) if name == "progress_tolerance_pp" else int(text)
        except ValueError:
            raise LedgerValidationError(f"{name}（{FIELD_LABELS[name]}）: {text!r} is not a number") from None
    return values


@router.get("/dispatch/notification-address", include_in_schema=False)
def address_page(
    request: Request, db: SessionDep, user: CurrentUser, user_id: int | None = None, saved: bool = False
) -> Response:
    target = user_id or user.id
    address = get_address(db, user, target)  # refuses others' (not administrators), unknown users
    context = {
        "target": db.get_one(User, target),
        "address": address,
        "saved": saved,
        "nav": "inbox",
        "page_title": "通知邮箱",
    }
    return render(request, "dispatch/notification_address.html", context)


@router.get("/api/dispatch/notification-address")
def address_json(db: SessionDep, user: CurrentUser, user_id: int | None = None) -> dict[str, Any]:
    """A user's notification e-mail address (own; administrators any user's)."""
    target = user_id or user.id
    return {"user_id": target, "address": get_address(db, user, target)}


@router.put("/api/dispatch/notification-address")
def address_put(engine: EngineDep, user: WriteUser, body: AddressIn) -> dict[str, Any]:
    """Set or clear (null / empty) a notification address (own; administrators any; audited)."""
    return _save_address(engine, user, body.user_id or user.id, body.address)


@router.post("/dispatch/notification-address", include_in_schema=False)
async def address_form(request: Request, engine: EngineDep, user: WriteUser) -> Response:
    form = await request.form()
    raw_user = str(form.get("user_id") or "")
    target = int(raw_user) if raw_user.isdigit() else user.id
    _save_address(engine, user, target, str(form.get("address") or ""))
    query = f"user_id={target}&" if target != user.id else ""
    return RedirectResponse(f"/dispatch/notification-address?{query}saved=true", status_code=303)


def _save_address(engine: Any, user: User, user_id: int, address: str | None) -> dict[str, Any]:
    cleaned = (address or "").strip() or None
    with write_session(engine) as db:
        actor = db.get_one(User, user.id)
        set_address(db, actor, user_id, cleaned)
        return {"user_id": user_id, "address": get_address(db, actor, user_id)}
