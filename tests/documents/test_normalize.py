"""Text clean-up and paragraph re-joining (envplan.documents.normalize)."""

from __future__ import annotations

import pytest

from envplan.documents.normalize import (
    Line,
    clean_lines,
    clean_text_line,
    is_title_line,
    join_paragraphs,
    normalize_text,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ＰＭ２．５浓度３６微克", "PM2.5浓度36微克"),  # full-width letters, digits and point
        ("比例达到７６．６％", "比例达到76.6%"),
        ("PM_{2.5} 平均浓度", "PM2.5平均浓度"),
        ("PM₂.₅与PM₁₀", "PM2.5与PM10"),
        ("PM 2.5 和 SO ₂、NO₂、O₃", "PM2.5和SO2、NO2、O3"),
        ("PM _{2.5}", "PM2.5"),
        ("不高于 $5\\text{mg}/\\text{m}^3$ 、", "不高于5mg/m³、"),
        ("硫份 $\\leq 0.5\\%$", "硫份≤0.5%"),
        ("2023年 3月 30日", "2023年3月30日"),
        ("2023 年 10 月底前", "2023年10月底前"),
        ("76. 6%", "76.6%"),
        ("（运环发〔2022〕95 号）", "（运环发〔2022〕95号）"),
        ("**加强施工扬尘管控。**督促", "加强施工扬尘管控。督促"),
        ("（市生态环境局牵头，市水利局配合）", "（市生态环境局牵头，市水利局配合）"),  # punctuation kept
        ("低 VOCs 原辅材料", "低VOCs原辅材料"),
    ],
)
def test_clean_text_line(raw: str, clean: str) -> None:
    assert clean_text_line(raw) == clean


def test_traditional_characters_are_read_as_simplified() -> None:
    simplified = "环境空气质量达标，这个计划由县环护局负责。"
    assert normalize_text("環境空氣質量達標，這個計劃由縣環護局負責。") == simplified


def test_simplified_text_is_left_as_it_is() -> None:
    text = "坚决打好蓝天保卫战，制定本行动计划。"
    assert normalize_text(text) == text


def test_superscript_split_over_lines_and_page_numbers() -> None:
    raw = "排放浓度分别不高于5mg/m\n3\n、35mg/m\n3\n。\n\n- 5 -\n\n下一段。"
    lines = clean_lines(raw)
    assert [line.text for line in lines] == ["排放浓度分别不高于5mg/m³", "、35mg/m³", "。", "下一段。"]
    assert normalize_text(raw) == "排放浓度分别不高于5mg/m³、35mg/m³。\n下一段。"


def test_hard_wrapped_lines_are_rejoined_into_paragraphs_with_their_first_line() -> None:
    raw = "\n".join(
        [
            "（一）全面加强水资源管控",
            "",
            "1.实施重点河流生态流量管理。参照有关细则，落实上下游联动",
            "",
            "考核机制，保障河流生态流量。（市水利局牵头，市生态环",
            "",
            "境局配合）",
            "2.促进区域再生水循环利用。开展再生水循环利用试点城市申报",
        ]
    )
    paragraphs = join_paragraphs(clean_lines(raw))
    assert [(p.number, p.text[:10]) for p in paragraphs] == [
        (1, "（一）全面加强水资源"),
        (3, "1.实施重点河流生态"),
        (8, "2.促进区域再生水循"),
    ]
    assert paragraphs[1].text.endswith("（市水利局牵头，市生态环境局配合）")


def test_titles_and_short_heading_lines_stand_alone() -> None:
    lines = [
        Line("吕梁市人民政府办公室文件", 1),
        Line("吕梁市水环境质量再提升2023年行动计划", 2),
        Line("为深入打好碧水保卫战，进一步提升全市水环境质量，根据有关规划，制定本", 3),
        Line("行动计划。", 4),
        Line("（一）加强组织领导", 5),
        Line("各县（市、区）人民政府要提高政治站位，切实担负起水生态环境保护工作的", 6),
    ]
    texts = [p.text for p in join_paragraphs(lines)]
    assert texts[:2] == ["吕梁市人民政府办公室文件", "吕梁市水环境质量再提升2023年行动计划"]
    assert texts[2].endswith("制定本行动计划。")
    assert texts[3:] == ["（一）加强组织领导", lines[5].text]


def test_tab_rows_are_never_joined() -> None:
    lines = [Line("序号\t项目\t完成时限", 1), Line("1\t污水处理厂\t2023年12月", 2)]
    assert [p.text for p in join_paragraphs(lines)] == ["序号\t项目\t完成时限", "1\t污水处理厂\t2023年12月"]


def test_windows_line_ends_and_empty_text() -> None:
    assert normalize_text("一、总体要求\r\n坚持精准治污。\r\n") == "一、总体要求\n坚持精准治污。"
    assert normalize_text("") == ""
    assert normalize_text("\n\n  \n") == ""


def test_a_title_wrapped_before_its_year_is_joined_back() -> None:
    wide = "为深入打好碧水保卫战，进一步提升全市水环境质量，根据"  # a typical line: 26 characters
    body = [wide] * 5 + ["有关规划和“十四五”水生态环境保护工作要求，制定本行", "动计划。"]
    raw = "\n".join(["吕梁市人民政府办公室文件", "吕梁市水环境质量再提升", "2023年行动计划", *body])
    assert normalize_text(raw).splitlines() == [
        "吕梁市人民政府办公室文件",
        "吕梁市水环境质量再提升2023年行动计划",
        "".join(body),
    ]


def test_a_wrapped_sentence_ending_like_a_title_is_not_a_title() -> None:
    wide = "为深入打好碧水保卫战，进一步提升全市水环境质量，根据"  # a typical line: 26 characters
    wrapped = "有关要求，切实认真落实好《山西省水环境质量再提升"  # cut by the wrap: 24 characters
    raw = "\n".join([wide] * 4 + [wrapped, "2022—2023年行动计划", "》要求，制定本计划。"])
    paragraphs = normalize_text(raw).splitlines()
    assert len(paragraphs) == 1
    assert paragraphs[0].endswith("再提升2022—2023年行动计划》要求，制定本计划。")


def test_square_metres_split_over_lines() -> None:
    assert (
        normalize_text("建设生态湿地10万m\n2\n，处理水量为4万立方米/天。")
        == "建设生态湿地10万m²，处理水量为4万立方米/天。"
    )
    assert normalize_text("共3个\n2\n号站点") != "共3个²号站点"


@pytest.mark.parametrize(
    "title",
    [
        "青岚县大气污染防治2024年工作计划",
        "青岚县空气质量持续改善实施计划（2024—2025年）",
        "青岚县扬尘污染专项整治方案",
        "青岚县黑臭水体治理方案",
    ],
)
def test_other_plan_title_words(title: str) -> None:
    assert is_title_line(title)
