"""Two architectures on one split: the R² gap and its paired bootstrap against direct computations."""

import dataclasses

import numpy as np
import pytest

from modeldash.analysis.splits import plots, readings
from modeldash.analysis.splits.compare import difference_map, eval_pair
from modeldash.analysis.splits.scores import SplitEvaluation, error_map
from modeldash.data.splits_images import SPACES
from modeldash.errors import InputError


def _eval(model: str, noise: float, seed: int = 0, n: int = 400) -> SplitEvaluation:
    space = SPACES["dsprites"]
    rng = np.random.default_rng(seed)
    idx = np.arange(n) * 7
    target = rng.random((n, len(space.factors)))
    pred = target + noise * rng.normal(size=target.shape)
    return SplitEvaluation(space, "random", model, idx, pred, target, space.r_squared(pred, target), np.ones(5))


def test_the_gap_is_the_r2_difference_and_its_interval_is_paired():
    a, b = _eval("a", 0.10), _eval("b", 0.05, seed=0)
    pair = eval_pair(a, b, ("A", "B"))
    assert pair.difference == pytest.approx(b.r2 - a.r2)
    np.testing.assert_allclose(pair.r2_per_factor, np.stack([a.r2_per_factor, b.r2_per_factor]))
    lo, hi = pair.diff_ci
    assert lo <= pair.difference <= hi and pair.beyond_noise and lo > 0  # B is clearly better
    assert "larger than the noise" in readings.eval_pair(pair)
    same = eval_pair(a, dataclasses.replace(a, model="a2"), ("A", "A again"))
    assert same.diff_ci == (0.0, 0.0) and not same.beyond_noise and "within the noise" in readings.eval_pair(same)
    with pytest.raises(InputError):
        eval_pair(a, dataclasses.replace(b, test_idx=b.test_idx + 1), ("A", "B"))


def test_difference_map_is_b_minus_a_per_value_pair():
    a, b = _eval("a", 0.10), _eval("b", 0.05)
    f = SPACES["dsprites"].factors
    d = difference_map(a, b, f[0], f[1])
    np.testing.assert_allclose(d.error, error_map(b, f[0], f[1]).error - error_map(a, f[0], f[1]).error)
    fig = plots.error_heatmap(d, difference=True)
    assert fig.data[0].zmin == -fig.data[0].zmax
    assert len(plots.pair_factor_bars(eval_pair(a, b, ("A", "B"))).data) == 2
