"""DIVA (Dukler et al., ICLR 2022): weighted ridge on frozen features, its closed-form leave-one-out
predictions (Prop. 3), and the dataset derivative of the LOO or validation loss (Prop. 2), by autograd
through the closed form in float64.

Notation: Z (n, d) features, Y (n, k) one-hot targets, alpha (n,) example weights, lam the ridge strength.
The model minimises sum_i alpha_i ||w^T z_i - y_i||^2 + lam ||w||^2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from modeldash.errors import InputError

if TYPE_CHECKING:  # imported where used: a report read back from the results store needs no PyTorch
    import torch


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """(n,) int labels -> (n, k) float64 one-hot targets."""
    return np.eye(n_classes)[labels]


def check_inputs(features, targets, alpha=None, *, lam: float = 1.0):
    """Validate shapes, finiteness and signs at the public boundary; raise InputError."""
    features, targets = np.asarray(features), np.asarray(targets)
    if features.ndim != 2 or features.shape[0] == 0:
        raise InputError(f"features must be a non-empty (n, d) array, got shape {features.shape}")
    if targets.ndim != 2 or targets.shape[0] != features.shape[0]:
        raise InputError(f"targets must be (n, k) with n = {features.shape[0]}, got shape {targets.shape}")
    if not (np.isfinite(features).all() and np.isfinite(targets).all()):
        raise InputError("features or targets contain NaN or infinite values")
    if not (np.isfinite(lam) and lam > 0):
        raise InputError(f"ridge strength lam must be positive and finite, got {lam}")
    if alpha is not None:
        alpha = np.asarray(alpha, dtype=np.float64)
        if alpha.shape != (features.shape[0],):
            raise InputError(f"alpha must have shape ({features.shape[0]},), got {alpha.shape}")
        if not np.isfinite(alpha).all() or (alpha < 0).any():
            raise InputError("example weights alpha must be finite and non-negative")


def _t(x) -> torch.Tensor:
    import torch

    return torch.as_tensor(np.asarray(x), dtype=torch.float64)


def _fit(Z: torch.Tensor, Y: torch.Tensor, alpha: torch.Tensor, lam: float):
    """(W (d, k), Cholesky factor of Z^T D Z + lam I)."""
    import torch

    A = Z.T @ (alpha[:, None] * Z) + lam * torch.eye(Z.shape[1], dtype=Z.dtype)  # (d, d)
    L = torch.linalg.cholesky(A)
    return torch.cholesky_solve(Z.T @ (alpha[:, None] * Y), L), L


def _loo(Z, Y, alpha, lam) -> torch.Tensor:
    """Prop. 3 with sqrt(alpha_i) cancelled: pred_i = (z_i^T w - h_i y_i) / (1 - h_i), h_i = alpha_i z_i^T C z_i.
    Equal to [(R sqrt(D) Y)_i - R_ii sqrt(alpha_i) Y_i] / (sqrt(alpha_i)(1 - R_ii)) for alpha_i > 0, and to
    z_i^T w at alpha_i = 0, where the paper's form is 0/0."""
    import torch

    W, L = _fit(Z, Y, alpha, lam)
    ZC = torch.cholesky_solve(Z.T, L).T  # (n, d) = Z C, C symmetric
    h = alpha * (ZC * Z).sum(1)  # (n,) R_ii, < 1 since lam > 0
    return (Z @ W - h[:, None] * Y) / (1 - h)[:, None]  # (n, k)


def _loss(pred: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Squared error summed over examples and classes, as the paper's L = sum_i l(f^{-i}(x_i), y_i) with
    the loss the linearised model is trained on. (Softmax cross-entropy on these outputs is dominated by the
    mislabelled examples' own unbounded terms and ranks them backwards, so we do not offer it.)"""
    return ((pred - Y) ** 2).sum()


def ridge_fit(features, targets, alpha, *, lam: float) -> np.ndarray:
    """Weighted ridge weights W (d, k), exact: (Z^T D Z + lam I)^-1 Z^T D Y."""
    check_inputs(features, targets, alpha, lam=lam)
    W, _ = _fit(_t(features), _t(targets), _t(alpha), lam)
    return W.numpy()


def loo_closed_form(features, targets, alpha, *, lam: float) -> np.ndarray:
    """LOO predictions (n, k) of the weighted ridge model, exact, in one solve (the paper's Prop. 3)."""
    check_inputs(features, targets, alpha, lam=lam)
    return _loo(_t(features), _t(targets), _t(alpha), lam).numpy()


def loo_brute_force(features, targets, alpha, *, lam: float, indices=None) -> np.ndarray:
    """LOO predictions by refitting without each example in `indices` (default all): (len(indices), k)."""
    import torch

    check_inputs(features, targets, alpha, lam=lam)
    Z, Y, a = _t(features), _t(targets), _t(alpha)
    idx = np.arange(len(a)) if indices is None else np.asarray(indices)
    out = []
    for i in idx:
        keep = torch.ones(len(a), dtype=torch.bool)
        keep[int(i)] = False
        W, _ = _fit(Z[keep], Y[keep], a[keep], lam)
        out.append(Z[int(i)] @ W)
    return torch.stack(out).numpy()


@dataclass(frozen=True)
class Derivative:
    """A loss and its dataset derivative dL/d alpha (n,)."""

    value: float
    grad: np.ndarray
    objective: str  # "loo" or "validation"


def dataset_derivative(features, targets, alpha, *, lam: float, val_features=None, val_targets=None) -> Derivative:
    """dL/d alpha, exact (autograd through the closed form).

    L is the LOO loss sum_i l(f_{w_alpha}^{-i}(z_i), y_i) (paper eq. 7) or, when validation data is given,
    sum_v l(w_alpha^T z_v, y_v) (Prop. 2). Positive entries: raising that example's weight raises the loss."""
    import torch

    check_inputs(features, targets, alpha, lam=lam)
    Z, Y = _t(features), _t(targets)
    a = _t(alpha).clone().requires_grad_(True)
    if val_features is None:
        value, objective = _loss(_loo(Z, Y, a, lam), Y), "loo"
    else:
        check_inputs(val_features, val_targets, lam=lam)
        W, _ = _fit(Z, Y, a, lam)
        value, objective = _loss(_t(val_features) @ W, _t(val_targets)), "validation"
    (g,) = torch.autograd.grad(value, a)
    return Derivative(float(value.detach()), g.numpy(), objective)


@dataclass(frozen=True)
class Reweighting:
    """Example weights after `n_steps` projected gradient steps on the LOO loss from alpha = 1."""

    weights: np.ndarray  # (n,) final alpha >= 0
    derivative: np.ndarray  # (n,) dL/d alpha at alpha = 1: the paper's detection score
    loss_path: np.ndarray  # (n_steps + 1,) LOO loss before each step and after the last
    step_size: float

    @property
    def flagged(self) -> np.ndarray:
        """Examples the paper calls detrimental: derivative >= 0 at alpha = 1."""
        return self.derivative >= 0


def reweight(features, targets, *, lam: float, n_steps: int = 2, step_size: float = 0.1) -> Reweighting:
    """alpha <- max(0, alpha - step_size * g / max|g|), from alpha = 1 (the paper: 1-3 steps of ~0.1).

    The gradient is scaled to unit max-norm so that `step_size` is in units of weight whatever the loss's
    scale; the direction of each step is the paper's."""
    if not (isinstance(n_steps, int) and 0 <= n_steps <= 50):
        raise InputError(f"n_steps must be an integer from 0 to 50, got {n_steps}")
    if not 0 < step_size <= 10:
        raise InputError(f"step_size must be in (0, 10], got {step_size}")
    alpha = np.ones(len(features))
    d0 = dataset_derivative(features, targets, alpha, lam=lam)
    d, path = d0, [d0.value]
    for _ in range(n_steps):
        scale = np.abs(d.grad).max() or 1.0
        alpha = np.maximum(0.0, alpha - step_size * d.grad / scale)
        d = dataset_derivative(features, targets, alpha, lam=lam)
        path.append(d.value)
    return Reweighting(alpha, d0.grad, np.array(path), step_size)
