"""Real time series for the synthetic-vs-real view, cut into fixed-length windows scaled per window.

Bundled: electricity transformer loads (ETTh1: hourly, six loads and the oil temperature; Zhou et al. 2021,
CC BY-ND 4.0, copied unmodified), half-hourly electricity demand (pmdarima's `taylor`), weekly atmospheric
CO₂ at Mauna Loa (statsmodels' `co2`). Users upload CSVs, wide (a timestamp column and one column per
series, like ETTh1) or long (timestamp, series id, value).

Each series' last `HELD_OUT` share is kept apart for evaluation only. Each series is min-max scaled to [0, 1]
by its training part's range (the official experiments train on globally pre-scaled data, no scaling in the
model), so a window keeps its level. Every window carries its conditioning, as the official code's: calendar
features of its timestamps (chosen by the sampling step, as GluonTS's `time_features_from_frequency_str`), the
log-age of the series at each step, and the index of its series.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from modeldash.errors import MB, InputError, check_size

WINDOW = 64
STRIDE = 5  # coprime with daily (24, 48) and weekly (168, 336) periods: windows start at every phase equally
HELD_OUT = 0.2
MIN_LEVEL = 0.05  # flat windows (range under 5% of their series' std: sensor dropouts) are dropped
MAX_BYTES = 30 * MB
BUNDLED = Path(__file__).resolve().parent / "files" / "series"
DATASETS = ("etth1", "taylor", "co2")


@dataclass(frozen=True)
class Windows:
    """Windows of scaled values with what a conditional generator is given for each: (N, T) values,
    (N, F, T) time features (calendar features, then the log-age), (N,) series indices."""

    values: np.ndarray
    features: np.ndarray
    ids: np.ndarray

    def __len__(self) -> int:
        return len(self.values)

    def take(self, idx) -> Windows:
        return Windows(self.values[idx], self.features[idx], self.ids[idx])


@dataclass(frozen=True)
class SeriesSet:
    """Named univariate series (each a float64 array, in time order), their timestamps, and the windows cut
    from them. Without timestamps, hourly steps from 2000-01-01 are assumed."""

    name: str
    series: dict[str, np.ndarray]
    source: str = ""
    stamps: dict[str, pd.DatetimeIndex] | None = None

    def timestamps(self, key: str) -> pd.DatetimeIndex:
        if self.stamps and key in self.stamps:
            return self.stamps[key]
        return pd.date_range("2000-01-01", periods=len(self.series[key]), freq="h")

    def step(self) -> pd.Timedelta:
        """The median sampling step over every series."""
        return pd.concat([pd.Series(self.timestamps(k)).diff().dropna() for k in self.series]).median()

    def n_features(self) -> int:
        return len(calendar_features(self.step())) + 1

    def split(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(training part, held-out last part) of every series."""
        tr, te = {}, {}
        for k, v in self.series.items():
            cut = int(round(len(v) * (1 - HELD_OUT)))
            tr[k], te[k] = v[:cut], v[cut:]
        return tr, te

    def window_set(self, part: str = "train", *, length: int = WINDOW, stride: int | None = None) -> Windows:
        """Windows from the training or held-out part of every series, scaled by the training part's range,
        without the flat ones (MIN_LEVEL), with their features and series indices. Default stride: STRIDE for
        training windows; for held-out ones, 1 when that many would be fewer than 1,000."""
        tr, te = self.split()
        if stride is None:
            stride = STRIDE
            if part != "train" and sum(max(0, (len(v) - length) // STRIDE + 1) for v in te.values()) < 1000:
                stride = 1
        step = self.step()
        vals, feats, ids, n_cut = [], [], [], 0
        for i, k in enumerate(self.series):
            lo, span = tr[k].min(), np.ptp(tr[k])
            first = 0 if part == "train" else len(tr[k])
            part_v = tr[k] if part == "train" else te[k]
            if len(part_v) < length:
                continue
            f = time_features(self.timestamps(k), step)[:, first : first + len(part_v)]  # (F, len)
            cuts = sliding_window_view(part_v, length)[::stride]
            fcuts = sliding_window_view(f, length, axis=1)[:, ::stride].transpose(1, 0, 2)  # (N, F, T)
            n_cut += len(cuts)
            keep = np.ptp(cuts, axis=-1) > MIN_LEVEL * np.std(tr[k])
            vals.append((cuts[keep] - lo) / (span if span > 0 else 1.0))
            feats.append(fcuts[keep])
            ids.append(np.full(int(keep.sum()), i))
        if not sum(len(v) for v in vals):
            raise InputError(
                f"every {length}-step window of the {part} part of {self.name} is flat (constant)"
                if n_cut
                else f"the {part} part of {self.name} is shorter than one window of {length} steps"
            )
        return Windows(
            np.concatenate(vals).astype(np.float32),
            np.concatenate(feats).astype(np.float32),
            np.concatenate(ids).astype(np.int64),
        )

    def windows(self, part: str = "train", *, length: int = WINDOW, stride: int | None = None) -> np.ndarray:
        """The scaled values (N, length) of `window_set`."""
        return self.window_set(part, length=length, stride=stride).values

    def training_window_set(self) -> Windows:
        """The windows generators and encoders train on: the training part; small datasets use every start
        (stride 1)."""
        w = self.window_set("train")
        return w if len(w) >= 2000 else self.window_set("train", stride=1)

    def training_windows(self) -> np.ndarray:
        return self.training_window_set().values


_CALENDAR = {  # GluonTS's time features, each scaled to [-0.5, 0.5]
    "minute_of_hour": lambda t: t.minute / 59.0 - 0.5,
    "hour_of_day": lambda t: t.hour / 23.0 - 0.5,
    "day_of_week": lambda t: t.day_of_week / 6.0 - 0.5,
    "day_of_month": lambda t: (t.day - 1) / 30.0 - 0.5,
    "day_of_year": lambda t: (t.day_of_year - 1) / 365.0 - 0.5,
    "week_of_year": lambda t: (t.isocalendar().week.to_numpy() - 1) / 52.0 - 0.5,
    "month_of_year": lambda t: (t.month - 1) / 11.0 - 0.5,
}


def calendar_features(step: pd.Timedelta) -> tuple[str, ...]:
    """The calendar features for a sampling step, as GluonTS picks them for a frequency string."""
    if step < pd.Timedelta(hours=1):
        return ("minute_of_hour", "hour_of_day", "day_of_week", "day_of_month", "day_of_year")
    if step < pd.Timedelta(days=1):
        return ("hour_of_day", "day_of_week", "day_of_month", "day_of_year")
    if step < pd.Timedelta(days=7):
        return ("day_of_week", "day_of_month", "day_of_year")
    if step < pd.Timedelta(days=28):
        return ("day_of_month", "week_of_year")
    return ("month_of_year",)


def time_features(stamps: pd.DatetimeIndex, step: pd.Timedelta) -> np.ndarray:
    """(F, len) features of a series' timestamps: its calendar features, then log10(2 + age) (GluonTS's
    `AddAgeFeature(log_scale=True)`)."""
    cal = [np.asarray(_CALENDAR[name](stamps), dtype=np.float64) for name in calendar_features(step)]
    return np.stack([*cal, np.log10(2.0 + np.arange(len(stamps)))])


def load_bundled(name: str) -> SeriesSet:
    if name == "etth1":
        s = read_csv((BUNDLED / "ETTh1.csv").read_bytes(), name="etth1")
        return SeriesSet("etth1", s.series, "ETTh1 (Zhou et al. 2021, CC BY-ND 4.0)", s.stamps)
    if name == "taylor":
        from pmdarima.datasets import load_taylor

        demand = np.asarray(load_taylor(), dtype=np.float64)
        return SeriesSet(
            "taylor",
            {"demand": demand},
            "Taylor's half-hourly electricity demand (pmdarima)",
            {
                "demand": pd.date_range("2000-06-05", periods=len(demand), freq="30min")
            },  # Taylor (2003): from 5 June 2000
        )
    if name == "co2":
        import statsmodels.api as sm

        frame = sm.datasets.co2.load_pandas().data["co2"]
        co2 = frame.interpolate().bfill().to_numpy(np.float64)
        stamps = {"co2": pd.DatetimeIndex(frame.index)}
        return SeriesSet("co2", {"co2": co2}, "Mauna Loa weekly CO₂ (statsmodels; gaps interpolated)", stamps)
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
    stamps = pd.DatetimeIndex(ts)
    return _check(SeriesSet(name, series, "upload", {k: stamps for k in series}), min_length)


def _long(df: pd.DataFrame, ts: pd.Series, name: str, min_length: int) -> SeriesSet:
    series, stamps = {}, {}
    for key, idx in df.groupby(df.columns[1], sort=True).groups.items():
        _monotonic(ts.loc[idx], f"the timestamps of series {key!r}")
        series[str(key)] = _values(df.loc[idx, df.columns[2]], str(key))
        stamps[str(key)] = pd.DatetimeIndex(ts.loc[idx])
    return _check(SeriesSet(name, series, "upload", stamps), min_length)


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
    keep = [k for k, v in s.series.items() if len(v) >= min_length]
    return SeriesSet(s.name, {k: s.series[k] for k in keep}, s.source, {k: s.timestamps(k) for k in keep})
