"""A researcher's samples for Synthetic series: .npz or CSV read as data and kept as they are (in the dataset's
scaled units), every malformed file refused in one sentence."""

import io

import numpy as np
import pytest

from modeldash.data.series import WINDOW
from modeldash.data.series_samples import read_samples
from modeldash.errors import InputError

RNG = np.random.default_rng(0)


def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def test_npz_csv_and_channels_are_read_as_they_are():
    x = RNG.uniform(size=(60, WINDOW))
    a = read_samples(_npz(samples=x), "g.npz")
    assert a.shape == (60, WINDOW)
    np.testing.assert_allclose(a, x, rtol=1e-6)  # no rescaling: the values are the dataset's scaled units
    csv = "\n".join(",".join(f"{v:.6f}" for v in row) for row in x).encode()
    np.testing.assert_allclose(read_samples(csv, "g.csv"), a, atol=1e-5)
    three = RNG.normal(size=(30, WINDOW, 2))  # two channels: each a univariate window
    b = read_samples(_npz(samples=three), "g.npz")
    assert b.shape == (60, WINDOW)
    np.testing.assert_allclose(b[1], three[0, :, 1], rtol=1e-6)


BAD = [
    ("empty", b"", "g.npz", "empty"),
    ("not an npz", b"garbage", "g.npz", "not an .npz"),
    ("no samples array", _npz(x=np.ones((60, WINDOW))), "g.npz", "expected samples"),
    ("pickled objects", None, "g.npz", "Python objects"),
    ("wrong length", _npz(samples=np.ones((60, 32))), "g.npz", f"this view's windows are {WINDOW} steps"),
    ("1-D", _npz(samples=np.ones(WINDOW)), "g.npz", "(n, T)"),
    ("too few", _npz(samples=np.ones((10, WINDOW))), "g.npz", "give 50"),
    ("NaN", _npz(samples=np.full((60, WINDOW), np.nan)), "g.npz", "NaN"),
    ("strings", _npz(samples=np.full((60, WINDOW), "a")), "g.npz", "numbers"),
    ("csv text", b"a,b,c\n1,2,3\n", "g.csv", "line 1"),
    ("csv ragged", b"1,2,3\n1,2\n", "g.csv", "line 2"),
    ("csv binary", b"\xff\xfe\x00", "g.csv", "UTF-8"),
]


@pytest.mark.parametrize("name, raw, file_name, phrase", BAD, ids=[b[0] for b in BAD])
def test_malformed_samples_are_refused_in_one_sentence(name, raw, file_name, phrase):
    if raw is None:
        buf = io.BytesIO()
        np.savez(buf, samples=np.array([object()] * 60, dtype=object))
        raw = buf.getvalue()
    with pytest.raises(InputError) as e:
        read_samples(raw, file_name)
    assert phrase in str(e.value) and "\n" not in str(e.value)
