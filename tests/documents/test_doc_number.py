"""文号 in the cover letter (GB/T 9704 clause 7.2.4: 发文机关代字〔年份〕序号号): a title that wraps onto the
文号's line must not lend its tail to the issuer abbreviation. Covers written for these tests."""

from __future__ import annotations

import pytest

from envplan.documents import parse_text
from envplan.documents.doc_numbers import find_doc_number

BODY = """吕梁市空气质量再提升2024年行动计划
为改善空气质量，根据《山西省空气质量再提升2024年行动计划》，制定本行动计划。
一、重点任务
1.推进燃煤锅炉淘汰。2024年10月底前完成。（市生态环境局牵头，市发改局配合）
"""
LETTER = (
    "各县（市、区）人民政府：\n现将《吕梁市空气质量再提升2024年行动计划》印发给你们。\n"
    "吕梁市人民政府办公室\n2024年3月1日\n"
)
TITLE = "吕梁市人民政府办公室关于印发吕梁市空气质量再提升2024年行动计划的通知"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("划的通知吕政办测〔2024〕9号", "吕政办测〔2024〕9号"),
        ("的通\n知吕政办发〔2024〕9号".replace("\n", ""), "吕政办发〔2024〕9号"),
        ("关于印发新绛县行动方案新政办发〔2023〕14号", "新政办发〔2023〕14号"),
        ("行动方\n案运环发[2023]3号".replace("\n", ""), "运环发[2023]3号"),
        ("年度工作要点晋政办发（2022）95号", "晋政办发（2022）95号"),
        ("实施意见城政办发【2023】20号", "城政办发【2023】20号"),
        ("行动计划环办监测〔2017〕51号", "环办监测〔2017〕51号"),
        ("吕梁市人民政府办公室文件吕政办发〔2023〕4号", "吕政办发〔2023〕4号"),
        ("晋政办发〔2022〕95号", "晋政办发〔2022〕95号"),
        ("关于报送监测数据的函晋环函〔2024〕12号", "晋环函〔2024〕12号"),
        ("国办发〔2021〕7号", "国办发〔2021〕7号"),
        ("2024年行动计\n划晋环函〔2024〕101号".replace("\n", ""), "晋环函〔2024〕101号"),
    ],
)
def test_issuer_abbreviation_drops_the_title_tail(line: str, expected: str) -> None:
    assert find_doc_number(line) == expected


@pytest.mark.parametrize("line", ["吕政办发2024年9号", "〔2024〕9号", "完成率达到90%以上"])
def test_no_doc_number_without_an_abbreviation_and_bracketed_year(line: str) -> None:
    assert find_doc_number(line) is None


@pytest.mark.parametrize(
    "cover",
    [
        # title wrapped before 划, then the 文号 on the title's last line
        "吕梁市人民政府办公室关于印发吕梁市空气质量再提升2024年行动计\n划的通知吕政办发〔2024〕9号\n",
        # title wrapped inside 通知
        "吕梁市人民政府办公室关于印发吕梁市空气质量再提升2024年行动计划的通\n知 吕政办发〔2024〕9号\n",
        # 文号 first, title after it on the same line
        "吕政办发〔2024〕9号 吕梁市人民政府办公室关于印发吕梁市空气质量再提升2024年行动计划的通知\n",
        # title on its own lines, 文号 on the next
        "吕梁市人民政府办公室关于印发吕梁市空气质量再提升\n2024年行动计划的通知\n吕政办发〔2024〕9号\n",
    ],
)
def test_wrapped_titles_keep_the_doc_number_and_the_title(cover: str) -> None:
    document = parse_text(cover + LETTER + BODY).document
    assert (document.doc_number, document.title) == ("吕政办发〔2024〕9号", TITLE)
