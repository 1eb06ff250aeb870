"""The simple non-GAN baseline of the synthetic-series view: an autoregressive model fitted by least
squares on the training windows (scaled as the data are), sampled with bootstrapped residuals after a burn-in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.errors import InputError


@dataclass(frozen=True)
class ARBaseline:
    coef: np.ndarray  # (p,) lags 1..p
    intercept: float
    residuals: np.ndarray  # (M,) in-sample residuals to resample
    starts: np.ndarray  # (K, p) first p values of training windows, to start from

    @property
    def order(self) -> int:
        return len(self.coef)

    @classmethod
    def fit(cls, windows: np.ndarray, order: int = 24) -> ARBaseline:
        n, t = windows.shape
        if not 1 <= order < t:
            raise InputError(f"AR order must be in [1, {t - 1}]")
        rows = np.stack([windows[:, j - order : j][:, ::-1] for j in range(order, t)], 1).reshape(-1, order)
        y = windows[:, order:].reshape(-1)
        x = np.column_stack([np.ones(len(y)), rows])
        beta, *_ = np.linalg.lstsq(x, y, rcond=None)
        resid = y - x @ beta
        return cls(beta[1:], float(beta[0]), resid.astype(np.float64), windows[:, :order].astype(np.float64))

    def sample(self, n: int, length: int, *, seed: int = 0, burn_in: int | None = None) -> np.ndarray:
        """n windows (n, length): start from a real window's first p values, simulate `burn_in` steps
        (default: one window) that are thrown away, so no real value is copied, then `length` more."""
        rng = np.random.default_rng(seed)
        p = self.order
        burn = length if burn_in is None else burn_in
        total = p + burn + length
        out = np.empty((n, total))
        out[:, :p] = self.starts[rng.integers(0, len(self.starts), n)]
        noise = self.residuals[rng.integers(0, len(self.residuals), (n, total))]
        for t in range(p, total):
            out[:, t] = self.intercept + out[:, t - p : t][:, ::-1] @ self.coef + noise[:, t]
        return out[:, -length:].astype(np.float32)
