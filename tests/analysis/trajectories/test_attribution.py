"""Trajectory attribution: the paper's value function and removal, checked by hand and against shap."""

import numpy as np
import pytest
import torch

from modeldash.analysis.shapley import exact_shapley
from modeldash.analysis.trajectories.attribution import attribute_dataset, scene_game
from modeldash.data.trajectories import load_file
from modeldash.errors import InputError
from modeldash.models.trajectories import ConstantVelocity, TrajConfig, TrajPredictor, constant_velocity


@pytest.fixture(scope="module")
def scenes():
    s = load_file("crowds_zara03")
    return s.take(np.flatnonzero(s.n_neighbours >= 2)[:12])


class FirstNeighbourShift(torch.nn.Module):
    """Constant velocity, pushed 1 m along x whenever the first neighbour slot is absent."""

    def forward(self, past, nb_past, nb_mask):
        out = constant_velocity(past)
        return out + (~nb_mask[:, 0, -1]).float()[:, None, None] * torch.tensor([1.0, 0.0])


def test_hand_case_dummy_neighbours_and_the_past():
    s = load_file("crowds_zara03")
    i = int(np.flatnonzero(s.n_neighbours >= 3)[0])
    fn, players = scene_game(FirstNeighbourShift(), s, i, random_control=False)
    res = exact_shapley(fn, players)
    assert players[0] == "past" and len(players) == 1 + s.n_neighbours[i]
    np.testing.assert_array_equal(res.values[2:], 0.0)  # only the first neighbour matters
    # by hand: v(S) = −ADE(prediction); the past moves CV from static to moving, nb 1 removes the shift
    fut = torch.tensor(s.future[i]).float()
    past = torch.tensor(s.past[i]).float()

    def err(use_past, use_nb):
        p = past if use_past else past[-1:].expand(8, 2)
        pred = constant_velocity(p[None])[0] + (0 if use_nb else torch.tensor([1.0, 0.0]))
        return (pred - fut).norm(dim=-1).mean().item()

    phi_nb = 0.5 * ((err(0, 0) - err(0, 1)) + (err(1, 0) - err(1, 1)))
    assert res.values[1] == pytest.approx(phi_nb, abs=1e-5)


def test_scene_game_matches_shaps_exact_explainer(scenes):
    shap = pytest.importorskip("shap")
    torch.manual_seed(0)
    model = TrajPredictor(TrajConfig(kind="social_attn")).eval()
    fn, players = scene_game(model, scenes, 0)
    ours = exact_shapley(fn, players).values
    n = len(players)
    theirs = shap.explainers.Exact(lambda x: fn(x.astype(bool)), shap.maskers.Independent(np.zeros((1, n))))(
        np.ones((1, n))
    ).values[0]
    assert np.abs(ours - theirs).max() <= 1e-6


def test_ego_only_model_has_exactly_zero_social_attribution(scenes):
    torch.manual_seed(0)
    ego = TrajPredictor(TrajConfig(kind="ego_lstm")).eval()
    a = attribute_dataset(ego, scenes, name="ego")
    assert (a.per_scene["social"] == 0).all() and (a.per_scene["random_agent"] == 0).all()
    assert (a.per_scene["social_share"] == 0).all()
    s = a.summary()
    assert s.social.value == 0 and s.max_efficiency_error < 1e-9 and s.n_scenes == len(scenes)
    assert s.error.value == pytest.approx(s.error_without_neighbours.value)


def test_social_model_summary_has_intervals_and_random_removal_runs(scenes):
    torch.manual_seed(0)
    model = TrajPredictor(TrajConfig(kind="stgcnn")).eval()
    a = attribute_dataset(model, scenes, name="st", removal="random", n_draws=2, metric="fde")
    s = a.summary(n_boot=200)
    assert s.metric == "fde" and s.social.low <= s.social.value <= s.social.high and s.max_efficiency_error < 1e-9
    assert len(a.results) == len(scenes) and a.results[0].players[-1] == "random agent"


def test_constant_velocity_ignores_neighbours_and_bad_options(scenes):
    fn, players = scene_game(ConstantVelocity(), scenes, 0, random_control=False)
    res = exact_shapley(fn, players)
    assert (res.values[1:] == 0).all() and res.values[0] != 0
    with pytest.raises(InputError, match="NLL"):
        scene_game(ConstantVelocity(), scenes, 0, metric="nll")
