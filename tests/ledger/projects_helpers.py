"""Made-up project tables and notices shared by the project tests (``ledger.projects_helpers``)."""

from __future__ import annotations

import datetime as dt

from envplan.documents.model import Document as ParsedDocument
from envplan.documents.model import Domain, Level, ParsedNotice, Table
from envplan.documents.model import Plan as ParsedPlan


def synthetic_table() -> Table:
    """A made-up 重点项目表 with several units per cell, in three unit columns."""
    return Table(
        "重点项目表",
        ["序号", "项目名称", "项目内容", "牵头单位", "配合单位", "责任单位", "完成时限"],
        [
            ["1", "城区雨污分流改造", "改造管网12公里", "市住建局", "市生态环境局、财政局",
             "各县（市、区）人民政府", "2023年12月底前"],
            ["2", "饮用水水源地规范化建设", "", "", "",
             "市生态环境局、市水利局，各县（市、区）人民政府", "2023年10月"],
            ["3", "入河排污口整治", "", "", "", "市财政局配合，市水利局牵头，县级人民政府负责", ""],
            ["4", "污泥处置中心建设", "", "市生态环境局", "", "市生态环境局", "2024年6月"],
        ],
        kind="projects",
    )  # fmt: skip


PLAN_TITLE = "吕梁市水环境质量再提升2023年行动计划（项目测试）"


def project_notice(*, revised: bool = False) -> ParsedNotice:
    """A made-up 吕梁 notice whose only content is :func:`synthetic_table`; ``revised`` changes row 1's
    cooperating units, renames row 2, drops row 3, moves row 4's time and adds a row."""
    table = synthetic_table()
    if revised:
        rows = table.rows
        rows[0][4] = "市生态环境局"
        rows[1][1] = "饮用水水源地规范化建设（一期）"
        rows[3][6] = "2024年9月"
        table.rows = [rows[0], rows[1], rows[3], ["5", "河道清淤", "", "", "", "市水利局", "2023年11月"]]
    plan = ParsedPlan(PLAN_TITLE, Domain.WATER, "2023", 2023, 2023, "吕梁市", tables=[table])
    document = ParsedDocument(
        "吕梁市项目测试通知",
        "吕政办测〔2023〕7号",
        "吕梁市人民政府办公室",
        dt.date(2023, 3, 1),
        "吕梁市",
        Level.CITY,
    )
    return ParsedNotice(document, [plan])
