"""Benchmark: a synthetic province-year of air data through the whole air pipeline.

1,500 stations × 8,760 hours × 6 pollutants (integers, CO to 0.1 mg/m³; ~3 % random missing hours and
a 2-day outage at a quarter of the stations), grouped into 100 cities of 15 stations. Timed stages:

0. every hourly value rounded once (GB/T 8170, HJ 663-2013 Table 3) to an integer code;
1. hourly AQI (HJ 633-2012, as the platform computes it) with primary pollutants, 13.1 M station-hours;
2. daily statistics (HJ 663-2013) and daily AQI per station (as arrays: the evaluation reads them
   without a daily table; ``tests/monitoring/test_air_evaluate_arrays.py`` checks both give the same);
3. annual evaluation per station (statistics, validity, attainment, good-day ratio, composite index, rank);
4. city daily values from points and annual evaluation and ranking per city.

Goal: < 3 s wall, < 3 GB peak memory (2-core machine). Prints the median of several runs and the ratio
against a plain per-row Python hourly AQI on a 100,000-row sample, measured in the same run.

Run: ``python benchmarks/air_province_year.py [--runs 3] [--stations 1500]``
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from envplan.monitoring.air_daily import city_arrays, daily_arrays, evaluation_arrays
from envplan.monitoring.air_evaluate import evaluate_period
from envplan.monitoring.air_grid import POLLUTANTS, CodeGrid, HourlyGrid, codes_of_grid
from envplan.standards.air import hj633_2012

HOURS = 8760
DAYS = 365


def synthetic_grid(n_stations: int, seed: int = 7) -> HourlyGrid:
    """Hourly values ``(n_stations, 365, 24)`` with realistic levels, diurnal O3 and gaps."""
    rng = np.random.default_rng(seed)
    shape = (n_stations, DAYS, 24)
    season = 1 + 0.5 * np.cos(2 * np.pi * np.arange(DAYS) / DAYS)[None, :, None]
    hour = np.arange(24)[None, None, :]
    pm25 = np.rint(rng.lognormal(3.4, 0.6, shape) * season)
    values = {
        "pm25": pm25,
        "pm10": np.rint(pm25 * rng.uniform(1.3, 2.2, shape)),
        "o3": np.rint(
            np.clip(90 + 70 * np.sin((hour - 9) * np.pi / 12) / season + rng.normal(0, 20, shape), 2, None)
        ),
        "no2": np.rint(rng.gamma(4, 8, shape)),
        "so2": np.rint(rng.gamma(2, 6, shape)),
        "co": np.rint(rng.gamma(4, 0.2, shape) * 10) / 10,
    }
    gaps = rng.random(shape) < 0.03
    outage = np.zeros(shape, dtype=bool)
    outage[: n_stations // 4, 100:102, :] = True
    for name in POLLUTANTS:
        values[name][gaps | outage] = np.nan
    stations = np.array([f"{1000 + i}A" for i in range(n_stations)], dtype=object)
    days = np.arange(np.datetime64("2023-01-01"), np.datetime64("2024-01-01"))
    return HourlyGrid(stations, days, values, np.ones((n_stations, DAYS), dtype=bool), {})


def hourly_aqi_stage(codes: CodeGrid, block: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Hourly AQI (int16, −1 where nothing measured) and primary-pollutant bit pattern of every
    station-hour, a block of stations at a time (keeps arrays in cache)."""
    shape = codes.codes["pm25"].shape
    aqi = np.empty(shape, dtype=np.int16)
    primary = np.empty(shape, dtype=np.uint8)
    for first in range(0, shape[0], block):
        rows = slice(first, first + block)
        result = hj633_2012.hourly_aqi_from_codes({p: c[rows] for p, c in codes.codes.items()})
        aqi[rows], primary[rows] = result.aqi, result.primary_code
    return aqi, primary


def pipeline(grid: HourlyGrid, city_of_station: np.ndarray) -> dict[str, float]:
    """Run every stage once; return the seconds of each."""
    times: dict[str, float] = {}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    codes = codes_of_grid(grid)
    times["hourly values rounded (GB/T 8170) to codes"] = time.perf_counter() - t0
    t = time.perf_counter()
    hourly_aqi_stage(codes)
    times["hourly AQI"] = time.perf_counter() - t
    t = time.perf_counter()
    daily = daily_arrays(grid, codes=codes)
    station_daily = evaluation_arrays(grid.stations, grid.days, daily, grid.present, {})
    times["daily statistics + daily AQI"] = time.perf_counter() - t
    t = time.perf_counter()
    stations = evaluate_period(station_daily, "station_code", "2023")
    times["annual evaluation per station"] = time.perf_counter() - t
    t = time.perf_counter()
    cities, city_daily = city_arrays(daily, city_of_station)
    present = np.ones((len(cities), DAYS), dtype=bool)
    ranked = evaluate_period(evaluation_arrays(cities, grid.days, city_daily, present, {}), "city", "2023")
    times["city values + evaluation + ranking"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["total CPU time (all threads)"] = time.process_time() - cpu0
    assert stations.height == len(grid.stations) and ranked["composite_rank"].min() == 1
    return times


def per_row_aqi(so2: float, no2: float, co: float, o3: float, pm10: float, pm25: float) -> int | None:
    """Plain Python per-row hourly AQI (same rule; float ceiling with an integer guard)."""
    tables = (
        (so2, hj633_2012.BREAKPOINTS["SO2_1H"]),
        (no2, hj633_2012.BREAKPOINTS["NO2_1H"]),
        (co, hj633_2012.BREAKPOINTS["CO_1H"]),
        (o3, hj633_2012.BREAKPOINTS["O3_1H"]),
        (pm10, hj633_2012.BREAKPOINTS["PM10_24H"]),
        (pm25, hj633_2012.BREAKPOINTS["PM25_24H"]),
    )
    steps = (0, 50, 100, 150, 200, 300, 400, 500)
    best = None
    for c, bp in tables:
        if c != c:
            continue
        iaqi = steps[len(bp) - 1]
        for i in range(1, len(bp)):
            if c <= bp[i]:
                raw = (steps[i] - steps[i - 1]) * (c - bp[i - 1]) / (bp[i] - bp[i - 1]) + steps[i - 1]
                iaqi = round(raw) if abs(raw - round(raw)) < 1e-9 else math.ceil(raw)
                break
        best = iaqi if best is None else max(best, iaqi)
    return best


def baseline_ratio(grid: HourlyGrid, n: int = 100_000) -> tuple[float, float]:
    """Seconds for ``n`` rows: per-row Python vs vectorised (same rows)."""
    flat = {name: grid.values[name].reshape(-1)[:n] for name in POLLUTANTS}
    rows = list(zip(*(flat[p].tolist() for p in POLLUTANTS), strict=True))
    t = time.perf_counter()
    slow = [per_row_aqi(*row) for row in rows]
    python_seconds = time.perf_counter() - t
    t = time.perf_counter()
    fast = hj633_2012.hourly_aqi_codes(
        flat["so2"], flat["no2"], flat["co"], flat["o3"], flat["pm10"], flat["pm25"]
    ).aqi_float()
    vector_seconds = time.perf_counter() - t
    agree = np.array([np.nan if s is None else s for s in slow]) == fast
    assert agree[~np.isnan(fast)].all(), "per-row and vectorised AQI disagree"
    return python_seconds, vector_seconds


def median_of(runs: int, run: Callable[[], dict[str, float]]) -> dict[str, float]:
    results = [run() for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stations", type=int, default=1500)
    args = parser.parse_args()
    grid = synthetic_grid(args.stations)
    city_of_station = np.array([f"city{i // 15:03d}" for i in range(args.stations)])
    n_values = sum(int((~np.isnan(v)).sum()) for v in grid.values.values())
    print(
        f"synthetic province-year: {args.stations} stations × {HOURS} h × 6 pollutants, {n_values:,} values"
    )
    times = median_of(args.runs, lambda: pipeline(grid, city_of_station))
    for stage, seconds in times.items():
        print(f"  {stage:<44s} {seconds:6.2f} s (median of {args.runs})")
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    load = os.getloadavg()[0]
    print(f"  machine load average during the run: {load:.1f} on {os.cpu_count()} cores")
    print(f"  peak memory (max RSS, includes the data) {peak_gb:6.2f} GB")
    python_s, vector_s = baseline_ratio(grid)
    print(
        f"hourly AQI on 100,000 rows: per-row Python {python_s:.3f} s, vectorised {vector_s:.4f} s, "
        f"ratio {python_s / vector_s:.0f}×"
    )
    print(
        f"goal: total < 3 s → {'met' if times['total'] < 3 else 'NOT met'}; "
        f"peak < 3 GB → {'met' if peak_gb < 3 else 'NOT met'}"
    )
    pl.Config.set_tbl_rows(0)


if __name__ == "__main__":
    main()
