"""The synthetic-vs-real comparison for one dataset: every generator scored against held-out real data,
and the real floor (held-out real windows scored the same way)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.series.metrics import SeriesScores, predictive_mae, score
from data.series import SeriesSet
from models.psagan import PSAGAN
from models.series_baseline import ARBaseline
from models.series_embed import SeriesEncoder

BASELINE, REAL = "AR baseline", "real"


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


def series_report(
    data: SeriesSet, encoder: SeriesEncoder, generators: dict[str, PSAGAN], *, n: int = 1000, seed: int = 0
) -> SeriesReport:
    """Score each generator's `n` samples (seeded), the AR baseline and the real floor."""
    train, held = data.windows("train"), data.windows("test")
    # held-out real windows in two halves: one is the reference the classifier and the forecaster are tested
    # against, the other is the floor, scored exactly like a generator's samples
    perm = np.random.default_rng(seed).permutation(len(held))
    test, floor = held[perm[: len(held) // 2]], held[perm[len(held) // 2 :]]
    samples = {name: g.sample(n, seed=seed).numpy() for name, g in generators.items()}
    samples[BASELINE] = ARBaseline.fit(train).sample(n, train.shape[1], seed=seed)
    samples[REAL] = floor
    z_train = encoder.embed(train)  # embedded once for every generator
    scores = tuple(
        score(name, encoder, train, test, s, seed=seed, real_embedding=z_train) for name, s in samples.items()
    )
    ref = predictive_mae(train, test, seed=seed)
    return SeriesReport(data.name, scores, samples, train, test, ref)
