"""Reads of projects (rows of the plans' project tables) with their units, for pages and the API.

* :func:`plan_with_projects` — a plan with its projects, each project's units loaded (plan page).
* :func:`list_projects` — projects of plans in a region and below, optionally only those naming a
  unit (in any role), in plan order then table order; with :func:`units_with_projects` for a filter.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from envplan.ledger.errors import NotFound
from envplan.ledger.models import Plan, Project, ProjectUnit, Region, Unit
from envplan.ledger.regions import region_scope_ids

_UNITS = selectinload(Project.units).selectinload(ProjectUnit.unit)


def plan_with_projects(session: Session, plan_id: int) -> Plan:
    """Plan ``plan_id`` with its projects and their units loaded; NotFound when there is none."""
    plan = session.get(Plan, plan_id, options=[selectinload(Plan.projects).options(_UNITS)])
    if plan is None:
        raise NotFound(f"计划 {plan_id} 不存在")
    return plan


def _scoped(statement: Select[Any], session: Session, region_id: int | None) -> Select[Any]:
    if region_id is None:
        return statement
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"region {region_id} does not exist")
    return statement.where(Plan.region_id.in_(region_scope_ids(session, region)))


def list_projects(
    session: Session, *, region_id: int | None = None, unit_id: int | None = None
) -> list[Project]:
    """Projects of plans in ``region_id`` and below (None: all), naming ``unit_id`` if given."""
    statement = (
        select(Project)
        .join(Project.plan)
        .options(_UNITS, selectinload(Project.plan))
        .order_by(Plan.document_id.desc(), Plan.position, Project.id)
    )
    if unit_id is not None:
        if session.get(Unit, unit_id) is None:
            raise NotFound(f"单位 {unit_id} 不存在")
        named = select(ProjectUnit.project_id).where(ProjectUnit.unit_id == unit_id)
        statement = statement.where(Project.id.in_(named))
    return list(session.scalars(_scoped(statement, session, region_id)))


def units_with_projects(session: Session, *, region_id: int | None = None) -> list[Unit]:
    """Units named by at least one project of the region's plans, by name."""
    projects = _scoped(select(Project.id).join(Project.plan), session, region_id)
    statement = (
        select(Unit)
        .where(Unit.id.in_(select(ProjectUnit.unit_id).where(ProjectUnit.project_id.in_(projects))))
        .order_by(Unit.name)
    )
    return list(session.scalars(statement))
