"""Ledger workbook and Markdown from parsed plans: layout re-read with openpyxl, LibreOffice renders it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from envplan.documents.model import (
    Binding,
    Document,
    Level,
    Milestone,
    MilestoneKind,
    ParsedNotice,
    Plan,
    Table,
    Target,
    Task,
    TaskKind,
)
from envplan.documents.readers import read_document
from envplan.reports.plan_ledger import (
    LEDGER_COLUMNS,
    _row_height,
    ledger_row,
    render_markdown,
    sheet_name,
    write_ledger_xlsx,
)
from support import require_external

TITLE = "清河县空气质量再提升2023年行动计划"


def sample_notice() -> ParsedNotice:
    first = Task(
        number="1",
        title="推进清洁取暖改造。",
        text="1.推进清洁取暖改造。采暖季前完成剩余3000户改造。（责任单位：县发改（能源）局、县住建局，排在前位为牵头部门）",
        path=["三、重点任务", "（二）能源结构优化调整"],
        lead_units=["县发改（能源）局"],
        responsible_units=["县住建局"],
        milestones=[Milestone(text="采暖季前", kind=MilestoneKind.SEASON, due=dt.date(2023, 10, 31))],
    )
    second = Task(
        number="2",
        title="加强散煤管控。",
        text="2.加强散煤管控。秋冬季开展检查，每月抽检。〔县市场监管局牵头，县公安局参与〕",
        path=["三、重点任务", "（二）能源结构优化调整"],
        lead_units=["县市场监管局"],
        cooperating_units=["县公安局"],
        milestones=[
            Milestone(text="秋冬季", kind=MilestoneKind.SEASON),
            Milestone(text="每月", kind=MilestoneKind.RECURRING, recurrence="monthly"),
        ],
        warnings=["unit clause not understood: 〔另行通知〕"],
    )
    third = Task(
        number="3",
        title="=SUM(A1)开展专项行动。",
        text="=SUM(A1)开展专项行动。",
        path=["四、专项行动"],
        kind=TaskKind.SPECIAL_ACTION,
    )
    target = Target(
        text="全县PM2.5平均浓度力争降到35微克/立方米",
        indicator="PM2.5平均浓度",
        comparator="<=",
        value=35.0,
        unit="µg/m³",
        year=2023,
        binding=Binding.ASPIRATIONAL,
        quantitative=True,
    )
    plan = Plan(title=TITLE, domain="air", period="2023", tasks=[first, second, third], targets=[target])  # type: ignore[arg-type]
    document = Document(
        title="清河县人民政府办公室关于印发…的通知",
        doc_number="清政办发〔2023〕8号",
        issuer="清河县人民政府办公室",
        issue_date=dt.date(2023, 3, 20),
        level=Level.COUNTY,
        source="demo.txt",
    )
    return ParsedNotice(document=document, plans=[plan])


@pytest.fixture()
def workbook_path(tmp_path: Path) -> Path:
    return write_ledger_xlsx([sample_notice()], tmp_path / "out" / "ledger.xlsx")


def test_plan_sheet_layout(workbook_path: Path) -> None:
    book = load_workbook(workbook_path)
    assert book.sheetnames == ["概况", TITLE, "目标"]
    sheet = book[TITLE]
    assert sheet["A1"].value == f"{TITLE}重点工作任务台账（清政办发〔2023〕8号）"
    assert [c.value for c in sheet[2]] == list(LEDGER_COLUMNS)
    assert all(c.font.b for c in sheet[2])
    assert [c.value for c in sheet[3]] == [
        "（二）能源结构优化调整",
        "1",
        "推进清洁取暖改造。采暖季前完成剩余3000户改造。（责任单位：县发改（能源）局、县住建局，排在前位为牵头部门）",
        "采暖季前",
        "县发改（能源）局",
        None,
        "县住建局",
        None,
    ]
    assert [c.value for c in sheet[4]][1:] == [
        "2",
        "加强散煤管控。秋冬季开展检查，每月抽检。〔县市场监管局牵头，县公安局参与〕",
        "秋冬季；每月",
        "县市场监管局",
        "县公安局",
        None,
        "unit clause not understood: 〔另行通知〕",
    ]
    assert "A3:A4" in {str(r) for r in sheet.merged_cells.ranges}  # one 任务类别 over both rows
    assert sheet["C5"].value == "=SUM(A1)开展专项行动。" and sheet["C5"].data_type == "s"


def test_print_setup_and_frozen_header(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)[TITLE]
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet["C3"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width
    assert sheet.row_dimensions[3].height == 14.5 + 4  # every cell fits on one line


@pytest.mark.parametrize(
    ("row", "lines"),
    [
        (["字" * 60], 1),
        (["字" * 61], 2),
        (["字" * 130], 3),
        (["a" * 120], 1),
        (["甲\n乙\n丙"], 3),
        ([None, "x"], 1),
    ],
)
def test_row_height_fits_wrapped_text(row: list[str | None], lines: int) -> None:
    assert _row_height(row, [60, 6]) == 14.5 * lines + 4


def test_overview_and_targets_sheets(workbook_path: Path) -> None:
    book = load_workbook(workbook_path)
    overview = [c.value for c in book["概况"][3]]
    assert overview[:4] == [
        "清政办发〔2023〕8号",
        "清河县人民政府办公室关于印发…的通知",
        "清河县人民政府办公室",
        "2023-03-20",
    ]
    assert overview[5:8] == [TITLE, 3, 1]
    targets = [c.value for c in book["目标"][3]]
    assert targets == [
        TITLE,
        "PM2.5平均浓度",
        "<=",
        35,
        "µg/m³",
        None,
        2023,
        None,
        "争取性",
        "全县PM2.5平均浓度力争降到35微克/立方米",
    ]


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = {"概况"}
    long = "吕梁市水环境质量再提升2023年行动计划（征求意见稿）[第二版]/附件"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second and second.endswith("(2)")
    assert not set("[]:*?/\\") & set(first + second)
    assert sheet_name("概况", taken) == "概况(2)"


def test_notice_without_plans_is_listed() -> None:
    empty = ParsedNotice(document=Document(source="review.txt"), warnings=["no action plan found"])
    markdown = render_markdown([empty])
    assert "# review.txt" in markdown and "提示：no action plan found" in markdown


def test_markdown_digest() -> None:
    notice = sample_notice()
    notice.plans[0].tables.append(
        Table(title="重点项目表", headers=["序号", "内容"], rows=[["1", "A|B\n二期"]], kind="projects")
    )
    markdown = render_markdown([notice])
    assert markdown.startswith("# 清河县人民政府办公室关于印发…的通知\n")
    assert "- 文号：清政办发〔2023〕8号" in markdown
    assert f"## {TITLE}" in markdown
    assert "- 领域：大气" in markdown
    assert "- 全县PM2.5平均浓度力争降到35微克/立方米（争取性）" in markdown
    assert "### 表：重点项目表\n\n| 序号 | 内容 |\n|---|---|\n| 1 | A\\|B<br>二期 |" in markdown
    assert "| （二）能源结构优化调整 | 2 | 加强散煤管控。" in markdown
    assert (
        "| 秋冬季；每月 | 县市场监管局 | 县公安局 |  | unit clause not understood: 〔另行通知〕 |" in markdown
    )


def _office() -> str:
    for name in ("libreoffice", "soffice"):
        found = shutil.which(name)
        if found:
            return found
    require_external("LibreOffice", "neither libreoffice nor soffice is on PATH", "ENVPLAN_REQUIRE_BROWSER")
    raise AssertionError("unreachable")


@pytest.mark.slow
def test_libreoffice_renders_the_chinese_ledger(workbook_path: Path, tmp_path: Path) -> None:
    office = _office()
    if not shutil.which("pdftotext"):
        require_external("pdftotext", "poppler-utils not installed", "ENVPLAN_REQUIRE_BROWSER")
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs do not collide
    command = [
        office,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(workbook_path),
    ]
    subprocess.run(
        command, check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)}
    )
    pdf = tmp_path / "ledger.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert f"{TITLE}重点工作任务台账" in text
    assert "县发改（能源）局" in text
    assert "采暖季前" in text
    # Read back as a table, every cell is whole: the rows are tall enough for their wrapped text.
    [ledger] = [t for t in read_document(pdf).tables if t.headers == list(LEDGER_COLUMNS)]
    expected = [ledger_row(task) for task in sample_notice().plans[0].tasks]
    assert [[_bare(c) for c in row] for row in ledger.rows] == [[_bare(c) for c in row] for row in expected]


def _bare(text: str) -> str:
    return "".join(text.split())


def test_demo_notices_ledger_has_a_sheet_per_plan(tmp_path: Path) -> None:
    from envplan.demo import demo_notice_paths
    from envplan.documents.parser import parse_file

    notices = [parse_file(path) for path in demo_notice_paths()]
    book = load_workbook(write_ledger_xlsx(notices, tmp_path / "demo.xlsx"))
    plans = [plan for notice in notices for plan in notice.plans]
    assert len(plans) == 4  # city water; county water, air, soil
    assert book.sheetnames == ["概况", *[plan.title for plan in plans], "目标"]
    for plan in plans:
        sheet = book[plan.title]
        assert sheet.max_row == 2 + len(plan.tasks)
        numbers = [sheet.cell(row, 2).value for row in range(3, sheet.max_row + 1)]
        assert numbers == [task.number for task in plan.tasks]
