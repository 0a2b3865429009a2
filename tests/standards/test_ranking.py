"""Competition ranking (1, 2, 2, 4) shared by the air, CWQI and dustfall rankings."""

from __future__ import annotations

import numpy as np

from envplan.standards.ranking import competition_rank, competition_rank_int
from envplan.standards.water.dustfall_hj1221_2021 import rank_ascending_shared


def test_ties_share_the_best_rank_and_the_next_skips() -> None:
    assert competition_rank([3.1, 2.0, 2.0, 5.0]).tolist() == [3.0, 1.0, 1.0, 4.0]
    assert competition_rank([3.1, 2.0, 2.0, 5.0], ascending=False).tolist() == [2.0, 3.0, 3.0, 1.0]


def test_missing_values_get_no_rank_and_do_not_take_a_place() -> None:
    ranks = competition_rank([np.nan, 4.0, 1.0])
    assert np.isnan(ranks[0]) and ranks[1:].tolist() == [2.0, 1.0]
    assert competition_rank_int([np.nan, 4.0, 1.0]).tolist() == [0, 2, 1]


def test_dustfall_ranks_shown_values_and_leaves_missing_unranked() -> None:
    # 5.04 and 4.96 are both shown as 5.0 (1 decimal) and share rank 1; a missing county is not ranked
    assert rank_ascending_shared([5.04, 4.96, 7.2, np.nan]).tolist() == [1, 1, 3, 0]
