"""Plans as a tree: region → document (发文) → plan → chapters → tasks, and the plans' projects.

The page lists regions, documents and plans; a plan's chapters and tasks load when it is opened
(htmx), from the same function as its JSON twin ``/api/plans/{id}``, which also carries the plan's
project tables (重点项目表) with every unit of each row. ``/projects`` lists the projects of the
region's plans, filtered to one unit (``unit_id``: every project naming it, in any role); its twin
is ``/api/projects``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from envplan.ledger.models import ROLE_LABELS, Document, Plan, Project
from envplan.ledger.services.project_queries import list_projects, plan_with_projects, units_with_projects
from envplan.ledger.services.queries import list_documents
from envplan.web.deps import CurrentUser, SessionDep
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


class ProjectUnitNode(BaseModel):
    unit_id: int
    name: str
    role: str  # lead | cooperating | responsible
    role_label: str  # 牵头 | 配合 | 负责落实


class ProjectNode(BaseModel):
    id: int
    row_number: int  # 1-based within its table
    name: str
    due_text: str | None
    cells: dict[str, str]  # the row as printed, by header
    units: list[ProjectUnitNode]  # in the order written


class ProjectTableNode(BaseModel):
    title: str
    projects: list[ProjectNode]


class PlanTree(BaseModel):
    id: int
    title: str
    domain: str
    period: str
    region: str | None
    targets: list[str]
    chapters: list[ChapterNode]
    project_tables: list[ProjectTableNode]


class ListedProject(ProjectNode):
    plan_id: int
    plan_title: str
    table_title: str


class UnitOption(BaseModel):
    id: int
    name: str


class ProjectList(BaseModel):
    region_id: int | None
    unit: UnitOption | None  # the filter, when one unit is asked for
    units: list[UnitOption]  # every unit named by a project in the region (the filter's choices)
    projects: list[ListedProject]


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
        project_tables=project_tables(plan.projects),
    )


def project_node(project: Project) -> ProjectNode:
    """A project row with its units."""
    units = [
        ProjectUnitNode(unit_id=u.unit_id, name=u.unit.name, role=u.role, role_label=ROLE_LABELS[u.role])
        for u in project.units
    ]
    return ProjectNode(
        id=project.id,
        row_number=project.row_number,
        name=project.name,
        due_text=project.due_text,
        cells=project.cells,
        units=units,
    )


def project_tables(projects: list[Project]) -> list[ProjectTableNode]:
    """Projects grouped by their table, tables and rows in printed order."""
    tables: dict[str, list[ProjectNode]] = {}
    for project in projects:
        tables.setdefault(project.table_title, []).append(project_node(project))
    return [ProjectTableNode(title=title, projects=rows) for title, rows in tables.items()]


def project_list(db: SessionDep, region_id: int | None, unit_id: int | None) -> ProjectList:
    """The projects of the region's plans (naming ``unit_id`` when given) and the units to filter on."""
    units = [UnitOption(id=u.id, name=u.name) for u in units_with_projects(db, region_id=region_id)]
    listed = [
        ListedProject(
            **project_node(p).model_dump(),
            plan_id=p.plan_id,
            plan_title=p.plan.title,
            table_title=p.table_title,
        )
        for p in list_projects(db, region_id=region_id, unit_id=unit_id)
    ]
    chosen = next((u for u in units if u.id == unit_id), None)
    return ProjectList(region_id=region_id, unit=chosen, units=units, projects=listed)


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


@router.get("/plans/{plan_id}", include_in_schema=False)
def plan_page(request: Request, db: SessionDep, user: CurrentUser, plan_id: int) -> Response:
    tree = plan_tree(plan_with_projects(db, plan_id))
    template = "plans_chapters.html" if request.headers.get("HX-Request") else "plans_plan.html"
    return render(request, template, {"plan": tree, "nav": "plans", "page_title": tree.title})


@router.get("/api/plans/{plan_id}")
def plan_api(db: SessionDep, user: CurrentUser, plan_id: int) -> PlanTree:
    """One plan: targets, chapters with their tasks, and project tables with every unit of each row."""
    return plan_tree(plan_with_projects(db, plan_id))


UnitParam = Annotated[int | None, Query(description="单位 id：只列出含该单位（任一分工）的项目")]


@router.get("/projects", include_in_schema=False)
def projects_page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    region_id: RegionParam = None,
    unit_id: UnitParam = None,
) -> Response:
    listing = project_list(db, scope_of(user, region_id), unit_id)
    title = f"重点项目 · {listing.unit.name}" if listing.unit else "重点项目"
    return render(
        request, "plans_projects_list.html", {"listing": listing, "nav": "plans", "page_title": title}
    )


@router.get("/api/projects")
def projects_api(
    db: SessionDep, user: CurrentUser, region_id: RegionParam = None, unit_id: UnitParam = None
) -> ProjectList:
    """Projects of the plans of a region (default: the user's unit's region), optionally of one unit."""
    return project_list(db, scope_of(user, region_id), unit_id)
