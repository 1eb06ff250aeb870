"""Two factor regressors side by side on the same split and the same test images: R² per factor of both, the
difference of their error maps, and whether the gap in mean R² exceeds the noise of the test images (a paired
bootstrap: mean R² is 1 − the mean over images of each image's normalised squared error, so the gap is a mean of
per-image differences)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.analysis.intervals import excludes_zero
from modeldash.analysis.splits.scores import ErrorMap, SplitEvaluation, error_map
from modeldash.errors import InputError


@dataclass(frozen=True)
class EvalPair:
    names: tuple[str, str]
    split: str
    factors: tuple[str, ...]
    r2: tuple[float, float]  # mean test R², A then B
    r2_per_factor: np.ndarray  # (2, F)
    diff_ci: tuple[float, float]  # 95% paired bootstrap interval of R² B − R² A
    n_test: int
    n_boot: int

    @property
    def difference(self) -> float:
        return self.r2[1] - self.r2[0]

    @property
    def beyond_noise(self) -> bool:
        return excludes_zero(self.diff_ci)


def eval_pair(a: SplitEvaluation, b: SplitEvaluation, names: tuple[str, str], *, n_boot: int = 1000, seed: int = 0):
    """Compare two evaluations of the same split on the same test images; InputError otherwise."""
    if a.split != b.split or not np.array_equal(a.test_idx, b.test_idx):
        raise InputError("the two models must be evaluated on the same split and test images")
    d = a.sq_error() - b.sq_error()  # per image: > 0 where B errs less
    rng = np.random.default_rng(seed)
    boots = d[rng.integers(0, len(d), (n_boot, len(d)))].mean(1)
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return EvalPair(
        names,
        a.split,
        tuple(a.space.factors),
        (a.r2, b.r2),
        np.stack([a.r2_per_factor, b.r2_per_factor]),
        (float(lo), float(hi)),
        len(d),
        n_boot,
    )


def difference_map(a: SplitEvaluation, b: SplitEvaluation, fx: str, fy: str) -> ErrorMap:
    """B's error map minus A's on the same value pairs (negative: B errs less there)."""
    ma, mb = error_map(a, fx, fy), error_map(b, fx, fy)
    return ErrorMap(fx, fy, mb.error - ma.error, ma.count, f"{b.model} − {a.model}", a.split)
