"""The project's own demo notices (fictional places and units, written in the house style of real notices).

``qinghe_county_2023.txt``: a county notice (清政办发〔2023〕8号) carrying a water, an air and a soil plan,
a key-project table and a task-ledger appendix, with every unit-clause and time style the parser reads.
``qinglan_city_water_2023.txt``: the parent city's water plan that the county's water plan cites.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_NOTICES = ("qinglan_city_water_2023.txt", "qinghe_county_2023.txt")


def demo_notice_paths() -> list[Path]:
    """Paths of the demo notices, parent city first (they are package data, so they exist once installed)."""
    folder = resources.files(__name__)
    return [Path(str(folder.joinpath(name))) for name in DEMO_NOTICES]


def demo_notice_text(name: str) -> str:
    """The text of one demo notice by file name."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
