"""Compositional splits (Schott et al., ICLR 2022): R² per model × split, the split drawn over two factors,
where in factor space the error lives, worst test examples, and predictions on an image you compose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from modeldash.data.splits_grid import N_TEST, N_TRAIN, SPLITS, FactorSplit, make_split, render_split
from modeldash.data.splits_images import SPACES, FactorSpace
from modeldash.errors import InputError
from modeldash.models.splits_config import FACTOR_KINDS as KINDS
from modeldash.models.zoo import Manifest

if TYPE_CHECKING:  # PyTorch is imported where a model runs: a stored evaluation needs none
    from modeldash.models.splits_nets import FactorNet

KIND_LABELS = {"mlp": "MLP", "cnn": "CNN", "resnet": "ResNet", "vae": "β-VAE + readout"}


def _key(factor: str) -> str:
    return "r2_" + factor.replace(" ", "_").replace("-", "_")


def scores_frame(manifests: list[Manifest]) -> pd.DataFrame:
    """One row per zoo model of the splits task: model, seed, kind, dataset, split, r2 (test mean), r2_train,
    one column per factor (test), r2_ordinal (test mean without categorical factors), n_train, n_test."""
    rows = []
    for m in manifests:
        if m.task != "splits" or m.architecture == "onnx":  # a lab's ONNX model has no recorded scores: see
            continue  # service.evaluate_everywhere
        space = SPACES.get(m.dataset.get("name"))
        if space is None:
            continue
        per = {f: m.metrics.get(_key(f), float("nan")) for f in space.factors}
        ordinal = [v for f, v in per.items() if f not in space.categorical]
        rows.append(
            {
                "model": m.name,
                "seed": int(m.seed or 0),
                "kind": m.config.get("kind"),
                "architecture": m.architecture,
                "dataset": space.name,
                "split": m.dataset.get("split"),
                "r2": m.metrics.get("r2_test"),
                "r2_train": m.metrics.get("r2_train"),
                "r2_ordinal": float(np.mean(ordinal)),
                "r2_per_factor": per,
                "n_train": m.dataset.get("n_train"),
                "n_test": m.dataset.get("n_test"),
            }
        )
    return pd.DataFrame(rows)


def r2_table(frame: pd.DataFrame, dataset: str, value: str = "r2") -> pd.DataFrame:
    """Pivot kind × split of `value` ('r2', 'r2_train', 'gap' = train − test, 'r2_ordinal')."""
    f = frame[frame.dataset == dataset].copy()
    if f.empty:
        raise InputError(f"no splits models for dataset {dataset!r} in the zoo")
    f["gap"] = f["r2_train"] - f["r2"]
    t = f.pivot_table(index="kind", columns="split", values=value)
    order = [k for k in KINDS if k in t.index] + [k for k in t.index if k not in KINDS]  # a researcher's last
    return t.reindex(index=order, columns=[s for s in SPLITS if s in t.columns])


@dataclass(frozen=True)
class SplitEvaluation:
    """One model's predictions on the rendered test subsample of one split."""

    space: FactorSpace
    split: str
    model: str
    test_idx: np.ndarray  # (N,) grid indices
    pred: np.ndarray  # (N, F) normalised
    target: np.ndarray  # (N, F)
    r2_per_factor: np.ndarray  # (F,) test
    r2_train_per_factor: np.ndarray

    @property
    def r2(self) -> float:
        return float(self.r2_per_factor.mean())

    def sq_error(self) -> np.ndarray:
        """Squared error per example, averaged over factors after dividing by each factor's grid variance
        (so every factor weighs as in R²), (N,)."""
        return (((self.pred - self.target) ** 2) / self.space.grid_variance()).mean(axis=1)


def evaluate_split(
    models: dict[str, FactorNet], space: FactorSpace | str, split: str, *, n_train: int = N_TRAIN, n_test: int = N_TEST
) -> list[SplitEvaluation]:
    """Render the split's seeded subsample once (as in training) and evaluate every model on it."""
    from modeldash.models.splits_nets import predict

    space = SPACES[space] if isinstance(space, str) else space
    data = render_split(space, split, n_train=n_train, n_test=n_test)
    out = []
    for name, model in models.items():
        if model.cfg.channels != space.channels or model.cfg.n_factors != len(space.factors):
            raise InputError(
                f"model {name} expects {model.cfg.channels}-channel images and "
                f"{model.cfg.n_factors} factors; {space.name} has {space.channels} and "
                f"{len(space.factors)}"
            )
        pred = predict(model, data.x_test)
        r2_train = space.r_squared(predict(model, data.x_train), data.y_train)
        out.append(
            SplitEvaluation(
                space, split, name, data.test_idx, pred, data.y_test, space.r_squared(pred, data.y_test), r2_train
            )
        )
    return out


@dataclass(frozen=True)
class SplitPicture:
    """A split seen through two factors: for every value pair, the share of grid images that are training."""

    fx: str
    fy: str
    values_x: np.ndarray  # (Kx,)
    values_y: np.ndarray  # (Ky,)
    train_share: np.ndarray  # (Ky, Kx) in [0, 1]
    rule: str


def _by_pair(
    space: FactorSpace, idx: np.ndarray, fx: str, fy: str, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sums of `weights` (default 1) and counts of grid images `idx` per (fy, fx) value pair, (Ky, Kx) each."""
    if fx not in space.factors or fy not in space.factors or fx == fy:
        raise InputError(f"choose two different factors of {space.name}: {', '.join(space.factors)}")
    jx, jy = space.factors.index(fx), space.factors.index(fy)
    f = space.index_to_factors(idx)
    shape = (space.sizes[jy], space.sizes[jx])
    sums, counts = np.zeros(shape), np.zeros(shape)
    np.add.at(sums, (f[:, jy], f[:, jx]), 1.0 if weights is None else weights)
    np.add.at(counts, (f[:, jy], f[:, jx]), 1.0)
    return sums, counts


def split_picture(split: FactorSplit, fx: str, fy: str) -> SplitPicture:
    """Exact over the full grid: the share of each (fx, fy) value pair's images that are training."""
    sp = split.space
    train, _ = _by_pair(sp, split.train, fx, fy)
    ky, kx = train.shape
    total = sp.n_images / (kx * ky)  # every pair occurs equally often on the grid
    return SplitPicture(fx, fy, np.arange(kx), np.arange(ky), train / total, split.rule)


@dataclass(frozen=True)
class ErrorMap:
    """Mean normalised squared error of one model over the test examples, per (fx, fy) value pair."""

    fx: str
    fy: str
    error: np.ndarray  # (Ky, Kx), NaN where no test example has that pair
    count: np.ndarray  # (Ky, Kx)
    model: str
    split: str


def error_map(ev: SplitEvaluation, fx: str, fy: str) -> ErrorMap:
    s, n = _by_pair(ev.space, ev.test_idx, fx, fy, ev.sq_error())
    with np.errstate(invalid="ignore", divide="ignore"):
        err = np.where(n > 0, s / n, np.nan)
    return ErrorMap(fx, fy, err, n, ev.model, ev.split)


def worst_examples(ev: SplitEvaluation, k: int = 12) -> pd.DataFrame:
    """The k test examples with the largest error: grid index, true and predicted factor values (in value
    indices, i.e. normalised × (K − 1)), error."""
    err = ev.sq_error()
    order = np.argsort(-err)[:k]
    scale = np.array(ev.space.sizes) - 1
    rows = []
    for i in order:
        rows.append(
            {
                "index": int(ev.test_idx[i]),
                "error": float(err[i]),
                **{f"true {f}": float(ev.target[i, j] * scale[j]) for j, f in enumerate(ev.space.factors)},
                **{f"pred {f}": float(ev.pred[i, j] * scale[j]) for j, f in enumerate(ev.space.factors)},
            }
        )
    return pd.DataFrame(rows)


def predict_composed(
    models: dict[str, FactorNet], space: FactorSpace, values: dict[str, int]
) -> tuple[np.ndarray, pd.DataFrame]:
    """Render the image with the given factor value indices; every model's prediction (value indices)."""
    from modeldash.models.splits_nets import predict

    missing = [f for f in space.factors if f not in values]
    if missing:
        raise InputError(f"give a value for {', '.join(missing)}")
    f = np.array([[values[n] for n in space.factors]])
    idx = space.factors_to_index(f)
    img = space.render(idx)  # (1, C, 64, 64)
    scale = np.array(space.sizes) - 1
    rows = [
        {"model": name, **{n: float(v) for n, v in zip(space.factors, predict(m, img)[0] * scale)}}
        for name, m in models.items()
    ]
    return img[0], pd.DataFrame([{"model": "true", **{n: float(values[n]) for n in space.factors}}] + rows)


def splits_for(space: str) -> dict[str, FactorSplit]:
    return {s: make_split(space, s) for s in SPLITS}
