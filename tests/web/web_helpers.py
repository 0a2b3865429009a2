"""Helpers of the web tests (importable as ``web.web_helpers``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, AssignmentRole, Task
from envplan.settings import Settings

PERSONA_PASSWORD = "persona-password-1"  # the same as tests/conftest.py's
REPORT = {"period": "2023-05", "completion_percent": 40, "progress": "已完成设备招标"}

# A small 吕梁 notice written for these tests (not seed text).
NOTICE = """吕梁市人民政府办公室
关于印发吕梁市大气污染防治2024年行动计划的通知

吕政办测〔2024〕9号

各县（市、区）人民政府，市直有关单位：
　　《吕梁市大气污染防治2024年行动计划》已经市人民政府同意，现印发给你们，请认真贯彻执行。

吕梁市人民政府办公室
2024年2月1日

吕梁市大气污染防治2024年行动计划

一、主要目标
　　2024年，全市PM2.5平均浓度不高于38微克/立方米。
二、重点任务
　　1.开展散煤清零。2024年10月底前完成散煤清零。（市生态环境局牵头，市住建局配合）
　　2.加强扬尘管控。长期坚持。（市住建局负责）
"""


def lead_assignment(session: Session, number: str = "1") -> Assignment:
    return session.scalars(
        select(Assignment)
        .join(Assignment.task)
        .where(Task.number == number, Assignment.role == AssignmentRole.LEAD)
    ).one()


def make_settings(database_url: str, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        "data_dir": data_dir,
        "secret_key": "web-tests-secret",
        "login_max_failures": 3,
        "login_window_seconds": 60,
        "session_max_age_seconds": 3600,
        **overrides,
    }
    return Settings.model_validate(values)


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token (creates the anonymous session if needed)."""
    token = client.get("/api/session").json()["csrf_token"]
    assert isinstance(token, str) and len(token) > 20
    return token


def sign_in(client: TestClient, username: str, password: str = PERSONA_PASSWORD) -> str:
    """Sign in through the JSON API; returns the new CSRF token."""
    response = client.post(
        "/api/session",
        json={"username": username, "password": password},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert response.status_code == 200, response.text
    token = response.json()["csrf_token"]
    assert isinstance(token, str)
    return token
