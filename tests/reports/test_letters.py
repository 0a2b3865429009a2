"""Supervision letters: text, recipients, 文号 and fonts, re-read from the DOCX and the PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from envplan.assessment.colours import evaluate
from envplan.assessment.policy import WarningPolicy
from envplan.assessment.schedule import Assignment, Report
from envplan.documents.model import Milestone, MilestoneKind
from envplan.reports.letters import (
    CitedTask,
    Letter,
    LetterKind,
    facts_from_evaluation,
    letter_lines,
    letters_for_recipients,
    write_letter_docx,
)
from envplan.reports.letters_pdf import write_letter_pdf
from envplan.reports.official_docx import docx_text

D = dt.date


def cited(key: str = "a1") -> CitedTask:
    overdue = Assignment(
        key,
        [Milestone("2023年6月底前", MilestoneKind.DUE, due=D(2023, 6, 30))],
        period_start=D(2023, 1, 1),
        reports=(Report(D(2023, 6, 25), 60.0, "已完成管网排查，正在施工改造"),),
    )
    facts = facts_from_evaluation(evaluate(overdue, D(2023, 7, 10), WarningPolicy()))
    return CitedTask(
        key, "清河县水环境质量再提升2023年行动计划", "6", "推进雨污分流改造", D(2023, 6, 30), facts
    )


def letter(kind: LetterKind = LetterKind.WARNING) -> Letter:
    return Letter(
        kind=kind,
        number_prefix="清环预警",
        serial=3,
        issuer="清河县生态环境局",
        recipients=("清河县住房和城乡建设局",),
        tasks=(cited(),),
        as_of=D(2023, 7, 10),
        issue_date=D(2023, 7, 11),
        reply_by=D(2023, 7, 21),
        basis="《清河县水环境质量再提升2023年行动计划》",
        cc=("清河县人民政府办公室", "清河县水利局"),
    )


def test_facts_name_days_overdue_and_gap() -> None:
    # due 30 Jun, 10 Jul: 10 days late; period 1 Jan–30 Jun = 181 days, all elapsed → 100 % vs 60 %
    assert cited().facts == "已逾期 10 天；应完成 100%，实际完成 60%，落后序时进度 40 个百分点"


def test_letter_lines_official_parts() -> None:
    text = [line.text for line in letter_lines(letter())]
    assert text[0] == "清环预警〔2023〕3号"
    assert text[1] == "关于对清河县住房和城乡建设局1项任务推进滞后予以预警的函"
    assert text[2] == "清河县住房和城乡建设局："
    assert "截至2023年7月10日，你单位负责的以下1项任务推进滞后，现予以预警：" in text[3]
    assert text[4] == (
        "一、清河县水环境质量再提升2023年行动计划第6项“推进雨污分流改造”。完成时限：2023年6月30日；"
        "已逾期 10 天；应完成 100%，实际完成 60%，落后序时进度 40 个百分点。"
    )
    assert "（三）于2023年7月21日前将整改落实情况书面报送清河县生态环境局。" in text
    assert text[-3:] == ["清河县生态环境局", "2023年7月11日", "抄送：清河县人民政府办公室，清河县水利局。"]


def test_supervision_notice_adds_weekly_report_requirement() -> None:
    lines = [line.text for line in letter_lines(letter(LetterKind.SUPERVISION))]
    assert lines[1] == "关于督促清河县住房和城乡建设局加快推进1项滞后任务的督办单"
    assert any("约谈或挂牌督办" in t for t in lines) and "特此督办。" in lines


def test_docx_text_recipients_and_fonts(tmp_path: Path) -> None:
    path = write_letter_docx(letter(), tmp_path / "letter.docx")
    document = Document(str(path))
    text = docx_text(document)
    assert "清环预警〔2023〕3号" in text
    assert "清河县住房和城乡建设局：" in text
    assert any(t.startswith("清河县生态环境局") for t in text)
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    title = next(p for p in document.paragraphs if p.text.startswith("关于对"))
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    body = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_pdf_text(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = write_letter_pdf(letter(), tmp_path / "letter.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "清环预警〔2023〕3号" in flat
    assert "清河县住房和城乡建设局：" in flat
    assert "已逾期10天" in flat and "抄送：清河县人民政府办公室，清河县水利局。" in flat


def test_letters_per_recipient_numbered_in_order() -> None:
    letters = letters_for_recipients(
        LetterKind.REMINDER,
        {"乙局": [cited("b")], "甲局": [cited("a")]},
        number_prefix="清环催",
        first_serial=7,
        issuer="清河县生态环境局",
        as_of=D(2023, 7, 10),
        issue_date=D(2023, 7, 10),
    )
    assert [(lt.recipients, lt.doc_number) for lt in letters] == [
        (("乙局",), "清环催〔2023〕7号"),
        (("甲局",), "清环催〔2023〕8号"),
    ]
    assert letters[0].reply_by == D(2023, 7, 20)


def test_letter_refuses_missing_parts() -> None:
    with pytest.raises(ValueError, match="recipient"):
        Letter(
            LetterKind.WARNING,
            "清环预警",
            1,
            "局",
            (),
            (cited(),),
            D(2023, 7, 1),
            D(2023, 7, 1),
            D(2023, 7, 2),
        )
    with pytest.raises(ValueError, match="before the issue date"):
        Letter(
            LetterKind.WARNING,
            "清环预警",
            1,
            "局",
            ("甲",),
            (cited(),),
            D(2023, 7, 1),
            D(2023, 7, 5),
            D(2023, 7, 2),
        )
