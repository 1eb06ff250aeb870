"""Real time series for the synthetic-vs-real view, cut into fixed-length windows scaled per window.

Bundled: electricity transformer loads (ETTh1: hourly, six loads and the oil temperature; Zhou et al. 2021,
CC BY-ND 4.0, copied unmodified), half-hourly electricity demand (pmdarima's `taylor`), weekly atmospheric
CO₂ at Mauna Loa (statsmodels' `co2`). Users upload CSVs, wide (a timestamp column and one column per
series, like ETTh1) or long (timestamp, series id, value).

Each series' last `HELD_OUT` share is kept apart for evaluation only. Each window is min-max scaled to
[0, 1] on its own (the official PSA-GAN code's "local" scaling), so a generator is judged on shape, not level.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from errors import MB, InputError, check_size

WINDOW = 64
STRIDE = 5  # coprime with daily (24, 48) and weekly (168, 336) periods: windows start at every phase equally
HELD_OUT = 0.2
MIN_LEVEL = 0.05  # flat windows (range under 5% of their series' std: sensor dropouts) are dropped
MAX_BYTES = 30 * MB
BUNDLED = Path(__file__).resolve().parent / "files" / "series"
DATASETS = ("etth1", "taylor", "co2")


@dataclass(frozen=True)
class SeriesSet:
    """Named univariate series (each a float64 array, in time order) and the windows cut from them."""

    name: str
    series: dict[str, np.ndarray]
    source: str = ""

    def split(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(training part, held-out last part) of every series."""
        tr, te = {}, {}
        for k, v in self.series.items():
            cut = int(round(len(v) * (1 - HELD_OUT)))
            tr[k], te[k] = v[:cut], v[cut:]
        return tr, te

    def windows(self, part: str = "train", *, length: int = WINDOW, stride: int | None = None) -> np.ndarray:
        """Scaled windows (N, length) from the training or held-out part of every series, without the flat
        ones (MIN_LEVEL). Default stride: STRIDE for training windows; for held-out ones, 1 when that many would
        be fewer than 1,000."""
        tr, te = self.split()
        if stride is None:
            stride = STRIDE
            if part != "train" and sum(max(0, (len(v) - length) // STRIDE + 1) for v in te.values()) < 1000:
                stride = 1
        src = tr if part == "train" else te
        out, n_cut = [], 0
        for k, v in src.items():
            if len(v) < length:
                continue
            cuts = sliding_window_view(v, length)[::stride]
            n_cut += len(cuts)
            out.append(scale(cuts[np.ptp(cuts, axis=-1) > MIN_LEVEL * np.std(tr[k])]))
        out = np.concatenate(out) if out else np.empty((0, length))
        if not len(out):
            raise InputError(
                f"every {length}-step window of the {part} part of {self.name} is flat (constant)"
                if n_cut
                else f"the {part} part of {self.name} is shorter than one window of {length} steps"
            )
        return out.astype(np.float32)

    def training_windows(self) -> np.ndarray:
        """The windows generators and encoders train on: the training part; small datasets use every start
        (stride 1)."""
        w = self.windows("train")
        return w if len(w) >= 2000 else self.windows("train", stride=1)


def scale(w: np.ndarray) -> np.ndarray:
    """Min-max scaling of windows to [0, 1] along the last axis (all zeros for a constant window)."""
    lo, span = w.min(axis=-1, keepdims=True), np.ptp(w, axis=-1, keepdims=True)
    return np.divide(w - lo, span, out=np.zeros(np.shape(w)), where=span > 0)


def load_bundled(name: str) -> SeriesSet:
    if name == "etth1":
        s = read_csv((BUNDLED / "ETTh1.csv").read_bytes(), name="etth1")
        return SeriesSet("etth1", s.series, "ETTh1 (Zhou et al. 2021, CC BY-ND 4.0)")
    if name == "taylor":
        from pmdarima.datasets import load_taylor

        return SeriesSet(
            "taylor",
            {"demand": np.asarray(load_taylor(), dtype=np.float64)},
            "Taylor's half-hourly electricity demand (pmdarima)",
        )
    if name == "co2":
        import statsmodels.api as sm

        co2 = sm.datasets.co2.load_pandas().data["co2"].interpolate().bfill().to_numpy(np.float64)
        return SeriesSet("co2", {"co2": co2}, "Mauna Loa weekly CO₂ (statsmodels; gaps interpolated)")
    raise InputError(f"unknown dataset {name!r}; choose from {', '.join(DATASETS)} or upload a CSV")


def read_csv(raw: bytes, *, name: str = "uploaded", min_length: int = WINDOW * 2) -> SeriesSet:
    """A wide (timestamp, one column per series) or long (timestamp, series id, value) CSV."""
    if len(raw) == 0:
        raise InputError("the file is empty; expected a CSV with a timestamp column and numeric columns")
    check_size(len(raw), MAX_BYTES)
    try:
        df = pd.read_csv(io.BytesIO(raw))
    except pd.errors.ParserError as e:
        ragged = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
        if ragged:
            want, line, got = ragged.groups()
            raise InputError(f"line {line} has {got} fields; the header and the rows before it have {want}") from None
        raise InputError("the file is not a readable CSV; expected a header row, then a timestamp and values") from None
    except (pd.errors.EmptyDataError, UnicodeDecodeError, ValueError):
        raise InputError("the file is not a readable CSV; expected a header row, then a timestamp and values") from None
    if df.shape[1] < 2 or len(df) == 0:
        raise InputError("the CSV needs a timestamp column and at least one value column, with rows")
    ts = pd.to_datetime(df.iloc[:, 0], errors="coerce")
    if ts.isna().any():
        bad = int(np.flatnonzero(ts.isna().to_numpy())[0])
        raise InputError(f"row {bad + 2}: the first column must be a timestamp, got {str(df.iloc[bad, 0])[:30]!r}")
    # long format: three columns, timestamps repeating across series, or a text second column with few
    # distinct values (series ids, not a numeric column with a typo)
    second = df.iloc[:, 1]
    few_ids = not pd.api.types.is_numeric_dtype(second) and second.nunique() <= max(1, len(df) // 10)
    if df.shape[1] == 3 and (ts.duplicated().any() or few_ids):
        return _long(df, ts, name, min_length)
    series = {}
    for col in df.columns[1:]:
        series[str(col)] = _values(df[col], str(col))
    _monotonic(ts, "the timestamps")
    return _check(SeriesSet(name, series, "upload"), min_length)


def _long(df: pd.DataFrame, ts: pd.Series, name: str, min_length: int) -> SeriesSet:
    series = {}
    for key, idx in df.groupby(df.columns[1], sort=True).groups.items():
        _monotonic(ts.loc[idx], f"the timestamps of series {key!r}")
        series[str(key)] = _values(df.loc[idx, df.columns[2]], str(key))
    return _check(SeriesSet(name, series, "upload"), min_length)


def _values(col: pd.Series, label: str) -> np.ndarray:
    v = pd.to_numeric(col, errors="coerce")
    if v.isna().any():
        bad = int(np.flatnonzero(v.isna().to_numpy())[0])
        what = "is empty or NaN" if pd.isna(col.iloc[bad]) else f"is {str(col.iloc[bad])[:20]!r}, not a number"
        raise InputError(f"column {label!r}, row {bad + 2}: the value {what}")
    v = v.to_numpy(np.float64)
    if not np.isfinite(v).all():
        raise InputError(f"column {label!r} has infinite values")
    return v


def _monotonic(ts: pd.Series, what: str) -> None:
    if not ts.is_monotonic_increasing or ts.duplicated().any():
        raise InputError(f"{what} must increase strictly (sorted, no repeats)")


def _check(s: SeriesSet, min_length: int) -> SeriesSet:
    if not s.series:
        raise InputError("the CSV has no numeric column")
    longest = max(len(v) for v in s.series.values())
    if longest < min_length:
        raise InputError(
            f"the longest series has {longest} steps; at least {min_length} are needed "
            f"(windows of {WINDOW} steps, with {HELD_OUT:.0%} held out)"
        )
    return SeriesSet(s.name, {k: v for k, v in s.series.items() if len(v) >= min_length}, s.source)
