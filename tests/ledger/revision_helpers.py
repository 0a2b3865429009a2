"""A revised copy of seed 004 (晋城市城区), built from the seed's own text at test time
(``ledger.revision_helpers``): the water plan's task 14 renumbered 15 (a skipped number) and
stripped of its own time so that it takes the deadline now printed in its section heading, and its
重点工程 table revised — row 1 renamed with one unit more, row 2 dropped, row 3 (now 2) moved from
2023年5月 to 2023年6月, a new row 3 added."""

from __future__ import annotations

from support import seed_path

SEED_004 = "004_4a1c0cf63212e619.txt"
WATER_PLAN = "晋城市城区水环境质量再提升2023年行动计划"
PROJECT_TABLE = "晋城市城区2023年水生态环境保护重点工程"
NEW_PROJECT_ROW = "3\t白水河河道清淤工程\t区水务局\t2023 年 11 月\t"


def seed_004() -> str:
    return seed_path(SEED_004).read_text(encoding="utf-8")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the seed"
    return text.replace(old, new)


def revised_seed_004() -> str:
    """Seed 004 with the changes of the module docstring."""
    text = seed_004()
    for old, new in [
        ("（三）细化水生态修复", "（三）细化水生态修复（2023年11月底前）"),
        ("14.实施城镇污水处理厂尾水生态化治理", "15.实施城镇污水处理厂尾水生态化治理"),
        ("2023年开工建设白水河人工湿地", "开工建设白水河人工湿地"),
    ]:
        text = _replace_once(text, old, new)
    rows = [line for line in text.split("\n") if line.startswith(("1\t白水河", "2\t晋普山", "3\t晋普山"))]
    assert len(rows) == 3, rows
    revised = [
        rows[0].replace("30%", "50%").replace("区生态环境分局 ", "区生态环境分局 区水务局 ", 1),
        rows[2].replace("3\t", "2\t", 1).replace("2023 年 5 月", "2023 年 6 月"),
        NEW_PROJECT_ROW,
    ]
    return _replace_once(text, "\n".join(rows), "\n".join(revised))
