"""The synthetic-vs-real comparison for one dataset: every generator scored against held-out real data,
and the real floor (held-out real windows scored the same way)."""

from __future__ import annotations

from analysis.series.metrics import predictive_mae, score
from analysis.series.results import BASELINE, REAL, SeriesReport, real_windows
from data.series import SeriesSet
from models.psagan import PSAGAN
from models.series_baseline import ARBaseline
from models.series_embed import SeriesEncoder


def series_report(
    data: SeriesSet, encoder: SeriesEncoder, generators: dict[str, PSAGAN], *, n: int = 1000, seed: int = 0
) -> SeriesReport:
    """Score each generator's `n` samples (seeded), the AR baseline and the real floor."""
    train, test, floor = real_windows(data, seed=seed)
    samples = {name: g.sample(n, seed=seed).numpy() for name, g in generators.items()}
    samples[BASELINE] = ARBaseline.fit(train).sample(n, train.shape[1], seed=seed)
    samples[REAL] = floor
    z_train = encoder.embed(train)  # embedded once for every generator
    scores = tuple(
        score(name, encoder, train, test, s, seed=seed, real_embedding=z_train) for name, s in samples.items()
    )
    ref = predictive_mae(train, test, seed=seed)
    return SeriesReport(data.name, scores, samples, train, test, ref)
