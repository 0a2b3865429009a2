"""The ledger's filter, sort and page parameters, read from the query string of a page or API call.

Empty form fields mean "no filter" (a browser sends ``domain=`` for 「全部」). Dates are ISO
``YYYY-MM-DD``; a malformed one is a 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query

from envplan.ledger.services.queries import LedgerQuery
from envplan.web.errors import BadInput


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{name}: {value!r} 不是 YYYY-MM-DD 格式的日期") from None


def _int(name: str, value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise BadInput(f"{name}: {value!r} 不是正整数")
    return int(value)


async def ledger_query(  # no I/O: runs on the event loop, no thread hop
    domain: Annotated[str | None, Query(description="water, air, soil, groundwater, other")] = None,
    unit_id: Annotated[str | None, Query(description="单位 id")] = None,
    role: Annotated[str | None, Query(description="lead, cooperating, responsible")] = None,
    status: Annotated[str | None, Query(description="状态代码，或 overdue（逾期）")] = None,
    due_from: Annotated[str | None, Query(description="完成时限起 YYYY-MM-DD")] = None,
    due_to: Annotated[str | None, Query(description="完成时限止 YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(description="在编号、任务、单位、计划中搜索")] = None,
    region_id: Annotated[str | None, Query(description="地区 id（含下级）")] = None,
    plan_id: Annotated[str | None, Query()] = None,
    sort: Annotated[
        str, Query(description="due_date, -due_date, task, unit, status, updated, completion")
    ] = "due_date",
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> LedgerQuery:
    return LedgerQuery(
        region_id=_int("region_id", region_id),
        domain=domain or None,
        unit_id=_int("unit_id", unit_id),
        role=role or None,
        status=status or None,
        due_from=_date("due_from", due_from),
        due_to=_date("due_to", due_to),
        text=q or None,
        plan_id=_int("plan_id", plan_id),
        sort=sort,
        page=page,
        page_size=page_size,
    )


LedgerQueryDep = Annotated[LedgerQuery, Depends(ledger_query)]

FIELD_NAMES = {
    "domain": "领域",
    "status": "状态",
    "role": "分工",
    "text": "搜索",
    "unit_id": "单位",
    "due_from": "时限起",
    "due_to": "时限止",
    "region_id": "地区",
    "plan_id": "计划",
}


def query_string(query: LedgerQuery, **changes: object) -> str:
    """The query string of ``query`` with ``changes`` (for sort and page links)."""
    values: dict[str, object] = {
        "domain": query.domain,
        "unit_id": query.unit_id,
        "role": query.role,
        "status": query.status,
        "due_from": query.due_from,
        "due_to": query.due_to,
        "q": query.text,
        "region_id": query.region_id,
        "plan_id": query.plan_id,
        "sort": query.sort,
        "page": query.page,
        "page_size": query.page_size,
    }
    values.update(changes)
    return urlencode({k: str(v) for k, v in values.items() if v not in (None, "")})


def describe(query: LedgerQuery) -> str:
    """「领域：water；状态：overdue」: the filters in words (for export titles)."""
    parts = [
        f"{label}：{getattr(query, name)}" for name, label in FIELD_NAMES.items() if getattr(query, name)
    ]
    return "；".join(parts) or "全部"
