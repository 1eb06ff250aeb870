"""Intervals over seeds, shared by the views' tables and the claims."""

from __future__ import annotations

import math

import numpy as np


def t_interval(x) -> tuple[float, float, float]:
    """(mean, low, high): Student's t 95% interval over seeds; no interval (NaN) from one seed."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    m = float(x.mean())
    if len(x) < 2:
        return m, float("nan"), float("nan")
    h = float(stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return m, m - h, m + h


def welch_interval(a, b) -> tuple[float, float, float]:
    """(mean(a) − mean(b), low, high): Welch's 95% t-interval of a difference of means of two independent
    samples (e.g. two sets of training seeds); no interval (NaN) when either has one value."""
    from scipy import stats

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return d, float("nan"), float("nan")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if va + vb == 0:  # identical values on both sides: no spread to widen the difference
        return d, d, d
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    h = float(stats.t.ppf(0.975, df) * math.sqrt(va + vb))
    return d, d - h, d + h


def crossed_interval(x) -> tuple[float, float, float, float]:
    """(mean, low, high, df): a 95% t-interval of the grand mean of `x` (S, N) — S training seeds crossed with the
    same N scenes — that covers both sources of variance. With X_sn = μ + a_s + b_n + e_sn, Var(mean) =
    σa²/S + σb²/N + σe²/(SN) = (MS_seeds + MS_scenes − MS_resid)/(SN) from the two-way ANOVA mean squares; we drop
    the − MS_resid (a conservative estimate, never below zero) and take the degrees of freedom by Satterthwaite.
    Simulated with 3 seeds × 300 scenes (tests/analysis/test_intervals_crossed.py) it covers 92–97% across seed,
    scene and residual shares. No interval (NaN) from one seed."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    s, n = x.shape
    m = float(x.mean())
    if s < 2 or n < 2:
        return m, float("nan"), float("nan"), float("nan")
    terms = [(n * x.mean(1).var(ddof=1), s - 1), (s * x.mean(0).var(ddof=1), n - 1)]  # MS_seeds, MS_scenes
    total = sum(t for t, _ in terms)
    if total == 0:
        return m, m, m, float("inf")
    df = total**2 / sum(t**2 / d for t, d in terms if t > 0)
    h = float(stats.t.ppf(0.975, df) * math.sqrt(total / (s * n)))
    return m, m - h, m + h, float(df)


def bootstrap_interval(x, *, n_boot: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    """(mean, low, high): percentile bootstrap 95% interval of the mean of `x` (its entries resampled with
    replacement, seeded); no interval (NaN) from one value."""
    x = np.asarray(x, dtype=float)
    m = float(x.mean())
    if len(x) < 2:
        return m, float("nan"), float("nan")
    means = x[np.random.default_rng(seed).integers(0, len(x), (n_boot, len(x)))].mean(1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return m, float(lo), float(hi)


def num(x: float, digits: int = 3) -> str:
    """`x` to `digits` decimals, without a sign on a value that rounds to zero ("0.000", never "-0.000")."""
    text = f"{x:.{digits}f}"
    return text.lstrip("-") if math.isfinite(x) and float(text) == 0 else text


def mean_interval_text(mean: float, lo: float, hi: float, digits: int = 1) -> str:
    """ "71.2 [68.9, 73.5]", or just the mean when there is no interval (one seed)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return num(mean, digits)
    return f"{num(mean, digits)} [{num(lo, digits)}, {num(hi, digits)}]"


def excludes_zero(ci: tuple[float, float]) -> bool:
    """Whether a difference's interval lies wholly on one side of 0 (the difference is beyond the noise)."""
    lo, hi = ci
    return bool(lo > 0 or hi < 0)
