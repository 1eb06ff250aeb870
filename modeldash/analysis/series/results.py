"""What the series view computes, as plain data: scores per generator (over GAN seeds and encoders) and the report
of one dataset. Apart from the metrics and the models, so a report read back from the results store does not
import PyTorch."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from modeldash.analysis.intervals import t_interval

BASELINE, REAL = "AR baseline", "real"
N_RUNS = 5  # Context-FID runs per generator seed and encoder, each on fresh real windows and fresh samples
RUN_SIZE = 512  # windows per run (the official evaluation's batch)


@dataclass(frozen=True)
class Probe:
    """What a probe metric sees of one generator seed: the training windows, held-out real windows for the
    classifier's real side, the samples, the forecaster's test windows and the seed."""

    train: np.ndarray  # (n, T) training windows
    other: np.ndarray  # (m, T) held-out real windows the samples do not come from
    samples: np.ndarray  # (k, T)
    test: np.ndarray  # (m, T) the forecaster's real test windows
    seed: int


def _metrics():
    from modeldash.analysis.series import metrics  # PyTorch: imported only when a report is computed

    return metrics


@dataclass(frozen=True)
class Metric:
    """One row of the view's metric table: it drives the scores, the metrics table, the side-by-side
    comparison and the report. `probe` computes it for one generator seed; None marks the Fréchet distances,
    which the report computes per run and encoder."""

    column: str
    label: str
    digits: int = 3  # shown precision
    interval: bool = False  # the table shows the mean with its 95% t-interval over seeds
    lower_bound: float | None = None  # the least value the metric can take: its interval is cut there
    compared: bool = True  # in the side-by-side table of two generators
    probe: Callable[[Probe], float] | None = field(default=None, compare=False, repr=False)


# Lower is better for every metric here (distances, errors, a classifier's accuracy above chance).
METRICS = (
    Metric("context_fid_norm", "Context-FID (noise = 1)", 3, interval=True, lower_bound=0.0),
    Metric("context_fid", "Context-FID", 4, compared=False),  # encoders' units: the normalised one is compared
    Metric("raw_fid", "FID of the windows", 2, interval=True, lower_bound=0.0),
    Metric(
        "discriminative_score",
        "discriminative",
        2,
        interval=True,
        lower_bound=0.0,  # |accuracy − ½|
        probe=lambda p: _metrics().discriminative_score(p.other, p.samples, seed=p.seed),
    ),
    Metric(
        "predictive_mae", "predictive MAE", 3, probe=lambda p: _metrics().predictive_mae(p.samples, p.test, seed=p.seed)
    ),
    Metric("acf_distance", "ACF distance", 3, probe=lambda p: _metrics().acf_distance(p.train, p.samples)),
    Metric(
        "spectrum_distance", "spectrum distance", 3, probe=lambda p: _metrics().spectrum_distance(p.train, p.samples)
    ),
    Metric(
        "marginal_distance", "marginal distance", 3, probe=lambda p: _metrics().marginal_distance(p.train, p.samples)
    ),
)


@dataclass(frozen=True)
class SeriesScores:
    """One generator's scores: per metric of METRICS, the mean over its seeds (each seed's Context-FID averaged
    over the encoders) and, for the metrics with `interval`, a 95% t-interval over seeds (NaN with one seed), cut at
    the metric's lower bound: a distance cannot be negative, and the true value lies in the cut interval whenever it
    lies in the whole one (results stored before the cut are cut when read)."""

    generator: str
    means: dict  # column -> mean over seeds
    intervals: dict  # column -> (low, high), for the metrics with `interval`
    n_seeds: int
    n_windows: int
    window_length: int

    def __post_init__(self):
        cut = dict(self.intervals)
        for m in METRICS:
            if m.lower_bound is not None and m.column in cut:
                lo, hi = cut[m.column]
                cut[m.column] = (max(lo, m.lower_bound) if math.isfinite(lo) else lo, hi)
        object.__setattr__(self, "intervals", cut)

    def row(self) -> dict:
        """Flat: generator, each metric (with _lo and _hi where it has an interval), the counts."""
        out: dict = {"generator": self.generator}
        for m in METRICS:
            out[m.column] = self.means[m.column]
            if m.interval:
                out[f"{m.column}_lo"], out[f"{m.column}_hi"] = self.intervals[m.column]
        return out | {"n_seeds": self.n_seeds, "n_windows": self.n_windows, "window_length": self.window_length}


@dataclass(frozen=True)
class SeriesReport:
    dataset: str
    scores: tuple[SeriesScores, ...]
    runs: pd.DataFrame  # generator, seed, encoder, context_fid, context_fid_norm, raw_fid, noise_fid
    seeds: pd.DataFrame  # generator, seed and the probe metrics (the rows of METRICS with a probe)
    samples: dict = field(repr=False)  # generator -> (n, T) windows of its seed 0 in run 0
    real_train: np.ndarray = field(repr=False)
    real_test: np.ndarray = field(repr=False)  # run 0's real windows; sample i was generated from window i's features
    reference_mae: float = float("nan")  # forecaster trained on real training windows
    budget: str = "demo"
    n_encoders: int = 1
    n_runs: int = N_RUNS
    run_size: int = RUN_SIZE

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([s.row() for s in self.scores])

    def headline(self) -> list[dict]:
        """The CLI's rows: one per generator (and the real floor)."""
        return [
            {
                "dataset": self.dataset,
                "budget": self.budget,
                **s.row(),
                "predictive_mae_real_reference": self.reference_mae,
            }
            for s in self.scores
        ]

    def per_seed(self) -> pd.DataFrame:
        """One row per generator and seed: Context-FIDs averaged over the encoders, and the probe metrics."""
        fid = (
            self.runs.groupby(["generator", "seed"], sort=False)[[m.column for m in METRICS if m.probe is None]]
            .mean()
            .reset_index()
        )
        return fid.merge(self.seeds, on=["generator", "seed"], how="left")


def summarise(generator: str, per_seed: pd.DataFrame, n_windows: int, window_length: int) -> SeriesScores:
    """A generator's scores from its per-seed rows (`SeriesReport.per_seed` for one generator)."""
    means = {m.column: float(per_seed[m.column].mean()) for m in METRICS}
    intervals = {m.column: tuple(t_interval(per_seed[m.column])[1:]) for m in METRICS if m.interval}
    return SeriesScores(generator, means, intervals, len(per_seed), n_windows, window_length)


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
