"""An attachment list (附件：…, 附件1, also written as a list item 「- 附件：…」) ends the tasks: its
items are no part of the last task's text."""

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
    "attachments",
    [
        "- 附件：1.2024年耕地安全利用目标\n2.重点工作任务台账\n",
        "-附件:1.2024年耕地安全利用目标\n",
        "• 附件：2024年耕地安全利用目标\n",
        "附件：1.2024年耕地安全利用目标\n2.重点工作任务台账\n",
        "附件1\n2024年耕地安全利用目标\n",
    ],
)
def test_attachment_list_ends_the_last_task(attachments: str) -> None:
    plan = parse_text(PLAN + attachments).plans[0]
    assert [t.number for t in plan.tasks] == ["1", "（一）"]
    assert plan.tasks[-1].text == "（一）强化目标考核\n对未完成考核指标的约谈相关人员。"


def test_a_dash_alone_does_not_end_the_tasks() -> None:
    last = parse_text(PLAN + "- 每季度通报一次考核结果。\n").plans[0].tasks[-1]
    assert last.text.endswith("每季度通报一次考核结果。")


def test_seed_004_air_plan_last_safeguard_ends_before_its_attachment_list() -> None:
    air = parse_file(seed_path("004_4a1c0cf63212e619.txt")).plans[0]
    last = air.tasks[-1]
    assert (len(air.tasks), last.number, last.title) == (21, "（四）", "严格监督考核")
    assert last.text.endswith("情节严重的依法依规对相关责任人进行严肃问责。")
    assert "附件" not in last.text and "预控制目标" not in last.text and "台账" not in last.text
