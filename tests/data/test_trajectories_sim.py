"""Crowd and team simulators."""

import numpy as np
import pytest

from modeldash.data.trajectories_sim import (
    CrowdConfig,
    TeamConfig,
    crowd_scenes,
    simulate_crowd,
    simulate_team,
    team_scenes,
)
from modeldash.errors import InputError


def _speeds(rows):
    out = []
    for a in np.unique(rows[:, 1]):
        p = rows[rows[:, 1] == a, 2:]
        out.append(np.linalg.norm(np.diff(p, axis=0), axis=1) / 0.4)
    return np.concatenate(out)


def _min_gaps(rows):
    gaps = []
    for f in np.unique(rows[:, 0]):
        p = rows[rows[:, 0] == f, 2:]
        if len(p) > 1:
            d = np.linalg.norm(p[:, None] - p[None], axis=-1) + np.eye(len(p)) * 1e9
            gaps.append(d.min())
    return np.array(gaps)


def test_crowd_is_deterministic_walks_at_pedestrian_speed_and_interaction_keeps_distance():
    a, b = simulate_crowd(CrowdConfig(n_steps=200), seed=1), simulate_crowd(CrowdConfig(n_steps=200), seed=1)
    assert np.array_equal(a, b)
    assert 1.1 < np.median(_speeds(a)) < 1.5
    weak = simulate_crowd(CrowdConfig(n_steps=200, interaction=0.0), seed=1)
    strong = simulate_crowd(CrowdConfig(n_steps=200, interaction=4.0), seed=1)
    assert np.percentile(_min_gaps(strong), 5) > np.percentile(_min_gaps(weak), 5) + 0.1
    s = crowd_scenes(CrowdConfig(n_steps=120))
    assert len(s) > 50 and s.n_neighbours.mean() > 1


def test_team_defenders_mark_attackers_and_scenes_stay_in_one_possession():
    rows = simulate_team(TeamConfig(n_possessions=3), seed=2)
    f = rows[rows[:, 0] == rows[0, 0]]
    att, dfn = f[f[:, 1] % 10 < 6][:5, 2:], f[5:, 2:]
    assert np.linalg.norm(att - dfn, axis=1).max() < 3.0
    s = team_scenes(TeamConfig(n_possessions=3))
    assert (s.n_neighbours == 9).all()
    with pytest.raises(InputError):
        TeamConfig(mark_distance=0)
