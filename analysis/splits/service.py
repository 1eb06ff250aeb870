"""The Compositional splits view's service: the zoo's recorded scores, its models per split, and their live
re-evaluation on the subsample they were scored on at training (the page and the CLI both call it)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from torch import nn

from analysis.splits.scores import SplitEvaluation, evaluate_split, scores_frame
from errors import InputError
from models.zoo import list_zoo, load_model

Loader = Callable[[str], nn.Module]  # zoo name -> eval-mode module


def zoo_loader(zoo=None) -> Loader:
    return lambda name: load_model(name, zoo)[1]


def zoo_scores(zoo=None) -> pd.DataFrame:
    """Recorded R² of every splits model in the zoo (see `scores_frame`)."""
    return scores_frame(list_zoo(zoo)[0])


def split_rows(frame: pd.DataFrame, dataset: str, split: str) -> pd.DataFrame:
    rows = frame[(frame.dataset == dataset) & (frame.split == split)] if not frame.empty else frame
    if rows.empty:
        raise InputError(
            f"the zoo has no splits models for {dataset!r} / {split!r}; train them with `python -m models.train splits`"
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


def headline(frame: pd.DataFrame, load: Loader) -> list[dict]:
    """The CLI's rows: one per model, from a live evaluation."""
    rows = []
    for (dataset, split), group in frame.groupby(["dataset", "split"], sort=False):
        evals = {e.model: e for e in evaluate_zoo_split(frame, dataset, split, load)}
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
                }
            )
    return rows
