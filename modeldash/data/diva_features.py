"""A researcher's own features for Example weights: the frozen features their network gives each example, the
labels it was trained with and, optionally, the clean labels, the images and a train/test split, as an .npz read
with allow_pickle=False (data, never code). DIVA's setting in the paper: the last layer is refit on these."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.data.npz import read_arrays
from modeldash.errors import MB, InputError

MAX_BYTES = 100 * MB
KEYS = ("features", "labels", "clean_labels", "images", "split")
MIN_EXAMPLES, MAX_FEATURES, MAX_CLASSES = 20, 4096, 1000
CONTRACT = (
    "an .npz with features (N, d) float, labels (N,) int; optional clean_labels (N,) int (then low weights are "
    "scored on finding labels != clean_labels), images (N, H, W) or (N, H, W, 3) for the gallery, split (N,) of "
    "'train'/'test' strings (else a seeded 75/25 split)"
)


@dataclass(frozen=True)
class FeatureSet:
    name: str
    features: np.ndarray  # (N, d) float64
    labels: np.ndarray  # (N,) int64, as trained on
    clean_labels: np.ndarray | None  # (N,) int64
    images: np.ndarray | None  # (N, H, W) float64 in [0, 1]
    is_test: np.ndarray | None  # (N,) bool


def _labels(z, key: str, n: int) -> np.ndarray:
    a = z[key]
    if a.shape != (n,):
        raise InputError(f"'{key}' must have shape ({n},) like the features' rows, got {a.shape}")
    if not np.issubdtype(a.dtype, np.integer):
        if not (np.issubdtype(a.dtype, np.floating) and np.isfinite(a).all() and (a == np.round(a)).all()):
            raise InputError(f"'{key}' must hold integer class indices, got dtype {a.dtype}")
    a = a.astype(np.int64)
    if a.min() < 0 or a.max() >= MAX_CLASSES:
        raise InputError(f"'{key}' must hold class indices from 0 to {MAX_CLASSES - 1}, got {a.min()} to {a.max()}")
    return a


def read_features_npz(raw: bytes, *, name: str = "uploaded") -> FeatureSet:
    """Parse and check an uploaded features file; every problem is one InputError sentence."""
    arrays = read_arrays(raw, required=("features", "labels"), optional=KEYS[2:], limit=MAX_BYTES, contract=CONTRACT)
    feats = arrays["features"]
    if feats.ndim != 2 or not (np.issubdtype(feats.dtype, np.floating) or np.issubdtype(feats.dtype, np.integer)):
        raise InputError(f"'features' must be a numeric (N, d) array, got shape {feats.shape} of {feats.dtype}")
    n, d = feats.shape
    if n < MIN_EXAMPLES:
        raise InputError(f"DIVA needs at least {MIN_EXAMPLES} examples, got {n}")
    if not 1 <= d <= MAX_FEATURES:
        raise InputError(f"'features' must have 1 to {MAX_FEATURES} columns, got {d}")
    feats = feats.astype(np.float64)
    if not np.isfinite(feats).all():
        raise InputError("'features' contains NaN or infinite values")
    labels = _labels(arrays, "labels", n)
    clean = _labels(arrays, "clean_labels", n) if "clean_labels" in arrays else None
    if len(np.unique(clean if clean is not None else labels)) < 2:
        raise InputError("the labels hold a single class; DIVA needs at least two")
    images = None
    if "images" in arrays:
        im = arrays["images"]
        if im.ndim == 4 and im.shape[-1] == 3:
            im = im.astype(np.float64) @ np.array([0.299, 0.587, 0.114])  # shown in grey in the gallery
        if im.ndim != 3 or len(im) != n or not np.issubdtype(im.dtype, np.number):
            raise InputError(
                f"'images' must be (N, H, W) or (N, H, W, 3) with N = {n}, got shape {arrays['images'].shape}"
            )
        if not 1 <= im.shape[1] <= 256 or not 1 <= im.shape[2] <= 256:
            raise InputError(f"'images' must be at most 256×256 pixels, got {im.shape[1]}×{im.shape[2]}")
        im = im.astype(np.float64)
        if not np.isfinite(im).all():
            raise InputError("'images' contains NaN or infinite values")
        lo, hi = im.min(), im.max()
        images = (im - lo) / (hi - lo) if hi > lo else np.zeros_like(im)
    is_test = None
    if "split" in arrays:
        sp = arrays["split"]
        if sp.shape != (n,) or sp.dtype.kind not in "US":
            raise InputError(f"'split' must be ({n},) strings 'train' or 'test', got shape {sp.shape} of {sp.dtype}")
        sp = sp.astype(str)
        if not np.isin(sp, ["train", "test"]).all():
            raise InputError("'split' may only hold 'train' and 'test'")
        is_test = sp == "test"
        if is_test.sum() < 1 or (~is_test).sum() < MIN_EXAMPLES:
            raise InputError(f"'split' needs at least one test example and {MIN_EXAMPLES} training examples")
    return FeatureSet(name, feats, labels, clean, images, is_test)
