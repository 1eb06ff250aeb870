"""`python -m modeldash precompute splits`: every dataset × split's evaluation of the zoo's architectures."""

from __future__ import annotations

from pathlib import Path


def units(s) -> list[str]:
    from modeldash.analysis.splits.service import zoo_scores

    pairs = zoo_scores(s.zoo)[["dataset", "split"]].drop_duplicates().itertuples(index=False)
    return [f"{d}/{sp}" for d, sp in pairs]


def compute(what: str, s):
    from modeldash.analysis.splits.service import stored_evaluation, zoo_loader, zoo_scores

    dataset, split = what.split("/")
    frame = zoo_scores(s.zoo)
    return stored_evaluation(frame, dataset, split, zoo_loader(s.zoo), zoo=s.zoo, folder=Path(s.folder))[1]
