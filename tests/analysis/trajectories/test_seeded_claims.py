"""The trajectory claims over training seeds: each kind's per-scene rows at every seed become one (seeds, scenes)
matrix, paired by scene, and its interval is intervals.crossed_interval's (checked against a direct computation)."""

import numpy as np
import pandas as pd
import pytest

from modeldash.analysis.intervals import crossed_interval
from modeldash.analysis.trajectories.attribution import Estimate
from modeldash.analysis.trajectories.claims import seeded_claims


class _Summary:
    def __init__(self, model, social):
        self.model, self.social = model, Estimate(social, social, social)


class _Row:
    def __init__(self, model, frame, social=1.0):
        self.summary, self.per_scene = _Summary(model, social), frame


class _Comp:
    def __init__(self, rows):
        self.rows = rows


def _frame(rng, n, shift):
    base = rng.normal(size=n)
    return pd.DataFrame(
        {
            "social": base + shift,
            "random_agent": base,
            "err_full": np.ones(n),
            "err_without_neighbours": 1 + base**2,
        }
    )


def test_seeds_of_a_kind_are_stacked_by_scene_and_blind_models_are_skipped():
    rng = np.random.default_rng(0)
    frames = [_frame(rng, 50, s) for s in (0.001, 0.002, 0.004)]
    rows = [_Row("cv", frames[0], social=0.0)]  # does not see its neighbours: no claim
    rows += [_Row(f"social_attn{'' if k == 0 else f' (seed {k})'}", f) for k, f in enumerate(frames)]
    (c,) = seeded_claims("biwi_eth", _Comp(rows))
    x = np.stack([f["social"] - f["random_agent"] for f in frames])
    est, lo, hi, _ = crossed_interval(x)
    assert c.claim.startswith("social_attn on biwi_eth") and c.n == 3 and c.over == "seeds × 50 scenes"
    assert (c.estimate, *c.ci) == pytest.approx((est, lo, hi)) and c.verdict == "holds"  # all below 0.01 m
    (team,) = seeded_claims("team", _Comp(rows))
    assert team.test == "above" and "removing the neighbours hurts" in team.claim
