"""Series metrics against closed forms and their floors."""

import numpy as np
import pytest
import torch

from modeldash.analysis.series.metrics import (
    acf,
    acf_distance,
    discriminative_score,
    fid,
    frechet_distance,
    marginal_distance,
    predictive_mae,
    spectrum_distance,
)
from modeldash.models.series_baseline import ARBaseline
from modeldash.models.series_embed import EmbedConfig, SeriesEncoder, train_encoder


def test_frechet_distance_of_two_gaussians_by_hand():
    mu1, mu2 = np.zeros(3), np.array([1.0, 2.0, 0.0])
    s1, s2 = np.eye(3), 4 * np.eye(3)
    # ‖μ₁−μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) = 5 + (3 + 12 − 2·6) = 8
    assert frechet_distance(mu1, s1, mu2, s2) == pytest.approx(8.0)
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    assert frechet_distance(mu1[:2], a, mu1[:2], a) == pytest.approx(0.0, abs=1e-9)


def _sines(n, seed, noise=0.1):
    rng = np.random.default_rng(seed)
    t = np.arange(64)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    return (np.sin(t / 4 + phase) + 1.5 + noise * rng.normal(size=(n, 64))).astype(np.float32)


@pytest.fixture(scope="module")
def encoder():
    return train_encoder(_sines(400, 0), EmbedConfig(channels=16, depth=3, out_dim=8), iters=60, seed=0)


def test_context_fid_is_near_zero_for_the_same_data_and_large_for_noise(encoder):
    real, again = _sines(600, 1), _sines(600, 2)
    noise = np.random.default_rng(3).normal(1.5, 1.0, (600, 64)).astype(np.float32)
    same = fid(encoder.embed(real), encoder.embed(again))
    far = fid(encoder.embed(real), encoder.embed(noise))
    assert far > 20 * max(same, 1e-3)


def test_fid_of_vectors_is_the_frechet_distance_of_their_gaussians():
    a = np.random.default_rng(0).normal(size=(500, 3))
    b = a @ np.diag([1.0, 2.0, 1.0]) + [1.0, 0.0, 0.0]
    assert fid(a, b) == pytest.approx(frechet_distance(a.mean(0), np.cov(a.T), b.mean(0), np.cov(b.T)))


def test_discriminative_score_floor_and_ceiling():
    real = _sines(400, 4)
    assert discriminative_score(real, _sines(400, 5), epochs=5) < 0.15
    flat = np.full((400, 64), 1.5, np.float32) + np.random.default_rng(0).normal(0, 0.01, (400, 64)).astype(np.float32)
    assert discriminative_score(real, flat, epochs=5) > 0.4


def test_predictive_mae_is_lower_when_trained_on_matching_data():
    real_train, real_test = _sines(600, 6, noise=0.02), _sines(200, 7, noise=0.02)
    noise = np.random.default_rng(8).normal(1.5, 1.0, (600, 64)).astype(np.float32)
    assert predictive_mae(real_train, real_test, epochs=40) < predictive_mae(noise, real_test, epochs=40)


def test_acf_spectrum_and_marginals():
    x = _sines(50, 9, noise=0.0)
    assert acf(x, 4)[0] > 0.9 and acf_distance(x, x) == 0
    assert (
        spectrum_distance(x, x) == 0
        and 0 < spectrum_distance(x, x[:, ::-1] * 0 + np.random.default_rng(1).normal(size=x.shape)) <= 1
    )
    assert marginal_distance(x, x + 1.0) == pytest.approx(1.0, abs=1e-6)


def test_ar_baseline_recovers_an_ar1_process():
    rng = np.random.default_rng(0)
    x = np.zeros((300, 64))
    for t in range(1, 64):
        x[:, t] = 0.8 * x[:, t - 1] + rng.normal(0, 0.1, 300)
    ar = ARBaseline.fit(x.astype(np.float32), order=1)
    assert ar.coef[0] == pytest.approx(0.8, abs=0.03)
    s = ar.sample(50, 64, seed=1)
    assert s.shape == (50, 64) and np.isfinite(s).all()
    assert abs(s.std() - x[:, 32:].std()) < 0.2 * x[:, 32:].std()  # the process's own scale (no rescaling)
    real_starts = {tuple(np.round(r[:8], 5)) for r in x}
    assert not any(tuple(np.round(w[:8], 5)) in real_starts for w in s)  # burn-in: no real values copied


def test_encoder_embeds_any_length():
    enc = SeriesEncoder(EmbedConfig(channels=8, depth=2, out_dim=4))
    assert enc(torch.zeros(3, 20)).shape == (3, 4) and enc.embed(np.zeros((5, 64))).shape == (5, 4)
