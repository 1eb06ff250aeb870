"""The value functions of the three output kinds: NLL against torch.distributions, minADE_K and minFDE_K by hand on
a constructed case, the Gaussian's draws against its covariance, and Shapley efficiency exact for every sampled
loss (the draws are the same for every coalition)."""

import numpy as np
import pytest
import torch

from modeldash.analysis.trajectories.attribution import attribute_dataset, scene_game
from modeldash.analysis.trajectories.scene import scene_view
from modeldash.data.trajectories import load_file
from modeldash.errors import InputError
from modeldash.models.trajectories import (
    DRAWS,
    LOG_P_MAX,
    METRICS_BY_OUTPUT,
    TrajConfig,
    TrajPredictor,
    as_samples,
    errors,
    gaussian_log_prob,
    gaussian_nll,
    gaussian_parts,
    scene_draws,
    scene_errors,
)


@pytest.fixture(scope="module")
def scenes():
    s = load_file("crowds_zara03")
    return s.take(np.flatnonzero(s.n_neighbours >= 2)[:8])


def _model(kind: str) -> TrajPredictor:
    torch.manual_seed(0)
    return TrajPredictor(TrajConfig(kind=kind, hidden=16)).eval()


def test_nll_is_minus_the_mean_log_density_of_torch_multivariate_normal():
    g = torch.Generator().manual_seed(0)
    out = torch.randn(6, 12, 5, generator=g, dtype=torch.float64)
    fut = torch.randn(6, 12, 2, generator=g, dtype=torch.float64)
    mu, sx, sy, rho = gaussian_parts(out)
    cov = torch.stack([torch.stack([sx**2, rho * sx * sy], -1), torch.stack([rho * sx * sy, sy**2], -1)], -2)
    reference = torch.distributions.MultivariateNormal(mu, covariance_matrix=cov).log_prob(fut)  # (6, 12)
    torch.testing.assert_close(gaussian_log_prob(out, fut), reference)
    torch.testing.assert_close(gaussian_nll(out, fut, clamp=None), -reference.mean(-1))
    # the clamp as Trajectron++'s: a log-density above LOG_P_MAX counts as LOG_P_MAX
    sharp = out.clone()
    sharp[..., :2], sharp[..., 2:4] = fut, -6.0  # σ = e^-6 at the truth: log p ≈ 10.2 per step
    assert gaussian_nll(sharp, fut).allclose(torch.full((6,), -LOG_P_MAX, dtype=torch.float64))
    assert (gaussian_nll(sharp, fut, clamp=None) < -LOG_P_MAX).all()


def test_min_ade_and_min_fde_by_hand():
    fut = torch.zeros(1, 12, 2)
    fut[0, :, 0] = torch.arange(1.0, 13.0)  # walking along x at 1 m per step
    samples = torch.zeros(1, 3, 12, 2)
    samples[0, 0] = fut[0] + torch.tensor([0.0, 1.0])  # 1 m off at every step: ADE 1, FDE 1
    samples[0, 1, :, 0] = torch.arange(1.0, 13.0)
    samples[0, 1, -1, 1] = 3.0  # exact but for the last step: ADE 0.25, FDE 3
    samples[0, 2] = fut[0] * 0.5  # half the speed: ADE mean(k/2) = 3.25, FDE 6
    assert errors(samples, fut, "samples", "min_ade").item() == pytest.approx(0.25)
    assert errors(samples, fut, "samples", "min_fde").item() == pytest.approx(1.0)
    # the mean of the three samples (ADE and FDE of the point prediction)
    mean = samples.mean(1)
    assert errors(samples, fut, "samples", "ade").item() == pytest.approx((mean - fut).norm(dim=-1).mean().item())
    # a point prediction is one sample: its minADE_K is its ADE
    assert errors(samples[:, 1], fut, "future", "min_ade").item() == pytest.approx(0.25)
    with pytest.raises(InputError, match="does not apply"):
        errors(samples[:, 1], fut, "future", "nll")


def test_gaussian_draws_have_its_mean_and_covariance():
    out = torch.tensor([[[1.0, -2.0, np.log(0.5), np.log(2.0), np.arctanh(0.6)]] * 12])  # (1, 12, 5)
    eps = torch.randn(1, 200_000, 12, 2, generator=torch.Generator().manual_seed(1))
    x = as_samples(out, "gaussian", eps)[0, :, 3]  # one step's draws (200000, 2)
    np.testing.assert_allclose(x.mean(0).numpy(), [1.0, -2.0], atol=0.01)
    cov = np.cov(x.numpy().T)
    np.testing.assert_allclose(cov, [[0.25, 0.6 * 0.5 * 2.0], [0.6, 4.0]], atol=0.02)


@pytest.mark.parametrize(
    "kind, metric",
    [("gauss_attn", "nll"), ("gauss_attn", "min_ade"), ("gauss_attn", "min_fde"), ("sample_attn", "min_ade")],
)
def test_efficiency_is_exact_for_sampled_losses_and_the_full_coalition_is_scene_errors(scenes, kind, metric):
    m = _model(kind)
    att = attribute_dataset(m, scenes, metric=metric, seed=3)
    assert att.per_scene["efficiency_error"].max() < 1e-9
    # the error with every real player is the batched evaluation with the same draws
    np.testing.assert_allclose(att.per_scene["err_full"], scene_errors(m, scenes, metric, seed=3), rtol=1e-5)
    # the value function is a function: the same coalition, the same value, in any batch
    fn, players = scene_game(m, scenes, 0, metric=metric, seed=3)
    masks = np.random.default_rng(0).random((9, len(players))) < 0.5
    np.testing.assert_array_equal(fn(masks)[3:5], fn(masks[3:5]))


def test_draws_are_seeded_per_scene_and_differ_between_scenes_and_seeds():
    m = _model("sample_attn")
    a, b = scene_draws(m, 0, 4), scene_draws(m, 0, 4)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (20, 8) and not np.array_equal(a, scene_draws(m, 0, 5))
    assert not np.array_equal(a, scene_draws(m, 1, 4))
    assert scene_draws(_model("gauss_attn"), 0, 4).shape == (DRAWS, 12, 2)
    assert scene_draws(_model("social_attn"), 0, 4) is None


def test_the_scene_view_draws_what_the_loss_scores(scenes):
    m = _model("gauss_attn")
    v = scene_view(m, scenes, 1, metric="min_ade", removed=(0,))
    assert v.output == "gaussian" and v.samples.shape == (DRAWS, 12, 2) and v.gaussian.shape == (12, 5)
    fut = scenes.future[1]
    assert v.error == pytest.approx(np.linalg.norm(v.samples - fut, axis=-1).mean(-1).min(), rel=1e-5)
    np.testing.assert_allclose(v.pred, v.gaussian[:, :2])
    assert v.error_counterfactual != v.error  # cutting a neighbour moves a model that sees them


def test_a_loss_the_output_does_not_allow_is_one_sentence(scenes):
    with pytest.raises(InputError, match="NLL does not apply"):
        scene_game(_model("sample_attn"), scenes, 0, metric="nll")
    assert set(METRICS_BY_OUTPUT["gaussian"]) == {"nll", "min_ade", "min_fde", "ade", "fde"}


def test_a_table_under_nll_names_the_models_left_out(scenes):
    from modeldash.analysis.trajectories.service import compare_models
    from modeldash.analysis.trajectories.settings import TrajSettings
    from modeldash.models.trajectories import ConstantVelocity

    models = {"constant velocity": ConstantVelocity(), "gauss": _model("gauss_attn"), "point": _model("social_attn")}
    comp = compare_models(models, scenes, TrajSettings(metric="nll"))
    assert [r.summary.model for r in comp.rows] == ["gauss"] and comp.left_out == ("constant velocity", "point")
    assert comp.rows[0].error == pytest.approx(scene_errors(models["gauss"], scenes, "nll").mean())
    comp = compare_models(models, scenes, TrajSettings(metric="min_ade"))
    assert len(comp.rows) == 3 and not comp.left_out and comp.rows[1].mc_sd > 0 == comp.rows[2].mc_sd
