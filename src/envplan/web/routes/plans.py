"""Plans as a tree: region → document (发文) → plan → chapters → tasks.

The page lists regions, documents and plans; a plan's chapters and tasks load when it is opened
(htmx), from the same function as its JSON twin ``/api/plans/{id}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from envplan.ledger.models import Document, Plan
from envplan.ledger.services.queries import list_documents
from envplan.web.deps import CurrentUser, SessionDep
from envplan.web.errors import NotFound
from envplan.web.render import render
from envplan.web.routes.dashboard import scope_of

router = APIRouter(tags=["计划"])


class PlanNode(BaseModel):
    id: int
    title: str
    domain: str
    period: str
    tasks: int


class DocumentNode(BaseModel):
    id: int
    title: str
    doc_number: str | None
    issuer: str | None
    issue_date: str | None
    revision: int
    plans: list[PlanNode]


class RegionNode(BaseModel):
    region: str
    documents: list[DocumentNode]


class ChapterNode(BaseModel):
    path: list[str]
    tasks: list[dict[str, Any]]


class PlanTree(BaseModel):
    id: int
    title: str
    domain: str
    period: str
    region: str | None
    targets: list[str]
    chapters: list[ChapterNode]


def _document(document: Document) -> DocumentNode:
    plans = [
        PlanNode(
            id=p.id,
            title=p.title,
            domain=p.domain,
            period=p.period,
            tasks=sum(1 for t in p.tasks if not t.withdrawn),
        )
        for p in document.plans
    ]
    issued = document.issue_date.isoformat() if document.issue_date else None
    return DocumentNode(
        id=document.id,
        title=document.title,
        doc_number=document.doc_number,
        issuer=document.issuer,
        issue_date=issued,
        revision=document.revision,
        plans=plans,
    )


def region_tree(documents: list[Document]) -> list[RegionNode]:
    """Documents grouped by their region, in the order the service returned them."""
    regions: dict[str, list[DocumentNode]] = {}
    for document in documents:
        name = document.region.full_name if document.region else "（未定地区）"
        regions.setdefault(name, []).append(_document(document))
    return [RegionNode(region=name, documents=docs) for name, docs in sorted(regions.items())]


def plan_tree(plan: Plan) -> PlanTree:
    """A plan's targets and its chapters (by the tasks' chapter paths, in printed order) with tasks."""
    chapters: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for task in plan.tasks:
        if not task.withdrawn:
            entry = {
                "id": task.id,
                "number": task.number,
                "title": task.title,
                "due_date": task.due_date,
                "standing": task.standing,
                "kind": task.kind,
            }
            chapters.setdefault(tuple(task.path), []).append(entry)
    return PlanTree(
        id=plan.id,
        title=plan.title,
        domain=plan.domain,
        period=plan.period,
        region=plan.region.full_name if plan.region else None,
        targets=[t.text for t in plan.targets],
        chapters=[ChapterNode(path=list(p), tasks=t) for p, t in chapters.items()],
    )


RegionParam = Annotated[int | None, Query(description="地区 id（含下级）；缺省为本人单位所在地区")]


@router.get("/plans", include_in_schema=False)
def plans_page(
    request: Request, db: SessionDep, user: CurrentUser, region_id: RegionParam = None
) -> Response:
    tree = region_tree(list_documents(db, scope_of(user, region_id)))
    return render(request, "plans.html", {"tree": tree, "nav": "plans", "page_title": "计划"})


@router.get("/api/plans")
def plans_api(db: SessionDep, user: CurrentUser, region_id: RegionParam = None) -> list[RegionNode]:
    """Regions → documents → plans (with task counts)."""
    return region_tree(list_documents(db, scope_of(user, region_id)))


def _plan(db: SessionDep, plan_id: int) -> Plan:
    plan = db.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"计划 {plan_id} 不存在")
    return plan


@router.get("/plans/{plan_id}", include_in_schema=False)
def plan_page(request: Request, db: SessionDep, user: CurrentUser, plan_id: int) -> Response:
    tree = plan_tree(_plan(db, plan_id))
    template = "plans_chapters.html" if request.headers.get("HX-Request") else "plans_plan.html"
    return render(request, template, {"plan": tree, "nav": "plans", "page_title": tree.title})


@router.get("/api/plans/{plan_id}")
def plan_api(db: SessionDep, user: CurrentUser, plan_id: int) -> PlanTree:
    """One plan: targets and chapters with their tasks."""
    return plan_tree(_plan(db, plan_id))
