"""PDF reader on PDFs typeset with reportlab: running heads and folios gone, paragraphs re-joined
across lines and pages, ruled tables read as tables (also across pages), scanned/damaged PDFs refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from envplan.demo import demo_notice_text
from envplan.demo.render_pdf import blocks_from_text, write_notice_pdf
from envplan.documents.readers import DocumentError, read_document

HEADER = "清河县人民政府办公室文件"
COUNTY = "qinghe_county_2023.txt"


@pytest.fixture(scope="module")
def county_pdf(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("pdf") / "county.pdf"
    write_notice_pdf(blocks_from_text(demo_notice_text(COUNTY)), path, HEADER)
    return read_document(path)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and "\t" not in line]


def test_text_is_the_notice_paragraph_for_paragraph(county_pdf: Any) -> None:
    assert county_pdf.format == "pdf"
    assert county_pdf.text.splitlines() == _paragraphs(demo_notice_text(COUNTY))


def test_running_head_and_page_numbers_are_removed(county_pdf: Any) -> None:
    assert HEADER not in county_pdf.text
    assert "- 2 -" not in county_pdf.text


def test_tables_are_read_as_tables(county_pdf: Any) -> None:
    projects, ledger = county_pdf.tables
    assert projects.kind == "projects"
    assert projects.headers == ["序号", "项目名称", "断面", "内容", "实施主体", "完成时限", "备注"]
    assert [row[0] for row in projects.rows] == ["1", "2", "3", "4"]
    assert projects.rows[2][1:6] == [
        "柳溪河人工湿地工程",
        "柳溪河柳溪口断面",
        "新建表流湿地180亩，设计处理规模1.2万立方米/日",
        "县水利局",
        "2023年12月底前",
    ]
    assert ledger.kind == "ledger"
    assert ledger.title == "清河县2023年大气污染防治重点工作任务台账"
    assert [row[1] for row in ledger.rows] == [str(n) for n in range(1, 10)]
    assert ledger.rows[3][2:5] == ["完成剩余3000户清洁取暖改造任务。", "采暖季前", "县发改（能源）局"]
    lines = county_pdf.text.splitlines()
    assert lines[ledger.line - 1] == ledger.title
    assert lines[ledger.line] == "清河县土壤污染防治2023年行动计划"
    # 任务类别 written once for several rows applies to each of them
    assert [row[0] for row in ledger.rows[:4]] == ["一、产业结构优化调整"] * 3 + ["二、能源结构优化调整"]
    assert "县城周边10公里范围内不再新上涉气项目。" not in county_pdf.text.split("台账")[1]


def test_table_continued_over_pages_is_one_table(tmp_path: Path) -> None:
    rows = [["序号", "具体措施", "完成时限"]] + [
        [str(n), f"第{n}项措施，完成排查整治。", "长期坚持"] for n in range(1, 81)
    ]
    path = write_notice_pdf(["清河县工作任务台账", rows, "表后说明。"], tmp_path / "long.pdf", HEADER)
    source = read_document(path)
    [table] = source.tables
    assert table.headers == rows[0]
    assert table.rows == rows[1:]
    assert source.text == "清河县工作任务台账\n表后说明。\n"


@pytest.mark.parametrize("folio", ["第{page}页", "{page}", "— {page} —", "{page}/9"])
def test_folio_styles_are_removed(tmp_path: Path, folio: str) -> None:
    paragraph = "加强秸秆禁烧管控，完善网格化监管体系，秋收期间实行禁烧巡查，长期坚持。" * 6
    path = write_notice_pdf([paragraph] * 12, tmp_path / "folio.pdf", HEADER, folio=folio)
    source = read_document(path)
    assert source.text.splitlines() == [paragraph] * 12


def test_scanned_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    scan = tmp_path / "scan.png"
    Image.new("L", (200, 280), color=200).save(scan)
    page.drawImage(str(scan), 50, 50, width=500, height=700)  # a page image without any text
    page.rect(100, 100, 300, 400, fill=0)  # and a frame
    page.showPage()
    page.save()
    with pytest.raises(DocumentError, match=r"scan\.pdf: has no text layer \(scanned PDF\?\)"):
        read_document(path)


def test_damaged_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_merged_cells_in_a_ruled_table(tmp_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from envplan.demo.render_pdf import FONT, register_font

    register_font()
    rows = [
        ["任务类别", "序号", "具体措施", "完成时限"],
        ["一、产业结构", "1", "关停退出砖厂。", "2023年10月底前"],
        ["", "2", "完成干熄焦改造。", "长期坚持"],
        ["二、能源结构", "3", "跨两列的措施", ""],
    ]
    table = Table(rows)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (0, 1), (0, 2)),
                ("SPAN", (2, 3), (3, 3)),
            ]
        )
    )
    path = tmp_path / "merged.pdf"
    SimpleDocTemplate(str(path)).build([table])
    [found] = read_document(path).tables
    assert found.headers == rows[0]
    assert found.rows == [
        ["一、产业结构", "1", "关停退出砖厂。", "2023年10月底前"],
        ["一、产业结构", "2", "完成干熄焦改造。", "长期坚持"],  # merged down: filled in
        ["二、能源结构", "3", "跨两列的措施", ""],  # merged across: kept once
    ]


def test_table_ruled_with_thin_filled_rectangles(tmp_path: Path) -> None:
    """Word and WPS draw cell borders as thin filled rectangles rather than stroked lines."""
    from envplan.demo.render_pdf import FONT, register_font

    register_font()
    path = tmp_path / "word.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    xs, ys = [100, 200, 400], [700, 670, 640]
    for y in ys:
        page.rect(xs[0], y - 0.25, xs[-1] - xs[0], 0.5, stroke=0, fill=1)
    for x in xs:
        page.rect(x - 0.25, ys[-1], 0.5, ys[0] - ys[-1], stroke=0, fill=1)
    page.setFont(FONT, 11)
    for text, x, y in [
        ("序号", 110, 680),
        ("具体措施", 210, 680),
        ("1", 110, 650),
        ("修订应急减排清单。", 210, 650),
    ]:
        page.drawString(x, y, text)
    page.drawString(100, 600, "表后正文。")
    page.showPage()
    page.save()
    source = read_document(path)
    [found] = source.tables
    assert found.headers == ["序号", "具体措施"]
    assert found.rows == [["1", "修订应急减排清单。"]]
    assert source.text == "表后正文。\n"


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    page.drawString(100, 700, "locked")
    page.save()
    with pytest.raises(DocumentError, match=r"locked\.pdf: is password-protected"):
        read_document(path)


def test_published_standard_table_is_read_cell_for_cell() -> None:
    """HJ 633-2012 (a real PDF from the publisher): Table 1 has a header cell merged over two rows,
    a spanning header, footnote markers and the breakpoints, printed with a thin space in 1 200."""
    from support import shared_path

    source = read_document(shared_path("reference", "HJ633-2012.pdf"))
    [table] = [t for t in source.tables if "浓度限值" in t.title]
    assert table.headers[:2] == ["空气质量分指数（IAQI）", "污染物项目浓度限值"]
    assert table.rows[0][0] == "空气质量分指数（IAQI）"  # merged down from the header row
    assert table.rows[0][1].replace(" ", "") == "二氧化硫（SO2）24小时平均/（μg/m3）"
    iaqi = [row[0] for row in table.rows[1:9]]
    so2_24h = [row[1] for row in table.rows[1:9]]
    pm25 = [row[10] for row in table.rows[1:9]]
    assert iaqi == ["0", "50", "100", "150", "200", "300", "400", "500"]
    assert so2_24h == ["0", "50", "150", "475", "800", "1 600", "2 100", "2 620"]
    assert pm25 == ["0", "35", "75", "115", "150", "250", "350", "500"]
    assert "附件：" in source.text  # a framed one-cell box stays text


def test_published_scan_without_text_layer() -> None:
    from support import shared_path

    path = shared_path("reference", "HJ633-2026.pdf")
    with pytest.raises(DocumentError, match=r"has no text layer \(scanned PDF\?\)"):
        read_document(path)


def test_characters_placed_one_by_one_make_one_line(tmp_path: Path) -> None:
    """Some producers position every glyph separately, with baselines a fraction of a point apart."""
    from envplan.demo.render_pdf import FONT, register_font

    register_font()
    path = tmp_path / "glyphs.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont(FONT, 12)
    line = "（县生态环境局负责）2023年10月底前完成。"
    x = 72.0
    for index, char in enumerate(line):
        page.drawString(x, 700 + (0.4 if index % 2 else -0.4), char)
        x += page.stringWidth(char, FONT, 12)
    page.drawString(96, 680, "下一段。")  # indented: a new paragraph
    page.showPage()
    page.save()
    assert read_document(path).text == f"{line}\n下一段。\n"
