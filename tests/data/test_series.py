"""Series readers: bundled datasets, wide and long CSVs, malformed files, windows and scaling."""
import numpy as np
import pytest

from data.series import DATASETS, HELD_OUT, WINDOW, load_bundled, read_csv, scale
from errors import InputError


def _wide(n=300, cols=2, bad=None):
    rows = ["time," + ",".join(f"s{j}" for j in range(cols))]
    for t in range(n):
        vals = [str(np.sin(t / 7) + j + 2) for j in range(cols)]
        if bad is not None and t == 10:
            vals[0] = bad
        rows.append(f"2020-01-01 {t // 60:02d}:{t % 60:02d}:00," + ",".join(vals))
    return "\n".join(rows).encode()


@pytest.mark.parametrize("name", DATASETS)
def test_bundled_datasets_cut_into_scaled_windows(name):
    s = load_bundled(name)
    w = s.windows("train")
    assert w.shape[1] == WINDOW and len(w) > 100
    m = np.abs(w).mean(1)
    np.testing.assert_allclose(m[m > 0], 1.0, rtol=1e-5)                  # mean scaling (all-zero windows stay 0)
    tr, te = s.split()
    for k in s.series:
        assert len(te[k]) == pytest.approx(HELD_OUT * len(s.series[k]), abs=1)


def test_wide_and_long_csvs_read_the_same_series():
    wide = read_csv(_wide())
    long_rows = ["time,id,value"] + [f"2020-01-01 {t // 60:02d}:{t % 60:02d}:00,s{j},{np.sin(t / 7) + j + 2}"
                                     for j in range(2) for t in range(300)]
    long = read_csv("\n".join(long_rows).encode())
    assert set(wide.series) == set(long.series) == {"s0", "s1"}
    np.testing.assert_allclose(wide.series["s1"], long.series["s1"])


@pytest.mark.parametrize("raw, match", [
    pytest.param(b"", "empty", id="empty"),
    pytest.param(b"time,a\n", "needs a timestamp column", id="no-rows"),
    pytest.param(b"time\n2020-01-01\n", "at least one value column", id="one-column"),
    pytest.param(b"time,a\nnot a date,1\n", "timestamp", id="bad-timestamp"),
    pytest.param(_wide(bad="abc"), "not a number", id="text-in-numbers"),
    pytest.param(_wide(bad=""), "empty or NaN", id="nan"),
    pytest.param(_wide(n=50), "at least 128", id="too-short"),
    pytest.param(b"time,a\n2020-01-02,1\n2020-01-01,2\n" + b"\n".join(b"2021-01-%02d,1" % d for d in range(1, 29)),
                 "increase", id="non-monotonic"),
])
def test_malformed_csvs_get_one_sentence(raw, match):
    with pytest.raises(InputError, match=match):
        read_csv(raw)


def test_scale_handles_zero_windows():
    assert (scale(np.zeros(8)) == 0).all() and scale(np.array([2.0, -2.0])).tolist() == [1.0, -1.0]
