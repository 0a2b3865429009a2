"""文号 of a notice: 发文机关代字〔年份〕序号号 (GB/T 9704-2012 clause 7.2.4), e.g. 吕政办发〔2023〕4号.

The issuer abbreviation (代字) is the run of Chinese characters right before the bracketed year.
A title that wraps onto the 文号's line (``…行动计\\n划的通知吕政办发〔2024〕9号``) runs into it
without a separator, so the run is cut after the last word an abbreviation never contains:

* a title or letterhead ending (通知, 计划, 方案, 意见, 办法, 要点, 文件, 办公室, 政府, 关于, 印发…);
* 的 (的函 as a whole: ``…的函晋环函〔2024〕12号``) and 年, and the second character of a title
  word broken by the wrap (通|知, 计|划, 方|案);

and an abbreviation is kept to its last six characters (晋政办发, 环办监测, 晋环大气函 are 3–5).
Year brackets: 〔〕 (the standard's), [] ［］ () （） 【】; a 第 before the serial is tolerated.
"""

from __future__ import annotations

import re

_DOC_NUMBER = re.compile(
    r"(?P<run>[\u4e00-\u9fff]{2,40})"
    r"(?P<year>[〔\[［(（【]\d{4}[〕\]］)）】])第?(?P<serial>\d{1,5})号"
)
_NOT_IN_ABBREVIATION = re.compile(
    r"通知|计划|方案|意见|办法|规定|决定|批复|报告|请示|通报|公告|要点|细则|纲要|文件|办公室|办公厅"
    r"|政府|关于|印发|转发|行动|的函|[的年知划案]"
)
MAX_ABBREVIATION = 6


def find_doc_number(text: str) -> str | None:
    """The first 文号 in ``text`` (spaces removed first), or None."""
    for match in _DOC_NUMBER.finditer(re.sub(r"\s+", "", text)):
        abbreviation = issuer_abbreviation(match.group("run"))
        if abbreviation:
            return f"{abbreviation}{match.group('year')}{match.group('serial')}号"
    return None


def issuer_abbreviation(run: str) -> str | None:
    """The issuer abbreviation at the end of ``run``; None when fewer than two characters remain."""
    tail = run
    for word in _NOT_IN_ABBREVIATION.finditer(run):
        tail = run[word.end() :]
    tail = tail[-MAX_ABBREVIATION:]
    return tail if len(tail) >= 2 else None
