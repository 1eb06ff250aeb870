"""What the series view computes, as plain data: scores per generator (over GAN seeds and encoders) and the report
of one dataset. Apart from the metrics and the models, so a report read back from the results store does not
import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from modeldash.analysis.intervals import t_interval

BASELINE, REAL = "AR baseline", "real"
N_RUNS = 5  # Context-FID runs per generator seed and encoder, each on fresh real windows and fresh samples
RUN_SIZE = 512  # windows per run (the official evaluation's batch)
PROBES = ("discriminative_score", "predictive_mae", "acf_distance", "spectrum_distance", "marginal_distance")
FIDS = ("context_fid_norm", "context_fid", "raw_fid")


@dataclass(frozen=True)
class SeriesScores:
    """One generator's scores: the mean over its seeds (each seed's Context-FID averaged over the encoders) with
    a 95% t-interval over seeds (NaN with one seed)."""

    generator: str
    context_fid_norm: float  # Context-FID divided by that of i.i.d. noise under the same encoder (noise = 1)
    context_fid_norm_lo: float
    context_fid_norm_hi: float
    context_fid: float  # in the encoders' units
    raw_fid: float  # FID of the windows themselves, as the official script also logs
    raw_fid_lo: float
    raw_fid_hi: float
    discriminative_score: float
    discriminative_score_lo: float
    discriminative_score_hi: float
    predictive_mae: float
    acf_distance: float
    spectrum_distance: float
    marginal_distance: float
    n_seeds: int
    n_windows: int
    window_length: int


@dataclass(frozen=True)
class SeriesReport:
    dataset: str
    scores: tuple[SeriesScores, ...]
    runs: pd.DataFrame  # generator, seed, encoder, context_fid, context_fid_norm, raw_fid, noise_fid
    seeds: pd.DataFrame  # generator, seed and the probe metrics of PROBES
    samples: dict = field(repr=False)  # generator -> (n, T) windows of its seed 0 in run 0
    real_train: np.ndarray = field(repr=False)
    real_test: np.ndarray = field(repr=False)  # run 0's real windows; sample i was generated from window i's features
    reference_mae: float = float("nan")  # forecaster trained on real training windows
    budget: str = "official"
    n_encoders: int = 1
    n_runs: int = N_RUNS
    run_size: int = RUN_SIZE

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([s.__dict__ for s in self.scores])

    def headline(self) -> list[dict]:
        """The CLI's rows: one per generator (and the real floor)."""
        return [
            {
                "dataset": self.dataset,
                "budget": self.budget,
                **s.__dict__,
                "predictive_mae_real_reference": self.reference_mae,
            }
            for s in self.scores
        ]

    def per_seed(self) -> pd.DataFrame:
        """One row per generator and seed: Context-FIDs averaged over the encoders, and the probe metrics."""
        fid = self.runs.groupby(["generator", "seed"], sort=False)[list(FIDS)].mean().reset_index()
        return fid.merge(self.seeds, on=["generator", "seed"], how="left")


def summarise(generator: str, per_seed: pd.DataFrame, n_windows: int, window_length: int) -> SeriesScores:
    """A generator's scores from its per-seed rows (`SeriesReport.per_seed` for one generator)."""
    cf = t_interval(per_seed.context_fid_norm)
    rf = t_interval(per_seed.raw_fid)
    ds = t_interval(per_seed.discriminative_score)
    return SeriesScores(
        generator,
        *cf,
        float(per_seed.context_fid.mean()),
        *rf,
        *ds,
        float(per_seed.predictive_mae.mean()),
        float(per_seed.acf_distance.mean()),
        float(per_seed.spectrum_distance.mean()),
        float(per_seed.marginal_distance.mean()),
        len(per_seed),
        n_windows,
        window_length,
    )


def draws(
    n_held: int, *, seed: int = 0, n_runs: int = N_RUNS, size: int = RUN_SIZE
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per run, two disjoint random sets of held-out windows: the real windows every generator is compared with
    (and conditioned on), and the floor's (held-out real windows scored like a generator's samples)."""
    n = min(size, n_held // 2)
    out = []
    for r in range(n_runs):
        perm = np.random.default_rng([seed, r]).permutation(n_held)
        out.append((perm[:n], perm[n : 2 * n]))
    return out


def real_windows(data, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(training windows, run 0's compared real windows, run 0's floor windows) of a SeriesSet."""
    held = data.window_set("test")
    a, b = draws(len(held), seed=seed)[0]
    return data.windows("train"), held.values[a], held.values[b]


def without_real(rep: SeriesReport) -> SeriesReport:
    """The report without the real windows (they are the data's, rebuilt by `with_real`): what the store keeps."""
    samples = {k: v for k, v in rep.samples.items() if k != REAL}
    return replace(rep, samples=samples, real_train=np.empty((0, 0)), real_test=np.empty((0, 0)))


def with_real(rep: SeriesReport, data, *, seed: int = 0) -> SeriesReport:
    train, test, floor = real_windows(data, seed=seed)
    return replace(rep, samples={**rep.samples, REAL: floor}, real_train=train, real_test=test)
