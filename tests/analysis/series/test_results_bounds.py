"""A distance's interval stops at zero (#29, item 6: "Context-FID 67.010 [-31.544, 165.564]"): the t-interval over
seeds is cut at the metric's lower bound, also for a result read back from the store."""

import numpy as np
import pandas as pd

from modeldash.analysis.intervals import t_interval
from modeldash.analysis.series.results import METRICS, SeriesScores, summarise


def test_a_distance_interval_is_cut_at_zero_and_the_rest_is_the_t_interval():
    per_seed = pd.DataFrame({m.column: [1.0, 3.0, 200.0] for m in METRICS})  # one seed far off: t reaches below 0
    s = summarise("g", per_seed, 100, 24)
    raw = t_interval(per_seed["context_fid_norm"])
    assert raw[1] < 0 and s.intervals["context_fid_norm"] == (0.0, raw[2])
    assert s.means["context_fid_norm"] == np.mean([1.0, 3.0, 200.0])
    for m in METRICS:
        if m.interval:
            assert s.intervals[m.column][0] >= (m.lower_bound if m.lower_bound is not None else -np.inf)
    # a score stored with an interval below zero is cut when it is rebuilt
    again = SeriesScores("g", s.means, {**s.intervals, "raw_fid": (-5.0, 9.0)}, 3, 100, 24)
    assert again.intervals["raw_fid"] == (0.0, 9.0) and again.row()["raw_fid_lo"] == 0.0
