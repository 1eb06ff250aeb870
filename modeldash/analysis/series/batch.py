"""`python -m modeldash precompute series`: each bundled dataset's scored report at each training budget."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.precompute import FILE, files_for


def units(s) -> list[str]:
    if s.data:  # a researcher's files instead of the bundled datasets
        return [FILE + p for p in files_for("series", s)]
    from modeldash.analysis.series.service import zoo_budgets, zoo_datasets

    return [f"{name}@{b}" for name in zoo_datasets(s.zoo) for b in zoo_budgets(name, s.zoo)]


def compute(what: str, s):
    if what.startswith(FILE):
        from modeldash.analysis.series.service import stored_file_report

        path = what[len(FILE) :]
        raw = Path(path).read_bytes()
        return stored_file_report(raw, Path(path).stem, folder=Path(s.folder), seed=s.seed)[1]
    from modeldash.analysis.series.service import stored_report

    name, budget = what.split("@")
    return stored_report(name, s.zoo, folder=Path(s.folder), seed=s.seed, budget=budget)[1]
