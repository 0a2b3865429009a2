"""House styles that differ from the seeds: short notices written for these tests (fictional
regions 青岚县, 白河市, 松溪区), each checked task by task: number, path, units, milestones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from envplan.documents import parse_file, parse_text
from envplan.documents.model import Plan, TaskKind


def only_plan(text: str) -> Plan:
    notice = parse_text(text)
    assert len(notice.plans) == 1
    return notice.plans[0]


def rows(plan: Plan) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    """(number, title, lead, cooperating, responsible) of every task."""
    return [(t.number, t.title, t.lead_units, t.cooperating_units, t.responsible_units) for t in plan.tasks]


def dues(plan: Plan) -> list[list[tuple[str, dt.date | None]]]:
    return [[(m.kind.value, m.due) for m in t.milestones] for t in plan.tasks]


CHAPTERS_AND_SECTIONS = """青岚县大气污染防治2024年行动计划
为持续改善全县环境空气质量，根据《白河市大气污染防治2024年行动计划》，结合我县实际，制定本行动计划。
第一章 工作目标
到2024年底，全县PM2.5平均浓度力争降到38微克/立方米。
第二章 重点任务
第一节 调整产业结构
1.淘汰落后产能。2024年6月底前完成焦化企业评估。（县发改局牵头，县工信局、县生态环境局配合）
2.整治散乱污企业。9月底前完成动态清零。（县工信局负责）
第二节 深化面源治理
3.强化扬尘管控。长期坚持。（县住建局牵头，交通局配合）
第三章 保障措施
第一节 加强组织领导
各乡镇要落实属地责任。
"""


def test_one_plan_without_cover_letter_in_chapters_and_sections() -> None:
    plan = only_plan(CHAPTERS_AND_SECTIONS)
    assert (plan.title, plan.domain.value, plan.period, plan.region) == (
        "青岚县大气污染防治2024年行动计划",
        "air",
        "2024",
        "青岚县",
    )
    assert plan.parent_plans == ["白河市大气污染防治2024年行动计划"]
    assert rows(plan) == [
        ("1", "淘汰落后产能", ["县发改局"], ["县工信局", "县生态环境局"], []),
        ("2", "整治散乱污企业", [], [], ["县工信局"]),
        ("3", "强化扬尘管控", ["县住建局"], ["县交通局"], []),
        ("第一节", "加强组织领导", [], [], []),
    ]
    assert [t.path for t in plan.tasks] == [
        ["第二章 重点任务", "第一节 调整产业结构"],
        ["第二章 重点任务", "第一节 调整产业结构"],
        ["第二章 重点任务", "第二节 深化面源治理"],
        ["第三章 保障措施"],
    ]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK] * 3 + [TaskKind.SAFEGUARD]
    assert dues(plan) == [
        [("due", dt.date(2024, 6, 30))],
        [("due", dt.date(2024, 9, 30))],
        [("ongoing", None)],
        [],
    ]
    assert [(t.indicator, t.value, t.year) for t in plan.targets] == [("PM2.5平均浓度", 38.0, 2024)]


ARABIC_CHAPTERS = """松溪区土壤污染防治2024年工作方案
为防范土壤环境风险，制定本方案。
1.工作目标
到2024年底，受污染耕地安全利用率达到93%以上。
2.重点任务
2.1加强重点监管单位管理。2024年5月底前更新名录，4.3万吨污染土壤完成处置。（区生态环境分局负责）
2.2推进农用地分类管理。2024年12月底前完成。（区农业农村局牵头，区自然资源局配合）
3.保障措施
3.1强化资金保障。区财政局统筹安排。
"""


def test_arabic_chapter_headings_with_dotted_tasks() -> None:
    plan = only_plan(ARABIC_CHAPTERS)
    assert rows(plan) == [
        ("2.1", "加强重点监管单位管理", [], [], ["区生态环境分局"]),
        ("2.2", "推进农用地分类管理", ["区农业农村局"], ["区自然资源局"], []),
        ("3.1", "强化资金保障", [], [], []),
    ]
    assert [t.path for t in plan.tasks] == [["2.重点任务"], ["2.重点任务"], ["3.保障措施"]]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SAFEGUARD]
    assert dues(plan) == [[("due", dt.date(2024, 5, 31))], [("due", dt.date(2024, 12, 31))], []]
    targets = [(t.indicator, t.comparator, t.value) for t in plan.targets]
    assert targets == [("受污染耕地安全利用率", ">=", 93.0)]


HALF_WIDTH = """白河市空气质量提升2024年行动计划
为改善空气质量,制定本行动计划.
一、重点任务
1.开展锅炉综合整治.2024年9月底前完成燃煤锅炉淘汰,PM2.5浓度下降1.5%.(市生态环境局牵头,市市场监管局、住建局配合)
2.加强柴油货车管控.2024年5-9月每日10-16时开展路检.(市公安局、市交通运输局按职责分工负责)
"""


def test_half_width_punctuation_throughout() -> None:
    plan = only_plan(HALF_WIDTH)
    assert rows(plan) == [
        ("1", "开展锅炉综合整治", ["市生态环境局"], ["市市场监管局", "市住建局"], []),
        ("2", "加强柴油货车管控", [], [], ["市公安局", "市交通运输局"]),
    ]
    assert "1.5%" in plan.tasks[0].text  # a decimal point stays a point
    window = plan.tasks[1].milestones[0]
    assert (window.kind.value, window.start, window.end, window.time_of_day) == (
        "window",
        dt.date(2024, 5, 1),
        dt.date(2024, 9, 30),
        "10:00-16:00",
    )


PAREN_TASKS = """白河市土壤污染防治2024年行动计划
为保障农产品质量安全，制定本行动计划。
一、重点任务
（1）严格建设用地准入管理。2024年9月底前完成地块调查。（市自然资源局牵头，市生态环境局配合）
（2）加强涉重金属企业监管。每月开展一次巡查。（市生态环境局负责）
二、保障措施
（一）加强组织领导。
"""


def test_tasks_numbered_in_parentheses_only() -> None:
    plan = only_plan(PAREN_TASKS)
    assert rows(plan) == [
        ("（1）", "严格建设用地准入管理", ["市自然资源局"], ["市生态环境局"], []),
        ("（2）", "加强涉重金属企业监管", [], [], ["市生态环境局"]),
        ("（一）", "加强组织领导", [], [], []),
    ]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SAFEGUARD]
    assert plan.tasks[1].milestones[0].recurrence == "monthly"


SECTION_TASKS_UNITS_BELOW = """白河市水环境质量提升2024年行动计划
为改善全市水环境质量，制定本行动计划。
一、重点任务
（一）推进城镇污水收集。2024年10月底前完成老城区雨污分流改造。
〔责任单位：市住建局、城管局〕
（二）整治入河排污口。每季度开展一次排查。
〔责任单位：市生态环境局牵头，市水利局配合〕
二、保障措施
（一）加强资金保障。市财政局统筹安排资金。
"""


def test_section_items_as_tasks_with_units_on_the_next_paragraph() -> None:
    plan = only_plan(SECTION_TASKS_UNITS_BELOW)
    assert rows(plan) == [
        ("（一）", "推进城镇污水收集", [], [], ["市住建局", "市城管局"]),
        ("（二）", "整治入河排污口", ["市生态环境局"], ["市水利局"], []),
        ("（一）", "加强资金保障", [], [], []),
    ]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SAFEGUARD]
    assert dues(plan)[0] == [("due", dt.date(2024, 10, 31))]
    quarterly = plan.tasks[1].milestones[0]
    assert (quarterly.kind.value, quarterly.recurrence) == ("recurring", "quarterly")


UNITS_AFTER_A_COLON = """青岚县地下水污染防治2024年行动计划
为保护地下水环境，制定本行动计划。
一、重点任务
1.开展地下水环境状况调查。2024年8月底前完成化工园区调查。责任单位：县生态环境局、水利局。
2.规范地下水取水井管理。2024年11月15日前完成封井。牵头单位：县水利局；配合单位：县自然资源局。
"""


def test_units_after_a_colon_at_the_end() -> None:
    plan = only_plan(UNITS_AFTER_A_COLON)
    assert rows(plan) == [
        ("1", "开展地下水环境状况调查", [], [], ["县生态环境局", "县水利局"]),
        ("2", "规范地下水取水井管理", ["县水利局"], ["县自然资源局"], []),
    ]
    assert dues(plan) == [[("due", dt.date(2024, 8, 31))], [("due", dt.date(2024, 11, 15))]]
    assert [t.warnings for t in plan.tasks] == [[], []]


TRADITIONAL = """青嵐縣水環境質量提升2024年行動計劃
為改善全縣水環境質量，制定本行動計劃。
一、重點任務
1.推進農村生活污水治理。2024年10月底前完成10個村治理。（縣生態環境局牽頭，縣農業農村局配合）
2.加強飲用水水源地保護。2024年6月底前完成規範化建設。（縣水利局負責）
"""


def test_traditional_characters_read_as_simplified() -> None:
    plan = only_plan(TRADITIONAL)
    assert (plan.title, plan.domain.value, plan.region) == (
        "青岚县水环境质量提升2024年行动计划",
        "water",
        "青岚县",
    )
    assert rows(plan) == [
        ("1", "推进农村生活污水治理", ["县生态环境局"], ["县农业农村局"], []),
        ("2", "加强饮用水水源地保护", [], [], ["县水利局"]),
    ]
    assert dues(plan) == [[("due", dt.date(2024, 10, 31))], [("due", dt.date(2024, 6, 30))]]


TARGETS_AS_LIST_AND_TABLE = """松溪区大气污染防治2024年行动计划
为改善区域空气质量，制定本行动计划。
一、工作目标
1.到2024年底，PM2.5平均浓度降至35微克/立方米以下。
2.到2024年底，优良天数比例达到80%以上。
指标\t2024年目标\t2025年目标
PM10平均浓度（微克/立方米）\t60\t58
重污染天数（天）\t3\t≤2
二、重点任务
1.推进清洁取暖改造。2024年10月底前完成5000户改造。（区住建局牵头，区财政局配合）
"""


def test_targets_as_a_numbered_list_and_as_a_table() -> None:
    plan = only_plan(TARGETS_AS_LIST_AND_TABLE)
    got = [(t.indicator, t.comparator, t.value, t.unit, t.year) for t in plan.targets]
    assert got == [
        ("PM2.5平均浓度", "<=", 35.0, "µg/m³", 2024),
        ("优良天数比例", ">=", 80.0, "%", 2024),
        ("PM10平均浓度", None, 60.0, "µg/m³", 2024),  # a table states no direction: not guessed
        ("PM10平均浓度", None, 58.0, "µg/m³", 2025),
        ("重污染天数", None, 3.0, "天", 2024),
        ("重污染天数", "<=", 2.0, "天", 2025),
    ]
    assert plan.targets[2].text == "指标 PM10平均浓度（微克/立方米）；2024年目标 60"
    assert plan.targets[0].text == "PM2.5平均浓度降至35微克/立方米以下"
    assert rows(plan) == [("1", "推进清洁取暖改造", ["区住建局"], ["区财政局"], [])]
    assert dues(plan) == [[("due", dt.date(2024, 10, 31))]]


CIRCLED_TASKS = """青岚县水污染防治2024年行动计划
为改善水环境质量，制定本行动计划。
一、重点任务
① 推进工业园区污水处理设施建设。2024年10月底前建成。（县工信局牵头，县住建局配合）
② 开展河道清淤。2024年汛期来临前完成。（县水利局负责）
"""

ARTICLES = """白河市地下水污染防治2024年工作方案
为防治地下水污染，制定本方案。
第一章 重点任务
第一条 开展加油站防渗改造排查。2024年7月底前完成。（市商务局牵头，市生态环境局配合）
第二条 加强危险废物填埋场监测。每季度监测一次。（市生态环境局负责）
"""

FIRST_SECOND = """松溪区噪声污染防治2024年行动计划
为营造安静环境，制定本行动计划。
一、重点任务
一是开展建筑施工噪声专项整治。2024年6月底前完成夜间施工排查。（区住建局牵头，区城管局配合）
二是加强社会生活噪声管理。长期坚持。（区公安分局负责）
"""


def test_circled_numbers_as_the_task_level() -> None:
    plan = only_plan(CIRCLED_TASKS)
    assert rows(plan) == [
        ("①", "推进工业园区污水处理设施建设", ["县工信局"], ["县住建局"], []),
        ("②", "开展河道清淤", [], [], ["县水利局"]),
    ]
    assert dues(plan) == [[("due", dt.date(2024, 10, 31))], [("season", dt.date(2024, 5, 31))]]


def test_articles_as_the_task_level() -> None:
    plan = only_plan(ARTICLES)
    assert rows(plan) == [
        ("第一条", "开展加油站防渗改造排查", ["市商务局"], ["市生态环境局"], []),
        ("第二条", "加强危险废物填埋场监测", [], [], ["市生态环境局"]),
    ]
    assert [t.path for t in plan.tasks] == [["第一章 重点任务"]] * 2
    assert plan.tasks[1].milestones[0].recurrence == "quarterly"


def test_yi_shi_er_shi_paragraphs_as_the_task_level() -> None:
    plan = only_plan(FIRST_SECOND)
    assert (plan.domain.value, plan.region) == ("other", "松溪区")
    assert rows(plan) == [
        ("一是", "开展建筑施工噪声专项整治", ["区住建局"], ["区城管局"], []),
        ("二是", "加强社会生活噪声管理", [], [], ["区公安分局"]),
    ]
    assert dues(plan) == [[("due", dt.date(2024, 6, 30))], [("ongoing", None)]]


def test_numbered_lists_without_unit_words_stay_inside_their_task() -> None:
    plan = only_plan(
        "白河市水环境质量提升2024年行动计划\n为改善水质，制定本行动计划。\n一、重点任务\n"
        "（一）推进污水治理。主要做好以下工作：\n（1）排查管网；\n（2）修复破损管道。\n"
        "（市住建局负责，2024年12月底前完成）\n"
    )
    assert rows(plan) == [("（一）", "推进污水治理", [], [], ["市住建局"])]
    assert "（2）修复破损管道" in plan.tasks[0].text


LABEL_LINES = """青岚县空气质量持续改善行动计划（2024—2025年）
为持续改善空气质量，制定本行动计划。
一、主要任务
1、【加强扬尘管控】严格落实施工工地“六个百分之百”要求。
责任单位：县住建局、交通局、水利局
完成时限：2024年6月30日前
2、【推进散煤治理】完成农村清洁取暖改造。
责任单位：县发改局（牵头）、县财政局
完成时限：2025年第三季度末前
3、【强化监测】每月通报空气质量排名，年内完成监测站点建设。（牵头单位：县生态环境局 配合单位：县气象局）
"""


def test_bracketed_titles_and_label_lines_under_each_task() -> None:
    plan = only_plan(LABEL_LINES)
    assert (plan.period, plan.period_start, plan.period_end) == ("2024—2025", 2024, 2025)
    assert rows(plan) == [
        ("1", "加强扬尘管控", [], [], ["县住建局", "县交通局", "县水利局"]),
        ("2", "推进散煤治理", ["县发改局"], [], ["县财政局"]),
        ("3", "强化监测", ["县生态环境局"], ["县气象局"], []),
    ]
    assert dues(plan) == [
        [("due", dt.date(2024, 6, 30))],
        [("due", dt.date(2025, 9, 30))],
        [("recurring", None), ("due", dt.date(2024, 12, 31))],
    ]
    assert plan.tasks[2].warnings == ["年内：未写年份，按2024年（计划首年）读入（计划期 2024—2025）"]


ATTACHMENTS_AND_PLAIN_UNIT_SENTENCES = """白政发〔2024〕12号
白河市人民政府
关于印发白河市大气污染防治2024年行动计划和白河市水污染防治2024年行动计划的通知
各县（市、区）人民政府，市直各有关单位：
现将《白河市大气污染防治2024年行动计划》《白河市水污染防治2024年行动计划》印发给你们，请认真贯彻落实。
白河市人民政府
2024年2月20日
附件1
白河市大气污染防治2024年行动计划
为深入打好蓝天保卫战，制定本行动计划。
一、重点任务
1.推进钢铁超低排放改造。2024年11月中旬前完成。由市生态环境局牵头，市工信局配合。
2.开展餐饮油烟治理。督促企业落实主体责任，2024年9月30日前完成。市城管局负责。
二、专项行动
（一）柴油货车污染治理专项行动
1.开展路检路查。2024年5月至9月开展。（市公安局、市交通局按职责分工负责）
附件2
白河市水污染防治2024年行动计划
为改善水环境质量，制定本行动计划。
一、重点任务
1.推进污水管网建设。2024年内完成。（市住建局牵头）
"""


def test_attached_plans_with_unit_sentences_without_brackets() -> None:
    notice = parse_text(ATTACHMENTS_AND_PLAIN_UNIT_SENTENCES)
    document = notice.document
    assert (document.doc_number, document.issuer, document.level) == (
        "白政发〔2024〕12号",
        "白河市人民政府",
        "city",
    )
    assert document.title == (
        "白河市人民政府关于印发白河市大气污染防治2024年行动计划和白河市水污染防治2024年行动计划的通知"
    )
    air, water = notice.plans
    assert rows(air) == [
        ("1", "推进钢铁超低排放改造", ["市生态环境局"], ["市工信局"], []),
        ("2", "开展餐饮油烟治理", [], [], ["市城管局"]),
        ("1", "开展路检路查", [], [], ["市公安局", "市交通局"]),
    ]
    assert [t.kind for t in air.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SPECIAL_ACTION]
    assert air.tasks[2].path == ["二、专项行动", "（一）柴油货车污染治理专项行动"]
    assert dues(air) == [
        [("due", dt.date(2024, 11, 20))],
        [("due", dt.date(2024, 9, 30))],
        [("window", dt.date(2024, 9, 30))],
    ]
    assert rows(water) == [("1", "推进污水管网建设", ["市住建局"], [], [])]
    assert dues(water) == [[("due", dt.date(2024, 12, 31))]]


TARGET_SECTION_AND_MEASURES = """青岚县土壤污染防治2024年行动计划
为防范土壤污染风险，制定本行动计划。
一、总体要求
（一）指导思想
坚持以习近平生态文明思想为指导。
（二）工作目标
到2024年底，受污染耕地安全利用率达到92%以上，重点建设用地安全利用得到有效保障。
二、具体措施
（一）加强耕地保护。2024年10月底前完成耕地土壤环境质量类别划分。（县农业农村局牵头，县生态环境局配合）
（二）严格建设用地准入。每季度更新一次名录。（县自然资源局负责）
三、保障措施
（一）加强组织领导。
"""


def test_target_section_under_general_requirements_and_a_measures_chapter() -> None:
    plan = only_plan(TARGET_SECTION_AND_MEASURES)
    assert [(t.indicator, t.comparator, t.value, t.quantitative) for t in plan.targets] == [
        ("受污染耕地安全利用率", ">=", 92.0, True),
        (None, None, None, False),
    ]
    assert plan.targets[1].text == "重点建设用地安全利用得到有效保障"
    assert rows(plan) == [
        ("（一）", "加强耕地保护", ["县农业农村局"], ["县生态环境局"], []),
        ("（二）", "严格建设用地准入", [], [], ["县自然资源局"]),
        ("（一）", "加强组织领导", [], [], []),
    ]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SAFEGUARD]
    assert dues(plan) == [[("due", dt.date(2024, 10, 31))], [("recurring", None)], []]


WORK_PLAN_WITH_IMPLEMENTATION_PREAMBLE = """松溪区扬尘污染专项整治方案
为有效管控扬尘污染，结合我区实际，制定本实施方案。
一、整治任务
1.开展施工工地扬尘专项检查。每年11月15日至次年3月15日每周检查一次。（区住建局负责）
2.完成渣土车密闭改造。2024年度完成。（区城管局牵头，区交警大队配合）
"""


def test_an_implementation_scheme_with_yearly_windows() -> None:
    plan = only_plan(WORK_PLAN_WITH_IMPLEMENTATION_PREAMBLE)
    assert (plan.title, plan.region, plan.period) == ("松溪区扬尘污染专项整治方案", "松溪区", "")
    assert rows(plan) == [
        ("1", "开展施工工地扬尘专项检查", [], [], ["区住建局"]),
        ("2", "完成渣土车密闭改造", ["区城管局"], ["区交警大队"], []),
    ]
    # no year in the title: dates without a year are not resolved, and the plan says so
    assert plan.warnings == ["标题中没有计划年度：未写年份的日期无法确定"]


ATTACHMENT_LABELS = """青政办发〔2024〕5号
青岚县人民政府办公室关于印发青岚县2024年大气和水污染防治行动计划的通知
各乡（镇）人民政府，县直各有关单位：
现将《青岚县大气污染防治2024年行动计划》《青岚县水污染防治2024年行动计划》印发给你们，请认真组织实施。
附件：1.青岚县大气污染防治2024年行动计划
2.青岚县水污染防治2024年行动计划
青岚县人民政府办公室
2024年3月5日
附件1：青岚县大气污染防治2024年行动计划
为改善空气质量，制定本行动计划。
一、重点任务
1.淘汰燃煤锅炉。2024年10月底前完成。（县生态环境局负责）
2.编制青岚县扬尘污染专项整治方案
（县住建局负责，2024年6月底前完成）
附件2 青岚县水污染防治2024年行动计划
为改善水环境质量，制定本行动计划。
一、重点任务
1.建设污水处理厂。2024年12月底前建成。（县住建局负责）
"""


def test_attachment_labels_before_titles_and_a_list_of_attachments_in_the_cover_letter() -> None:
    notice = parse_text(ATTACHMENT_LABELS)
    assert notice.document.issue_date == dt.date(2024, 3, 5)
    assert [plan.title for plan in notice.plans] == [
        "青岚县大气污染防治2024年行动计划",
        "青岚县水污染防治2024年行动计划",
    ]
    air, water = notice.plans
    assert rows(air) == [
        ("1", "淘汰燃煤锅炉", [], [], ["县生态环境局"]),
        ("2", "编制青岚县扬尘污染专项整治方案", [], [], ["县住建局"]),  # a task, not a plan title
    ]
    assert dues(air) == [[("due", dt.date(2024, 10, 31))], [("due", dt.date(2024, 6, 30))]]
    assert rows(water) == [("1", "建设污水处理厂", [], [], ["县住建局"])]


TASK_TABLE_ONLY = (
    "青岚县大气污染防治2024年行动计划\n为改善空气质量，制定本行动计划。\n"
    "一、工作目标\n到2024年底，PM2.5平均浓度降至35微克/立方米以下。\n二、重点任务\n重点任务清单\n"
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    "1\t淘汰燃煤锅炉。完成35蒸吨以下锅炉淘汰。\t县生态环境局\t县市场监管局、住建局\t2024年10月底前\n"
    "2\t推进清洁取暖改造\t县住建局\t县财政局\t2024年11月15日前\n"
    "3\t开展秸秆禁烧巡查\t各乡（镇）人民政府\t县农业农村局\t长期坚持\n"
)


def test_a_plan_whose_tasks_are_a_table_takes_its_rows_as_tasks_with_a_warning() -> None:
    plan = only_plan(TASK_TABLE_ONLY)
    assert rows(plan) == [
        ("1", "淘汰燃煤锅炉", ["县生态环境局"], ["县市场监管局", "县住建局"], []),
        ("2", "推进清洁取暖改造", ["县住建局"], ["县财政局"], []),
        ("3", "开展秸秆禁烧巡查", ["各乡（镇）人民政府"], ["县农业农村局"], []),
    ]
    assert dues(plan) == [
        [("due", dt.date(2024, 10, 31))],
        [("due", dt.date(2024, 11, 15))],
        [("ongoing", None)],
    ]
    assert [t.path for t in plan.tasks] == [["重点任务清单"]] * 3
    assert plan.tasks[1].warnings == ["读自表格《重点任务清单》第2行"]
    assert [t.line for t in plan.tasks] == [7, 7, 7]  # the table's line (its header row)


CHAPTER_ITEMS_AS_TASKS = """青岚县秋冬季大气污染综合治理2024年工作方案
为打好秋冬季大气污染防治攻坚战，制定本工作方案。
一、加强散煤管控。2024年10月底前完成散煤清零。（县能源局牵头，各乡镇人民政府负责）
二、严控工业排放。秋冬季期间对重点企业每周检查一次。（县生态环境局负责）
三、强化重污染天气应对。（县气象局、县生态环境局按职责分工负责）
"""


def test_a_short_scheme_whose_first_level_items_are_the_tasks() -> None:
    plan = only_plan(CHAPTER_ITEMS_AS_TASKS)
    assert (plan.domain.value, plan.region) == ("air", "青岚县")
    assert rows(plan) == [
        ("一", "加强散煤管控", ["县能源局"], [], ["各乡镇人民政府"]),
        ("二", "严控工业排放", [], [], ["县生态环境局"]),
        ("三", "强化重污染天气应对", [], [], ["县气象局", "县生态环境局"]),
    ]
    assert dues(plan) == [
        [("due", dt.date(2024, 10, 31))],
        [("season", dt.date(2025, 3, 31)), ("recurring", None)],
        [],
    ]


UNITS_ON_THE_SECTION_HEADING = """白河市水污染防治2024年行动计划
为改善水环境质量，制定本行动计划。
一、重点任务
（一）强化工业污染治理（市生态环境局牵头，市工信局配合）
1.开展涉水企业排查。2024年6月底前完成。
2.推进园区污水处理设施建设。2024年12月底前建成。（市住建局负责）
（二）加强城镇污水治理
3.完成管网改造。2024年10月底前完成。
"""


def test_tasks_without_units_take_those_of_their_section_heading() -> None:
    plan = only_plan(UNITS_ON_THE_SECTION_HEADING)
    assert rows(plan) == [
        ("1", "开展涉水企业排查", ["市生态环境局"], ["市工信局"], []),
        ("2", "推进园区污水处理设施建设", [], [], ["市住建局"]),  # its own clause wins
        ("3", "完成管网改造", [], [], []),
    ]
    assert plan.tasks[0].warnings == [
        "责任单位取自所在章节标题：（一）强化工业污染治理（市生态环境局牵头，市工信局配合）"
    ]
    assert plan.tasks[2].warnings == ["未找到责任单位条款：牵头、配合、责任单位不明"]
    assert dues(plan) == [
        [("due", dt.date(2024, 6, 30))],
        [("due", dt.date(2024, 12, 31))],
        [("due", dt.date(2024, 10, 31))],
    ]


INLINE_FIRST_SECOND = """松溪区水污染防治2024年行动计划
为改善水环境质量，制定本行动计划。
一、重点任务
（一）推进工业污染治理。一是开展涉水企业排查，2024年6月底前完成（区生态环境分局负责）；二是推进园区污水处理厂提标改造，2024年12月底前完成（区工信局牵头，区住建局配合）。
（二）加强农业面源防治。一是推进畜禽粪污资源化利用（区农业农村局负责）；二是统一开展农药减量行动，长期坚持（区农业农村局负责）。
二、保障措施
（一）加强组织领导。
"""


def test_inline_yi_shi_er_shi_items_as_the_task_level() -> None:
    plan = only_plan(INLINE_FIRST_SECOND)
    assert rows(plan) == [
        ("一是", "开展涉水企业排查", [], [], ["区生态环境分局"]),
        ("二是", "推进园区污水处理厂提标改造", ["区工信局"], ["区住建局"], []),
        ("一是", "推进畜禽粪污资源化利用", [], [], ["区农业农村局"]),
        ("二是", "统一开展农药减量行动", [], [], ["区农业农村局"]),  # 统一是 is no item
        ("（一）", "加强组织领导", [], [], []),
    ]
    assert [t.path[-1] for t in plan.tasks[:4]] == ["（一）推进工业污染治理"] * 2 + [
        "（二）加强农业面源防治"
    ] * 2
    assert dues(plan) == [
        [("due", dt.date(2024, 6, 30))],
        [("due", dt.date(2024, 12, 31))],
        [],
        [("ongoing", None)],
        [],
    ]


ONE_LABEL_PER_LINE = """青岚县水污染防治2024年行动计划
为改善水环境质量，制定本行动计划。
一、重点任务
1.开展入河排污口排查整治
牵头单位：县生态环境局
配合单位：县水利局、住建局
完成时限：2024年9月底前
2.推进农村黑臭水体治理
责任单位：各乡（镇）人民政府
时间节点：2024年11月底前完成
"""


def test_one_label_per_line_under_a_task_heading_without_full_stop() -> None:
    plan = only_plan(ONE_LABEL_PER_LINE)
    assert rows(plan) == [
        ("1", "开展入河排污口排查整治", ["县生态环境局"], ["县水利局", "县住建局"], []),
        ("2", "推进农村黑臭水体治理", [], [], ["各乡（镇）人民政府"]),
    ]
    assert dues(plan) == [[("due", dt.date(2024, 9, 30))], [("due", dt.date(2024, 11, 30))]]
    assert [t.warnings for t in plan.tasks] == [[], []]


ARABIC_CHAPTERS_PAREN_TASKS = """白河市土壤污染防治2024年行动计划
为保障农产品质量安全，制定本行动计划。
1、工作目标
到2024年底，受污染耕地安全利用率达到93%以上。
2、重点任务
(1)严格建设用地准入管理。2024年9月底前完成地块调查。(市自然资源局牵头,市生态环境局配合)
(2)加强涉重金属企业监管。每月开展一次巡查。(市生态环境局负责)
3、保障措施
(1)加强组织领导。
"""


def test_arabic_chapters_over_parenthesised_tasks_in_half_width() -> None:
    plan = only_plan(ARABIC_CHAPTERS_PAREN_TASKS)
    assert [(t.indicator, t.value) for t in plan.targets] == [("受污染耕地安全利用率", 93.0)]
    assert rows(plan) == [
        ("（1）", "严格建设用地准入管理", ["市自然资源局"], ["市生态环境局"], []),
        ("（2）", "加强涉重金属企业监管", [], [], ["市生态环境局"]),
        ("（1）", "加强组织领导", [], [], []),
    ]
    assert [(t.kind, t.path) for t in plan.tasks] == [
        (TaskKind.TASK, ["2.重点任务"]),
        (TaskKind.TASK, ["2.重点任务"]),
        (TaskKind.SAFEGUARD, ["3.保障措施"]),
    ]
    assert dues(plan) == [[("due", dt.date(2024, 9, 30))], [("recurring", None)], []]


LIST_AFTER_A_COLON = """白河市水环境质量提升2024年行动计划
为改善水质，制定本行动计划。
一、重点任务
（一）推进污水治理。主要做好以下工作：
1.排查管网；
2.修复破损管道。
（市住建局负责，2024年12月底前完成）
（二）强化工业治理：
1.开展涉水企业排查。2024年6月底前完成。（市生态环境局负责）
2.推进园区污水处理设施建设。（市工信局负责）
"""


def test_points_listed_after_a_colon_stay_inside_their_task() -> None:
    plan = only_plan(LIST_AFTER_A_COLON)
    assert rows(plan) == [
        ("（一）", "推进污水治理", [], [], ["市住建局"]),
        ("1", "开展涉水企业排查", [], [], ["市生态环境局"]),  # items naming units are tasks
        ("2", "推进园区污水处理设施建设", [], [], ["市工信局"]),
    ]
    assert "2.修复破损管道" in plan.tasks[0].text
    assert dues(plan) == [[("due", dt.date(2024, 12, 31))], [("due", dt.date(2024, 6, 30))], []]


PARTS = """白河市大气污染防治2024年实施方案
为改善空气质量，制定本实施方案。
第一部分 工作目标
到2024年底，PM2.5平均浓度降至38微克/立方米以下。
第二部分 重点任务
（一）推进工业提标改造。2024年9月底前完成。（市生态环境局牵头，市工信局配合）
（二）加强机动车监管。（市公安局负责）
"""


def test_chapters_written_as_parts() -> None:
    plan = only_plan(PARTS)
    assert [(t.indicator, t.value) for t in plan.targets] == [("PM2.5平均浓度", 38.0)]
    assert rows(plan) == [
        ("（一）", "推进工业提标改造", ["市生态环境局"], ["市工信局"], []),
        ("（二）", "加强机动车监管", [], [], ["市公安局"]),
    ]
    assert [t.path for t in plan.tasks] == [["第二部分 重点任务"]] * 2


ALL_STYLES = [
    CHAPTERS_AND_SECTIONS,
    ARABIC_CHAPTERS,
    HALF_WIDTH,
    PAREN_TASKS,
    SECTION_TASKS_UNITS_BELOW,
    UNITS_AFTER_A_COLON,
    TRADITIONAL,
    TARGETS_AS_LIST_AND_TABLE,
    CIRCLED_TASKS,
    ARTICLES,
    FIRST_SECOND,
    LABEL_LINES,
    ATTACHMENTS_AND_PLAIN_UNIT_SENTENCES,
    TARGET_SECTION_AND_MEASURES,
    WORK_PLAN_WITH_IMPLEMENTATION_PREAMBLE,
    ATTACHMENT_LABELS,
    CHAPTER_ITEMS_AS_TASKS,
    UNITS_ON_THE_SECTION_HEADING,
    INLINE_FIRST_SECOND,
    ONE_LABEL_PER_LINE,
    ARABIC_CHAPTERS_PAREN_TASKS,
    LIST_AFTER_A_COLON,
    PARTS,
]


def hard_wrapped(text: str, width: int) -> str:
    """The text cut into lines of ``width`` characters, as a PDF's text layer prints it (table rows
    stay whole)."""
    lines: list[str] = []
    for line in text.splitlines():
        cut = [line] if "\t" in line else [line[i : i + width] for i in range(0, len(line), width)]
        lines += cut
    return "\n".join(lines)


def reading(text: str) -> list[tuple[str, list[tuple[object, ...]]]]:
    plans = parse_text(text).plans
    return [
        (
            plan.title,
            [
                (t.number, t.title, t.lead_units, t.cooperating_units, t.responsible_units, dues(plan)[i])
                for i, t in enumerate(plan.tasks)
            ],
        )
        for plan in plans
    ]


@pytest.mark.parametrize("width", [22, 27, 33])
@pytest.mark.parametrize("index", range(len(ALL_STYLES)))
def test_every_style_reads_the_same_when_hard_wrapped(index: int, width: int) -> None:
    text = ALL_STYLES[index]
    expected = reading(text)
    assert expected and all(tasks for _, tasks in expected)
    assert reading(hard_wrapped(text, width)) == expected


@pytest.mark.parametrize(
    ("period_line", "period"),
    [("（2024—2025年）", "2024—2025"), ("(2024-2025年)", "2024—2025"), ("（2024年—2025年）", "2024—2025")],
)
def test_a_period_printed_under_the_title(period_line: str, period: str) -> None:
    plan = only_plan(
        f"青岚县空气质量持续改善行动计划\n{period_line}\n为改善空气质量，制定本行动计划。\n"
        "一、重点任务\n1.淘汰燃煤锅炉。10月底前完成。（县生态环境局负责）\n"
    )
    assert (plan.title, plan.period) == (f"青岚县空气质量持续改善行动计划{period_line}", period)
    assert dues(plan) == [[("due", dt.date(2024, 10, 31))]]
    assert plan.tasks[0].warnings == [f"10月底前：未写年份，按2024年（计划首年）读入（计划期 {period}）"]


@pytest.mark.parametrize("index", [i for i, text in enumerate(ALL_STYLES) if "\t" not in text])
def test_every_style_reads_the_same_from_a_docx(index: int, tmp_path: Path) -> None:
    text = ALL_STYLES[index]
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "notice.docx"
    document.save(str(path))
    plans = parse_file(path).plans
    got = [
        (
            p.title,
            [(t.number, t.title, t.lead_units, t.cooperating_units, t.responsible_units) for t in p.tasks],
        )
        for p in plans
    ]
    expected = [(title, [task[:5] for task in tasks]) for title, tasks in reading(text)]
    assert got == expected


def test_all_styles_in_one_notice_read_plan_by_plan() -> None:
    """Each plan finds its own house style: the notices without a cover letter, one after another."""
    texts = [text for text in ALL_STYLES if "号\n" not in text]
    expected = [plan for text in texts for plan in reading(text)]
    assert len(expected) == len(texts)
    assert reading("\n".join(texts)) == expected
