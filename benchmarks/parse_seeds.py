"""Benchmark: parse the five seed notices and a generated 100-page PDF plan.

Goals (issue 2): all five seeds in < 0.5 s wall time on one core after import; the 100-page PDF in
< 10 s. Prints medians of several runs, the share spent in the reader (baseline measured in the same
run), and peak memory (tracemalloc peak of one parse, and the process's ru_maxrss).

    python benchmarks/parse_seeds.py [--seeds DIR] [--runs 5] [--pdf-runs 3] [--pages 100]
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from envplan.demo import demo_notice_text
from envplan.demo.render_pdf import Block, blocks_from_text, write_notice_pdf
from envplan.documents.parser import parse_file
from envplan.documents.readers import read_document

SEED_GOAL_S = 0.5
PDF_GOAL_S = 10.0
HEADER = "县人民政府办公室文件"
COUNTIES = [
    "清河县",
    "柳溪县",
    "石桥县",
    "云岭县",
    "镜湖区",
    "北岚县",
    "南川县",
    "青石县",
    "白沙县",
    "东坪县",
]


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process [s] over ``runs`` calls of ``work``.

    On a shared machine the CPU time is the better estimate of the wall time on an idle core."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def peak_traced_mib(work: Callable[[], object]) -> float:
    """tracemalloc peak [MiB] of one call of ``work``."""
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def pdf_blocks(copies: int) -> list[Block]:
    """``copies`` copies of the demo county notice, each under another fictional county name and year."""
    text = demo_notice_text("qinghe_county_2023.txt")
    blocks: list[Block] = []
    for copy in range(copies):
        county = COUNTIES[copy % len(COUNTIES)]
        varied = text.replace("清河县", county).replace("2023年", f"{2023 + copy % 3}年")
        blocks += blocks_from_text(varied)
    return blocks


def write_pdf_plan(folder: Path, pages: int) -> Path:
    """A PDF plan of at least ``pages`` A4 pages with a running header and ``- N -`` folios."""
    path = folder / "plan.pdf"
    per_copy = page_count(write_notice_pdf(pdf_blocks(1), path, HEADER))
    copies = math.ceil(pages / per_copy)
    while page_count(write_notice_pdf(pdf_blocks(copies), path, HEADER)) < pages:
        copies += 1
    return path


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def bench_seeds(seeds: list[Path], runs: int) -> float:
    def parse_all() -> None:
        for path in seeds:
            parse_file(path)

    def read_all() -> None:
        for path in seeds:
            read_document(path)

    parse_all()  # warm caches (regexes compiled on first use)
    total, total_cpu = median_seconds(parse_all, runs)
    _, reading_cpu = median_seconds(read_all, runs)
    peak = peak_traced_mib(parse_all)
    verdict = "OK" if total < SEED_GOAL_S else "SLOWER THAN GOAL"
    print(f"seeds: {len(seeds)} files, {sum(p.stat().st_size for p in seeds) / 1024:.0f} KiB")
    print(
        f"  parse all, median of {runs}: {total:.3f} s wall, {total_cpu:.3f} s CPU"
        f" (goal < {SEED_GOAL_S} s: {verdict})"
    )
    print(f"  of which reading the files: {reading_cpu:.3f} s CPU ({reading_cpu / total_cpu:.1%})")
    print(f"  tracemalloc peak: {peak:.1f} MiB")
    return total


def bench_pdf(pages: int, runs: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = write_pdf_plan(Path(folder), pages)
        count = page_count(path)
        notice = parse_file(path)
        tasks = sum(len(plan.tasks) for plan in notice.plans)
        total, total_cpu = median_seconds(lambda: parse_file(path), runs)
        _, reading_cpu = median_seconds(lambda: read_document(path), runs)
        peak = peak_traced_mib(lambda: parse_file(path))
    verdict = "OK" if total < PDF_GOAL_S else "SLOWER THAN GOAL"
    print(f"pdf: {count} pages, {len(notice.plans)} plans, {tasks} tasks parsed")
    print(
        f"  parse, median of {runs}: {total:.2f} s wall, {total_cpu:.2f} s CPU"
        f" (goal < {PDF_GOAL_S} s: {verdict})"
    )
    print(f"  of which the PDF reader: {reading_cpu:.2f} s CPU ({reading_cpu / total_cpu:.1%})")
    print(f"  tracemalloc peak (Python objects only; PDFium's native memory is in ru_maxrss): {peak:.1f} MiB")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    parser.add_argument("--seeds", type=Path, default=default_seeds)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args(argv)
    seeds = sorted(args.seeds.glob("*.txt"))
    if seeds:
        bench_seeds(seeds, max(5, args.runs))
    else:
        print(f"seeds: none found in {args.seeds} (skipped)")
    bench_pdf(args.pages, args.pdf_runs)
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"process peak RSS (ru_maxrss): {max_rss_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
