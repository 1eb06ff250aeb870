"""scikit-learn's bundled handwritten digits (1,797 images, 8x8), split and label-flipped from a seed."""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from modeldash.errors import InputError

N_CLASSES = 10


@dataclass(frozen=True)
class DigitsSplit:
    """Index sets into the 1,797 digits: `pretrain` trains the feature CNN; `train` is the set DIVA
    weights; `test` is a clean held-out set. The three are disjoint."""

    pretrain: np.ndarray
    train: np.ndarray
    test: np.ndarray
    seed: int


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """images (1797, 8, 8) float32 in [0, 1], labels (1797,) int64 (copies: the caller may change them)."""
    images, labels = _read_digits()
    return images.copy(), labels.copy()


@functools.lru_cache(maxsize=1)
def _read_digits() -> tuple[np.ndarray, np.ndarray]:
    """Read once per process from the file scikit-learn ships (importing scikit-learn itself costs ~0.8 s of the
    page's first load; parsing the file 18 ms, which a stored result's key would pay on every read); its loader
    if the file moved."""
    spec = importlib.util.find_spec("sklearn")
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz" if spec else None
    if path is not None and path.is_file():
        raw = np.loadtxt(path, delimiter=",")
        images, target = raw[:, :-1].reshape(-1, 8, 8), raw[:, -1]
    else:
        from sklearn.datasets import load_digits as _load

        d = _load()
        images, target = d.images, d.target
    return (images / 16.0).astype(np.float32), target.astype(np.int64)


def split_digits(n: int, *, n_pretrain: int = 500, n_test: int = 400, seed: int = 0) -> DigitsSplit:
    """Seeded disjoint split; what is left after pretrain and test is the weighted training set."""
    if n_pretrain + n_test >= n:
        raise InputError(f"pretrain ({n_pretrain}) + test ({n_test}) leave no training examples out of {n}")
    perm = np.random.default_rng(seed).permutation(n)
    return DigitsSplit(
        pretrain=np.sort(perm[:n_pretrain]),
        test=np.sort(perm[n_pretrain : n_pretrain + n_test]),
        train=np.sort(perm[n_pretrain + n_test :]),
        seed=seed,
    )


def flip_labels(
    labels: np.ndarray, rate: float, *, n_classes: int = N_CLASSES, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Flip round(rate * n) labels, chosen by `seed`, each to a uniformly drawn *different* class.

    Returns (noisy labels (n,), flipped mask (n,) bool)."""
    if not 0.0 <= rate <= 0.9:
        raise InputError(f"noise rate must be between 0 and 0.9, got {rate}")
    rng = np.random.default_rng(seed)
    n = len(labels)
    flipped = np.zeros(n, dtype=bool)
    flipped[rng.choice(n, size=int(round(rate * n)), replace=False)] = True
    shift = rng.integers(1, n_classes, size=n)  # 1..K-1, so the new class always differs
    noisy = np.where(flipped, (labels + shift) % n_classes, labels)
    return noisy.astype(np.int64), flipped
