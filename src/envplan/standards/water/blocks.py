"""Cache-sized row blocks for the sample loops, run on the machine's cores.

Large arrays (a national year is 8 million samples) are processed in blocks of
:data:`BLOCK_ROWS` rows so that the temporaries of each vectorised step stay in cache; the blocks
write disjoint slices of preallocated outputs, so :data:`BLOCK_WORKERS` threads can run them at once
(numpy releases the GIL inside its loops). Results do not depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

BLOCK_ROWS = 1 << 15
BLOCK_WORKERS = 2  # the deployment machines have 2 cores; 1 runs everything in the calling thread


def for_each_block(
    rows: int, work: Callable[[slice], None], workers: int = BLOCK_WORKERS, rows_per_block: int = BLOCK_ROWS
) -> None:
    """Call ``work(block)`` for consecutive row slices covering ``range(rows)``."""
    blocks = [slice(start, start + rows_per_block) for start in range(0, rows, rows_per_block)]
    if workers <= 1 or len(blocks) < 2 * workers:
        for block in blocks:
            work(block)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(work, blocks):
            pass


__all__ = ["BLOCK_ROWS", "BLOCK_WORKERS", "for_each_block"]
