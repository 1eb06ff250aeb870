"""Two DIVA runs side by side on the same examples: another model, or the same model at another label-noise seed.
How far their weights agree, where they disagree most, and whether the difference in flip detection (AUROC) is
larger than the sampling noise of the examples (a bootstrap over examples, paired when both runs flipped the same
labels)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modeldash.analysis.diva.report import DivaReport
from modeldash.analysis.intervals import excludes_zero
from modeldash.errors import InputError


def auroc(score: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve of `score` for `positive` (Mann–Whitney, ties counted half); NaN without both
    classes."""
    from scipy.stats import rankdata

    pos = np.asarray(positive, bool)
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = rankdata(score)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


@dataclass(frozen=True)
class RunPair:
    """Two runs' weights on the same training examples."""

    names: tuple[str, str]
    example_ids: np.ndarray  # (n,)
    weights: np.ndarray  # (2, n)
    flipped: np.ndarray  # (2, n) bool: each run's flipped labels
    given: np.ndarray  # (2, n) each run's given labels
    true_labels: np.ndarray  # (n,)
    auroc: tuple[float, float]  # low weight → flipped, per run
    acc_after: tuple[float, float]
    spearman: float  # rank correlation of the two runs' weights
    diff_ci: tuple[float, float]  # 95% bootstrap interval of AUROC B − AUROC A
    paired: bool  # both runs flipped the same labels: the bootstrap resamples examples jointly
    n_boot: int

    @property
    def auroc_difference(self) -> float:
        return self.auroc[1] - self.auroc[0]

    @property
    def beyond_noise(self) -> bool:
        return excludes_zero(self.diff_ci)

    def disagreements(self, k: int = 10) -> pd.DataFrame:
        """The `k` examples whose weights differ most between the runs."""
        d = self.weights[1] - self.weights[0]
        top = np.argsort(-np.abs(d), kind="stable")[:k]
        a, b = self.names
        return pd.DataFrame(
            {
                "example_id": self.example_ids[top],
                "true_label": self.true_labels[top],
                f"given ({a})": self.given[0, top],
                f"given ({b})": self.given[1, top],
                f"weight ({a})": self.weights[0, top],
                f"weight ({b})": self.weights[1, top],
                "difference": d[top],
            }
        )


def run_pair(a: DivaReport, b: DivaReport, names: tuple[str, str], *, n_boot: int = 500, seed: int = 0) -> RunPair:
    """Compare two reports on the same examples; InputError when they weight different examples."""
    from scipy.stats import spearmanr

    ta, tb = a.task, b.task
    if not np.array_equal(ta.example_ids, tb.example_ids):
        raise InputError("the two runs weight different examples: compare runs on the same data")
    wa, wb = a.reweighting.weights, b.reweighting.weights
    fa, fb = ta.flipped.astype(bool), tb.flipped.astype(bool)
    paired = bool(np.array_equal(fa, fb))
    rng = np.random.default_rng(seed)
    n = len(wa)
    diffs = np.empty(n_boot)
    for i in range(n_boot):
        ia = rng.integers(0, n, n)
        ib = ia if paired else rng.integers(0, n, n)
        diffs[i] = auroc(-wb[ib], fb[ib]) - auroc(-wa[ia], fa[ia])
    diffs = diffs[np.isfinite(diffs)]
    ci = (float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))) if len(diffs) else (np.nan, np.nan)
    rho = float(spearmanr(wa, wb).statistic) if np.ptp(wa) > 0 and np.ptp(wb) > 0 else float("nan")
    return RunPair(
        names,
        ta.example_ids,
        np.stack([wa, wb]),
        np.stack([fa, fb]),
        np.stack([ta.labels, tb.labels]),
        ta.true_labels,
        (auroc(-wa, fa), auroc(-wb, fb)),
        (a.acc_after, b.acc_after),
        rho,
        ci,
        paired,
        n_boot,
    )
