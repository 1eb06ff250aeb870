"""The synthetic-vs-real comparison for one dataset, as the official Context-FID experiment runs it, over seeds.

Each of N_RUNS runs draws fresh held-out real windows; each generator seed generates one sample from each real
window's conditioning (its time features and series) with fresh noise, and every encoder scores the pair:
Context-FID (Fréchet distance of the embeddings), also divided by the Context-FID of i.i.d. Gaussian noise
(with the real windows' mean and standard deviation) under the same encoder and run, so numbers compare
across encoders and datasets; and the FID of the windows themselves. A generator seed's numbers are the means
over runs (and, for its row, over encoders). The AR baseline's seeds are its sampling seeds; the real floor's
are the runs (a second, disjoint draw of held-out windows). The probe metrics (classifier, forecaster,
autocorrelation, spectrum, marginal) score each seed's run-0 samples.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from modeldash.analysis.series import results
from modeldash.analysis.series.metrics import fid, predictive_mae
from modeldash.analysis.series.results import (
    BASELINE,
    N_RUNS,
    REAL,
    RUN_SIZE,
    Probe,
    SeriesReport,
    draws,
    summarise,
)
from modeldash.data.series import SeriesSet
from modeldash.models.series_baseline import ARBaseline

AR_SEEDS = 5


def noise_references(reals: list[np.ndarray], seed: int) -> list[np.ndarray]:
    """Per run, i.i.d. Gaussian windows with the real windows' mean and standard deviation: the Context-FID of
    these under an encoder is the 'noise = 1' unit."""
    rng = np.random.default_rng([seed, 99])
    return [rng.normal(x.mean(), x.std(), x.shape).astype(np.float32) for x in reals]


def series_report(
    data: SeriesSet,
    encoders: list,
    generators: dict[str, list],
    *,
    seed: int = 0,
    n_runs: int = N_RUNS,
    size: int = RUN_SIZE,
    budget: str = "demo",
    extra: dict[str, np.ndarray] | None = None,
    references: bool = True,
) -> SeriesReport:
    """Score each generator's seeds (`generators`: label -> models, one per seed), the AR baseline and the real
    floor (unless `references` is False), and `extra` samples (a researcher's own, unconditional: one "seed", a
    fresh subset each run)."""
    train = data.window_set("train")
    held = data.window_set("test")
    runs = draws(len(held), seed=seed, n_runs=n_runs, size=size)
    ar = ARBaseline.fit(train.values)
    t = held.values.shape[1]
    sets: dict[tuple[str, int], list[np.ndarray]] = {}  # (generator, seed) -> samples per run
    for label, models in generators.items():
        for s, g in enumerate(models):
            sets[label, s] = [
                g.generate(held.features[a], held.ids[a], seed=1000 * seed + r) for r, (a, _) in enumerate(runs)
            ]
    for label, x in (extra or {}).items():
        rng = np.random.default_rng(seed)
        sets[label, 0] = [x[rng.choice(len(x), min(len(a), len(x)), replace=False)] for a, _ in runs]
    for s in range(AR_SEEDS if references else 0):
        sets[BASELINE, s] = [ar.sample(len(a), t, seed=1000 * s + r) for r, (a, _) in enumerate(runs)]
    for r, (_, b) in enumerate(runs if references else []):
        sets[REAL, r] = [held.values[b]] * n_runs  # the floor's "seeds" are its draws; each compared in every run
    reals = [held.values[a] for a, _ in runs]
    noise = noise_references(reals, seed)

    def pairs_of(label, s, xs):  # (samples, run) pairs: the floor's draw s against the compared windows of run s
        return [(xs[s], s)] if label == REAL else [(x, r) for r, x in enumerate(xs)]

    raw = {k: float(np.mean([fid(x, reals[r]) for x, r in pairs_of(*k, xs)])) for k, xs in sets.items()}
    rows = []
    for e, enc in enumerate(encoders):
        z_real = [enc.embed(x) for x in reals]
        z_noise = [fid(enc.embed(x), z) for x, z in zip(noise, z_real)]
        for (label, s), xs in sets.items():
            pairs = pairs_of(label, s, xs)
            cf = [fid(enc.embed(x), z_real[r]) for x, r in pairs]
            rows.append(
                {
                    "generator": label,
                    "seed": s,
                    "encoder": e,
                    "context_fid": float(np.mean(cf)),
                    "context_fid_norm": float(np.mean([c / z_noise[r] for c, (_, r) in zip(cf, pairs)])),
                    "raw_fid": raw[label, s],
                    "noise_fid": float(np.mean([z_noise[r] for _, r in pairs])),
                }
            )
    probe_rows = []
    for (label, s), xs in sets.items():
        # the classifier's real side and the forecaster's test windows: held-out windows the samples do not come
        # from (for a generator, run 0's floor draw and compared windows; for the floor's draw s, run s's)
        x, other, test = (xs[s], reals[s], reals[s]) if label == REAL else (xs[0], held.values[runs[0][1]], reals[0])
        probe = Probe(train.values, other, x, test, seed)
        probe_rows.append(
            {
                "generator": label,
                "seed": s,
                **{m.column: m.probe(probe) for m in results.METRICS if m.probe is not None},
            }
        )
    report = SeriesReport(
        data.name,
        (),
        pd.DataFrame(rows),
        pd.DataFrame(probe_rows),
        {label: xs[0] for (label, s), xs in sets.items() if s == 0 and label != REAL},
        train.values,
        reals[0],
        predictive_mae(train.values, reals[0], seed=seed),
        budget,
        len(encoders),
        n_runs,
        size,
    )
    per_seed = report.per_seed()
    order = list(dict.fromkeys(per_seed.generator))
    scores = tuple(summarise(g, per_seed[per_seed.generator == g], len(reals[0]), t) for g in order)
    return dataclasses.replace(report, scores=scores)
