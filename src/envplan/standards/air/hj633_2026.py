"""HJ 633-2026 环境空气质量指数（AQI）技术规定 [hj633-2026].

Issuer: 生态环境部, published 2026-02-14, in force 2026-03-01 (replaces HJ 633-2012).

Implemented:
- Table 3 breakpoints (PM10 / PM2.5 at IAQI 100: 120 / 60) and formula (1); 4.2.6 rounding up.
- 4.2.2 / 4.2.3: concentrations rounded per GB/T 8170 before the IAQI (µg/m³ to integers, CO to 1 dp).
- Real-time AQI (4.2.3, 4.2.4): the six 1-h means; PM10 and PM2.5 1-h against the daily columns;
  note b: SO2 1-h > 800 → IAQI 200.
- Daily AQI (4.2.2): daily means of SO2, NO2, CO, PM10, PM2.5 and the O3 daily max 8-h (no O3 1-h);
  note c: O3 8-h > 800 → IAQI 300.
- 4.3.1 primary pollutants (AQI > 50, all ties); Table 1 levels, categories, health text; Table A.1
  colours; Table 2 sensitive groups. "超标污染物" is deleted in this edition.
- 5.3.1 / 5.3.2 data completeness: with a pollutant missing, the AQI, primary pollutant, level and
  category are published only when the AQI from the others exceeds 100; a pollutant outside the
  monitoring plan that in the last three years was never the primary pollutant of a day of light
  pollution or worse (5.3.2; the caller vouches for both conditions with ``not_in_plan``) does not
  count as missing.

Tables 1 and 3 and clauses 4.2–5.3 were checked against the page images of the official PDF.

Known deviations (documented settings): C above the top of a column gives IAQI 500 (4.1.1 range
1～500; no explicit rule); an AQI of 0 (all concentrations 0) is reported as 0 in class 一级.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from envplan.standards.air._aqi_common import (
    LABEL_LOOKUP,
    AqiResult,
    Category,
    FloatArray,
    ObjectArray,
    as_array,
    category_field,
    codes_of_max,
    iaqi_from_breakpoints,
    iaqi_from_rounded,
    max_ignoring_missing,
    round_inputs,
    shape_of,
)

EDITION = "HJ 633-2026"

BREAKPOINTS: dict[str, tuple[float, ...]] = {  # HJ 633-2026, Table 3 (columns in printed order)
    "SO2_24H": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "SO2_1H": (0, 150, 500, 650, 800),  # note b above 800
    "NO2_24H": (0, 40, 80, 180, 280, 565, 750, 940),
    "NO2_1H": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "CO_24H": (0, 2, 4, 14, 24, 36, 48, 60),
    "CO_1H": (0, 5, 10, 35, 60, 90, 120, 150),
    "O3_8H": (0, 100, 160, 215, 265, 800),  # note c above 800
    "O3_1H": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "PM10_24H": (0, 50, 120, 250, 350, 420, 500, 600),
    "PM25_24H": (0, 35, 60, 115, 150, 250, 350, 500),
}

SO2_1H_ABOVE_800_IAQI = 200.0  # HJ 633-2026, Table 3 note b
O3_8H_ABOVE_800_IAQI = 300.0  # HJ 633-2026, Table 3 note c

CATEGORIES: tuple[Category, ...] = (  # HJ 633-2026, Table 1 and Appendix A Table A.1
    Category(50, "一级", "优", "绿色", (0, 228, 0), "空气质量令人满意，基本无空气污染", "各类人群可正常活动"),
    Category(
        100,
        "二级",
        "良",
        "黄色",
        (255, 255, 0),
        "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
        "极少数异常敏感人群应减少户外活动",
    ),
    Category(
        150,
        "三级",
        "轻度污染",
        "橙色",
        (255, 126, 0),
        "敏感人群症状有轻度加剧，健康人群出现刺激症状",
        "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
    ),
    Category(
        200,
        "四级",
        "中度污染",
        "红色",
        (255, 0, 0),
        "进一步加剧敏感人群症状，可能对健康人群心血管系统、呼吸系统有影响",
        "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动",
    ),
    Category(
        300,
        "五级",
        "重度污染",
        "紫色",
        (153, 0, 76),
        "心血管系统和呼吸系统患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
        "青少年儿童、老年人和心血管系统疾病、呼吸系统疾病患者应停留在室内，停止户外运动，一般人群减少户外运动",
    ),
    Category(
        500,
        "六级",
        "严重污染",
        "褐红色",
        (126, 0, 35),
        "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
        "青少年儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
    ),
)

SENSITIVE_GROUPS: dict[str, str] = {  # HJ 633-2026, Table 2 (for a pollutant with IAQI > 100)
    "so2": "患有哮喘的人、青少年儿童以及老年人",
    "no2": "患有呼吸系统疾病（如哮喘）的人、青少年儿童以及老年人",
    "co": "患有心血管系统疾病的人",
    "o3": "患有呼吸系统疾病（如哮喘）的人、青少年儿童、户外活动频繁的人以及老年人",
    "pm": "患有心血管系统疾病或呼吸系统疾病（如哮喘）的人、青少年儿童、户外活动频繁的人以及老年人",
}

PUBLISH_THRESHOLD_WHEN_INCOMPLETE = 100.0  # HJ 633-2026, 5.3.1


def iaqi_from_concentration(item: str, concentration: npt.ArrayLike) -> FloatArray:
    """IAQI of one Table 3 column (``"PM25_24H"`` …) for concentrations [µg/m³; CO mg/m³]."""
    return iaqi_from_breakpoints(concentration, BREAKPOINTS[item])


def hourly_aqi(
    so2: npt.ArrayLike | None,
    no2: npt.ArrayLike | None,
    co: npt.ArrayLike | None,
    o3: npt.ArrayLike | None,
    pm10: npt.ArrayLike | None,
    pm25: npt.ArrayLike | None,
    not_in_plan: Collection[str] = (),
) -> AqiResult:
    """Real-time AQI (4.2.3) from the six 1-h means [µg/m³; CO mg/m³], with the 5.3.1 publication rule."""
    v = round_inputs({"so2": so2, "no2": no2, "co": co, "o3": o3, "pm10": pm10, "pm25": pm25})
    like = shape_of(v)
    so2_1h = as_array(v["so2"], like)
    iaqi = {
        "pm10": _iaqi(as_array(v["pm10"], like), "PM10_24H"),
        "pm25": _iaqi(as_array(v["pm25"], like), "PM25_24H"),
        "o3_1h": _iaqi(as_array(v["o3"], like), "O3_1H"),
        "so2": np.where(so2_1h > 800, SO2_1H_ABOVE_800_IAQI, _iaqi(so2_1h, "SO2_1H")),
        "no2": _iaqi(as_array(v["no2"], like), "NO2_1H"),
        "co": _iaqi(as_array(v["co"], like), "CO_1H"),
    }
    return _result(iaqi, _plan_keys(not_in_plan, o3_key="o3_1h"))


def daily_aqi(
    so2_24h: npt.ArrayLike | None,
    no2_24h: npt.ArrayLike | None,
    co_24h: npt.ArrayLike | None,
    pm10_24h: npt.ArrayLike | None,
    pm25_24h: npt.ArrayLike | None,
    o3_8h_max: npt.ArrayLike | None,
    not_in_plan: Collection[str] = (),
) -> AqiResult:
    """Daily AQI (4.2.2) from daily means and the O3 daily max 8-h [µg/m³; CO mg/m³], with 5.3.1."""
    v = round_inputs(
        {"so2": so2_24h, "no2": no2_24h, "co": co_24h, "pm10": pm10_24h, "pm25": pm25_24h, "o3_8h": o3_8h_max}
    )
    like = shape_of(v)
    o3_8h = as_array(v["o3_8h"], like)
    iaqi = {
        "pm10": _iaqi(as_array(v["pm10"], like), "PM10_24H"),
        "pm25": _iaqi(as_array(v["pm25"], like), "PM25_24H"),
        "o3_8h": np.where(o3_8h > 800, O3_8H_ABOVE_800_IAQI, _iaqi(o3_8h, "O3_8H")),
        "so2": _iaqi(as_array(v["so2"], like), "SO2_24H"),
        "no2": _iaqi(as_array(v["no2"], like), "NO2_24H"),
        "co": _iaqi(as_array(v["co"], like), "CO_24H"),
    }
    return _result(iaqi, _plan_keys(not_in_plan, o3_key="o3_8h"))


def category_of(aqi: npt.ArrayLike, field_name: str = "category") -> ObjectArray:
    """Table 1 field of each AQI: level, category, colour, rgb, health_effect or advice."""
    return category_field(aqi, CATEGORIES, field_name)


def _plan_keys(not_in_plan: Collection[str], o3_key: str) -> set[str]:
    return {o3_key if name == "o3" else name for name in not_in_plan}


def _result(iaqi: dict[str, FloatArray], not_in_plan: set[str]) -> AqiResult:
    """AQI with 5.3.1: incomplete rows publish the AQI only when it exceeds 100."""
    available = max_ignoring_missing(iaqi)
    incomplete = np.zeros(available.shape, dtype=bool)
    for name, values in iaqi.items():
        if name not in not_in_plan:
            incomplete |= np.isnan(values)
    publish = ~incomplete | (available > PUBLISH_THRESHOLD_WHEN_INCOMPLETE)
    aqi = np.where(publish, available, np.nan)
    codes = np.where(publish, codes_of_max(iaqi, aqi), 0)  # NaN AQI gives no tie anyway
    return AqiResult(
        iaqi=iaqi,
        aqi_from_available=available,
        aqi=aqi,
        primary_pollutant=LABEL_LOOKUP[codes],
        primary_code=codes,
        method_note=EDITION,
    )


def _iaqi(rounded: FloatArray, item: str) -> FloatArray:
    """IAQI of inputs already rounded per GB/T 8170 (table look-up, same values as formula (1))."""
    return iaqi_from_rounded(rounded, BREAKPOINTS[item], 1 if item.startswith("CO") else 0)
