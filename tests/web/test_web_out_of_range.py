"""Numbers no database column can hold give 422 with the reason, never a server error (found by
schemathesis against /openapi.json); a policy for a region that does not exist is 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_models import WarningPolicyRow
from web.web_helpers import sign_in

HUGE = 2**70  # beyond SQLite's and PostgreSQL's 64-bit integers


@pytest.mark.parametrize(
    "path",
    [
        f"/api/tasks/{HUGE}",
        f"/api/plans/{HUGE}",
        f"/api/evidence/{HUGE}",
        f"/api/plans?region_id={HUGE}",
        f"/api/dispatch/assignments/{HUGE}/actions",
    ],
)
def test_huge_ids_are_refused_with_422(client: TestClient, administrator: object, path: str) -> None:
    sign_in(client, "admin")
    response = client.get(path)
    assert response.status_code == 422, response.text
    assert response.json() == {"detail": "数值超出范围：请求中的编号或数字过大"}


def test_a_huge_id_on_a_page_shows_the_error_page(client: TestClient, administrator: object) -> None:
    sign_in(client, "admin")
    response = client.get(f"/tasks/{HUGE}")
    assert response.status_code == 422
    assert "数值超出范围" in response.text and "<html" in response.text


def test_a_policy_for_an_unknown_region_is_404_and_stores_nothing(
    client: TestClient, administrator: object, session: Session
) -> None:
    token = sign_in(client, "admin")
    for region_id in (0, 999_999):
        body: dict[str, object] = {"region_id": region_id, "values": {}}
        response = client.put("/api/dispatch/policy", json=body, headers={"X-CSRF-Token": token})
        assert response.status_code == 404, response.text
        assert response.json() == {"detail": f"region {region_id} does not exist"}
    session.rollback()  # see what the app committed
    assert session.scalar(select(func.count()).select_from(WarningPolicyRow)) == 0
