"""Structure of a notice: header (文号, issuer, date), the plans it carries, chapters and tasks.

Works on the paragraphs of :mod:`envplan.documents.normalize`. Rules (house styles of Shanxi
notices, written to generalise rather than to fit one file):

* **header** — the cover letter is everything before the first plan; 文号 is ``X〔YYYY〕N号``, the
  issuer is the last ``…人民政府(办公室|办公厅)`` line before the first full date, the title is
  ``关于印发…通知``; region and level come from the issuer (省 → province, 市 → city, 县/旗 →
  county, 区 → district; a county-level city → county, see :mod:`envplan.documents.regions`).
* **plans** — a plan starts at a title paragraph (``…行动计划``) or, where a notice prints no
  titles, at a preamble ``为……制定本(行动)计划`` once the previous plan has chapters. Its domain
  comes from the title (地下水 before 土壤 before 空气/大气/蓝天 before 水) or from the preamble
  words before the first 《; untitled plans borrow the cover letter's 《…》 title of that domain.
* **chapters** — level 1: ``一、`` or a bare heading word (``重点任务``); level 2: ``（一）``;
  tasks: ``1.`` numbered in sequence (a number that does not follow the previous task, such as a
  list inside a task, is text); a ``（一）`` item of a task chapter (重点任务, 专项行动…) with no
  numbered task under it is itself a task; a 保障措施 chapter's ``（一）`` items are safeguard tasks
  (``1.`` points inside them are their text), and so are ``1.`` items right under 保障措施;
  tasks under a 专项行动 / 攻坚行动 chapter are special actions; the chapter holding 目标 feeds the
  targets, and so does a ``（二）工作目标`` section of another chapter (总体要求).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from envplan.documents.doc_numbers import find_doc_number
from envplan.documents.model import Document, Domain, Level, TaskKind
from envplan.documents.normalize import Line, is_title_line, plan_title_text
from envplan.documents.numbering import (
    HeadingSequence,
    duplicate_warning,
    heading_warning,
    numbered_heading,
    out_of_sequence,
    printed_heading,
    printed_task_number,
    skip_warning,
)
from envplan.documents.regions import is_county_level_city, level_by_suffix
from envplan.documents.task_markers import (
    ARABIC,
    ARABIC_CHAPTER,
    CHAPTER_ITEM,
    SHI,
    UNIT_WORDS,
    PlanStyle,
    chinese_number,
    inline_style,
    plan_style,
)

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ISSUER = re.compile(
    r"^([\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|生态环境局|生态环境厅|委员会|办公室))$"
)
# the region an issuer names: the place before its organ (晋城市城区|人民政府…, 中共青岚县|委办公室…,
# 松溪区|污染防治攻坚战领导小组办公室); a joint issuer (中共…县委办公室 …县人民政府办公室) names it first
_ISSUER_REGION = re.compile(
    r"^(?:中共)?(?P<region>[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|县|区|旗))"
    r"(?=人民政府|政府|委|党委|生态|环境|污染|蓝天|碧水|净土|大气|办公)"
)
_SIGNATURE_DATE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$"
)
_CHINESE_DIGIT = "〇一二三四五六七八九"
_CHINESE_DATE = re.compile(
    r"([〇一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)
_NOTICE_TITLE = re.compile(r"关于印发.{2,120}?通\s*知")
_QUOTED = re.compile(r"《([^《》]{2,80})》")
_PREAMBLE = re.compile(r"^为.{4,400}?制定本(?:行动|工作|实施|专项)?(?:计划|方案)")
_LEVEL1 = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
_LEVEL2 = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$")
_CHAPTER = re.compile(r"^第([一二三四五六七八九十]{1,3})(章|部分)\s*(.*)$")
_HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}(?:章|部分) |\d{1,2}\.)"
)
_TITLE_PERIOD = re.compile(r"^[（(]\s*\d{4}\s*(?:年\s*)?(?:[-—–~～至]+\s*\d{4}\s*)?年?(?:度)?\s*[）)]$")
_SECTION = re.compile(r"^第([一二三四五六七八九十]{1,3})节\s*(.*)$")
_BARE_HEADING = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:要求|目标|任务|措施|行动|思想|原则)$")
_TASK_CHAPTER = re.compile(r"任务|行动|攻坚|措施|重点工作|重点工程|重点项目|工作内容")
_TARGET_SECTION = re.compile(r"^(?:工作|主要|总体|具体|年度|发展)?目标(?:任务|指标)?$")
_PERIOD = re.compile(r"(\d{4})\s*年?\s*[-—–~～至]+\s*(\d{4})\s*年|(\d{4})\s*年")
# the plan's closing words, an attachment list (附件：…, 附件1, also as a list item: 「- 附件：…」), or
# the 版记 (GB/T 9704 clause 10: 抄送…, …年…月…日印发)
_END_OF_TASKS = re.compile(
    r"^(?:(?:[-‐–—•·*]\s*)?附件|本(?:行动)?计划(?:自|由)|本方案|抄\s*送\s*[：:]"
    r"|.{0,30}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$)"
)
_DOMAIN_WORDS = (
    (Domain.GROUNDWATER, ("地下水",)),
    (Domain.SOIL, ("土壤",)),
    (Domain.AIR, ("空气", "大气", "蓝天")),
    (Domain.WATER, ("水",)),
)


@dataclass(slots=True)
class TaskBlock:
    """A task's paragraphs before clause parsing."""

    number: str
    title: str
    path: list[str]
    kind: TaskKind
    paragraphs: list[Line]
    provisional: bool = False  # a （一） item of a task chapter: a task unless numbered tasks follow
    section_text: str = ""  # the （一） heading paragraph above a numbered task (its units may apply)
    warnings: list[str] = field(default_factory=list)  # e.g. its number out of sequence


@dataclass(slots=True)
class PlanBlock:
    """A plan's paragraphs split into preamble, targets and tasks."""

    title: str
    domain: Domain
    start_line: int
    preamble: str = ""
    target_paragraphs: list[Line] = field(default_factory=list)
    tasks: list[TaskBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def domain_of(text: str) -> Domain:
    """Domain of a plan from words of its title or preamble."""
    for domain, words in _DOMAIN_WORDS:
        if any(word in text for word in words):
            return domain
    return Domain.OTHER


def period_of(title: str) -> tuple[str, int | None, int | None]:
    """Period of a plan title: ("2022—2023", 2022, 2023) or ("2023", 2023, 2023)."""
    match = _PERIOD.search(title)
    if not match:
        return "", None, None
    if match.group(1):
        start, end = int(match.group(1)), int(match.group(2))
        return f"{start}—{end}", start, end
    year = int(match.group(3))
    return str(year), year, year


def compact(text: str) -> str:
    """Text without spaces (titles are printed with stray spaces)."""
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- header


def parse_header(cover: list[Line], source: str | None) -> Document:
    """The document header from the cover-letter paragraphs."""
    texts = [compact(line.text) for line in cover]
    joined = "".join(texts)
    number = next((n for n in map(find_doc_number, texts) if n), None)
    date_index, issue_date = _first_date(texts)
    issuer = _issuer(texts[: date_index + 1 if date_index is not None else len(texts)])
    title_match = _NOTICE_TITLE.search(joined)
    title = compact(title_match.group(0)) if title_match else ""
    if title and issuer and not title.startswith(issuer):
        title = issuer + title
    region = _region_of_issuer(issuer or "")
    return Document(
        title=title,
        doc_number=number,
        issuer=issuer,
        issue_date=issue_date,
        region=region or None,
        level=_level_of(region, joined),
        source=source,
    )


def _region_of_issuer(issuer: str) -> str:
    match = _ISSUER_REGION.match(issuer)
    if match:
        return match.group("region")
    return re.sub(r"(人民政府办公室|人民政府办公厅|人民政府|生态环境局|委员会|办公室)$", "", issuer)


def _arabic_date(text: str) -> str:
    """二〇二四年三月五日 → 2024年3月5日 (signature dates are often printed in Chinese numerals)."""
    match = _CHINESE_DATE.search(text.replace("○", "〇").replace("零", "〇"))
    if not match:
        return text
    year = "".join(str(_CHINESE_DIGIT.index(c)) for c in match.group(1))
    month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
    return text[: match.start()] + f"{year}年{month}月{day}日" + text[match.end() :]


def _first_date(texts: list[str]) -> tuple[int | None, dt.date | None]:
    for index, text in enumerate(texts):
        match = _DATE.search(_arabic_date(text))
        if match:
            try:
                return index, dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return index, None
    return None, None


def _issuer(texts: list[str]) -> str | None:
    for text in reversed(texts):
        match = _ISSUER.match(_SIGNATURE_DATE.sub("", text))  # the signature line may carry the date
        if match:
            return match.group(1)
    for text in texts:
        head = re.match(r"^([\u4e00-\u9fff]{2,16}?(?:人民政府办公室|人民政府办公厅))", text)
        if head:
            return head.group(1)
    return None


def _level_of(region: str, cover_text: str) -> Level | None:
    if is_county_level_city(region, cover_text):
        return Level.COUNTY
    return level_by_suffix(region)


def cover_titles(cover: list[Line]) -> list[str]:
    """Plan titles listed in the cover letter's 《…》."""
    joined = compact("".join(line.text for line in cover))
    return [t for t in _QUOTED.findall(joined) if "计划" in t or "方案" in t]


# ---------------------------------------------------------------- plans


def plan_starts(paragraphs: list[Line]) -> list[tuple[int, str]]:
    """Index of every paragraph that opens a plan, with the title printed there ("" if none)."""
    starts: list[tuple[int, str]] = []
    headings_since_start = 0
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if is_title_line(text) and not _QUOTED.search(text) and "关于印发" not in text:
            if starts and headings_since_start == 0 and starts[-1][1]:
                starts.pop()  # a title-like line with no chapter under it (e.g. in the cover letter)
            starts.append((index, compact(plan_title_text(text)) + _period_below(paragraphs, index)))
            headings_since_start = 0
        elif _PREAMBLE.match(text) and (not starts or headings_since_start > 0):
            starts.append((index, ""))
            headings_since_start = 0
        elif starts and (_PREAMBLE.match(text) or _opens_chapter(text)):
            headings_since_start += 1  # a preamble or a chapter under the title: it opens a plan
    return starts


def _opens_chapter(text: str) -> bool:
    return bool(
        _LEVEL1.match(text) or _CHAPTER.match(text) or _BARE_HEADING.match(text) or ARABIC_CHAPTER.match(text)
    )


def _period_below(paragraphs: list[Line], index: int) -> str:
    """A period printed on the line under a title: 「…行动计划」 + 「（2024—2025年）」."""
    if index + 1 < len(paragraphs) and _TITLE_PERIOD.match(paragraphs[index + 1].text.strip()):
        return compact(paragraphs[index + 1].text)
    return ""


_DOMAIN_NAMES = {"water": "水", "air": "大气", "soil": "土壤", "groundwater": "地下水"}


def split_plan(title: str, paragraphs: list[Line], start_line: int, listed: list[str]) -> PlanBlock:
    """Chapters and tasks of one plan; an untitled plan takes (and removes) a title of ``listed``."""
    preamble = next((p.text for p in paragraphs if _PREAMBLE.match(p.text)), "")
    warnings: list[str] = []
    domain = domain_of(title) if title else domain_of(preamble.split("《")[0])
    if not title:
        title, how = _listed_title(domain, listed)
        warnings.append(f"未印计划标题，取自通知正文{how}：{title or '（无）'}")
        domain = domain_of(title) if domain is Domain.OTHER else domain
    plan = PlanBlock(title=title, domain=domain, start_line=start_line, preamble=preamble, warnings=warnings)
    _ChapterWalker(plan).walk(paragraphs)
    return plan


def _listed_title(domain: Domain, listed: list[str]) -> tuple[str, str]:
    """The first title left in the cover letter's list of this domain, else (for a plan whose
    preamble names no domain) the next one in order; the chosen title leaves the list."""
    same = [t for t in listed if domain_of(t) == domain]
    if same:
        listed.remove(same[0])
        return same[0], f"（所列下一个{_DOMAIN_NAMES.get(domain.value, domain.value)}计划标题）"
    if domain is Domain.OTHER and listed:
        return listed.pop(0), "（所列下一个计划标题）"
    return "", ""


class _ChapterWalker:
    """Walks the paragraphs of one plan, tracking the chapter path."""

    def __init__(self, plan: PlanBlock) -> None:
        self.plan = plan
        self.level1 = ""
        self.level2 = ""
        self.last_number = 0
        self.chapter_changed = False
        self.current: TaskBlock | None = None
        self.ended = False
        self.target_section = False  # a （二）工作目标 section under 总体要求
        self.level2_text = ""
        self.style = PlanStyle()
        self.list_items: set[int] = set()  # task-marker numbers read as text in the current task
        self.task_lines: dict[int, int] = {}  # task number → line, since numbering last restarted
        self.headings: dict[str, HeadingSequence] = {}

    def walk(self, paragraphs: list[Line]) -> None:
        paragraphs, self.style = inline_style(paragraphs, plan_style(paragraphs))
        for paragraph in paragraphs:
            text = paragraph.text.strip()
            if self.ended or not text or is_title_line(text):
                continue
            if _END_OF_TASKS.match(text):
                self._close()
                self.ended = True
            elif (heading := _level1_heading(text, self.style)) is not None:
                self._enter_level1(heading, paragraph)
            elif (level2 := _level2_heading(text)) and not self._in_target_chapter():
                self._enter_level2(*level2, paragraph)
            elif (task := self.style.task.match(text)) and (fit := self._fit(task, text)):
                self._open_task(task, paragraph, fit)
            elif self.current is not None:
                self.list_items |= {task[1]} if task else set()
                self.current.paragraphs.append(paragraph)
            elif self._in_targets():
                self.plan.target_paragraphs.append(paragraph)
        self._close()

    def _listing(self, text: str) -> bool:
        """A （一） task whose heading ends in a colon (主要做好以下工作：) lists its points as 1. 2.:
        an item naming no unit is its text, not a task."""
        current = self.current
        if current is None or not current.provisional or UNIT_WORDS.search(text):
            return False
        return current.paragraphs[0].text.rstrip()[-1:] in "：:"

    def _in_target_chapter(self) -> bool:
        return "目标" in self.level1 and self.current is None

    def _in_targets(self) -> bool:
        return self._in_target_chapter() or (self.target_section and self.current is None)

    def _enter_level1(self, heading: str, paragraph: Line) -> None:
        self._close()
        for kind in ("level2", "section"):
            self.headings.pop(kind, None)  # sections number from （一） in every chapter
        self._check_heading(paragraph)
        self.level1, self.level2, self.chapter_changed = heading, "", True
        self.level2_text = ""
        self.target_section = False
        if "目标" in heading:
            rest = _HEADING_NUMBER.sub("", heading)
            if not _BARE_HEADING.match(rest) and len(rest) > 12:
                self.plan.target_paragraphs.append(paragraph)

    def _enter_level2(self, number: str, rest: str, paragraph: Line) -> None:
        self._close()
        title, inline = _split_title(rest)
        self.level2 = f"{number} {title}" if number.startswith("第") else number + title
        self.level2_text = paragraph.text
        self.chapter_changed = True
        in_tasks = _TASK_CHAPTER.search(self.level1) or "保障" in self.level1
        self.target_section = bool(_TARGET_SECTION.match(title)) and not in_tasks
        warning = self._check_heading(paragraph)
        if self.target_section:
            self.plan.target_paragraphs += [Line(inline, paragraph.number)] if inline else []
        elif "保障" in self.level1:
            self.current = TaskBlock(number, title, [self.level1], TaskKind.SAFEGUARD, [paragraph])
        elif _TASK_CHAPTER.search(self.level1):
            kind = _kind_of(self.level1)
            self.current = TaskBlock(number, title, [self.level1], kind, [paragraph], provisional=True)
        if self.current is not None and warning:
            self.current.warnings.append(warning)

    def _check_heading(self, paragraph: Line) -> str | None:
        """A warning (also put on the plan) when a numbered heading does not follow its kind's last."""
        heading = numbered_heading(paragraph.text.strip())
        if heading is None:
            return None
        kind, number, form = heading
        out = self.headings.setdefault(kind, HeadingSequence()).follow(number)
        if out is None:
            return None
        expected, found = printed_heading(form, out[0]), printed_heading(form, number)
        warning = heading_warning(self.plan.title, paragraph.number, expected, found, out[1], paragraph.text)
        self.plan.warnings.append(warning)
        return warning

    def _accepts_tasks(self) -> bool:
        if "目标" in self.level1 or self.target_section:
            return False
        # 1. lists inside （一） safeguards; 1. items right under 保障措施 are safeguards
        return not ("保障" in self.level1 and self.style.task is ARABIC and self.level2)

    def _fit(self, task: tuple[str, int, str], text: str) -> tuple[str, int] | None:
        """How a numbered paragraph opens a task: ("next", n), ("skip", expected) or ("duplicate",
        expected); None when it is text (:mod:`envplan.documents.numbering`)."""
        _, sequence, rest = task
        if not self._accepts_tasks() or self._listing(text):
            return None
        if sequence == self.last_number + 1 or (sequence == 1 and self.chapter_changed):
            return "next", sequence
        return out_of_sequence(sequence, self.last_number, self.chapter_changed, self.list_items, rest, text)

    def _number_warning(self, task: tuple[str, int, str], fit: tuple[str, int], paragraph: Line) -> str:
        number, sequence, _ = task
        expected = printed_task_number(self.style.task, fit[1], number)
        if fit[0] == "duplicate":
            first = self.task_lines.get(sequence, paragraph.number)
            return duplicate_warning(
                self.plan.title, paragraph.number, expected, number, first, paragraph.text
            )
        return skip_warning(self.plan.title, paragraph.number, expected, number, paragraph.text)

    def _open_task(self, task: tuple[str, int, str], paragraph: Line, fit: tuple[str, int]) -> None:
        number, sequence, rest = task
        if self.current is not None and self.current.provisional:
            self.current = None  # the （一） heading groups numbered tasks: it is a chapter
        self._close()
        warning = self._number_warning(task, fit, paragraph) if fit[0] != "next" else None
        if sequence == 1 and self.chapter_changed:
            self.task_lines.clear()
        self.task_lines.setdefault(sequence, paragraph.number)
        self.list_items = set()
        self.last_number, self.chapter_changed = sequence, False
        title, _ = _split_title(rest)
        if self.style.task is SHI:  # 一是开展…排查，2024年…（A负责）： the words before the first comma
            title = re.split(r"[，,；;（(〔]", title, maxsplit=1)[0]
        path = [p for p in (self.level1, self.level2) if p]
        self.current = TaskBlock(number, title, path, _kind_of(self.level1), [paragraph])
        self.current.section_text = self.level2_text
        if warning:
            self.plan.warnings.append(warning)
            self.current.warnings.append(warning)

    def _close(self) -> None:
        if self.current is not None:
            self.plan.tasks.append(self.current)
            self.current = None
        self.list_items = set()


def _level1_heading(text: str, style: PlanStyle) -> str | None:
    """A chapter heading as it goes into task paths: 一、重点任务, 第二章 重点任务, 2.重点任务."""
    if (match := _LEVEL1.match(text)) and style.task is not CHAPTER_ITEM:
        return f"{match.group(1)}、{_split_title(match.group(2))[0]}"
    if match := _CHAPTER.match(text):
        return f"第{match.group(1)}{match.group(2)} {_split_title(match.group(3))[0]}"
    if (style.arabic_chapters or style.task is not ARABIC) and (match := ARABIC_CHAPTER.match(text)):
        return f"{match.group(1)}.{match.group(2).strip()}"
    if _BARE_HEADING.match(text):
        return text
    return None


def _level2_heading(text: str) -> tuple[str, str] | None:
    """A section heading's printed number and the rest: （一）…, 第一节 …."""
    if match := _LEVEL2.match(text):
        return f"（{match.group(1)}）", match.group(2)
    if match := _SECTION.match(text):
        return f"第{match.group(1)}节", match.group(2)
    return None


def _split_title(text: str) -> tuple[str, str]:
    """Heading sentence and the rest: "铸造园区专项整治。2023年…" → ("铸造园区专项整治", "2023年…");
    a heading in 【】 is the title: "【加强扬尘管控】严格…" → ("加强扬尘管控", "严格…")."""
    marked = re.match(r"^[【\[]([^】\]]{2,40})[】\]]\s*(.*)$", text)
    if marked:
        return marked.group(1), marked.group(2)
    match = re.match(r"^(.{1,60}?)[。：:]\s*(.*)$", text)
    if match and not re.search(r"[（(〔][^）)〕]*$", match.group(1)):
        return match.group(1), match.group(2)
    clause = _TRAILING_UNIT_CLAUSE.match(text.strip())
    if clause:  # "编制…方案（县住建局负责）" with no full stop: the clause is no part of the title
        return clause.group(1), clause.group(2)
    return text.strip(), ""


_TRAILING_UNIT_CLAUSE = re.compile(
    r"^(.{2,60}?)([（(〔][^（(〔）)〕]*(?:负责|牵头|配合|责任|落实)[^（(〔）)〕]*[）)〕])$"
)


def _kind_of(level1: str) -> TaskKind:
    if "保障" in level1:
        return TaskKind.SAFEGUARD
    if "专项行动" in level1 or "攻坚" in level1:
        return TaskKind.SPECIAL_ACTION
    return TaskKind.TASK
