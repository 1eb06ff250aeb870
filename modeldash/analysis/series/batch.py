"""`python -m modeldash precompute series`: each bundled dataset's scored report at each training budget."""

from __future__ import annotations

from pathlib import Path


def units(s) -> list[str]:
    from modeldash.analysis.series.service import zoo_budgets, zoo_datasets

    return [f"{name}@{b}" for name in zoo_datasets(s.zoo) for b in zoo_budgets(name, s.zoo)]


def compute(what: str, s):
    from modeldash.analysis.series.service import stored_report

    name, budget = what.split("@")
    return stored_report(name, s.zoo, folder=Path(s.folder), seed=s.seed, budget=budget)[1]
