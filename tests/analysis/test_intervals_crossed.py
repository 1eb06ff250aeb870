"""The interval over training seeds crossed with scenes: it covers the true mean about 95% of the time when the
variance comes from seeds, from scenes or from both (simulated, known components), where an interval over scenes
alone (one seed's view) does not."""

import numpy as np
import pytest
from scipy import stats

from modeldash.analysis.intervals import crossed_interval


def _simulate(sa, sb, se, reps, rng, s=3, n=300):
    return [rng.normal(0, sa, (s, 1)) + rng.normal(0, sb, (1, n)) + rng.normal(0, se, (s, n)) for _ in range(reps)]


@pytest.mark.parametrize("sa, sb, se", [(0.3, 1.0, 1.0), (0.02, 1.0, 1.0), (0.5, 0.05, 0.2), (0.1, 1.0, 3.0)])
def test_coverage_with_known_variance_components(sa, sb, se):
    rng = np.random.default_rng(1)
    xs = _simulate(sa, sb, se, 800, rng)
    cover = np.mean([lo <= 0 <= hi for _, lo, hi, _ in map(crossed_interval, xs)])
    assert 0.90 <= cover <= 0.995, cover


def test_an_interval_over_scenes_alone_misses_the_seed_variance():
    rng = np.random.default_rng(2)
    xs = _simulate(0.5, 0.05, 0.2, 400, rng)

    def scenes_only(x):  # a t-interval over the seed-averaged scenes, as if the seeds were one model
        c = x.mean(0)
        h = stats.t.ppf(0.975, len(c) - 1) * c.std(ddof=1) / np.sqrt(len(c))
        return c.mean() - h <= 0 <= c.mean() + h

    assert np.mean([scenes_only(x) for x in xs]) < 0.3
    assert np.mean([lo <= 0 <= hi for _, lo, hi, _ in map(crossed_interval, xs)]) > 0.9


def test_hand_case_and_edges():
    x = np.array([[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]])  # seed means 2, 4; scene means 2, 3, 4
    m, lo, hi, df = crossed_interval(x)
    ms_seeds, ms_scenes = 3 * np.var([2, 4], ddof=1), 2 * np.var([2, 3, 4], ddof=1)  # 6 and 2
    var = (ms_seeds + ms_scenes) / 6
    want_df = (ms_seeds + ms_scenes) ** 2 / (ms_seeds**2 / 1 + ms_scenes**2 / 2)
    assert m == 3.0 and df == pytest.approx(want_df)
    assert hi - m == pytest.approx(stats.t.ppf(0.975, want_df) * np.sqrt(var))
    assert np.isnan(crossed_interval(np.ones((1, 5)))[1])  # one seed: no interval
    assert crossed_interval(np.ones((3, 5)))[1:3] == (1.0, 1.0)
