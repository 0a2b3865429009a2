"""Code names of the ledger's closed vocabularies, with the Chinese labels the pages show."""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

import sqlalchemy as sa


class RegionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"  # 县 and county-level 市
    DISTRICT = "district"  # 市辖区


class UnitKind(StrEnum):
    GOVERNMENT = "government"  # 人民政府 and its office
    DEPARTMENT = "department"  # 局, 厅, 委, 办
    BRANCH = "branch"  # 分局 of a city bureau in a county
    ENTERPRISE = "enterprise"
    COLLECTIVE = "collective"  # 各县（市、区）人民政府, 相关镇: a group, not one body
    OTHER = "other"


class AssignmentRole(StrEnum):
    LEAD = "lead"  # 牵头
    COOPERATING = "cooperating"  # 配合
    RESPONSIBLE = "responsible"  # 负责落实 / 责任单位


class AssignmentStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    EXTENSION_REQUESTED = "extension_requested"
    PENDING_REVIEW = "pending_review"
    CLOSED = "closed"


STATUS_LABELS: dict[AssignmentStatus, str] = {
    AssignmentStatus.NOT_STARTED: "未启动",
    AssignmentStatus.IN_PROGRESS: "推进中",
    AssignmentStatus.EXTENSION_REQUESTED: "延期申请中",
    AssignmentStatus.PENDING_REVIEW: "已完成(待审核)",
    AssignmentStatus.CLOSED: "已销号",
}

ROLE_LABELS: dict[AssignmentRole, str] = {
    AssignmentRole.LEAD: "牵头",
    AssignmentRole.COOPERATING: "配合",
    AssignmentRole.RESPONSIBLE: "负责落实",
}


class UserRole(StrEnum):
    ADMINISTRATOR = "administrator"
    BUREAU_STAFF = "bureau_staff"
    UNIT_OFFICER = "unit_officer"
    VIEWER = "viewer"


def enum_type(enum: type[Enum], length: int = 32) -> sa.Enum:
    """A portable enum column: stored as its value in a VARCHAR (no PostgreSQL ENUM type)."""

    def values(members: Any) -> list[str]:
        return [m.value for m in members]

    return sa.Enum(enum, native_enum=False, values_callable=values, length=length, create_constraint=False)
