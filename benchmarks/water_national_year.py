"""Benchmark: a national year of automatic surface-water samples, evaluated end to end.

3,641 sections × 365 days × 6 samples a day (4-hourly) ≈ 8.0 million samples of the five auto5
items, with realistic gaps (about 8 % of samples missing — maintenance days and single dropouts —
and about 3 % of single item values missing). Timed pipeline (one run):

1. every sample classified under ``auto5`` (raw values rounded half-to-even first), with the
   exceedance multiple of each item against Class Ⅲ;
2. monthly means per section (pH via hydrogen ions) and annual means (mean of the monthly means),
   rounded and classified: monthly and annual section classes;
3. Ⅰ–Ⅲ and 劣Ⅴ shares of the annual classes per city (about 340 cities);
4. CWQI per city from the annual means and the city ranking.

Goal: < 2 s wall time and < 2 GB peak memory on the 2-core machine. Prints the median of several
runs and the peak resident memory of the process. Usage: ``python benchmarks/water_national_year.py [runs]``.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time

import numpy as np
import polars as pl

from envplan.standards.water.cwqi_2017 import city_cwqi, rank_ascending
from envplan.standards.water.evaluation_2011 import exceedance_multiple, water_class_from_sample
from envplan.standards.water.profiles import AUTO5
from envplan.standards.water.ratings_2011 import class_shares_by_group
from envplan.standards.water.statistics_2020 import grid_period_means, round_items_for_evaluation

SECTIONS, DAYS, PER_DAY, CITIES = 3641, 365, 6, 340
ITEMS = AUTO5.items
# typical level and spread (lognormal) of each item [mg/L; pH no unit]
LEVELS = {"ph": (7.8, 0.04), "do": (8.0, 0.25), "codmn": (3.5, 0.45), "nh3n": (0.25, 0.9), "tp": (0.08, 0.6)}


def synthetic_year(seed: int = 2023) -> dict[str, np.ndarray]:
    """A dense (sections, 4-hourly slots) grid per item, NaN for gaps; plus city and lake per section."""
    rng = np.random.default_rng(seed)
    shape = (SECTIONS, DAYS * PER_DAY)
    site_level = rng.lognormal(0.0, 0.35, size=(SECTIONS, len(ITEMS), 1))
    maintenance = np.repeat(rng.random((SECTIONS, DAYS)) < 0.05, PER_DAY, axis=1)  # whole days out
    gone = maintenance | (rng.random(shape) < 0.03)
    data: dict[str, np.ndarray] = {
        "city": np.arange(SECTIONS) % CITIES,
        "lake": np.arange(SECTIONS) % 11 == 0,
    }
    for j, key in enumerate(ITEMS):
        centre, spread = LEVELS[key]
        if key == "ph":
            values = centre + rng.normal(0.0, 0.35, shape) + (site_level[:, j] - 1.0)
        else:
            values = centre * site_level[:, j] * rng.lognormal(0.0, spread, shape)
        values[gone | (rng.random(shape) < 0.03)] = np.nan
        data[key] = values
    return data


def month_starts() -> np.ndarray:
    """First 4-hourly slot of each month of 2023."""
    first_days = (np.datetime64("2023-01", "M") + np.arange(12)).astype("datetime64[D]")
    return (first_days - np.datetime64("2023-01-01")).astype(np.int64) * PER_DAY


def evaluate_year(data: dict[str, np.ndarray]) -> dict[str, object]:
    """The timed pipeline; returns a few results to print."""
    lake_sample = np.repeat(data["lake"], DAYS * PER_DAY)
    samples = {k: data[k].reshape(-1) for k in ITEMS}
    sample_classes = water_class_from_sample(samples, AUTO5, lake_sample, round_values=True)
    exceeding = sum(int(np.count_nonzero(exceedance_multiple(k, samples[k], lake_sample) > 0)) for k in ITEMS)
    monthly = {k: grid_period_means(data[k], month_starts(), k) for k in ITEMS}
    lake_month = np.repeat(data["lake"], 12)
    monthly_classes = _classes({k: v.reshape(-1) for k, v in monthly.items()}, lake_month)
    annual = {k: grid_period_means(monthly[k], [0], k)[:, 0] for k in ITEMS}
    sections = pl.DataFrame(
        {"city": data["city"].astype(str), "lake": data["lake"], **annual,
         "class_code": _classes(annual, data["lake"])}
    )  # fmt: skip
    shares = class_shares_by_group(sections, ["city"])
    cwqi = city_cwqi(sections)
    ranks = rank_ascending(cwqi["cwqi"].to_numpy())
    return {
        "samples": samples["ph"].size,
        "classified": int(np.count_nonzero(sample_classes.classes)),
        "item_exceedances_of_III": exceeding,
        "monthly_classes": int(np.count_nonzero(monthly_classes)),
        "national_share_i_iii": round(float(np.mean(sections["class_code"].to_numpy() <= 3)) * 100, 1),
        "cities": shares.height,
        "best_city_cwqi": round(float(cwqi["cwqi"].to_numpy()[np.argmin(ranks)]), 4),
    }


def _classes(means: dict[str, np.ndarray], lake: np.ndarray) -> np.ndarray:
    rounded = round_items_for_evaluation(means, AUTO5.decimals)
    return water_class_from_sample(rounded, AUTO5, lake, round_values=False).classes


def main(runs: int = 5) -> None:
    started = time.perf_counter()
    data = synthetic_year()
    print(f"generated {data['ph'].size:,} samples in {time.perf_counter() - started:.2f} s")
    timings, cpu, result = [], [], {}
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = evaluate_year(data)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(", ".join(f"{k}={v}" for k, v in result.items()))
    print(f"wall time: median {statistics.median(timings):.2f} s over {runs} runs (min {min(timings):.2f} s)")
    print(f"CPU time:  median {statistics.median(cpu):.2f} s (the machine is shared; CPU time is less noisy)")
    print(f"peak memory (max RSS, includes the generated data): {peak_mb:,.0f} MB")
    met = statistics.median(timings) < 2 and peak_mb < 2048
    print(f"goal < 2 s wall and < 2048 MB: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
