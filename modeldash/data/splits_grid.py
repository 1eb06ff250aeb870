"""The four splits of Schott et al. (ICLR 2022) over a factor grid: random, composition, interpolation,
extrapolation. They are computed on the full grid; training on a CPU then uses a seeded subsample.

The benchmark (bethgelab/InDomainGeneralizationBenchmark) ships its splits as files; the rules here are
ours, chosen to match its definitions and proportions (about 30% train for random, interpolation and
extrapolation) and stated in `RULES` so the page can show them:
- random: 30% of the grid, uniformly.
- composition: some combinations never appear in training although every value does (the paper's
  example: small hearts and large squares train, large hearts and small squares test; plus a corner of a
  second factor pair).
- interpolation: intermediate values of one factor are held out (every third value and the last are kept).
- extrapolation: values beyond a threshold of one factor are held out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.data.splits_images import SPACES, FactorSpace
from modeldash.errors import InputError

SPLITS = ("random", "composition", "interpolation", "extrapolation")
N_TRAIN, N_TEST = 8000, 4000  # the seeded subsample each split trains on and is scored on


def _col(space: FactorSpace, f: np.ndarray, name: str) -> np.ndarray:
    return f[:, space.factors.index(name)]


def _every_third(k: int) -> np.ndarray:
    keep = np.zeros(k, dtype=bool)
    keep[::3] = True
    keep[-1] = True
    return keep


# split name -> (test-mask rule on factor indices (N, F), text shown in the page, factors the rule uses)
RULES = {
    "dsprites": {
        "composition": (
            lambda s, f: (
                ((_col(s, f, "shape") == 2) & (_col(s, f, "scale") >= 3))
                | ((_col(s, f, "shape") == 0) & (_col(s, f, "scale") <= 2))
                | ((_col(s, f, "x-position") >= 16) & (_col(s, f, "y-position") >= 16))
            ),
            "test: large hearts, small squares, and objects in the lower-right quadrant "
            "(x and y both in their upper half)",
            ("shape", "scale"),
        ),
        "interpolation": (
            lambda s, f: ~_every_third(32)[_col(s, f, "x-position")],
            "train: x-positions 0, 3, 6, …, 30 and 31 (12 of 32); test: the 20 in between",
            ("x-position",),
        ),
        "extrapolation": (
            lambda s, f: _col(s, f, "x-position") >= 10,
            "train: x-positions 0–9 (the left 31%); test: 10–31",
            ("x-position",),
        ),
    },
    "scenes": {
        "composition": (
            lambda s, f: (
                ((_col(s, f, "shape") == 0) & (_col(s, f, "scale") >= 4))
                | ((_col(s, f, "shape") == 2) & (_col(s, f, "scale") <= 3))
                | ((_col(s, f, "floor hue") >= 5) & (_col(s, f, "wall hue") >= 5))
            ),
            "test: large cubes, small spheres, and scenes whose floor and wall hues are both in the upper half",
            ("shape", "scale"),
        ),
        "interpolation": (
            lambda s, f: ~np.isin(_col(s, f, "object hue"), [0, 3, 6, 9]),
            "train: object hues 0, 3, 6, 9 (4 of 10); test: the 6 in between",
            ("object hue",),
        ),
        "extrapolation": (
            lambda s, f: _col(s, f, "scale") >= 3,
            "train: the 3 smallest object scales (37.5%); test: the 5 larger",
            ("scale",),
        ),
    },
}
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
    rule, text, factors = RULES[space.name][name]
    test = rule(space, space.index_to_factors(np.arange(n)))
    return FactorSplit(space, name, np.flatnonzero(~test), np.flatnonzero(test), text, factors)


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
