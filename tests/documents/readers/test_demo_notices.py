"""The shipped demo notices: package data, readable, fictional, and carrying every style of issue 2."""

from __future__ import annotations

import pytest

from envplan.demo import demo_notice_paths, demo_notice_text
from envplan.documents.readers import read_document

COUNTY = "qinghe_county_2023.txt"

UNIT_CLAUSE_STYLES = [
    "（县水利局牵头，县生态环境局、县财政局配合，各乡（镇）人民政府负责。",
    "（县住建局、县水利局按职责牵头）",
    "（县生态环境局、县工业和信息化局按职责分工负责）",
    "（县住建局负责）",
    "〔责任单位：县住建局、县城市管理局〕",
    "〔责任单位：县生态环境局牵头，县工业和信息化局配合〕",
    "（牵头单位：县农业农村局；责任单位：相关乡（镇）人民政府）",
    "〔县市场监管局牵头，县公安局参与，各乡（镇）人民政府负责落实〕",
    "（责任单位：县发改（能源）局、县住建局、县财政局，排在前位为牵头部门）",
    "牵头督导",
    "协办",
    "以下各项任务和专项行动均需各乡（镇）人民政府负责，不再列出",
    "县发展和改革局、商务局、生态环境局配合",  # shared prefix 县 dropped
]
TIME_STYLES = [
    "2023年10月底前",
    "12月底前",
    "2023年6月前",
    "年底前",
    "2023年4月1日起",
    "2023年5-9月",
    "5-9月每日10-16时",
    "每年5月底前",
    "每月",
    "每季度",
    "采暖季前",
    "秋冬季",
    "长期坚持",
    "常态化",
    "2023年 年 8月底前",
]


def test_demo_notices_are_package_data() -> None:
    paths = demo_notice_paths()
    assert [p.name for p in paths] == ["qinglan_city_water_2023.txt", COUNTY]
    for path in paths:
        source = read_document(path)
        assert source.encoding == "utf-8"
        assert "演示用虚构文件" in source.text.splitlines()[0]


@pytest.mark.parametrize("words", UNIT_CLAUSE_STYLES + TIME_STYLES)
def test_county_notice_uses_every_style(words: str) -> None:
    assert words in demo_notice_text(COUNTY)


def test_county_notice_tables_are_rectangular() -> None:
    text = demo_notice_text(COUNTY)
    lines = text.splitlines()
    project_header = lines.index("序号\t项目名称\t断面\t内容\t实施主体\t完成时限\t备注")
    ledger_header = lines.index("任务类别\t序号\t具体措施\t完成时限\t牵头单位\t备注")
    projects = lines[project_header + 1 : project_header + 5]
    ledger = lines[ledger_header + 1 : ledger_header + 10]
    assert all(len(row.split("\t")) == 7 for row in projects)
    assert all(len(row.split("\t")) == 6 for row in ledger)
    assert [row.split("\t")[1] for row in ledger] == [str(n) for n in range(1, 10)]


def test_county_cites_the_city_plan() -> None:
    city_title = "青岚市水环境质量再提升2023年行动计划"
    assert f"《{city_title}》" in demo_notice_text(COUNTY)
    assert city_title in demo_notice_text("qinglan_city_water_2023.txt")
