"""Regular expressions and word tables of plan targets (units, comparators, water classes).

Units are normalised to ``µg/m³``, ``mg/m³``, ``%``, ``t/(km²·30d)`` (降尘: 吨/月·平方公里, a month
counted as 30 days as in [HJ1221-2021]), ``位`` (ranking places), ``天`` (days),
``类`` (water-quality class number, Ⅰ=1 … Ⅴ=5, 劣Ⅴ=6), ``百分点`` (percentage points).
"""

from __future__ import annotations

import re

UNITS: dict[str, str] = {
    "微克/立方米": "µg/m³", "μg/m³": "µg/m³", "µg/m³": "µg/m³", "μg/m3": "µg/m³", "µg/m3": "µg/m³",
    "ug/m3": "µg/m³", "ug/m³": "µg/m³", "毫克/立方米": "mg/m³", "mg/m³": "mg/m³", "mg/m3": "mg/m³",
    "吨/月·平方公里": "t/(km²·30d)", "吨/(月·平方公里)": "t/(km²·30d)", "吨/（月·平方公里）": "t/(km²·30d)",
    "吨/平方公里·月": "t/(km²·30d)", "t/(km²·30d)": "t/(km²·30d)", "t/km²·30d": "t/(km²·30d)",
    "个百分点": "百分点", "百分点": "百分点", "%": "%", "％": "%", "天": "天", "位": "位", "名": "位",
}  # fmt: skip
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# comparator words before a number → comparator; longest first when matching
VERBS: dict[str, str] = {
    "不高于": "<=", "不超过": "<=", "不大于": "<=", "不得高于": "<=", "不得超过": "<=", "控制在": "<=",
    "控制到": "<=", "下降到": "<=", "下降至": "<=", "降低到": "<=", "降低至": "<=", "降到": "<=",
    "降至": "<=", "低于": "<", "小于": "<", "少于": "<",
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "达到": ">=", "达": ">=", "提高到": ">=",
    "提高至": ">=", "提升到": ">=", "提升至": ">=", "高于": ">", "超过": ">", "大于": ">",
    "保持在": "=", "稳定在": "=", "保持": ">=",
}  # fmt: skip
_VERB_RE = "|".join(sorted(VERBS, key=len, reverse=True))
TAILS = {"以上": ">=", "以下": "<=", "以内": "<="}

ASPIRATIONAL_WORDS = ("力争", "争取", "努力")
BINDING_WORDS = ("约束性", "确保", "必须", "坚决", "不得")

NUMBER = r"\d+(?:\.\d+)?"
VALUES = rf"(?P<values>{NUMBER}\s*(?:{_UNIT_RE})?(?:\s*[、和及]\s*{NUMBER}\s*(?:{_UNIT_RE})?)*)"

ABSOLUTE_RE = re.compile(
    rf"(?P<indicator>.*?)(?P<verb>{_VERB_RE})\s*{VALUES}\s*(?P<tail>以上|以下|以内)?(?!\s*\d)"
)
RELATIVE_RE = re.compile(
    rf"(?P<indicator>.*?)(?:(?:在|较|比)(?P<baseline>\d{{4}}\s*年)(?:的)?(?:基础上|水平上|水平)?|(?P<yoy>同比))"
    rf"(?P<words>[^，,；;。\d]*?)(?P<direction>下降|降低|降|减少|削减|上升|增长|提高|提升|增加)\s*"
    rf"(?P<value>{NUMBER})\s*(?P<unit>{_UNIT_RE})(?P<tail>以上|左右)?"
)
RANK_RE = re.compile(
    r"(?P<indicator>.*?)(?:在(?P<scope>[^，,；;。]*?)(?:中)?排名(?:中)?(?:的基础上)?|(?=退出))"
    r"(?P<words>[^，,；;。\d]*?)(?:(?P<move>退出后|进入前|前移|后退)|退出(?P<scope2>[^，,；;。\d]*?)排名后)\s*"
    r"(?P<value>\d+)\s*(?:位|名)(?P<tail>以上|以内)?"
)
CLASS = r"(?P<cls>劣\s*[ⅤV]|Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|III|II|IV|V|I)\s*类"
CLASS_RE = re.compile(
    rf"(?P<indicator>.*?)(?P<words>力争|争取|全部|全面|均|稳定|基本|要)*"
    rf"(?P<verb>达到或优于|达到或好于|优于|好于|达到|达|不低于|不劣于|不出现|消除)\s*{CLASS}"
    r"(?![^，,；;。]*比例)(?P<rest>(?:及以上|以上|水质|标准)*)"  # a class before 比例 is part of a ratio
)
ELIMINATED_RE = re.compile(
    r"(?P<indicator>[^，,；;。]*?)(?:保持)?(?:动态)?(?:全部|全面|基本|彻底)?(?:消除|清零)(?P<after>[^，,；;。]*)"
)
CLASS_IN_TEXT_RE = re.compile(CLASS)
CLASS_NUMBERS = {"Ⅰ": 1, "I": 1, "Ⅱ": 2, "II": 2, "Ⅲ": 3, "III": 3, "Ⅳ": 4, "IV": 4, "Ⅴ": 5, "V": 5}
CLASS_COMPARATORS = {
    "达到或优于": "<=", "达到或好于": "<=", "达到": "<=", "达": "<=", "不低于": "<=", "不劣于": "<=",
    "优于": "<", "好于": "<", "不出现": "none", "消除": "none",
}  # fmt: skip

SECTION_RE = re.compile(
    r"^\s*[（(]?[一二三四五六七八九十\d]*[）)]?\s*(?:努力)?(?P<kind>约束性|争取性|预期性)指标"
)
SCOPE_RE = re.compile(
    r"^(?P<scope>全(?:省|市|县|区|国)(?:\d+个设区市)?|各县（市、区）|各县\(市、区\)|各设区市|\d+个设区市|市区|城区|县城)"
)
THRESHOLD_RE = re.compile(
    rf"(?P<verb>高于|超过|大于|低于|不足|小于|达到)\s*(?P<value>{NUMBER})\s*"
    rf"(?P<unit>{_UNIT_RE})?(?P<tail>以上|以下)?的(?P<subject>[^，,；;。要应须需]{{1,30}})[，,]?\s*(?:要|应|须|需|必须|将)"
)


def words_before(text: str) -> str:
    """The words at the end of ``text`` after its last separator (，；。 or an opening bracket)."""
    cut = max(text.rfind(mark) for mark in "，,；;。（(")
    return text[cut + 1 :]


def class_number(words: str) -> int:
    """Water-quality class number of ``Ⅲ``/``III``/``劣Ⅴ`` (劣Ⅴ → 6)."""
    words = re.sub(r"\s+", "", words)
    if words.startswith("劣"):
        return 6
    return CLASS_NUMBERS[words]


def normalise_unit(unit: str | None) -> str | None:
    """A unit as written → its normal form (see the module docstring); None stays None."""
    return UNITS.get(unit) if unit else None


def split_values(values: str) -> list[tuple[float, str | None]]:
    """``72.3%、76.6%`` → [(72.3, '%'), (76.6, '%')]; a unit given once applies to every value."""
    pairs = [
        (float(m.group(1)), m.group(2) or None) for m in re.finditer(rf"({NUMBER})\s*({_UNIT_RE})?", values)
    ]
    last_unit = next((unit for _, unit in reversed(pairs) if unit), None)
    return [(value, normalise_unit(unit or last_unit)) for value, unit in pairs]
