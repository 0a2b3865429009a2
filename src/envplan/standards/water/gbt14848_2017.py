"""GB/T 14848-2017 《地下水质量标准》 (Standard for groundwater quality) [GBT14848-2017].

Issuer: 国家质量监督检验检疫总局 / 国家标准化管理委员会, 2017-10-14, in force 2018-05-01; replaces
GB/T 14848-93 (whose limits and Nemerow F-score method are NOT used).

Implemented
- Table 1 (地下水质量常规指标及限值), 39 indicators, and Table 2 (地下水质量非常规指标及限值),
  54 indicators, Classes Ⅰ–Ⅳ upper limits in printed order; Class Ⅴ is above the Class Ⅳ limit.
- §6.2 single indicator: the class whose range holds the value; equal limits → the better class
  (从优不从劣: volatile phenols 0.001 → Ⅰ).
- §6.3 overall: the worst single-indicator class, naming every indicator in that class.
- pH: Ⅰ–Ⅲ 6.5 ≤ pH ≤ 8.5; Ⅳ 5.5 ≤ pH < 6.5 or 8.5 < pH ≤ 9.0; Ⅴ otherwise.
- 嗅和味, 肉眼可见物: 无 → Ⅰ, 有 → Ⅴ (values 0 = 无, 1 = 有).
- Targets such as "不出现Ⅴ类" / "达到或优于Ⅲ类": :func:`meets_class_target`.

Settings (docs/water.md)
- 阴离子表面活性剂 Class Ⅰ is 不得检出: a non-detect is Ⅰ, any detected value is at least Ⅱ.
- Gross α / β: Classes Ⅳ and Ⅴ are both printed "> Class Ⅲ"; a value above Class Ⅲ is reported as
  Ⅳ (＞Ⅲ类) and a nuclide analysis is due, as the table's note says.
- Below the detection limit (``0.01L``): the indicator takes the class of its detection limit when
  that limit is within Class Ⅰ; otherwise it is "≤ that class", unknown, and left out of the overall
  class (reported in ``undetermined``).
- Values transcribed from two agreeing encodings quoted in [WATER-DIGEST] §6 (no official PDF).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from envplan.standards.water.classes import NO_CLASS, ClassArray, SampleClasses, class_from_upper_limits

L4 = tuple[float, float, float, float]
INF = float("inf")


@dataclass(frozen=True)
class Indicator:
    """One row of Table 1 or 2: Classes Ⅰ–Ⅳ upper limits; ``kind`` upper / range / presence / radio."""

    key: str
    name: str
    unit: str
    limits: L4
    kind: str = "upper"


# GB/T 14848-2017, Table 1 (地下水质量常规指标及限值), printed order
TABLE_1: tuple[Indicator, ...] = (
    Indicator("colour", "色(铂钴色度单位)", "度", (5, 5, 15, 25)),
    Indicator("odour", "嗅和味", "-", (0, 0, 0, 0), "presence"),
    Indicator("turbidity", "浑浊度", "NTU", (3, 3, 3, 10)),
    Indicator("visible_matter", "肉眼可见物", "-", (0, 0, 0, 0), "presence"),
    Indicator("ph", "pH", "-", (8.5, 8.5, 8.5, 9.0), "range"),
    Indicator("hardness", "总硬度(以CaCO3计)", "mg/L", (150, 300, 450, 650)),
    Indicator("tds", "溶解性总固体", "mg/L", (300, 500, 1000, 2000)),
    Indicator("sulfate", "硫酸盐", "mg/L", (50, 150, 250, 350)),
    Indicator("chloride", "氯化物", "mg/L", (50, 150, 250, 350)),
    Indicator("fe", "铁", "mg/L", (0.1, 0.2, 0.3, 2.0)),
    Indicator("mn", "锰", "mg/L", (0.05, 0.05, 0.10, 1.50)),
    Indicator("cu", "铜", "mg/L", (0.01, 0.05, 1.00, 1.50)),
    Indicator("zn", "锌", "mg/L", (0.05, 0.5, 1.00, 5.00)),
    Indicator("al", "铝", "mg/L", (0.01, 0.05, 0.20, 0.50)),
    Indicator("phenol", "挥发性酚类(以苯酚计)", "mg/L", (0.001, 0.001, 0.002, 0.01)),
    Indicator("las", "阴离子表面活性剂", "mg/L", (0.0, 0.1, 0.3, 0.3)),  # Ⅰ: 不得检出
    Indicator("codmn", "耗氧量(CODMn法,以O2计)", "mg/L", (1.0, 2.0, 3.0, 10.0)),
    Indicator("nh3n", "氨氮(以N计)", "mg/L", (0.02, 0.10, 0.50, 1.50)),
    Indicator("sulfide", "硫化物", "mg/L", (0.005, 0.01, 0.02, 0.10)),
    Indicator("na", "钠", "mg/L", (100, 150, 200, 400)),
    Indicator("total_coliform", "总大肠菌群", "MPN/100mL", (3.0, 3.0, 3.0, 100)),
    Indicator("bacteria", "菌落总数", "CFU/mL", (100, 100, 100, 1000)),
    Indicator("nitrite", "亚硝酸盐(以N计)", "mg/L", (0.01, 0.10, 1.00, 4.80)),
    Indicator("nitrate", "硝酸盐(以N计)", "mg/L", (2.0, 5.0, 20.0, 30.0)),
    Indicator("cyanide", "氰化物", "mg/L", (0.001, 0.01, 0.05, 0.1)),
    Indicator("fluoride", "氟化物", "mg/L", (1.0, 1.0, 1.0, 2.0)),
    Indicator("iodide", "碘化物", "mg/L", (0.04, 0.04, 0.08, 0.50)),
    Indicator("hg", "汞", "mg/L", (0.0001, 0.0001, 0.001, 0.002)),
    Indicator("as", "砷", "mg/L", (0.001, 0.001, 0.01, 0.05)),
    Indicator("se", "硒", "mg/L", (0.01, 0.01, 0.01, 0.1)),
    Indicator("cd", "镉", "mg/L", (0.0001, 0.001, 0.005, 0.01)),
    Indicator("cr6", "铬(六价)", "mg/L", (0.005, 0.01, 0.05, 0.10)),
    Indicator("pb", "铅", "mg/L", (0.005, 0.005, 0.01, 0.10)),
    Indicator("chloroform", "三氯甲烷", "μg/L", (0.5, 6, 60, 300)),
    Indicator("carbon_tetrachloride", "四氯化碳", "μg/L", (0.5, 0.5, 2.0, 50.0)),
    Indicator("benzene", "苯", "μg/L", (0.5, 1.0, 10.0, 120)),
    Indicator("toluene", "甲苯", "μg/L", (0.5, 140, 700, 1400)),
    Indicator("gross_alpha", "总α放射性", "Bq/L", (0.1, 0.1, 0.5, INF), "radio"),
    Indicator("gross_beta", "总β放射性", "Bq/L", (0.1, 1.0, 1.0, INF), "radio"),
)

# GB/T 14848-2017, Table 2 (地下水质量非常规指标及限值), printed order
TABLE_2: tuple[Indicator, ...] = (
    Indicator("be", "铍", "mg/L", (0.0001, 0.0001, 0.002, 0.06)),
    Indicator("b", "硼", "mg/L", (0.02, 0.10, 0.50, 2.00)),
    Indicator("sb", "锑", "mg/L", (0.0001, 0.0005, 0.005, 0.01)),
    Indicator("ba", "钡", "mg/L", (0.01, 0.10, 0.70, 4.00)),
    Indicator("ni", "镍", "mg/L", (0.002, 0.002, 0.02, 0.10)),
    Indicator("co", "钴", "mg/L", (0.005, 0.005, 0.05, 0.10)),
    Indicator("mo", "钼", "mg/L", (0.001, 0.01, 0.07, 0.15)),
    Indicator("ag", "银", "mg/L", (0.001, 0.01, 0.05, 0.10)),
    Indicator("tl", "铊", "mg/L", (0.0001, 0.0001, 0.0001, 0.001)),
    Indicator("dichloromethane", "二氯甲烷", "μg/L", (1, 2, 20, 500)),
    Indicator("dichloroethane_12", "1,2-二氯乙烷", "μg/L", (0.5, 3.0, 30.0, 40.0)),
    Indicator("trichloroethane_111", "1,1,1-三氯乙烷", "μg/L", (0.5, 400, 2000, 4000)),
    Indicator("trichloroethane_112", "1,1,2-三氯乙烷", "μg/L", (0.5, 0.5, 5.0, 60.0)),
    Indicator("dichloropropane_12", "1,2-二氯丙烷", "μg/L", (0.5, 0.5, 5.0, 60.0)),
    Indicator("bromoform", "三溴甲烷", "μg/L", (0.5, 10.0, 100, 800)),
    Indicator("vinyl_chloride", "氯乙烯", "μg/L", (0.5, 0.5, 5.0, 90.0)),
    Indicator("dichloroethylene_11", "1,1-二氯乙烯", "μg/L", (0.5, 3.0, 30.0, 60.0)),
    Indicator("dichloroethylene_12", "1,2-二氯乙烯", "μg/L", (0.5, 5.0, 50.0, 60.0)),
    Indicator("trichloroethylene", "三氯乙烯", "μg/L", (0.5, 7.0, 70.0, 210)),
    Indicator("tetrachloroethylene", "四氯乙烯", "μg/L", (0.5, 4.0, 40.0, 300)),
    Indicator("chlorobenzene", "氯苯", "μg/L", (0.5, 60.0, 300, 600)),
    Indicator("o_dichlorobenzene", "邻二氯苯", "μg/L", (0.5, 200, 1000, 2000)),
    Indicator("p_dichlorobenzene", "对二氯苯", "μg/L", (0.5, 30.0, 300, 600)),
    Indicator("trichlorobenzenes", "三氯苯(总量)", "μg/L", (0.5, 4.0, 20.0, 180)),
    Indicator("ethylbenzene", "乙苯", "μg/L", (0.5, 30.0, 300, 600)),
    Indicator("xylenes", "二甲苯(总量)", "μg/L", (0.5, 100, 500, 1000)),
    Indicator("styrene", "苯乙烯", "μg/L", (0.5, 2.0, 20.0, 40.0)),
    Indicator("dinitrotoluene_24", "2,4-二硝基甲苯", "μg/L", (0.1, 0.5, 5.0, 60.0)),
    Indicator("dinitrotoluene_26", "2,6-二硝基甲苯", "μg/L", (0.1, 0.5, 5.0, 30.0)),
    Indicator("naphthalene", "萘", "μg/L", (1, 10, 100, 600)),
    Indicator("anthracene", "蒽", "μg/L", (1, 360, 1800, 3600)),
    Indicator("fluoranthene", "荧蒽", "μg/L", (1, 50, 240, 480)),
    Indicator("benzo_b_fluoranthene", "苯并(b)荧蒽", "μg/L", (0.1, 0.4, 4.0, 8.0)),
    Indicator("benzo_a_pyrene", "苯并(a)芘", "μg/L", (0.002, 0.002, 0.01, 0.50)),
    Indicator("pcbs", "多氯联苯(总量)", "μg/L", (0.05, 0.05, 0.50, 10.0)),
    Indicator("dehp", "邻苯二甲酸二(2-乙基己基)酯", "μg/L", (3, 3, 8.0, 300)),
    Indicator("trichlorophenol_246", "2,4,6-三氯酚", "μg/L", (0.05, 20.0, 200, 300)),
    Indicator("pentachlorophenol", "五氯酚", "μg/L", (0.05, 0.90, 9.0, 18.0)),
    Indicator("hch", "六六六(总量)", "μg/L", (0.01, 0.50, 5.00, 300)),
    Indicator("lindane", "γ-六六六(林丹)", "μg/L", (0.01, 0.20, 2.00, 150)),
    Indicator("ddt", "滴滴涕(总量)", "μg/L", (0.01, 0.10, 1.00, 2.00)),
    Indicator("hexachlorobenzene", "六氯苯", "μg/L", (0.01, 0.10, 1.00, 2.00)),
    Indicator("heptachlor", "七氯", "μg/L", (0.01, 0.04, 0.40, 0.80)),
    Indicator("d_24", "2,4-滴", "μg/L", (0.1, 6.0, 30.0, 150)),
    Indicator("carbofuran", "克百威", "μg/L", (0.05, 1.40, 7.00, 14.0)),
    Indicator("aldicarb", "涕灭威", "μg/L", (0.05, 0.60, 3.00, 30.0)),
    Indicator("dichlorvos", "敌敌畏", "μg/L", (0.05, 0.10, 1.00, 2.00)),
    Indicator("methyl_parathion", "甲基对硫磷", "μg/L", (0.05, 4.00, 20.0, 40.0)),
    Indicator("malathion", "马拉硫磷", "μg/L", (0.05, 25.0, 250, 500)),
    Indicator("dimethoate", "乐果", "μg/L", (0.05, 16.0, 80.0, 160)),
    Indicator("chlorpyrifos", "毒死蜱", "μg/L", (0.05, 6.00, 30.0, 60.0)),
    Indicator("chlorothalonil", "百菌清", "μg/L", (0.05, 1.00, 10.0, 150)),
    Indicator("atrazine", "莠去津", "μg/L", (0.05, 0.40, 2.00, 600)),
    Indicator("glyphosate", "草甘膦", "μg/L", (0.1, 140, 700, 1400)),
)
INDICATORS: dict[str, Indicator] = {i.key: i for i in (*TABLE_1, *TABLE_2)}
PH_CLASS_I_III = (6.5, 8.5)  # 6.5 ≤ pH ≤ 8.5
PH_CLASS_IV = (5.5, 9.0)  # 5.5 ≤ pH < 6.5 or 8.5 < pH ≤ 9.0


def indicator_class_from_value(
    key: str, values: npt.ArrayLike, detected: npt.ArrayLike | None = None
) -> ClassArray:
    """Class (1 … 5 = Ⅰ … Ⅴ; 0 missing or undetermined) of one indicator (§6.2).

    ``detected`` False marks a below-detection result whose value is the detection limit.
    """
    x = np.asarray(values, dtype=np.float64)
    found = np.ones(x.shape, bool) if detected is None else np.asarray(detected, dtype=bool)
    if (x < 0).any():
        raise ValueError(f"{key}: negative values are not measurements")
    item = INDICATORS[key]
    if item.kind == "range":
        out = np.where((x >= PH_CLASS_IV[0]) & (x <= PH_CLASS_IV[1]), 4, 5)
        out = np.where((x >= PH_CLASS_I_III[0]) & (x <= PH_CLASS_I_III[1]), 1, out).astype(np.int8)
    elif item.kind == "presence":
        out = np.where(x > 0, 5, 1).astype(np.int8)
    else:
        out = class_from_upper_limits(x, item.limits)
        if item.kind == "radio":
            out = np.minimum(out, 4).astype(np.int8)  # "> Ⅲ" reported as Ⅳ
    if key == "las":
        out = np.where(found, np.maximum(out, 2), 1).astype(np.int8)
    else:
        out = np.where(~found & (out > 1), NO_CLASS, out).astype(np.int8)
    out[np.isnan(x)] = NO_CLASS
    return out


def groundwater_class_from_sample(
    columns: Mapping[str, npt.ArrayLike], detected: Mapping[str, npt.ArrayLike] | None = None
) -> SampleClasses:
    """Class of each point (row): worst indicator class, with every indicator in that class (§6.3)."""
    keys = tuple(k for k in INDICATORS if k in columns)
    unknown = set(columns) - set(INDICATORS)
    if unknown:
        raise ValueError(f"not GB/T 14848-2017 indicators: {', '.join(sorted(unknown))}")
    if not keys:
        raise ValueError("no GB/T 14848-2017 indicator among the columns")
    flags = detected or {}
    indicator_classes = np.stack(
        [indicator_class_from_value(k, columns[k], flags.get(k)) for k in keys], axis=1
    )
    classes = indicator_classes.max(axis=1).astype(np.int8)
    deciding = (indicator_classes == classes[:, None]) & (classes[:, None] != NO_CLASS)
    return SampleClasses(keys, classes, indicator_classes.astype(np.int8), deciding)


def meets_class_target(classes: npt.ArrayLike, worst_allowed: int) -> npt.NDArray[np.bool_]:
    """True where a point's class is known and no worse than ``worst_allowed`` (不出现Ⅴ类 → 4)."""
    c = np.asarray(classes, dtype=np.int64)
    return (c != NO_CLASS) & (c <= worst_allowed)


__all__ = [
    "INDICATORS",
    "TABLE_1",
    "TABLE_2",
    "Indicator",
    "groundwater_class_from_sample",
    "indicator_class_from_value",
    "meets_class_target",
]
