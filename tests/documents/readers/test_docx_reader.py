"""DOCX reader: document order, Word automatic numbering from a hand-written numbering.xml, merged cells."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from envplan.documents.readers import DocumentError, read_bytes, read_document
from envplan.documents.readers.numbering import chinese_number, format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NUMBERING_XML = f"""<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="7">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>
      <w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>
      <w:lvlText w:val="%4"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="8">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/>
      <w:lvlText w:val="%1．"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="7"/>
    <w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
</w:numbering>"""


def _numbered(document: Any, text: str, num_id: int, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", ilvl), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), str(value))
        num_pr.append(child)
    p_pr.append(num_pr)


def _add_numbered_style(document: Any) -> None:
    style_xml = (
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="TaskNumber"><w:name w:val="Task Number"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>'
        "</w:pPr></w:style>"
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="TaskNumberChild">'
        '<w:name w:val="Task Number Child"/><w:basedOn w:val="TaskNumber"/></w:style>'
    )
    for fragment in style_xml.split("</w:style>")[:-1]:
        document.styles.element.append(parse_xml(fragment + "</w:style>"))


def build_docx() -> bytes:
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(NUMBERING_XML)
    _add_numbered_style(document)
    document.add_paragraph("清河县水环境质量再提升2023年行动计划")
    _numbered(document, "总体要求", 1, 0)
    _numbered(document, "强化水资源管控", 1, 1)
    _numbered(document, "保障生态流量。（县水利局负责）", 1, 2)
    _numbered(document, "推进再生水利用。", 1, 2)
    _numbered(document, "镜水河", 1, 3)
    _numbered(document, "柳溪河", 1, 3)
    _numbered(document, "深化水环境治理", 1, 1)
    _numbered(document, "加强工业废水治理。", 1, 2)
    _numbered(document, "重点任务", 1, 0)
    _numbered(document, "第二章第一节", 1, 1)
    document.add_paragraph("由样式编号的任务。", style="Task Number")
    document.add_paragraph("由继承样式编号的任务。", style="Task Number Child")
    _numbered(document, "另起编号的任务。", 2, 2)
    _numbered(document, "编号被关闭的段落。", 0, 0)
    _numbered(document, "甲项", 3, 0)
    _numbered(document, "乙项", 3, 0)
    document.add_paragraph("清河县重点项目表")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(
        [
            ["任务类别", "序号", "具体措施"],
            ["一、产业", "1", "措施甲"],
            ["", "2", "措施乙"],
            ["二、能源", "3", "跨列措施"],
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 1).merge(table.cell(3, 2))
    document.add_paragraph("表后段落。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_source() -> Any:
    return read_bytes(build_docx(), "plan.docx")


def test_automatic_numbers_are_rendered(docx_source: Any) -> None:
    assert docx_source.format == "docx"
    assert docx_source.text.splitlines()[:16] == [
        "清河县水环境质量再提升2023年行动计划",
        "一、总体要求",
        "（一）强化水资源管控",
        "1.保障生态流量。（县水利局负责）",
        "2.推进再生水利用。",
        "①镜水河",
        "②柳溪河",
        "（二）深化水环境治理",
        "1.加强工业废水治理。",  # level 3 restarts under a new level 2
        "二、重点任务",
        "（一）第二章第一节",
        "1.由样式编号的任务。",  # numPr inherited from the paragraph style
        "2.由继承样式编号的任务。",  # … and through w:basedOn
        "5.另起编号的任务。",  # numId 2: startOverride 5 on level 3
        "编号被关闭的段落。",  # numId 0 = no numbering
        "甲．甲项",
    ]
    assert docx_source.text.splitlines()[16] == "乙．乙项"


def test_tables_keep_document_position_and_merged_cells(docx_source: Any) -> None:
    [table] = docx_source.tables
    assert table.headers == ["任务类别", "序号", "具体措施"]
    # vMerge: 一、产业 repeated on the row it covers; gridSpan: the merged cell once (its paragraphs kept).
    assert table.rows == [
        ["一、产业", "1", "措施甲"],
        ["一、产业", "2", "措施乙"],
        ["二、能源", "3\n跨列措施", ""],
    ]
    assert table.kind == "other"  # no 完成时限/牵头单位 column, so not a ledger
    lines = docx_source.text.splitlines()
    assert table.title == "清河县重点项目表"
    assert lines[table.line - 1] == "清河县重点项目表"
    assert lines[table.line] == "表后段落。"
    assert "措施甲" not in docx_source.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2305, "二千三百零五"),
    ],
)
def test_chinese_counting(value: int, expected: str) -> None:
    assert chinese_number(value) == expected


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (3, "decimalEnclosedCircle", "③"),
        (20, "decimalEnclosedCircle", "⑳"),
        (21, "decimalEnclosedCircle", "21"),
        (1, "ideographTraditional", "甲"),
        (10, "ideographTraditional", "癸"),
        (3, "ideographZodiac", "寅"),
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (27, "upperLetter", "AA"),
        (7, "decimalZero", "07"),
        (12, "decimalFullWidth", "１２"),
        (5, "bullet", ""),
        (5, "none", ""),
        (5, "someFutureFormat", "5"),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_docx_without_numbering_part(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("（县生态环境局负责）")
    path = tmp_path / "plain.docx"
    document.save(str(path))
    assert read_document(path).text == "（县生态环境局负责）\n"


def test_empty_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(DocumentError, match=r"empty\.docx: .*no text"):
        read_document(path)


LINKED_NUMBERING_XML = f"""<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PlanList"/></w:abstractNum>
  <w:abstractNum w:abstractNumId="2"><w:styleLink w:val="PlanList"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="3">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"""


def _number_cell(cell: Any, num_id: int) -> None:
    p_pr = cell.paragraphs[0]._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def build_structured_docx() -> bytes:
    """A list style reached through numStyleLink, content controls, an auto-numbered 序号 column,
    a row starting after a skipped grid column, a tab inside a paragraph."""
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(LINKED_NUMBERING_XML)
    document.styles.element.append(
        parse_xml(
            f'<w:style xmlns:w="{W_NS}" w:type="numbering" w:styleId="PlanList"><w:name w:val="Plan List"/>'
            '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
        )
    )
    _numbered(document, "总体要求", 1, 0)
    _numbered(document, "主要目标", 1, 0)
    control = parse_xml(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件中的段落。</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, control)
    document.add_paragraph("附件1\t清河县重点项目表")
    table = document.add_table(rows=3, cols=2)
    for r, (number, measure) in enumerate([("序号", "具体措施"), ("", "措施甲"), ("", "措施乙")]):
        table.cell(r, 0).text = number
        table.cell(r, 1).text = measure
    _number_cell(table.cell(1, 0), 3)
    _number_cell(table.cell(2, 0), 3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_numbering_styles_controls_and_numbered_cells() -> None:
    source = read_bytes(build_structured_docx(), "structured.docx")
    assert source.text.splitlines() == [
        "一、总体要求",
        "二、主要目标",
        "控件中的段落。",
        "附件1 清河县重点项目表",
    ]
    [table] = source.tables
    assert table.headers == ["序号", "具体措施"]
    assert table.rows == [["1", "措施甲"], ["2", "措施乙"]]
    assert table.title == "附件1 清河县重点项目表"


def test_row_with_skipped_grid_columns() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["任务类别", "序号", "具体措施"]):
        table.cell(0, c).text = value
    table.cell(1, 1).text = "1"
    table.cell(1, 2).text = "措施"
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])  # the row starts one grid column in
    row.insert(0, parse_xml(f'<w:trPr xmlns:w="{W_NS}"><w:gridBefore w:val="1"/></w:trPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    [found] = read_bytes(buffer.getvalue(), "grid.docx").tables
    assert found.rows == [["", "1", "措施"]]


TEXT_BOX_RUN = (
    f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>'
    "<w:p><w:r><w:t>清政办发〔2023〕8号</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>清政办发〔2023〕8号</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_boxes_tab_stops_and_breaks() -> None:
    document = docx.Document()
    anchor = document.add_paragraph("清河县人民政府办公室")
    anchor._p.append(parse_xml(TEXT_BOX_RUN))
    stops = document.add_paragraph("附件")
    stops._p.get_or_add_pPr().append(
        parse_xml(f'<w:tabs xmlns:w="{W_NS}"><w:tab w:val="left" w:pos="4200"/></w:tabs>')
    )
    broken = document.add_paragraph("第一行")
    broken.runs[0].add_break()
    broken.add_run("第二行")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_bytes(buffer.getvalue(), "box.docx").text
    # the text box once (its legacy fallback copy skipped), before its anchor paragraph
    assert text == "清政办发〔2023〕8号\n清河县人民政府办公室\n附件\n第一行\n第二行\n"


@pytest.mark.parametrize("document_xml", [b"<w:document", b"", b"<?xml version='1.0'?><root/>"])
def test_damaged_docx_is_refused_in_one_line(document_xml: bytes) -> None:
    import zipfile

    original = io.BytesIO()
    docx.Document().save(original)
    damaged = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            target.writestr(name, document_xml if name == "word/document.xml" else source.read(name))
    with pytest.raises(DocumentError) as caught:
        read_bytes(damaged.getvalue(), "damaged.docx")
    message = str(caught.value)
    assert message.startswith("damaged.docx: ") and "\n" not in message
