"""A DIVA task: frozen CNN features of the examples to weight (with seeded label noise) and a clean test set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from modeldash.data.diva_digits import N_CLASSES, flip_labels, load_digits, split_digits
from modeldash.data.diva_features import FeatureSet
from modeldash.errors import InputError

if TYPE_CHECKING:  # imported where used: a report read back from the results store needs no PyTorch
    from torch import nn


@dataclass(frozen=True)
class DivaTask:
    """Everything the DIVA analysis needs, as numpy. Features carry a trailing constant 1 (the bias)."""

    name: str
    features: np.ndarray  # (n, d+1) train features z, scaled to unit mean squared norm
    labels: np.ndarray  # (n,) given labels, some flipped
    true_labels: np.ndarray  # (n,)
    flipped: np.ndarray  # (n,) bool
    images: np.ndarray  # (n, H, W) for the gallery
    example_ids: np.ndarray  # (n,) index into the source dataset
    test_features: np.ndarray  # (m, d+1)
    test_labels: np.ndarray  # (m,) clean
    n_classes: int
    noise_rate: float
    seed: int

    def __post_init__(self):
        n = len(self.labels)
        for k in ("true_labels", "flipped", "images", "example_ids", "features"):
            if len(getattr(self, k)) != n:
                raise ValueError(f"DivaTask.{k} has {len(getattr(self, k))} rows, labels have {n}")
        if len(self.test_features) != len(self.test_labels):
            raise ValueError("DivaTask test features and labels differ in length")


def embed(model: nn.Module, images: np.ndarray, *, batch_size: int = 512) -> np.ndarray:
    """Penultimate features of `model` (which must have `.features`) for (N, H, W) images -> (N, F) float64."""
    if not hasattr(model, "features"):
        raise InputError(f"{type(model).__name__} has no .features(x) method; DIVA needs a feature extractor")
    import torch

    out = []
    with torch.no_grad():
        for i in range(0, len(images), batch_size):
            out.append(model.features(torch.from_numpy(images[i : i + batch_size])).double())
    z = torch.cat(out).numpy()
    if not np.isfinite(z).all():
        raise InputError("the model produced NaN or infinite features on these images")
    return z


def digits_task(model: nn.Module, *, noise_rate: float = 0.2, seed: int = 0, split_seed: int = 0) -> DivaTask:
    """sklearn digits: weight the `train` split (labels flipped at `noise_rate`, by `seed`), test on `test`.

    The CNN was trained on the disjoint `pretrain` split, so its features have not seen these labels."""
    images, labels = load_digits()
    cfg_size = getattr(getattr(model, "cfg", None), "image_size", 8)
    if cfg_size != images.shape[1]:
        raise InputError(f"this model expects {cfg_size}x{cfg_size} images; the digits task has 8x8")
    split = split_digits(len(labels), seed=split_seed)
    z = embed(model, images)
    z = z / np.sqrt((z[split.pretrain] ** 2).sum(1).mean() + 1e-12)  # so lam has the same meaning per model
    z = np.hstack([z, np.ones((len(z), 1))])
    noisy, flipped = flip_labels(labels[split.train], noise_rate, n_classes=N_CLASSES, seed=seed)
    return DivaTask(
        name="digits",
        features=z[split.train],
        labels=noisy,
        true_labels=labels[split.train],
        flipped=flipped,
        images=images[split.train],
        example_ids=split.train,
        test_features=z[split.test],
        test_labels=labels[split.test],
        n_classes=N_CLASSES,
        noise_rate=noise_rate,
        seed=seed,
    )


def features_task(fs: FeatureSet, *, noise_rate: float = 0.0, seed: int = 0, split_seed: int = 0) -> DivaTask:
    """A researcher's own features (data.diva_features): weight the training rows, test on the test rows (their
    `split`, else a seeded 75/25 split). Labels may be flipped here at `noise_rate` (by `seed`) on top of those
    given; a label is known wrong where it differs from `clean_labels` (when given, else from the given labels),
    and the test set is scored on the clean labels when given."""
    n = len(fs.labels)
    if fs.is_test is not None:
        test = np.flatnonzero(fs.is_test)
        train = np.flatnonzero(~fs.is_test)
    else:
        perm = np.random.default_rng(split_seed).permutation(n)
        cut = int(round(0.75 * n))
        train, test = np.sort(perm[:cut]), np.sort(perm[cut:])
    true = fs.clean_labels if fs.clean_labels is not None else fs.labels
    n_classes = int(max(fs.labels.max(), true.max())) + 1
    z = fs.features / np.sqrt((fs.features[train] ** 2).sum(1).mean() + 1e-12)  # lam means the same per file
    z = np.hstack([z, np.ones((n, 1))])
    noisy, _ = flip_labels(fs.labels[train], noise_rate, n_classes=n_classes, seed=seed)
    images = fs.images[train] if fs.images is not None else np.zeros((len(train), 0, 0))
    return DivaTask(
        name=fs.name,
        features=z[train],
        labels=noisy,
        true_labels=true[train],
        flipped=noisy != true[train],  # wrong as given, or flipped here (a flip may land on the clean class)
        images=images,
        example_ids=train,
        test_features=z[test],
        test_labels=true[test],
        n_classes=n_classes,
        noise_rate=noise_rate,
        seed=seed,
    )
