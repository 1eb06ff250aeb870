"""Two generators side by side on the same dataset: their metrics, and the paired difference of Context-FID
(seed s of one against seed s of the other, under the same encoder and the same real windows) with Student's t
interval over seeds: is the difference larger than the seed-to-seed spread?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modeldash.analysis.intervals import excludes_zero, t_interval
from modeldash.analysis.series import results


def log_ratios(report, other: str, reference: str) -> np.ndarray | None:
    """Per seed: log(Context-FID of `other` / Context-FID of `reference`), each under the same encoder and in the
    same runs, averaged over the encoders (seed s of one paired with seed s of the other; a generator with one
    "seed", such as a researcher's samples, pairs with every seed of the other). Above 0: `reference` is closer to
    real. None when either is missing."""

    def table(g):  # seeds × encoders
        rows = report.runs[report.runs.generator == g]
        return rows.pivot(index="seed", columns="encoder", values="context_fid")

    a, b = table(other), table(reference)
    if a.empty or b.empty:
        return None
    if len(a) == 1 < len(b):  # one seed against several: repeat it for each
        a = pd.DataFrame(np.repeat(a.to_numpy(), len(b), 0), index=b.index, columns=a.columns)
    elif len(b) == 1 < len(a):
        b = pd.DataFrame(np.repeat(b.to_numpy(), len(a), 0), index=a.index, columns=b.columns)
    seeds = a.index.intersection(b.index)
    if not len(seeds):
        return None
    return np.log(a.loc[seeds] / b.loc[seeds]).mean(axis=1).to_numpy()


@dataclass(frozen=True)
class GeneratorPair:
    a: str
    b: str
    log_ratio: float  # mean over paired seeds of log(Context-FID b / a): above 0, a is closer to real
    ci: tuple[float, float]  # Student's t over the paired seeds
    n: int  # paired seeds
    table: pd.DataFrame  # metric, a, b, b − a

    @property
    def beyond_noise(self) -> bool:
        return excludes_zero(self.ci)


def generator_pair(report, a: str, b: str) -> GeneratorPair:
    """Generator `b` against `a` on one report."""
    frame = report.to_frame().set_index("generator")
    rows = [
        {"metric": m.label, a: float(frame.loc[a, m.column]), b: float(frame.loc[b, m.column])}
        for m in results.METRICS
        if m.compared
    ]
    table = pd.DataFrame(rows)
    table["B − A"] = table[b] - table[a]
    r = log_ratios(report, b, a)
    m, lo, hi = t_interval(r) if r is not None else (float("nan"),) * 3
    return GeneratorPair(a, b, m, (lo, hi), 0 if r is None else len(r), table)
