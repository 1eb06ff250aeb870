"""Series readers: bundled datasets, wide and long CSVs, malformed files, windows and scaling."""

import numpy as np
import pytest

from modeldash.data.series import (
    DATASETS,
    HELD_OUT,
    STRIDE,
    WINDOW,
    SeriesSet,
    calendar_features,
    load_bundled,
    read_csv,
    time_features,
)
from modeldash.errors import InputError


def _wide(n=300, cols=2, bad=None):
    rows = ["time," + ",".join(f"s{j}" for j in range(cols))]
    for t in range(n):
        vals = [str(np.sin(t / 7) + j + 2) for j in range(cols)]
        if bad is not None and t == 10:
            vals[0] = bad
        rows.append(f"2020-01-01 {t // 60:02d}:{t % 60:02d}:00," + ",".join(vals))
    return "\n".join(rows).encode()


@pytest.mark.parametrize("name", DATASETS)
def test_bundled_datasets_cut_into_globally_scaled_windows_with_their_conditioning(name):
    s = load_bundled(name)
    ws = s.window_set("train", stride=1)
    w = ws.values
    assert w.shape[1] == WINDOW and len(w) > 100
    # each series scaled by its training part's range: every training window inside [0, 1], the extremes reached
    assert w.min() == pytest.approx(0, abs=1e-6) and w.max() == pytest.approx(1, abs=1e-6)
    assert ws.features.shape == (len(w), s.n_features(), WINDOW) and set(ws.ids) == set(range(len(s.series)))
    k, v = next(iter(s.series.items()))
    lo, span = v[: int(round(len(v) * (1 - HELD_OUT)))].min(), np.ptp(v[: int(round(len(v) * (1 - HELD_OUT)))])
    first = ws.take(np.flatnonzero(ws.ids == 0)[:1])
    np.testing.assert_allclose(first.values[0], (v[:WINDOW] - lo) / span, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(first.features[0, -1], np.log10(2 + np.arange(WINDOW)), rtol=1e-6)  # log-age
    held = s.window_set("test")
    cut = int(round(len(v) * (1 - HELD_OUT)))
    assert held.features[0, -1, 0] == pytest.approx(np.log10(2 + cut))  # the age continues into the held-out part
    tr, te = s.split()
    for k in s.series:
        assert len(te[k]) == pytest.approx(HELD_OUT * len(s.series[k]), abs=1)


def test_wide_and_long_csvs_read_the_same_series():
    wide = read_csv(_wide())
    long_rows = ["time,id,value"] + [
        f"2020-01-01 {t // 60:02d}:{t % 60:02d}:00,s{j},{np.sin(t / 7) + j + 2}" for j in range(2) for t in range(300)
    ]
    long = read_csv("\n".join(long_rows).encode())
    assert set(wide.series) == set(long.series) == {"s0", "s1"}
    np.testing.assert_allclose(wide.series["s1"], long.series["s1"])


@pytest.mark.parametrize(
    "raw, match",
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"time,a\n", "needs a timestamp column", id="no-rows"),
        pytest.param(b"time\n2020-01-01\n", "at least one value column", id="one-column"),
        pytest.param(b"time,a\nnot a date,1\n", "timestamp", id="bad-timestamp"),
        pytest.param(_wide(bad="abc"), "not a number", id="text-in-numbers"),
        pytest.param(_wide(bad=""), "empty or NaN", id="nan"),
        pytest.param(_wide(n=50), "at least 128", id="too-short"),
        pytest.param(
            b"time,a,b\n2020-01-01,1,2\n2020-01-02,1,2,3\n",
            "line 3 has 4 fields; the header and the rows before it have 3",
            id="ragged-row",
        ),
        pytest.param(
            b"time,a\n2020-01-02,1\n2020-01-01,2\n" + b"\n".join(b"2021-01-%02d,1" % d for d in range(1, 29)),
            "increase",
            id="non-monotonic",
        ),
    ],
)
def test_malformed_csvs_get_one_sentence(raw, match):
    with pytest.raises(InputError, match=match):
        read_csv(raw)


def test_calendar_features_by_hand():
    """GluonTS's features for a frequency, each scaled to [-0.5, 0.5]: 2021-03-15 06:30 was a Monday."""
    import pandas as pd

    assert calendar_features(pd.Timedelta(hours=1)) == ("hour_of_day", "day_of_week", "day_of_month", "day_of_year")
    assert calendar_features(pd.Timedelta(minutes=30))[0] == "minute_of_hour"
    assert calendar_features(pd.Timedelta(days=7)) == ("day_of_month", "week_of_year")
    t = pd.DatetimeIndex(["2021-03-15 06:30"])
    f = time_features(t, pd.Timedelta(minutes=30))[:, 0]
    expected = [30 / 59 - 0.5, 6 / 23 - 0.5, 0 / 6 - 0.5, 14 / 30 - 0.5, 73 / 365 - 0.5, np.log10(2)]
    np.testing.assert_allclose(f, expected)


def test_flat_windows_are_dropped_and_every_phase_is_sampled():
    t = np.arange(2400)
    v = np.sin(2 * np.pi * t / 24) + 2
    v[600:700] = 0.0  # a sensor dropout: 100 flat steps
    s = SeriesSet("x", {"a": v})
    w = s.windows("train")
    starts = range(0, int(round(len(v) * (1 - HELD_OUT))) - WINDOW + 1, STRIDE)
    flat = [i for i in starts if 600 <= i and i + WINDOW <= 700]
    assert len(w) == len(starts) - len(flat) and len(flat) > 0
    assert len({i % 24 for i in starts}) == 24  # the stride is coprime with a daily cycle
    with pytest.raises(InputError, match="flat"):
        SeriesSet("c", {"a": np.full(600, 5.0)}).windows("train")
