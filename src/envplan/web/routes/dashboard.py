"""The dashboard (总览): assignments by status, overdue, due within 30 days, by domain and by unit."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from envplan.ledger.clock import beijing_today
from envplan.ledger.models import STATUS_LABELS, AssignmentStatus, User
from envplan.ledger.services.dashboard import Dashboard, dashboard
from envplan.web.deps import CurrentUser, SessionDep
from envplan.web.render import DOMAIN_LABELS, render

router = APIRouter(tags=["总览"])
RegionParam = Annotated[int | None, Query(description="地区 id（含下级）；缺省为本人单位所在地区")]


def scope_of(user: User, region_id: int | None) -> int | None:
    """The region shown: asked for, else the user's unit's region (administrators: everything)."""
    if region_id is not None or user.unit is None:
        return region_id
    return user.unit.region_id


STATUS_COLOURS = {
    AssignmentStatus.NOT_STARTED: "#98a2b3",
    AssignmentStatus.IN_PROGRESS: "#2e90fa",
    AssignmentStatus.EXTENSION_REQUESTED: "#f79009",
    AssignmentStatus.PENDING_REVIEW: "#7a5af8",
    AssignmentStatus.CLOSED: "#12b76a",
}


def status_pie(board: Dashboard) -> dict[str, Any]:
    statuses = list(AssignmentStatus)
    return {
        "type": "pie",
        "title": "按状态",
        "labels": [STATUS_LABELS[s] for s in statuses],
        "values": [board.by_status[s] for s in statuses],
        "colors": [STATUS_COLOURS[s] for s in statuses],
    }


def domain_bars(board: Dashboard) -> dict[str, Any]:
    domains = sorted(board.by_domain)
    series = [
        {
            "name": STATUS_LABELS[s],
            "values": [board.by_domain[d].get(s, 0) for d in domains],
            "color": STATUS_COLOURS[s],
        }
        for s in AssignmentStatus
    ]
    return {
        "type": "bar",
        "title": "按领域",
        "labels": [DOMAIN_LABELS.get(d, d) for d in domains],
        "series": series,
    }


def unit_bars(board: Dashboard, count: int = 15) -> dict[str, Any]:
    units = board.by_unit[:count]
    series = [
        {"name": "逾期", "values": [u.overdue for u in units], "color": "#b42318"},
        {"name": "已销号", "values": [u.closed for u in units], "color": "#067647"},
        {"name": "其他", "values": [u.total - u.overdue - u.closed for u in units], "color": "#98a2b3"},
    ]
    return {
        "type": "bar",
        "title": "按单位（逾期优先）",
        "labels": [u.unit_name for u in units],
        "series": series,
    }


def charts(board: Dashboard) -> dict[str, str]:
    """ECharts specs (JSON for data-chart attributes) built from the same numbers as the page."""
    specs = {"status": status_pie(board), "domain": domain_bars(board), "unit": unit_bars(board)}
    return {name: json.dumps(spec, ensure_ascii=False) for name, spec in specs.items()}


@router.get("/", include_in_schema=False)
def dashboard_page(
    request: Request, db: SessionDep, user: CurrentUser, region_id: RegionParam = None
) -> Response:
    board = dashboard(db, today=beijing_today(), region_id=scope_of(user, region_id))
    context: dict[str, Any] = {
        "board": board,
        "charts": charts(board),
        "nav": "dashboard",
        "page_title": "总览",
    }
    return render(request, "dashboard.html", context)


@router.get("/api/dashboard")
def dashboard_api(db: SessionDep, user: CurrentUser, region_id: RegionParam = None) -> Dashboard:
    """Counts of live assignments of the region (default: the user's unit's region)."""
    return dashboard(db, today=beijing_today(), region_id=scope_of(user, region_id))
