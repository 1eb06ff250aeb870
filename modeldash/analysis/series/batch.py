"""`python -m modeldash precompute series`: each bundled dataset's scored report at each training budget; with
`--curve`, also the learning curve's units (`curve:<dataset>:<variant>:<seed>`: one generator trained at each
multiple of the demo budget and scored; analysis/series/curve.py)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.precompute import FILE, files_for

CURVE = "curve:"


def add_options(p) -> None:
    """precompute's options for this view."""
    p.add_argument(
        "--curve",
        action="store_true",
        help="series: also PSA-GAN's learning curve (every variant at 2 GAN seeds and 4 budgets; about 40 minutes on "
        "2 cores)",
    )


def units(s) -> list[str]:
    if s.data:  # a researcher's files instead of the bundled datasets
        return [FILE + p for p in files_for("series", s)]
    from modeldash.analysis.series.service import zoo_budgets, zoo_datasets

    out = [f"{name}@{b}" for name in zoo_datasets(s.zoo) for b in zoo_budgets(name, s.zoo)]
    if s.option("curve"):
        from modeldash.analysis.series.curve import CURVE_SEEDS
        from modeldash.models.series_psagan_fit import VARIANTS

        out += [f"{CURVE}{n}:{v}:{k}" for n in zoo_datasets(s.zoo) for v in VARIANTS for k in range(CURVE_SEEDS)]
    return out


def compute(what: str, s):
    if what.startswith(CURVE):
        from modeldash.analysis.series.service import stored_curve_unit

        name, variant, seed = what[len(CURVE) :].split(":")
        return stored_curve_unit(name, variant, int(seed), s.zoo, folder=Path(s.folder))[1]
    if what.startswith(FILE):
        from modeldash.analysis.series.service import stored_file_report

        path = what[len(FILE) :]
        raw = Path(path).read_bytes()
        return stored_file_report(raw, Path(path).stem, folder=Path(s.folder), seed=s.seed)[1]
    from modeldash.analysis.series.service import stored_report

    name, budget = what.split("@")
    return stored_report(name, s.zoo, folder=Path(s.folder), seed=s.seed, budget=budget)[1]
