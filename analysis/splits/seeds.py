"""The splits claim over training seeds: per architecture, test R² on the random split against the extrapolation
split, each over its seeds (Student's t), and their difference (Welch's t: the two splits' models are trained
independently, so seeds are not paired)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.intervals import t_interval, welch_interval
from analysis.splits.scores import KINDS

EASY, HARD = "random", "extrapolation"


@dataclass(frozen=True)
class SeedGap:
    dataset: str
    kind: str
    easy: np.ndarray  # test R² per training seed on the random split
    hard: np.ndarray  # … on the extrapolation split
    easy_seeds: tuple[int, ...]  # the training seed of each value
    hard_seeds: tuple[int, ...]
    easy_ci: tuple[float, float, float]  # (mean, low, high)
    hard_ci: tuple[float, float, float]
    gap: tuple[float, float, float]  # R² random − R² extrapolation: (difference, low, high)

    @property
    def n_seeds(self) -> int:
        return int(min(len(self.easy), len(self.hard)))


def seed_gaps(frame: pd.DataFrame, dataset: str) -> tuple[SeedGap, ...]:
    """One `SeedGap` per architecture with both splits in `frame` (every seed: `service.seed_scores`)."""
    f = frame[(frame.dataset == dataset) & frame.split.isin([EASY, HARD])]
    kinds = [k for k in KINDS if k in set(f.kind)]
    out = []
    for kind in kinds:
        rows = f[f.kind == kind].sort_values("seed")
        e, h = rows[rows.split == EASY], rows[rows.split == HARD]
        easy, hard = e.r2.to_numpy(dtype=float), h.r2.to_numpy(dtype=float)
        if len(easy) and len(hard):
            out.append(
                SeedGap(
                    dataset,
                    kind,
                    easy,
                    hard,
                    tuple(map(int, e.seed)),
                    tuple(map(int, h.seed)),
                    t_interval(easy),
                    t_interval(hard),
                    welch_interval(easy, hard),
                )
            )
    return tuple(out)


def gaps_frame(gaps: tuple[SeedGap, ...]) -> pd.DataFrame:
    """One row per (architecture, split, seed): the points of the seeds chart and the CSV."""
    return pd.DataFrame(
        [
            {"dataset": g.dataset, "kind": g.kind, "split": split, "seed": seed, "r2": float(v)}
            for g in gaps
            for split, vals, seeds in ((EASY, g.easy, g.easy_seeds), (HARD, g.hard, g.hard_seeds))
            for seed, v in zip(seeds, vals)
        ]
    )
