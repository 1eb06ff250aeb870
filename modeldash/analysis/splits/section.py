"""The Compositional splits view's section of the offline report (analysis/report.py), and its `--compare`."""

from __future__ import annotations

import pandas as pd

from modeldash.analysis.report import Section, model_rows
from modeldash.errors import InputError


def section(
    zoo=None, folder=None, *, dataset: str | None = None, kind_a: str | None = None, kind_b: str | None = None
) -> Section:
    """The R² table of a dataset; with `kind_a` and `kind_b`, the two architectures side by side on every split
    (paired bootstrap over the same test images, from the stored evaluations)."""
    from modeldash.analysis.splits import plots, readings
    from modeldash.analysis.splits.scores import r2_table
    from modeldash.analysis.splits.seeds import seed_gaps
    from modeldash.analysis.splits.service import first_seeds, seed_scores

    every_seed = seed_scores(zoo)
    frame = first_seeds(every_seed)
    dataset = dataset or sorted(set(frame.dataset))[0]
    table = r2_table(frame, dataset, "r2")
    names = list(frame[frame.dataset == dataset].model)
    figures = [plots.r2_heatmap(table)]
    tables = [(f"R² on test per architecture and split ({dataset})", table.round(3).reset_index())]
    reading, settings = readings.headline(table), {"dataset": dataset}
    gaps = seed_gaps(every_seed, dataset)
    if gaps:
        figures.append(plots.seed_gaps_chart(gaps))
        tables.append((f"Random against extrapolation over training seeds ({dataset})", plots.seed_gaps_table(gaps)))
        reading += " " + readings.seed_gaps(gaps)
    if kind_a and kind_b:
        from modeldash.analysis.splits.compare import eval_pair
        from modeldash.analysis.splits.service import stored_evaluation, zoo_loader

        rows, pairs = [], []
        for split in table.columns:
            evals = {
                e.model: e for e in stored_evaluation(frame, dataset, split, zoo_loader(zoo), zoo=zoo, folder=folder)[0]
            }
            pair = eval_pair(evals[kind_a], evals[kind_b], (kind_a, kind_b))
            pairs.append(pair)
            rows.append(
                {
                    "split": split,
                    f"R² {kind_a}": pair.r2[0],
                    f"R² {kind_b}": pair.r2[1],
                    "B − A": pair.difference,
                    "95% low": pair.diff_ci[0],
                    "95% high": pair.diff_ci[1],
                    "beyond noise": pair.beyond_noise,
                }
            )
        tables.append(
            (f"Side by side: {kind_b} against {kind_a} on each split (paired over test images)", pd.DataFrame(rows))
        )
        widest = max(pairs, key=lambda p: abs(p.difference))
        figures.append(plots.pair_factor_bars(widest))
        reading += " Side by side, where they differ most: " + readings.eval_pair(widest)
        settings |= {"architecture A": kind_a, "architecture B": kind_b}
    return Section(
        "splits",
        reading,
        tuple(figures),
        tuple(tables),
        model_rows(names, zoo),
        settings,
        "R² as recorded in each model's manifest when it was trained (the page re-evaluates them live)"
        + ("; the side-by-side comparison from the stored evaluations." if kind_a and kind_b else "."),
    )


def compare_option(what: str) -> dict:
    """`--compare splits=KIND_A,KIND_B`: two architectures on every split."""
    kinds = what.split(",")
    if len(kinds) != 2:
        raise InputError(f"--compare splits=KIND_A,KIND_B, got {what[:60]!r}")
    return {"kind_a": kinds[0], "kind_b": kinds[1]}
