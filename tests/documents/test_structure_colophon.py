"""The 版记 after the last plan (GB/T 9704-2012 clause 10: 抄送 line, issuing office and 印发 date)
is no part of the last task: its date is no deadline."""

from __future__ import annotations

import pytest

from envplan.documents import parse_file, parse_text
from support import seed_path

PLAN = """青岚县土壤污染防治2024年行动计划
为保障土壤环境安全，根据《山西省土壤污染防治2024年行动计划》，制定本行动计划。
一、重点任务
1.推进受污染耕地安全利用。2024年10月底前完成。（县农业农村局负责）
二、保障措施
（一）强化目标考核
对未完成考核指标的约谈相关人员。
"""


@pytest.mark.parametrize(
    "colophon",
    [
        "抄送：县委办公室，县人大常委会办公室，县政协办公室。\n青岚县人民政府办公室\n2024年3月5日印发\n",
        "抄 送：县委办、人大办、政协办，存。\n青岚县人民政府办公室 2024年 3月 5日印发\n",
        "青岚县人民政府办公室 2024年3月5日印发\n",
    ],
)
def test_colophon_ends_the_last_task(colophon: str) -> None:
    last = parse_text(PLAN + colophon).plans[0].tasks[-1]
    assert last.text.endswith("约谈相关人员。")
    assert last.milestones == []


@pytest.mark.parametrize("name", ["002_51e324a2bd90c1c6.txt", "004_4a1c0cf63212e619.txt"])
def test_seed_colophons_are_not_read_into_tasks(name: str) -> None:
    last = parse_file(seed_path(name)).plans[-1].tasks[-1]
    assert "抄送" not in last.text and "印发" not in last.text
    assert not [m for m in last.milestones if m.kind == "due"]
