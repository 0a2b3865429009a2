"""HJ 633-2012 环境空气质量指数（AQI）技术规定（试行） [hj633-2012].

Issuer: 环境保护部, published 2012-02-29, in force 2016-01-01; replaced by HJ 633-2026 on 2026-03-01.

Implemented:
- Table 1 breakpoints and formula (1), IAQI rounded up exactly (6.2); AQI by formula (2).
- Real-time (hourly) AQI as the national platform computes it [cnemc-aqi]: SO2, NO2, CO, O3 1-h values
  against the 1-h columns; PM10 and PM2.5 1-h values against the 24-h columns; O3 8-h and PM 24-h
  moving values not used. Note (2): SO2 1-h > 800 → the SO2 24-h IAQI (NaN without an SO2 24-h value).
- Daily AQI (5.1.2): 24-h means of SO2, NO2, CO, PM10, PM2.5 with the O3 daily max 1-h and daily max
  8-h; note (3): O3 8-h > 800 → the O3 1-h IAQI stands for O3.
- Primary pollutants (3.3, 4.4.2: AQI > 50, all ties after rounding up), exceeding pollutants (3.4:
  IAQI > 100), Table 2 levels, categories, colours (Appendix A Table A.1) and health advice.

Known deviations (documented settings):
- C above the top of a column gives IAQI 500 (platform practice; the text is silent).
- Inputs are first rounded per GB/T 8170 to HJ 663-2013 Table 3 decimals (HJ 663-2013 6.3).
- A missing pollutant is left out of the maximum and the AQI is still computed (2017–2018 platform
  behaviour; the 2012 text shows "NA" for the pollutant only).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from envplan.standards.air._aqi_common import (
    DECIMALS,
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
    labels_above,
    max_ignoring_missing,
    round_inputs,
    shape_of,
)
from envplan.standards.air._codes import MISSING, AqiCodes, Codes, aqi_codes, iaqi_from_codes, scaled_codes

EDITION = "HJ 633-2012"

BREAKPOINTS: dict[str, tuple[float, ...]] = {  # HJ 633-2012, Table 1 (columns in printed order)
    "SO2_24H": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "SO2_1H": (0, 150, 500, 650, 800),  # note (2) above 800
    "NO2_24H": (0, 40, 80, 180, 280, 565, 750, 940),
    "NO2_1H": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "PM10_24H": (0, 50, 150, 250, 350, 420, 500, 600),
    "CO_24H": (0, 2, 4, 14, 24, 36, 48, 60),
    "CO_1H": (0, 5, 10, 35, 60, 90, 120, 150),
    "O3_1H": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "O3_8H": (0, 100, 160, 215, 265, 800),  # note (3) above 800
    "PM25_24H": (0, 35, 75, 115, 150, 250, 350, 500),
}

CATEGORIES: tuple[Category, ...] = (  # HJ 633-2012, Table 2 and Appendix A Table A.1
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
        "易感人群症状有轻度加剧，健康人群出现刺激症状",
        "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
    ),
    Category(
        200,
        "四级",
        "中度污染",
        "红色",
        (255, 0, 0),
        "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
        "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻练，一般人群适量减少户外运动",
    ),
    Category(
        300,
        "五级",
        "重度污染",
        "紫色",
        (153, 0, 76),
        "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
        "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
    ),
    Category(
        500,
        "六级",
        "严重污染",
        "褐红色",
        (126, 0, 35),
        "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
        "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
    ),
)


def iaqi_from_concentration(item: str, concentration: npt.ArrayLike) -> FloatArray:
    """IAQI of one Table 1 column (``"PM25_24H"`` …) for concentrations [µg/m³; CO mg/m³]."""
    return iaqi_from_breakpoints(concentration, BREAKPOINTS[item])


def hourly_aqi(
    so2: npt.ArrayLike | None,
    no2: npt.ArrayLike | None,
    co: npt.ArrayLike | None,
    o3: npt.ArrayLike | None,
    pm10: npt.ArrayLike | None,
    pm25: npt.ArrayLike | None,
    so2_24h: npt.ArrayLike | None = None,
) -> AqiResult:
    """Real-time AQI from 1-h means [µg/m³; CO mg/m³] as the platform computes it (see module card)."""
    v = round_inputs(
        {"so2": so2, "no2": no2, "co": co, "o3": o3, "pm10": pm10, "pm25": pm25, "so2_24h": so2_24h}
    )
    like = shape_of(v)
    so2_1h = as_array(v["so2"], like)
    so2_iaqi = _iaqi(so2_1h, "SO2_1H")
    above = so2_1h > 800
    if above.any():  # note (2): the SO2 24-h IAQI stands in (NaN without an SO2 24-h value)
        so2_iaqi = np.where(above, _iaqi(as_array(v["so2_24h"], like), "SO2_24H"), so2_iaqi)
    iaqi = {
        "pm10": _iaqi(as_array(v["pm10"], like), "PM10_24H"),
        "pm25": _iaqi(as_array(v["pm25"], like), "PM25_24H"),
        "o3_1h": _iaqi(as_array(v["o3"], like), "O3_1H"),
        "so2": so2_iaqi,
        "no2": _iaqi(as_array(v["no2"], like), "NO2_1H"),
        "co": _iaqi(as_array(v["co"], like), "CO_1H"),
    }
    return _result(iaqi)


def hourly_aqi_codes(
    so2: npt.ArrayLike | None,
    no2: npt.ArrayLike | None,
    co: npt.ArrayLike | None,
    o3: npt.ArrayLike | None,
    pm10: npt.ArrayLike | None,
    pm25: npt.ArrayLike | None,
    so2_24h: npt.ArrayLike | None = None,
) -> AqiCodes:
    """:func:`hourly_aqi` on integer codes (same AQI, primary and exceeding pollutants), no float IAQIs."""
    given = {"so2": so2, "no2": no2, "co": co, "o3": o3, "pm10": pm10, "pm25": pm25, "so2_24h": so2_24h}
    shape = np.broadcast_shapes((1,), *(np.shape(v) for v in given.values() if v is not None))
    return hourly_aqi_from_codes({k: _codes_of(v, k, shape) for k, v in given.items()})


def hourly_aqi_from_codes(codes: Mapping[str, Codes]) -> AqiCodes:
    """Hourly AQI of integer codes (:func:`._codes.scaled_codes`) of ``so2``, ``no2``, ``co`` [0.1 mg/m³],
    ``o3``, ``pm10``, ``pm25`` and optionally ``so2_24h``, all of one shape (missing: −1)."""
    if "so2_24h" not in codes:
        codes = {**codes, "so2_24h": np.full(codes["so2"].shape, MISSING, dtype=np.int32)}
    so2_iaqi = iaqi_from_codes(codes["so2"], BREAKPOINTS["SO2_1H"], 0)
    above = codes["so2"] > 800
    if above.any():  # note (2): the SO2 24-h IAQI stands in (missing without an SO2 24-h value)
        so2_iaqi = np.where(above, iaqi_from_codes(codes["so2_24h"], BREAKPOINTS["SO2_24H"], 0), so2_iaqi)
    iaqi = {
        "pm10": iaqi_from_codes(codes["pm10"], BREAKPOINTS["PM10_24H"], 0),
        "pm25": iaqi_from_codes(codes["pm25"], BREAKPOINTS["PM25_24H"], 0),
        "o3_1h": iaqi_from_codes(codes["o3"], BREAKPOINTS["O3_1H"], 0),
        "so2": so2_iaqi,
        "no2": iaqi_from_codes(codes["no2"], BREAKPOINTS["NO2_1H"], 0),
        "co": iaqi_from_codes(codes["co"], BREAKPOINTS["CO_1H"], 1),
    }
    return aqi_codes(iaqi)


def _codes_of(values: npt.ArrayLike | None, name: str, shape: tuple[int, ...]) -> Codes:
    if values is None:
        return np.full(shape, MISSING, dtype=np.int32)
    array = np.broadcast_to(np.asarray(values, dtype=np.float64), shape)
    return scaled_codes(array, DECIMALS[name.split("_")[0]])[0]


def daily_aqi(
    so2_24h: npt.ArrayLike | None,
    no2_24h: npt.ArrayLike | None,
    co_24h: npt.ArrayLike | None,
    pm10_24h: npt.ArrayLike | None,
    pm25_24h: npt.ArrayLike | None,
    o3_1h_max: npt.ArrayLike | None,
    o3_8h_max: npt.ArrayLike | None,
) -> AqiResult:
    """Daily AQI (5.1.2) from 24-h means, O3 daily max 1-h and daily max 8-h [µg/m³; CO mg/m³]."""
    v = round_inputs(
        {"so2": so2_24h, "no2": no2_24h, "co": co_24h, "pm10": pm10_24h, "pm25": pm25_24h, "o3_1h": o3_1h_max}
        | {"o3_8h": o3_8h_max}
    )
    like = shape_of(v)
    o3_8h = as_array(v["o3_8h"], like)
    iaqi = {
        "pm10": _iaqi(as_array(v["pm10"], like), "PM10_24H"),
        "pm25": _iaqi(as_array(v["pm25"], like), "PM25_24H"),
        "o3_1h": _iaqi(as_array(v["o3_1h"], like), "O3_1H"),
        "o3_8h": np.where(o3_8h > 800, np.nan, _iaqi(o3_8h, "O3_8H")),  # note (3)
        "so2": _iaqi(as_array(v["so2"], like), "SO2_24H"),
        "no2": _iaqi(as_array(v["no2"], like), "NO2_24H"),
        "co": _iaqi(as_array(v["co"], like), "CO_24H"),
    }
    return _result(iaqi)


def daily_aqi_codes(
    so2_24h: npt.ArrayLike | None,
    no2_24h: npt.ArrayLike | None,
    co_24h: npt.ArrayLike | None,
    pm10_24h: npt.ArrayLike | None,
    pm25_24h: npt.ArrayLike | None,
    o3_1h_max: npt.ArrayLike | None,
    o3_8h_max: npt.ArrayLike | None,
) -> AqiCodes:
    """:func:`daily_aqi` on integer codes (same AQI, primary and exceeding pollutants)."""
    given = {"so2": so2_24h, "no2": no2_24h, "co": co_24h, "pm10": pm10_24h, "pm25": pm25_24h}
    given |= {"o3_1h": o3_1h_max, "o3_8h": o3_8h_max}
    shape = np.broadcast_shapes((1,), *(np.shape(v) for v in given.values() if v is not None))
    codes = {k: _codes_of(v, k, shape) for k, v in given.items()}
    o3_8h = iaqi_from_codes(codes["o3_8h"], BREAKPOINTS["O3_8H"], 0)
    iaqi = {
        "pm10": iaqi_from_codes(codes["pm10"], BREAKPOINTS["PM10_24H"], 0),
        "pm25": iaqi_from_codes(codes["pm25"], BREAKPOINTS["PM25_24H"], 0),
        "o3_1h": iaqi_from_codes(codes["o3_1h"], BREAKPOINTS["O3_1H"], 0),
        "o3_8h": np.where(codes["o3_8h"] > 800, np.int16(MISSING), o3_8h),  # note (3)
        "so2": iaqi_from_codes(codes["so2"], BREAKPOINTS["SO2_24H"], 0),
        "no2": iaqi_from_codes(codes["no2"], BREAKPOINTS["NO2_24H"], 0),
        "co": iaqi_from_codes(codes["co"], BREAKPOINTS["CO_24H"], 1),
    }
    return aqi_codes(iaqi)


def category_of(aqi: npt.ArrayLike, field_name: str = "category") -> ObjectArray:
    """Table 2 field of each AQI: level, category, colour, rgb, health_effect or advice."""
    return category_field(aqi, CATEGORIES, field_name)


def _result(iaqi: dict[str, FloatArray]) -> AqiResult:
    aqi = max_ignoring_missing(iaqi)
    codes = codes_of_max(iaqi, aqi)
    return AqiResult(
        iaqi=iaqi,
        aqi_from_available=aqi,
        aqi=aqi,
        primary_pollutant=LABEL_LOOKUP[codes],
        primary_code=codes,
        exceeding_pollutants=labels_above(iaqi, 100.0),
        method_note=EDITION,
    )


def _iaqi(rounded: FloatArray, item: str) -> FloatArray:
    """IAQI of inputs already rounded per GB/T 8170 (table look-up, same values as formula (1))."""
    return iaqi_from_rounded(rounded, BREAKPOINTS[item], 1 if item.startswith("CO") else 0)
