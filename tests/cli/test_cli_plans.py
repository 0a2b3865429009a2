"""``envplan parse`` and ``envplan demo`` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from envplan.cli import app
from support import seed_path

runner = CliRunner()
JINCHENG = "004_4a1c0cf63212e619.txt"
REVIEW = "001_706581c7fb7291f2.txt"


def test_parse_one_file_prints_one_json_object() -> None:
    result = runner.invoke(app, ["parse", str(seed_path(JINCHENG))])
    assert result.exit_code == 0, result.output
    notice = json.loads(result.stdout)
    assert notice["document"]["doc_number"] == "城政办发〔2023〕20号"
    assert [plan["domain"] for plan in notice["plans"]] == ["air", "water", "soil"]
    task = notice["plans"][0]["tasks"][1]
    assert (task["number"], task["title"], task["kind"]) == ("2", "铸造园区专项整治", "task")
    assert task["milestones"][0] == {
        "text": "2023年4月底前", "kind": "due", "due": "2023-04-30", "start": None, "end": None,
        "recurrence": None, "time_of_day": None, "warnings": [], "inherited_from": None,
    }  # fmt: skip


def test_parse_several_files_prints_a_list(tmp_path: Path) -> None:
    out = tmp_path / "notices.json"
    files = [str(seed_path(JINCHENG)), str(seed_path("003_1a3a67b7a1f5494e.txt"))]
    result = runner.invoke(app, ["parse", *files, "--out", str(out)])
    assert result.exit_code == 0, result.output
    notices = json.loads(out.read_text(encoding="utf-8"))
    assert [n["document"]["doc_number"] for n in notices] == ["城政办发〔2023〕20号", "新政办发〔2023〕14号"]


def test_parse_reads_standard_input() -> None:
    data = seed_path(JINCHENG).read_bytes()
    result = runner.invoke(app, ["parse", "-"], input=data)
    assert result.exit_code == 0, result.output
    notice = json.loads(result.stdout)
    assert notice["document"]["source"] == "-"
    assert len(notice["plans"]) == 3


def test_parse_reads_gb18030_from_standard_input() -> None:
    data = seed_path(JINCHENG).read_text(encoding="utf-8").encode("gb18030")
    result = runner.invoke(app, ["parse", "-"], input=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["issuer"] == "晋城市城区人民政府办公室"


def test_parse_to_xlsx_writes_one_sheet_per_plan(tmp_path: Path) -> None:
    out = tmp_path / "ledger.xlsx"
    result = runner.invoke(app, ["parse", str(seed_path(JINCHENG)), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert "区生态环境分局" in "".join(cells)
    assert len(workbook.worksheets) >= 3


def test_parse_xlsx_needs_out() -> None:
    result = runner.invoke(app, ["parse", str(seed_path(JINCHENG)), "--format", "xlsx"])
    assert result.exit_code != 0
    assert "--out" in result.output


def test_parse_to_markdown() -> None:
    result = runner.invoke(app, ["parse", str(seed_path(JINCHENG)), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "晋城市城区空气质量再提升2023年行动计划" in result.stdout


def test_a_notice_without_plans_exits_2_with_one_line() -> None:
    result = runner.invoke(app, ["parse", str(seed_path(REVIEW))])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: no action plan found in {seed_path(REVIEW)}"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "no such file"), (b"", "empty"), (b"\x00\x01\x02\xff" * 100, "")],
    ids=["missing", "empty", "binary"],
)
def test_unreadable_input_exits_non_zero_without_traceback(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    path = tmp_path / "notice.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0]
    assert problem in lines[0]


def test_demo_prints_the_summary_and_writes_the_ledger(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "清河县" in result.stdout and "water" in result.stdout
    assert (tmp_path / "demo-ledger.xlsx").stat().st_size > 0


def test_demo_writes_to_the_data_directory_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from envplan.settings import get_settings

    monkeypatch.setenv("ENVPLAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["demo"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "demo-ledger.xlsx").exists()


def test_parse_from_standard_input_a_county_level_city_notice_in_another_house_style() -> None:
    notice_text = (
        "云政办发〔2024〕3号\n云岭市人民政府办公室\n二〇二四年三月一日\n"
        "云岭市地下水污染防治2024年工作方案\n为防治地下水污染，根据《白河市地下水污染防治2024年行动计划》，制定本方案。\n"
        "第一章 重点任务\n第一条 开展加油站防渗改造排查。2024年7月底前完成。"
        "（市商务局牵头，市生态环境局配合）\n"
    )
    result = runner.invoke(app, ["parse", "-"], input=notice_text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    notice = json.loads(result.stdout)
    document = notice["document"]
    assert (document["region"], document["level"], document["issue_date"]) == (
        "云岭市",
        "county",
        "2024-03-01",
    )
    (plan,) = notice["plans"]
    (task,) = plan["tasks"]
    assert (task["number"], task["path"], task["lead_units"]) == ("第一条", ["第一章 重点任务"], ["市商务局"])
    assert task["milestones"][0]["due"] == "2024-07-31"
