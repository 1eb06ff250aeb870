"""The four splits of Schott et al. (ICLR 2022) over a factor grid: random, composition, interpolation,
extrapolation. They are computed on the full grid; training on a CPU then uses a seeded subsample.

The benchmark (bethgelab/InDomainGeneralizationBenchmark) ships its splits as files on Zenodo and its
repository holds no rules, so the rules here are ours, written to its two pieces of evidence: its split
figure (`assets/dataset_splits.png`: every plotted factor is split at once, an image is held out when any of
its factors takes a held-out value) and its test (`test/test_load_dataset.py`: random, interpolation and
extrapolation are "roughly a 70:30 split", 70% test). Each split acts on the ordered factors in `SPLIT_FACTORS`
(a categorical factor such as shape is in training and test alike, as the benchmark's `test_and_train`; a
cyclic orientation is left whole: beyond a threshold of an angle is not outside its range), and on each of
them holds out about 30% of its values (`held_values`):
- random: 30% of the grid, uniformly.
- composition: an image is held out when every split factor is above its lowest 30% — each value of each
  factor is seen in training, only combinations of higher values are new.
- interpolation: evenly spaced intermediate values of each split factor (never an end) are held out; an
  image with any such value is test.
- extrapolation: the top 30% of each split factor's values are held out; an image with any of them is
  test, so most test images have one factor out of range and the others seen (the paper's "modularity").
On dSprites this gives 31.5% training for interpolation and extrapolation, on scenes 25.7%.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.data.splits_images import SPACES, FactorSpace
from modeldash.errors import InputError

SPLITS = ("random", "composition", "interpolation", "extrapolation")
N_TRAIN, N_TEST = 8000, 4000  # the seeded subsample each split trains on and is scored on
HELD_SHARE = 0.3  # the share of a factor's values each split treats as held out
SPLIT_FACTORS = {
    "dsprites": ("scale", "x-position", "y-position"),
    "scenes": ("floor hue", "wall hue", "object hue", "scale"),
}


def held_values(k: int, split: str) -> np.ndarray:
    """The value indices of a k-valued factor that a split treats as held out (for composition: the values
    above the lowest HELD_SHARE, which are held out only in combination)."""
    m = max(1, int(round(HELD_SHARE * k)))
    if split == "extrapolation":
        return np.arange(k - m, k)
    if split == "interpolation":
        return np.unique(np.round(np.linspace(0, k - 1, m + 2))[1:-1].astype(int))
    if split == "composition":
        return np.arange(m, k)
    raise InputError(f"{split!r} holds out no factor values")


def _held(space: FactorSpace, name: str, split: str) -> np.ndarray:
    return held_values(space.sizes[space.factors.index(name)], split)


def _test_mask(space: FactorSpace, f: np.ndarray, split: str) -> np.ndarray:
    hits = [np.isin(f[:, space.factors.index(n)], _held(space, n, split)) for n in SPLIT_FACTORS[space.name]]
    return np.logical_and.reduce(hits) if split == "composition" else np.logical_or.reduce(hits)


def _values(space: FactorSpace, name: str, split: str) -> str:
    v = _held(space, name, split)
    runs = v[-1] - v[0] + 1 == len(v)
    return f"{name} {v[0]}–{v[-1]}" if runs and len(v) > 2 else f"{name} " + ", ".join(map(str, v))


def rule_text(space: FactorSpace, split: str) -> str:
    """What a split holds out, in words and value indices, for the page."""
    parts = "; ".join(_values(space, n, split) for n in SPLIT_FACTORS[space.name])
    if split == "composition":
        return f"test: images whose every one of these factors is above its lowest 30% ({parts}); training sees every value"
    if split == "interpolation":
        return f"test: images with any of these intermediate values ({parts}); training: the values around them"
    return f"test: images with any factor in its top 30% ({parts}); training: every factor below it"


RANDOM_TRAIN_SHARE = 0.3


@dataclass(frozen=True)
class FactorSplit:
    """Train and test grid indices (sorted, disjoint, covering the grid) of one split of one space."""

    space: FactorSpace
    name: str
    train: np.ndarray
    test: np.ndarray
    rule: str
    factors: tuple[str, ...]  # the factors the rule acts on (the default axes of the split plot)

    def __post_init__(self):
        if len(np.intersect1d(self.train, self.test)):
            raise ValueError("train and test overlap")


def make_split(space: FactorSpace | str, name: str, *, seed: int = 0) -> FactorSplit:
    """One of SPLITS on the full grid of `space`."""
    space = SPACES[space] if isinstance(space, str) else space
    if name not in SPLITS:
        raise InputError(f"unknown split {name!r}; choose from {', '.join(SPLITS)}")
    n = space.n_images
    if name == "random":
        perm = np.random.default_rng(seed).permutation(n)
        k = int(round(RANDOM_TRAIN_SHARE * n))
        return FactorSplit(
            space,
            name,
            np.sort(perm[:k]),
            np.sort(perm[k:]),
            f"train: a uniform {RANDOM_TRAIN_SHARE:.0%} of the grid (seed {seed}); test: the rest",
            space.factors[-2:],
        )
    test = _test_mask(space, space.index_to_factors(np.arange(n)), name)
    factors = SPLIT_FACTORS[space.name]
    return FactorSplit(space, name, np.flatnonzero(~test), np.flatnonzero(test), rule_text(space, name), factors)


def subsample(split: FactorSplit, *, n_train: int, n_test: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Seeded subsets of a split's train and test indices (the same for every architecture)."""
    if n_train < 1 or n_test < 1:
        raise InputError("subsample sizes must be positive")
    rng = np.random.default_rng(seed)
    tr = np.sort(rng.choice(split.train, min(n_train, len(split.train)), replace=False))
    te = np.sort(rng.choice(split.test, min(n_test, len(split.test)), replace=False))
    return tr, te


@dataclass(frozen=True)
class SplitData:
    """A rendered subsample of one split: uint8 images and normalised targets."""

    space: FactorSpace
    split: str
    train_idx: np.ndarray
    test_idx: np.ndarray
    x_train: np.ndarray  # (n, C, 64, 64) uint8
    y_train: np.ndarray  # (n, F) float32
    x_test: np.ndarray
    y_test: np.ndarray


def render_split(
    space: FactorSpace, split: str, *, n_train: int = N_TRAIN, n_test: int = N_TEST, seed: int = 0
) -> SplitData:
    """Render the seeded training and test subsamples of one split as uint8 images with normalised targets."""
    s = make_split(space, split, seed=seed)
    tr, te = subsample(s, n_train=n_train, n_test=n_test, seed=seed)

    def imgs(idx):
        chunks = np.array_split(idx, max(1, len(idx) // 4000))
        return np.concatenate([(space.render(c) * 255).round().astype(np.uint8) for c in chunks])

    return SplitData(
        space,
        split,
        tr,
        te,
        imgs(tr),
        space.normalise(space.index_to_factors(tr)),
        imgs(te),
        space.normalise(space.index_to_factors(te)),
    )
