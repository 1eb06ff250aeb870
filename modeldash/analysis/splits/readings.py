"""The plain-language sentence under the Compositional splits view's R² heatmap."""

from __future__ import annotations

import numpy as np

from modeldash.analysis.splits.scores import KIND_LABELS


def headline(table) -> str:
    """What the R² heatmap (kind × split, test) shows: best and worst split, and each split's best model."""
    means = table.mean(axis=0)
    best, worst = means.idxmax(), means.idxmin()
    parts = [
        f"{split}: {KIND_LABELS.get(table[split].idxmax(), table[split].idxmax())} {table[split].max():.2f}"
        for split in table.columns
    ]
    text = (
        f"Averaged over architectures, test R² is highest on the {best} split ({means[best]:.2f}) and lowest "
        f"on the {worst} split ({means[worst]:.2f}). Best per split — " + "; ".join(parts) + ". "
    )
    neg = int((table < 0).to_numpy().sum())
    if neg:
        text += (
            f"{neg} of {table.size} cells are below 0: there the model does worse than always predicting "
            "the mean factor value. "
        )
    return text + "R² = 1 − MSE / variance over the full factor grid, averaged over factors."


def yours(table, label: str) -> str:
    """A researcher's model beside the zoo's (its row of the R² table), never inside their summary."""
    row = table.loc[label]
    cells = "; ".join(f"{split} {row[split]:.2f}" for split in table.columns)
    return f"Yours, {label}, beside them (not in their summary): test R² {cells}."


def eval_pair(pair) -> str:
    """Two architectures on one split: their R², the factor where they differ most, and the noise verdict."""
    a, b = pair.names
    lo, hi = pair.diff_ci
    j = int(np.abs(pair.r2_per_factor[1] - pair.r2_per_factor[0]).argmax())
    return (
        f"On the {pair.split} split, {a} scores R² {pair.r2[0]:.3f} and {b} {pair.r2[1]:.3f}: {b} "
        f"{'higher' if pair.difference > 0 else 'lower'} by {abs(pair.difference):.3f}, "
        + ("larger than" if pair.beyond_noise else "within")
        + f" the noise of the {pair.n_test} test images (paired bootstrap, 95% [{lo:+.3f}, {hi:+.3f}]). They "
        f"differ most on {pair.factors[j]} ({pair.r2_per_factor[0, j]:.2f} against {pair.r2_per_factor[1, j]:.2f}). "
        "The interval is over test images for one trained model each (seed 0): the seed-to-seed spread is not in "
        "it; over training seeds, see random against extrapolation."
    )


def seed_gaps(gaps) -> str:
    """What the seeds chart shows: per architecture the drop from random to extrapolation, and whether it
    exceeds the seed-to-seed spread (its Welch interval excludes 0)."""
    if not gaps:
        return "No architecture has models on both the random and the extrapolation split."
    n = min(g.n_seeds for g in gaps)
    if n < 2:
        return (
            "One training seed per architecture and split here, so the drop from random to extrapolation has no "
            "interval: train more seeds with `python -m modeldash.models.train splits`."
        )
    parts, beyond, reverse = [], [], []
    for g in gaps:
        d, lo, hi = g.gap
        name = KIND_LABELS.get(g.kind, g.kind)
        parts.append(f"{name} {g.easy_ci[0]:.2f} → {g.hard_ci[0]:.2f} ({d:+.2f}, 95% [{lo:+.2f}, {hi:+.2f}])")
        if lo > 0:
            beyond.append(name)
        elif hi < 0:
            reverse.append(name)
    verdict = (
        "for every architecture the drop is larger than the seed-to-seed spread"
        if len(beyond) == len(gaps)
        else f"the drop is larger than the seed-to-seed spread for {len(beyond)} of {len(gaps)} architectures"
        + (f" ({', '.join(beyond)})" if beyond else "")
    )
    return (
        f"Over {n} training seeds per split, test R² from random to extrapolation: "
        + "; ".join(parts)
        + f". So {verdict}"
        + (f"; {', '.join(reverse)} score higher on extrapolation beyond that spread" if reverse else "")
        + "."
    )


PROVENANCE = (
    "**Rules.** The benchmark (bethgelab/InDomainGeneralizationBenchmark) ships its splits as files and its code "
    "holds no rules, so ours are written to its split figure and its own test: every ordered factor is split at "
    "once and an image is test when any of its factors takes a held-out value; about 30% of a factor's values "
    "are held out (extrapolation: the top 30%, e.g. x-position 22–31 of 32; interpolation: evenly spaced "
    "intermediate values; composition: every factor above its lowest 30%), so random, interpolation and "
    "extrapolation train on about 30% of the grid (31.5% on dSprites, 25.7% on scenes), as its test asserts. "
    "Shape (categorical) is in training and test alike, as there, and we leave orientation whole (an angle has "
    "no range to extrapolate beyond), a choice of ours the benchmark's files may not share.\n\n"
    '**Data.** The dSprites grid is dSprites\' factor grid rendered by us; our "scenes" are flat 2-D pictures '
    "rendered by us on Shapes3D's factor grid, not Shapes3D's 3-D renders. No leaderboard row is exactly "
    "comparable: the leaderboard ranks R² on extrapolation for Shapes3D, MPI3D and dSprites from the real "
    "images, with other architectures, full training sets and far longer training; read our numbers as the "
    "same experiment on a smaller scale, and compare orderings (random above extrapolation), not digits."
)
