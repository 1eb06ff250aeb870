"""A researcher's own generator's samples for Synthetic series: windows from any model (TimeGAN, a diffusion
model, …) as an .npz (`samples` (n, T) or (n, T, C), read with allow_pickle=False) or a CSV with one window per
row, in the dataset's scaled units (each series min-max scaled by its training part's range, as data.series
does), so they are scored exactly as the bundled generators' samples."""

from __future__ import annotations

import numpy as np

from modeldash.data.npz import read_arrays
from modeldash.data.series import WINDOW
from modeldash.errors import MB, InputError, check_size

MAX_BYTES = 100 * MB
MIN_SAMPLES, MAX_SAMPLES = 50, 20_000
CONTRACT = (
    f"an .npz with `samples` (n, {WINDOW}) or (n, {WINDOW}, C) float, or a CSV with one window of {WINDOW} "
    "values per row (no header), in the dataset's scaled units (each series scaled to [0, 1] by its training range)"
)


def _from_npz(raw: bytes) -> np.ndarray:
    return read_arrays(raw, required=("samples",), limit=MAX_BYTES, contract=CONTRACT)["samples"]


def _from_csv(raw: bytes) -> np.ndarray:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the CSV is not UTF-8 text") from None
    rows = [r for r in text.splitlines() if r.strip()]
    out = []
    for i, r in enumerate(rows, 1):
        cells = r.replace(";", ",").split(",")
        try:
            out.append([float(c) for c in cells])
        except ValueError:
            raise InputError(f"line {i} of the CSV is not all numbers (one window per row, no header)") from None
        if len(out[-1]) != len(out[0]):
            raise InputError(f"line {i} of the CSV has {len(out[-1])} values; line 1 has {len(out[0])}")
    if not out:
        raise InputError("the CSV has no rows; expected " + CONTRACT)
    return np.array(out)


def read_samples(raw: bytes, file_name: str, *, length: int = WINDOW) -> np.ndarray:
    """(n, length) windows from an uploaded .npz or .csv, as they are; every problem is one InputError sentence."""
    if not raw:
        raise InputError("the file is empty; expected " + CONTRACT)
    check_size(len(raw), MAX_BYTES)
    a = _from_npz(raw) if file_name.lower().endswith(".npz") else _from_csv(raw)
    if not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise InputError(f"samples must be numbers, got {a.dtype}")
    if a.ndim == 3:  # (n, T, C): every channel is a univariate window, as the view compares them
        a = np.moveaxis(a, 2, 1).reshape(-1, a.shape[1])
    if a.ndim != 2:
        raise InputError(f"samples must be (n, T) or (n, T, C), got shape {a.shape}")
    if a.shape[1] != length:
        raise InputError(f"samples are {a.shape[1]} steps long; this view's windows are {length} steps")
    if not MIN_SAMPLES <= len(a) <= MAX_SAMPLES:
        raise InputError(f"give {MIN_SAMPLES} to {MAX_SAMPLES:,} windows, got {len(a):,}")
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise InputError("samples contain NaN or infinite values")
    return a.astype(np.float32)
