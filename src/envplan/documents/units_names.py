"""Unit names inside a unit clause: splitting a list, restoring dropped prefixes, shape checks.

A list such as ``市发展和改革局、工业和信息化局、财政局`` writes the level prefix (``市``) once; the
later names get it back (``市工业和信息化局``, ``市财政局``). The rule, in order:

1. Lists are split on ``、`` (and ``，`` by the caller) at bracket depth 0 only, so
   ``各县（市、区）人民政府`` and ``区发改（能源）局`` stay whole.
2. ``和 / 及 / 以及 / 与`` split two names only when the left part already ends like a unit
   (``…政府``, ``…局``) and the right part carries its own prefix (``各镇人民政府和新绛经济技术开发区
   管委会``); ``市发展和改革局`` and ``省粮食和储备局`` therefore stay whole.
3. A bare level word is joined to a following level government (``各市、县人民政府`` is one name:
   the cities' and counties' governments); before an office (``各镇、县行政审批局``) it stays a name.
4. A name gets the prefix of the name just before it (after that one's own restoration) when it is
   an office name (ends in 局、厅、委、办、中心、队…) without a prefix of its own. A prefix is a level
   character (省 市 县 区 州 旗 乡 镇, but not 市场/市容/市政/区域) or a place name of two or three
   characters ending in 省/市/县/区/旗 (``新绛县``) or ``各县（市、区）`` (so ``各县（市、区）党委、政府`` →
   ``各县（市、区）政府``). A Party organ after a Party organ takes the committee's prefix
   (``市委宣传部、网信办`` → ``市委网信办``; ``市委宣传部、财政局`` → ``市财政局``); ``市政府`` and
   ``市人民政府`` carry their own 市. Names with their own wording are never touched:
   ``各…``, ``沿河各镇``, ``相关…``, names of development zones (开发区, 园区, 新区…), towns and
   streets (…镇, …街道), companies (…公司, …厂), ``中国…``/``国家…``.
5. Blanks and line breaks (table cells, PDF text, lists typed with spaces) separate two names when
   the text before is a complete name (ends like a unit, not a bare 省/市/县/区) and the text after
   has its own prefix, or is a unit that is no part of another (…分局, …支队, …所 are parts:
   ``市公安局 交警支队`` is one name); any other blank is dropped (``晋城市 城区生态环境分局``).
6. A company tail written once after a run of bureaus (``中国铁路太原局、北京局、郑州局集团有限公司``)
   goes to every name of the run that ends in the same word and has no level prefix; when the first
   name is longer than the others, all of one length, its extra leading words go to them too
   (→ ``中国铁路北京局集团有限公司``). Offices with a prefix (``市交通局``) never take the tail.
"""

from __future__ import annotations

import re

OPEN_BRACKETS = "（(〔［[【﹝{"
CLOSE_BRACKETS = "）)〕］]】﹞}"

LEVEL_CHARS = "省市县区州旗乡镇"
_CITY_GOVERNMENT = ("市政府", "市人民政府")  # 市政 is no level prefix, but 市政府 is the city's government
NOT_A_LEVEL_PREFIX = ("市场", "市容", "市政", "市民", "区域", "县域", "镇区")
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|市|县|区|旗)(?!场|容|政|域)")
OWN_WORDING = (
    "各", "沿", "相关", "有关", "其余", "其他", "其它", "所在", "属地", "全", "中国", "中央", "国家", "驻",
)  # fmt: skip
OWN_MARKERS = ("开发区", "园区", "新区", "高新区", "示范区", "保税区", "试验区", "公司", "集团", "厂", "企业")
PLACE_ENDINGS = ("镇", "乡", "街道", "街道办", "街道办事处", "村", "社区")
OFFICE_ENDINGS = (
    "局", "厅", "委", "委员会", "办", "办公室", "政府", "中心", "队", "部", "部门", "管委会", "小组",
    "站", "所", "院",
)  # fmt: skip
UNIT_ENDINGS = (
    *OFFICE_ENDINGS, *PLACE_ENDINGS, "单位", "部", "会", "组", "处", "科", "室", "公司", "集团", "企业", "厂",
    "机构", "省", "市", "县", "区", "旗", "署", "馆", "团", "队伍", "行", "海关", "台", "校", "大学",
)  # fmt: skip
COMPANY_ENDINGS = ("公司", "集团", "厂", "企业")
# departments and offices of a Party committee (市委宣传部, 县委网信办): they take 市委 / 县委
PARTY_ORGANS = (
    "宣传部", "组织部", "统战部", "政法委", "网信办", "编办", "农办", "财经办", "外办", "政研室",
    "督查室", "巡察办", "改革办", "深改办", "文明办", "党校", "党史研究室", "保密办",
)  # fmt: skip

_QUALIFIER_TAIL = re.compile(
    r"(?:按照?(?:各自)?(?:职责|职能)(?:分工)?|依职责|分别|共同|具体|要|等(?:相关|有关|其他)?(?:单位|部门|成员单位)?)+$"
)
_LEADING_WORDS = re.compile(r"^(?:由|请|另由)")
_PAGE_NUMBER = re.compile(r"[-—－]\s*\d{1,3}\s*[-—－]")
_BLANKS = re.compile(r"\s+")  # names never hold blanks; stray ones come from PDF text or wrapping
_CONJUNCTION = re.compile(r"以及|和|及|与|同")
_TRAILING_PARENTHESIS = re.compile(r"[（(][^（()）]*[）)]$")
_BARE_LEVEL = re.compile(r"各?[省市县区乡镇]")
_EVERY_LEVEL = re.compile(r"各[省市县区乡镇旗]+(?:[（(][^（()）]*[）)])?")
_ANY_BRACKET = re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")


def bracket_depths(text: str) -> list[int]:
    """Bracket depth before each character of ``text`` (unbalanced closers never go below 0)."""
    if not _ANY_BRACKET.search(text):
        return [0] * len(text)
    depths: list[int] = []
    depth = 0
    for char in text:
        if char in CLOSE_BRACKETS:
            depth = max(depth - 1, 0)
        depths.append(depth)
        if char in OPEN_BRACKETS:
            depth += 1
    return depths


def split_top_level(text: str, separators: str) -> list[str]:
    """Split ``text`` on any of ``separators`` that sits outside brackets."""
    if not _ANY_BRACKET.search(text):
        return re.split(f"[{re.escape(separators)}]", text)
    parts: list[str] = []
    start = 0
    for index, (char, depth) in enumerate(zip(text, bracket_depths(text), strict=True)):
        if depth == 0 and char in separators:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def core_name(name: str) -> str:
    """The name without a trailing parenthesis: ``各镇（街道）`` → ``各镇``."""
    stripped = _TRAILING_PARENTHESIS.sub("", name)
    return stripped or name


def looks_like_unit(name: str) -> bool:
    """True when ``name`` ends like an organisation, a government or a place that acts as one."""
    return core_name(name).endswith(UNIT_ENDINGS)


def looks_like_office(name: str) -> bool:
    """True for a government office (…局, …厅, …政府, …中心…); places and companies are not offices."""
    core = core_name(name)
    return core.endswith(OFFICE_ENDINGS) and not core.endswith(COMPANY_ENDINGS)


def level_prefix(name: str) -> str | None:
    """The level or place prefix a name starts with (``市``, ``新绛县``, ``各县（市、区）``), or None."""
    if name.startswith(NOT_A_LEVEL_PREFIX) and not name.startswith(_CITY_GOVERNMENT):
        return None
    every = _EVERY_LEVEL.match(name)
    if every:
        return every.group(0) if len(name) > len(every.group(0)) else None
    place = _PLACE_PREFIX.match(name)
    if place and len(name) > len(place.group(0)):
        return place.group(0)
    if name[:1] and name[0] in LEVEL_CHARS and len(name) > 1:
        return name[0]
    return None


def has_own_prefix(name: str) -> bool:
    """True when a name needs no prefix from its neighbour (see the module rule 4)."""
    core = core_name(name)
    return (
        level_prefix(core) is not None
        or core.startswith(OWN_WORDING)
        or "各" in core
        or any(marker in core for marker in OWN_MARKERS)
        or core.endswith(PLACE_ENDINGS)
    )


def clean_name(raw: str) -> str:
    """A name without surrounding blanks, leading 由, trailing 等/按职责分工 and page numbers."""
    name = _BLANKS.sub("", _PAGE_NUMBER.sub("", raw)).strip("、，,；;。：:")
    name = _LEADING_WORDS.sub("", name)
    previous = None
    while previous != name:
        previous = name
        name = _QUALIFIER_TAIL.sub("", name).strip()
    return name


def _split_conjunctions(item: str) -> list[str]:
    """Split ``A和B`` when A ends like a unit and B has its own prefix (module rule 2)."""
    depths = bracket_depths(item)
    for match in _CONJUNCTION.finditer(item):
        if depths[match.start()] != 0:
            continue
        left, right = item[: match.start()], item[match.end() :]
        if left and right and looks_like_unit(left) and has_own_prefix(right):
            return [left, *_split_conjunctions(right)]
    return [item]


_SHARED_SUFFIX = re.compile(r"^[省市县区乡镇](?:[（(][^）)]*[）)])?(?:级)?(?:人民政府|政府|党委|党委和政府)$")


def _join_bare_levels(items: list[str]) -> list[str]:
    """``各市``, ``县人民政府`` → ``各市、县人民政府``: a bare level word shares the next item's
    government suffix. ``各镇``, ``县行政审批局`` stay two names (an office is not a shared suffix)."""
    joined: list[str] = []
    for item in items:
        if joined and _BARE_LEVEL.fullmatch(joined[-1]) and _SHARED_SUFFIX.match(item):
            joined[-1] += "、" + item
        else:
            joined.append(item)
    return joined


def is_party_organ(name: str) -> bool:
    """True for a Party committee's department or office (宣传部, 网信办…) without its prefix."""
    return name.endswith(PARTY_ORGANS)


def _prefix_for(name: str, previous: str) -> str | None:
    """The prefix ``name`` takes from ``previous``: its level (市), or its Party committee (市委)
    when both are Party organs: 市委宣传部、网信办 → 市委网信办, but 市委宣传部、财政局 → 市财政局."""
    prefix = level_prefix(previous) if previous else None
    committee = f"{prefix}委" if prefix else ""
    if committee and is_party_organ(name) and is_party_organ(previous.removeprefix(committee)):
        return committee if previous.startswith(committee) else prefix
    return prefix


def restore_prefixes(names: list[str], previous_name: str = "") -> list[str]:
    """Give each office name without a prefix the prefix of the name before it (module rule 4).

    ``previous_name`` is the name just before the list (from an earlier group of the same clause).
    """
    restored: list[str] = []
    for name in names:
        previous = restored[-1] if restored else previous_name
        prefix = _prefix_for(name, previous)
        if prefix and looks_like_office(name) and not has_own_prefix(name):
            name = prefix + name
        restored.append(name)
    return restored


def split_unit_names(text: str, previous_name: str = "") -> list[str]:
    """Names of a unit list as written, prefixes restored: ``市水利局、财政局`` → [市水利局, 市财政局]."""
    items: list[str] = []
    for raw in split_top_level(separate_blank_joined(text), "、，,"):
        name = clean_name(raw)
        if name:
            items.extend(part for part in (clean_name(p) for p in _split_conjunctions(name)) if part)
    return restore_prefixes(_share_company_tail(_join_bare_levels(items)), previous_name)


_COMPANY_TAIL = re.compile(r"^(?P<stem>.+?[局厅院所])(?P<tail>(?:集团)?(?:股份)?有限(?:责任)?公司|集团)$")


def _share_company_tail(items: list[str]) -> list[str]:
    """``中国铁路太原局、北京局、郑州局集团有限公司`` → each ``中国铁路…局集团有限公司`` (module rule 6)."""
    if not items or not (last := _COMPANY_TAIL.match(items[-1])):
        return items
    end, tail = last.group("stem")[-1], last.group("tail")
    run = len(items) - 1
    while run > 0 and items[run - 1].endswith(end) and level_prefix(items[run - 1]) is None:
        run -= 1
    if run == len(items) - 1:
        return items
    names = [*items[run:-1], last.group("stem")]
    short = len(names[-1])
    if all(len(name) == short for name in names[1:]) and len(names[0]) > short:
        prefix = names[0][:-short]  # the first name writes the words the others drop
        names = [names[0], *(prefix + name for name in names[1:])]
    return [*items[:run], *(name + tail for name in names)]


_SEPARATORS = "、，,；;：:"
_BARE_AREA_ENDINGS = ("省", "市", "县", "区", "旗")
# parts of the unit before them (市公安局 交警支队, 市生态环境局 新绛分局): a blank before them joins
SUB_UNIT_ENDINGS = (
    "分局",
    "支队",
    "大队",
    "中队",
    "分中心",
    "分公司",
    "分院",
    "所",
    "站",
    "科",
    "股",
    "处",
    "室",
)


def separate_blank_joined(text: str) -> str:
    """Blanks between two complete names become 、, other blanks go (module rule 5).

    ``区生态环境分局 晋城市凤禹排水有限公司`` → ``区生态环境分局、晋城市凤禹排水有限公司``;
    ``晋城市 城区生态环境分局`` and ``市公安局 交警支队`` are one name each.
    """
    if not _BLANKS.search(text):
        return text
    depths = bracket_depths(text)
    out: list[str] = []
    segment_start = 0  # index in ``out`` where the current name starts
    index = 0
    while index < len(text):
        char = text[index]
        if not char.isspace():
            out.append(char)
            if char in _SEPARATORS and depths[index] == 0:
                segment_start = len(out)
            index += 1
            continue
        end = index
        while end < len(text) and text[end].isspace():
            end += 1
        if depths[index] == 0 and _separates("".join(out[segment_start:]), _next_segment(text, end, depths)):
            out.append("、")
            segment_start = len(out)
        index = end
    return "".join(out)


def _next_segment(text: str, start: int, depths: list[int]) -> str:
    end = start
    while end < len(text) and not (depths[end] == 0 and (text[end].isspace() or text[end] in _SEPARATORS)):
        end += 1
    return text[start:end]


def _separates(left: str, right: str) -> bool:
    """True when ``left`` is a complete name and ``right`` starts another one."""
    left_core = core_name(left)
    if len(left_core) < 3 or not looks_like_unit(left) or left_core.endswith(_BARE_AREA_ENDINGS):
        return False
    if has_own_prefix(right):
        return True
    return looks_like_unit(right) and not core_name(right).endswith(SUB_UNIT_ENDINGS)
