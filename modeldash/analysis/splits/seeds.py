"""The splits claim over training seeds: per architecture, test R² on the random split against the extrapolation
split, each over its seeds (Student's t), and their difference (Welch's t: the two splits' models are trained
independently, so seeds are not paired)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modeldash.analysis.intervals import t_interval, welch_interval
from modeldash.analysis.splits.scores import KINDS

EASY, HARD = "random", "extrapolation"


@dataclass(frozen=True)
class SeedGap:
    dataset: str
    kind: str
    easy: np.ndarray  # test R² per training seed on the random split
    hard: np.ndarray  # … on the extrapolation split
    easy_seeds: tuple[int, ...]  # the training seed of each value
    hard_seeds: tuple[int, ...]

    @property
    def easy_ci(self) -> tuple[float, float, float]:
        """(mean, low, high) of the random split's R² over seeds (Student's t)."""
        return t_interval(self.easy)

    @property
    def hard_ci(self) -> tuple[float, float, float]:
        return t_interval(self.hard)

    @property
    def gap(self) -> tuple[float, float, float]:
        """R² random − R² extrapolation: (difference, low, high), Welch's t."""
        return welch_interval(self.easy, self.hard)

    @property
    def n_seeds(self) -> int:
        return int(min(len(self.easy), len(self.hard)))

    def side(self, split: str) -> tuple[np.ndarray, tuple[int, ...], tuple[float, float, float]]:
        """One split's (R² per seed, the seeds, the mean with its interval)."""
        if split == EASY:
            return self.easy, self.easy_seeds, self.easy_ci
        if split == HARD:
            return self.hard, self.hard_seeds, self.hard_ci
        raise ValueError(f"a SeedGap holds {EASY!r} and {HARD!r}, not {split!r}")


def seed_gaps(frame: pd.DataFrame, dataset: str) -> tuple[SeedGap, ...]:
    """One `SeedGap` per architecture with both splits in `frame` (every seed: `service.seed_scores`)."""
    f = frame[(frame.dataset == dataset) & frame.split.isin([EASY, HARD])]
    out = []
    for kind in [k for k in KINDS if k in set(f.kind)]:
        rows = f[f.kind == kind].sort_values("seed")
        e, h = rows[rows.split == EASY], rows[rows.split == HARD]
        if len(e) and len(h):
            out.append(
                SeedGap(
                    dataset,
                    kind,
                    e.r2.to_numpy(dtype=float),
                    h.r2.to_numpy(dtype=float),
                    tuple(map(int, e.seed)),
                    tuple(map(int, h.seed)),
                )
            )
    return tuple(out)


def gaps_frame(gaps: tuple[SeedGap, ...]) -> pd.DataFrame:
    """One row per (architecture, split, seed): the dots of the seeds chart."""
    return pd.DataFrame(
        [
            {"dataset": g.dataset, "kind": g.kind, "split": split, "seed": seed, "r2": float(v)}
            for g in gaps
            for split in (EASY, HARD)
            for v, seed in zip(*g.side(split)[:2])
        ]
    )
