"""What the series view computes, as plain data: scores per generator and the report of one dataset. Apart from
the metrics and the models, so a report read back from the results store does not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

BASELINE, REAL = "AR baseline", "real"


@dataclass(frozen=True)
class SeriesScores:
    generator: str
    context_fid: float
    context_fid_std: float
    discriminative_score: float
    predictive_mae: float
    acf_distance: float
    spectrum_distance: float
    marginal_distance: float
    n_windows: int
    window_length: int


@dataclass(frozen=True)
class SeriesReport:
    dataset: str
    scores: tuple[SeriesScores, ...]
    samples: dict = field(repr=False)  # generator -> (n, T) windows scored
    real_train: np.ndarray = field(repr=False)
    real_test: np.ndarray = field(repr=False)
    reference_mae: float = float("nan")  # forecaster trained on real training windows

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([s.__dict__ for s in self.scores])

    def headline(self) -> list[dict]:
        """The CLI's rows: one per generator (and the real floor)."""
        return [
            {"dataset": self.dataset, **s.__dict__, "predictive_mae_real_reference": self.reference_mae}
            for s in self.scores
        ]


def real_windows(data, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(training windows, held-out test half, held-out floor half) of a SeriesSet. The held-out real windows are
    split at random in two: one half is what the classifier and the forecaster are tested against, the other is
    the floor, scored exactly like a generator's samples."""
    train, held = data.windows("train"), data.windows("test")
    perm = np.random.default_rng(seed).permutation(len(held))
    return train, held[perm[: len(held) // 2]], held[perm[len(held) // 2 :]]


def without_real(rep: SeriesReport) -> SeriesReport:
    """The report without the real windows (they are the data's, rebuilt by `with_real`): what the store keeps."""
    samples = {k: v for k, v in rep.samples.items() if k != REAL}
    return replace(rep, samples=samples, real_train=np.empty((0, 0)), real_test=np.empty((0, 0)))


def with_real(rep: SeriesReport, data, *, seed: int = 0) -> SeriesReport:
    train, test, floor = real_windows(data, seed=seed)
    return replace(rep, samples={**rep.samples, REAL: floor}, real_train=train, real_test=test)
