"""The same notice as TXT, DOCX (automatic numbering) and PDF (running heads, folios, ruled tables)
parses to the same plans: tasks, units, milestones and tables agree whatever the file format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from envplan.demo import DEMO_NOTICES, demo_notice_paths, demo_notice_text
from envplan.demo.render_docx import write_notice_docx
from envplan.demo.render_pdf import blocks_from_text, write_notice_pdf
from envplan.documents.model import ParsedNotice

parser = pytest.importorskip("envplan.documents.parser")


def signature(notice: ParsedNotice) -> list[Any]:
    """What must not depend on the file format."""
    return [
        (
            plan.title,
            plan.domain,
            plan.period,
            plan.parent_plans,
            [
                (
                    t.number,
                    t.kind,
                    t.path,
                    t.lead_units,
                    t.cooperating_units,
                    t.responsible_units,
                    [(m.text, m.kind, m.due) for m in t.milestones],
                )
                for t in plan.tasks
            ],
            [(table.kind, table.headers, table.rows) for table in plan.tables],
        )
        for plan in notice.plans
    ]


@pytest.mark.parametrize("name", DEMO_NOTICES)
def test_docx_and_pdf_parse_like_the_txt(name: str, tmp_path: Path) -> None:
    [txt_path] = [p for p in demo_notice_paths() if p.name == name]
    text = demo_notice_text(name)
    docx_path = write_notice_docx(text, tmp_path / "notice.docx")
    pdf_path = write_notice_pdf(blocks_from_text(text), tmp_path / "notice.pdf", "人民政府办公室文件")
    expected = signature(parser.parse_file(txt_path))
    assert expected and expected[0][4], "the TXT notice parses to plans with tasks"
    assert signature(parser.parse_file(docx_path)) == expected
    assert signature(parser.parse_file(pdf_path)) == expected
