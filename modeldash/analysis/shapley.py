"""Shapley values of a set-function, exact (all coalitions, batched) or by permutation sampling.

`value_fn(masks)` takes a boolean matrix (B, P) — row b is a coalition, column p whether player p is in
it — and returns the B coalition values. Exact: φ_i = Σ_{S ⊆ N∖i} |S|!(n−|S|−1)!/n! [v(S∪i) − v(S)].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import factorial

import numpy as np
import pandas as pd

from modeldash.errors import InputError

ValueFn = Callable[[np.ndarray], np.ndarray]
MAX_EXACT_PLAYERS = 12
EFFICIENCY_TOL = 1e-6


@dataclass(frozen=True)
class ShapleyResult:
    values: np.ndarray  # (P,)
    players: tuple[str, ...]
    v_empty: float
    v_full: float
    std_error: np.ndarray | None  # (P,) for sampled, None when exact
    method: str  # "exact" or "permutation"
    n_evals: int
    coalition_values: np.ndarray | None = None  # (2^P,) by bitmask (bit p = player p), exact only

    def __post_init__(self):
        if self.values.shape != (len(self.players),):
            raise ValueError(f"{len(self.players)} players but values of shape {self.values.shape}")
        if self.std_error is not None and self.std_error.shape != self.values.shape:
            raise ValueError("std_error must match values")

    @property
    def efficiency_error(self) -> float:
        """|Σ φ − (v(all) − v(none))|: zero up to rounding for exact values and for permutation sampling."""
        return float(abs(self.values.sum() - (self.v_full - self.v_empty)))

    def to_frame(self) -> pd.DataFrame:
        d = {"player": list(self.players), "value": self.values}
        if self.std_error is not None:
            d["std_error"] = self.std_error
        return pd.DataFrame(d)


def _check(players, n_max: int | None = None) -> tuple[str, ...]:
    players = tuple(players)
    if not players:
        raise InputError("Shapley values need at least one player")
    if n_max is not None and len(players) > n_max:
        raise InputError(
            f"exact Shapley needs 2^{len(players)} = {2 ** len(players):,} evaluations; the limit is "
            f"2^{n_max} = {2**n_max:,}, so use sampled_shapley"
        )
    return players


def _masks(codes: np.ndarray, n: int) -> np.ndarray:
    return ((codes[:, None] >> np.arange(n)[None, :]) & 1).astype(bool)  # (B, n)


def _evaluate(value_fn: ValueFn, masks: np.ndarray, batch_size: int, progress=None, done=0, total=None) -> np.ndarray:
    out = np.empty(len(masks))
    for i in range(0, len(masks), batch_size):
        v = np.asarray(value_fn(masks[i : i + batch_size]), dtype=np.float64).reshape(-1)
        if len(v) != len(masks[i : i + batch_size]):
            raise InputError(f"value_fn returned {len(v)} values for {len(masks[i : i + batch_size])} coalitions")
        out[i : i + batch_size] = v
        if progress:
            progress(min(1.0, (done + i + len(v)) / (total or len(masks))))
    if not np.isfinite(out).all():
        raise InputError("the value function returned NaN or infinite values")
    return out


def exact_shapley(
    value_fn: ValueFn, players, *, batch_size: int = 1024, progress: Callable[[float], None] | None = None
) -> ShapleyResult:
    """Exact Shapley values from all 2^P coalitions, evaluated in batches (P ≤ 12)."""
    players = _check(players, MAX_EXACT_PLAYERS)
    n = len(players)
    codes = np.arange(2**n)
    v = _evaluate(value_fn, _masks(codes, n), batch_size, progress)
    size = np.array([bin(c).count("1") for c in codes])
    weight = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) if s < n else 0.0 for s in range(n + 1)])
    phi = np.empty(n)
    for i in range(n):
        without = codes[(codes >> i) & 1 == 0]
        phi[i] = (weight[size[without]] * (v[without | (1 << i)] - v[without])).sum()
    return ShapleyResult(phi, players, float(v[0]), float(v[-1]), None, "exact", len(codes), v)


def sampled_shapley(
    value_fn: ValueFn,
    players,
    *,
    n_permutations: int,
    seed: int = 0,
    batch_size: int = 1024,
    progress: Callable[[float], None] | None = None,
) -> ShapleyResult:
    """Permutation sampling: each permutation adds players one by one (P + 1 evaluations); the mean marginal
    contribution estimates φ, its standard error is std / √n_permutations. Efficient per permutation."""
    players = _check(players)
    if n_permutations < 2:
        raise InputError("sampled Shapley needs at least 2 permutations for a standard error")
    n = len(players)
    rng = np.random.default_rng(seed)
    perms = np.stack([rng.permutation(n) for _ in range(n_permutations)])  # (M, n)
    codes = np.zeros((n_permutations, n + 1), dtype=np.int64)
    for k in range(n):
        codes[:, k + 1] = codes[:, k] | (1 << perms[:, k])
    v = _evaluate(value_fn, _masks(codes.ravel(), n), batch_size, progress).reshape(n_permutations, n + 1)
    marg = np.empty((n_permutations, n))
    rows = np.arange(n_permutations)[:, None]
    marg[rows, perms] = np.diff(v, axis=1)
    return ShapleyResult(
        marg.mean(0),
        players,
        float(v[0, 0]),
        float(v[0, -1]),
        marg.std(0, ddof=1) / np.sqrt(n_permutations),
        "permutation",
        int(codes.size),
    )


def shapley(
    value_fn: ValueFn,
    players,
    *,
    n_permutations: int = 200,
    seed: int = 0,
    batch_size: int = 1024,
    progress: Callable[[float], None] | None = None,
) -> ShapleyResult:
    """Exact up to MAX_EXACT_PLAYERS players, permutation sampling above."""
    players = tuple(players)
    if len(players) <= MAX_EXACT_PLAYERS:
        return exact_shapley(value_fn, players, batch_size=batch_size, progress=progress)
    return sampled_shapley(
        value_fn, players, n_permutations=n_permutations, seed=seed, batch_size=batch_size, progress=progress
    )


def interaction_index(res: ShapleyResult, i: int, j: int) -> float:
    """Shapley interaction index of players i and j (Grabisch & Roubens 1999) from an exact result:
    Σ_{S ⊆ N∖{i,j}} |S|!(n−|S|−2)!/(n−1)! [v(S∪ij) − v(S∪i) − v(S∪j) + v(S)]."""
    if res.coalition_values is None:
        raise InputError("the interaction index needs an exact result (all coalition values)")
    n = len(res.players)
    if i == j or not (0 <= i < n and 0 <= j < n):
        raise InputError(f"choose two different players among {n}")
    v = res.coalition_values
    codes = np.arange(2**n)
    rest = codes[((codes >> i) & 1 == 0) & ((codes >> j) & 1 == 0)]
    size = np.array([bin(c).count("1") for c in rest])
    w = np.array([factorial(s) * factorial(n - s - 2) / factorial(n - 1) for s in size])
    bi, bj = 1 << i, 1 << j
    return float((w * (v[rest | bi | bj] - v[rest | bi] - v[rest | bj] + v[rest])).sum())
