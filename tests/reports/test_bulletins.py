"""Work bulletins list what changed since the last one, not the same 推进缓慢 list again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from envplan.assessment.colours import Colour
from envplan.assessment.schedule import ScheduleState
from envplan.assessment.work_rankings import Outcome, rank_units
from envplan.reports.bulletins import (
    BulletinKind,
    IssuedLetter,
    Snapshot,
    TaskLine,
    bulletin_html,
    compose_bulletin,
    write_bulletin_docx,
)
from envplan.reports.official_docx import docx_text

S, C = ScheduleState, Colour


def line(key: str, unit: str, state: ScheduleState, colour: Colour, reason: str = "") -> TaskLine:
    return TaskLine(key, unit, "水计划", key, f"任务{key}", state, colour, reason)


BEFORE = Snapshot(
    dt.date(2023, 7, 2),
    {
        "1": line("1", "甲局", S.OVERDUE, C.RED, "逾期 2 天"),  # still overdue: counted, not listed
        "2": line("2", "乙局", S.DUE_SOON, C.BLUE),  # becomes overdue
        "3": line("3", "乙局", S.NOT_DUE, C.YELLOW),  # completed
        "4": line("4", "丙局", S.NOT_DUE, C.NONE),
    },
)
AFTER = Snapshot(
    dt.date(2023, 7, 9),
    {
        "1": line("1", "甲局", S.OVERDUE, C.RED, "逾期 9 天"),
        "2": line("2", "乙局", S.OVERDUE, C.RED, "时限2023年7月5日已过，未完成，逾期 4 天"),
        "3": line("3", "乙局", S.COMPLETED_ON_TIME, C.NONE),
        "4": line("4", "丙局", S.NOT_DUE, C.NONE),
    },
)


def bulletin():  # type: ignore[no-untyped-def]
    ranks_before = rank_units([Outcome("甲局", S.COMPLETED_ON_TIME, 0), Outcome("乙局", S.OVERDUE, 1)])
    ranks_now = rank_units([Outcome("甲局", S.OVERDUE, 1), Outcome("乙局", S.COMPLETED_ON_TIME, 0)])
    letters = [IssuedLetter("清环预警〔2023〕4号", "预警函", "乙局", 1)]
    return compose_bulletin(BulletinKind.WEEKLY, "清河县", 5, BEFORE, AFTER, letters, ranks_before, ranks_now)


def test_sections_list_only_changes() -> None:
    b = bulletin()
    assert b.title == "清河县污染防治攻坚工作进展周通报（2023年第5期）"
    assert (b.period_start, b.period_end) == (dt.date(2023, 7, 3), dt.date(2023, 7, 9))
    by_heading = {s.heading: s.lines for s in b.sections}
    assert by_heading["总体情况"] == [
        "截至2023年7月9日，纳入调度的任务共4项，已完成1项，逾期未完成2项（较上期增加1项），"
        "其中持续逾期1项（名单见往期通报，本期不再重复列出）。"
    ]
    assert by_heading["一、本期新增逾期任务（1项）"] == [
        "【红色】乙局：水计划第2项“任务2”：时限2023年7月5日已过，未完成，逾期 4 天"
    ]
    assert by_heading["二、本期新完成任务（1项）"] == ["乙局：水计划第3项“任务3”"]
    assert by_heading["三、本期预警升级（1项）"][0].startswith("【红色】乙局：水计划第2项")
    assert by_heading["四、本期预警解除或降级（1项）"] == ["乙局：水计划第3项“任务3”："]
    assert by_heading["五、本期发出的预警督办（1件）"] == [
        "清环预警〔2023〕4号：向乙局发出预警函，涉及任务1项。"
    ]
    assert by_heading["六、排名变化（2个单位）"] == [
        "乙局：由第2名变为第1名，上升1位",
        "甲局：由第1名变为第2名，下降1位",
    ]
    all_text = "".join(x for s in b.sections for x in s.lines)
    assert "“任务1”" not in all_text  # the unchanged overdue task is not repeated


def test_first_bulletin_and_renderings(tmp_path: Path) -> None:
    first = compose_bulletin(BulletinKind.MONTHLY, "清河县", 1, None, AFTER)
    assert first.title.endswith("月通报（2023年第1期）")
    assert "其中持续逾期0项" in first.sections[0].lines[0]
    html = bulletin_html(bulletin())
    assert "<h2>一、本期新增逾期任务（1项）</h2>" in html and "“任务2”" in html
    text = docx_text(Document(str(write_bulletin_docx(bulletin(), tmp_path / "b.docx"))))
    assert "六、排名变化（2个单位）" in text and "乙局：由第2名变为第1名，上升1位" in text


def test_ranking_table_with_delay_as_secondary_key(tmp_path: Path) -> None:
    ranks = rank_units(
        [
            Outcome("甲局", S.COMPLETED_ON_TIME, 0),
            Outcome("甲局", S.OVERDUE, 9),  # 甲局 50.0 %, 9.0 d
            Outcome("乙局", S.COMPLETED_ON_TIME, 0),
            Outcome("乙局", S.COMPLETED_LATE, 2),  # 乙局 50.0 %, 2.0 d
            Outcome("丙局", S.NOT_DUE, 0),  # nothing due: listed, unranked
        ]
    )
    b = compose_bulletin(BulletinKind.WEEKLY, "清河县", 6, AFTER, AFTER, ranks_before=ranks, ranks_now=ranks)
    (table,) = [s for s in b.sections if s.table]
    assert table.heading == "七、工作排名（2个单位参与排名）"
    assert table.table[1:] == [
        ["1", "乙局", "2", "1", "50.0", "0", "2.0"],
        ["2", "甲局", "2", "1", "50.0", "1", "9.0"],
        ["—", "丙局", "0", "0", "—", "0", "—"],
    ]
    assert table.lines[-1].startswith(
        "排名规则：按按期完成率由高到低排名；完成率（保留一位小数）相同的，按平均延误天数"
    )
    assert any(line.startswith("平均延误天数 = ") for line in table.lines)
    html = bulletin_html(b)
    assert '<div class="ranking"' in html and "<td>乙局</td><td>2</td><td>1</td><td>50.0</td>" in html
    assert html.index("</table>") < html.index("排名规则：")  # the rule beside (after) the table
    document = Document(str(write_bulletin_docx(b, tmp_path / "r.docx")))
    (grid,) = document.tables
    assert [c.text for c in grid.rows[1].cells] == ["1", "乙局", "2", "1", "50.0", "0", "2.0"]
    assert any(t.startswith("排名规则：") for t in docx_text(document))
