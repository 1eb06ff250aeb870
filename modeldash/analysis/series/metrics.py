"""Metrics that tell synthetic windows from real ones: Context-FID, discriminative and predictive scores,
and distances between marginals, autocorrelations and spectra. Inputs are scaled windows (N, T)."""

from __future__ import annotations

import numpy as np
import torch
from scipy import linalg

from modeldash.errors import InputError


def frechet_distance(mu1: np.ndarray, s1: np.ndarray, mu2: np.ndarray, s2: np.ndarray, *, eps: float = 1e-6) -> float:
    """‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½), the Fréchet distance between two Gaussians. A singular product
    (too few windows for the embedding's width) gets ε·I added to both covariances, as the usual FID code."""
    covmean = linalg.sqrtm(s1 @ s2)
    if not np.isfinite(covmean).all():
        offset = eps * np.eye(len(s1))
        covmean = linalg.sqrtm((s1 + offset) @ (s2 + offset))
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))


def _gauss(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return z.mean(0), np.cov(z, rowvar=False)


def fid(a: np.ndarray, b: np.ndarray) -> float:
    """The Fréchet distance between Gaussians fitted to two sets of vectors (N, D): FID of embeddings (Context-FID)
    or of the windows themselves."""
    return frechet_distance(*_gauss(a), *_gauss(b))


def _check(real: np.ndarray, fake: np.ndarray) -> None:
    if real.ndim != 2 or fake.ndim != 2 or real.shape[1] != fake.shape[1]:
        raise InputError(f"real {real.shape} and synthetic {fake.shape} windows must both be (N, T) with one T")
    if len(real) < 10 or len(fake) < 10:
        raise InputError("each side needs at least 10 windows")
    if not (np.isfinite(real).all() and np.isfinite(fake).all()):
        raise InputError("windows contain NaN or infinite values")


class _ConvNet(torch.nn.Module):
    """A small 1-D CNN classifier/regressor (stands in for the official post-hoc GRU: far cheaper on a CPU)."""

    def __init__(self, out: int, c: int = 16):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Conv1d(1, c, 5, padding=2),
            torch.nn.ReLU(),
            torch.nn.Conv1d(c, c, 5, padding=2, stride=2),
            torch.nn.ReLU(),
            torch.nn.AdaptiveAvgPool1d(1),
            torch.nn.Flatten(),
            torch.nn.Linear(c, out),
        )

    def forward(self, x):
        return self.net(x[:, None])


def _mlp(t_in: int, out: int) -> torch.nn.Module:
    return torch.nn.Sequential(torch.nn.Linear(t_in, 64), torch.nn.ReLU(), torch.nn.Linear(64, out))


def _seeded(build, seed: int) -> torch.nn.Module:
    """Build a probe with its initial weights drawn from `seed`, leaving torch's global RNG as it was."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


def _fit(model, x, y, loss_fn, *, epochs: int, seed: int):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(epochs):
        for b in torch.randperm(len(x), generator=g).split(128):
            opt.zero_grad()
            loss_fn(model(x[b]), y[b]).backward()
            opt.step()
    return model.eval()


def discriminative_score(
    real: np.ndarray, fake: np.ndarray, *, n: int = 1000, epochs: int = 15, seed: int = 0
) -> float:
    """|accuracy − 0.5| of a small CNN classifier trained to tell real from synthetic (80%) and tested on the
    rest: 0 means indistinguishable."""
    _check(real, fake)
    rng = np.random.default_rng(seed)
    k = min(n, len(real), len(fake))
    x = np.concatenate([real[rng.choice(len(real), k, replace=False)], fake[rng.choice(len(fake), k, replace=False)]])
    y = np.r_[np.ones(k), np.zeros(k)].astype(np.float32)
    perm = rng.permutation(len(x))
    cut = int(0.8 * len(x))
    tr, te = perm[:cut], perm[cut:]
    x = (x - x.mean()) / (x.std() + 1e-8)  # one global standardisation of the probe inputs
    xt, yt = torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y)
    model = _fit(
        _seeded(lambda: _ConvNet(1), seed),
        xt[tr],
        yt[tr],
        lambda o, t: torch.nn.functional.binary_cross_entropy_with_logits(o[:, 0], t),
        epochs=epochs,
        seed=seed,
    )
    with torch.no_grad():
        acc = ((model(xt[te])[:, 0] > 0).float() == yt[te]).float().mean().item()
    return abs(acc - 0.5)


def predictive_mae(
    train: np.ndarray, test_real: np.ndarray, *, horizon: int = 8, n: int = 2000, epochs: int = 30, seed: int = 0
) -> float:
    """Train an MLP forecaster on `train` windows (synthetic, or real for the reference) and forecast the last
    `horizon` steps of held-out real windows from the rest: mean absolute error (train-synthetic-test-real)."""
    _check(train, test_real)
    rng = np.random.default_rng(seed)
    mu, sd = float(train.mean()), float(train.std() + 1e-8)  # standardise with the training side's stats
    x = torch.from_numpy(
        ((train[rng.choice(len(train), min(n, len(train)), replace=False)] - mu) / sd).astype(np.float32)
    )
    model = _fit(
        _seeded(lambda: _mlp(x.shape[1] - horizon, horizon), seed),
        x[:, :-horizon],
        x[:, -horizon:],
        torch.nn.functional.l1_loss,
        epochs=epochs,
        seed=seed,
    )
    t = torch.from_numpy(((test_real - mu) / sd).astype(np.float32))
    with torch.no_grad():
        return float((model(t[:, :-horizon]) - t[:, -horizon:]).abs().mean()) * sd  # in the windows' units


def acf(x: np.ndarray, max_lag: int = 20) -> np.ndarray:
    """Mean autocorrelation over windows at lags 1..max_lag, (max_lag,)."""
    x = x - x.mean(1, keepdims=True)
    var = (x**2).sum(1)
    var[var == 0] = 1.0
    return np.array([((x[:, :-k] * x[:, k:]).sum(1) / var).mean() for k in range(1, max_lag + 1)])


def acf_distance(real: np.ndarray, fake: np.ndarray, max_lag: int = 20) -> float:
    """Mean absolute difference of the mean autocorrelation functions."""
    return float(np.abs(acf(real, max_lag) - acf(fake, max_lag)).mean())


def spectrum(x: np.ndarray) -> np.ndarray:
    """Mean power spectrum over windows, normalised to sum 1 (frequencies 1..T/2; the mean removed)."""
    p = np.abs(np.fft.rfft(x - x.mean(1, keepdims=True), axis=1)) ** 2
    p = p.mean(0)[1:]
    return p / p.sum() if p.sum() > 0 else p


def spectrum_distance(real: np.ndarray, fake: np.ndarray) -> float:
    """Total variation between the normalised mean power spectra (0 to 1)."""
    return float(0.5 * np.abs(spectrum(real) - spectrum(fake)).sum())


def marginal_distance(real: np.ndarray, fake: np.ndarray) -> float:
    """Wasserstein-1 distance between the pooled values."""
    from scipy.stats import wasserstein_distance

    return float(wasserstein_distance(real.ravel(), fake.ravel()))
