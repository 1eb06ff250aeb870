"""The Compositional splits view's service: the zoo's recorded scores, its models per split, and their live
re-evaluation on the subsample they were scored on at training (the page and the CLI both call it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from modeldash.analysis import store
from modeldash.analysis.splits.scores import SplitEvaluation, evaluate_split, scores_frame
from modeldash.errors import InputError
from modeldash.models.zoo import code_version, list_zoo, load_model, zoo_dir

if TYPE_CHECKING:  # models (PyTorch) load only when an evaluation is not in the store
    from torch import nn

Loader = Callable[[str], "nn.Module"]  # zoo name -> eval-mode module
STORE_VERSION = 1  # bump when the evaluation changes: stored evaluations are then recomputed
RENDERERS = ("data/splits_images.py", "data/splits_grid.py")  # the images are the renderers' output: key on them


def zoo_loader(zoo=None) -> Loader:
    return lambda name: load_model(name, zoo)[1]


def zoo_scores(zoo=None) -> pd.DataFrame:
    """Recorded R² of the zoo's splits models the page shows — each kind's first training seed per split (see
    `scores_frame`); `seed_scores` has every seed."""
    return first_seeds(seed_scores(zoo))


def first_seeds(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of each (dataset, split, kind)'s first training seed: the models the page shows."""
    if frame.empty:
        return frame
    first = frame.groupby(["dataset", "split", "kind"], sort=False)["seed"].transform("min")
    return frame[frame.seed == first].reset_index(drop=True)


def seed_scores(zoo=None) -> pd.DataFrame:
    """Recorded R² of every splits model in the zoo, every training seed (see `scores_frame`)."""
    return scores_frame(list_zoo(zoo)[0])


def split_rows(frame: pd.DataFrame, dataset: str, split: str) -> pd.DataFrame:
    rows = frame[(frame.dataset == dataset) & (frame.split == split)] if not frame.empty else frame
    if rows.empty:
        raise InputError(
            f"the zoo has no splits models for {dataset!r} / {split!r}; train them with `python -m modeldash.models.train splits`"
        )
    return rows


def split_models(frame: pd.DataFrame, dataset: str, split: str, load: Loader) -> dict[str, nn.Module]:
    """{kind: module} of the zoo's models for one dataset and split."""
    return {r.kind: load(r.model) for r in split_rows(frame, dataset, split).itertuples()}


def evaluate_zoo_split(frame: pd.DataFrame, dataset: str, split: str, load: Loader) -> tuple[SplitEvaluation, ...]:
    """Every kind re-evaluated on the subsample it was scored on at training, so the two agree."""
    first = split_rows(frame, dataset, split).iloc[0]
    return tuple(
        evaluate_split(
            split_models(frame, dataset, split, load),
            dataset,
            split,
            n_train=int(first.n_train),
            n_test=int(first.n_test),
        )
    )


def evaluation_key(frame: pd.DataFrame, dataset: str, split: str, zoo=None) -> str:
    """The store key of one split's evaluation: the models' weights, the renderers' code, the subsample sizes."""
    rows = split_rows(frame, dataset, split)
    models = {r.kind: store.digest((zoo_dir(zoo) / f"{r.model}.safetensors").read_bytes()) for r in rows.itertuples()}
    root = Path(__file__).resolve().parents[2]
    data = store.digest(dataset.encode(), *((root / f).read_bytes() for f in RENDERERS))
    first = rows.iloc[0]
    settings = {"split": split, "n_train": int(first.n_train), "n_test": int(first.n_test)}
    return store.result_key("splits", STORE_VERSION, models=models, data=data, settings=settings)


def stored_evaluation(
    frame: pd.DataFrame, dataset: str, split: str, load: Loader, *, zoo=None, folder: Path | None = None
) -> tuple[tuple[SplitEvaluation, ...], store.Provenance]:
    """`evaluate_zoo_split`, from the results store when the same models were evaluated before."""
    return store.fetch(
        folder,
        evaluation_key(frame, dataset, split, zoo),
        lambda: evaluate_zoo_split(frame, dataset, split, load),
        code_version=code_version(),
    )


def headline(frame: pd.DataFrame, load: Loader, *, zoo=None, folder: Path | None = None) -> list[dict]:
    """The CLI's rows: one per model, from the results store as the page reads them (`folder`), else evaluated
    live (and written there); `origin` says which."""
    rows = []
    for (dataset, split), group in frame.groupby(["dataset", "split"], sort=False):
        got, prov = stored_evaluation(frame, dataset, split, load, zoo=zoo, folder=folder)
        evals = {e.model: e for e in got}
        for r in group.itertuples():
            ev = evals[r.kind]
            rows.append(
                {
                    "model": r.model,
                    "architecture": f"{r.architecture}/{r.kind}",
                    "dataset": dataset,
                    "split": split,
                    "r2": ev.r2,
                    "r2_train": float(ev.r2_train_per_factor.mean()),
                    "r2_per_factor": dict(zip(ev.space.factors, map(float, ev.r2_per_factor))),
                    "n_train": int(r.n_train),
                    "n_test": int(r.n_test),
                    "origin": prov.origin,
                }
            )
    return rows


def evaluate_everywhere(
    model, label: str, dataset: str, frame: pd.DataFrame
) -> tuple[tuple[SplitEvaluation, ...], pd.DataFrame]:
    """A researcher's regressor on every split of `dataset`, on the same test subsamples as the zoo's models:
    (its evaluations, the zoo's frame with its rows added under `label`)."""
    from modeldash.data.splits_grid import SPLITS
    from modeldash.data.splits_images import SPACES

    space = SPACES[dataset]
    evals, rows = [], []
    for split in SPLITS:
        first = split_rows(frame, dataset, split).iloc[0]
        (ev,) = evaluate_split({label: model}, dataset, split, n_train=int(first.n_train), n_test=int(first.n_test))
        evals.append(ev)
        per = dict(zip(space.factors, map(float, ev.r2_per_factor)))
        ordinal = [v for f, v in per.items() if f not in space.categorical]
        rows.append(
            {
                "model": label,
                "kind": label,
                "architecture": "onnx",
                "dataset": dataset,
                "split": split,
                "r2": ev.r2,
                "r2_train": float(ev.r2_train_per_factor.mean()),
                "r2_ordinal": float(sum(ordinal) / len(ordinal)),
                "r2_per_factor": per,
                "n_train": int(first.n_train),
                "n_test": int(first.n_test),
            }
        )
    return tuple(evals), pd.concat([frame, pd.DataFrame(rows)], ignore_index=True)
